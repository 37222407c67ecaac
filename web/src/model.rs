//! The app's state as one `Reducible` value: the language, the instructor's settings, the screen
//! and the run (scenario + seed + events, folded by zeren-core). `reduce` stays pure: storage
//! and timers live in effects (app.rs).

use std::rc::Rc;

use yew::Reducible;
use zeren_core::engine::{EngineError, Event, Session, State, encode_steps};
use zeren_core::verdict::Text;
use zeren_core::{Lang, Scenario, Settings};

/// The longest group or trainee name kept with a run.
pub const MAX_LABEL_CHARS: usize = 60;

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

/// Where a run's scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in scenario, by id.
    Builtin(String),
    /// A file the instructor opened, with its text (kept so the run can be saved and resumed).
    File {
        /// The file name.
        name: String,
        /// Its text.
        text: String,
    },
}

/// A run: a scenario, a seed and the events so far, with the state they fold to.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Where it came from.
    pub source: Source,
    /// The seed.
    pub seed: u64,
    /// The events so far.
    pub events: Vec<Event>,
    /// The state they fold to.
    pub state: State,
    /// The group's or trainee's name, entered at the briefing (empty when none was given).
    pub label: String,
}

impl Run {
    /// A run at the start of `scenario`.
    pub fn new(scenario: Rc<Scenario>, source: Source, seed: u64) -> Run {
        let state = State::start(&scenario, seed);
        Run {
            scenario,
            source,
            seed,
            events: Vec::new(),
            state,
            label: String::new(),
        }
    }

    /// Replays events; the first that no longer applies is reported with its position.
    pub fn replay(scenario: Rc<Scenario>, source: Source, seed: u64, events: &[Event]) -> Result<Run, Text> {
        let session = Session::replay(&scenario, seed, events).map_err(|(n, e)| {
            let (n, e) = (n + 1, e.text());
            Text::new(format!("第 {n} 步：{}", e.zh), format!("{n}: {}", e.en))
        })?;
        let state = session.state().clone();
        Ok(Run {
            source,
            seed,
            events: events.to_vec(),
            state,
            scenario,
            label: String::new(),
        })
    }

    /// This run with one more event, or why it cannot be applied.
    pub fn with(&self, event: Event) -> Result<Run, EngineError> {
        let state = self.state.apply(&self.scenario, &event)?;
        let mut events = self.events.clone();
        events.push(event);
        Ok(Run {
            state,
            events,
            ..self.clone()
        })
    }

    /// The run link's hash for a built-in scenario (`None` for a file: its text is not in links).
    pub fn link(&self) -> Option<String> {
        match &self.source {
            Source::Builtin(id) => {
                let mut hash = format!("#run={id}&seed={}&steps={}", self.seed, encode_steps(&self.events));
                if !self.label.is_empty() {
                    let label = js_sys::encode_uri_component(&self.label);
                    hash.push_str(&format!("&label={label}"));
                }
                Some(hash)
            }
            Source::File { .. } => None,
        }
    }
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
    /// Blind play and the PIN.
    pub room: Room,
    /// Whether the instructor's controls are unlocked (always, when no PIN is set).
    pub unlocked: bool,
}

impl Model {
    /// Whether the instructor's controls are shown: no PIN is set, or it was entered.
    pub fn instructor(&self) -> bool {
        self.room.pin.is_none() || self.unlocked
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
            editor: String::new(),
            seed: 1,
            kept: 0,
            room: Room::default(),
            unlocked: false,
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
    /// Replace the classroom settings (blind play, PIN).
    Room(Room),
    /// Try a PIN: a right one unlocks the instructor's controls.
    Unlock(String),
    /// Lock the instructor's controls again.
    Lock,
    /// Set the current run's group or trainee name.
    Label(String),
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Action::Lang(lang) => m.lang = lang,
            Action::Show(screen) => m.screen = screen,
            Action::OpenSettings if !m.instructor() => {}
            Action::Undo | Action::Event(Event::Instructor { .. }) if !m.instructor() => {}
            Action::OpenSettings => {
                if m.screen != Screen::Settings {
                    m.back = m.screen;
                }
                m.screen = Screen::Settings;
            }
            Action::Settings(s) => m.settings = s,
            Action::Start(run) => {
                m.screen = if run.state.ended() {
                    Screen::Debrief
                } else if run.events.is_empty() {
                    Screen::Briefing
                } else {
                    Screen::Play
                };
                m.run = Some(*run);
            }
            Action::Event(event) => {
                if let Some(run) = &m.run {
                    match run.with(event) {
                        Ok(next) => {
                            if next.state.ended() {
                                m.screen = Screen::Debrief;
                            }
                            m.run = Some(next);
                        }
                        Err(e) => m.problem = Some(e.text()),
                    }
                }
            }
            Action::Undo => {
                if let Some(run) = &m.run {
                    let mut events = run.events.clone();
                    events.pop();
                    if let Ok(mut back) = Run::replay(run.scenario.clone(), run.source.clone(), run.seed, &events) {
                        back.label = run.label.clone();
                        m.run = Some(back);
                        m.screen = Screen::Play;
                    }
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
                    run.label = label.chars().take(MAX_LABEL_CHARS).collect();
                }
            }
        }
        Rc::new(m)
    }
}
