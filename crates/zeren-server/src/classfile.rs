//! The class file: a whole class in one JSON file — the scenario (its text), seed, settings and,
//! for each group, its log; and `runs`, every group's run file (docs/run-format.md) labelled with
//! the group's name, which is what the hotwash's cohort import reads from a class file. A class
//! exports to it and imports back as a new class (docs/class-protocol.md, "The class file").
//! Each group also carries its team when exported: the role cards held and the proposal still
//! open (team.rs), read back and checked on import, then left out of the new class.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

use zeren_core::builtin;
use zeren_core::engine::Event;
use zeren_core::limits::MAX_EVENTS;
use zeren_core::run::{Run, ScenarioFile, Source};
use zeren_core::{Scenario, Settings};

use crate::protocol::{self, MAX_GROUPS, Paced, Refusal};
use crate::store::ClassRow;

mod team;

pub use team::TeamIn;

/// The format's version.
pub const VERSION: u64 = 1;

/// A group as exported.
pub struct GroupOut {
    /// Its name.
    pub name: String,
    /// Locked by the instructor.
    pub locked: bool,
    /// Its members' names.
    pub members: Vec<String>,
    /// Its run's events.
    pub events: Vec<Event>,
    /// Its log.
    pub entries: Vec<EntryOut>,
    /// The role cards held: card id → the holder's name.
    pub cards: BTreeMap<String, String>,
    /// The open proposal, as on the board (`team.proposal`), if any.
    pub proposal: Option<Value>,
}

/// A log entry as exported.
pub struct EntryOut {
    /// Sequence number.
    pub seq: u64,
    /// When (Unix milliseconds).
    pub at: u64,
    /// Who decided.
    pub by: Option<String>,
    /// The decision.
    pub event: Option<Value>,
    /// The instructor's message.
    pub text: Option<String>,
}

/// A group's run file (docs/run-format.md), labelled with the group's name.
fn run_file(row: &ClassRow, scenario: &Arc<Scenario>, settings: &Settings, g: &GroupOut) -> Value {
    let builtin = builtin::SOURCES
        .iter()
        .any(|(id, _, text)| *id == row.scenario_id && *text == row.scenario_source);
    let source = if builtin {
        Source::Builtin(row.scenario_id.clone())
    } else {
        Source::File(ScenarioFile {
            name: format!("{}.toml", row.scenario_id),
            text: row.scenario_source.clone(),
        })
    };
    let fresh = Run::new(scenario.clone(), source, row.seed, settings.clone());
    let fresh = fresh.clone().labelled(Some(g.name.clone())).unwrap_or(fresh);
    // The events were applied one by one when decided: the replay cannot fail.
    Run::replay(fresh, &g.events)
        .ok()
        .and_then(|run| serde_json::from_str(&run.to_file()).ok())
        .unwrap_or(Value::Null)
}

/// The class file of a class.
pub fn export(row: &ClassRow, scenario: &Arc<Scenario>, settings: &Settings, groups: &[GroupOut]) -> Value {
    let runs: Vec<Value> = groups.iter().map(|g| run_file(row, scenario, settings, g)).collect();
    let groups: Vec<Value> = groups
        .iter()
        .zip(&runs)
        .map(|(g, run)| {
            json!({
                "name": g.name,
                "locked": g.locked,
                "members": g.members,
                "run": run,
                "entries": g.entries.iter().map(|e| {
                    let mut v = json!({ "seq": e.seq, "at": e.at });
                    if let Some(by) = &e.by { v["by"] = json!(by); }
                    if let Some(ev) = &e.event { v["event"] = ev.clone(); }
                    if let Some(t) = &e.text { v["text"] = json!(t); }
                    v
                }).collect::<Vec<_>>(),
                "cards": g.cards,
                "proposal": g.proposal,
            })
        })
        .collect();
    json!({
        "zeren_class": VERSION,
        "scenario": { "id": scenario.id, "source": row.scenario_source },
        "seed": row.seed,
        "settings": settings,
        "paced": row.paced,
        "blind": row.blind,
        "roles": row.roles,
        "status": row.status,
        "groups": groups,
        "runs": runs,
    })
}

/// A class file read back.
#[derive(Debug)]
pub struct ClassIn {
    /// The scenario's text.
    pub source: String,
    /// Seed.
    pub seed: u64,
    /// Settings.
    pub settings: Settings,
    /// Pacing.
    pub paced: Paced,
    /// Blind.
    pub blind: bool,
    /// The role cards in play; none: all the scenario's.
    pub roles: Option<Vec<String>>,
    /// Groups.
    pub groups: Vec<GroupIn>,
}

/// A group read back.
#[derive(Debug)]
pub struct GroupIn {
    /// Name.
    pub name: String,
    /// Log.
    pub entries: Vec<EntryIn>,
    /// The role cards held and the proposal open when it was exported (checked by the hub
    /// against the replayed run, then left out: the new class has no members yet).
    pub team: TeamIn,
}

/// A group as it is in the file.
#[derive(Deserialize)]
struct GroupFile {
    name: String,
    #[serde(default)]
    entries: Vec<EntryIn>,
    #[serde(default)]
    cards: Value,
    #[serde(default)]
    proposal: Value,
}

/// A log entry read back: a decision (`event`) or a message (`text`).
#[derive(Debug, Deserialize)]
pub struct EntryIn {
    /// When.
    #[serde(default)]
    pub at: u64,
    /// Who decided.
    #[serde(default)]
    pub by: Option<String>,
    /// The decision.
    #[serde(default)]
    pub event: Option<Event>,
    /// The message.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Deserialize)]
struct FileIn {
    zeren_class: u64,
    scenario: ScenarioIn,
    seed: u64,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    paced: Paced,
    #[serde(default)]
    blind: bool,
    #[serde(default)]
    roles: Option<Vec<String>>,
    groups: Vec<GroupFile>,
}

#[derive(Deserialize)]
struct ScenarioIn {
    source: String,
}

fn bad(zh: String, en: String) -> Refusal {
    Refusal::new("bad_class_file", zh, en)
}

/// Reads a class file, checking its shape and sizes (the runs are replayed by the hub).
pub fn import(file: Value) -> Result<ClassIn, Refusal> {
    let f: FileIn = serde_json::from_value(file)
        .map_err(|e| bad(format!("班级文件无效：{e}"), format!("invalid class file: {e}")))?;
    if f.zeren_class != VERSION {
        return Err(bad(
            format!("未知的班级文件版本 {}", f.zeren_class),
            format!("unknown class file version {}", f.zeren_class),
        ));
    }
    if f.groups.is_empty() || f.groups.len() > MAX_GROUPS {
        return Err(bad(
            format!("小组数须为 1–{MAX_GROUPS}"),
            format!("a class has 1–{MAX_GROUPS} groups"),
        ));
    }
    let mut groups = Vec::with_capacity(f.groups.len());
    for g in f.groups {
        protocol::name(&g.name, "小组名称", "group name")?;
        if g.entries.len() > 2 * MAX_EVENTS {
            return Err(bad(
                format!("小组「{}」的记录过多", g.name),
                format!("group “{}” has too many entries", g.name),
            ));
        }
        if g.entries.iter().any(|e| e.event.is_some() == e.text.is_some()) {
            return Err(bad(
                format!("小组「{}」的每条记录须恰有 event 或 text 之一", g.name),
                format!(
                    "each entry of group “{}” must have exactly one of event and text",
                    g.name
                ),
            ));
        }
        let team = team::read(&g.name, g.cards, g.proposal)?;
        groups.push(GroupIn {
            name: g.name,
            entries: g.entries,
            team,
        });
    }
    Ok(ClassIn {
        source: f.scenario.source,
        seed: f.seed,
        settings: f.settings,
        paced: f.paced,
        blind: f.blind,
        roles: f.roles,
        groups,
    })
}
