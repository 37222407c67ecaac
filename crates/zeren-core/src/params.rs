//! The instructor's parameters and the readings (A1–A8, docs/rules-model.md §9) of ambiguous text: the training
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

impl Default for Params {
    fn default() -> Self {
        Self {
            report_deadline_cii: 60,
            report_deadline_central: 120,
            report_deadline_other: 240,
            handling_deadline: 60,
            spread_reposts: 10_000,
            spread_views: 100_000,
            spread_homepage_minutes: 60,
            leak_sensitive_persons: 50_000,
            leak_any_persons: 1_000_000,
            leak_basic_data_records: 100_000,
            impact_people: 100_000,
            impact_prefecture_percent: 30,
            major_loss_yuan: 50_000_000,
        }
    }
}

/// The names of the parameters, as written in files and on the command line.
pub const PARAM_NAMES: &[&str] = &[
    "report_deadline_cii",
    "report_deadline_central",
    "report_deadline_other",
    "handling_deadline",
    "spread_reposts",
    "spread_views",
    "spread_homepage_minutes",
    "leak_sensitive_persons",
    "leak_any_persons",
    "leak_basic_data_records",
    "impact_people",
    "impact_prefecture_percent",
    "major_loss_yuan",
];

impl Params {
    /// Sets the parameter called `name`; false when no parameter has that name.
    pub fn set(&mut self, name: &str, value: u64) -> bool {
        let slot = match name {
            "report_deadline_cii" => &mut self.report_deadline_cii,
            "report_deadline_central" => &mut self.report_deadline_central,
            "report_deadline_other" => &mut self.report_deadline_other,
            "handling_deadline" => &mut self.handling_deadline,
            "spread_reposts" => &mut self.spread_reposts,
            "spread_views" => &mut self.spread_views,
            "spread_homepage_minutes" => &mut self.spread_homepage_minutes,
            "leak_sensitive_persons" => &mut self.leak_sensitive_persons,
            "leak_any_persons" => &mut self.leak_any_persons,
            "leak_basic_data_records" => &mut self.leak_basic_data_records,
            "impact_people" => &mut self.impact_people,
            "impact_prefecture_percent" => &mut self.impact_prefecture_percent,
            "major_loss_yuan" => &mut self.major_loss_yuan,
            _ => return false,
        };
        *slot = value;
        true
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
}

/// Each reading's id and its two values, default first, as written in files.
pub const READING_CHOICES: &[(&str, [&str; 2])] = &[
    ("a1", ["either", "both"]),
    ("a2", ["both_sites", "portals_only"]),
    ("a3", ["all_results", "impact_only"]),
    ("a4", ["limb_c", "all_limbs"]),
    ("a5", ["presumptive", "automatic"]),
    ("a6", ["unlawful_binds", "any_instruction"]),
    ("a7", ["excused", "mitigation"]),
    ("a8", ["bear", "chain_only"]),
];

impl Readings {
    /// Sets reading `id` (`a1`…`a8`) to `value`; false when either is unknown.
    pub fn set(&mut self, id: &str, value: &str) -> bool {
        let Some((_, values)) = READING_CHOICES.iter().find(|(r, _)| *r == id) else {
            return false;
        };
        let Some(alternative) = values.iter().position(|v| *v == value) else {
            return false;
        };
        let alt = alternative == 1;
        match id {
            "a1" => self.a1 = if alt { A1::Both } else { A1::Either },
            "a2" => self.a2 = if alt { A2::PortalsOnly } else { A2::BothSites },
            "a3" => self.a3 = if alt { A3::ImpactOnly } else { A3::AllResults },
            "a4" => self.a4 = if alt { A4::AllLimbs } else { A4::LimbC },
            "a5" => self.a5 = if alt { A5::Automatic } else { A5::Presumptive },
            "a6" => self.a6 = if alt { A6::AnyInstruction } else { A6::UnlawfulBinds },
            "a7" => self.a7 = if alt { A7::Mitigation } else { A7::Excused },
            "a8" => self.a8 = if alt { A8::ChainOnly } else { A8::Bear },
            _ => return false,
        }
        true
    }

    /// The value of reading `id` as written in files.
    pub fn get(&self, id: &str) -> &'static str {
        let index = match id {
            "a1" => usize::from(self.a1 == A1::Both),
            "a2" => usize::from(self.a2 == A2::PortalsOnly),
            "a3" => usize::from(self.a3 == A3::ImpactOnly),
            "a4" => usize::from(self.a4 == A4::AllLimbs),
            "a5" => usize::from(self.a5 == A5::Automatic),
            "a6" => usize::from(self.a6 == A6::AnyInstruction),
            "a7" => usize::from(self.a7 == A7::Mitigation),
            "a8" => usize::from(self.a8 == A8::ChainOnly),
            _ => return "",
        };
        READING_CHOICES
            .iter()
            .find(|(r, _)| *r == id)
            .map_or("", |(_, v)| v[index])
    }

    /// The same readings with `id` switched to its other value.
    pub fn flipped(&self, id: &str) -> Readings {
        let mut other = *self;
        if let Some((_, values)) = READING_CHOICES.iter().find(|(r, _)| *r == id) {
            let current = self.get(id);
            let next = if current == values[0] { values[1] } else { values[0] };
            other.set(id, next);
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
        for name in PARAM_NAMES {
            assert!(p.set(name, 7), "{name}");
        }
        assert!(!p.set("nonsense", 1));
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json.as_object().map(|o| o.len()), Some(PARAM_NAMES.len()));
    }

    #[test]
    fn the_rules_model_documents_every_parameter_and_reading() {
        let model = include_str!("../../../docs/rules-model.md");
        for name in PARAM_NAMES {
            assert!(
                model.contains(&format!("`{name}`")),
                "docs/rules-model.md lacks `{name}`"
            );
        }
        for (id, values) in READING_CHOICES {
            for word in std::iter::once(id).chain(values) {
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
        for (id, values) in READING_CHOICES {
            assert_eq!(r.get(id), values[0]);
            assert_eq!(r.flipped(id).get(id), values[1]);
            assert_eq!(r.flipped(id).flipped(id), r);
        }
        let json = serde_json::to_string(&r.flipped("a2")).unwrap_or_default();
        assert!(json.contains("\"portals_only\""));
    }
}
