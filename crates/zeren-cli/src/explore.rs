//! `zeren explore`: what a scenario can reach, path by path.

use zeren_core::analysis::{Fallback, KINDS, LOOP_CODE, Limits, Reach, analyse};
use zeren_core::limits::MAX_PATH_DEPTH;
use zeren_core::verdict::Text;
use zeren_core::{Lang, Scenario, Settings, text};

/// Analyses the scenario and prints the report.
pub fn run(scenario: &Scenario, settings: &Settings, json: bool, lang: Lang) {
    let a = analyse(scenario, settings, &Limits::default());
    if json {
        println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
        return;
    }
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    match a.sample_size {
        None => println!("{}{}", w("穷举全部路径：", "Every path walked: "), a.paths),
        Some(n) => {
            let why = match a.fallback {
                Some(Fallback::Forks) => w(
                    "某一步读取的随机事件分支过多",
                    "one step forks too many ways on random events",
                ),
                Some(Fallback::States) => w("展开的状态过多", "too many states"),
                _ => w("路径过多", "too many paths"),
            };
            let code = a.fallback.map_or("A0001", Fallback::code);
            // The 95 % margin of a share estimated from n samples is at most 1.96·√(¼/n).
            let margin = 1.96 * (0.25 / n.max(1) as f64).sqrt() * 100.0;
            println!(
                "{why} [{code}]{}{n}{}{margin:.1}{}",
                w("，改为随机抽样，样本数：", "; seeded random sample of size "),
                w("（95% 置信区间约 ±", " (95 % margin about ±"),
                w(" 个百分点）", " points)")
            );
        }
    }
    println!(
        "{}",
        w(
            "概率按每个决策各选项等可能、随机事件按其概率计算。",
            "Probabilities assume uniformly random choices and the random events' own odds."
        )
    );
    let line = |label: String, r: &Reach| {
        let how = match &r.shortest {
            Some(p) if r.reachable => format!("{:>5.1}%  {}", r.probability * 100.0, p.join(" → ")),
            _ => w("不可达", "unreachable"),
        };
        println!("  {label:<34} {how}");
    };
    println!("\n{}", w("第八条第二款各项", "Article 8 ¶2 items"));
    for r in &a.items {
        line(text::item_title(&r.id).get(lang).to_owned(), r);
    }
    println!("\n{}", w("责任类型", "Kinds of responsibility"));
    for (r, (kind, _)) in a.kinds.iter().zip(KINDS) {
        line(text::kind(kind).get(lang).to_owned(), r);
    }
    println!("\n{}", w("结局", "Endings"));
    for r in &a.endings {
        let title = scenario
            .ending(&r.id)
            .map_or(r.id.clone(), |e| e.title.get(lang).to_owned());
        line(title, r);
    }
    println!();
    match &a.clean_path {
        Some(p) => println!(
            "{}{}",
            w("无任何情形触发的最短路径：", "Shortest path on which nothing fires: "),
            p.join(" → ")
        ),
        None => println!("{}", w("没有一条路径能避免所有情形。", "No path avoids every item.")),
    }
    let list = |title: String, items: Vec<String>| {
        if !items.is_empty() {
            println!("{title}{}", items.join(", "));
        }
    };
    list(
        w("没有路径到达的决策点：", "Decision points no path reaches: "),
        a.unreached_decisions.clone(),
    );
    list(
        w("没有路径到达的结局：", "Endings no path reaches: "),
        a.unreached_endings.clone(),
    );
    list(
        format!(
            "{}{MAX_PATH_DEPTH}{} [{LOOP_CODE}]: ",
            w("循环（路径在 ", "Loops (paths cut after "),
            w(" 个决策后截断）", " decisions)")
        ),
        a.loops
            .iter()
            .map(|p| p[..p.len().min(6)].join(" → ") + " → …")
            .collect(),
    );
    list(
        w("死路（无可选项）：", "Dead ends (no option offered): "),
        a.dead_ends.iter().map(|p| p.join(" → ")).collect(),
    );
    list(
        w("不改变任何事实的选项：", "Options that change nothing: "),
        a.idle_options.iter().map(|(d, o)| format!("{d}.{o}")).collect(),
    );
}
