//! The conditions the seven items of Art 8 ¶2 test: one table of their names, the facts they
//! read and their labels (docs/rules-model.md §2).

/// One condition an item can test: its name, the fact it reads (as a path, see `facts`, so a
/// debrief can say which choice set it; scope conditions read the system and have none), and
/// its short label in both languages. [`CONDITIONS`] is the one list of them.
pub struct ConditionSpec {
    /// The name, unique within an item, e.g. `report_late`.
    pub name: &'static str,
    /// The fact it reads.
    pub path: Option<&'static str>,
    /// The short label, Chinese and English.
    pub label: [&'static str; 2],
}

const fn c(name: &'static str, path: Option<&'static str>, zh: &'static str, en: &'static str) -> ConditionSpec {
    ConditionSpec {
        name,
        path,
        label: [zh, en],
    }
}

/// Every condition the items test.
pub const CONDITIONS: &[ConditionSpec] = &[
    c(
        "target",
        None,
        "对象属于本项所列系统",
        "the system is of the listed kind",
    ),
    c(
        "tampered_by_attack",
        Some("incident.tampered"),
        "被攻击篡改",
        "tampered with by an attack",
    ),
    c(
        "harmful_content",
        Some("incident.harmful_content"),
        "违法有害信息",
        "illegal, harmful content",
    ),
    c(
        "spread_reposts",
        Some("incident.reposts"),
        "大面积扩散",
        "large-scale spread",
    ),
    c(
        "spread_views",
        Some("incident.views"),
        "大面积扩散",
        "large-scale spread",
    ),
    c(
        "spread_homepage",
        Some("incident.homepage_minutes"),
        "大面积扩散",
        "large-scale spread",
    ),
    c(
        "report_late",
        Some("incident.report_minutes"),
        "未及时报告",
        "report not in time",
    ),
    c(
        "handling_late",
        Some("incident.handling_minutes"),
        "未及时处置",
        "handling not in time",
    ),
    c("level", None, "地市级以上", "prefecture level or above"),
    c("attacked", Some("incident.attack"), "遭受攻击", "attacked"),
    c(
        "outage",
        Some("incident.outage_minutes"),
        "瘫痪6小时以上",
        "down 6 hours or more",
    ),
    c(
        "state_secret",
        Some("incident.state_secret"),
        "国家秘密泄露",
        "state secrets leaked",
    ),
    c(
        "personal_sensitive",
        Some("incident.sensitive_records"),
        "大面积个人信息泄露",
        "large-scale personal information leak",
    ),
    c(
        "personal_any",
        Some("incident.personal_records"),
        "大面积个人信息泄露",
        "large-scale personal information leak",
    ),
    c(
        "basic_data",
        Some("incident.basic_data_records"),
        "大量国家基础数据泄露",
        "bulk national basic data leaked",
    ),
    c("cii", None, "关键信息基础设施", "critical information infrastructure"),
    c(
        "impact_people",
        Some("incident.people_affected"),
        "大面积影响群众工作、生活",
        "large-scale impact on people's work and life",
    ),
    c(
        "impact_share",
        Some("incident.prefecture_share_percent"),
        "大面积影响群众工作、生活",
        "large-scale impact on people's work and life",
    ),
    c(
        "major_loss",
        Some("incident.direct_loss_yuan"),
        "重大经济损失",
        "major economic loss",
    ),
    c(
        "social_impact",
        Some("incident.serious_social_impact"),
        "严重不良社会影响",
        "serious adverse social impact",
    ),
    c(
        "concealed",
        Some("conduct.concealed"),
        "封锁、瞒报",
        "blocked or concealed",
    ),
    c(
        "refused_investigation",
        Some("conduct.refused_investigation"),
        "拒不配合调查、处置",
        "refused to cooperate",
    ),
    c(
        "unfixed_risk_serious",
        Some("conduct.notified_risk_unfixed"),
        "隐患不整改并造成严重后果",
        "notified hidden risk not rectified, with serious consequences",
    ),
    c(
        "unfixed_risk",
        Some("conduct.notified_risk_unfixed"),
        "通报隐患不及时整改",
        "notified hidden risk not rectified in time",
    ),
    c(
        "serious_consequences",
        Some("conduct.serious_consequences"),
        "造成严重后果",
        "serious consequences",
    ),
    c(
        "obstructed",
        Some("conduct.obstructed_security_organs"),
        "阻碍公安、国家安全机关",
        "obstructed public or state security organs",
    ),
    c(
        "refused_support",
        Some("conduct.refused_security_support"),
        "拒不提供支持和保障",
        "refused support and guarantees",
    ),
    c(
        "instructor_fired",
        Some("conduct.instructor_fired"),
        "教员认定",
        "fired by the instructor",
    ),
];

/// The condition called `name`.
pub fn condition(name: &str) -> Option<&'static ConditionSpec> {
    CONDITIONS.iter().find(|c| c.name == name)
}
