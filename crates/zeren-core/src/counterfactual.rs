//! Counterfactuals for the debrief: for each item that fired, the smallest change of the
//! trainee's decisions — with the same seed, so the same luck — after which it would not fire.
//! "Had you chosen «report now» at 23:40 instead of «restore first», (一) would not fire."
//!
//! The search tries every single change first (every other option at every decision taken),
//! then every pair. After a changed decision the run goes on with the trainee's own choices
//! wherever the same decision comes up again, and the first option offered elsewhere; among
//! the changes that work, the one that keeps most of the trainee's own choices wins.

use std::cmp::Reverse;

use serde::Serialize;

use crate::engine::{At, Event, Session, State};
use crate::judge::{Settings, judge_plain};
use crate::limits::{MAX_COUNTERFACTUAL_PAIRED, MAX_COUNTERFACTUAL_SINGLES};
use crate::scenario::{Scenario, Tr};

/// One changed decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The decision point.
    pub decision: String,
    /// The scenario minute it was taken at.
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

/// What would have avoided one fired item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterfactual {
    /// The item that fired.
    pub item: &'static str,
    /// The smallest change found (one or two decisions); empty when none avoids it.
    pub changes: Vec<Change>,
    /// What would fire after the change.
    pub fired_instead: Vec<&'static str>,
}

/// The counterfactual of every item that fired on this run.
pub fn counterfactuals(scenario: &Scenario, seed: u64, events: &[Event], settings: &Settings) -> Vec<Counterfactual> {
    let Ok(run) = Session::replay(scenario, seed, events) else {
        return Vec::new();
    };
    let fired = judge_plain(run.state().case_so_far(), settings).fired;
    // The states before each event, to know what was offered there: one fold, not a replay each.
    let mut before: Vec<State> = Vec::with_capacity(events.len());
    let mut state = State::start(scenario, seed);
    for e in events {
        let Ok(next) = state.apply(scenario, e) else {
            return Vec::new();
        };
        before.push(std::mem::replace(&mut state, next));
    }
    let mut singles = alternatives(scenario, &before, events);
    // A long run has many alternatives: the ones nearest its end are tried, at most
    // MAX_COUNTERFACTUAL_SINGLES, and pairs only among at most MAX_COUNTERFACTUAL_PAIRED.
    if singles.len() > MAX_COUNTERFACTUAL_SINGLES {
        singles.drain(..singles.len() - MAX_COUNTERFACTUAL_SINGLES);
    }
    let mut out = Vec::new();
    for item in fired {
        // A change that avoids the item, ranked: keeps more of the trainee's own choices, then
        // leaves fewer items firing, then changes a later decision (closest to the outcome).
        let attempt = |changes: Vec<(usize, String)>| {
            let (kept, now) = replay_with(scenario, &before, events, &changes, settings)?;
            let latest = changes.iter().map(|(i, _)| *i).max().unwrap_or_default();
            (!now.contains(&item)).then_some(((kept, Reverse(now.len()), latest), changes, now))
        };
        type Found = ((usize, Reverse<usize>, usize), Vec<(usize, String)>, Vec<&'static str>);
        let pick = |found: Vec<Found>| found.into_iter().max_by_key(|(rank, _, _)| *rank);
        let mut best = pick(singles.iter().filter_map(|c| attempt(vec![c.clone()])).collect());
        if best.is_none() && singles.len() <= MAX_COUNTERFACTUAL_PAIRED {
            let pairs = singles.iter().enumerate().flat_map(|(a, x)| {
                singles
                    .iter()
                    .skip(a + 1)
                    .filter(move |y| y.0 != x.0)
                    .map(move |y| vec![x.clone(), y.clone()])
            });
            best = pick(pairs.filter_map(attempt).collect());
        }
        let (changes, fired_instead) = match best {
            Some((_, changes, now)) => (describe(scenario, &before, events, &changes), now),
            None => (Vec::new(), Vec::new()),
        };
        out.push(Counterfactual {
            item,
            changes,
            fired_instead,
        });
    }
    out
}

/// Every (event index, other option) a trainee could have taken instead.
fn alternatives(scenario: &Scenario, before: &[State], events: &[Event]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, (state, event)) in before.iter().zip(events).enumerate() {
        let chosen = match event {
            Event::Choose { option, .. } => option.as_str(),
            Event::Timeout { .. } => crate::engine::TIMEOUT,
            Event::Instructor { .. } => continue,
        };
        for c in state.options(scenario).into_iter().filter(|c| c.id != chosen) {
            out.push((i, c.id.clone()));
        }
    }
    out
}

/// Replays the run with some decisions changed; returns how many of the trainee's own later
/// choices could be kept, and what fires.
fn replay_with(
    scenario: &Scenario,
    before: &[State],
    events: &[Event],
    changes: &[(usize, String)],
    settings: &Settings,
) -> Option<(usize, Vec<&'static str>)> {
    let first = changes.iter().map(|(i, _)| *i).min()?;
    let mut session = Session::at(scenario, events[..first].to_vec(), before.get(first)?.clone());
    let own = |decision: &str| {
        events.iter().find_map(|e| match e {
            Event::Choose { decision: d, option } if d == decision => Some(option.clone()),
            _ => None,
        })
    };
    // Every choice before the first change is the trainee's own.
    let mut kept = first;
    let mut i = first;
    let mut guard = 0;
    while let At::Decision(d) = session.state().at.clone() {
        guard += 1;
        if guard > 100 {
            return None;
        }
        let offered: Vec<String> = session.state().options(scenario).iter().map(|c| c.id.clone()).collect();
        let changed = changes.iter().find(|(at, _)| *at == i).map(|(_, o)| o.clone());
        let option = match changed {
            Some(o) => o,
            None => match own(&d).filter(|o| offered.contains(o)) {
                Some(o) => {
                    kept += 1;
                    o
                }
                None => offered.first()?.clone(),
            },
        };
        session.choose(&option).ok()?;
        i += 1;
        while let Some(Event::Instructor { reason }) = events.get(i) {
            session.apply(Event::Instructor { reason: reason.clone() }).ok()?;
            i += 1;
        }
    }
    Some((kept, judge_plain(session.state().case_so_far(), settings).fired))
}

fn describe(scenario: &Scenario, before: &[State], events: &[Event], changes: &[(usize, String)]) -> Vec<Change> {
    changes
        .iter()
        .filter_map(|(i, instead)| {
            let state = before.get(*i)?;
            let (decision, chosen) = match events.get(*i)? {
                Event::Choose { decision, option } => (decision.clone(), option.clone()),
                Event::Timeout { decision } => (decision.clone(), crate::engine::TIMEOUT.to_owned()),
                Event::Instructor { .. } => return None,
            };
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
            Some(Change {
                minute: state.minute,
                chosen_label: label(&chosen),
                instead_label: label(instead),
                decision,
                chosen,
                instead: instead.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(steps: &[&str], scenario: &Scenario, seed: u64) -> Vec<Event> {
        let mut s = Session::new(scenario, seed);
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
    fn an_item_no_decision_can_avoid_has_no_change() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let mut s = Session::new(&scenario, 1);
        assert!(s.choose("escalate").is_ok());
        assert!(
            s.apply(Event::Instructor {
                reason: "理由".into()
            })
            .is_ok()
        );
        let cf = counterfactuals(&scenario, 1, s.events(), &Settings::default());
        assert_eq!(cf[0].item, "art8.2.7");
        assert!(cf[0].changes.is_empty());
    }
}
