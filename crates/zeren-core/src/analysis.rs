//! Exhaustive analysis of a scenario: walk every path (every option of every decision, every
//! outcome of every random event) and report what can happen — which Article 8 items and which
//! kinds of responsibility are reachable, on which shortest path, with what probability under
//! uniformly random choices; decision points and endings nothing reaches; dead ends; options that
//! change nothing. When the tree is too large, seeded random playthroughs stand in, and the
//! report says so.
//!
//! Random events are branched on lazily, the first time a path reads them: a chance on both
//! outcomes (weighted by its probability at that moment), a number at its minimum, middle and
//! maximum (a third each).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::engine::{At, Event, State};
use crate::judge::{ITEM_IDS, Settings, judge_plain};
use crate::limits::{MAX_ANALYSIS_STATES, MAX_FORKS_PER_STEP, MAX_PATH_DEPTH};
use crate::scenario::{RandomKind, Scenario};
pub use crate::verdict::KINDS;
use crate::verdict::Verdict;

/// How far to go.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Paths to walk before giving up on the exhaustive walk.
    pub max_paths: u64,
    /// Random playthroughs to sample instead.
    pub samples: u64,
    /// States to expand before giving up on the exhaustive walk: it stops when either limit
    /// is reached, so a walk whose paths never finish stops too.
    pub max_states: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_paths: 200_000,
            samples: 5_000,
            max_states: MAX_ANALYSIS_STATES,
        }
    }
}

/// Why sampling stood in for the exhaustive walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    /// More paths than `Limits::max_paths` (A0001).
    Paths,
    /// More states than `Limits::max_states` (A0001).
    States,
    /// One step read so many unfixed random events that its forks passed
    /// [`MAX_FORKS_PER_STEP`] (A0002).
    Forks,
    /// The time budget given (`zeren explore --budget-ms`) ran out before every path was
    /// walked (A0004).
    Time,
}

impl Fallback {
    /// The code of the reason, as listed in docs/scenario-format.md.
    pub fn code(self) -> &'static str {
        match self {
            Fallback::Paths | Fallback::States => "A0001",
            Fallback::Forks => "A0002",
            Fallback::Time => "A0004",
        }
    }
}

/// The code of paths cut after [`MAX_PATH_DEPTH`] decisions (a loop), as listed in
/// docs/scenario-format.md.
pub const LOOP_CODE: &str = "A0003";

/// Whether something can happen, how likely, and the shortest way there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    /// An item id (`art8.2.1` …), a responsibility kind (`direct` …) or an ending id.
    pub id: String,
    /// Some path gets there.
    pub reachable: bool,
    /// Probability under uniformly random choices (and the random events' own probabilities).
    pub probability: f64,
    /// The shortest path: options taken, with random outcomes in brackets.
    pub shortest: Option<Vec<String>>,
}

/// The analysis of one scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// True when every path was walked; false when too many and sampling stood in.
    pub exhaustive: bool,
    /// Paths walked (complete ones, dead ends included), or playthroughs sampled.
    pub paths: u64,
    /// The sample size, when sampling stood in.
    pub sample_size: Option<u64>,
    /// Why sampling stood in, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// Paths cut after [`MAX_PATH_DEPTH`] decisions without reaching an ending (the first few):
    /// the scenario loops.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loops: Vec<Vec<String>>,
    /// The seven items.
    pub items: Vec<Reach>,
    /// The ids of the items some path fires.
    pub reachable_items: Vec<String>,
    /// The five kinds of responsibility.
    pub kinds: Vec<Reach>,
    /// Each ending.
    pub endings: Vec<Reach>,
    /// Some path fires nothing.
    pub clean_path_exists: bool,
    /// The shortest such path.
    pub clean_path: Option<Vec<String>>,
    /// Decision points no path reaches.
    pub unreached_decisions: Vec<String>,
    /// Endings no path reaches.
    pub unreached_endings: Vec<String>,
    /// Paths that stop at a decision with no option offered (the first few).
    pub dead_ends: Vec<Vec<String>>,
    /// Options that changed no fact, variable, probability or the clock wherever they were taken.
    pub idle_options: Vec<(String, String)>,
    /// For each ending, the items that fire on some path ending there.
    pub ending_items: BTreeMap<String, Vec<String>>,
}

/// Analyses `scenario` under `settings`, all at once.
pub fn analyse(scenario: &Scenario, settings: &Settings, limits: &Limits) -> Analysis {
    let mut explorer = Explorer::new(scenario.clone(), settings.clone(), limits.clone());
    while !explorer.finished() {
        explorer.step(usize::MAX);
    }
    explorer.report()
}

/// A resumable analysis: `step` walks a slice of the tree, so a page can show progress and stay
/// responsive; `report` gives the result once `finished`.
pub struct Explorer {
    walk: Walk,
    limits: Limits,
    /// Paths still to walk: a state, the steps that led there and the path's weight.
    stack: Vec<(State, Path, f64)>,
    /// Sampling instead of walking: the next seed.
    sampling: Option<u64>,
    /// Why sampling stands in.
    fallback: Option<Fallback>,
    /// Whether the size of the tree has been estimated yet (at the first step).
    estimated: bool,
}

/// Random descents used to estimate the number of paths before walking them.
const PROBES: u64 = 24;

impl Explorer {
    /// An analysis of `scenario` about to start.
    pub fn new(scenario: Scenario, settings: Settings, limits: Limits) -> Self {
        let mut start = State::start_quiet(&scenario, 0);
        start.fixed = Some(BTreeMap::new());
        Explorer {
            walk: Walk::new(scenario, settings, limits.max_paths, limits.max_states),
            limits,
            stack: vec![(start, Path::default(), 1.0)],
            sampling: None,
            fallback: None,
            estimated: false,
        }
    }

    /// Samples from now on instead of walking every path (the tree is too large, or the time
    /// budget of the caller ran out); the report gives `why`.
    pub fn sample_instead(&mut self, why: Fallback) {
        if self.sampling.is_some() {
            return;
        }
        self.walk = Walk::new(
            self.walk.scenario.clone(),
            self.walk.settings.clone(),
            u64::MAX,
            u64::MAX,
        );
        self.stack.clear();
        self.sampling = Some(1);
        self.fallback = Some(why);
    }

    /// The samples taken so far.
    pub fn samples_taken(&self) -> u64 {
        self.sampling.map_or(0, |next| next - 1)
    }

    /// Samples until `samples` in all (for a caller that spends a time budget on more of them).
    pub fn raise_samples(&mut self, samples: u64) {
        self.limits.samples = self.limits.samples.max(samples);
    }

    /// Estimates the number of paths (Knuth's estimator: random descents, each multiplying the
    /// number of children met on the way) and samples at once when the walk would pass the
    /// limits, instead of walking most of the tree before giving up.
    fn estimate(&mut self) {
        self.estimated = true;
        let Some((start, _, _)) = self.stack.last().cloned() else {
            return;
        };
        let mut probe = Walk::new(
            self.walk.scenario.clone(),
            self.walk.settings.clone(),
            u64::MAX,
            u64::MAX,
        );
        let (mut paths, mut states) = (0.0, 0.0);
        for k in 0..PROBES {
            let mut pick = k.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            let (mut state, mut steps, mut width) = (start.clone(), Path::default(), 1.0);
            while matches!(state.at, At::Decision(_)) && steps.len() < MAX_PATH_DEPTH {
                states += width;
                let mut children = Vec::new();
                if probe.expand(state, steps, 1.0, &mut children).is_err() {
                    return self.sample_instead(Fallback::Forks);
                }
                pick = pick
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let n = children.len();
                let Some(child) = children.into_iter().nth((pick >> 33) as usize % n.max(1)) else {
                    break;
                };
                width *= n as f64;
                (state, steps) = (child.0, child.1);
            }
            paths += width;
        }
        let (paths, states) = (paths / PROBES as f64, states / PROBES as f64);
        // A margin for the estimate's spread: walk when it may well fit, sample when it cannot.
        if states > 4.0 * self.limits.max_states as f64 {
            self.sample_instead(Fallback::States);
        } else if paths > 4.0 * self.limits.max_paths as f64 {
            self.sample_instead(Fallback::Paths);
        }
    }

    /// Walks up to `budget` states (or samples); returns the share done, from 0 to 1. In the
    /// exhaustive walk that is the probability mass of the paths finished, which reaches 1
    /// exactly when every path has been walked.
    pub fn step(&mut self, budget: usize) -> f64 {
        if !self.estimated {
            self.estimate();
        }
        for _ in 0..budget {
            if let Some(seed) = self.sampling {
                if seed > self.limits.samples {
                    break;
                }
                self.walk.sample(seed, 1.0);
                self.sampling = Some(seed + 1);
                continue;
            }
            let Some((state, steps, weight)) = self.stack.pop() else {
                break;
            };
            if let Err(TooMany(why)) = self.walk.expand(state, steps, weight, &mut self.stack) {
                // Too many paths, states or forks: start again, sampling.
                self.sample_instead(why);
            }
        }
        self.progress()
    }

    /// The share done, from 0 to 1.
    pub fn progress(&self) -> f64 {
        match self.sampling {
            Some(seed) => ((seed - 1) as f64 / self.limits.samples as f64).min(1.0),
            None if self.stack.is_empty() => 1.0,
            None => self.walk.done.min(1.0),
        }
    }

    /// True once every path is walked (or every sample taken).
    pub fn finished(&self) -> bool {
        match self.sampling {
            Some(seed) => seed > self.limits.samples,
            None => self.stack.is_empty(),
        }
    }

    /// The result so far (complete once `finished`).
    pub fn report(&self) -> Analysis {
        let sampled = self.sampling.map(|_| self.samples_taken().min(self.limits.samples));
        Analysis {
            fallback: self.fallback,
            ..self.walk.report(sampled.is_none(), sampled)
        }
    }
}

/// The walk's tallies.
struct Walk {
    scenario: Scenario,
    settings: Settings,
    max_paths: u64,
    max_states: u64,
    paths: u64,
    /// States expanded so far.
    states: u64,
    /// The probability mass of the paths finished.
    done: f64,
    reach: BTreeMap<String, Reach>,
    clean: Reach,
    visited: BTreeSet<String>,
    dead_ends: Vec<Vec<String>>,
    loops: Vec<Vec<String>>,
    idle: BTreeSet<(String, String)>,
    busy: BTreeSet<(String, String)>,
    ending_items: BTreeMap<String, BTreeSet<&'static str>>,
}

/// The walk stopped: too many paths, states or forks.
struct TooMany(Fallback);

impl Walk {
    fn new(scenario: Scenario, settings: Settings, max_paths: u64, max_states: u64) -> Self {
        Walk {
            scenario,
            settings,
            max_paths,
            max_states,
            paths: 0,
            states: 0,
            done: 0.0,
            reach: BTreeMap::new(),
            clean: Reach::default(),
            visited: BTreeSet::new(),
            dead_ends: Vec::new(),
            loops: Vec::new(),
            idle: BTreeSet::new(),
            busy: BTreeSet::new(),
            ending_items: BTreeMap::new(),
        }
    }

    /// Expands one state: finishes it at an ending, or pushes the state after each choice.
    fn expand(
        &mut self,
        state: State,
        steps: Path,
        weight: f64,
        stack: &mut Vec<(State, Path, f64)>,
    ) -> Result<(), TooMany> {
        let At::Decision(decision) = state.at.clone() else {
            return self.finish(&state, steps, weight);
        };
        self.states += 1;
        if self.states > self.max_states {
            return Err(TooMany(Fallback::States));
        }
        if steps.len() >= MAX_PATH_DEPTH {
            self.cut(&steps, weight);
            return Ok(());
        }
        if !self.visited.contains(&decision) {
            self.visited.insert(decision.clone());
        }
        let scenario = &self.scenario;
        // Offering an option may itself read a random event.
        let offered = self.branch(&state, &|s: &State| {
            s.options(scenario).iter().map(|c| c.id.clone()).collect::<Vec<_>>()
        })?;
        // Children are pushed in reverse, so the first option is walked first.
        let mut children = Vec::new();
        for (state, w, options) in offered {
            let timed = self
                .scenario
                .decision(&decision)
                .is_some_and(|d| d.time_limit.is_some());
            let mut events: Vec<(String, Event)> = options
                .iter()
                .map(|o| (o.clone(), Event::choose(decision.clone(), o.clone())))
                .collect();
            if timed {
                events.push((
                    crate::engine::TIMEOUT.into(),
                    Event::Timeout {
                        decision: decision.clone(),
                    },
                ));
            }
            if events.is_empty() {
                self.dead_end(&steps, weight * w);
                continue;
            }
            let share = weight * w / events.len() as f64;
            for (label, event) in events {
                let scenario = &self.scenario;
                for (next, w2, result) in self.branch(&state, &|s: &State| s.apply(scenario, &event))? {
                    let Ok(after) = result else {
                        self.done += share * w2;
                        continue;
                    };
                    if let Event::Choose { option, .. } = &event {
                        self.note_effect(&next, &after, &decision, option);
                    }
                    let revealed = new_outcomes(&self.scenario, &state, &next);
                    let path = steps.then(if revealed.is_empty() {
                        label.clone()
                    } else {
                        format!("{label} {}", revealed.join(" "))
                    });
                    children.push((after, path, share * w2));
                }
            }
        }
        stack.extend(children.into_iter().rev());
        Ok(())
    }

    /// Runs `run` on `state`, forking on each outcome of any random event it reads unfixed.
    /// Returns each fork's state (with the outcomes fixed), its weight and `run`'s result; more
    /// than [`MAX_FORKS_PER_STEP`] forks stop the walk.
    /// A state read no random event is handed back borrowed, not copied.
    fn branch<'a, R>(
        &self,
        state: &'a State,
        run: &dyn Fn(&State) -> R,
    ) -> Result<Vec<(Cow<'a, State>, f64, R)>, TooMany> {
        self.fork(state, run, &mut 0)
    }

    fn fork<'a, R>(
        &self,
        state: &'a State,
        run: &dyn Fn(&State) -> R,
        forks: &mut usize,
    ) -> Result<Vec<(Cow<'a, State>, f64, R)>, TooMany> {
        let scenario = &self.scenario;
        state.take_pending();
        let result = run(state);
        let Some(id) = state.take_pending() else {
            *forks += 1;
            if *forks > MAX_FORKS_PER_STEP {
                return Err(TooMany(Fallback::Forks));
            }
            return Ok(vec![(Cow::Borrowed(state), 1.0, result)]);
        };
        let mut out = Vec::new();
        for (value, w) in outcomes(scenario, state, &id) {
            let mut fork = state.clone();
            if let Some(fixed) = fork.fixed.as_mut() {
                fixed.insert(id.clone(), value);
            }
            // The fork itself, moved where no further event was read; the deeper forks, owned.
            let deeper: Vec<(Option<State>, f64, R)> = self
                .fork(&fork, run, forks)?
                .into_iter()
                .map(|(s, w2, r)| (matches!(s, Cow::Owned(_)).then(|| s.into_owned()), w2, r))
                .collect();
            let mut fork = Some(fork);
            out.extend(
                deeper
                    .into_iter()
                    .filter_map(|(s, w2, r)| Some((Cow::Owned(s.or_else(|| fork.take())?), w * w2, r))),
            );
        }
        Ok(out)
    }

    /// Notes whether a choice changed any fact, variable, probability or the clock.
    fn note_effect(&mut self, before: &State, after: &State, decision: &str, option: &str) {
        let same = before.case == after.case
            && before.vars == after.vars
            && before.minute == after.minute
            && before.chances == after.chances;
        let seen = if same { &mut self.idle } else { &mut self.busy };
        // Looked up before inserting: most options are met many times.
        if !seen.iter().any(|(d, o)| d == decision && o == option) {
            seen.insert((decision.to_owned(), option.to_owned()));
        }
    }

    fn dead_end(&mut self, steps: &Path, weight: f64) {
        self.paths += 1;
        self.done += weight;
        if self.dead_ends.len() < 5 {
            self.dead_ends.push(steps.to_vec());
        }
    }

    /// A path still going after [`MAX_PATH_DEPTH`] decisions: counted, not judged.
    fn cut(&mut self, steps: &Path, weight: f64) {
        self.paths += 1;
        self.done += weight;
        if self.loops.len() < 5 {
            self.loops.push(steps.to_vec());
        }
    }

    fn finish(&mut self, state: &State, steps: Path, weight: f64) -> Result<(), TooMany> {
        self.paths += 1;
        if self.paths > self.max_paths {
            return Err(TooMany(Fallback::Paths));
        }
        self.done += weight;
        let verdict = judge_plain(state.case_so_far(), &self.settings);
        self.tally(state, &verdict, &steps, weight);
        Ok(())
    }

    fn tally(&mut self, state: &State, verdict: &Verdict, steps: &Path, weight: f64) {
        let kinds = KINDS
            .iter()
            .filter(|(k, _)| verdict.accountable.iter().any(|r| r.kind == *k))
            .map(|(_, w)| *w);
        for id in verdict.fired.iter().copied().chain(kinds) {
            self.reached(id, steps, weight);
        }
        if let At::Ending(id) = &state.at {
            self.reached(&format!("ending:{id}"), steps, weight);
            match self.ending_items.get_mut(id) {
                Some(items) => items.extend(verdict.fired.iter().copied()),
                None => {
                    self.ending_items
                        .insert(id.clone(), verdict.fired.iter().copied().collect());
                }
            }
        }
        if verdict.fired.is_empty() {
            add(&mut self.clean, steps, weight);
        }
    }

    /// One random playthrough with the seed's own draws, for scenarios too large to walk.
    fn sample(&mut self, seed: u64, weight: f64) {
        // The scenario is lent out for the playthrough, so the tallies can be written meanwhile.
        let scenario = std::mem::take(&mut self.scenario);
        self.play_sample(&scenario, seed, weight);
        self.scenario = scenario;
    }

    fn play_sample(&mut self, scenario: &Scenario, seed: u64, weight: f64) {
        let mut state = State::start_quiet(scenario, seed);
        let mut steps = Path::default();
        let mut pick = seed;
        while let At::Decision(d) = state.at.clone() {
            if steps.len() >= MAX_PATH_DEPTH {
                self.cut(&steps, weight);
                return;
            }
            self.visited.insert(d.clone());
            let options = state.options(scenario);
            if options.is_empty() {
                self.dead_end(&steps, weight);
                return;
            }
            pick = pick
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let option = options[(pick >> 33) as usize % options.len()].id.clone();
            let Ok(next) = state.apply(scenario, &Event::choose(d.clone(), option.clone())) else {
                return;
            };
            self.note_effect(&state, &next, &d, &option);
            state = next;
            steps = steps.then(option);
        }
        self.paths += 1;
        self.done += weight;
        let verdict = judge_plain(state.case_so_far(), &self.settings);
        self.tally(&state, &verdict, &steps, weight);
    }

    fn reached(&mut self, id: &str, steps: &Path, weight: f64) {
        match self.reach.get_mut(id) {
            Some(r) => add(r, steps, weight),
            None => {
                let mut r = Reach {
                    id: id.to_owned(),
                    ..Reach::default()
                };
                add(&mut r, steps, weight);
                self.reach.insert(id.to_owned(), r);
            }
        }
    }

    fn report(&self, exhaustive: bool, sample_size: Option<u64>) -> Analysis {
        // A sample weighs 1: its shares are the counts over the samples taken.
        let scale = sample_size.map_or(1.0, |n| 1.0 / n.max(1) as f64);
        let get = |id: &str| {
            let mut r = self.reach.get(id).cloned().unwrap_or_else(|| Reach {
                id: id.to_owned(),
                ..Reach::default()
            });
            r.probability *= scale;
            r
        };
        let items: Vec<Reach> = ITEM_IDS.iter().map(|id| get(id)).collect();
        let endings = self
            .scenario
            .endings
            .iter()
            .map(|e| Reach {
                id: e.id.clone(),
                ..get(&format!("ending:{}", e.id))
            })
            .collect::<Vec<_>>();
        Analysis {
            exhaustive,
            paths: self.paths,
            sample_size,
            fallback: None,
            loops: self.loops.clone(),
            reachable_items: ITEM_IDS
                .iter()
                .copied()
                .filter(|id| self.reach.contains_key(*id))
                .map(str::to_owned)
                .collect(),
            kinds: KINDS.iter().map(|(_, w)| get(w)).collect(),
            clean_path_exists: self.clean.reachable,
            clean_path: self.clean.shortest.clone(),
            unreached_decisions: self
                .scenario
                .decisions
                .iter()
                .map(|d| d.id.clone())
                .filter(|d| !self.visited.contains(d))
                .collect(),
            unreached_endings: endings.iter().filter(|e| !e.reachable).map(|e| e.id.clone()).collect(),
            idle_options: self.idle.difference(&self.busy).cloned().collect(),
            dead_ends: self.dead_ends.clone(),
            ending_items: self
                .ending_items
                .iter()
                .map(|(k, v)| (k.clone(), v.iter().map(|i| (*i).to_owned()).collect()))
                .collect(),
            items,
            endings,
        }
    }
}

/// A path: its last step and the path before it, shared by the paths that branch from it, so a
/// step is never copied (only the few paths kept in the report become lists).
#[derive(Clone, Debug, Default)]
struct Path(Option<std::sync::Arc<Step>>);

#[derive(Debug)]
struct Step {
    label: String,
    before: Path,
    len: usize,
}

impl Path {
    fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |s| s.len)
    }

    fn then(&self, label: String) -> Path {
        Path(Some(std::sync::Arc::new(Step {
            label,
            before: self.clone(),
            len: self.len() + 1,
        })))
    }

    fn to_vec(&self) -> Vec<String> {
        let mut labels = Vec::with_capacity(self.len());
        let mut at = &self.0;
        while let Some(step) = at {
            labels.push(step.label.clone());
            at = &step.before.0;
        }
        labels.reverse();
        labels
    }
}

fn add(r: &mut Reach, steps: &Path, weight: f64) {
    r.reachable = true;
    r.probability += weight;
    if r.shortest.as_ref().is_none_or(|s| s.len() > steps.len()) {
        r.shortest = Some(steps.to_vec());
    }
}

/// The random outcomes fixed between two states, as path steps: `[attacker_returns=yes]` for
/// a chance, `[records=1]` for a number (even one that drew 0 or 1).
fn new_outcomes(scenario: &Scenario, before: &State, after: &State) -> Vec<String> {
    let (Some(b), Some(a)) = (&before.fixed, &after.fixed) else {
        return Vec::new();
    };
    a.iter()
        .filter(|(id, _)| !b.contains_key(*id))
        .map(|(id, v)| {
            let chance = scenario
                .random(id)
                .is_some_and(|r| matches!(r.kind, RandomKind::Chance(_)));
            let value = match (chance, *v == 1.0) {
                (true, true) => "yes".to_owned(),
                (true, false) => "no".to_owned(),
                (false, _) => v.to_string(),
            };
            format!("[{id}={value}]")
        })
        .collect()
}

/// The outcomes of a random event to branch on, with their weights.
fn outcomes(scenario: &Scenario, state: &State, id: &str) -> Vec<(f64, f64)> {
    match scenario.random(id).map(|r| r.kind) {
        Some(RandomKind::Chance(p)) => {
            let p = state.chances.get(id).copied().unwrap_or(p);
            [(1.0, p), (0.0, 1.0 - p)]
                .into_iter()
                .filter(|(_, w)| *w > 0.0)
                .collect()
        }
        Some(RandomKind::Range(lo, hi)) => {
            let mid = lo.midpoint(hi);
            let mut values = vec![lo, mid, hi];
            values.dedup();
            let w = 1.0 / values.len() as f64;
            values.into_iter().map(|v| (v as f64, w)).collect()
        }
        None => vec![(0.0, 1.0)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtins_reach_what_they_teach() {
        let mut reached = BTreeSet::new();
        for s in crate::builtin::all() {
            let a = analyse(&s, &Settings::default(), &Limits::default());
            assert!(a.exhaustive, "{}", s.id);
            assert!(a.clean_path_exists, "{}", s.id);
            assert!(
                a.unreached_decisions.is_empty() && a.unreached_endings.is_empty(),
                "{}: {a:?}",
                s.id
            );
            assert!(a.dead_ends.is_empty(), "{}", s.id);
            let total: f64 = a.endings.iter().map(|e| e.probability).sum();
            assert!(
                (total - 1.0).abs() < 1e-9,
                "{}: ending probabilities sum to {total}",
                s.id
            );
            reached.extend(a.reachable_items.clone());
        }
        assert_eq!(reached.into_iter().collect::<Vec<_>>(), &ITEM_IDS[..6]);
    }

    /// The analysis crosses to the page from the editor's worker and back as data: what is
    /// written is read back the same (a loop-free, unsampled analysis omits some fields).
    #[test]
    fn an_analysis_reads_back_as_written() {
        for s in crate::builtin::all() {
            let a = analyse(&s, &Settings::default(), &Limits::default());
            let value = serde_json::to_value(&a).unwrap_or_default();
            let back: Result<Analysis, _> = serde_json::from_value(value);
            assert_eq!(back.ok().as_ref(), Some(&a), "{}", s.id);
        }
    }
}
