//! A group's decisions: a member's decision checked against the class and the group's run
//! (`decide`), and any event — a decision or a timeout — applied, committed and shown (`commit`).

use serde_json::Value;
use zeren_core::engine::{At, Event, Vote};
use zeren_core::judge;

use super::{Entry, Inner, To, deadline, not_joined, now_ms, refuse, storage};
use crate::protocol::{Paced, Refusal};
use crate::store::EventRow;

impl Inner {
    pub(super) fn decide(
        &mut self,
        member: i64,
        decision: &str,
        option: &str,
        at: usize,
        vote: Option<Vote>,
    ) -> Result<u64, Refusal> {
        let Some(m) = self.members.get(&member) else {
            return not_joined();
        };
        let (class_id, group_id, by) = (m.class, m.group, m.name.clone());
        let c = self
            .classes
            .get_mut(&class_id)
            .ok_or_else(|| Refusal::new("unknown_class", "没有这个班", "no such class"))?;
        match c.row.status.as_str() {
            "waiting" => return refuse("not_started", "演练尚未开始", "the exercise has not started"),
            "paused" => return refuse("paused", "演练已暂停", "the exercise is paused"),
            "ended" => return refuse("ended", "本次演练已结束", "the exercise has ended"),
            _ => {}
        }
        let paced = c.paced();
        let released = c.row.released as usize;
        let g = c
            .groups
            .iter()
            .find(|g| g.id == group_id)
            .ok_or_else(|| Refusal::new("unknown_group", "本班没有这个小组", "no such group in this class"))?;
        if g.locked {
            return refuse("locked", "教员已锁定本组", "the instructor has locked this group");
        }
        if let Some(r) = deadline::time_up(&g.events, at) {
            return Err(r);
        }
        if at != g.events.len() {
            let last = g
                .log
                .iter()
                .rev()
                .find(|e| e.kind == "event")
                .and_then(|e| e.by.clone());
            let who = last.unwrap_or_default();
            return Err(Refusal::new(
                "already_decided",
                format!("这个决策已由本组{who}作出，请看最新情况"),
                format!("this decision has already been taken by {who} in your group: see the latest state"),
            ));
        }
        if paced == Paced::Instructor && g.events.len() >= released {
            return refuse(
                "not_released",
                "请等待教员放出下一个决策",
                "wait for the instructor to release the next decision",
            );
        }
        let event = match &g.state.at {
            At::Ending(_) => return refuse("ended", "本组的演练已结束", "your group's exercise has ended"),
            At::Decision(open) if open != decision => {
                return Err(Refusal::new(
                    "not_open",
                    format!("`{decision}` 不是本组当前的决策（当前为 `{open}`）"),
                    format!("`{decision}` is not your group's open decision (that is `{open}`)"),
                ));
            }
            At::Decision(_) => Event::Choose {
                decision: decision.to_owned(),
                option: option.to_owned(),
                vote,
            },
        };
        self.commit(class_id, group_id, event, Some((member, by)))
    }

    /// Applies `event` to a group's run as a decision is applied: through the engine, then
    /// committed to the database together with the group's next deadline, and only then sent to
    /// the group and the board. `by` is the member who decided; none for a timeout.
    pub(super) fn commit(
        &mut self,
        class_id: i64,
        group_id: i64,
        event: Event,
        by: Option<(i64, String)>,
    ) -> Result<u64, Refusal> {
        let now = now_ms();
        let c = self
            .classes
            .get_mut(&class_id)
            .ok_or_else(|| Refusal::new("unknown_class", "没有这个班", "no such class"))?;
        let clock = c.clock_ms(now);
        let g = c
            .groups
            .iter()
            .find(|g| g.id == group_id)
            .ok_or_else(|| Refusal::new("unknown_group", "本班没有这个小组", "no such group in this class"))?;
        let next = g
            .state
            .apply(&c.scenario, &event)
            .map_err(|e| Refusal::text("refused_by_engine", e.text()))?;
        let deadline = deadline::wanted_at(c, group_id, &next, g.events.len() + 1, None, clock);
        let seq = g.seq() + 1;
        let body = serde_json::to_value(&event).unwrap_or(Value::Null);
        self.store
            .insert_events_and_deadline(
                &[EventRow {
                    group_id,
                    seq,
                    kind: "event".into(),
                    body: body.to_string(),
                    member_id: by.as_ref().map(|(m, _)| *m),
                    at: now,
                }],
                group_id,
                deadline.as_ref(),
            )
            .map_err(storage)?;
        let fired = judge(next.case_so_far(), &c.settings).fired;
        let Some(g) = c.groups.iter_mut().find(|g| g.id == group_id) else {
            return Ok(seq);
        };
        g.fired = fired;
        g.state = next;
        g.events.push(event);
        g.deadline = deadline;
        let entry = Entry {
            seq,
            kind: "event",
            body,
            by: by.map(|(_, name)| name),
            at: now,
        };
        let text = entry.message();
        g.log.push(entry);
        self.notify(To::Group(group_id), text);
        self.proposal_overtaken(group_id);
        self.group_changed(group_id);
        Ok(seq)
    }
}
