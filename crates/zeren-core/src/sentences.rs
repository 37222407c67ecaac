//! Sentences about who is accountable, in Chinese and English: one source for the CLI report
//! and the browser's debrief. Names are looked up in the case, so both show the same words.

use crate::case::{Body, Case};
use crate::text;
use crate::verdict::{Alternative, Authority, Cause, Lang, Mitigation, Reason, Text};

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Zh), f(Lang::En))
}

/// A person's name in both languages (the id for someone the case does not know).
pub fn person(case: &Case, id: &str) -> Text {
    match case.person(id) {
        Some(p) => Text::new(p.name.clone(), p.name_en.clone().unwrap_or_else(|| p.name.clone())),
        None => t(id, id),
    }
}

/// A person's post in both languages, if the case gives one.
pub fn post(case: &Case, id: &str) -> Option<Text> {
    let p = case.person(id)?;
    let zh = p.title.clone()?;
    Some(Text::new(zh.clone(), p.title_en.clone().unwrap_or(zh)))
}

/// A unit's name in both languages.
pub fn unit(case: &Case, id: &str) -> Text {
    case.unit(id)
        .map_or_else(|| t(id, id), crate::accountability::unit_name)
}

/// A team decision, by what it decided.
fn decision(case: &Case, id: &str) -> Text {
    match case.decision(id) {
        Some(d) if !d.subject.is_empty() => Text::new(
            format!("「{}」", d.subject),
            format!("“{}”", d.subject_en.as_deref().unwrap_or(&d.subject)),
        ),
        _ => Text::new(format!("「{id}」"), format!("“{id}”")),
    }
}

/// A fact in a person's favour.
pub fn mitigation(case: &Case, m: &Mitigation) -> Text {
    match m {
        Mitigation::TimelyReport => t("及时报告", "reported in time"),
        Mitigation::TimelyHandling => t("及时组织处置", "handling started in time"),
        Mitigation::ActedOnInstruction { by } => {
            let by = person(case, by);
            Text::new(
                format!("按{}的书面指示行事", by.zh),
                format!("acted on a documented instruction from {}", by.en),
            )
        }
        Mitigation::DissentRecorded { decision: d } => {
            let d = decision(case, d);
            Text::new(
                format!("在决策{}中明确反对并记录在案", d.zh),
                format!("dissent on record in the decision {}", d.en),
            )
        }
        Mitigation::FollowedDecision { decision: d } => {
            let d = decision(case, d);
            Text::new(
                format!("执行领导班子决策{}", d.zh),
                format!("carried out the leadership team's decision {}", d.en),
            )
        }
        Mitigation::DeceivedBySubordinate { by } => {
            let by = person(case, by);
            Text::new(
                format!("受下属{}欺瞒", by.zh),
                format!("deceived by a subordinate, {}", by.en),
            )
        }
    }
}

/// Why someone the chain or a decision reached is not accountable.
pub fn exemption(case: &Case, r: &Reason) -> Text {
    match r {
        Reason::Absent { decision: d } => {
            let d = decision(case, d);
            Text::new(
                format!("未参加决策{}", d.zh),
                format!("absent from the decision {}", d.en),
            )
        }
        Reason::ActedOnInstruction { by } => {
            let by = person(case, by);
            Text::new(
                format!("按{}的书面指示行事，且该指示并非明显违法（读法 A5、A6）", by.zh),
                format!(
                    "acted on a documented instruction from {}, which was not clearly unlawful (readings A5, A6)",
                    by.en
                ),
            )
        }
        Reason::FollowedDecision { decision: d } => {
            let d = decision(case, d);
            Text::new(
                format!(
                    "有记录表明其执行了领导班子决策{}，且该决策并非明显违法（读法 A5、A6）",
                    d.zh
                ),
                format!(
                    "is recorded as carrying out the leadership team's decision {}, which was not clearly unlawful (readings A5, A6)",
                    d.en
                ),
            )
        }
        Reason::Deceived { by } => {
            let by = person(case, by);
            Text::new(
                format!("受下属{}欺瞒（读法 A5）", by.zh),
                format!("deceived by a subordinate, {} (reading A5)", by.en),
            )
        }
        Reason::Dissented { decision: d } => {
            let d = decision(case, d);
            Text::new(
                format!(
                    "在集体决策{}中明确提出反对意见并记录在案，可以不予问责或者免予问责（《中国共产党问责条例》第十七条，读法 A7）",
                    d.zh
                ),
                format!(
                    "objected on record to the collective decision {}; the Party accountability regulation (2019, Art 17) allows no accountability (reading A7)",
                    d.en
                ),
            )
        }
    }
}

/// What caused a row.
pub fn cause(case: &Case, c: &Cause) -> Text {
    match c {
        Cause::Item { id } => text::item_title(id),
        Cause::Act { facts, note } => {
            let zh: Vec<String> = facts.iter().map(|f| text::fact(*f).zh).collect();
            let en: Vec<String> = facts.iter().map(|f| text::fact(*f).en).collect();
            Text::new(
                format!("本人行为（{}）：{}", zh.join("、"), note.zh),
                format!("own act ({}): {}", en.join(", "), note.en),
            )
        }
        Cause::Instruction { to, note } => {
            let to = person(case, to);
            Text::new(
                format!("指示{}：{}", to.zh, note.zh),
                format!("instructed {}: {}", to.en, note.en),
            )
        }
        Cause::Decision { subject, .. } => Text::new(
            format!("领导班子集体决策「{}」", subject.zh),
            format!("the leadership team's decision “{}”", subject.en),
        ),
        Cause::UnlawfulOrder {
            instructed_by,
            decision: d,
        } => {
            let from = match (instructed_by, d) {
                (Some(by), _) => {
                    let by = person(case, by);
                    Text::new(format!("{}的指示", by.zh), format!("the instruction from {}", by.en))
                }
                (None, Some(d)) => {
                    let d = decision(case, d);
                    Text::new(format!("领导班子决策{}", d.zh), format!("the team decision {}", d.en))
                }
                (None, None) => t("上级指示", "an order"),
            };
            Text::new(
                format!(
                    "执行{}，但该行为明显违法，不能免责（《公务员法》第六十条，读法 A6）",
                    from.zh
                ),
                format!(
                    "carried out {}, but the act is clearly unlawful, which does not excuse (Civil Servant Law Art 60, reading A6)",
                    from.en
                ),
            )
        }
        Cause::Failure { failures, body } => {
            let zh: Vec<String> = failures.iter().map(|f| text::failure(*f, *body).zh).collect();
            let en: Vec<String> = failures.iter().map(|f| text::failure(*f, *body).en).collect();
            match body {
                Body::Regulator => Text::new(
                    format!("监管不力：{}", zh.join("；")),
                    format!("inadequate supervision: {}", en.join("; ")),
                ),
                Body::Coordinator => Text::new(
                    format!("协调不力：{}", zh.join("；")),
                    format!("inadequate coordination: {}", en.join("; ")),
                ),
            }
        }
    }
}

/// What the other value of a reading would give: what fires and who is accountable.
pub fn alternative(case: &Case, a: &Alternative) -> Text {
    both(|lang| {
        let zh = lang == Lang::Zh;
        let none = if zh { "无" } else { "none" };
        let fired: Vec<String> = a
            .fired
            .iter()
            .map(|id| text::item_title(id).get(lang).to_owned())
            .collect();
        let people: Vec<String> = a
            .accountable
            .iter()
            .map(|(p, k)| {
                let (name, kind) = (person(case, p), text::kind(*k));
                if zh {
                    format!("{}（{}）", name.zh, kind.zh)
                } else {
                    format!("{} ({})", name.en, kind.en)
                }
            })
            .collect();
        let list = |v: Vec<String>, sep: &str| if v.is_empty() { none.to_owned() } else { v.join(sep) };
        let reading = text::reading(a.reading, a.value);
        if zh {
            format!(
                "{}——触发：{}；问责：{}",
                reading.zh,
                list(fired, "；"),
                list(people, "、")
            )
        } else {
            format!(
                "{} — fires: {}; accountable: {}",
                reading.en,
                list(fired, "; "),
                list(people, ", ")
            )
        }
    })
}

/// Why the body that decides on a person is that body.
pub fn authority(a: Authority) -> Text {
    match a {
        Authority::ManagesTeam => t("管理该领导班子的党组织", "manages the leadership team"),
        Authority::OwnUnit => t(
            "本单位党组织管理其中层干部和工作人员",
            "the unit's own Party body, which manages its middle-level cadres and staff",
        ),
        Authority::Named => t("案例指明", "named in the case"),
    }
}

/// What accountability may follow for a person: for a leading cadre (a member of a leadership
/// team), the forms of 《中国共产党问责条例》(2019) Art 8; for others, the relevant provisions.
pub fn forms_for_person(leading_cadre: bool) -> Text {
    match leading_cadre {
        false => t(
            "不属于领导班子成员的，按照有关规定（党纪、政务处分等）追究责任，由有管理权限的党组织或者单位决定。",
            "Someone who is not on a leadership team answers under the relevant provisions (Party discipline, administrative sanctions), as the body with authority over them decides.",
        ),
        true => t(
            "对领导干部可采取通报、诫勉、组织调整或者组织处理、纪律处分（《中国共产党问责条例》第八条），由有管理权限的党组织决定。",
            "For a leading cadre: a circulated notice, an admonishment, organisational adjustment or measures, or Party discipline (Party accountability regulation, 2019, Art 8), as the deciding Party organisation decides.",
        ),
    }
}

/// What accountability may follow for a leadership team as a Party organisation.
pub fn forms_for_team() -> Text {
    t(
        "对党组织可采取检查、通报、改组（《中国共产党问责条例》第八条），由有管理权限的党组织决定。",
        "For a Party organisation: an order to make a self-examination, a circulated notice, or reorganisation (Party accountability regulation, 2019, Art 8), as the deciding Party organisation decides.",
    )
}

/// Art 10: where the results go.
pub fn assessment() -> Text {
    t(
        "问责结果送干部主管部门，作为对领导班子和有关领导干部综合考核评价的重要内容（第十条）。以上处理方式仅供推演讨论，不是本模型的结论。",
        "The results go to the cadre management department and count in the assessment of the leadership team and the cadres concerned (Art 10). These forms are possibilities for discussion in the exercise, not a finding of this model.",
    )
}

/// A readable name for a clause id: `art8.2.1` → 第八条第二款第（一）项 / Art 8 ¶2 (1).
pub fn clause(id: &str) -> Text {
    const NUMERALS: [&str; 15] = [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    ];
    let parts: Vec<usize> = id
        .trim_start_matches("art")
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect();
    let n = |i: usize| NUMERALS.get(i).copied().unwrap_or("?");
    match parts.as_slice() {
        [a] => Text::new(format!("第{}条", n(*a)), format!("Art {a}")),
        // Article 3 lists items, not paragraphs.
        [3, i] => Text::new(format!("第三条第（{}）项", n(*i)), format!("Art 3({i})")),
        [a, p] => Text::new(format!("第{}条第{}款", n(*a), n(*p)), format!("Art {a} ¶{p}")),
        [a, p, i] => Text::new(
            format!("第{}条第{}款第（{}）项", n(*a), n(*p), n(*i)),
            format!("Art {a} ¶{p} ({i})"),
        ),
        _ => t(id, id),
    }
}

/// The basis of a row, readable: `第八条第二款、第二条`.
pub fn basis(ids: &[&str]) -> Text {
    both(|lang| {
        let names: Vec<String> = ids.iter().map(|id| clause(id).get(lang).to_owned()).collect();
        names.join(if lang == Lang::Zh { "、" } else { ", " })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_names_read_as_the_regulation_counts() {
        assert_eq!(clause("art8.2.1"), t("第八条第二款第（一）项", "Art 8 ¶2 (1)"));
        assert_eq!(clause("art3.4"), t("第三条第（四）项", "Art 3(4)"));
        assert_eq!(clause("art9.1"), t("第九条第一款", "Art 9 ¶1"));
        assert_eq!(clause("art2"), t("第二条", "Art 2"));
        assert_eq!(basis(&["art8.2", "art2"]).en, "Art 8 ¶2, Art 2");
    }

    #[test]
    fn every_clause_id_has_a_readable_name() {
        for p in crate::regulation::Regulation::get().provisions() {
            let name = clause(p.id);
            assert!(name.zh.starts_with('第') && !name.zh.contains('?'), "{}", p.id);
            assert!(name.en.starts_with("Art "), "{}", p.id);
        }
    }
}
