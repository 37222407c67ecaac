//! Random playthroughs for authors checking a scenario's balance (`zeren simulate`): at every
//! decision a uniformly chosen option — or letting the clock run out where the decision is
//! timed — then the final verdict; counted over many runs.

use std::collections::BTreeMap;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::engine::{At, Event, State};
use crate::judge::{Settings, judge_plain};
use crate::scenario::Scenario;
use crate::verdict::Kind;

/// What many random playthroughs gave.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Simulation {
    /// Playthroughs run.
    pub runs: u64,
    /// Decisions taken over all runs.
    pub decisions: u64,
    /// Runs in which each item fired, by item id.
    pub items: BTreeMap<&'static str, u64>,
    /// Runs in which each person was held accountable with each kind, by person id.
    pub accountable: BTreeMap<String, BTreeMap<Kind, u64>>,
    /// Runs that reached each ending, by ending id.
    pub endings: BTreeMap<String, u64>,
    /// Runs in which nothing fired.
    pub clean: u64,
    /// Runs that stopped before an ending (a dead end: no option offered).
    pub stuck: u64,
}

/// Plays `runs` random playthroughs of `scenario`. Run `i` uses session seed `seed + i` for
/// the random events and one choice stream seeded by `seed`, so the result depends only on the
/// scenario, the settings, `runs` and `seed`.
pub fn simulate(scenario: &Scenario, settings: &Settings, runs: u64, seed: u64) -> Simulation {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sim = Simulation::default();
    for i in 0..runs {
        let state = playthrough(scenario, seed.wrapping_add(i), &mut |n| rng.random_range(0..n));
        sim.decisions += state.chosen.len() as u64;
        sim.runs += 1;
        let At::Ending(ending) = &state.at else {
            sim.stuck += 1;
            continue;
        };
        *sim.endings.entry(ending.clone()).or_default() += 1;
        let verdict = judge_plain(state.case_so_far(), settings);
        if verdict.fired.is_empty() {
            sim.clean += 1;
        }
        for id in verdict.fired {
            *sim.items.entry(id).or_default() += 1;
        }
        let mut seen: Vec<(&str, Kind)> = Vec::new();
        for row in &verdict.accountable {
            if !seen.contains(&(row.person.as_str(), row.kind)) {
                seen.push((row.person.as_str(), row.kind));
                *sim.accountable
                    .entry(row.person.clone())
                    .or_default()
                    .entry(row.kind)
                    .or_default() += 1;
            }
        }
    }
    sim
}

/// One random playthrough to an ending (or a dead end), without a transcript: at each decision
/// `pick(n)` chooses one of the `n` ways on (the options offered, then letting the clock run
/// out where the decision is timed). The decisions taken are `state.chosen`.
pub fn playthrough(scenario: &Scenario, seed: u64, pick: &mut dyn FnMut(usize) -> usize) -> State {
    let mut state = State::start_quiet(scenario, seed);
    while let At::Decision(current) = state.at.clone() {
        let timed = scenario
            .decision(&current)
            .is_some_and(|d| d.time_limit.is_some() && d.on_timeout.is_some());
        let options: Vec<String> = state.options(scenario).into_iter().map(|c| c.id.clone()).collect();
        let choices = options.len() + usize::from(timed);
        if choices == 0 {
            break;
        }
        let event = match options.get(pick(choices)) {
            Some(option) => Event::choose(current, option.clone()),
            None => Event::Timeout { decision: current },
        };
        if state.step(scenario, &event).is_err() {
            break;
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_simulation_and_every_run_is_counted() {
        for scenario in crate::builtin::all() {
            let a = simulate(&scenario, &Settings::default(), 200, 7);
            assert_eq!(a, simulate(&scenario, &Settings::default(), 200, 7), "{}", scenario.id);
            assert_eq!(a.runs, 200);
            assert_eq!(a.endings.values().sum::<u64>() + a.stuck, 200, "{}", scenario.id);
            assert!(a.decisions >= 200, "{}", scenario.id);
            assert!(!a.items.is_empty(), "{}: random play fires something", scenario.id);
        }
    }
}
