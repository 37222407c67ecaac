//! The trainee's module hands over to the whole app (web/boot.js) when it meets something only the
//! whole app has: an instructor's screen, or a scenario file, or a run of one, which need the
//! scenario reader. What the app holds only in memory, and the file or run to open, travel in
//! this tab's session storage, so that the switch loses nothing.

use gloo::storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use zeren_core::run::ScenarioFile;

#[cfg(not(feature = "instructor"))]
use crate::model::Model;
use crate::model::Screen;

const HANDOFF: &str = "zeren.handoff";
const RUN: &str = "zeren.handoff.run";
const SCENARIO: &str = "zeren.handoff.scenario";

/// What the app holds only in memory.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// The seed field.
    pub seed: u64,
    /// Whether the instructor's controls were unlocked.
    pub unlocked: bool,
    /// Where the settings screen returns to (the trainee's module hands the screen over).
    #[serde(default)]
    pub back: Option<Screen>,
}

/// What `model` holds only in memory.
#[cfg(not(feature = "instructor"))]
pub fn of(model: &Model) -> Handoff {
    Handoff {
        seed: model.seed,
        unlocked: model.unlocked,
        back: Some(model.back),
    }
}

/// Keeps `handoff` for the tab's next start (when the browser allows session storage).
#[cfg(not(feature = "instructor"))]
pub fn hand_off(handoff: &Handoff) {
    let _ = SessionStorage::set(HANDOFF, handoff);
}

/// What the tab's previous module handed over, once.
pub fn take_handoff() -> Option<Handoff> {
    let handoff = crate::json::stored(&SessionStorage::raw(), HANDOFF);
    SessionStorage::delete(HANDOFF);
    handoff
}

/// Opens a run (the text of its run file) in the whole app, at the library. The run in progress,
/// which it replaces there, is kept in the history first.
#[cfg(not(feature = "instructor"))]
pub fn open_run(run: &str, model: &Model) {
    let _ = SessionStorage::set(RUN, run);
    switch(model);
}

/// Opens a scenario file in the whole app, at the library, as if it had been opened there. The
/// run in progress, which its run replaces there, is kept in the history first.
#[cfg(not(feature = "instructor"))]
pub fn open_scenario(file: &ScenarioFile, model: &Model) {
    let _ = SessionStorage::set(SCENARIO, file);
    switch(model);
}

#[cfg(not(feature = "instructor"))]
fn switch(model: &Model) {
    if let Some(run) = &model.run {
        crate::storage::remember(run);
    }
    hand_off(&of(model));
    crate::route::load_whole_app(Some("#/library"));
}

/// The run handed over to open, once.
#[cfg(feature = "instructor")]
pub fn take_run() -> Option<String> {
    take(RUN)
}

/// The scenario file handed over to open, once.
#[cfg(feature = "instructor")]
pub fn take_scenario() -> Option<ScenarioFile> {
    take(SCENARIO)
}

#[cfg(feature = "instructor")]
fn take<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let value = crate::json::stored(&SessionStorage::raw(), key);
    SessionStorage::delete(key);
    value
}
