//! Start-up: the hub's state loaded from the store — the instructor's key (made on first run),
//! every class with its groups, members and logs replayed through the engine, the deadlines armed
//! again, and the groups' role cards and proposals.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::broadcast;
use zeren_core::engine::{Event, State};
use zeren_core::judge;

use super::lifecycle::{in_play, scenario_from};
use super::{Class, Entry, Group, Inner, Member, Notice};
use crate::secret;
use crate::store::Store;

impl Inner {
    pub(super) fn load(
        data: &Path,
        notices: broadcast::Sender<Arc<Notice>>,
        on_class: Box<dyn Fn(&str) + Send>,
    ) -> Result<Inner, String> {
        let store = Store::open(data)?;
        let key = match store.meta("instructor_key")? {
            Some(k) => k,
            None => {
                let k = secret::token(16);
                store.set_meta("instructor_key", &k)?;
                k
            }
        };
        let mut inner = Inner {
            store,
            database: data.join("zeren.db").display().to_string(),
            key,
            classes: BTreeMap::new(),
            members: HashMap::new(),
            tokens: HashMap::new(),
            online: HashMap::new(),
            teams: HashMap::new(),
            notices,
            on_class,
        };
        for row in inner.store.classes()? {
            let scenario = scenario_from(None, Some(&row.scenario_source))
                .and_then(|(s, _)| in_play(s, row.roles.as_deref()))
                .map_err(|r| format!("class {}: {}", row.id, r.en))?;
            let settings = serde_json::from_str(&row.settings).unwrap_or_default();
            inner.classes.insert(
                row.id,
                Class {
                    row,
                    scenario: Arc::new(scenario),
                    settings,
                    groups: Vec::new(),
                },
            );
        }
        let mut group_class = HashMap::new();
        for g in inner.store.groups()? {
            if let Some(c) = inner.classes.get_mut(&g.class_id) {
                let state = State::start(&c.scenario, c.row.seed);
                let fired = judge(state.case_so_far(), &c.settings).fired;
                group_class.insert(g.id, g.class_id);
                c.groups.push(Group {
                    id: g.id,
                    name: g.name,
                    locked: g.locked,
                    events: Vec::new(),
                    state,
                    fired,
                    log: Vec::new(),
                    deadline: None,
                });
            }
        }
        for m in inner.store.members()? {
            if let Some(&class) = group_class.get(&m.group_id) {
                if !m.left {
                    inner.tokens.insert(m.token, m.id);
                }
                inner.members.insert(
                    m.id,
                    Member {
                        id: m.id,
                        class,
                        group: m.group_id,
                        name: m.name,
                        left: m.left,
                    },
                );
            }
        }
        for e in inner.store.events()? {
            let Some(class) = group_class.get(&e.group_id).and_then(|c| inner.classes.get_mut(c)) else {
                continue;
            };
            let by = e.member_id.and_then(|m| inner.members.get(&m)).map(|m| m.name.clone());
            let Some(g) = class.groups.iter_mut().find(|g| g.id == e.group_id) else {
                continue;
            };
            let body: Value = serde_json::from_str(&e.body).unwrap_or(Value::Null);
            if e.kind == "event" {
                let event: Event = serde_json::from_value(body.clone())
                    .map_err(|err| format!("group {} entry {}: {err}", g.id, e.seq))?;
                g.state = g
                    .state
                    .apply(&class.scenario, &event)
                    .map_err(|err| format!("group {} entry {}: {err}", g.id, e.seq))?;
                g.events.push(event);
            }
            g.log.push(Entry {
                seq: e.seq,
                kind: if e.kind == "event" { "event" } else { "message" },
                body,
                by,
                at: e.at,
            });
        }
        for c in inner.classes.values_mut() {
            for g in &mut c.groups {
                g.fired = judge(g.state.case_so_far(), &c.settings).fired;
            }
        }
        // The stored deadlines, armed again (one that no longer fits its group is replaced).
        for d in inner.store.deadlines()? {
            if let Some(g) = group_class
                .get(&d.group_id)
                .and_then(|c| inner.classes.get_mut(c))
                .and_then(|c| c.groups.iter_mut().find(|g| g.id == d.group_id))
            {
                g.deadline = Some(d);
            }
        }
        let ids: Vec<i64> = inner.classes.keys().copied().collect();
        for id in ids {
            inner.arm_class(id);
        }
        inner.load_teams()?;
        Ok(inner)
    }
}
