//! `zeren explore`: what a scenario can reach, path by path.

use std::time::{Duration, Instant};

use zeren_core::analysis::{Analysis, Explorer, Fallback, KINDS, Limits, Reach, analyse};
use zeren_core::explain;
use zeren_core::verdict::Text;
use zeren_core::{Lang, Scenario, Settings, text};

/// Analyses the scenario (within `budget_ms` when given) and prints the report.
pub fn run(scenario: &Scenario, settings: &Settings, budget_ms: Option<u64>, json: bool, lang: Lang) {
    let a = match budget_ms {
        Some(ms) => within(scenario, settings, Duration::from_millis(ms)),
        None => analyse(scenario, settings, &Limits::default()),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
        return;
    }
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let say = |t: Text| t.get(lang).to_owned();
    println!("{}", say(explain::scope(&a)));
    println!("{}", say(explain::odds()));
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
    println!("\n{}", say(explain::clean_path(&a)));
    for (title, list) in explain::flaws(&a) {
        println!("{}{}", say(title), list.join(", "));
    }
}

/// Walks every path if that takes at most half the budget; otherwise samples, spending what is
/// left of the budget on as many samples as fit.
// The terminal's clock, outside the core (which never reads one).
#[allow(clippy::disallowed_methods)]
fn within(scenario: &Scenario, settings: &Settings, budget: Duration) -> Analysis {
    let started = Instant::now();
    let mut explorer = Explorer::new(scenario.clone(), settings.clone(), Limits::default());
    let mut sampling = false;
    while !explorer.finished() {
        explorer.step(200);
        let spent = started.elapsed();
        if !sampling && explorer.samples_taken() == 0 && spent > budget / 2 {
            explorer.sample_instead(Fallback::Time);
        }
        if !sampling && explorer.samples_taken() > 0 {
            // Sampling, for the time or the tree's size: as many samples as the budget allows.
            sampling = true;
            explorer.raise_samples(u64::MAX / 2);
        }
        if sampling && spent > budget {
            break;
        }
    }
    explorer.report()
}
