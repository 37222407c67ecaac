//! A class's life: created (or imported from a class file), controlled by the instructor
//! (start, pause, release, lock, end), sent injects, and exported; and the scenario it plays.

use std::sync::Arc;

use serde_json::{Value, json};
use zeren_core::diagnostic::{Severity, line_col};
use zeren_core::engine::State;
use zeren_core::{Scenario, Settings, builtin, judge, parse_scenario};

use super::{Class, Entry, Group, How, Inner, To, class_with, now_ms, refuse, storage};
use crate::classfile;
use crate::protocol::{self, Action, MAX_GROUPS, MAX_INJECT_CHARS, Paced, Refusal};
use crate::secret;
use crate::store::{ClassRow, EventRow};

/// The scenario as a class plays it: with only the role cards in play (`roles`; all when none).
/// An id the scenario does not have is refused.
pub(super) fn in_play(mut scenario: Scenario, roles: Option<&[String]>) -> Result<Scenario, Refusal> {
    let Some(roles) = roles else {
        return Ok(scenario);
    };
    if let Some(unknown) = roles.iter().find(|r| !scenario.role_cards.iter().any(|c| &c.id == *r)) {
        return Err(Refusal::new(
            "unknown_role",
            format!("情景没有角色卡「{unknown}」"),
            format!("the scenario has no role card “{unknown}”"),
        ));
    }
    scenario.role_cards.retain(|c| roles.contains(&c.id));
    Ok(scenario)
}

/// The scenario of a class: a built-in id or a scenario file's text.
pub(super) fn scenario_from(id: Option<&str>, source: Option<&str>) -> Result<(Scenario, String), Refusal> {
    let source = match (id, source) {
        (_, Some(s)) => s.to_owned(),
        (Some(id), None) => match builtin::SOURCES.iter().find(|(i, _, _)| *i == id) {
            Some((_, _, s)) => (*s).to_owned(),
            None => {
                return Err(Refusal::new(
                    "unknown_scenario",
                    format!("没有内置情景 `{id}`"),
                    format!("no built-in scenario `{id}`"),
                ));
            }
        },
        (None, None) => return refuse("bad_message", "缺少情景", "no scenario given"),
    };
    if source.len() > zeren_core::limits::MAX_FILE_BYTES {
        return refuse("too_large", "情景文件过大", "the scenario file is too large");
    }
    let (scenario, diags) = parse_scenario(&source);
    match scenario {
        Some(s) => Ok((s, source)),
        None => {
            // The first problem with its place, as `zeren check` gives it; the rest in the editor.
            let n = diags.len();
            let first = diags.iter().find(|d| d.severity == Severity::Error).or(diags.first());
            let (line, col) = first.map_or((1, 1), |d| line_col(&source, d.span.start));
            let (zh, en) = first
                .map(|d| (d.message.zh.as_str(), d.message.en.as_str()))
                .unwrap_or_default();
            let problems = if n == 1 { "problem" } else { "problems" };
            Err(Refusal::new(
                "bad_scenario",
                format!("情景文件无效（{n} 个问题），第一个在 {line}:{col}：{zh}"),
                format!("the scenario file is invalid ({n} {problems}); the first, at {line}:{col}: {en}"),
            ))
        }
    }
}

impl Inner {
    pub(super) fn create(
        &mut self,
        scenario: Scenario,
        source: String,
        seed: u64,
        groups: &[String],
        how: How,
        settings: Settings,
    ) -> Result<i64, Refusal> {
        let How { paced, blind, roles } = how;
        let scenario = in_play(scenario, roles.as_deref())?;
        if groups.is_empty() || groups.len() > MAX_GROUPS {
            return Err(Refusal::new(
                "bad_groups",
                format!("小组数须为 1–{MAX_GROUPS}"),
                format!("a class has 1–{MAX_GROUPS} groups"),
            ));
        }
        let names = groups
            .iter()
            .map(|g| protocol::name(g, "小组名称", "group name"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut code = secret::code();
        while self.classes.values().any(|c| c.row.code == code) {
            code = secret::code();
        }
        let mut row = ClassRow {
            id: 0,
            code,
            scenario_id: scenario.id.clone(),
            scenario_source: source,
            seed,
            settings: serde_json::to_string(&settings).unwrap_or_default(),
            paced: paced.word().into(),
            status: "waiting".into(),
            released: 0,
            clock_ms: 0,
            running_since: None,
            blind,
            roles,
        };
        let (id, ids) = self.store.insert_class(&row, &names, now_ms()).map_err(storage)?;
        row.id = id;
        let state = State::start(&scenario, seed);
        let fired = judge(state.case_so_far(), &settings).fired;
        let groups = ids
            .into_iter()
            .zip(names)
            .map(|(id, name)| Group {
                id,
                name,
                locked: false,
                events: Vec::new(),
                state: state.clone(),
                fired: fired.clone(),
                log: Vec::new(),
                deadline: None,
            })
            .collect();
        (self.on_class)(&row.code);
        self.classes.insert(
            id,
            Class {
                row,
                scenario: Arc::new(scenario),
                settings,
                groups,
            },
        );
        Ok(id)
    }

    pub(super) fn control(&mut self, id: i64, action: Action, group: Option<i64>) -> Result<(), Refusal> {
        let now = now_ms();
        let c = class_with(&mut self.classes, id, group)?;
        if c.row.status == "ended" && action != Action::End {
            return refuse("ended", "本次演练已结束", "the exercise has ended");
        }
        let mut row = c.row.clone();
        match action {
            Action::Start => {
                if row.status != "waiting" {
                    return refuse("already_started", "演练已开始", "the exercise has already started");
                }
                row.status = "running".into();
                row.running_since = Some(now);
                if c.paced() == Paced::Instructor {
                    row.released = 1;
                }
            }
            Action::Pause => {
                if row.status != "running" {
                    return refuse("not_running", "演练未在进行", "the exercise is not running");
                }
                row.status = "paused".into();
                row.clock_ms = c.clock_ms(now);
                row.running_since = None;
            }
            Action::Resume => {
                if row.status != "paused" {
                    return refuse("not_paused", "演练未暂停", "the exercise is not paused");
                }
                row.status = "running".into();
                row.running_since = Some(now);
            }
            Action::Release => {
                if c.paced() != Paced::Instructor {
                    return refuse("self_paced", "本班由各组自行推进", "this class is self-paced");
                }
                if row.status == "waiting" {
                    return refuse("not_started", "演练尚未开始", "the exercise has not started");
                }
                row.released = row.released.saturating_add(1);
            }
            Action::End => {
                row.clock_ms = c.clock_ms(now);
                row.running_since = None;
                row.status = "ended".into();
            }
            Action::Lock | Action::Unlock => {
                let locked = action == Action::Lock;
                for g in c.groups.iter_mut().filter(|g| group.is_none_or(|id| id == g.id)) {
                    self.store.set_locked(g.id, locked).map_err(storage)?;
                    g.locked = locked;
                }
                self.class_changed(id);
                return Ok(());
            }
        }
        self.store.update_class(&row).map_err(storage)?;
        c.row = row;
        self.arm_class(id);
        self.class_changed(id);
        Ok(())
    }

    pub(super) fn inject(&mut self, id: i64, group: Option<i64>, text: &str) -> Result<(), Refusal> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_INJECT_CHARS {
            return Err(Refusal::new(
                "bad_inject",
                format!("消息须为 1–{MAX_INJECT_CHARS} 个字符"),
                format!("an inject has 1–{MAX_INJECT_CHARS} characters"),
            ));
        }
        let now = now_ms();
        let c = class_with(&mut self.classes, id, group)?;
        let targets: Vec<&mut Group> = c
            .groups
            .iter_mut()
            .filter(|g| group.is_none_or(|id| id == g.id))
            .collect();
        let rows: Vec<EventRow> = targets
            .iter()
            .map(|g| EventRow {
                group_id: g.id,
                seq: g.seq() + 1,
                kind: "message".into(),
                body: json!(text).to_string(),
                member_id: None,
                at: now,
            })
            .collect();
        self.store.insert_events(&rows).map_err(storage)?;
        let mut out = Vec::new();
        for g in targets {
            let e = Entry {
                seq: g.seq() + 1,
                kind: "message",
                body: json!(text),
                by: None,
                at: now,
            };
            out.push((g.id, e.message()));
            g.log.push(e);
        }
        for (g, m) in out {
            self.notify(To::Group(g), m);
        }
        Ok(())
    }

    pub(super) fn import(&mut self, file: Value) -> Result<i64, Refusal> {
        let f = classfile::import(file)?;
        let (scenario, source) = scenario_from(None, Some(&f.source))?;
        // Check every group's run, with the cards in play as the class will play it, and its
        // team (the cards held, the open proposal) against it, before anything is stored. The
        // team is a record only: the new class has no members yet to hold a card or vote.
        let scenario = in_play(scenario, f.roles.as_deref())?;
        for g in &f.groups {
            let mut state = State::start(&scenario, f.seed);
            let mut decided = 0;
            for e in g.entries.iter().filter_map(|e| e.event.as_ref()) {
                state = state.apply(&scenario, e).map_err(|err| {
                    Refusal::new(
                        "bad_class_file",
                        format!("小组「{}」的记录无法重放：{}", g.name, err.text().zh),
                        format!("group “{}”'s run does not replay: {}", g.name, err.text().en),
                    )
                })?;
                decided += 1;
            }
            g.team.check(&g.name, &scenario, &state, decided)?;
        }
        let names: Vec<String> = f.groups.iter().map(|g| g.name.clone()).collect();
        let id = self.create(
            scenario,
            source,
            f.seed,
            &names,
            How {
                paced: f.paced,
                blind: f.blind,
                roles: f.roles,
            },
            f.settings,
        )?;
        let Some(c) = self.classes.get_mut(&id) else {
            return Ok(id);
        };
        let mut rows = Vec::new();
        for (g, fg) in c.groups.iter_mut().zip(&f.groups) {
            for (n, e) in fg.entries.iter().enumerate() {
                let seq = n as u64 + 1;
                let (kind, body) = match &e.event {
                    Some(ev) => ("event", serde_json::to_value(ev).unwrap_or(Value::Null)),
                    None => ("message", json!(e.text.clone().unwrap_or_default())),
                };
                rows.push(EventRow {
                    group_id: g.id,
                    seq,
                    kind: kind.into(),
                    body: body.to_string(),
                    member_id: None,
                    at: e.at,
                });
                if let Some(ev) = &e.event
                    && let Ok(next) = g.state.apply(&c.scenario, ev)
                {
                    g.state = next;
                    g.events.push(ev.clone());
                }
                g.log.push(Entry {
                    seq,
                    kind,
                    body,
                    by: e.by.clone(),
                    at: e.at,
                });
            }
            g.fired = judge(g.state.case_so_far(), &c.settings).fired;
        }
        self.store.insert_events(&rows).map_err(storage)?;
        self.arm_class(id);
        self.class_changed(id);
        Ok(id)
    }

    pub(super) fn export_groups(&self, c: &Class) -> Vec<classfile::GroupOut> {
        c.groups
            .iter()
            .map(|g| {
                let (cards, proposal) = self.team_file(g.id);
                classfile::GroupOut {
                    name: g.name.clone(),
                    locked: g.locked,
                    members: self
                        .members
                        .values()
                        .filter(|m| m.group == g.id)
                        .map(|m| m.name.clone())
                        .collect(),
                    events: g.events.clone(),
                    entries: g
                        .log
                        .iter()
                        .map(|e| classfile::EntryOut {
                            seq: e.seq,
                            at: e.at,
                            by: e.by.clone(),
                            event: (e.kind == "event").then(|| e.body.clone()),
                            text: (e.kind == "message").then(|| e.body.as_str().unwrap_or_default().to_owned()),
                        })
                        .collect(),
                    cards,
                    proposal,
                }
            })
            .collect()
    }
}
