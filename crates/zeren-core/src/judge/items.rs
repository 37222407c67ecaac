//! The seven items of Art 8 ¶2, condition by condition, as docs/rules-model.md §2 reads them.

use crate::case::{Case, FactKey, Level, SystemKind, report_deadline};
use crate::params::{A1, A2, A3, A4, A9, Params, Readings};
use crate::verdict::{Condition, Item, Status, Text};

/// The ids of the seven items, in order.
pub const ITEM_IDS: [&str; 7] = [
    "art8.2.1", "art8.2.2", "art8.2.3", "art8.2.4", "art8.2.5", "art8.2.6", "art8.2.7",
];

/// 「瘫痪6小时以上」: 6 hours, inclusive (「以上」 includes the number).
pub const OUTAGE_MINUTES: u64 = 360;

/// Evaluates all seven items; with `words`, each condition says why in both languages.
pub fn evaluate(case: &Case, p: &Params, r: &Readings, words: bool) -> Vec<Item> {
    let facts = Facts::new(case, p, words);
    let conditions = [
        item1(&facts, r),
        item2(&facts, r),
        item3(&facts),
        item4(&facts, r),
        item5(&facts, r),
        item6(&facts),
        item7(&facts),
    ];
    ITEM_IDS
        .iter()
        .zip(conditions)
        .map(|(id, conditions)| Item {
            id,
            status: status(&conditions),
            conditions,
        })
        .collect()
}

/// Fired when every group has a met condition; not applicable when a scope condition fails.
fn status(conditions: &[Condition]) -> Status {
    if conditions.iter().any(|c| c.scope && !c.met) {
        return Status::NotApplicable;
    }
    let mut groups: Vec<u8> = conditions.iter().filter_map(|c| c.group).collect();
    crate::sort::sort(&mut groups);
    groups.dedup();
    let all = groups
        .iter()
        .all(|g| conditions.iter().any(|c| c.group == Some(*g) && c.met));
    if all { Status::Fired } else { Status::NotFired }
}

/// The facts the items share, worked out once.
struct Facts<'a> {
    case: &'a Case,
    p: &'a Params,
    report_deadline: u64,
    report_late: bool,
    handling_late: bool,
    /// Whether conditions carry their `because` words.
    words: bool,
}

impl<'a> Facts<'a> {
    fn new(case: &'a Case, p: &'a Params, words: bool) -> Self {
        let report_deadline = report_deadline(case, p);
        let i = &case.incident;
        Self {
            case,
            p,
            report_deadline,
            report_late: late(i.report_minutes, i.as_of, report_deadline),
            handling_late: late(i.handling_minutes, i.as_of, p.handling_deadline),
            words,
        }
    }

    /// A condition; `because` is worked out only when the verdict is to carry words.
    #[allow(clippy::too_many_arguments)]
    fn cond(
        &self,
        name: &'static str,
        group: Option<u8>,
        scope: bool,
        met: bool,
        clause: &'static str,
        quote: &'static str,
        fact: Option<FactKey>,
        because: impl FnOnce() -> Text,
    ) -> Condition {
        Condition {
            name,
            group,
            scope,
            met,
            clause,
            quote,
            fact,
            path: crate::conditions::condition(name).and_then(|c| c.path),
            because: if self.words { because() } else { Text::default() },
        }
    }

    fn report_text(&self) -> Text {
        let i = &self.case.incident;
        let words = [
            ("报告", "reported"),
            ("尚未报告", "not yet reported"),
            ("未报告", "never reported"),
        ];
        moment_text(i.report_minutes, i.as_of, self.report_deadline, words)
    }

    fn handling_text(&self) -> Text {
        let i = &self.case.incident;
        let words = [
            ("开始处置", "containment started"),
            ("尚未开始处置", "not yet contained"),
            ("未组织处置", "never contained"),
        ];
        moment_text(i.handling_minutes, i.as_of, self.p.handling_deadline, words)
    }

    fn attacked(&self, clause: &'static str, quote: &'static str, group: u8) -> Condition {
        let a = self.case.incident.attack;
        self.cond(
            "attacked",
            Some(group),
            false,
            a.is_attack(),
            clause,
            quote,
            None,
            || {
                let word = crate::text::attack(a);
                Text::new(format!("事件起因：{}", word.zh), format!("cause: {}", word.en))
            },
        )
    }

    fn handling_late(&self, clause: &'static str, quote: &'static str, group: Option<u8>) -> Condition {
        self.cond(
            "handling_late",
            group,
            false,
            self.handling_late,
            clause,
            quote,
            Some(FactKey::Handling),
            || self.handling_text(),
        )
    }
}

/// When a step (report, handling) was taken, or that it has not been yet, or never was, with
/// its deadline. `words` are (done, not yet, never) in Chinese and English.
fn moment_text(done: Option<u64>, as_of: Option<u64>, deadline: u64, words: [(&str, &str); 3]) -> Text {
    let d = deadline;
    match (done, as_of) {
        (Some(m), _) => Text::new(
            format!("发现后第 {m} 分钟{}，时限 {d} 分钟", words[0].0),
            format!("{} {m} min after discovery; deadline {d} min", words[0].1),
        ),
        (None, Some(now)) => Text::new(
            format!("截至第 {now} 分钟{}，时限 {d} 分钟", words[1].0),
            format!("{} at minute {now}; deadline {d} min", words[1].1),
        ),
        (None, None) => Text::new(
            format!("{}，时限 {d} 分钟", words[2].0),
            format!("{}; deadline {d} min", words[2].1),
        ),
    }
}

/// A step taken at `done` (or not yet, as of `as_of`; or never) is late past `deadline`.
pub fn late(done: Option<u64>, as_of: Option<u64>, deadline: u64) -> bool {
    match (done, as_of) {
        (Some(m), _) => m > deadline,
        (None, Some(now)) => now > deadline,
        (None, None) => true,
    }
}

fn kind_text(kind: SystemKind) -> Text {
    let k = crate::text::system_kind(kind);
    Text::new(format!("系统类型：{}", k.zh), format!("system kind: {}", k.en))
}

/// ≥ or > a threshold, and how to say it.
fn at_least<'u>(
    value: u64,
    threshold: u64,
    zh_unit: &'u str,
    en_unit: &'u str,
    inclusive: bool,
) -> (bool, impl FnOnce() -> Text + 'u) {
    let met = if inclusive {
        value >= threshold
    } else {
        value > threshold
    };
    let op = if inclusive { "≥" } else { ">" };
    (met, move || {
        Text::new(
            format!("{value} {zh_unit}（标准 {op} {threshold}）"),
            format!("{value} {en_unit} (threshold {op} {threshold})"),
        )
    })
}

fn item1(f: &Facts<'_>, r: &Readings) -> Vec<Condition> {
    const C: &str = "art8.2.1";
    let (i, p) = (&f.case.incident, f.p);
    let kind = f.case.system.kind;
    let (reposts, t_reposts) = at_least(i.reposts, p.spread_reposts, "次转发", "reposts", true);
    let (views, t_views) = at_least(i.views, p.spread_views, "次浏览", "views", false);
    let (home, t_home) = at_least(
        i.homepage_minutes,
        p.spread_homepage_minutes,
        "分钟挂在首页",
        "min on the homepage",
        true,
    );
    let (report_group, handling_group) = match r.a1 {
        A1::Either => (4, 4),
        A1::Both => (4, 5),
    };
    vec![
        f.cond(
            "target",
            None,
            true,
            kind != SystemKind::Other,
            C,
            "党政机关门户网站、重点新闻网站、大型网络平台",
            None,
            || kind_text(kind),
        ),
        f.cond(
            "tampered_by_attack",
            Some(1),
            false,
            i.tampered && i.attack.is_attack(),
            C,
            "被攻击篡改",
            None,
            || {
                Text::new(
                    format!(
                        "篡改：{}；起因：{}",
                        yes_no_zh(i.tampered),
                        crate::text::attack(i.attack).zh
                    ),
                    format!(
                        "tampered: {}; cause: {}",
                        yes_no_en(i.tampered),
                        crate::text::attack(i.attack).en
                    ),
                )
            },
        ),
        f.cond(
            "harmful_content",
            Some(2),
            false,
            i.tampered && i.harmful_content,
            C,
            "反动言论或者谣言等违法有害信息",
            None,
            || {
                Text::new(
                    format!("篡改内容含违法有害信息：{}", yes_no_zh(i.tampered && i.harmful_content)),
                    format!(
                        "tampered content is illegal or harmful: {}",
                        yes_no_en(i.tampered && i.harmful_content)
                    ),
                )
            },
        ),
        f.cond(
            "spread_reposts",
            Some(3),
            false,
            reposts,
            C,
            "大面积扩散",
            None,
            t_reposts,
        ),
        f.cond("spread_views", Some(3), false, views, C, "大面积扩散", None, t_views),
        f.cond("spread_homepage", Some(3), false, home, C, "大面积扩散", None, t_home),
        f.cond(
            "report_late",
            Some(report_group),
            false,
            f.report_late,
            C,
            "没有及时报告和组织处置",
            Some(FactKey::Report),
            || f.report_text(),
        ),
        f.handling_late(C, "没有及时报告和组织处置", Some(handling_group)),
    ]
}

fn item2(f: &Facts<'_>, r: &Readings) -> Vec<Condition> {
    const C: &str = "art8.2.2";
    let s = &f.case.system;
    let level_limited = !(r.a2 == A2::PortalsOnly && s.kind == SystemKind::News);
    let level = crate::text::level(s.level);
    let level_met = !level_limited || s.level >= Level::Prefecture;
    let level_text = || {
        if level_limited {
            Text::new(
                format!("行政级别：{}", level.zh),
                format!("administrative level: {}", level.en),
            )
        } else {
            Text::new(
                format!("行政级别：{}（按读法 A2 该限制只适用于门户网站）", level.zh),
                format!(
                    "administrative level: {} (under reading A2 the limit binds portals only)",
                    level.en
                ),
            )
        }
    };
    // Reading A9: the downtime the unit chose while handling (a maintenance page, a rebuild)
    // counts as 瘫痪 unless only the attack's own is read to count.
    let i = &f.case.incident;
    let chosen_counts = r.a9 == A9::Counts;
    let down = i
        .outage_minutes
        .saturating_add(if chosen_counts { i.chosen_outage_minutes } else { 0 });
    let (outage, t_down) = at_least(down, OUTAGE_MINUTES, "分钟瘫痪", "min down", true);
    let t_outage = move || {
        let t = t_down();
        match (i.chosen_outage_minutes, chosen_counts) {
            (0, _) => t,
            (m, true) => Text::new(
                format!("{}（含处置中主动停服的 {m} 分钟）", t.zh),
                format!(
                    "{} (with the {m} min the unit chose to keep it down while handling)",
                    t.en
                ),
            ),
            (m, false) => Text::new(
                format!("{}（处置中主动停服的 {m} 分钟按本次采用的读法不计入）", t.zh),
                format!(
                    "{} (the {m} min the unit chose to keep it down while handling do not count under the reading in force)",
                    t.en
                ),
            ),
        }
    };
    vec![
        f.cond(
            "target",
            None,
            true,
            matches!(s.kind, SystemKind::Portal | SystemKind::News),
            C,
            "党政机关门户网站或者重点新闻网站",
            None,
            || kind_text(s.kind),
        ),
        f.cond("level", None, true, level_met, C, "地市级以上", None, level_text),
        f.attacked(C, "受到攻击", 1),
        f.handling_late(C, "没有及时组织处置", Some(2)),
        f.cond("outage", Some(3), false, outage, C, "瘫痪6小时以上", None, t_outage),
    ]
}

fn item3(f: &Facts<'_>) -> Vec<Condition> {
    const C: &str = "art8.2.3";
    let (i, p) = (&f.case.incident, f.p);
    let (sensitive, t_sensitive) = at_least(
        i.sensitive_records,
        p.leak_sensitive_persons,
        "人的敏感个人信息",
        "persons' sensitive personal information",
        true,
    );
    let (any, t_any) = at_least(
        i.personal_records,
        p.leak_any_persons,
        "人的个人信息",
        "persons' personal information",
        true,
    );
    let (basic, t_basic) = at_least(
        i.basic_data_records,
        p.leak_basic_data_records,
        "条国家基础数据",
        "records of national basic data",
        true,
    );
    let leak = Some(FactKey::Leak);
    vec![
        f.cond(
            "state_secret",
            Some(0),
            false,
            i.state_secret,
            C,
            "国家秘密泄露",
            leak,
            || {
                Text::new(
                    format!("国家秘密泄露：{}", yes_no_zh(i.state_secret)),
                    format!("state secrets leaked: {}", yes_no_en(i.state_secret)),
                )
            },
        ),
        f.cond(
            "personal_sensitive",
            Some(0),
            false,
            sensitive,
            C,
            "大面积个人信息泄露",
            leak,
            t_sensitive,
        ),
        f.cond(
            "personal_any",
            Some(0),
            false,
            any,
            C,
            "大面积个人信息泄露",
            leak,
            t_any,
        ),
        f.cond(
            "basic_data",
            Some(0),
            false,
            basic,
            C,
            "大量地理、人口、资源等国家基础数据泄露",
            leak,
            t_basic,
        ),
    ]
}

fn item4(f: &Facts<'_>, r: &Readings) -> Vec<Condition> {
    const C: &str = "art8.2.4";
    let (i, p) = (&f.case.incident, f.p);
    let (people, t_people) = at_least(i.people_affected, p.impact_people, "人受影响", "people affected", true);
    let (share, t_share) = at_least(
        i.prefecture_share_percent,
        p.impact_prefecture_percent,
        "% 的地市人口受影响",
        "% of the prefecture affected",
        true,
    );
    let (loss, t_loss) = at_least(
        i.direct_loss_yuan,
        p.major_loss_yuan,
        "元直接损失",
        "yuan direct loss",
        true,
    );
    let social = i.serious_social_impact;
    let t_social = || {
        Text::new(
            format!("严重不良社会影响：{}", yes_no_zh(social)),
            format!("serious adverse social impact: {}", yes_no_en(social)),
        )
    };
    let mut out = vec![
        f.cond(
            "cii",
            None,
            true,
            f.case.system.cii,
            C,
            "关键信息基础设施",
            None,
            || {
                Text::new(
                    format!("关键信息基础设施：{}", yes_no_zh(f.case.system.cii)),
                    format!("critical information infrastructure: {}", yes_no_en(f.case.system.cii)),
                )
            },
        ),
        f.attacked(C, "遭受网络攻击", 1),
    ];
    let late = f.handling_late;
    match r.a3 {
        A3::AllResults => out.extend([
            f.handling_late(C, "没有及时处置", Some(2)),
            f.cond(
                "impact_people",
                Some(3),
                false,
                people,
                C,
                "大面积影响人民群众工作、生活",
                None,
                t_people,
            ),
            f.cond(
                "impact_share",
                Some(3),
                false,
                share,
                C,
                "大面积影响人民群众工作、生活",
                None,
                t_share,
            ),
            f.cond("major_loss", Some(3), false, loss, C, "造成重大经济损失", None, t_loss),
            f.cond(
                "social_impact",
                Some(3),
                false,
                social,
                C,
                "造成严重不良社会影响",
                None,
                t_social,
            ),
        ]),
        A3::ImpactOnly => out.extend([
            f.handling_late(C, "没有及时处置", None),
            f.cond(
                "impact_people",
                Some(3),
                false,
                late && people,
                C,
                "大面积影响人民群众工作、生活",
                Some(FactKey::Handling),
                t_people,
            ),
            f.cond(
                "impact_share",
                Some(3),
                false,
                late && share,
                C,
                "大面积影响人民群众工作、生活",
                Some(FactKey::Handling),
                t_share,
            ),
            f.cond("major_loss", Some(3), false, loss, C, "造成重大经济损失", None, t_loss),
            f.cond(
                "social_impact",
                Some(3),
                false,
                social,
                C,
                "造成严重不良社会影响",
                None,
                t_social,
            ),
        ]),
    }
    out
}

fn item5(f: &Facts<'_>, r: &Readings) -> Vec<Condition> {
    const C: &str = "art8.2.5";
    let c = &f.case.conduct;
    let serious = c.serious_consequences;
    let t_serious = || {
        Text::new(
            format!("造成严重后果：{}", yes_no_zh(serious)),
            format!("serious consequences: {}", yes_no_en(serious)),
        )
    };
    let concealed = f.cond(
        "concealed",
        Some(0),
        false,
        c.concealed,
        C,
        "封锁、瞒报网络安全事件情况",
        Some(FactKey::Conceal),
        || {
            Text::new(
                format!("封锁、瞒报（含谎报）：{}", yes_no_zh(c.concealed)),
                format!("blocked, concealed or falsely reported: {}", yes_no_en(c.concealed)),
            )
        },
    );
    let refused = f.cond(
        "refused_investigation",
        Some(0),
        false,
        c.refused_investigation,
        C,
        "拒不配合有关部门依法开展调查、处置工作",
        Some(FactKey::RefuseInvestigation),
        || {
            Text::new(
                format!("拒不配合调查、处置：{}", yes_no_zh(c.refused_investigation)),
                format!(
                    "refused to cooperate with the investigation: {}",
                    yes_no_en(c.refused_investigation)
                ),
            )
        },
    );
    let unfixed_text = || {
        Text::new(
            format!("通报的问题和风险隐患未及时整改：{}", yes_no_zh(c.notified_risk_unfixed)),
            format!(
                "notified hidden risks not rectified: {}",
                yes_no_en(c.notified_risk_unfixed)
            ),
        )
    };
    let unfixed = Some(FactKey::UnfixedRisk);
    match r.a4 {
        A4::LimbC => vec![
            concealed,
            refused,
            f.cond(
                "unfixed_risk_serious",
                Some(0),
                false,
                c.notified_risk_unfixed && serious,
                C,
                "不及时整改并造成严重后果",
                unfixed,
                || {
                    let (unfixed, serious) = (unfixed_text(), t_serious());
                    Text::new(
                        format!("{}；{}", unfixed.zh, serious.zh),
                        format!("{}; {}", unfixed.en, serious.en),
                    )
                },
            ),
        ],
        A4::AllLimbs => vec![
            concealed,
            refused,
            f.cond(
                "unfixed_risk",
                Some(0),
                false,
                c.notified_risk_unfixed,
                C,
                "对有关部门通报的问题和风险隐患不及时整改",
                unfixed,
                unfixed_text,
            ),
            f.cond(
                "serious_consequences",
                Some(1),
                false,
                serious,
                C,
                "并造成严重后果",
                None,
                t_serious,
            ),
        ],
    }
}

fn item6(f: &Facts<'_>) -> Vec<Condition> {
    const C: &str = "art8.2.6";
    let c = &f.case.conduct;
    vec![
        f.cond(
            "obstructed",
            Some(0),
            false,
            c.obstructed_security_organs,
            C,
            "阻碍公安机关、国家安全机关依法维护国家安全、侦查犯罪以及防范、调查恐怖活动",
            Some(FactKey::Obstruct),
            || {
                Text::new(
                    format!(
                        "阻碍公安机关、国家安全机关：{}",
                        yes_no_zh(c.obstructed_security_organs)
                    ),
                    format!(
                        "obstructed public or state security organs: {}",
                        yes_no_en(c.obstructed_security_organs)
                    ),
                )
            },
        ),
        f.cond(
            "refused_support",
            Some(0),
            false,
            c.refused_security_support,
            C,
            "拒不提供支持和保障",
            Some(FactKey::RefuseSupport),
            || {
                Text::new(
                    format!("拒不提供支持和保障：{}", yes_no_zh(c.refused_security_support)),
                    format!(
                        "refused a lawful request for support: {}",
                        yes_no_en(c.refused_security_support)
                    ),
                )
            },
        ),
    ]
}

fn item7(f: &Facts<'_>) -> Vec<Condition> {
    let reason = f.case.conduct.instructor_fired.as_deref();
    let because = match reason {
        Some(why) => Text::new(format!("由教员认定：{why}"), format!("fired by the instructor: {why}")),
        None => Text::new(
            "只能由教员认定，系统不推断",
            "only an instructor fires this item; the judge never infers it",
        ),
    };
    vec![f.cond(
        "instructor_fired",
        Some(0),
        false,
        reason.is_some(),
        "art8.2.7",
        "发生其他严重危害网络安全行为的",
        Some(FactKey::Other),
        || because,
    )]
}

fn yes_no_zh(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

fn yes_no_en(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
