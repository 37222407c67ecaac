//! The JavaScript API of the module `zeren-web.js` (docs/js-api.md, types in web/zeren.d.ts):
//! the core's judge, check and analysis for other pages and tools, and the analysis the editor
//! runs in a worker (web/worker.js). Values go in and out as JavaScript objects
//! (serde-wasm-bindgen), never as JSON strings; bad input comes back as a thrown error object
//! with the diagnostics, never a panic.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zeren_core::analysis::{Explorer, Limits};
use zeren_core::diagnostic::{Located, has_errors, located};
use zeren_core::run::Run;
use zeren_core::verdict::Text;
use zeren_core::{Settings, explain, judge as judge_case, parse_case, parse_scenario};

/// What `check` says about a file.
#[derive(Serialize)]
struct Checked {
    /// `case` or `scenario`.
    kind: &'static str,
    /// No errors (warnings allowed).
    ok: bool,
    diagnostics: Vec<Located>,
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    // Maps as plain objects, so a verdict reads like its JSON (docs/verdict-json.md).
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

fn settings(value: JsValue) -> Result<Settings, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsValue::from_str(&format!("settings: {e}")))
}

/// Checks a case or scenario file's text: `{ kind, ok, diagnostics }`.
#[wasm_bindgen]
pub fn check(text: &str) -> JsValue {
    let (kind, diags) = if zeren_core::scenario::is_scenario(text) {
        ("scenario", parse_scenario(text).1)
    } else {
        ("case", parse_case(text).1)
    };
    to_js(&Checked {
        kind,
        ok: !has_errors(&diags),
        diagnostics: located("input.toml", text, &diags),
    })
}

/// Judges a case file's text under `settings` (or the defaults): the verdict, as in
/// docs/verdict-json.md. A file with errors throws `{ kind, ok: false, diagnostics }`.
#[wasm_bindgen]
pub fn judge(case_text: &str, settings_value: JsValue) -> Result<JsValue, JsValue> {
    let settings = settings(settings_value)?;
    match parse_case(case_text).0 {
        Some(case) => Ok(to_js(&judge_case(&case, &settings))),
        None => Err(check(case_text)),
    }
}

/// Analyses a scenario file's text at once: what it can reach, path by path.
#[wasm_bindgen]
pub fn explore(scenario_text: &str, settings_value: JsValue) -> Result<JsValue, JsValue> {
    let mut analyser = Analyser::new(scenario_text, settings_value)?;
    while !analyser.finished() {
        analyser.step(u32::MAX);
    }
    Ok(analyser.report())
}

/// The debrief's counterfactual sentences for a run file's text, in both languages: for each
/// item that fired, the fewest changes of decisions that avoid it, or why none does.
#[wasm_bindgen]
pub fn counterfactuals(run_text: &str) -> Result<JsValue, JsValue> {
    let run = Run::from_file(run_text, None).map_err(|e| to_js(&e.text()))?;
    let s = run.scenario();
    let found = zeren_core::counterfactual::counterfactuals(s, run.seed(), run.events(), &run.settings);
    let sentences: Vec<Text> = found.iter().map(|cf| explain::counterfactual(s, cf)).collect();
    Ok(to_js(&sentences))
}

/// The after-action report's areas for improvement from the counterfactuals of a room's runs
/// (their run files' texts): for each item, how many groups one change would have spared.
#[wasm_bindgen]
pub fn room_counterfactuals(runs: Vec<String>) -> Result<JsValue, JsValue> {
    let runs: Vec<Run> = runs
        .iter()
        .map(|text| Run::from_file(text, None).map_err(|e| to_js(&e.text())))
        .collect::<Result<_, _>>()?;
    let found = zeren_core::cohort::report::avoidable(&runs.iter().collect::<Vec<_>>());
    Ok(to_js(&found))
}

/// An analysis taken in slices, so that a worker can report progress between them.
#[wasm_bindgen]
pub struct Analyser {
    explorer: Explorer,
}

#[wasm_bindgen]
impl Analyser {
    /// An analysis of a scenario file's text; a file with errors throws its diagnostics.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_text: &str, settings_value: JsValue) -> Result<Analyser, JsValue> {
        let settings = settings(settings_value)?;
        let scenario = parse_scenario(scenario_text).0.ok_or_else(|| check(scenario_text))?;
        Ok(Analyser {
            explorer: Explorer::new(scenario, settings, Limits::default()),
        })
    }

    /// Walks up to `budget` states; returns the share done, from 0 to 1.
    pub fn step(&mut self, budget: u32) -> f64 {
        self.explorer.step(budget as usize)
    }

    /// True once every path is walked (or every sample taken).
    pub fn finished(&self) -> bool {
        self.explorer.finished()
    }

    /// The analysis (complete once `finished`).
    pub fn report(&self) -> JsValue {
        to_js(&self.explorer.report())
    }
}
