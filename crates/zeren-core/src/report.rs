//! A verdict as readable text, in Chinese or English: what `zeren judge` prints.

use std::fmt::Write;

use crate::case::Case;
use crate::params::{PARAM_NAMES, READING_CHOICES};
use crate::text;
use crate::verdict::{Cause, Lang, Mitigation, Reason, Status, Text, Verdict};

/// Renders the verdict with its why-trace, the accountability rows, the settings in force and
/// the disclaimer.
pub fn render(case: &Case, v: &Verdict, lang: Lang) -> String {
    let l = |t: Text| t.get(lang).to_owned();
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut out = String::new();
    if !case.title.is_empty() {
        let _ = writeln!(out, "{}{}", w("案例：", "Case: "), case.title);
    }
    let _ = writeln!(out, "{}\n", l(text::disclaimer()));

    let _ = writeln!(out, "{}", w("第八条第二款 各项情形", "Article 8 ¶2: the seven items"));
    for item in &v.items {
        let status = match item.status {
            Status::Fired => w("● 触发  ", "● FIRED    "),
            Status::NotFired => w("○ 未触发", "○ not fired"),
            Status::NotApplicable => w("– 不适用", "– n/a      "),
        };
        let _ = writeln!(out, "  {status} {} [{}]", l(text::item_title(item.id)), item.id);
        let shown = item
            .conditions
            .iter()
            .filter(|c| item.status != Status::NotApplicable || (c.scope && !c.met));
        for c in shown {
            let mark = if c.met { "✔" } else { "✘" };
            let context = if c.group.is_none() && !c.scope {
                w("（参考）", " (context)")
            } else {
                String::new()
            };
            let label = l(text::condition(c.name));
            let because = c.because.get(lang);
            let _ = writeln!(out, "      {mark} {label}{context} — {because}  「{}」", c.quote);
        }
    }

    let _ = writeln!(out, "\n{}", w("责任追究", "Accountability"));
    if v.accountable.is_empty() {
        let _ = writeln!(out, "  {}", w("无", "none"));
    }
    for r in &v.accountable {
        let _ = writeln!(
            out,
            "  {} [{}] — {} — {}",
            r.name,
            r.person,
            l(text::position(r.role)),
            l(text::kind(r.kind))
        );
        let _ = writeln!(out, "      {}{}", w("依据：", "basis: "), r.basis.join(", "));
        let _ = write!(out, "      {}{}", w("问责决定：", "decided by: "), r.decider);
        if let Some(p) = &r.proposer {
            let _ = write!(out, "{}{p}", w("；可提出问责建议：", "; may be proposed by: "));
        }
        let _ = writeln!(out);
        for c in &r.causes {
            let _ = writeln!(out, "      {}{}", w("原因：", "cause: "), cause(c, lang));
        }
        for m in &r.mitigations {
            let _ = writeln!(out, "      {}{}", w("从轻情节：", "mitigation: "), mitigation(m, lang));
        }
    }
    for e in &v.exempt {
        let name = case.person(&e.person).map_or(e.person.as_str(), |p| p.name.as_str());
        let why = match &e.reason {
            Reason::Absent { decision } => Text::new(
                format!("未参加决策 {decision}"),
                format!("absent from decision {decision}"),
            ),
            Reason::ActedOnInstruction { by } => Text::new(
                format!("按 {by} 的书面指示行事（推定模式免责）"),
                format!("acted on a documented instruction from {by} (presumptive chain)"),
            ),
            Reason::FollowedDecision { decision } => Text::new(
                format!("执行领导班子决策 {decision}（推定模式免责）"),
                format!("carried out team decision {decision} (presumptive chain)"),
            ),
            Reason::Deceived { by } => Text::new(
                format!("受下属 {by} 欺瞒（推定模式免责）"),
                format!("deceived by subordinate {by} (presumptive chain)"),
            ),
        };
        let _ = writeln!(
            out,
            "  {} [{}] — {}{}",
            name,
            e.person,
            w("不予问责：", "not accountable: "),
            why.get(lang)
        );
    }

    if !v.breaches.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            w(
                "其他职责违反（第八条第一款，按照有关规定追究，不启动倒查）",
                "Plain breaches of duty (Art 8 ¶1, no chain)"
            )
        );
        for b in &v.breaches {
            let unit = b
                .unit
                .as_deref()
                .and_then(|u| case.unit(u))
                .map_or("", |u| u.name.as_str());
            let _ = writeln!(out, "  [{}] {unit}: {}", b.clause, b.text.get(lang));
        }
    }
    if !v.notes.is_empty() {
        let _ = writeln!(out, "\n{}", w("提示", "Notes"));
        for n in &v.notes {
            let _ = writeln!(out, "  {}", n.text.get(lang));
        }
    }

    let _ = writeln!(out, "\n{}", w("适用的参数与读法", "Parameters and readings in force"));
    let params = serde_json::to_value(&v.params).unwrap_or_default();
    for name in PARAM_NAMES {
        let value = params.get(name).cloned().unwrap_or_default();
        let _ = writeln!(out, "  {}: {value}", l(text::param(name)));
    }
    for (id, _) in READING_CHOICES {
        let _ = writeln!(out, "  {}", l(text::reading(id, v.readings.get(id))));
    }
    for a in &v.alternatives {
        let fired = if a.fired.is_empty() {
            w("无", "none")
        } else {
            a.fired.join(", ")
        };
        let people: Vec<String> = a
            .accountable
            .iter()
            .map(|(p, k)| format!("{p} ({})", l(text::kind(*k))))
            .collect();
        let _ = writeln!(
            out,
            "  {}{}: {} {fired}; {} {}",
            w("另一读法 ", "Other reading "),
            l(text::reading(a.reading, a.value)),
            w("触发", "fires"),
            w("问责", "accountable"),
            if people.is_empty() {
                w("无", "none")
            } else {
                people.join(", ")
            }
        );
    }
    out
}

fn cause(c: &Cause, lang: Lang) -> String {
    let t = match c {
        Cause::Item { id } => text::item_title(id),
        Cause::Act { facts, note } => {
            let f: Vec<String> = facts.iter().map(|f| text::fact(*f).get(lang).to_owned()).collect();
            Text::new(
                format!("本人行为（{}）：{note}", f.join("、")),
                format!("own act ({}): {note}", f.join(", ")),
            )
        }
        Cause::Instruction { to, note } => Text::new(format!("指示 {to}：{note}"), format!("instructed {to}: {note}")),
        Cause::Decision { id, subject } => Text::new(
            format!("领导班子决策 {id}：{subject}"),
            format!("team decision {id}: {subject}"),
        ),
        Cause::Failure { failures } => {
            let zh: Vec<String> = failures.iter().map(|f| text::failure(*f).zh).collect();
            let en: Vec<String> = failures.iter().map(|f| text::failure(*f).en).collect();
            Text::new(
                format!("协调监管不力：{}", zh.join("、")),
                format!("inadequate supervision: {}", en.join(", ")),
            )
        }
    };
    t.get(lang).to_owned()
}

fn mitigation(m: &Mitigation, lang: Lang) -> String {
    let t = match m {
        Mitigation::TimelyReport => Text::new("及时报告", "reported in time"),
        Mitigation::ActedOnInstruction { by } => {
            Text::new(format!("按 {by} 的指示行事"), format!("acted on {by}'s instruction"))
        }
        Mitigation::DissentRecorded { decision } => Text::new(
            format!("在决策 {decision} 中明确表示反对并记录在案"),
            format!("dissent recorded in {decision}"),
        ),
        Mitigation::FollowedDecision { decision } => Text::new(
            format!("执行领导班子决策 {decision}"),
            format!("carried out team decision {decision}"),
        ),
        Mitigation::DeceivedBySubordinate { by } => {
            Text::new(format!("受下属 {by} 欺瞒"), format!("deceived by subordinate {by}"))
        }
    };
    t.get(lang).to_owned()
}
