//! The app's state as one `Reducible` value: the language, the instructor's settings, the screen
//! and the run (scenario + seed + events, folded by zeren-core). `reduce` stays pure: storage
//! and timers live in effects (app.rs).

use std::rc::Rc;

use yew::{Callback, Reducible, UseReducerHandle};
use zeren_core::engine::Event;
use zeren_core::limits::MAX_LABEL_CHARS;
pub use zeren_core::run::{Run, ScenarioFile, Source};
use zeren_core::verdict::Text;
use zeren_core::{Lang, Settings};

/// Which screen is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// The presenter view for the projector.
    Presenter,
    /// The room's runs side by side, and the after-action report.
    Cohort,
}

/// The instructor's classroom settings, kept in this browser: blind play and the PIN that locks
/// the instructor's controls. The PIN is a classroom convenience, not security: anyone with the
/// browser's developer tools can read or clear it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Room {
    /// Hide the Article 8 panel and the accountability chart during play (shown in the debrief).
    #[serde(default)]
    pub blind: bool,
    /// The PIN that unlocks the instructor's controls; none means they are always shown.
    #[serde(default)]
    pub pin: Option<String>,
}

impl Screen {
    /// Every screen.
    pub const ALL: [Screen; 8] = [
        Screen::Library,
        Screen::Briefing,
        Screen::Play,
        Screen::Debrief,
        Screen::Settings,
        Screen::Editor,
        Screen::Presenter,
        Screen::Cohort,
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
            Screen::Presenter => "presenter",
            Screen::Cohort => "class",
        }
    }

    /// The screen with this name in the address.
    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Whether only the instructor may open the screen (when a PIN locks the controls).
    pub fn instructor_only(self) -> bool {
        matches!(self, Screen::Settings | Screen::Presenter | Screen::Cohort)
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
    #[cfg(feature = "instructor")]
    pub editor: String,
    /// The seed for the next run started (the library's and the editor's seed field).
    pub seed: u64,
    /// The seed field's text when it is not a seed: no run starts until it is one.
    pub seed_typed: Option<String>,
    /// Bumped whenever the history of kept runs changes in storage, so the list is read again.
    pub kept: u32,
    /// Blind play and the PIN.
    pub room: Room,
    /// Whether the instructor's controls are unlocked (always, when no PIN is set).
    pub unlocked: bool,
    /// The room's runs, imported for comparison and the after-action report.
    #[cfg(feature = "instructor")]
    pub class: Option<Rc<crate::class::Class>>,
}

impl Model {
    /// Whether the instructor's controls are shown: no PIN is set, or it was entered.
    pub fn instructor(&self) -> bool {
        self.room.pin.is_none() || self.unlocked
    }

    /// The seed for the next run, or none while the seed field holds a text that is not one.
    pub fn next_seed(&self) -> Option<u64> {
        self.seed_typed.is_none().then_some(self.seed)
    }

    /// Whether the live verdict is hidden during play.
    pub fn blind(&self) -> bool {
        self.room.blind
    }
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
            #[cfg(feature = "instructor")]
            editor: String::new(),
            seed: 1,
            seed_typed: None,
            kept: 0,
            room: Room::default(),
            unlocked: false,
            #[cfg(feature = "instructor")]
            class: None,
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
    /// Replace the settings (the settings screen, the whole app's).
    #[cfg_attr(not(feature = "instructor"), allow(dead_code))]
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
    #[cfg(feature = "instructor")]
    Edit(String),
    /// A seed field's text: the seed for the next run, or a text that is not one.
    Seed(String),
    /// The history of kept runs changed in storage.
    Kept,
    /// Replace the classroom settings (blind play, PIN; the settings screen, the whole app's).
    #[cfg_attr(not(feature = "instructor"), allow(dead_code))]
    Room(Room),
    /// Try a PIN: a right one unlocks the instructor's controls.
    Unlock(String),
    /// Lock the instructor's controls again.
    Lock,
    /// Set the current run's group or trainee name.
    Label(String),
    /// Replace the room's imported runs and report (or forget them).
    #[cfg(feature = "instructor")]
    Class(Option<Rc<crate::class::Class>>),
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Action::Lang(lang) => m.lang = lang,
            // A screen of a run, with no run (a stale address): the library instead.
            Action::Show(screen) if screen.shows_run() && m.run.is_none() => m.screen = Screen::Library,
            // Locked (an address typed or Back pressed by a trainee): the screen stays.
            Action::Show(screen) if screen.instructor_only() && !m.instructor() => {}
            Action::Show(screen) => m.screen = screen,
            Action::OpenSettings | Action::Settings(_) | Action::Undo | Action::Event(Event::Instructor { .. })
                if !m.instructor() => {}
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
            #[cfg(feature = "instructor")]
            Action::Edit(text) => m.editor = text,
            Action::Seed(text) => match text.trim().parse() {
                Ok(seed) => (m.seed, m.seed_typed) = (seed, None),
                Err(_) => m.seed_typed = Some(text),
            },
            Action::Kept => m.kept = m.kept.wrapping_add(1),
            Action::Room(room) => {
                // Whoever sets or changes the PIN holds the controls until they lock them.
                if room.pin != m.room.pin {
                    m.unlocked = true;
                }
                m.room = room;
            }
            Action::Unlock(pin) => {
                if m.room.pin.as_deref() == Some(pin.trim()) {
                    m.unlocked = true;
                    m.problem = None;
                } else {
                    m.problem = Some(Text::new("PIN 不正确", "Wrong PIN"));
                }
            }
            Action::Lock => {
                m.unlocked = false;
                if m.room.pin.is_some() && m.screen == Screen::Settings {
                    m.screen = m.back;
                }
            }
            Action::Label(label) => {
                if let Some(run) = &mut m.run {
                    let label: String = label.chars().take(MAX_LABEL_CHARS).collect();
                    run.label = (!label.trim().is_empty()).then_some(label);
                }
            }
            #[cfg(feature = "instructor")]
            Action::Class(class) => m.class = class,
        }
        Rc::new(m)
    }
}
