//! Reading a case file: every problem at once, each pointing at its text, never a panic.

use std::collections::BTreeMap;

use toml::Spanned;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::lang::text;
use crate::params::{MAX_VALUE, PARAM_NAMES, READINGS, Readings};
use crate::regulation;
use crate::toml_reader::{self, Noun, SubTable, Table, did_you_mean, did_you_mean_hint, noun, unknown_choice};

/// Diagnostic codes of case files (listed in docs/case-format.md).
pub mod code {
    /// `format` is missing or not a version this build reads.
    pub const FORMAT: &str = "C0001";
    /// Two things share one id.
    pub const DUPLICATE_ID: &str = "C0101";
    /// A reference to a unit id that does not exist.
    pub const UNKNOWN_UNIT: &str = "C0102";
    /// A reference to a person id that does not exist.
    pub const UNKNOWN_PERSON: &str = "C0103";
    /// A unit of an operator with a party body lacks `managed_by`.
    pub const MISSING_MANAGED_BY: &str = "C0105";
    /// A unit's team has two main leaders.
    pub const TWO_MAIN_LEADERS: &str = "C0201";
    /// The unit in charge lacks a main leader or a member in charge of cybersecurity.
    pub const LEADER_MISSING: &str = "C0202";
    /// The unit in charge has no 网络安全负责人.
    pub const NO_SECURITY_OFFICER: &str = "C0203";
    /// A decision names someone who is not on that unit's leadership team.
    pub const NOT_ON_TEAM: &str = "C0204";
    /// A dissenter who did not attend.
    pub const DISSENT_ABSENT: &str = "C0205";
    /// Facts that contradict each other or cannot have their intended effect.
    pub const INCONSISTENT: &str = "C0301";
    /// A breach names a clause that is not a duty of this regulation.
    pub const NOT_A_DUTY: &str = "C0302";
    /// A failure listed for a body whose duty it is not (Art 4 ¶2, Art 5).
    pub const NOT_ITS_DUTY: &str = "C0303";
    /// An act carries out a decision that does not exist.
    pub const UNKNOWN_DECISION: &str = "C0104";
}

/// The words that stand for each choice in a file.
pub(crate) const LEVELS: &[(&str, Level)] = &[
    ("township", Level::Township),
    ("county", Level::County),
    ("prefecture", Level::Prefecture),
    ("province", Level::Province),
    ("central", Level::Central),
];
pub(crate) const SYSTEM_KINDS: &[(&str, SystemKind)] = &[
    ("portal", SystemKind::Portal),
    ("news", SystemKind::News),
    ("platform", SystemKind::Platform),
    ("other", SystemKind::Other),
];
pub(crate) const ROLES: &[(&str, Role)] = &[
    ("main_leader", Role::MainLeader),
    ("cyber_leader", Role::CyberLeader),
    ("member", Role::Member),
    ("security_officer", Role::SecurityOfficer),
    ("staff", Role::Staff),
];
pub(crate) const ATTACKS: &[(&str, Attack)] = &[
    ("none", Attack::None),
    ("fault", Attack::Fault),
    ("mistake", Attack::Mistake),
    ("defacement", Attack::Defacement),
    ("ddos", Attack::Ddos),
    ("intrusion", Attack::Intrusion),
    ("ransomware", Attack::Ransomware),
    ("malware", Attack::Malware),
    ("data_theft", Attack::DataTheft),
    ("other_attack", Attack::OtherAttack),
];
pub(crate) const FAILURES: &[(&str, Failure)] = &[
    ("no_inspection", Failure::NoInspection),
    ("no_notification", Failure::NoNotification),
    ("no_joint_action", Failure::NoJointAction),
];
pub(crate) const FACT_KEYS: &[(&str, FactKey)] = &[
    ("report", FactKey::Report),
    ("handling", FactKey::Handling),
    ("leak", FactKey::Leak),
    ("conceal", FactKey::Conceal),
    ("refuse_investigation", FactKey::RefuseInvestigation),
    ("unfixed_risk", FactKey::UnfixedRisk),
    ("obstruct", FactKey::Obstruct),
    ("refuse_support", FactKey::RefuseSupport),
    ("other", FactKey::Other),
];

/// The keys each table of a case file takes; a test checks them against the JSON Schema.
const UNIT_KEYS: &[&str] = &[
    "id",
    "name",
    "name_en",
    "level",
    "managed_by",
    "managed_by_en",
    "party_org",
    "party_org_en",
];
const PERSON_KEYS: &[&str] = &[
    "id",
    "name",
    "name_en",
    "title",
    "title_en",
    "unit",
    "role",
    "managed_by",
    "managed_by_en",
];
const ORGANISATION_KEYS: &[&str] = &["party_body", "regulator", "coordinator", "locality"];
const SYSTEM_KEYS: &[&str] = &["name", "name_en", "kind", "level", "cii", "unit"];
const INCIDENT_KEYS: &[&str] = &[
    "attack",
    "tampered",
    "harmful_content",
    "reposts",
    "views",
    "homepage_minutes",
    "outage_minutes",
    "chosen_outage_minutes",
    "as_of",
    "report_minutes",
    "handling_minutes",
    "state_secret",
    "personal_records",
    "sensitive_records",
    "basic_data_records",
    "people_affected",
    "prefecture_share_percent",
    "direct_loss_yuan",
    "serious_social_impact",
];
const CONDUCT_KEYS: &[&str] = &[
    "concealed",
    "refused_investigation",
    "notified_risk_unfixed",
    "serious_consequences",
    "obstructed_security_organs",
    "refused_security_support",
    "regulator_failures",
    "coordinator_failures",
    "instructor_fired",
];
pub(crate) const ACT_KEYS: &[&str] = &["person", "caused", "note", "note_en", "instructed_by", "carries_out"];
const DECISION_KEYS: &[&str] = &["id", "unit", "subject", "subject_en", "caused", "attended", "dissent"];
const DECEPTION_KEYS: &[&str] = &["person", "by"];
pub(crate) const BREACH_KEYS: &[&str] = &["clause", "unit", "note", "note_en"];
const TOP_KEYS: &[&str] = &[
    "format",
    "title",
    "title_en",
    "organisation",
    "unit",
    "person",
    "system",
    "incident",
    "conduct",
    "act",
    "decision",
    "deception",
    "breach",
    "params",
    "readings",
];

/// True for the clause ids of duties whose breach Art 8 ¶1 speaks of.
pub(crate) fn is_duty(clause: &str) -> bool {
    let duty = ["art3", "art4", "art5", "art6", "art10", "art11"]
        .iter()
        .any(|a| clause == *a || clause.starts_with(&format!("{a}.")));
    duty && regulation::exists(clause)
}

/// Ten years in minutes: longer than any incident a case can mean.
const MAX_MINUTES: u64 = 5_256_000;
/// More than the world's population: a larger count is a typo.
const MAX_COUNT: u64 = 10_000_000_000;
/// A ten-trillion-yuan loss: a larger one is a typo.
const MAX_YUAN: u64 = 10_000_000_000_000;

/// Reads a case file. The case comes back only when there are no errors; the diagnostics hold
/// every problem found, errors and warnings, in the order they stand in the file.
pub fn parse_case(source: &str) -> (Option<Case>, Vec<Diagnostic>) {
    toml_reader::read_file(source, noun("案例文件", "the case file"), TOP_KEYS, |top, diags| {
        Reader { diags }.case(top)
    })
}

/// The problem "two `what`s have the id `id`", shared by case and scenario files.
pub(crate) fn duplicate_id(
    code: &'static str,
    id: &str,
    span: std::ops::Range<usize>,
    first: std::ops::Range<usize>,
    what: Noun,
) -> Diagnostic {
    let (zh, en) = (what.zh, what.en);
    Diagnostic::error(
        code,
        span,
        text!("有两个{zh}的 id 都是 `{id}`", "two {en}s have the id `{id}`"),
    )
    .with_label(first, text!("第一次用在这里", "first used here"))
    .with_hint(text!("请给每一个都起不同的 id", "give each one its own id"))
}

/// The problem "`p` dissented but did not attend", shared by case and scenario files.
pub(crate) fn dissent_absent(p: &Spanned<String>) -> Diagnostic {
    let who = p.get_ref();
    Diagnostic::error(
        code::DISSENT_ABSENT,
        p.span(),
        text!(
            "`{who}` 表示了反对，却不在 `attended` 中",
            "`{who}` dissented but is not in `attended`"
        ),
    )
    .with_hint(text!(
        "只有出席会议的成员才能记录反对意见",
        "only members present at the meeting can record dissent"
    ))
}

/// The problem "`clause` is not a duty", shared by case and scenario files.
pub(crate) fn not_a_duty(clause: &Spanned<String>) -> Diagnostic {
    let c = clause.get_ref();
    Diagnostic::error(
        code::NOT_A_DUTY,
        clause.span(),
        text!(
            "`{c}` 不是本办法规定职责的条款",
            "`{c}` is not a duty clause of this regulation"
        ),
    )
    .with_hint(text!(
        "规定职责的条款有 `art3.1` … `art3.5`、`art4.1`、`art4.2`、`art5`、`art6.1`、`art6.2`、`art10`、`art11`",
        "duties are art3.1 … art3.5, art4.1, art4.2, art5, art6.1, art6.2, art10, art11"
    ))
}

/// Reads the parts of a file that describe a case, collecting diagnostics.
pub(crate) struct Reader<'d> {
    pub(crate) diags: &'d mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn case(&mut self, top: &Table<'_, '_>) -> Case {
        let format = self.format(top);
        let title = top
            .str("title", self.diags)
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let title_en = top.str("title_en", self.diags).map(Spanned::into_inner);
        let mut case = Case {
            format,
            title,
            title_en,
            ..self.setting(top)
        };
        self.records(top, &mut case);
        case
    }

    /// The organisation, the system, the facts and the settings: what case files and scenario
    /// files share.
    pub(crate) fn setting(&mut self, top: &Table<'_, '_>) -> Case {
        let mut missing_managed_by = Vec::new();
        let units = self.units(top, &mut missing_managed_by);
        let people = self.people(top, &units);
        let mut case = Case {
            units: units.into(),
            people: people.into(),
            ..Case::default()
        };
        if let Some(t) = top.table("organisation", self.diags) {
            case.organisation = self.organisation(&t, &case);
        }
        if case.organisation.party_body {
            for span in missing_managed_by {
                self.diags.push(
                    Diagnostic::error(
                        code::MISSING_MANAGED_BY,
                        span,
                        text!("这个 `[[unit]]` 没有写 `managed_by`", "this [[unit]] has no `managed_by`"),
                    )
                    .with_hint(text!(
                        "请写明管理其领导班子的党组织，例如 `managed_by = \"中共某省委\"`",
                        "name the Party organisation that manages its leadership team, e.g. `managed_by = \"中共某省委\"`"
                    )),
                );
            }
        }
        match top.table("system", self.diags) {
            Some(t) => case.system = self.system(&t, &case),
            None => top.missing_table("system", self.diags),
        }
        if let Some(t) = top.table("incident", self.diags) {
            case.incident = self.incident(&t);
        }
        if let Some(t) = top.table("conduct", self.diags) {
            case.conduct = self.conduct(&t);
        }
        if let Some(t) = top.table("params", self.diags) {
            case.params = self.params(&t);
        }
        if let Some(t) = top.table("readings", self.diags) {
            case.readings = self.readings(&t);
        }
        case
    }

    /// Who did what: acts, team decisions, deceptions, breaches.
    fn records(&mut self, top: &Table<'_, '_>, case: &mut Case) {
        case.decisions = self.decisions(top, case);
        case.acts = top
            .tables("act", self.diags)
            .iter()
            .filter_map(|t| self.act(t, case))
            .collect();
        case.deceptions = top
            .tables("deception", self.diags)
            .iter()
            .filter_map(|t| self.deception(t, case))
            .collect();
        case.breaches = top
            .tables("breach", self.diags)
            .iter()
            .filter_map(|t| self.breach(t, case))
            .collect();
    }

    fn open<'a, 'i>(&mut self, t: &'a SubTable<'a, 'i>, name: Noun, keys: &[&str]) -> Table<'a, 'i> {
        Table::new(t.table, &t.span, name, keys, self.diags)
    }

    fn format(&mut self, top: &Table<'_, '_>) -> u64 {
        match top.uint("format", u64::MAX, self.diags) {
            Some(v) if *v.get_ref() == FORMAT => FORMAT,
            Some(v) if *v.get_ref() > FORMAT => {
                let n = v.get_ref();
                self.diags.push(
                    Diagnostic::error(
                        code::FORMAT,
                        v.span(),
                        text!(
                            "案例格式 {n} 比本版本能读的格式新",
                            "case format {n} is newer than this build reads"
                        ),
                    )
                    .with_hint(text!(
                        "本版本读的是格式 {FORMAT}，请更新 Zeren",
                        "this build reads format {FORMAT}; update Zeren"
                    )),
                );
                FORMAT
            }
            Some(v) => {
                let n = v.get_ref();
                self.diags.push(
                    Diagnostic::error(
                        code::FORMAT,
                        v.span(),
                        text!("未知的案例格式 {n}", "unknown case format {n}"),
                    )
                    .with_hint(text!("请写 `format = {FORMAT}`", "write `format = {FORMAT}`")),
                );
                FORMAT
            }
            None => {
                self.diags.push(
                    Diagnostic::warning(
                        code::FORMAT,
                        0..0,
                        text!(
                            "案例文件没有写明格式，按格式 {FORMAT} 读取",
                            "the case file does not say its format; read as format {FORMAT}"
                        ),
                    )
                    .with_hint(text!(
                        "请在文件开头写 `format = {FORMAT}`",
                        "start the file with `format = {FORMAT}`"
                    )),
                );
                FORMAT
            }
        }
    }

    fn units(&mut self, top: &Table<'_, '_>, missing_managed_by: &mut Vec<std::ops::Range<usize>>) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::new();
        let mut seen: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
        for sub in top.tables("unit", self.diags) {
            let t = self.open(&sub, noun("`[[unit]]` 表", "a [[unit]]"), UNIT_KEYS);
            let id = t.req_str("id", self.diags);
            let name = t.req_str("name", self.diags);
            let name_en = t.str("name_en", self.diags).map(Spanned::into_inner);
            let level = t.choice("level", LEVELS, self.diags).map(Spanned::into_inner);
            let text = |key: &str, d: &mut Vec<Diagnostic>| t.str(key, d).map(Spanned::into_inner);
            let managed_by = text("managed_by", self.diags);
            // A missing `managed_by` is reported once the file says whether there is a party
            // body (`party_body`); the unit is kept so references to it do not cascade.
            if managed_by.is_none() {
                missing_managed_by.push(t.span());
            }
            let (Some(id), Some(name)) = (id, name) else {
                continue;
            };
            if self.duplicate(&mut seen, &id, noun("单位", "unit")) {
                continue;
            }
            units.push(Unit {
                id: id.into_inner(),
                name: name.into_inner(),
                name_en,
                level,
                managed_by,
                managed_by_en: text("managed_by_en", self.diags),
                party_org: text("party_org", self.diags),
                party_org_en: text("party_org_en", self.diags),
            });
        }
        units
    }

    pub(crate) fn duplicate(
        &mut self,
        seen: &mut BTreeMap<String, std::ops::Range<usize>>,
        id: &Spanned<String>,
        what: Noun,
    ) -> bool {
        if let Some(first) = seen.get(id.get_ref()) {
            self.diags.push(duplicate_id(
                code::DUPLICATE_ID,
                id.get_ref(),
                id.span(),
                first.clone(),
                what,
            ));
            return true;
        }
        seen.insert(id.get_ref().clone(), id.span());
        false
    }

    pub(crate) fn unit_ref(&mut self, units: &[Unit], id: &Spanned<String>) -> bool {
        if units.iter().any(|u| &u.id == id.get_ref()) {
            return true;
        }
        let i = id.get_ref();
        let d = Diagnostic::error(
            code::UNKNOWN_UNIT,
            id.span(),
            text!("没有 id 为 `{i}` 的单位", "no unit has the id `{i}`"),
        );
        self.diags
            .push(match did_you_mean(id.get_ref(), units.iter().map(|u| u.id.as_str())) {
                Some(s) => d.with_hint(did_you_mean_hint(s)),
                None => d.with_hint(text!(
                    "请用 `[[unit]]` 和 `id = …` 声明这个单位",
                    "declare it with [[unit]] and `id = …`"
                )),
            });
        false
    }

    fn decision_ref(&mut self, case: &Case, id: &Spanned<String>) -> bool {
        if case.decision(id.get_ref()).is_some() {
            return true;
        }
        let i = id.get_ref();
        let d = Diagnostic::error(
            code::UNKNOWN_DECISION,
            id.span(),
            text!("没有 id 为 `{i}` 的 `[[decision]]`", "no [[decision]] has the id `{i}`"),
        );
        self.diags.push(
            match did_you_mean(id.get_ref(), case.decisions.iter().map(|d| d.id.as_str())) {
                Some(s) => d.with_hint(did_you_mean_hint(s)),
                None => d.with_hint(text!(
                    "`carries_out` 应写本文件中某个 `[[decision]]` 的 id",
                    "`carries_out` names the id of a [[decision]] in this file"
                )),
            },
        );
        false
    }

    pub(crate) fn person_ref(&mut self, case: &Case, id: &Spanned<String>) -> bool {
        if case.person(id.get_ref()).is_some() {
            return true;
        }
        let i = id.get_ref();
        let d = Diagnostic::error(
            code::UNKNOWN_PERSON,
            id.span(),
            text!("没有 id 为 `{i}` 的人员", "no person has the id `{i}`"),
        );
        self.diags.push(
            match did_you_mean(id.get_ref(), case.people.iter().map(|p| p.id.as_str())) {
                Some(s) => d.with_hint(did_you_mean_hint(s)),
                None => d.with_hint(text!(
                    "请用 `[[person]]` 和 `id = …` 声明此人",
                    "declare them with [[person]] and `id = …`"
                )),
            },
        );
        false
    }

    fn people(&mut self, top: &Table<'_, '_>, units: &[Unit]) -> Vec<Person> {
        let mut people = Vec::new();
        let mut seen = BTreeMap::new();
        let mut main_leaders: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
        for sub in top.tables("person", self.diags) {
            let t = self.open(&sub, noun("`[[person]]` 表", "a [[person]]"), PERSON_KEYS);
            let id = t.req_str("id", self.diags);
            let name = t.req_str("name", self.diags);
            let name_en = t.str("name_en", self.diags).map(Spanned::into_inner);
            let title = t.str("title", self.diags).map(Spanned::into_inner);
            let title_en = t.str("title_en", self.diags).map(Spanned::into_inner);
            let unit = t.req_str("unit", self.diags);
            if t.str("role", self.diags).is_none() {
                t.missing("role", self.diags);
            }
            let role = t.choice("role", ROLES, self.diags);
            let managed_by = t.str("managed_by", self.diags).map(Spanned::into_inner);
            let managed_by_en = t.str("managed_by_en", self.diags).map(Spanned::into_inner);
            let unit_ok = unit.as_ref().is_some_and(|u| self.unit_ref(units, u));
            // A person whose role is wrong is still known by id, so references to them do not
            // cascade into more errors; the file is rejected anyway.
            let role = role.unwrap_or_else(|| Spanned::new(0..0, Role::Staff));
            let (Some(id), Some(name), Some(unit), true) = (id, name, unit, unit_ok) else {
                continue;
            };
            if self.duplicate(&mut seen, &id, noun("人员", "person")) {
                continue;
            }
            if *role.get_ref() == Role::MainLeader {
                if let Some(first) = main_leaders.get(unit.get_ref()) {
                    let u = unit.get_ref();
                    self.diags.push(
                        Diagnostic::error(
                            code::TWO_MAIN_LEADERS,
                            role.span(),
                            text!("单位 `{u}` 有两名主要负责人", "unit `{u}` has two principal leaders"),
                        )
                        .with_label(first.clone(), text!("第一名主要负责人", "the first principal leader"))
                        .with_hint(text!(
                            "一个领导班子只有一名主要负责人，请把另一人改为 `member` 或 `cyber_leader`",
                            "a leadership team has one 主要负责人; make the other `member` or `cyber_leader`"
                        )),
                    );
                } else {
                    main_leaders.insert(unit.get_ref().clone(), role.span());
                }
            }
            people.push(Person {
                id: id.into_inner(),
                name: name.into_inner(),
                name_en,
                title,
                title_en,
                unit: unit.into_inner(),
                role: role.into_inner(),
                managed_by,
                managed_by_en,
            });
        }
        people
    }

    fn organisation(&mut self, t: &SubTable<'_, '_>, case: &Case) -> Organisation {
        let t = self.open(t, noun("`[organisation]` 表", "[organisation]"), ORGANISATION_KEYS);
        let unit = |key: &str, this: &mut Self| {
            t.str(key, this.diags)
                .filter(|id| this.unit_ref(&case.units, id))
                .map(Spanned::into_inner)
        };
        Organisation {
            party_body: t.bool("party_body", self.diags).unwrap_or(true),
            regulator: unit("regulator", self),
            coordinator: unit("coordinator", self),
            locality: unit("locality", self),
        }
    }

    fn system(&mut self, sub: &SubTable<'_, '_>, case: &Case) -> System {
        let t = self.open(sub, noun("`[system]` 表", "[system]"), SYSTEM_KEYS);
        let level = t.choice("level", LEVELS, self.diags);
        if t.str("level", self.diags).is_none() {
            t.missing("level", self.diags);
        }
        let system = System {
            name: t.str("name", self.diags).map(Spanned::into_inner).unwrap_or_default(),
            name_en: t.str("name_en", self.diags).map(Spanned::into_inner),
            kind: t
                .choice("kind", SYSTEM_KINDS, self.diags)
                .map(Spanned::into_inner)
                .unwrap_or_default(),
            level: level.map_or(Level::County, Spanned::into_inner),
            cii: t.bool("cii", self.diags).unwrap_or(false),
            unit: String::new(),
        };
        let Some(unit) = t.req_str("unit", self.diags) else {
            return system;
        };
        if !self.unit_ref(&case.units, &unit) {
            return system;
        }
        if case.organisation.party_body {
            self.team_complete(case, &unit);
        }
        System {
            unit: unit.into_inner(),
            ..system
        }
    }

    /// The unit in charge must have the leaders the 倒查 chain runs through.
    fn team_complete(&mut self, case: &Case, unit: &Spanned<String>) {
        let missing = [
            (Role::MainLeader, "main_leader", "主要负责人", "第一责任人"),
            (
                Role::CyberLeader,
                "cyber_leader",
                "主管网络安全的领导班子成员",
                "直接责任人",
            ),
        ];
        for (role, word, title, duty) in missing {
            if case.holder(unit.get_ref(), role).is_none() {
                let u = unit.get_ref();
                self.diags.push(
                    Diagnostic::error(
                        code::LEADER_MISSING,
                        unit.span(),
                        text!(
                            "负责该系统的单位 `{u}` 没有 `{word}`（{title}）",
                            "unit `{u}` in charge of the system has no {word}"
                        ),
                    )
                    .with_hint(text!(
                        "请加一个 `[[person]]`，写 `unit = \"{u}\"` 和 `role = \"{word}\"`：即{title}（{duty}）",
                        "add a [[person]] with `unit = \"{u}\"` and `role = \"{word}\"`: the {title} ({duty})"
                    )),
                );
            }
        }
        if case.holder(unit.get_ref(), Role::SecurityOfficer).is_none() {
            let u = unit.get_ref();
            self.diags.push(
                Diagnostic::warning(
                    code::NO_SECURITY_OFFICER,
                    unit.span(),
                    text!(
                        "负责该系统的单位 `{u}` 没有 `security_officer`（网络安全负责人）",
                        "unit `{u}` in charge of the system has no security_officer"
                    ),
                )
                .with_hint(text!(
                    "没有网络安全负责人，倒查链条会跳过这一环",
                    "without a 网络安全负责人 the 倒查 chain skips that link"
                )),
            );
        }
    }

    fn incident(&mut self, sub: &SubTable<'_, '_>) -> Incident {
        let t = self.open(sub, noun("`[incident]` 表", "[incident]"), INCIDENT_KEYS);
        let d = &mut *self.diags;
        let count = |key: &str, d: &mut Vec<Diagnostic>| t.uint(key, MAX_COUNT, d).map_or(0, Spanned::into_inner);
        let minutes = |key: &str, d: &mut Vec<Diagnostic>| t.uint(key, MAX_MINUTES, d);
        let attack = t.choice("attack", ATTACKS, d);
        let incident = Incident {
            attack: attack.as_ref().map_or(Attack::None, |a| *a.get_ref()),
            tampered: t.bool("tampered", d).unwrap_or(false),
            harmful_content: t.bool("harmful_content", d).unwrap_or(true),
            reposts: count("reposts", d),
            views: count("views", d),
            homepage_minutes: minutes("homepage_minutes", d).map_or(0, Spanned::into_inner),
            outage_minutes: minutes("outage_minutes", d).map_or(0, Spanned::into_inner),
            chosen_outage_minutes: minutes("chosen_outage_minutes", d).map_or(0, Spanned::into_inner),
            as_of: minutes("as_of", d).map(Spanned::into_inner),
            report_minutes: minutes("report_minutes", d).map(Spanned::into_inner),
            handling_minutes: minutes("handling_minutes", d).map(Spanned::into_inner),
            state_secret: t.bool("state_secret", d).unwrap_or(false),
            personal_records: count("personal_records", d),
            sensitive_records: count("sensitive_records", d),
            basic_data_records: count("basic_data_records", d),
            people_affected: count("people_affected", d),
            prefecture_share_percent: t
                .uint("prefecture_share_percent", 100, d)
                .map_or(0, Spanned::into_inner),
            direct_loss_yuan: t.uint("direct_loss_yuan", MAX_YUAN, d).map_or(0, Spanned::into_inner),
            serious_social_impact: t.bool("serious_social_impact", d).unwrap_or(false),
        };
        if incident.tampered && !incident.attack.is_attack() {
            let span = attack.map_or(t.span(), |a| a.span());
            d.push(
                Diagnostic::warning(
                    code::INCONSISTENT,
                    span,
                    text!(
                        "没有攻击的篡改不属于「被攻击篡改」",
                        "tampering without an attack is not 「被攻击篡改」"
                    ),
                )
                .with_hint(text!(
                    "如果网站确实遭到攻击，请写 `attack = \"defacement\"`（或其他攻击方式）",
                    "set `attack = \"defacement\"` (or another attack) if the site was attacked"
                )),
            );
        }
        let sensitive = t.uint("sensitive_records", MAX_COUNT, &mut Vec::new());
        if let Some(s) = sensitive.filter(|s| *s.get_ref() > incident.personal_records) {
            d.push(
                Diagnostic::error(
                    code::INCONSISTENT,
                    s.span(),
                    text!(
                        "`sensitive_records` 大于 `personal_records`",
                        "`sensitive_records` is larger than `personal_records`"
                    ),
                )
                .with_hint(text!(
                    "`personal_records` 统计的是信息泄露的全部人数，无论信息是否敏感",
                    "`personal_records` counts every person whose information leaked, sensitive or not"
                )),
            );
        }
        incident
    }

    fn conduct(&mut self, sub: &SubTable<'_, '_>) -> Conduct {
        let t = self.open(sub, noun("`[conduct]` 表", "[conduct]"), CONDUCT_KEYS);
        let failures = |key: &str, this: &mut Self| {
            let words = t.str_list(key, this.diags);
            words
                .iter()
                .filter_map(|w| match FAILURES.iter().find(|(s, _)| s == w.get_ref()) {
                    Some((_, f)) => Some(*f),
                    None => {
                        this.diags.push(unknown_choice(
                            w,
                            &text!("`{key}`", "`{key}`"),
                            FAILURES.iter().map(|(s, _)| *s),
                        ));
                        None
                    }
                })
                .collect()
        };
        let regulator_failures = failures("regulator_failures", self);
        let joint = t.str_list("regulator_failures", &mut Vec::new());
        if let Some(word) = joint.iter().find(|w| w.get_ref() == "no_joint_action") {
            let span = word.span();
            self.diags.push(
                Diagnostic::error(
                    code::NOT_ITS_DUTY,
                    span,
                    text!(
                        "`no_joint_action` 不是监管部门的失职：与监管部门联合行动是属地的职责（第四条第二款）",
                        "`no_joint_action` is not a regulator's failure: acting jointly with the regulator is the locality's duty (Art 4 ¶2)"
                    ),
                )
                .with_hint(text!(
                    "请把它列在 `coordinator_failures` 下：属地的检查由网信部门组织（第五条）",
                    "list it under `coordinator_failures`: the 网信 body organises the locality's inspections (Art 5)"
                )),
            );
        }
        let coordinator_failures = failures("coordinator_failures", self);
        let d = &mut *self.diags;
        Conduct {
            concealed: t.bool("concealed", d).unwrap_or(false),
            refused_investigation: t.bool("refused_investigation", d).unwrap_or(false),
            notified_risk_unfixed: t.bool("notified_risk_unfixed", d).unwrap_or(false),
            serious_consequences: t.bool("serious_consequences", d).unwrap_or(false),
            obstructed_security_organs: t.bool("obstructed_security_organs", d).unwrap_or(false),
            refused_security_support: t.bool("refused_security_support", d).unwrap_or(false),
            regulator_failures,
            coordinator_failures,
            instructor_fired: t.str("instructor_fired", d).map(Spanned::into_inner),
        }
    }

    /// A free text in English beside its Chinese key (`note` → `note_en`).
    pub(crate) fn english(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        t.str(&format!("{key}_en"), self.diags).map(Spanned::into_inner)
    }

    pub(crate) fn fact_keys(&mut self, t: &Table<'_, '_>) -> Vec<FactKey> {
        if !t.has("caused") {
            t.missing("caused", self.diags);
        }
        t.str_list("caused", self.diags)
            .iter()
            .filter_map(|w| match FACT_KEYS.iter().find(|(s, _)| s == w.get_ref()) {
                Some((_, k)) => Some(*k),
                None => {
                    self.diags.push(unknown_choice(
                        w,
                        &text!("`caused`", "`caused`"),
                        FACT_KEYS.iter().map(|(s, _)| *s),
                    ));
                    None
                }
            })
            .collect()
    }

    fn act(&mut self, sub: &SubTable<'_, '_>, case: &Case) -> Option<Act> {
        let t = self.open(sub, noun("`[[act]]` 表", "an [[act]]"), ACT_KEYS);
        let person = t.req_str("person", self.diags).filter(|p| self.person_ref(case, p));
        let caused = self.fact_keys(&t);
        let note = t.str("note", self.diags).map(Spanned::into_inner).unwrap_or_default();
        let note_en = self.english(&t, "note");
        let instructed_by = t.str("instructed_by", self.diags);
        let instructed_ok = instructed_by.as_ref().is_none_or(|p| self.person_ref(case, p));
        let carries_out = t.str("carries_out", self.diags).filter(|d| self.decision_ref(case, d));
        Some(Act {
            person: person?.into_inner(),
            caused,
            note,
            note_en,
            instructed_by: instructed_by.filter(|_| instructed_ok).map(Spanned::into_inner),
            carries_out: carries_out.map(Spanned::into_inner),
        })
    }

    fn decisions(&mut self, top: &Table<'_, '_>, case: &Case) -> Vec<Decision> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for sub in top.tables("decision", self.diags) {
            let t = self.open(&sub, noun("`[[decision]]` 表", "a [[decision]]"), DECISION_KEYS);
            let id = t.req_str("id", self.diags);
            let unit = t.str("unit", self.diags).filter(|u| self.unit_ref(&case.units, u));
            let team_unit = unit.as_ref().map_or(case.system.unit.clone(), |u| u.get_ref().clone());
            let subject = t
                .str("subject", self.diags)
                .map(Spanned::into_inner)
                .unwrap_or_default();
            let subject_en = self.english(&t, "subject");
            let caused = self.fact_keys(&t);
            if t.str_list("attended", &mut Vec::new()).is_empty() {
                t.missing("attended", self.diags);
            }
            let attended = t.str_list("attended", self.diags);
            for p in &attended {
                self.on_team(case, &team_unit, p);
            }
            let dissent = t.str_list("dissent", self.diags);
            for p in &dissent {
                if !attended.iter().any(|a| a.get_ref() == p.get_ref()) {
                    self.diags.push(dissent_absent(p));
                }
            }
            let Some(id) = id else { continue };
            if self.duplicate(&mut seen, &id, noun("决策", "decision")) {
                continue;
            }
            out.push(Decision {
                id: id.into_inner(),
                unit: unit.map(Spanned::into_inner),
                subject,
                subject_en,
                caused,
                attended: attended.into_iter().map(Spanned::into_inner).collect(),
                dissent: dissent.into_iter().map(Spanned::into_inner).collect(),
            });
        }
        out
    }

    pub(crate) fn on_team(&mut self, case: &Case, unit: &str, id: &Spanned<String>) {
        if !self.person_ref(case, id) {
            return;
        }
        let off_team = case
            .person(id.get_ref())
            .is_some_and(|p| p.unit != unit || !p.role.on_team());
        if off_team {
            let who = id.get_ref();
            self.diags.push(
                Diagnostic::error(
                    code::NOT_ON_TEAM,
                    id.span(),
                    text!(
                        "`{who}` 不是 `{unit}` 领导班子的成员",
                        "`{who}` is not on the leadership team of `{unit}`"
                    ),
                )
                .with_hint(text!(
                    "决策的出席者应是该单位领导班子的成员：`main_leader`、`cyber_leader` 或 `member`",
                    "a decision's attendees are members of that unit's 领导班子: main_leader, cyber_leader or member"
                )),
            );
        }
    }

    fn deception(&mut self, sub: &SubTable<'_, '_>, case: &Case) -> Option<Deception> {
        let t = self.open(sub, noun("`[[deception]]` 表", "a [[deception]]"), DECEPTION_KEYS);
        let person = t.req_str("person", self.diags).filter(|p| self.person_ref(case, p));
        let by = t.req_str("by", self.diags).filter(|p| self.person_ref(case, p));
        Some(Deception {
            person: person?.into_inner(),
            by: by?.into_inner(),
        })
    }

    fn breach(&mut self, sub: &SubTable<'_, '_>, case: &Case) -> Option<BreachFact> {
        let t = self.open(sub, noun("`[[breach]]` 表", "a [[breach]]"), BREACH_KEYS);
        let clause = t.req_str("clause", self.diags)?;
        let unit = t.str("unit", self.diags).filter(|u| self.unit_ref(&case.units, u));
        let note = t.str("note", self.diags).map(Spanned::into_inner).unwrap_or_default();
        let note_en = self.english(&t, "note");
        if !is_duty(clause.get_ref()) {
            self.diags.push(not_a_duty(&clause));
            return None;
        }
        Some(BreachFact {
            clause: clause.into_inner(),
            unit: unit.map(Spanned::into_inner),
            note,
            note_en,
        })
    }

    fn params(&mut self, sub: &SubTable<'_, '_>) -> BTreeMap<String, u64> {
        let t = self.open(sub, noun("`[params]` 表", "[params]"), &PARAM_NAMES);
        PARAM_NAMES
            .iter()
            .filter_map(|name| {
                let v = t.uint(name, MAX_VALUE, self.diags)?;
                Some(((*name).to_owned(), v.into_inner()))
            })
            .collect()
    }

    fn readings(&mut self, sub: &SubTable<'_, '_>) -> BTreeMap<String, String> {
        let ids: Vec<&str> = READINGS.iter().map(|r| r.id).collect();
        let t = self.open(sub, noun("`[readings]` 表", "[readings]"), &ids);
        let mut out = BTreeMap::new();
        for spec in READINGS {
            let (id, values) = (&spec.id, &spec.values);
            let Some(v) = t.str(id, self.diags) else {
                continue;
            };
            if Readings::default().set(id, v.get_ref()) {
                out.insert((*id).to_owned(), v.into_inner());
            } else {
                self.diags.push(unknown_choice(
                    &v,
                    &text!("解读项 `{id}`", "reading `{id}`"),
                    values.iter().copied(),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<T: Serialize>(table: &[(&str, T)]) {
        for (word, value) in table {
            assert_eq!(serde_json::to_value(value).ok(), Some(serde_json::json!(word)));
        }
    }

    #[test]
    fn choice_words_are_the_serialised_names() {
        words(LEVELS);
        words(SYSTEM_KINDS);
        words(ROLES);
        words(ATTACKS);
        words(FAILURES);
        words(FACT_KEYS);
    }

    #[test]
    fn every_table_reads_exactly_the_keys_of_the_schema() {
        let schema = schema();
        let props = |def: &str| -> Vec<String> {
            let node = if def == "Case" { &schema } else { &schema["$defs"][def] };
            let mut keys: Vec<String> = node["properties"]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            keys
        };
        let tables = [
            ("Case", TOP_KEYS),
            ("Unit", UNIT_KEYS),
            ("Person", PERSON_KEYS),
            ("Organisation", ORGANISATION_KEYS),
            ("System", SYSTEM_KEYS),
            ("Incident", INCIDENT_KEYS),
            ("Conduct", CONDUCT_KEYS),
            ("Act", ACT_KEYS),
            ("Decision", DECISION_KEYS),
            ("Deception", DECEPTION_KEYS),
            ("BreachFact", BREACH_KEYS),
            ("Params", &PARAM_NAMES),
        ];
        for (def, keys) in tables {
            let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
            keys.sort();
            assert_eq!(props(def), keys, "{def}");
        }
    }
}
