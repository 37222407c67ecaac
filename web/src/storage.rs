//! Browser storage, a thin adapter: the run is saved after every decision and read back at
//! start; a damaged save is reported, never trusted. Everything stays on this device.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use zeren_core::run::RunError;
use zeren_core::verdict::Text;
use zeren_core::{Lang, Settings};

use crate::model::{Room, Run};

const RUN: &str = "zeren.run";
const SETTINGS: &str = "zeren.settings";
const LANG: &str = "zeren.lang";
#[cfg(feature = "instructor")]
const EDITOR: &str = "zeren.editor";
const DAMAGED: &str = "zeren.run.damaged";
const HISTORY: &str = "zeren.history";
const COUNTDOWN: &str = "zeren.countdown";
const ROOM: &str = "zeren.room";
#[cfg(feature = "instructor")]
const CLASS: &str = "zeren.class";
#[cfg(feature = "instructor")]
const HANDED: &str = "zeren.class.handed";
#[cfg(feature = "instructor")]
const LIVE: &str = "zeren.class.live";

/// What this browser keeps under `key`, if it reads as a `T`.
fn stored<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::stored(&LocalStorage::raw(), key)
}

/// The run as the text of a run file (the core's format, which the CLI reads too).
pub fn to_text(run: &Run) -> String {
    run.to_file()
}

/// Reads a run file's text back into a run. The error says what is wrong with it, or, in the
/// trainee's module, that it is a run of a scenario file (`RunError::NeedsReader`), which the
/// whole app opens; never that in the whole app.
pub fn read(text: &str) -> Result<Run, RunError> {
    Run::from_file_with(text, None, crate::json::read)
}

/// Reads a run file's text back into a run; the error says what is wrong with it.
pub fn from_text(text: &str) -> Result<Run, Text> {
    read(text).map_err(|e| e.text())
}

/// Saves the run, or forgets it.
pub fn save_run(run: Option<&Run>) {
    match run {
        Some(r) => {
            let _ = LocalStorage::raw().set_item(RUN, &to_text(r));
        }
        None => LocalStorage::delete(RUN),
    }
}

/// The saved run, if any, and what is wrong with a damaged save, if there is one. A damaged save
/// is moved aside (to `zeren.run.damaged`) so that no later save can overwrite it; it stays there
/// until the user discards it.
pub fn load_run() -> (Option<Run>, Option<Text>) {
    let storage = LocalStorage::raw();
    let mut run = None;
    if let Ok(Some(text)) = storage.get_item(RUN) {
        match read(&text) {
            Ok(r) => run = Some(r),
            // Not damaged: the whole app reads it (the app switches to it at start).
            Err(RunError::NeedsReader(_)) => {}
            Err(_) => {
                // Never overwrite an older damaged save with a newer one: keep the first.
                if damaged_text().is_none() {
                    let _ = storage.set_item(DAMAGED, &text);
                }
                LocalStorage::delete(RUN);
            }
        }
    }
    let damaged = damaged_text().map(|text| from_text(&text).err().unwrap_or_default());
    (run, damaged)
}

/// Whether this browser holds a run: one in progress or a history.
#[cfg(not(feature = "instructor"))]
pub fn holds_runs() -> bool {
    let raw = LocalStorage::raw();
    raw.get_item(RUN).ok().flatten().is_some() || damaged_text().is_some() || !history().is_empty()
}

/// Whether the saved run is one of a scenario file, which only the whole app can read.
#[cfg(not(feature = "instructor"))]
pub fn saved_run_needs_reader() -> bool {
    LocalStorage::raw()
        .get_item(RUN)
        .ok()
        .flatten()
        .is_some_and(|text| matches!(read(&text), Err(RunError::NeedsReader(_))))
}

/// The damaged save's text, kept until the user discards it.
pub fn damaged_text() -> Option<String> {
    LocalStorage::raw().get_item(DAMAGED).ok().flatten()
}

/// Forgets the damaged save (after the user agreed to discard it).
pub fn discard_run() {
    LocalStorage::delete(DAMAGED);
}

/// One run kept in the history: when it was put there (ms since 1970) and its run file.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    /// When it was put in the history, in milliseconds since 1970.
    pub saved: f64,
    /// The run file's text (see [`to_text`]).
    pub run: String,
}

/// The history of runs kept in this browser, oldest first.
pub fn history() -> Vec<Kept> {
    stored(HISTORY).unwrap_or_default()
}

fn save_history(list: &[Kept]) {
    let _ = LocalStorage::set(HISTORY, list);
}

/// Keeps `run` in the history (`false` when there was nothing new to keep). A kept run that
/// `run` continues (the same scenario, seed and first decisions) is replaced by it: nothing it
/// held is lost.
pub fn remember(run: &Run) -> bool {
    if run.events().is_empty() {
        return false;
    }
    let text = to_text(run);
    let mut list = history();
    if list.iter().any(|k| k.run == text) {
        return false;
    }
    list.retain(|k| from_text(&k.run).map_or(true, |old| !run.continues(&old)));
    list.push(Kept {
        saved: js_sys::Date::now(),
        run: text,
    });
    save_history(&list);
    true
}

/// Removes the kept run whose text is `run` (after the user confirmed).
pub fn forget(run: &str) {
    let mut list = history();
    list.retain(|k| k.run != run);
    save_history(&list);
}

/// A countdown's seconds left, saved with the run it belongs to (its scenario, seed and the
/// number of events before the timed decision).
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Countdown {
    /// The scenario's id.
    pub scenario: String,
    /// The run's seed.
    pub seed: u64,
    /// The number of events before the timed decision.
    pub step: usize,
    /// The decision's id.
    pub decision: String,
    /// Seconds left.
    pub left: u32,
    /// Whether the instructor paused it.
    pub paused: bool,
}

/// The saved countdown, if any.
pub fn load_countdown() -> Option<Countdown> {
    stored(COUNTDOWN)
}

/// Saves the countdown.
pub fn save_countdown(c: &Countdown) {
    let _ = LocalStorage::set(COUNTDOWN, c);
}

/// Saved settings, or the defaults.
pub fn load_settings() -> Settings {
    let settings: Settings = stored(SETTINGS).unwrap_or_default();
    // Saved before the settings screen bounded them: the defaults, not values no link can hold.
    match settings.params.above_bound() {
        Some(_) => Settings {
            params: Default::default(),
            ..settings
        },
        None => settings,
    }
}

/// Saves the settings.
pub fn save_settings(s: &Settings) {
    let _ = LocalStorage::set(SETTINGS, s);
}

/// Saved language, Chinese by default.
pub fn load_lang() -> Lang {
    match stored::<String>(LANG).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Saves the language.
pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG, if lang == Lang::En { "en" } else { "zh" });
}

#[cfg(feature = "instructor")]
/// The editor's saved text, if any.
pub fn load_editor() -> Option<String> {
    LocalStorage::raw().get_item(EDITOR).ok().flatten()
}

#[cfg(feature = "instructor")]
/// Saves the editor's text.
pub fn save_editor(text: &str) {
    let _ = LocalStorage::raw().set_item(EDITOR, text);
}

/// The saved classroom settings (blind play, PIN), or none.
pub fn load_room() -> Room {
    stored(ROOM).unwrap_or_default()
}

/// Saves the classroom settings.
pub fn save_room(room: &Room) {
    let _ = LocalStorage::set(ROOM, room);
}

#[cfg(feature = "instructor")]
/// Saves the class (its report and runs, as a class file), or forgets it.
pub fn save_class(class: &Option<std::rc::Rc<crate::class::Class>>) {
    match class {
        Some(c) => {
            let runs: Vec<&Run> = c.members.iter().map(|m| &m.run).collect();
            let text = zeren_core::cohort::report::to_file(&c.report, &runs);
            let _ = LocalStorage::raw().set_item(CLASS, &text);
        }
        None => LocalStorage::delete(CLASS),
    }
}

#[cfg(feature = "instructor")]
/// The saved class, if any (a damaged one is reported in the class itself).
pub fn load_class() -> Option<crate::class::Class> {
    let text = LocalStorage::raw().get_item(CLASS).ok().flatten()?;
    let import = zeren_core::cohort::import::files(&[("zeren.class".to_owned(), text)]);
    Some(crate::class::Class::with(None, import))
}

/// A live class's file handed from the instructor's console to the class screen: kept until the
/// app next starts (the console then opens `#/class`), with the class's join code.
#[cfg(feature = "instructor")]
#[derive(Serialize, Deserialize)]
struct Handed {
    code: String,
    file: String,
}

/// Hands a live class's file (the text the server exports) to the class screen.
#[cfg(feature = "instructor")]
pub fn hand_class(code: &str, file: &str) -> bool {
    let handed = Handed {
        code: code.to_owned(),
        file: file.to_owned(),
    };
    LocalStorage::set(HANDED, &handed).is_ok()
}

/// The class handed over by the console, if any, taken once: all the live class's runs, in place
/// of the class held before. The report typed for the same live class is kept (the hotwash may be
/// opened again after more play); another class's report is not.
#[cfg(feature = "instructor")]
pub fn take_handed_class(current: Option<&crate::class::Class>) -> Option<crate::class::Class> {
    let handed: Handed = stored(HANDED)?;
    LocalStorage::delete(HANDED);
    let name = format!("班级 / class {}", handed.code);
    let import = zeren_core::cohort::import::files(&[(name, handed.file)]);
    let class = crate::class::Class::with(None, import);
    let same = LocalStorage::raw().get_item(LIVE).ok().flatten().as_deref() == Some(handed.code.as_str());
    let _ = LocalStorage::raw().set_item(LIVE, &handed.code);
    Some(match current {
        Some(c) if same => class.reported(c.report.clone()),
        _ => class,
    })
}
