//! Timed decisions in a live class. When a decision with a `time_limit` becomes a group's open
//! decision — reached (self-paced) or released by the instructor (instructor-paced) — the hub
//! gives it a deadline on the class's shared clock: `clock_ms` when it opened plus the limit at
//! [`COUNTDOWN_SECONDS_PER_MINUTE`] real seconds per scenario minute, as in solo play. The shared
//! clock stops while the instructor pauses, so every deadline of the class stops with it. The
//! deadline is stored (table `deadlines`) in the transaction of the decision that opened it; at
//! expiry the hub applies the scenario's `on_timeout` as it applies a decision: through the
//! engine, committed, then sent to the group and the board.
//!
//! After a restart every stored deadline is armed again. The shared clock is wall time since
//! the start less the pauses, so the time the server was down counts (the room's clock did not
//! stop): a deadline that passed meanwhile fires at once.

use std::time::Duration;

use serde_json::{Value, json};
use zeren_core::engine::{At, Event, State};
use zeren_core::scenario::COUNTDOWN_SECONDS_PER_MINUTE;

use super::{Class, Group, Inner, now_ms};
use crate::protocol::{Paced, Refusal};
use crate::store::DeadlineRow;

/// Real milliseconds of a time limit of `minutes` scenario minutes.
pub fn limit_ms(minutes: u64) -> u64 {
    minutes.saturating_mul(COUNTDOWN_SECONDS_PER_MINUTE * 1000)
}

/// The timed decision open to a group whose run is at `state` after `step` decisions, with the
/// real milliseconds it allows: a decision with a time limit and a timeout option, the class not
/// ended, and (when instructor-paced) the decision released.
fn open_timed(c: &Class, state: &State, step: usize) -> Option<(String, u64)> {
    if c.row.status == "ended" {
        return None;
    }
    if c.paced() == Paced::Instructor && step >= c.row.released as usize {
        return None;
    }
    let At::Decision(id) = &state.at else {
        return None;
    };
    let point = c.scenario.decision(id)?;
    point.on_timeout.as_ref()?;
    Some((id.clone(), limit_ms(point.time_limit?)))
}

/// The deadline a group should have at class clock `clock` when its run is at `state` after
/// `step` decisions: `current` when it is still for the open decision, a new one when a timed
/// decision has just opened, none otherwise.
pub fn wanted_at(
    c: &Class,
    group: i64,
    state: &State,
    step: usize,
    current: Option<&DeadlineRow>,
    clock: u64,
) -> Option<DeadlineRow> {
    let (decision, limit) = open_timed(c, state, step)?;
    let step = step as u64;
    match current {
        Some(d) if d.decision == decision && d.step == step => Some(d.clone()),
        _ => Some(DeadlineRow {
            group_id: group,
            decision,
            step,
            due_ms: clock.saturating_add(limit),
        }),
    }
}

/// The deadline group `g` should have now (see [`wanted_at`]).
fn wanted(c: &Class, g: &Group, clock: u64) -> Option<DeadlineRow> {
    wanted_at(c, g.id, &g.state, g.events.len(), g.deadline.as_ref(), clock)
}

/// The deadline as the group's `status` and the board show it: the milliseconds left on the
/// shared clock (counting down only while the class runs), or `null`.
pub fn json(c: &Class, g: &Group, now: u64) -> Value {
    let Some(d) = &g.deadline else {
        return Value::Null;
    };
    let limit = open_timed(c, &g.state, g.events.len()).map_or(0, |(_, l)| l);
    json!({
        "decision": d.decision,
        "step": d.step,
        "left_ms": d.due_ms.saturating_sub(c.clock_ms(now)),
        "limit_ms": limit,
    })
}

/// The refusal of a decision sent for a step that ran out of time.
pub fn time_up(events: &[Event], at: usize) -> Option<Refusal> {
    matches!(events.get(at), Some(Event::Timeout { .. })).then(|| {
        Refusal::new(
            "time_up",
            "时间已到，本决策已按超时的默认选项处理，请看最新情况",
            "time ran out: this decision took its default option; see the latest state",
        )
    })
}

impl Inner {
    /// Brings every group's deadline of class `id` up to date (after a start, a release, an
    /// end, an import or a restart), storing each change.
    pub(super) fn arm_class(&mut self, id: i64) {
        let now = now_ms();
        let Some(c) = self.classes.get(&id) else {
            return;
        };
        let clock = c.clock_ms(now);
        let changes: Vec<(i64, Option<DeadlineRow>)> = c
            .groups
            .iter()
            .filter_map(|g| {
                let w = wanted(c, g, clock);
                (g.deadline != w).then_some((g.id, w))
            })
            .collect();
        for (gid, w) in changes {
            if let Err(e) = self.store.set_deadline(gid, w.as_ref()) {
                eprintln!("zeren serve: storage error (deadline of group {gid}): {e}");
                continue;
            }
            if let Some(g) = self
                .classes
                .get_mut(&id)
                .and_then(|c| c.groups.iter_mut().find(|g| g.id == gid))
            {
                g.deadline = w;
            }
        }
    }

    /// Applies the timeout of every deadline that has run out.
    pub(super) fn fire_due(&mut self) {
        let now = now_ms();
        let due: Vec<(i64, i64, String)> = self
            .classes
            .values()
            .filter(|c| c.row.status != "ended")
            .flat_map(|c| {
                let clock = c.clock_ms(now);
                c.groups.iter().filter_map(move |g| {
                    g.deadline
                        .as_ref()
                        .filter(|d| d.due_ms <= clock)
                        .map(|d| (c.row.id, g.id, d.decision.clone()))
                })
            })
            .collect();
        for (class, group, decision) in due {
            let event = Event::Timeout {
                decision: decision.clone(),
            };
            if let Err(r) = self.commit(class, group, event, None) {
                eprintln!(
                    "zeren serve: the timeout of `{decision}` for group {group} failed ({}): {}",
                    r.code, r.en
                );
                self.retry_later(class, group, r.code == "storage");
            }
        }
    }

    /// After a failed timeout: a storage error is tried again in a second; a timeout the engine
    /// refuses is dropped (it never can apply).
    fn retry_later(&mut self, class: i64, group: i64, storage: bool) {
        let Some(g) = self
            .classes
            .get_mut(&class)
            .and_then(|c| c.groups.iter_mut().find(|g| g.id == group))
        else {
            return;
        };
        if storage {
            if let Some(d) = &mut g.deadline {
                d.due_ms = d.due_ms.saturating_add(1000);
            }
        } else {
            g.deadline = None;
            let _ = self.store.set_deadline(group, None);
        }
    }

    /// How long the hub may wait before the next deadline runs out (none: no running class has
    /// a deadline).
    pub(super) fn next_wake(&self) -> Option<Duration> {
        let now = now_ms();
        self.classes
            .values()
            .filter(|c| c.row.running_since.is_some())
            .flat_map(|c| {
                let clock = c.clock_ms(now);
                c.groups
                    .iter()
                    .filter_map(move |g| g.deadline.as_ref().map(|d| d.due_ms.saturating_sub(clock)))
            })
            .min()
            .map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_minute_is_four_real_seconds() {
        assert_eq!(limit_ms(1), 4000);
        assert_eq!(limit_ms(15), 60_000);
        assert_eq!(limit_ms(u64::MAX), u64::MAX);
    }

    #[test]
    fn only_an_answer_to_a_step_that_ran_out_is_late() {
        let events = vec![Event::choose("a", "x"), Event::Timeout { decision: "b".into() }];
        assert_eq!(time_up(&events, 1).map(|r| r.code), Some("time_up"));
        assert!(time_up(&events, 0).is_none());
        assert!(time_up(&events, 2).is_none());
    }
}
