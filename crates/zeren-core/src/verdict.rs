//! What the judge says about a case: the shape of `zeren judge --json`, documented in
//! docs/verdict-json.md. Field names and enum words are stable.

use serde::Serialize;

use crate::case::{Body, FactKey, Failure};
use crate::params::{Params, Readings};

pub use crate::lang::{Lang, Text};

/// The judge's answer for one case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether the regulation applies at all.
    pub scope: Scope,
    /// Ids of the items of Art 8 ¶2 that fired, sorted, e.g. `["art8.2.1"]`.
    pub fired: Vec<&'static str>,
    /// All seven items, in order, with every condition evaluated.
    pub items: Vec<Item>,
    /// Plain breaches of duty (Art 8 ¶1): 「按照有关规定追究其相关责任」, no 倒查 chain.
    pub breaches: Vec<Breach>,
    /// Who is held accountable, and how.
    pub accountable: Vec<Row>,
    /// People the chain or a decision reached but who bear no responsibility, and why.
    pub exempt: Vec<Exempt>,
    /// Leadership teams that bear collective responsibility (Art 9 ¶1) as Party organisations.
    pub collective: Vec<Collective>,
    /// Remarks a trainee should read: scope, Art 12, the locality standing in for a regulator.
    pub notes: Vec<Note>,
    /// The parameters in force (defaults, then the case's overrides).
    pub params: Params,
    /// The readings in force.
    pub readings: Readings,
    /// Readings whose other value would change what fires or who is accountable.
    pub alternatives: Vec<Alternative>,
}

/// Whether the case falls under this regulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The operator has a party body: the regulation applies.
    Regulation,
    /// No party body: outside this regulation; liability is statutory and not modelled.
    Outside,
}

/// One item of Art 8 ¶2.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// `art8.2.1` … `art8.2.7`.
    pub id: &'static str,
    /// Fired, not fired, or not applicable.
    pub status: Status,
    /// Every atomic condition, evaluated.
    pub conditions: Vec<Condition>,
}

/// The outcome of one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// All its conditions hold.
    Fired,
    /// It applies to this system but some condition fails.
    NotFired,
    /// It is about another kind of system (a scope condition fails), or the case is outside the regulation.
    NotApplicable,
}

/// One atomic condition of an item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Short name, unique within the item, e.g. `report_late`.
    pub name: &'static str,
    /// Conditions with the same group are joined by OR, groups by AND; `null` for a fact shown
    /// for context that is not part of the test under the active readings.
    pub group: Option<u8>,
    /// A scope condition: when it fails the item is not applicable rather than not fired.
    pub scope: bool,
    /// Whether it holds.
    pub met: bool,
    /// The clause whose words are quoted.
    pub clause: &'static str,
    /// The regulation's own words, a substring of the published text.
    pub quote: &'static str,
    /// The fact that a person's act or a decision can cause, for tracing the 当事人.
    pub fact: Option<FactKey>,
    /// The fact it reads, as a path such as `incident.report_minutes`, for tracing choices.
    pub path: Option<&'static str>,
    /// The facts and thresholds used, in a sentence.
    pub because: Text,
}

/// A plain breach of duty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breach {
    /// The duty's clause id.
    pub clause: String,
    /// The unit in breach, if known.
    pub unit: Option<String>,
    /// What happened.
    pub text: Text,
    /// True when the judge found it from the facts; false when the case file states it.
    pub derived: bool,
}

/// One person's responsibility of one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Person id.
    pub person: String,
    /// Name in Chinese.
    pub name: String,
    /// Unit id.
    pub unit: String,
    /// Where the person stands in the chain.
    pub role: Position,
    /// The kind of responsibility.
    pub kind: Kind,
    /// Clause ids it rests on.
    pub basis: Vec<&'static str>,
    /// 有管理权限的党组织 (Art 9 ¶2): who decides on this person's accountability.
    pub decider: Text,
    /// Why that body decides.
    pub authority: Authority,
    /// The 网信办 that may propose accountability (Art 9 ¶2), if there is one.
    pub proposer: Option<Text>,
    /// Facts in the person's favour.
    pub mitigations: Vec<Mitigation>,
    /// The items, acts, decisions and failures that caused it.
    pub causes: Vec<Cause>,
}

/// Why a body decides on a person's accountability (cadre-management authority).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// The person is on a leadership team: the Party organisation that manages that team.
    ManagesTeam,
    /// The person is a middle-level cadre or staff: the unit's own Party committee (group).
    OwnUnit,
    /// The file names the body for this person.
    Named,
}

/// A leadership team bearing collective responsibility for its decisions (Art 9 ¶1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Collective {
    /// The unit whose team decided.
    pub unit: String,
    /// The decisions that caused fired items.
    pub decisions: Vec<String>,
    /// The items they caused.
    pub items: Vec<&'static str>,
    /// The Party organisation that manages the team, which decides.
    pub decider: Text,
}

/// A place in the 倒查 chain or beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// 当事人: the person directly involved.
    Party,
    /// 网络安全负责人.
    SecurityOfficer,
    /// 主管网络安全的领导班子成员 (直接责任人).
    CyberLeader,
    /// 领导班子主要负责人 (第一责任人).
    MainLeader,
    /// Another member of the leadership team who took part in a decision.
    Member,
    /// Head of the supervisory department (or of the locality standing in for it).
    RegulatorHead,
    /// Head of the comprehensive coordination department (网信办).
    CoordinatorHead,
}

/// A kind of responsibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Individual, direct responsibility of the 当事人.
    Direct,
    /// Leadership responsibility through the 逐级倒查 chain (Art 8 ¶2).
    Leadership,
    /// 主要领导责任 in collective responsibility (Art 9 ¶1).
    MainLeadership,
    /// 重要领导责任 in collective responsibility (Art 9 ¶1).
    ImportantLeadership,
    /// 协调监管不力 (Art 8 ¶2, second sentence).
    Coordination,
}

/// A fact in a person's favour.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mitigation {
    /// The incident was reported within the deadline.
    TimelyReport,
    /// Containment started within the handling deadline.
    TimelyHandling,
    /// The person acted on a documented instruction.
    ActedOnInstruction {
        /// Who gave it.
        by: String,
    },
    /// The person's dissent is on record.
    DissentRecorded {
        /// In which decision.
        decision: String,
    },
    /// The person carried out a leadership-team decision.
    FollowedDecision {
        /// Which decision.
        decision: String,
    },
    /// The person was deceived by a subordinate.
    DeceivedBySubordinate {
        /// By whom.
        by: String,
    },
}

/// What caused a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cause {
    /// An item of Art 8 ¶2 fired.
    Item {
        /// Its id.
        id: &'static str,
    },
    /// The person's own act.
    Act {
        /// The facts it caused.
        facts: Vec<FactKey>,
        /// What they did.
        note: Text,
    },
    /// The person instructed someone else's act.
    Instruction {
        /// Who acted.
        to: String,
        /// What they did.
        note: Text,
    },
    /// A leadership-team decision.
    Decision {
        /// Its id.
        id: String,
        /// What was decided.
        subject: Text,
    },
    /// The person carried out a clearly unlawful instruction or decision, which does not
    /// excuse them (A6).
    UnlawfulOrder {
        /// Who instructed it, if someone did.
        instructed_by: Option<String>,
        /// The team decision carried out, if any.
        decision: Option<String>,
    },
    /// A supervising or coordinating body failed its Art 4 ¶2 duties.
    Failure {
        /// Which failures.
        failures: Vec<Failure>,
        /// Whose: the regulator's (or the locality's) or the coordinating body's.
        body: Body,
    },
}

/// Someone reached by the chain or a decision who bears no responsibility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exempt {
    /// Person id.
    pub person: String,
    /// Why.
    pub reason: Reason,
}

/// Why someone bears no responsibility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Absent from the decision.
    Absent {
        /// Which decision.
        decision: String,
    },
    /// Acted on a documented instruction (presumptive chain, A5).
    ActedOnInstruction {
        /// From whom.
        by: String,
    },
    /// Carried out a leadership-team decision that caused the trigger (presumptive chain, A5).
    FollowedDecision {
        /// Which decision.
        decision: String,
    },
    /// Deceived by a subordinate (presumptive chain, A5).
    Deceived {
        /// By whom.
        by: String,
    },
    /// Dissented on record in the decision (A7, 问责条例 Art 17).
    Dissented {
        /// Which decision.
        decision: String,
    },
}

/// A remark for the trainee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable code: `outside`, `art12`, `locality`, `no_supervisor`, `no_chain`.
    pub code: &'static str,
    /// The remark.
    pub text: Text,
}

/// What the other value of a reading would give.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// `a1` … `a9`.
    pub reading: &'static str,
    /// The other value.
    pub value: &'static str,
    /// What would fire.
    pub fired: Vec<&'static str>,
    /// Who would be accountable: (person id, kind).
    pub accountable: Vec<(String, Kind)>,
}

/// The kinds of responsibility and the words that name them in `Analysis::kinds`.
pub const KINDS: [(Kind, &str); 5] = [
    (Kind::Direct, "direct"),
    (Kind::Leadership, "leadership"),
    (Kind::MainLeadership, "main_leadership"),
    (Kind::ImportantLeadership, "important_leadership"),
    (Kind::Coordination, "coordination"),
];
