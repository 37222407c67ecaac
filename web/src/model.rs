//! The app's state as one `Reducible` value: the language, the instructor's settings, the screen
//! and the run (scenario + seed + events, folded by zeren-core). `reduce` stays pure: storage
//! and timers live in effects (app.rs).

use std::rc::Rc;

use yew::{Callback, Reducible, UseReducerHandle};
use zeren_core::engine::Event;
pub use zeren_core::run::{Run, ScenarioFile, Source};
use zeren_core::verdict::Text;
use zeren_core::{Lang, Settings};

/// Which screen is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The scenario library.
    Library,
    /// The briefing before play.
    Briefing,
    /// Playing.
    Play,
    /// The debrief after an ending.
    Debrief,
    /// Parameters and readings.
    Settings,
    /// The scenario editor.
    Editor,
}

impl Screen {
    /// Every screen.
    pub const ALL: [Screen; 6] = [
        Screen::Library,
        Screen::Briefing,
        Screen::Play,
        Screen::Debrief,
        Screen::Settings,
        Screen::Editor,
    ];

    /// The screen's name in the address (`#/library` …).
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Library => "library",
            Screen::Briefing => "briefing",
            Screen::Play => "play",
            Screen::Debrief => "debrief",
            Screen::Settings => "settings",
            Screen::Editor => "editor",
        }
    }

    /// The screen with this name in the address.
    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Whether the screen shows the current run (and so needs one).
    pub fn shows_run(self) -> bool {
        matches!(self, Screen::Briefing | Screen::Play | Screen::Debrief)
    }
}

/// The run link shown in the address and the debrief: for a built-in scenario only, as a file's
/// text is not in links.
pub fn shown_link(run: &Run) -> Option<String> {
    matches!(run.source, Source::Builtin(_)).then(|| run.link())
}

/// The context every screen reads and dispatches to.
pub type Ctx = UseReducerHandle<Model>;

/// A click handler that dispatches the action `make` builds.
pub fn dispatch<E>(model: &Ctx, make: impl Fn() -> Action + 'static) -> Callback<E> {
    let model = model.clone();
    Callback::from(move |_| model.dispatch(make()))
}

/// The whole app state.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Interface language.
    pub lang: Lang,
    /// The instructor's settings.
    pub settings: Settings,
    /// The screen shown.
    pub screen: Screen,
    /// The screen to go back to from Settings.
    pub back: Screen,
    /// The current run, if any.
    pub run: Option<Run>,
    /// A problem to show at the top (a damaged save, a run link that no longer applies …).
    pub problem: Option<Text>,
    /// The text in the scenario editor.
    pub editor: String,
    /// The seed for the next run started (the library's and the editor's seed field).
    pub seed: u64,
    /// Bumped whenever the history of kept runs changes in storage, so the list is read again.
    pub kept: u32,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            lang: Lang::Zh,
            settings: Settings::default(),
            screen: Screen::Library,
            back: Screen::Library,
            run: None,
            problem: None,
            editor: String::new(),
            seed: 1,
            kept: 0,
        }
    }
}

/// Everything that changes the model.
pub enum Action {
    /// Switch the language.
    Lang(Lang),
    /// Show a screen.
    Show(Screen),
    /// Open the settings, remembering where to return.
    OpenSettings,
    /// Replace the settings.
    Settings(Settings),
    /// Start a run (at the briefing).
    Start(Box<Run>),
    /// Apply an event to the current run.
    Event(Event),
    /// Take back the last event.
    Undo,
    /// Leave the run and go to the library.
    Leave,
    /// Show a problem, or clear it with `None`.
    Problem(Option<Text>),
    /// Replace the editor's text.
    Edit(String),
    /// Set the seed for the next run.
    Seed(u64),
    /// The history of kept runs changed in storage.
    Kept,
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Action::Lang(lang) => m.lang = lang,
            // A screen of a run, with no run (a stale address): the library instead.
            Action::Show(screen) if screen.shows_run() && m.run.is_none() => m.screen = Screen::Library,
            Action::Show(screen) => m.screen = screen,
            Action::OpenSettings => {
                if m.screen != Screen::Settings {
                    m.back = m.screen;
                }
                m.screen = Screen::Settings;
            }
            Action::Settings(s) => {
                // The run in progress is judged under the new settings from now on.
                if let Some(run) = &mut m.run {
                    run.settings = s.clone();
                }
                m.settings = s;
            }
            Action::Start(run) => {
                m.screen = if run.state().ended() {
                    Screen::Debrief
                } else if run.events().is_empty() {
                    Screen::Briefing
                } else {
                    Screen::Play
                };
                // The settings in force are the run's: a run file or link carries its own.
                m.settings = run.settings.clone();
                m.run = Some(*run);
            }
            Action::Event(event) => {
                if let Some(run) = &m.run {
                    match run.with(event) {
                        Ok(next) => {
                            if next.state().ended() {
                                m.screen = Screen::Debrief;
                            }
                            m.run = Some(next);
                        }
                        Err(e) => m.problem = Some(e.text()),
                    }
                }
            }
            Action::Undo => {
                if let Some(run) = &mut m.run
                    && run.undo()
                {
                    m.screen = Screen::Play;
                }
            }
            Action::Leave => {
                m.run = None;
                m.screen = Screen::Library;
            }
            Action::Problem(p) => m.problem = p,
            Action::Edit(text) => m.editor = text,
            Action::Seed(seed) => m.seed = seed,
            Action::Kept => m.kept = m.kept.wrapping_add(1),
        }
        Rc::new(m)
    }
}
