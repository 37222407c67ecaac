//! A verdict as readable text, in Chinese or English: what `zeren judge` prints.

use std::fmt::Write;

use crate::case::Case;
use crate::params::{PARAMS, READINGS};
use crate::sentences;
use crate::text;
use crate::verdict::{Lang, Status, Text, Verdict};

/// Renders the verdict with its why-trace, the accountability rows, the settings in force and
/// the disclaimer.
pub fn render(case: &Case, v: &Verdict, lang: Lang) -> String {
    let l = |t: Text| t.get(lang).to_owned();
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut out = String::new();
    if !case.title.is_empty() {
        let title = Text::new(
            case.title.clone(),
            case.title_en.clone().unwrap_or_else(|| case.title.clone()),
        );
        let _ = writeln!(out, "{}{}", w("案例：", "Case: "), title.get(lang));
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
            l(sentences::person(case, &r.person)),
            r.person,
            l(text::position(r.role)),
            l(text::kind(r.kind))
        );
        let basis = sentences::basis(&r.basis);
        let _ = writeln!(out, "      {}{}", w("依据：", "basis: "), basis.get(lang));
        let _ = write!(
            out,
            "      {}{}{}{}{}",
            w("问责决定：", "decided by: "),
            r.decider.get(lang),
            w("（", " ("),
            l(sentences::authority(r.authority)),
            w("）", ")")
        );
        if let Some(p) = &r.proposer {
            let _ = write!(
                out,
                "{}{}",
                w("；可提出问责建议：", "; may be proposed by: "),
                p.get(lang)
            );
        }
        let _ = writeln!(out);
        for c in &r.causes {
            let _ = writeln!(out, "      {}{}", w("原因：", "cause: "), l(sentences::cause(case, c)));
        }
        for m in &r.mitigations {
            let _ = writeln!(
                out,
                "      {}{}",
                w("从轻情节：", "mitigation: "),
                l(sentences::mitigation(case, m))
            );
        }
    }
    for c in &v.collective {
        let items: Vec<String> = c.items.iter().map(|id| l(text::item_title(id))).collect();
        let _ = writeln!(
            out,
            "  {}{}{}{}{}{}",
            l(sentences::unit(case, &c.unit)),
            w(
                "领导班子 — 集体责任（第九条第一款）：",
                ": the leadership team — collective responsibility (Art 9 ¶1): "
            ),
            items.join(&w("；", "; ")),
            w("；问责决定：", "; decided by "),
            c.decider.get(lang),
            w("", ".")
        );
    }
    for e in &v.exempt {
        let _ = writeln!(
            out,
            "  {} [{}] — {}{}",
            l(sentences::person(case, &e.person)),
            e.person,
            w("不予问责：", "not accountable: "),
            l(sentences::exemption(case, &e.reason))
        );
    }
    if !v.accountable.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            w("可能的处理方式（供讨论）", "What may follow (for discussion)")
        );
        let leading = v
            .accountable
            .iter()
            .any(|r| case.person(&r.person).is_some_and(|p| p.role.on_team()));
        let others = v
            .accountable
            .iter()
            .any(|r| case.person(&r.person).is_some_and(|p| !p.role.on_team()));
        if leading {
            let _ = writeln!(out, "  {}", l(sentences::forms_for_person(true)));
        }
        if others {
            let _ = writeln!(out, "  {}", l(sentences::forms_for_person(false)));
        }
        if !v.collective.is_empty() {
            let _ = writeln!(out, "  {}", l(sentences::forms_for_team()));
        }
        let _ = writeln!(out, "  {}", l(sentences::assessment()));
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
                .map(|u| l(sentences::unit(case, u)))
                .unwrap_or_default();
            let clause = l(sentences::clause(&b.clause));
            let _ = writeln!(out, "  [{clause}] {unit}: {}", b.text.get(lang));
        }
    }
    if !v.notes.is_empty() {
        let _ = writeln!(out, "\n{}", w("提示", "Notes"));
        for n in &v.notes {
            let _ = writeln!(out, "  {}", n.text.get(lang));
        }
    }

    let _ = writeln!(out, "\n{}", w("适用的参数与读法", "Parameters and readings in force"));
    for spec in PARAMS {
        let value = (spec.get)(&v.params);
        let _ = writeln!(out, "  {}: {value}", l(text::param(spec.name)));
    }
    for spec in READINGS {
        let _ = writeln!(out, "  {}", l(text::reading(spec.id, v.readings.get(spec.id))));
    }
    for a in &v.alternatives {
        let _ = writeln!(
            out,
            "  {}{}",
            w("另一读法 ", "Other reading "),
            l(sentences::alternative(case, a))
        );
    }
    out
}
