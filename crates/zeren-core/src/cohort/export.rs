//! A class's exports: the cohort as JSON (shape in docs/cohort-json.md) and the matrix and the
//! improvement plan as CSV (RFC 4180, a header row, cells quoted where needed), in either
//! language.

use super::Cohort;
use super::report::PlanRow;
use crate::lang::Lang;
use crate::lang::text;
use crate::scenario::Scenario;
use crate::{sentences, text as words};

/// The cohort as pretty JSON.
pub fn json(cohort: &Cohort) -> String {
    serde_json::to_string_pretty(cohort).unwrap_or_default()
}

/// The cohort matrix as CSV: group, seed, ending, the seven items (the kinds of responsibility
/// borne for a fired item, or "fired"), then one column per post held accountable (its kind).
pub fn matrix_csv(cohort: &Cohort, scenario: &Scenario, lang: Lang) -> String {
    let case = &scenario.base;
    let say = |t: crate::lang::Text| t.get(lang).to_owned();
    let mut header = vec![
        say(text!("小组", "group")),
        say(text!("随机种子", "seed")),
        say(text!("结局", "ending")),
    ];
    header.extend(super::ITEM_IDS.iter().map(|id| say(words::item_title(id))));
    header.extend(cohort.posts.iter().map(|p| {
        format!(
            "{} ({})",
            say(sentences::person(case, &p.person)),
            say(words::position(p.role))
        )
    }));
    let mut rows = vec![header];
    for g in &cohort.groups {
        let ending = g
            .ending
            .as_deref()
            .and_then(|e| scenario.ending(e))
            .map(|e| e.title.get(lang).to_owned())
            .unwrap_or_else(|| say(text!("未结束", "not ended")));
        let mut row = vec![g.label.clone(), g.seed.to_string(), ending];
        row.extend(g.items.iter().map(|cell| match (cell.fired, cell.kinds.is_empty()) {
            (false, _) => String::new(),
            (true, true) => say(text!("触发", "fired")),
            (true, false) => {
                let kinds: Vec<String> = cell.kinds.iter().map(|k| say(words::kind(*k))).collect();
                kinds.join("/")
            }
        }));
        row.extend(
            g.posts
                .iter()
                .map(|k| k.map(|k| say(words::kind(k))).unwrap_or_default()),
        );
        rows.push(row);
    }
    csv(&rows)
}

/// The improvement plan as CSV: action, owning post, due date, clause.
pub fn plan_csv(plan: &[PlanRow], lang: Lang) -> String {
    let say = |t: crate::lang::Text| t.get(lang).to_owned();
    let mut rows = vec![vec![
        say(text!("改进措施", "action")),
        say(text!("责任岗位", "owning post")),
        say(text!("完成时限", "due")),
        say(text!("对应条款", "clause")),
    ]];
    rows.extend(
        plan.iter()
            .map(|p| vec![p.action.clone(), p.owner.clone(), p.due.clone(), p.clause.clone()]),
    );
    csv(&rows)
}

/// Rows as CSV: a cell holding a comma, a quote or a line break is quoted, quotes doubled; a
/// cell a spreadsheet would read as a formula gets a leading apostrophe.
fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(c: &str) -> String {
    let c = if c.starts_with(['=', '+', '-', '@']) {
        format!("'{c}")
    } else {
        c.to_owned()
    };
    if c.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("第一组"), "第一组");
    }

    #[test]
    fn the_plan_has_a_header_and_a_row_per_action() {
        let plan = vec![PlanRow {
            action: "修订应急预案, 明确夜间值班".into(),
            owner: "网络安全负责人".into(),
            due: "2026-12-31".into(),
            clause: "art8.2.1".into(),
        }];
        let out = plan_csv(&plan, Lang::Zh);
        assert_eq!(
            out,
            "改进措施,责任岗位,完成时限,对应条款\r\n\"修订应急预案, 明确夜间值班\",网络安全负责人,2026-12-31,art8.2.1\r\n"
        );
    }
}
