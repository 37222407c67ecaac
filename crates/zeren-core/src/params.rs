//! The instructor's parameters and the readings (A1–A9, docs/rules-model.md §9) of ambiguous text: the training
//! model's choices, shown in every verdict, never hidden.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Numeric parameters of the training model (docs/rules-model.md §8).
/// Durations are minutes from discovery; money is yuan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Report deadline for critical information infrastructure operators (minutes).
    pub report_deadline_cii: u64,
    /// Report deadline for central and state organ departments (minutes).
    pub report_deadline_central: u64,
    /// Report deadline for everyone else (minutes).
    pub report_deadline_other: u64,
    /// Containment must start within this many minutes of discovery.
    pub handling_deadline: u64,
    /// 大面积扩散: at least this many reposts.
    pub spread_reposts: u64,
    /// 大面积扩散: more than this many views.
    pub spread_views: u64,
    /// 大面积扩散: on the homepage at least this many minutes.
    pub spread_homepage_minutes: u64,
    /// 大面积个人信息泄露: at least this many persons' sensitive personal information.
    pub leak_sensitive_persons: u64,
    /// 大面积个人信息泄露: at least this many persons' personal information of any kind.
    pub leak_any_persons: u64,
    /// 大量国家基础数据: at least this many records of a population, geographic or resource register.
    pub leak_basic_data_records: u64,
    /// 大面积影响工作、生活: at least this many people.
    pub impact_people: u64,
    /// 大面积影响工作、生活: at least this share of a prefecture's population (percent).
    pub impact_prefecture_percent: u64,
    /// 重大经济损失: at least this direct loss (yuan).
    pub major_loss_yuan: u64,
}

/// One parameter: its name as written in files and on the command line, its default, its label
/// in both languages, and its place in [`Params`]. [`PARAMS`] is the one list of them: the
/// default settings, the file reader, the command line, the labels and the docs' list derive
/// from it.
pub struct Param {
    /// The name, e.g. `report_deadline_cii`.
    pub name: &'static str,
    /// The training default.
    pub default: u64,
    /// The label, Chinese and English.
    pub label: [&'static str; 2],
    /// Reads it.
    pub get: fn(&Params) -> u64,
    /// Writes it.
    pub set: fn(&mut Params, u64),
}

macro_rules! param {
    ($field:ident, $default:expr, $zh:literal, $en:literal) => {
        Param {
            name: stringify!($field),
            default: $default,
            label: [$zh, $en],
            get: |p| p.$field,
            set: |p, v| p.$field = v,
        }
    };
}

/// The names of the parameters, as written in files and on the command line.
pub const PARAM_NAMES: [&str; PARAMS.len()] = {
    let mut names = [""; PARAMS.len()];
    let mut i = 0;
    while i < PARAMS.len() {
        names[i] = PARAMS[i].name;
        i += 1;
    }
    names
};

/// Every parameter, in the order the settings show them.
pub const PARAMS: &[Param] = &[
    param!(
        report_deadline_cii,
        60,
        "报告时限（关键信息基础设施，分钟）",
        "report deadline, CII operators (min)"
    ),
    param!(
        report_deadline_central,
        120,
        "报告时限（中央和国家机关，分钟）",
        "report deadline, central organs (min)"
    ),
    param!(
        report_deadline_other,
        240,
        "报告时限（其他单位，分钟）",
        "report deadline, others (min)"
    ),
    param!(
        handling_deadline,
        60,
        "处置时限（发现后开始处置，分钟）",
        "handling deadline, containment started (min)"
    ),
    param!(spread_reposts, 10_000, "大面积扩散：转发数 ≥", "mass spread: reposts ≥"),
    param!(spread_views, 100_000, "大面积扩散：浏览数 >", "mass spread: views >"),
    param!(
        spread_homepage_minutes,
        60,
        "大面积扩散：首页挂出分钟数 ≥",
        "mass spread: minutes on homepage ≥"
    ),
    param!(
        leak_sensitive_persons,
        50_000,
        "大面积个人信息泄露：敏感信息人数 ≥",
        "large PI leak: persons' sensitive data ≥"
    ),
    param!(
        leak_any_persons,
        1_000_000,
        "大面积个人信息泄露：个人信息人数 ≥",
        "large PI leak: persons' data of any kind ≥"
    ),
    param!(
        leak_basic_data_records,
        100_000,
        "大量国家基础数据：记录数 ≥",
        "bulk national basic data: records ≥"
    ),
    param!(
        impact_people,
        100_000,
        "大面积影响工作、生活：人数 ≥",
        "large-scale impact: people ≥"
    ),
    param!(
        impact_prefecture_percent,
        30,
        "大面积影响工作、生活：占地市人口 % ≥",
        "large-scale impact: % of prefecture ≥"
    ),
    param!(
        major_loss_yuan,
        50_000_000,
        "重大经济损失：直接损失（元）≥",
        "major loss: direct loss (yuan) ≥"
    ),
];

impl Default for Params {
    fn default() -> Self {
        let mut p = Params {
            report_deadline_cii: 0,
            report_deadline_central: 0,
            report_deadline_other: 0,
            handling_deadline: 0,
            spread_reposts: 0,
            spread_views: 0,
            spread_homepage_minutes: 0,
            leak_sensitive_persons: 0,
            leak_any_persons: 0,
            leak_basic_data_records: 0,
            impact_people: 0,
            impact_prefecture_percent: 0,
            major_loss_yuan: 0,
        };
        for spec in PARAMS {
            (spec.set)(&mut p, spec.default);
        }
        p
    }
}

/// The largest value of a parameter: ten trillion, the largest loss in yuan a case may hold. A
/// file's `[params]` and the browser's settings refuse more.
pub const MAX_VALUE: u64 = 10_000_000_000_000;

/// A parameter's value as typed: a whole number from 0 to [`MAX_VALUE`], or none.
pub fn value_of(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok().filter(|v| *v <= MAX_VALUE)
}

/// The parameter called `name`.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

impl Params {
    /// Sets the parameter called `name`; false when no parameter has that name.
    pub fn set(&mut self, name: &str, value: u64) -> bool {
        param(name).map(|spec| (spec.set)(self, value)).is_some()
    }

    /// The first parameter above [`MAX_VALUE`], if any: a run file or saved settings holding one
    /// are refused or set aside, as files, links and the settings screen refuse the value.
    pub fn above_bound(&self) -> Option<&'static str> {
        PARAMS.iter().find(|p| (p.get)(self) > MAX_VALUE).map(|p| p.name)
    }
}

/// A1: (一) 「没有及时报告和组织处置」.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A1 {
    /// Fires if the report or the handling was late.
    #[default]
    Either,
    /// Fires only if both were late.
    Both,
}

/// A2: (二) 「地市级以上」.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A2 {
    /// The level limit applies to portals and key news sites.
    #[default]
    BothSites,
    /// The level limit applies to portals only.
    PortalsOnly,
}

/// A3: (四) 「没有及时处置」.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A3 {
    /// Late handling is required for all three results.
    #[default]
    AllResults,
    /// Late handling is required only for 大面积影响.
    ImpactOnly,
}

/// A4: (五) 「并造成严重后果」.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A4 {
    /// Binds only limb c (notified risks left unfixed).
    #[default]
    LimbC,
    /// Binds all three limbs.
    AllLimbs,
}

/// A5: the 倒查 chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A5 {
    /// Every link is accountable unless an exculpating fact is recorded.
    #[default]
    Presumptive,
    /// Every link is accountable regardless.
    Automatic,
}

/// A6: a documented instruction (or a team decision carried out) as an excuse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A6 {
    /// A clearly unlawful instruction (deleting evidence, concealing, refusing the security
    /// organs) does not excuse the one who carries it out (《公务员法》(2018) Art 60).
    #[default]
    UnlawfulBinds,
    /// Every documented instruction excuses.
    AnyInstruction,
}

/// A7: a dissent recorded in a collective decision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A7 {
    /// The dissenter is not held accountable (《中国共产党问责条例》(2019) Art 17).
    #[default]
    Excused,
    /// The dissenter bears the collective responsibility, with a mitigation.
    Mitigation,
}

/// A8: the 主要负责人 or the member in charge absent from a collective decision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A8 {
    /// They still bear 主要领导责任: Art 9 names them by role, other members by participation.
    #[default]
    Bear,
    /// They bear only their link of the 倒查 chain.
    ChainOnly,
}

/// A9: the downtime a unit itself chose while handling the attack (a maintenance page, a
/// rebuild) and 瘫痪 in item (二).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum A9 {
    /// Every minute the system could not serve after the attack counts, chosen or not: the
    /// public is without the site either way, and the handling was late.
    #[default]
    Counts,
    /// Only what the attack itself kept down counts: a unit that takes its site down to handle
    /// the attack is handling it, not paralysed by it.
    AttackOnly,
}

/// The active readings of the ambiguous passages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Readings {
    /// (一) report and handling.
    pub a1: A1,
    /// (二) level limit.
    pub a2: A2,
    /// (四) late handling.
    pub a3: A3,
    /// (五) serious consequences.
    pub a4: A4,
    /// The 倒查 chain.
    pub a5: A5,
    /// A clearly unlawful instruction as an excuse.
    pub a6: A6,
    /// A recorded dissent.
    pub a7: A7,
    /// Absent leaders at a collective decision.
    pub a8: A8,
    /// (二) downtime the unit chose.
    pub a9: A9,
}

/// One reading of an ambiguous passage: its id, its two values as written in files (default
/// first), what each says in both languages, and its place in [`Readings`]. [`READINGS`] is
/// the one list of them.
pub struct Reading {
    /// `a1` … `a9`.
    pub id: &'static str,
    /// The two values, default first.
    pub values: [&'static str; 2],
    /// What each value says: `[value][language]`, Chinese first.
    pub labels: [[&'static str; 2]; 2],
    /// Which value is in force: 0 the default, 1 the alternative.
    pub get: fn(&Readings) -> usize,
    /// Puts value 0 or 1 in force.
    pub set: fn(&mut Readings, usize),
}

macro_rules! reading {
    ($field:ident: $ty:ident, [$v0:literal => $e0:ident, $v1:literal => $e1:ident],
     [$zh0:literal, $en0:literal], [$zh1:literal, $en1:literal]) => {
        Reading {
            id: stringify!($field),
            values: [$v0, $v1],
            labels: [[$zh0, $en0], [$zh1, $en1]],
            get: |r| usize::from(r.$field == $ty::$e1),
            set: |r, v| r.$field = if v == 1 { $ty::$e1 } else { $ty::$e0 },
        }
    };
}

/// Every reading, in order.
pub const READINGS: &[Reading] = &[
    reading!(a1: A1, ["either" => Either, "both" => Both],
        ["A1（一）报告或处置任一不及时即触发", "A1 (1) fires if the report or the handling was late"],
        ["A1（一）报告和处置均不及时才触发", "A1 (1) fires only if both were late"]),
    reading!(a2: A2, ["both_sites" => BothSites, "portals_only" => PortalsOnly],
        ["A2（二）地市级以上限制适用于门户网站和重点新闻网站", "A2 (2) the prefecture-level limit binds portals and key news sites"],
        ["A2（二）地市级以上限制只适用于门户网站", "A2 (2) the prefecture-level limit binds portals only"]),
    reading!(a3: A3, ["all_results" => AllResults, "impact_only" => ImpactOnly],
        ["A3（四）三种后果都须由未及时处置导致", "A3 (4) late handling is required for all three results"],
        ["A3（四）仅大面积影响须由未及时处置导致", "A3 (4) late handling is required only for large-scale impact"]),
    reading!(a4: A4, ["limb_c" => LimbC, "all_limbs" => AllLimbs],
        ["A4（五）「并造成严重后果」只约束隐患未整改一项", "A4 (5) 'serious consequences' binds only hidden risks not rectified"],
        ["A4（五）「并造成严重后果」约束全部三项", "A4 (5) 'serious consequences' binds all three limbs"]),
    reading!(a5: A5, ["presumptive" => Presumptive, "automatic" => Automatic],
        ["A5 倒查链推定问责，有免责事实的环节除外", "A5 the chain is presumptive: exculpating facts remove a link"],
        ["A5 倒查链每一环节都问责", "A5 the chain is automatic: every link is accountable"]),
    reading!(a6: A6, ["unlawful_binds" => UnlawfulBinds, "any_instruction" => AnyInstruction],
        ["A6 执行明显违法的指示或决定（删除日志证据、瞒报谎报、拒绝公安机关依法要求）不能免责",
         "A6 carrying out a clearly unlawful instruction or decision (deleting logs or evidence, concealing or falsely reporting, refusing a lawful police request) does not excuse"],
        ["A6 按书面指示行事一律可以免责", "A6 every documented instruction excuses the one who carries it out"]),
    reading!(a7: A7, ["excused" => Excused, "mitigation" => Mitigation],
        ["A7 在集体决策中明确反对并记录在案的，不予问责（问责条例第十七条）",
         "A7 a member whose objection to a collective decision is on record is not held accountable (accountability regulation Art 17)"],
        ["A7 明确反对只作为从轻情节", "A7 a recorded objection only mitigates"]),
    reading!(a8: A8, ["bear" => Bear, "chain_only" => ChainOnly],
        ["A8 主要负责人和主管成员未参加集体决策仍承担主要领导责任",
         "A8 the principal leader and the member in charge bear principal leadership responsibility even when absent from the decision"],
        ["A8 主要负责人和主管成员未参加集体决策的，只承担倒查链上的领导责任",
         "A8 a principal leader or member in charge absent from the decision answers only as a link of the chain"]),
    reading!(a9: A9, ["counts" => Counts, "attack_only" => AttackOnly],
        ["A9（二）「瘫痪」计入处置中主动下线、重建的停服时间",
         "A9 (2) 'paralysed' also counts the downtime the unit chose while handling the attack (a maintenance page, a rebuild)"],
        ["A9（二）「瘫痪」只计攻击本身造成的停服，处置中主动下线、重建的时间不计",
         "A9 (2) 'paralysed' counts only the downtime the attack itself caused, not a maintenance page or rebuild the unit chose"]),
];

/// The reading with this id.
pub fn reading(id: &str) -> Option<&'static Reading> {
    READINGS.iter().find(|r| r.id == id)
}

impl Readings {
    /// Sets reading `id` (`a1`…`a9`) to `value`; false when either is unknown.
    pub fn set(&mut self, id: &str, value: &str) -> bool {
        let Some(spec) = reading(id) else {
            return false;
        };
        let Some(index) = spec.values.iter().position(|v| *v == value) else {
            return false;
        };
        (spec.set)(self, index);
        true
    }

    /// The value of reading `id` as written in files (empty for an unknown id).
    pub fn get(&self, id: &str) -> &'static str {
        reading(id).map_or("", |spec| spec.values[(spec.get)(self)])
    }

    /// The same readings with `id` switched to its other value.
    pub fn flipped(&self, id: &str) -> Readings {
        let mut other = *self;
        if let Some(spec) = reading(id) {
            (spec.set)(&mut other, 1 - (spec.get)(self));
        }
        other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_name_can_be_set() {
        let mut p = Params::default();
        for spec in PARAMS {
            assert!(p.set(spec.name, 7), "{}", spec.name);
            assert_eq!((spec.get)(&p), 7, "{}", spec.name);
        }
        assert!(!p.set("nonsense", 1));
        // Every field of `Params` has its row in the table.
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json.as_object().map(|o| o.len()), Some(PARAMS.len()));
        assert!(json.as_object().into_iter().flatten().all(|(_, v)| v == 7));
    }

    #[test]
    fn a_typed_value_is_a_whole_number_from_zero_to_the_largest() {
        assert_eq!(value_of(" 45 "), Some(45));
        assert_eq!(value_of("0"), Some(0));
        assert_eq!(value_of(&MAX_VALUE.to_string()), Some(MAX_VALUE));
        for bad in [
            "",
            "-5",
            "12.5",
            "1e99",
            "10000000000001",
            "99999999999999999999",
            "abc",
        ] {
            assert_eq!(value_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_rules_model_documents_every_parameter_and_reading() {
        let model = include_str!("../../../docs/rules-model.md");
        for spec in PARAMS {
            let name = spec.name;
            assert!(
                model.contains(&format!("`{name}`")),
                "docs/rules-model.md lacks `{name}`"
            );
        }
        for spec in READINGS {
            for word in std::iter::once(&spec.id).chain(&spec.values) {
                assert!(
                    model.contains(&format!("`{word}`")),
                    "docs/rules-model.md lacks `{word}`"
                );
            }
        }
    }

    #[test]
    fn readings_flip_and_serialise_as_written() {
        let r = Readings::default();
        for spec in READINGS {
            assert_eq!(r.get(spec.id), spec.values[0]);
            assert_eq!(r.flipped(spec.id).get(spec.id), spec.values[1]);
            assert_eq!(r.flipped(spec.id).flipped(spec.id), r);
        }
        // Every field of `Readings` has its row in the table.
        let json = serde_json::to_value(r).unwrap_or_default();
        assert_eq!(json.as_object().map(|o| o.len()), Some(READINGS.len()));
        let json = serde_json::to_string(&r.flipped("a2")).unwrap_or_default();
        assert!(json.contains("\"portals_only\""));
    }
}
