//! Counterfactuals for the debrief: for each item that fired, the smallest set of changes to
//! the trainee's decisions — with the same seed, so the same luck — after which it would not
//! fire. "Had you changed your choice at 23:40 from «restore first» to «report now», (一) would
//! not fire." A change is dated by the trainee's own choice: after an earlier change the same
//! decision may come at another time.
//!
//! The search walks every way through the scenario under the seed's own draws, branch and
//! bound: at each decision the trainee's own option first (no change), the others at one change
//! more; a way that already needs as many changes as the best found is dropped. A decision the
//! trainee never faced may go any way at no cost. It ends with the fewest changes (ties: fewer
//! items firing, then changes nearer the end), or having tried every way — then no change
//! avoids the item — or at its budget of states, when the answer is "none found so far". An
//! item only the instructor can fire ((七)) is the instructor's, not the trainee's.

use serde::Serialize;

use crate::engine::{At, Event, State};
use crate::judge::{Settings, judge_plain};
use crate::limits::MAX_COUNTERFACTUAL_STATES;
use crate::scenario::{Scenario, Tr};

/// One changed decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The decision point.
    pub decision: String,
    /// The scenario minute the trainee made the choice at.
    pub minute: u64,
    /// The option the trainee chose (`timeout` when time ran out).
    pub chosen: String,
    /// Its label.
    pub chosen_label: Tr,
    /// The option that would have avoided the item.
    pub instead: String,
    /// Its label.
    pub instead_label: Tr,
}

/// How the search for one item ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Search {
    /// The fewest changes that avoid it are in `changes`.
    Found,
    /// Every way through the scenario was tried: no change of decisions avoids it.
    Impossible,
    /// Only the instructor fires this item ((七)): no decision of the trainee's changes it.
    Instructor,
    /// The search stopped at its budget ([`MAX_COUNTERFACTUAL_STATES`]) without a way.
    Unfinished,
}

/// What would have avoided one fired item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterfactual {
    /// The item that fired.
    pub item: &'static str,
    /// How the search ended.
    pub search: Search,
    /// The fewest changes found, in the order of the run; empty unless `search` is `Found`.
    pub changes: Vec<Change>,
    /// What would fire after the change.
    pub fired_instead: Vec<&'static str>,
}

/// The counterfactual of every item that fired on this run.
pub fn counterfactuals(scenario: &Scenario, seed: u64, events: &[Event], settings: &Settings) -> Vec<Counterfactual> {
    let mut state = State::start_quiet(scenario, seed);
    // The trainee's choices: each decision's option (`timeout` when time ran out) and the minute
    // it was made at, which dates a change.
    let mut choices: Vec<(String, String, u64)> = Vec::new();
    for e in events {
        let choice = match e {
            Event::Choose { decision, option, .. } => Some((decision, option.clone())),
            Event::Timeout { decision } => Some((decision, crate::engine::TIMEOUT.to_owned())),
            _ => None,
        };
        if let Some((decision, option)) = choice {
            choices.push((decision.clone(), option, state.minute));
        }
        if state.step(scenario, e).is_err() {
            return Vec::new();
        }
    }
    let fired = judge_plain(state.case_so_far(), settings).fired;
    let own = |decision: &str| {
        choices
            .iter()
            .find(|(d, _, _)| d == decision)
            .map(|(_, o, _)| o.clone())
    };
    fired
        .into_iter()
        .map(|item| {
            if item == "art8.2.7" {
                return Counterfactual {
                    item,
                    search: Search::Instructor,
                    changes: Vec::new(),
                    fired_instead: Vec::new(),
                };
            }
            let mut walk = Walk {
                scenario,
                settings,
                item,
                own: &own,
                best: None,
                states: 0,
            };
            walk.visit(State::start_quiet(scenario, seed), Vec::new());
            let search = match (&walk.best, walk.states > MAX_COUNTERFACTUAL_STATES) {
                (Some(_), _) => Search::Found,
                (None, true) => Search::Unfinished,
                (None, false) => Search::Impossible,
            };
            let (changes, fired_instead) = walk.best.map(|b| (b.changes, b.fired)).unwrap_or_default();
            Counterfactual {
                item,
                search,
                changes: changes.into_iter().map(|c| describe(scenario, c, &choices)).collect(),
                fired_instead,
            }
        })
        .collect()
}

/// A change as found: the decision, the minute, the trainee's option and the other one.
type Found = (String, u64, String, String);

struct Best {
    changes: Vec<Found>,
    fired: Vec<&'static str>,
}

struct Walk<'a> {
    scenario: &'a Scenario,
    settings: &'a Settings,
    item: &'static str,
    own: &'a dyn Fn(&str) -> Option<String>,
    best: Option<Best>,
    states: usize,
}

impl Walk<'_> {
    fn visit(&mut self, state: State, changes: Vec<Found>) {
        self.states += 1;
        if self.states > MAX_COUNTERFACTUAL_STATES {
            return;
        }
        let At::Decision(decision) = state.at.clone() else {
            let fired = judge_plain(state.case_so_far(), self.settings).fired;
            if !fired.contains(&self.item) && self.better(&changes, &fired) {
                self.best = Some(Best { changes, fired });
            }
            return;
        };
        let own = (self.own)(&decision);
        let timed = self
            .scenario
            .decision(&decision)
            .is_some_and(|d| d.time_limit.is_some() && d.on_timeout.is_some());
        let mut options: Vec<String> = state.options(self.scenario).iter().map(|c| c.id.clone()).collect();
        if timed {
            options.push(crate::engine::TIMEOUT.to_owned());
        }
        // The trainee's own option first: the ways with no change are walked before the others.
        crate::sort::sort_by_key(&mut options, |o| own.as_ref() != Some(o));
        for option in options {
            let changed = own.as_ref().is_some_and(|o| *o != option);
            let cost = changes.len() + usize::from(changed);
            if self.best.as_ref().is_some_and(|b| cost > b.changes.len()) {
                continue;
            }
            let event = match option.as_str() {
                crate::engine::TIMEOUT => Event::Timeout {
                    decision: decision.clone(),
                },
                _ => Event::choose(decision.clone(), option.clone()),
            };
            let mut next = state.clone();
            if next.step(self.scenario, &event).is_err() {
                continue;
            }
            let mut more = changes.clone();
            if let (true, Some(own)) = (changed, &own) {
                more.push((decision.clone(), state.minute, own.clone(), option));
            }
            self.visit(next, more);
        }
    }

    /// Fewer changes; then fewer items firing; then the last change later (nearer the outcome).
    fn better(&self, changes: &[Found], fired: &[&'static str]) -> bool {
        let Some(best) = &self.best else {
            return true;
        };
        let last = |c: &[Found]| c.last().map_or(0, |f| f.1);
        (changes.len(), fired.len(), std::cmp::Reverse(last(changes)))
            < (
                best.changes.len(),
                best.fired.len(),
                std::cmp::Reverse(last(&best.changes)),
            )
    }
}

fn describe(scenario: &Scenario, (decision, minute, chosen, instead): Found, own: &[(String, String, u64)]) -> Change {
    let minute = own
        .iter()
        .find(|(d, _, _)| *d == decision)
        .map_or(minute, |(_, _, m)| *m);
    let label = |id: &str| {
        scenario
            .decision(&decision)
            .and_then(|d| d.options.iter().find(|o| o.id == id))
            .map(|o| o.label.clone())
            .unwrap_or_else(|| Tr {
                zh: "（超时）".into(),
                en: Some("(time ran out)".into()),
            })
    };
    Change {
        minute,
        chosen_label: label(&chosen),
        instead_label: label(&instead),
        decision,
        chosen,
        instead,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(steps: &[&str], scenario: &Scenario, seed: u64) -> Vec<Event> {
        let mut s = crate::engine::Session::new(scenario, seed);
        for step in steps {
            assert!(s.choose(step).is_ok(), "{step}");
        }
        s.events().to_vec()
    }

    #[test]
    fn reporting_at_once_would_have_avoided_item_one() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let run = events(
            &["escalate", "maintenance", "restore_first", "comply", "backup"],
            &scenario,
            6,
        );
        let cf = counterfactuals(&scenario, 6, &run, &Settings::default());
        assert_eq!(cf.len(), 1);
        assert_eq!(cf[0].item, "art8.2.1");
        let change = &cf[0].changes[0];
        assert_eq!(
            (change.decision.as_str(), change.chosen.as_str()),
            ("meeting", "restore_first")
        );
        assert_eq!(change.instead, "report_now");
        assert!(cf[0].fired_instead.is_empty());
    }

    #[test]
    fn a_change_is_dated_when_the_trainee_made_the_choice() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        for seed in 1..6 {
            let run = events(&["wait", "edit", "cover_story", "refuse", "rebuild"], &scenario, seed);
            let mut state = State::start_quiet(&scenario, seed);
            let mut when = Vec::new();
            for e in &run {
                if let Event::Choose { decision, .. } = e {
                    when.push((decision.clone(), state.minute));
                }
                assert!(state.step(&scenario, e).is_ok());
            }
            for cf in counterfactuals(&scenario, seed, &run, &Settings::default()) {
                for c in &cf.changes {
                    let own = when.iter().find(|(d, _)| *d == c.decision).map(|(_, m)| *m);
                    assert_eq!(Some(c.minute), own, "seed {seed}: {c:?}");
                }
            }
        }
    }

    #[test]
    fn an_item_no_decision_can_avoid_has_no_change() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let mut s = crate::engine::Session::new(&scenario, 1);
        assert!(s.choose("escalate").is_ok());
        assert!(
            s.apply(Event::Instructor {
                reason: "理由".into()
            })
            .is_ok()
        );
        let cf = counterfactuals(&scenario, 1, s.events(), &Settings::default());
        assert_eq!(cf[0].item, "art8.2.7");
        assert_eq!(cf[0].search, Search::Instructor);
        assert!(cf[0].changes.is_empty());
    }
}
