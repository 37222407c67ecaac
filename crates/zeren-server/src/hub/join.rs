//! Joining and coming back: the class looked up by its join code (its groups and role cards), a
//! member joining a group with that code (holding a role card when asked), or resuming with the
//! token the join gave; either way they `enter` the group.

use serde_json::{Value, json};
use std::sync::Arc;

use zeren_core::{Scenario, builtin, pre_read};

use super::{Answer, Class, Inner, Member, Role, now_ms, refuse, storage, vote};
use crate::protocol::{self, MAX_JOINS, MAX_MEMBERS, Refusal};
use crate::secret;

/// The built-in a class plays, when its scenario is one as shipped (its role cards all there).
pub(super) fn builtin_of(c: &Class) -> Option<Arc<Scenario>> {
    builtin::SOURCES
        .iter()
        .any(|(id, _, s)| *id == c.row.scenario_id && *s == c.row.scenario_source)
        .then(|| builtin::shared(&c.row.scenario_id))
        .flatten()
}

impl Inner {
    /// The class with join code `code`, its groups and its role cards (`class_info`).
    pub(super) fn lookup(&self, code: &str, answer: &mut Answer) -> Result<(), Refusal> {
        let c = self.by_code(code)?;
        answer.messages.push(
            json!({
                "type": "class_info",
                "class": c.row.id,
                "scenario": { "id": c.scenario.id, "title": c.scenario.title },
                "status": c.row.status,
                "groups": c.groups.iter().map(|g| json!({ "id": g.id, "name": g.name })).collect::<Vec<_>>(),
                "roles": vote::cards(&c.scenario),
            })
            .to_string(),
        );
        Ok(())
    }
    /// Joins `name` to `group` of the class with join code `code`, holding the role card `role`
    /// when given.
    pub(super) fn join(
        &mut self,
        conn: u64,
        code: &str,
        name: &str,
        group: i64,
        role: Option<&str>,
        answer: &mut Answer,
    ) -> Result<(), Refusal> {
        let name = protocol::name(name, "姓名", "name")?;
        let c = self.by_code(code)?;
        if c.row.status == "ended" {
            return refuse("ended", "本次演练已结束", "the exercise has ended");
        }
        let class = c.row.id;
        if c.group(group).is_none() {
            return refuse("unknown_group", "本班没有这个小组", "no such group in this class");
        }
        let joined = self.members.values().filter(|m| m.group == group);
        let (now, ever) = joined.fold((0, 0), |(now, ever), m| (now + usize::from(!m.left), ever + 1));
        if now >= MAX_MEMBERS {
            return refuse("group_full", "该小组人数已满", "this group is full");
        }
        // Members who left stay on record (the log names them): joins are bounded as well.
        if ever >= MAX_JOINS {
            return refuse(
                "group_full",
                "该小组加入次数已达上限",
                "this group has had as many joins as it may",
            );
        }
        if let Some(role) = role {
            self.role_free(class, group, role, None)?;
        }
        let token = secret::token(16);
        // The member and their card (checked free above; the hub is alone, so it still
        // is) are stored together: a failed write joins no one.
        let id = self
            .store
            .insert_member(group, &name, &token, now_ms(), role)
            .map_err(storage)?;
        self.tokens.insert(token.clone(), id);
        self.members.insert(
            id,
            Member {
                id,
                class,
                group,
                name,
                left: false,
            },
        );
        self.hold(group, id, role);
        self.enter(conn, id, &token, 0, answer);
        Ok(())
    }

    /// Comes back with the token the join gave, receiving the entries after `after`.
    pub(super) fn resume(&mut self, conn: u64, token: &str, after: u64, answer: &mut Answer) -> Result<(), Refusal> {
        let Some(&id) = self.tokens.get(token) else {
            return refuse(
                "unknown_token",
                "找不到这次加入，请重新加入",
                "unknown member token: join again",
            );
        };
        self.enter(conn, id, token, after, answer);
        Ok(())
    }

    /// Puts `member` on connection `conn`: the `joined` message, then the group's entries after
    /// `after`.
    pub(super) fn enter(&mut self, conn: u64, member: i64, token: &str, after: u64, answer: &mut Answer) {
        let Some(m) = self.members.get(&member) else {
            return;
        };
        let Some(c) = self.classes.get(&m.class) else {
            return;
        };
        let Some(g) = c.group(m.group) else {
            return;
        };
        answer.role = Role::Member { group: g.id, member };
        answer.messages.push(
            json!({
                "type": "joined",
                "token": token,
                "member": { "id": m.id, "name": m.name },
                "group": { "id": g.id, "name": g.name },
                "class": {
                    "id": c.row.id,
                    "code": c.row.code,
                    "scenario": {
                        "id": c.row.scenario_id,
                        "title": c.scenario.title,
                        "read": if builtin_of(c).is_some() { Value::Null } else { json!(pre_read::for_play(&c.scenario)) },
                    },
                    "roles": c.scenario.role_cards.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                    "seed": c.row.seed,
                    "settings": c.settings,
                    "paced": c.row.paced,
                    "blind": c.row.blind,
                },
            })
            .to_string(),
        );
        for e in g.log.iter().filter(|e| e.seq > after) {
            answer.messages.push(e.message());
        }
        let group = g.id;
        self.online.insert(conn, member);
        self.group_changed(group);
    }

    fn by_code(&self, code: &str) -> Result<&Class, Refusal> {
        let code = code.trim().to_uppercase();
        self.classes
            .values()
            .find(|c| secret::same(&c.row.code, &code))
            .ok_or_else(|| Refusal::new("wrong_code", "加入码不正确", "wrong join code"))
    }
}
