//! The state of a session and the one function that moves it: `step`.

use std::collections::{BTreeMap, BTreeSet};

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::Value;

use super::{At, EngineError, Entry, EntryKind, Event, Vote};
use crate::case::{Act, Case, Decision};
use crate::facts;
use crate::judge::{Settings, judge};
use crate::lang::text;
use crate::limits::{MAX_EVENTS, MAX_REASON_CHARS};
use crate::scenario::cond::{Env, Subject};
use crate::scenario::{Amount, Branch, Choice, Effects, Next, RandomKind, Scenario, Tr};
use crate::verdict::{Status, Verdict};

/// The state of a session: the facts so far and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct State {
    /// Scenario minute (0 = discovery).
    pub minute: u64,
    /// The facts so far, as a case the judge can read.
    pub case: Case,
    /// Scenario variables.
    pub vars: BTreeMap<String, Value>,
    /// Probabilities of chance events changed by effects (the others keep the scenario's).
    pub chances: BTreeMap<String, f64>,
    /// Where the session stands.
    pub at: At,
    /// The choices made, in order: (decision, option, minute).
    pub chosen: Vec<(String, String, u64)>,
    /// Injects already shown, by their place in the scenario's list.
    pub shown: BTreeSet<usize>,
    /// For each fact path, every choice whose effects wrote it, as places in `chosen`, in order
    /// (see [`State::writers`]). Not kept in random playthroughs and the analysis.
    pub written: BTreeMap<String, Vec<usize>>,
    /// Everything that happened.
    pub transcript: Vec<Entry>,
    /// Dissents recorded because of a vote (docs/rules-model.md §4): (place in `chosen`, person).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub voted_dissent: Vec<(usize, String)>,
    /// The seed of the session.
    pub seed: u64,
    /// Outcomes fixed by the analysis instead of drawn from the seed; `None` in play.
    #[serde(skip)]
    pub(crate) fixed: Option<BTreeMap<String, f64>>,
    /// During analysis, the first random event read that had no fixed outcome yet. Shared by
    /// clones, so a read inside `apply` (which works on a copy) is seen by the caller.
    #[serde(skip)]
    pub(crate) pending: Pending,
    /// True in the analysis, which reads no transcript: nothing is logged, so its many states
    /// stay small and cheap to copy.
    #[serde(skip)]
    pub(crate) quiet: bool,
    /// Events applied since the start, held to [`MAX_EVENTS`].
    #[serde(skip)]
    pub(crate) events: usize,
}

/// During analysis, the first random event read with no fixed outcome: scratch shared by a
/// state's clones, not part of its value (so it never makes two states differ).
#[derive(Clone, Debug, Default)]
pub(crate) struct Pending(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PartialEq for Pending {
    fn eq(&self, _: &Pending) -> bool {
        true
    }
}

/// The live verdict: what fires now, and what will fire within the next hour if nothing changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Live {
    /// The verdict on the facts so far.
    pub verdict: Verdict,
    /// Items not fired now that fire an hour from now if nothing is done.
    pub at_risk: Vec<&'static str>,
}

/// The clock moves in steps of at most this many minutes, so that an inject waiting for a
/// condition arrives within five minutes of the moment it first holds.
const STEP: u64 = 5;

/// How far ahead "at risk" looks, in scenario minutes.
pub const RISK_HORIZON: u64 = 60;

impl State {
    /// The state at the start of a scenario, before any event.
    pub fn start(scenario: &Scenario, seed: u64) -> State {
        State::begin(scenario, seed, false)
    }

    /// The start without a transcript, for random playthroughs and the analysis, which read none.
    pub(crate) fn start_quiet(scenario: &Scenario, seed: u64) -> State {
        State::begin(scenario, seed, true)
    }

    fn begin(scenario: &Scenario, seed: u64, quiet: bool) -> State {
        let mut state = State {
            minute: 0,
            case: scenario.base.clone(),
            vars: scenario.vars.clone(),
            chances: BTreeMap::new(),
            at: At::Decision(scenario.start.clone()),
            chosen: Vec::new(),
            shown: BTreeSet::new(),
            written: BTreeMap::new(),
            transcript: Vec::new(),
            voted_dissent: Vec::new(),
            seed,
            fixed: None,
            pending: Default::default(),
            quiet,
            events: 0,
        };
        state.arrivals(scenario);
        state.date_the_facts();
        state
    }

    /// While the session runs, a report or handling not yet made is judged as of the current
    /// minute; once it has ended, as never made. Kept true after every change of minute or place.
    fn date_the_facts(&mut self) {
        self.case.incident.as_of = match self.at {
            At::Decision(_) => Some(self.minute),
            At::Ending(_) => None,
        };
    }

    /// Applies one event, returning the next state; the state itself is never changed.
    pub fn apply(&self, scenario: &Scenario, event: &Event) -> Result<State, EngineError> {
        let mut next = self.clone();
        next.step(scenario, event)?;
        Ok(next)
    }

    /// Applies one event to this state in place, for callers that keep no history (random
    /// playthroughs). On an error the state may be partly changed: drop it.
    pub fn step(&mut self, scenario: &Scenario, event: &Event) -> Result<(), EngineError> {
        if self.events >= MAX_EVENTS {
            return Err(EngineError::TooManyEvents);
        }
        let next = self;
        next.events += 1;
        match event {
            Event::Instructor { reason } => {
                if reason.chars().count() > MAX_REASON_CHARS {
                    return Err(EngineError::ReasonTooLong);
                }
                let reasons = match &next.case.conduct.instructor_fired {
                    Some(r) => format!("{r}；{reason}"),
                    None => reason.clone(),
                };
                next.case.conduct.instructor_fired = Some(reasons);
                next.log(EntryKind::Instructor { reason: reason.clone() });
            }
            Event::Choose { decision, option, vote } => {
                if let Some(v) = vote {
                    v.check(scenario).map_err(EngineError::BadVote)?;
                }
                next.choose(scenario, decision, option, false, vote.as_ref())?
            }
            Event::Timeout { decision } => {
                let point = next.current(scenario, decision)?;
                let (Some(limit), Some(default)) = (point.time_limit, point.on_timeout.clone()) else {
                    return Err(EngineError::NoTimeout);
                };
                next.advance(scenario, limit);
                next.choose(scenario, decision, &default, true, None)?;
            }
        }
        next.date_the_facts();
        Ok(())
    }

    fn current<'s>(
        &self,
        scenario: &'s Scenario,
        decision: &str,
    ) -> Result<&'s crate::scenario::DecisionPoint, EngineError> {
        match &self.at {
            At::Ending(_) => Err(EngineError::Ended),
            At::Decision(current) if current != decision => Err(EngineError::NotCurrent {
                current: current.clone(),
            }),
            At::Decision(current) => scenario
                .decision(current)
                .ok_or_else(|| EngineError::Broken(text!("没有决策点 `{current}`", "no decision `{current}`"))),
        }
    }

    /// The options offered now.
    pub fn options<'s>(&self, scenario: &'s Scenario) -> Vec<&'s Choice> {
        let At::Decision(current) = &self.at else {
            return Vec::new();
        };
        let Some(point) = scenario.decision(current) else {
            return Vec::new();
        };
        point
            .options
            .iter()
            .filter(|c| c.when.as_ref().is_none_or(|w| w.holds(&self.env(scenario))))
            .collect()
    }

    fn choose(
        &mut self,
        scenario: &Scenario,
        decision: &str,
        option: &str,
        timed_out: bool,
        vote: Option<&Vote>,
    ) -> Result<(), EngineError> {
        let point = self.current(scenario, decision)?;
        let env = self.env(scenario);
        let choice = point
            .options
            .iter()
            .find(|c| c.id == option && c.when.as_ref().is_none_or(|w| w.holds(&env)))
            .ok_or_else(|| EngineError::NotOffered {
                option: option.to_owned(),
            })?;
        self.chosen.push((decision.to_owned(), option.to_owned(), self.minute));
        self.log(EntryKind::Decision {
            decision: decision.to_owned(),
            option: option.to_owned(),
            label: choice.label.clone(),
            timed_out,
        });
        // Branches are chosen on the state before any effect of the option; every branch that
        // holds adds its effects, and the first one with a destination decides where to go.
        let env = self.env(scenario);
        let branches: Vec<&Branch> = choice.branches.iter().filter(|b| b.when.holds(&env)).collect();
        self.effects(scenario, decision, &choice.effects, vote);
        for b in &branches {
            self.effects(scenario, decision, &b.effects, vote);
        }
        let next = branches.iter().find_map(|b| b.next.as_ref()).unwrap_or(&choice.next);
        self.arrivals(scenario);
        self.at = match next {
            Next::Decision(id) => At::Decision(id.clone()),
            Next::Ending(id) => {
                let ending = scenario
                    .ending(id)
                    .ok_or_else(|| EngineError::Broken(text!("没有结局 `{id}`", "no ending `{id}`")))?;
                self.log(EntryKind::Ending {
                    id: id.clone(),
                    title: ending.title.clone(),
                });
                At::Ending(id.clone())
            }
        };
        Ok(())
    }

    fn effects(&mut self, scenario: &Scenario, decision: &str, e: &Effects, vote: Option<&Vote>) {
        // Remember which choice wrote each fact, for the debrief's why-trace.
        if let Some(choice) = self.chosen.len().checked_sub(1).filter(|_| !self.quiet) {
            for path in e
                .set
                .iter()
                .chain(&e.set_after)
                .map(|(p, _)| p)
                .chain(e.add.iter().map(|(p, _)| p))
            {
                let writers = self.written.entry(path.clone()).or_default();
                if writers.last() != Some(&choice) {
                    writers.push(choice);
                }
            }
        }
        self.set_all(scenario, &e.set);
        for (path, amount) in &e.add {
            self.grow(path, *amount);
        }
        for (id, p) in &e.chance {
            let given = scenario.random(id).and_then(|r| match r.kind {
                RandomKind::Chance(p) => Some(p),
                RandomKind::Range(..) => None,
            });
            if given == Some(*p) {
                self.chances.remove(id);
            } else {
                self.chances.insert(id.clone(), *p);
            }
        }
        if let Some(a) = &e.act {
            // The act carries out the latest meeting held at that decision point, if one was.
            let carries_out = a.carries_out.as_ref().and_then(|point| {
                let prefix = format!("{point}#");
                self.case
                    .decisions
                    .iter()
                    .rev()
                    .find(|d| d.id.starts_with(&prefix))
                    .map(|d| d.id.clone())
            });
            self.case.acts.push(Act {
                person: a.person.clone(),
                caused: a.caused.clone(),
                note: a.note.zh.clone(),
                note_en: a.note.en.clone(),
                instructed_by: a.instructed_by.clone(),
                carries_out,
            });
        }
        if let Some(m) = &e.meeting {
            let n = self.case.decisions.len() + 1;
            let mut dissent = m.dissent.clone();
            for person in vote.map(|v| v.dissenters(scenario, m)).unwrap_or_default() {
                self.voted_dissent
                    .push((self.chosen.len().saturating_sub(1), person.clone()));
                dissent.push(person);
            }
            self.case.decisions.push(Decision {
                id: format!("{decision}#{n}"),
                unit: None,
                subject: m.subject.zh.clone(),
                subject_en: m.subject.en.clone(),
                caused: m.caused.clone(),
                attended: m.attended.clone(),
                dissent,
            });
        }
        if let Some((clause, note)) = &e.breach {
            self.case.breaches.push(crate::case::BreachFact {
                clause: clause.clone(),
                unit: None,
                note: note.zh.clone(),
                note_en: note.en.clone(),
            });
        }
        if let Some(text) = e.outcome.as_ref().filter(|_| !self.quiet) {
            self.log(EntryKind::Outcome { text: self.fill(text) });
        }
        for id in &e.inject {
            self.show(scenario, id);
        }
        self.advance(scenario, e.advance);
        self.set_all(scenario, &e.set_after);
    }

    /// Sets facts and variables; `"now"` stands for the current minute and `"random.ID"` for
    /// the number drawn for a random event.
    fn set_all(&mut self, scenario: &Scenario, sets: &[(String, Value)]) {
        for (path, value) in sets {
            let value = match value.as_str() {
                Some("now") => Value::from(self.minute),
                Some(word) => match word.strip_prefix("random.") {
                    // A drawn number is a whole number ≥ 0.
                    Some(id) => Value::from(self.draw(scenario, id).unwrap_or(0.0) as u64),
                    None => value.clone(),
                },
                None => value.clone(),
            };
            self.write(path, value);
        }
    }

    fn write(&mut self, path: &str, value: Value) {
        match path.strip_prefix("vars.") {
            Some(var) => {
                self.vars.insert(var.to_owned(), value);
            }
            // Paths and values were checked when the scenario was read.
            None => {
                let _ = facts::set(&mut self.case, path, value);
            }
        }
    }

    fn grow(&mut self, path: &str, amount: f64) {
        match path.strip_prefix("vars.") {
            Some(var) => {
                let current = self.vars.get(var).and_then(Value::as_f64).unwrap_or(0.0);
                // A count variable stays a whole number ≥ 0.
                self.vars
                    .insert(var.to_owned(), Value::from((current + amount).max(0.0).round() as u64));
            }
            // Paths were checked to be counts when the scenario was read.
            None => {
                facts::add(&mut self.case, path, amount);
            }
        }
    }

    /// Moves the clock on, growing rated facts and delivering timed injects on the way.
    fn advance(&mut self, scenario: &Scenario, minutes: u64) {
        let end = self.minute.saturating_add(minutes);
        // Indexed once per advance, not scanned at every step: the timed injects that may arrive
        // on the way, by time, and the injects that wait for a condition.
        let mut timed: Vec<(u64, usize)> = scenario
            .injects
            .iter()
            .enumerate()
            .filter_map(|(n, i)| Some((i.at?, n)))
            .filter(|(at, _)| *at > self.minute && *at <= end)
            .collect();
        crate::sort::sort(&mut timed);
        let waiting: Vec<usize> = (0..scenario.injects.len())
            .filter(|n| scenario.injects[*n].when.is_some())
            .collect();
        let mut next = 0;
        while self.minute < end {
            // The next one not yet shown (an option or a condition may have shown it early).
            while timed
                .get(next)
                .is_some_and(|(at, n)| *at <= self.minute || self.shown.contains(n))
            {
                next += 1;
            }
            let next_inject = timed
                .get(next)
                .map_or(end, |(at, _)| *at)
                .min(self.minute.saturating_add(STEP));
            let step = next_inject - self.minute;
            let growth: Vec<(String, f64)> = scenario
                .rates
                .iter()
                .filter(|r| r.when.as_ref().is_none_or(|w| w.holds(&self.env(scenario))))
                .map(|r| (r.fact.clone(), self.amount(scenario, &r.per_hour) * step as f64 / 60.0))
                .collect();
            for (path, amount) in growth {
                self.grow(&path, amount);
            }
            self.minute = next_inject;
            // Every timed inject due earlier has been shown already (the clock stops at each),
            // so only those due now and those waiting for a condition can arrive.
            let due = timed[next..].iter().take_while(|(at, _)| *at <= self.minute);
            if due.clone().next().is_none() {
                self.arrive(scenario, waiting.iter().copied());
            } else {
                let mut candidates = waiting.clone();
                candidates.extend(due.map(|(_, n)| *n));
                crate::sort::sort(&mut candidates);
                candidates.dedup();
                self.arrive(scenario, candidates.into_iter());
            }
        }
    }

    /// Shows every inject whose time has come or whose condition now holds.
    fn arrivals(&mut self, scenario: &Scenario) {
        self.arrive(scenario, 0..scenario.injects.len());
    }

    /// Shows each of `injects` (in file order) whose time has come or whose condition holds.
    /// One pass is enough: showing an inject changes nothing a condition reads.
    fn arrive(&mut self, scenario: &Scenario, injects: impl Iterator<Item = usize>) {
        for n in injects {
            let Some(i) = scenario.injects.get(n) else { continue };
            if !self.shown.contains(&n)
                && (i.at.is_some_and(|at| at <= self.minute)
                    || i.when.as_ref().is_some_and(|w| w.holds(&self.env(scenario))))
            {
                self.show_inject(n, i);
            }
        }
    }

    fn show(&mut self, scenario: &Scenario, id: &str) {
        if let Some(n) = scenario.injects.iter().position(|i| i.id == id) {
            self.show_inject(n, &scenario.injects[n]);
        }
    }

    fn show_inject(&mut self, n: usize, inject: &crate::scenario::Inject) {
        self.shown.insert(n);
        if self.quiet {
            return;
        }
        self.log(EntryKind::Inject {
            id: inject.id.clone(),
            from: inject.from.clone(),
            text: self.fill(&inject.text),
        });
    }

    fn log(&mut self, what: EntryKind) {
        if self.quiet {
            return;
        }
        self.transcript.push(Entry {
            minute: self.minute,
            what,
        });
    }

    /// Replaces `{incident.reposts}`, `{vars.x}` and `{clock}` in a text with their values now.
    fn fill(&self, text: &Tr) -> Tr {
        let fill = |s: &str| {
            let mut out = String::new();
            let mut rest = s;
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                let after = &rest[open + 1..];
                match after.find('}') {
                    Some(close) => {
                        let name = &after[..close];
                        match self.lookup(name) {
                            Some(v) => out.push_str(&v),
                            None => out.push_str(&rest[open..open + close + 2]),
                        }
                        rest = &after[close + 1..];
                    }
                    None => {
                        out.push_str(&rest[open..]);
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            out
        };
        Tr {
            zh: fill(&text.zh),
            en: text.en.as_deref().map(fill),
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        if name == "clock" {
            return Some(self.minute.to_string());
        }
        let v = match name.strip_prefix("vars.") {
            Some(var) => self.vars.get(var).cloned(),
            None => facts::get(&self.case, name),
        }?;
        Some(match v {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }

    fn amount(&self, scenario: &Scenario, a: &Amount) -> f64 {
        match a {
            Amount::Fixed(n) => *n,
            Amount::Random(id) => self.draw(scenario, id).unwrap_or(0.0),
        }
    }

    /// During analysis: the first random event read unfixed since the last call, cleared.
    pub(crate) fn take_pending(&self) -> Option<String> {
        self.pending.0.lock().ok().and_then(|mut p| p.take())
    }

    /// The outcome of a random event: 1 or 0 for a chance (at its current probability), the
    /// number for a range. The same seed and id always give the same uniform draw.
    pub fn draw(&self, scenario: &Scenario, id: &str) -> Option<f64> {
        let random = scenario.random(id)?;
        if let Some(fixed) = &self.fixed {
            // Analysis: a fixed outcome, or a note that this event must be branched on.
            return Some(fixed.get(id).copied().unwrap_or_else(|| {
                if let Ok(mut pending) = self.pending.0.lock() {
                    pending.get_or_insert_with(|| id.to_owned());
                }
                0.0
            }));
        }
        let u = uniform(self.seed, id);
        Some(match random.kind {
            RandomKind::Chance(p) => {
                let p = self.chances.get(id).copied().unwrap_or(p);
                f64::from(u8::from(u < p))
            }
            // In floating point, so that no range (not even 0..=u64::MAX) can overflow.
            RandomKind::Range(lo, hi) => {
                let width = hi.saturating_sub(lo) as f64 + 1.0;
                lo.saturating_add((width * u) as u64).min(hi) as f64
            }
        })
    }

    fn env<'a>(&'a self, scenario: &'a Scenario) -> StateEnv<'a> {
        StateEnv { state: self, scenario }
    }

    /// Every choice (decision, option, minute) whose effects wrote a fact path, in order.
    pub fn writers(&self, path: &str) -> impl Iterator<Item = &(String, String, u64)> {
        self.written
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|n| self.chosen.get(*n))
    }

    /// The facts so far as a case: while the session runs, a report or handling not yet made
    /// is judged as of the current minute; once it has ended, as never made.
    pub fn case_so_far(&self) -> &Case {
        &self.case
    }

    /// The live verdict and the items at risk within the next hour.
    pub fn live(&self, scenario: &Scenario, settings: &Settings) -> Live {
        let verdict = judge(self.case_so_far(), settings);
        if self.ended() {
            // Nothing happens after an ending: nothing more is at risk.
            return Live {
                verdict,
                at_risk: Vec::new(),
            };
        }
        // A copy without the transcript, which the forecast neither reads nor writes.
        let mut later = State {
            case: self.case.clone(),
            vars: self.vars.clone(),
            chances: self.chances.clone(),
            at: self.at.clone(),
            chosen: Vec::new(),
            shown: self.shown.clone(),
            written: BTreeMap::new(),
            transcript: Vec::new(),
            voted_dissent: Vec::new(),
            fixed: self.fixed.clone(),
            pending: self.pending.clone(),
            quiet: true,
            ..*self
        };
        later.advance(scenario, RISK_HORIZON);
        later.date_the_facts();
        let future = crate::judge::fired_items(later.case_so_far(), settings);
        let at_risk = future
            .iter()
            .zip(&verdict.items)
            .filter(|(f, now)| f.status == Status::Fired && now.status != Status::Fired)
            .map(|(f, _)| f.id)
            .collect();
        Live { verdict, at_risk }
    }

    /// True once an ending is reached.
    pub fn ended(&self) -> bool {
        matches!(self.at, At::Ending(_))
    }
}

struct StateEnv<'a> {
    state: &'a State,
    scenario: &'a Scenario,
}

impl Env for StateEnv<'_> {
    fn value(&self, subject: &Subject) -> Option<f64> {
        let s = self.state;
        match subject {
            Subject::Clock => Some(s.minute as f64),
            Subject::Fact(path) => facts::number(&s.case, path),
            Subject::Var(name) => s.vars.get(name).and_then(facts::as_number),
            Subject::Random(id) => s.draw(self.scenario, id),
            Subject::Chose(d, o) => Some(f64::from(u8::from(
                s.chosen.iter().any(|(cd, co, _)| cd == d && co == o),
            ))),
        }
    }
}

/// A uniform number in [0, 1) from the seed and an id, the same on every platform.
fn uniform(seed: u64, id: &str) -> f64 {
    // FNV-1a of the id keeps streams of different events apart.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ hash);
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::uniform;

    #[test]
    fn draws_are_uniform_and_fixed() {
        let n = 4000;
        let below: usize = (0..n).filter(|seed| uniform(*seed, "late_discovery") < 0.7).count();
        let share = below as f64 / n as f64;
        assert!((0.67..0.73).contains(&share), "{share}");
        assert_eq!(uniform(7, "x"), uniform(7, "x"));
        assert_ne!(uniform(7, "x"), uniform(7, "y"));
    }

    #[test]
    fn every_choice_that_wrote_a_fact_is_credited() {
        let Some(scenario) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let mut state = super::State::start(&scenario, 1);
        let effects = crate::scenario::Effects {
            set: vec![("incident.reposts".into(), serde_json::Value::from(5))],
            ..Default::default()
        };
        for (decision, option) in [("a", "first"), ("b", "second")] {
            state.chosen.push((decision.into(), option.into(), 0));
            state.effects(&scenario, decision, &effects, None);
        }
        let writers: Vec<&str> = state.writers("incident.reposts").map(|c| c.1.as_str()).collect();
        assert_eq!(writers, ["first", "second"]);
    }
}
