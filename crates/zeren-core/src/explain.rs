//! Sentences about a scenario's analysis, a why-trace and a counterfactual, in Chinese and
//! English: one source for `zeren explore`, the editor's analysis panel and the debrief.

use crate::analysis::{Analysis, Fallback, LOOP_CODE};
use crate::counterfactual::Counterfactual;
use crate::debrief::Trace;
use crate::lang::{Text, text};
use crate::limits::MAX_PATH_DEPTH;
use crate::scenario::Scenario;
use crate::text::{condition, item_title};
use crate::verdict::Lang;

/// How far the analysis went: every path, or a sample with the reason and its margin.
pub fn scope(a: &Analysis) -> Text {
    let Some(n) = a.sample_size else {
        let paths = a.paths;
        return text!("已穷举全部路径：{paths} 条", "Every path walked: {paths}");
    };
    let why = match a.fallback {
        Some(Fallback::Forks) => Text::new(
            "某一步读取的随机事件分支过多",
            "one step forks too many ways on random events",
        ),
        Some(Fallback::States) => Text::new("展开的状态过多", "too many states"),
        Some(Fallback::Time) => Text::new(
            "时间预算内走不完全部路径",
            "every path would not fit in the time budget",
        ),
        _ => Text::new("路径过多", "too many paths"),
    };
    let code = a.fallback.map_or("A0001", Fallback::code);
    // The 95 % margin of a share estimated from n samples is at most 1.96·√(¼/n).
    let margin = 1.96 * (0.25 / n.max(1) as f64).sqrt() * 100.0;
    let (zh, en) = (why.zh, why.en);
    text!(
        "{zh} [{code}]，改为随机抽样，样本数：{n}（95% 置信区间约 ±{margin:.1} 个百分点）",
        "{en} [{code}]; a seeded random sample of {n} paths (95 % margin about ±{margin:.1} points)"
    )
}

/// What the probabilities assume.
pub fn odds() -> Text {
    Text::new(
        "概率按每个决策各选项等可能、随机事件按其概率计算；数值型随机事件取最小、中间、最大三个值。",
        "Probabilities assume uniformly random choices and the random events' own odds; number events are explored at their minimum, middle and maximum.",
    )
}

/// The shortest path on which nothing fires, or that there is none.
pub fn clean_path(a: &Analysis) -> Text {
    match &a.clean_path {
        Some(p) => {
            let p = p.join(" → ");
            text!(
                "无任何情形触发的最短路径：{p}",
                "Shortest path on which nothing fires: {p}"
            )
        }
        None => Text::new("没有一条路径能避免所有情形。", "No path avoids every item."),
    }
}

/// The scenario's flaws the analysis found, each as a title and its list (empty lists left out).
pub fn flaws(a: &Analysis) -> Vec<(Text, Vec<String>)> {
    let lists = [
        (
            Text::new("没有路径到达的决策点：", "Decision points no path reaches: "),
            a.unreached_decisions.clone(),
        ),
        (
            Text::new("没有路径到达的结局：", "Endings no path reaches: "),
            a.unreached_endings.clone(),
        ),
        (
            text!(
                "循环（路径在 {MAX_PATH_DEPTH} 个决策后截断）[{LOOP_CODE}]：",
                "Loops (paths cut after {MAX_PATH_DEPTH} decisions) [{LOOP_CODE}]: "
            ),
            a.loops
                .iter()
                .map(|p| p[..p.len().min(6)].join(" → ") + " → …")
                .collect(),
        ),
        (
            Text::new("死路（无可选项）：", "Dead ends (no option offered): "),
            a.dead_ends.iter().map(|p| p.join(" → ")).collect(),
        ),
        (
            Text::new("不改变任何事实的选项：", "Options that change nothing: "),
            a.idle_options.iter().map(|(d, o)| format!("{d}.{o}")).collect(),
        ),
    ];
    lists.into_iter().filter(|(_, list)| !list.is_empty()).collect()
}

/// Why an item fired: the choice, what it set, and the condition it met.
pub fn trace(s: &Scenario, tr: &Trace) -> Text {
    let at = s.time_of_day(tr.minute);
    both(|lang| {
        let (label, because) = (tr.label.get(lang), tr.because.get(lang));
        let (item, met) = (item_title(tr.item), condition(tr.condition));
        match lang {
            Lang::Zh => format!(
                "你在 {at} 的选择「{label}」 → {because} → {}：{} 条件成立",
                item.zh, met.zh
            ),
            Lang::En => format!(
                "Your choice at {at} — “{label}” → {because} → {}: {} met",
                item.en, met.en
            ),
        }
    })
}

/// What would have avoided an item (same seed), or that no change of decisions does.
pub fn counterfactual(s: &Scenario, cf: &Counterfactual) -> Text {
    let title = item_title(cf.item);
    if cf.changes.is_empty() {
        let (zh, en) = (title.zh, title.en);
        return text!(
            "{zh}：改变你的决定也无法避免（取决于事实或随机事件）。",
            "{en}: no change of your decisions avoids it (it depends on facts or chance)."
        );
    }
    both(|lang| {
        let changes: Vec<String> = cf
            .changes
            .iter()
            .map(|c| {
                let (at, instead, chosen) = (
                    s.time_of_day(c.minute),
                    c.instead_label.get(lang),
                    c.chosen_label.get(lang),
                );
                match lang {
                    Lang::Zh => format!("在 {at} 选择「{instead}」而不是「{chosen}」"),
                    Lang::En => format!("at {at} chosen “{instead}” instead of “{chosen}”"),
                }
            })
            .collect();
        match lang {
            Lang::Zh => format!("如果你{}，{} 就不会触发。", changes.join("，并"), title.zh),
            Lang::En => format!("Had you {}, {} would not fire.", changes.join(", and "), title.en),
        }
    })
}

fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Zh), f(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Limits, analyse};
    use crate::settings::Settings;

    #[test]
    fn a_sampled_analysis_says_why_and_how_sure() {
        let Some(s) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let limits = Limits {
            max_paths: 3,
            samples: 100,
            max_states: 10_000,
        };
        let a = analyse(&s, &Settings::default(), &limits);
        let sampled = scope(&a);
        assert!(
            sampled.en.contains("[A0001]") && sampled.en.contains("±9.8"),
            "{}",
            sampled.en
        );
        assert!(sampled.zh.contains("样本数：100"), "{}", sampled.zh);
        let full = analyse(&s, &Settings::default(), &Limits::default());
        assert!(scope(&full).en.starts_with("Every path walked"));
    }
}
