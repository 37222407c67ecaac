//! A session: a scenario, a seed and the events so far.

use std::ops::Deref;

use super::{At, EngineError, Event, State, TIMEOUT};
use crate::scenario::Scenario;

/// A session: a scenario, a seed and the events so far, with the state they fold to. Only the
/// start and the current state are kept (not one per event): undo replays from the start.
///
/// The scenario is borrowed (`&Scenario`, for the CLI and the analysis) or shared
/// (`Arc<Scenario>`, for a [`crate::run::Run`] that lives on its own).
#[derive(Clone, Debug)]
pub struct Session<S: Deref<Target = Scenario>> {
    scenario: S,
    events: Vec<Event>,
    start: State,
    current: State,
}

impl<S: Deref<Target = Scenario>> Session<S> {
    /// A new session at the start of `scenario`.
    pub fn new(scenario: S, seed: u64) -> Self {
        let start = State::start(&scenario, seed);
        Session {
            scenario,
            events: Vec::new(),
            current: start.clone(),
            start,
        }
    }

    /// Replays `events` from the start.
    pub fn replay(scenario: S, seed: u64, events: &[Event]) -> Result<Self, (usize, EngineError)> {
        let mut s = Session::new(scenario, seed);
        for (n, e) in events.iter().enumerate() {
            s.apply(e.clone()).map_err(|err| (n, err))?;
        }
        Ok(s)
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario as held (the reference, or the shared pointer).
    pub fn held(&self) -> &S {
        &self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.start.seed
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.current
    }

    /// The events so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Applies an event; on error nothing changes.
    pub fn apply(&mut self, event: Event) -> Result<(), EngineError> {
        self.current = self.current.apply(&self.scenario, &event)?;
        self.events.push(event);
        Ok(())
    }

    /// Chooses an option at the current decision point.
    pub fn choose(&mut self, option: &str) -> Result<(), EngineError> {
        let At::Decision(decision) = self.state().at.clone() else {
            return Err(EngineError::Ended);
        };
        self.apply(Event::choose(decision, option.to_owned()))
    }

    /// Lets the clock run out at the current decision point, taking its `on_timeout` option.
    pub fn time_out(&mut self) -> Result<(), EngineError> {
        let At::Decision(decision) = self.state().at.clone() else {
            return Err(EngineError::Ended);
        };
        self.apply(Event::Timeout { decision })
    }

    /// Takes a step written as a word: an option id, or [`TIMEOUT`] to let the clock run out —
    /// the form of `zeren play --choose` lists and of `[[test]]` entries.
    pub fn take(&mut self, word: &str) -> Result<(), EngineError> {
        if word == TIMEOUT {
            self.time_out()
        } else {
            self.choose(word)
        }
    }

    /// Takes back the last event; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some((_, kept)) = self.events.split_last() else {
            return false;
        };
        let mut state = self.start.clone();
        for e in kept {
            // Cannot fail: these events applied before, and applying is a pure function.
            if state.step(&self.scenario, e).is_err() {
                return false;
            }
        }
        self.current = state;
        self.events.pop();
        true
    }
}
