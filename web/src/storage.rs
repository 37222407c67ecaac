//! Browser storage, a thin adapter: the run is saved after every decision and read back at
//! start; a damaged save is reported, never trusted. Everything stays on this device.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use zeren_core::engine::{Save, SaveError};
use zeren_core::{Lang, Settings, builtin, parse_scenario};

use crate::model::{Run, Source};

const RUN: &str = "zeren.run";
const SETTINGS: &str = "zeren.settings";
const LANG: &str = "zeren.lang";
const EDITOR: &str = "zeren.editor";

/// A run as a file: the save record, plus the scenario's text when it came from a file.
#[derive(Serialize, Deserialize)]
pub struct RunFile {
    /// Scenario id, seed and events.
    pub save: Save,
    /// The scenario file's name and text, for runs of an opened file.
    pub file: Option<(String, String)>,
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
    serde_json::to_string(&RunFile { save, file }).unwrap_or_default()
}

/// Reads a run file's text back into a run; the error says what is wrong with it.
pub fn from_text(text: &str) -> Result<Run, String> {
    // The limits of the core, so the browser refuses what the CLI refuses (issue 9).
    SaveError::check_size(text).map_err(|e| e.to_string())?;
    let f: RunFile = serde_json::from_str(text).map_err(|e| format!("not a Zeren run file ({e})"))?;
    SaveError::check_events(&f.save.events).map_err(|e| e.to_string())?;
    let (scenario, source) = match f.file {
        None => {
            let s = builtin::scenario(&f.save.scenario).ok_or(format!("no built-in scenario `{}`", f.save.scenario))?;
            (s, Source::Builtin(f.save.scenario.clone()))
        }
        Some((name, text)) => {
            let s = parse_scenario(&text)
                .0
                .ok_or(format!("the scenario `{name}` in the run file has errors"))?;
            (s, Source::File { name, text })
        }
    };
    Run::replay(Rc::new(scenario), source, f.save.seed, &f.save.events).map_err(|e| format!("event {e}"))
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

/// The saved run: `Ok(None)` when there is none, `Err` when it is damaged.
pub fn load_run() -> Result<Option<Run>, String> {
    match LocalStorage::raw().get_item(RUN) {
        Ok(Some(text)) => from_text(&text).map(Some),
        _ => Ok(None),
    }
}

/// Forgets the saved run (after the user agreed to discard a damaged one).
pub fn discard_run() {
    LocalStorage::delete(RUN);
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
