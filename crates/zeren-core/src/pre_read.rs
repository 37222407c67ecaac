//! The built-in scenarios, read at build time and written as JSON files (`zeren pre-read DIR`).
//! A build without the TOML readers (the trainee's and class browser modules) fetches them when
//! it needs them and plays exactly the same scenarios: a test checks that each file reads back
//! equal to what the readers give. The browser reads the JSON with its own
//! parser and serde-wasm-bindgen, which weighs far less in the module than serde_json's derived
//! readers.

use serde::{Deserialize, Serialize};

use crate::scenario::{Scenario, Tr};

/// The library's index: each built-in as the library lists it.
pub const INDEX: &str = "index.json";

/// The file of the built-in `id`.
pub fn scenario_file(id: &str) -> String {
    format!("{id}.json")
}

/// A built-in as the library lists it, before its scenario is loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The scenario's id.
    pub id: String,
    /// Its title.
    pub title: Tr,
    /// What happens in it.
    pub summary: Tr,
    /// The trainee's role.
    pub role: Tr,
    /// The expected time.
    pub duration_minutes: u64,
}

impl Entry {
    /// How the library lists `scenario`.
    pub fn of(scenario: &Scenario) -> Entry {
        Entry {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
            role: scenario.role.clone(),
            duration_minutes: scenario.duration_minutes,
        }
    }
}

/// A scenario as a browser module plays it: without the scenario's own tests (`zeren test`
/// runs them), whose seeds may be larger than a JavaScript number holds exactly.
pub fn for_play(scenario: &Scenario) -> Scenario {
    Scenario {
        tests: Vec::new(),
        ..scenario.clone()
    }
}

/// Every file, by name: the index and one per built-in.
#[cfg(feature = "read")]
pub fn files() -> Vec<(String, String)> {
    fn json<T: Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
    let built_in = crate::builtin::all();
    let index: Vec<Entry> = built_in.iter().map(|s| Entry::of(s)).collect();
    let mut files = vec![(INDEX.to_owned(), json(&index))];
    files.extend(built_in.iter().map(|s| (scenario_file(&s.id), json(&for_play(s)))));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> String {
        let files = files();
        let found = files.iter().find(|(n, _)| n == name);
        found.map(|(_, text)| text.clone()).unwrap_or_default()
    }

    #[test]
    fn each_pre_read_file_reads_back_equal_to_what_the_readers_give() {
        let built_in = crate::builtin::all();
        let index: Vec<Entry> = serde_json::from_str(&file(INDEX)).expect("the index reads back");
        assert_eq!(index, built_in.iter().map(|s| Entry::of(s)).collect::<Vec<_>>());
        for s in &built_in {
            let back: Scenario = serde_json::from_str(&file(&scenario_file(&s.id))).expect("reads back");
            assert_eq!(back, for_play(s), "{} differs after the round trip", s.id);
            assert!(back.tests.is_empty() && !s.tests.is_empty());
        }
        assert_eq!(files().len(), built_in.len() + 1);
    }
}
