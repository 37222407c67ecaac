//! The debrief's why-trace: which of the trainee's choices set the facts that made each item
//! fire ("your choice at 02:40 to restore before reporting → report at 310 min > 240 min →
//! (一) condition met").

use serde::Serialize;

use crate::engine::State;
use crate::scenario::{Scenario, Tr};
use crate::verdict::{Status, Text, Verdict};

/// One link from a choice to a condition of a fired item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    /// The item that fired.
    pub item: &'static str,
    /// The condition that the choice's effect met.
    pub condition: &'static str,
    /// The facts and threshold, in a sentence.
    pub because: Text,
    /// The decision point.
    pub decision: String,
    /// The option chosen.
    pub option: String,
    /// Its label.
    pub label: Tr,
    /// The scenario minute of the choice.
    pub minute: u64,
}

/// For every met condition of every fired item, every choice that wrote the fact it reads, in
/// the order they were made: each is credited, not only the last.
pub fn traces(scenario: &Scenario, state: &State, verdict: &Verdict) -> Vec<Trace> {
    let mut out = Vec::new();
    for item in verdict.items.iter().filter(|i| i.status == Status::Fired) {
        for c in item.conditions.iter().filter(|c| c.met) {
            for (decision, option, minute) in c.path.into_iter().flat_map(|p| state.writers(p)) {
                let label = scenario
                    .decision(decision)
                    .and_then(|d| d.options.iter().find(|o| &o.id == option))
                    .map(|o| o.label.clone())
                    .unwrap_or_default();
                out.push(Trace {
                    item: item.id,
                    condition: c.name,
                    because: c.because.clone(),
                    decision: decision.clone(),
                    option: option.clone(),
                    label,
                    minute: *minute,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Session;
    use crate::judge::Settings;

    #[test]
    fn a_delayed_report_is_traced_to_the_meeting_that_delayed_it() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let mut session = Session::new(&scenario, 6);
        for option in ["escalate", "maintenance", "restore_first", "comply", "backup"] {
            assert!(session.choose(option).is_ok(), "{option}");
        }
        let live = session.state().live(&scenario, &Settings::default());
        let t = traces(&scenario, session.state(), &live.verdict);
        assert!(
            t.iter()
                .any(|t| t.item == "art8.2.1" && t.condition == "report_late" && t.option == "restore_first"),
            "{t:?}"
        );
    }
}
