//! A case file: the facts of one incident stated directly, so an instructor or a test can ask the
//! judge about them. The model below mirrors the TOML file key for key; docs/case-format.md is
//! its reference page and `schema()` its JSON Schema.

#[cfg(feature = "read")]
pub(crate) mod read;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[cfg(feature = "read")]
pub use read::{code, parse_case};

/// The case-file format version this build reads.
pub const FORMAT: u64 = 1;

/// One incident, its organisation and everyone's conduct.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Zeren case file", deny_unknown_fields)]
pub struct Case {
    /// Format version; this build reads 1.
    pub format: u64,
    /// A short title shown above the verdict.
    #[serde(default)]
    pub title: String,
    /// The title in English.
    #[serde(default)]
    pub title_en: Option<String>,
    /// Who the operator is and who supervises it.
    #[serde(default)]
    pub organisation: Organisation,
    /// Units: the operator, the regulator, the 网信 body, the locality.
    // Units and people are shared: the engine copies a case at every step; they never change.
    #[serde(rename = "unit")]
    pub units: std::sync::Arc<Vec<Unit>>,
    /// Everyone named in the case.
    #[serde(rename = "person")]
    pub people: std::sync::Arc<Vec<Person>>,
    /// The system that was hit.
    pub system: System,
    /// What happened and when.
    #[serde(default)]
    pub incident: Incident,
    /// Conduct that items (五)–(七) and the 协调监管不力 sentence ask about.
    #[serde(default)]
    pub conduct: Conduct,
    /// Who did what: the 当事人 of each fact.
    #[serde(default, rename = "act")]
    pub acts: Vec<Act>,
    /// Leadership-team decisions, for collective responsibility (Art 9).
    #[serde(default, rename = "decision")]
    pub decisions: Vec<Decision>,
    /// Leaders deceived by a subordinate (an exculpating fact in the 倒查 chain).
    #[serde(default, rename = "deception")]
    pub deceptions: Vec<Deception>,
    /// Plain breaches of duty (Art 8 ¶1) stated by the author.
    #[serde(default, rename = "breach")]
    pub breaches: Vec<BreachFact>,
    /// Parameter overrides for this case, by name (see `Params`).
    #[serde(default)]
    #[schemars(with = "crate::params::Params")]
    pub params: std::collections::BTreeMap<String, u64>,
    /// Reading overrides for this case: `a1` … `a9`.
    #[serde(default)]
    #[schemars(with = "crate::params::Readings")]
    pub readings: std::collections::BTreeMap<String, String>,
}

/// The operator's party body and the bodies around it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Organisation {
    /// Whether the operator has a party committee or group; without one the case falls outside
    /// this regulation. Default true.
    #[serde(default = "yes")]
    pub party_body: bool,
    /// The industry regulator (主管监管部门), a unit id. Without one the locality takes its place.
    #[serde(default)]
    pub regulator: Option<String>,
    /// The coordinating 网信 body (网信办), a unit id.
    #[serde(default)]
    pub coordinator: Option<String>,
    /// The locality (所在地区) that supervises where there is no regulator, a unit id.
    #[serde(default)]
    pub locality: Option<String>,
}

impl Default for Organisation {
    fn default() -> Self {
        Self {
            party_body: true,
            regulator: None,
            coordinator: None,
            locality: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// A unit with its own leadership team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Unit {
    /// Short id used to refer to the unit, e.g. `city_gov`.
    pub id: String,
    /// Name in Chinese.
    pub name: String,
    /// Name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Administrative level.
    #[serde(default)]
    pub level: Option<Level>,
    /// The Party organisation with management authority over this unit's leadership team
    /// (有管理权限的党组织), e.g. the superior Party committee. Required when the operator has
    /// a party body.
    #[serde(default)]
    pub managed_by: Option<String>,
    /// `managed_by` in English.
    #[serde(default)]
    pub managed_by_en: Option<String>,
    /// The unit's own Party committee or leading Party group (党委(党组)), which decides on its
    /// staff and middle-level cadres; default: the unit's name followed by 党组织.
    #[serde(default)]
    pub party_org: Option<String>,
    /// `party_org` in English.
    #[serde(default)]
    pub party_org_en: Option<String>,
}

/// A person and the one role they hold in their unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Person {
    /// Short id used to refer to the person, e.g. `zhang`.
    pub id: String,
    /// Name in Chinese.
    pub name: String,
    /// Name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Post, such as 市长 or 信息中心主任.
    #[serde(default)]
    pub title: Option<String>,
    /// The post in English.
    #[serde(default)]
    pub title_en: Option<String>,
    /// The unit id the person belongs to.
    pub unit: String,
    /// The person's role.
    pub role: Role,
    /// The Party organisation with management authority over this person, when it is not the
    /// one the person's place implies (see `decider` in docs/rules-model.md §6).
    #[serde(default)]
    pub managed_by: Option<String>,
    /// `managed_by` in English.
    #[serde(default)]
    pub managed_by_en: Option<String>,
}

/// A role in a unit. The first three make up the leadership team (领导班子).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 领导班子主要负责人, the 第一责任人 (Art 2); one per unit.
    MainLeader,
    /// 主管网络安全的领导班子成员, the 直接责任人 (Art 2).
    CyberLeader,
    /// Another member of the leadership team.
    Member,
    /// 网络安全负责人, the person in charge of cybersecurity work.
    SecurityOfficer,
    /// Staff.
    Staff,
}

impl Role {
    /// True for members of the leadership team.
    pub fn on_team(self) -> bool {
        matches!(self, Role::MainLeader | Role::CyberLeader | Role::Member)
    }
}

/// Administrative level, ordered 乡镇 < 县级 < 地市级 < 省级 < 中央.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 乡镇.
    Township,
    /// 县级.
    #[default]
    County,
    /// 地市级, including 副省级.
    Prefecture,
    /// 省级.
    Province,
    /// 中央.
    Central,
}

/// What kind of system was hit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SystemKind {
    /// 党政机关门户网站.
    Portal,
    /// 重点新闻网站.
    News,
    /// 大型网络平台.
    Platform,
    /// Any other network or information system.
    #[default]
    Other,
}

/// The system at stake.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct System {
    /// Name in Chinese.
    #[serde(default)]
    pub name: String,
    /// Name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// portal, news, platform or other.
    #[serde(default)]
    pub kind: SystemKind,
    /// Administrative level of the system's owner.
    pub level: Level,
    /// Designated critical information infrastructure (关键信息基础设施).
    #[serde(default)]
    pub cii: bool,
    /// The unit in charge of the system (谁主管谁负责), a unit id.
    pub unit: String,
}

/// How the incident came about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attack {
    /// Nothing happened to the system itself (e.g. only conduct is at issue).
    #[default]
    None,
    /// A technical fault: not an attack.
    Fault,
    /// The operator's own mistake: not an attack.
    Mistake,
    /// Defacement.
    Defacement,
    /// Denial of service.
    Ddos,
    /// Intrusion.
    Intrusion,
    /// Ransomware.
    Ransomware,
    /// Other malware.
    Malware,
    /// Data theft.
    DataTheft,
    /// Another kind of attack.
    OtherAttack,
}

impl Attack {
    /// True for attacks; a fault or a mistake is not one.
    pub fn is_attack(self) -> bool {
        !matches!(self, Attack::None | Attack::Fault | Attack::Mistake)
    }
}

/// The facts of the incident. Times are minutes from discovery.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema, Deserialize)]
#[schemars(deny_unknown_fields)]
#[serde(default)]
pub struct Incident {
    /// How it came about.
    #[serde(default)]
    pub attack: Attack,
    /// The content was tampered with (篡改).
    #[serde(default)]
    pub tampered: bool,
    /// The tampering put reactionary statements, rumours or other illegal, harmful content up. Default true.
    #[serde(default = "yes")]
    pub harmful_content: bool,
    /// Reposts of the harmful content.
    #[serde(default)]
    pub reposts: u64,
    /// Views of the harmful content.
    #[serde(default)]
    pub views: u64,
    /// Minutes the harmful content stood on the homepage.
    #[serde(default)]
    pub homepage_minutes: u64,
    /// Minutes the system was down (瘫痪) because of the attack (or because it was not handled),
    /// counted cumulatively within the incident.
    #[serde(default)]
    pub outage_minutes: u64,
    /// Minutes the unit itself kept the system down while handling the attack — a maintenance
    /// page, a rebuild — which count as 瘫痪 unless reading A9 says only the attack's count.
    #[serde(default)]
    pub chosen_outage_minutes: u64,
    /// The minute (from discovery) at which these facts are stated, for an incident still under
    /// way: a report or handling not yet made is late only once this passes its deadline.
    /// Absent means the incident is over, so a missing report was never made.
    #[serde(default)]
    pub as_of: Option<u64>,
    /// Minutes from discovery to the report; absent means never reported.
    #[serde(default)]
    pub report_minutes: Option<u64>,
    /// Minutes from discovery to the start of containment; absent means never handled.
    #[serde(default)]
    pub handling_minutes: Option<u64>,
    /// State secrets leaked.
    #[serde(default)]
    pub state_secret: bool,
    /// Persons whose personal information of any kind leaked.
    #[serde(default)]
    pub personal_records: u64,
    /// Of those, persons whose sensitive personal information leaked.
    #[serde(default)]
    pub sensitive_records: u64,
    /// Records of national basic data (population, geographic, resource registers) leaked.
    #[serde(default)]
    pub basic_data_records: u64,
    /// People whose work or life was affected.
    #[serde(default)]
    pub people_affected: u64,
    /// Share of a prefecture's population affected, in percent.
    #[serde(default)]
    pub prefecture_share_percent: u64,
    /// Direct economic loss in yuan.
    #[serde(default)]
    pub direct_loss_yuan: u64,
    /// Serious adverse social impact (严重不良社会影响), as judged by the author.
    #[serde(default)]
    pub serious_social_impact: bool,
}

impl Default for Incident {
    fn default() -> Self {
        Self {
            attack: Attack::None,
            tampered: false,
            harmful_content: true,
            reposts: 0,
            views: 0,
            homepage_minutes: 0,
            outage_minutes: 0,
            chosen_outage_minutes: 0,
            as_of: None,
            report_minutes: None,
            handling_minutes: None,
            state_secret: false,
            personal_records: 0,
            sensitive_records: 0,
            basic_data_records: 0,
            people_affected: 0,
            prefecture_share_percent: 0,
            direct_loss_yuan: 0,
            serious_social_impact: false,
        }
    }
}

/// A failure of a supervising or coordinating body under Art 4 ¶2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// Did not inspect or handle (开展网络安全检查、处置网络安全事件).
    NoInspection,
    /// Did not notify the local 网信 body in time (及时将情况通报).
    NoNotification,
    /// Did not act jointly with the regulator (会同相关主管监管部门进行).
    NoJointAction,
}

/// A body with supervisory or coordinating duties (协调监管).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// The industry regulator, or the locality standing in for it (Art 4).
    Regulator,
    /// The coordinating 网信 body (Art 5; the locality's joint inspections, Art 4 ¶2).
    Coordinator,
}

impl Body {
    /// The clause that binds this body to avoid `failure`.
    pub fn clause(self, failure: Failure) -> &'static str {
        match (self, failure) {
            (Body::Regulator, _) | (Body::Coordinator, Failure::NoJointAction) => "art4.2",
            (Body::Coordinator, Failure::NoInspection | Failure::NoNotification) => "art5",
        }
    }
}

/// Conduct during and before the incident.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema, Deserialize)]
#[schemars(deny_unknown_fields)]
#[serde(default)]
pub struct Conduct {
    /// The incident was blocked, concealed, under-reported or falsely reported (封锁、瞒报).
    #[serde(default)]
    pub concealed: bool,
    /// Cooperation with a lawful investigation or handling was refused (拒不配合).
    #[serde(default)]
    pub refused_investigation: bool,
    /// Problems or risks notified by the relevant departments were not fixed in time.
    #[serde(default)]
    pub notified_risk_unfixed: bool,
    /// Serious consequences followed (严重后果), as judged by the author.
    #[serde(default)]
    pub serious_consequences: bool,
    /// Public or state security organs were obstructed (阻碍).
    #[serde(default)]
    pub obstructed_security_organs: bool,
    /// A lawful request of public or state security organs for support was refused (拒不提供支持和保障).
    #[serde(default)]
    pub refused_security_support: bool,
    /// Failures of the regulator (or of the locality where there is none).
    #[serde(default)]
    pub regulator_failures: Vec<Failure>,
    /// Failures of the coordinating 网信 body.
    #[serde(default)]
    pub coordinator_failures: Vec<Failure>,
    /// Item (七) fired by the instructor, with the reason; the judge never infers it.
    #[serde(default)]
    pub instructor_fired: Option<String>,
}

/// A fact that a person's act or a decision can cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactKey {
    /// The late or missing report.
    Report,
    /// The late or missing handling.
    Handling,
    /// The leak.
    Leak,
    /// The concealment.
    Conceal,
    /// The refusal to cooperate with an investigation.
    RefuseInvestigation,
    /// The notified risk left unfixed.
    UnfixedRisk,
    /// The obstruction of security organs.
    Obstruct,
    /// The refusal of support to security organs.
    RefuseSupport,
    /// The act behind item (七).
    Other,
}

/// What one person did: the 当事人 of the facts listed in `caused`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Act {
    /// The person's id.
    pub person: String,
    /// The facts this act caused.
    pub caused: Vec<FactKey>,
    /// What the person did, in a sentence.
    #[serde(default)]
    pub note: String,
    /// `note` in English.
    #[serde(default)]
    pub note_en: Option<String>,
    /// The person acted on a documented instruction from this person (an id).
    #[serde(default)]
    pub instructed_by: Option<String>,
    /// The act carried out this leadership-team decision (a decision id).
    #[serde(default)]
    pub carries_out: Option<String>,
}

impl Act {
    /// True when the act is clearly unlawful whoever ordered it: concealing or falsely reporting
    /// the incident, refusing or obstructing a lawful investigation (deleting logs or evidence
    /// among it), obstructing or refusing the security organs (docs/rules-model.md §3, A6).
    pub fn clearly_unlawful(&self) -> bool {
        self.caused.iter().any(|f| {
            matches!(
                f,
                FactKey::Conceal | FactKey::RefuseInvestigation | FactKey::Obstruct | FactKey::RefuseSupport
            )
        })
    }
}

/// A leadership-team decision (Art 9 ¶1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Decision {
    /// Short id, e.g. `meeting1`.
    pub id: String,
    /// The unit whose team decided; default the system's unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// What was decided, in a sentence.
    #[serde(default)]
    pub subject: String,
    /// `subject` in English.
    #[serde(default)]
    pub subject_en: Option<String>,
    /// The facts this decision caused.
    pub caused: Vec<FactKey>,
    /// Team members present (ids). Members not listed were absent.
    pub attended: Vec<String>,
    /// Members whose dissent is on record (ids); each must have attended.
    #[serde(default)]
    pub dissent: Vec<String>,
}

/// A leader deceived by a subordinate about the incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Deception {
    /// The deceived person's id.
    pub person: String,
    /// The subordinate who deceived them (an id).
    pub by: String,
}

/// A plain breach of a duty of this regulation, stated by the author (Art 8 ¶1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BreachFact {
    /// The duty's clause id, e.g. `art3.2`.
    pub clause: String,
    /// The unit in breach (an id); default the system's unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// What happened, in a sentence.
    #[serde(default)]
    pub note: String,
    /// `note` in English.
    #[serde(default)]
    pub note_en: Option<String>,
}

impl Case {
    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The decision with this id.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// The holder of `role` in unit `unit` (the first, for roles that may have several).
    pub fn holder(&self, unit: &str, role: Role) -> Option<&Person> {
        self.people.iter().find(|p| p.unit == unit && p.role == role)
    }
}

/// Report deadline by operator: CII, central organ, or other.
pub fn report_deadline(case: &Case, p: &crate::params::Params) -> u64 {
    if case.system.cii {
        p.report_deadline_cii
    } else if case.system.level == Level::Central {
        p.report_deadline_central
    } else {
        p.report_deadline_other
    }
}

/// The JSON Schema of the case-file format, for editors.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Case)).unwrap_or_default()
}
