//! Browser storage, a thin adapter: the run is saved after every decision and read back at
//! start; a damaged save is reported, never trusted. Everything stays on this device.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use zeren_core::engine::{Save, SaveError};
use zeren_core::verdict::Text;
use zeren_core::{Lang, Settings, builtin, parse_scenario};

use crate::model::{Room, Run, Source};

const RUN: &str = "zeren.run";
const SETTINGS: &str = "zeren.settings";
const LANG: &str = "zeren.lang";
const EDITOR: &str = "zeren.editor";
const DAMAGED: &str = "zeren.run.damaged";
const HISTORY: &str = "zeren.history";
const COUNTDOWN: &str = "zeren.countdown";
const ROOM: &str = "zeren.room";

/// A run as a file: the save record, plus the scenario's text when it came from a file.
#[derive(Serialize, Deserialize)]
pub struct RunFile {
    /// Scenario id, seed and events.
    pub save: Save,
    /// The scenario file's name and text, for runs of an opened file.
    pub file: Option<(String, String)>,
    /// The group's or trainee's name entered at the briefing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// The run as the text of a run file.
pub fn to_text(run: &Run) -> String {
    let file = match &run.source {
        Source::Builtin(_) => None,
        Source::File { name, text } => Some((name.clone(), text.clone())),
    };
    let save = Save {
        zeren_save: 1,
        scenario: run.scenario.id.clone(),
        seed: run.seed,
        events: run.events.clone(),
    };
    let label = run.label.clone();
    serde_json::to_string(&RunFile { save, file, label }).unwrap_or_default()
}

/// Reads a run file's text back into a run; the error says what is wrong with it.
pub fn from_text(text: &str) -> Result<Run, Text> {
    // The limits of the core, so the browser refuses what the CLI refuses (issue 9).
    SaveError::check_size(text).map_err(|e| e.text())?;
    let f: RunFile = serde_json::from_str(text)
        .map_err(|e| Text::new("这不是 Zeren 的推演记录文件", format!("not a Zeren run file ({e})")))?;
    SaveError::check_events(&f.save.events).map_err(|e| e.text())?;
    let (scenario, source) = match f.file {
        None => {
            let id = &f.save.scenario;
            let s = builtin::scenario(id)
                .ok_or_else(|| Text::new(format!("没有内置场景 `{id}`"), format!("no built-in scenario `{id}`")))?;
            (s, Source::Builtin(f.save.scenario.clone()))
        }
        Some((name, text)) => {
            let s = parse_scenario(&text).0.ok_or_else(|| {
                Text::new(
                    format!("推演记录中的场景 `{name}` 有错误"),
                    format!("the scenario `{name}` in the run file has errors"),
                )
            })?;
            (s, Source::File { name, text })
        }
    };
    let mut run = Run::replay(Rc::new(scenario), source, f.save.seed, &f.save.events)
        .map_err(|e| Text::new(e.zh, format!("event {}", e.en)))?;
    run.label = f.label.chars().take(crate::model::MAX_LABEL_CHARS).collect();
    Ok(run)
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
        match from_text(&text) {
            Ok(r) => run = Some(r),
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
    LocalStorage::get(HISTORY).unwrap_or_default()
}

fn save_history(list: &[Kept]) {
    let _ = LocalStorage::set(HISTORY, list);
}

/// Keeps `run` in the history (`false` when there was nothing new to keep). A kept run that
/// `run` continues (the same scenario, seed and first decisions) is replaced by it: nothing it
/// held is lost.
pub fn remember(run: &Run) -> bool {
    if run.events.is_empty() {
        return false;
    }
    let text = to_text(run);
    let mut list = history();
    if list.iter().any(|k| k.run == text) {
        return false;
    }
    list.retain(|k| from_text(&k.run).map_or(true, |old| !continues(run, &old)));
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

/// Whether `later` is `earlier` played on: the same scenario, source and seed, and `earlier`'s
/// events are the first of `later`'s.
pub fn continues(later: &Run, earlier: &Run) -> bool {
    later.source == earlier.source
        && later.seed == earlier.seed
        && later.scenario.id == earlier.scenario.id
        && later.events.starts_with(&earlier.events)
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
    LocalStorage::get(COUNTDOWN).ok()
}

/// Saves the countdown.
pub fn save_countdown(c: &Countdown) {
    let _ = LocalStorage::set(COUNTDOWN, c);
}

/// Saved settings, or the defaults.
pub fn load_settings() -> Settings {
    LocalStorage::get(SETTINGS).unwrap_or_default()
}

/// Saves the settings.
pub fn save_settings(s: &Settings) {
    let _ = LocalStorage::set(SETTINGS, s);
}

/// Saved language, Chinese by default.
pub fn load_lang() -> Lang {
    match LocalStorage::get::<String>(LANG).as_deref() {
        Ok("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Saves the language.
pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG, if lang == Lang::En { "en" } else { "zh" });
}

/// The editor's saved text, if any.
pub fn load_editor() -> Option<String> {
    LocalStorage::raw().get_item(EDITOR).ok().flatten()
}

/// Saves the editor's text.
pub fn save_editor(text: &str) {
    let _ = LocalStorage::raw().set_item(EDITOR, text);
}

/// The saved classroom settings (blind play, PIN), or none.
pub fn load_room() -> Room {
    LocalStorage::get(ROOM).unwrap_or_default()
}

/// Saves the classroom settings.
pub fn save_room(room: &Room) {
    let _ = LocalStorage::set(ROOM, room);
}
