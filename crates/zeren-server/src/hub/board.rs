//! What the group pages and the instructor's board are shown: a group's `status`, a class's
//! `board`, and the notices that send them again when a group or a class changes.

use serde_json::{Value, json};

use zeren_core::engine::At;

use super::{Class, Group, Inner, To, blind, deadline, now_ms};

/// Where a group stands, for the board: `{kind, id, title: {zh, en}}` — the title is the open
/// decision's prompt or the ending's title (English falling back to Chinese).
fn at(c: &Class, at: &At) -> Value {
    let title = match at {
        At::Decision(id) => c.scenario.decision(id).map(|d| &d.prompt),
        At::Ending(id) => c.scenario.ending(id).map(|e| &e.title),
    };
    let mut v = json!(at);
    if let Some(t) = title {
        v["title"] = json!({ "zh": t.zh, "en": t.en.as_deref().unwrap_or(&t.zh) });
    }
    v
}

impl Inner {
    fn online_names(&self, group: i64) -> Vec<String> {
        let mut names: Vec<String> = self
            .online
            .values()
            .filter_map(|m| self.members.get(m))
            .filter(|m| m.group == group)
            .map(|m| m.name.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub(super) fn board(&self, c: &Class, now: u64) -> String {
        let groups: Vec<Value> = c
            .groups
            .iter()
            .map(|g| {
                json!({
                    "id": g.id,
                    "name": g.name,
                    "locked": g.locked,
                    "decisions": g.events.len(),
                    "seq": g.seq(),
                    "at": at(c, &g.state.at),
                    "minute": g.state.minute,
                    "fired": g.fired,
                    "online": self.online_names(g.id),
                    "members": self.members.values().filter(|m| m.group == g.id && !m.left).count(),
                    "deadline": deadline::json(c, g, now),
                    "team": self.team_json(g.id),
                })
            })
            .collect();
        json!({
            "type": "board",
            "class": {
                "id": c.row.id,
                "code": c.row.code,
                "scenario": { "id": c.scenario.id, "title": c.scenario.title },
                "seed": c.row.seed,
                "paced": c.row.paced,
                "blind": c.row.blind,
                "status": c.row.status,
                "released": c.row.released,
                "clock_ms": c.clock_ms(now),
                "running": c.row.running_since.is_some(),
                "groups": groups,
            }
        })
        .to_string()
    }

    fn status(&self, c: &Class, g: &Group, now: u64) -> String {
        json!({
            "type": "status",
            "class_status": c.row.status,
            "paced": c.row.paced,
            "released": c.row.released,
            "clock_ms": c.clock_ms(now),
            "running": c.row.running_since.is_some(),
            "locked": g.locked,
            "decisions": g.events.len(),
            "seq": g.seq(),
            "online": self.online_names(g.id),
            "deadline": deadline::json(c, g, now),
            "blind": c.row.blind,
            "fired": blind::fired(c, g),
            "team": self.team_json(g.id),
        })
        .to_string()
    }

    /// A group's online members or position changed: its members' status and the board.
    pub(super) fn group_changed(&self, group: i64) {
        let now = now_ms();
        let Some(c) = self.classes.values().find(|c| c.group(group).is_some()) else {
            return;
        };
        if let Some(g) = c.group(group) {
            self.notify(To::Group(group), self.status(c, g, now));
        }
        self.notify(To::Instructors, self.board(c, now));
    }

    /// A class's status changed: every group's status and the board.
    pub(super) fn class_changed(&self, id: i64) {
        let now = now_ms();
        let Some(c) = self.classes.get(&id) else {
            return;
        };
        for g in &c.groups {
            self.notify(To::Group(g.id), self.status(c, g, now));
        }
        self.notify(To::Instructors, self.board(c, now));
    }
}
