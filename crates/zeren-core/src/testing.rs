//! Running the `[[test]]` entries of a scenario file.

use serde::Serialize;

use crate::engine::{At, Session};
use crate::scenario::{Scenario, ScenarioTest};
use crate::settings::Settings;
use crate::verdict::KINDS;

/// The outcome of one test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The test's name.
    pub name: String,
    /// True when everything matched.
    pub passed: bool,
    /// What did not match, one sentence each.
    pub problems: Vec<String>,
}

/// Runs every test of the scenario.
pub fn run_tests(scenario: &Scenario, settings: &Settings) -> Vec<Outcome> {
    scenario.tests.iter().map(|t| run(scenario, t, settings)).collect()
}

fn run(scenario: &Scenario, test: &ScenarioTest, settings: &Settings) -> Outcome {
    let mut problems = Vec::new();
    let mut session = Session::new(scenario, test.seed);
    for (n, choice) in test.choose.iter().enumerate() {
        let result = session.take(choice);
        if let Err(e) = result {
            problems.push(format!("step {} `{choice}`: {e}", n + 1));
            break;
        }
    }
    let state = session.state();
    let verdict = state.live(scenario, settings).verdict;
    let fired: Vec<String> = verdict.fired.iter().map(|s| (*s).to_owned()).collect();
    if fired != test.fires {
        problems.push(format!("fires {fired:?}, expected {:?}", test.fires));
    }
    if let Some(expected) = &test.accountable {
        let word = |k| KINDS.iter().find(|(kind, _)| *kind == k).map_or("", |(_, w)| *w);
        let mut got: Vec<String> = verdict
            .accountable
            .iter()
            .map(|r| format!("{}:{}", r.person, word(r.kind)))
            .collect();
        let mut want = expected.clone();
        crate::sort::sort(&mut got);
        crate::sort::sort(&mut want);
        if got != want {
            problems.push(format!("accountable {got:?}, expected {want:?}"));
        }
    }
    if let Some(ending) = &test.ending {
        let reached = match &state.at {
            At::Ending(id) => id.as_str(),
            At::Decision(_) => "(none: the path stops at a decision)",
        };
        if reached != ending {
            problems.push(format!("ends at `{reached}`, expected `{ending}`"));
        }
    }
    Outcome {
        name: test.name.clone(),
        passed: problems.is_empty(),
        problems,
    }
}
