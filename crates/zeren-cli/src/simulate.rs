//! `zeren simulate`: many random playthroughs of a scenario, for authors checking its balance.

use std::time::Instant;

use zeren_core::simulate::simulate;
use zeren_core::verdict::Text;
use zeren_core::{Lang, Scenario, Settings, sentences, text};

/// Plays `runs` random playthroughs and prints how often each item fired, each person was held
/// accountable and each ending was reached, with the throughput.
// The throughput is wall time measured here, at the edge; the core itself never reads a clock.
#[allow(clippy::disallowed_methods)]
pub fn run(scenario: &Scenario, settings: &Settings, runs: u64, seed: u64, json: bool, lang: Lang) {
    let started = Instant::now();
    let sim = simulate(scenario, settings, runs, seed);
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let per_second = sim.runs as f64 / seconds;
    if json {
        let mut value = serde_json::to_value(&sim).unwrap_or_default();
        value["seed"] = seed.into();
        value["seconds"] = seconds.into();
        value["playthroughs_per_s"] = per_second.round().into();
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        return;
    }
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let share = |n: u64| 100.0 * n as f64 / sim.runs.max(1) as f64;
    println!(
        "{}{} {}{seed}; {:.0} {}",
        w("随机推演次数：", "Random playthroughs: "),
        sim.runs,
        w("种子 ", "seed "),
        per_second,
        w("次/秒", "per second")
    );
    println!(
        "\n{}",
        w("第八条第二款各项触发比例", "How often each item of Art 8 ¶2 fired")
    );
    for id in zeren_core::judge::ITEM_IDS {
        let n = sim.items.get(id).copied().unwrap_or(0);
        println!("  {:>5.1}%  {}", share(n), text::item_title(id).get(lang));
    }
    println!("  {:>5.1}%  {}", share(sim.clean), w("无一触发", "nothing fired"));
    println!("\n{}", w("被问责的人员与责任", "Who was held accountable, and how"));
    for (person, kinds) in &sim.accountable {
        for (kind, n) in kinds {
            println!(
                "  {:>5.1}%  {} — {}",
                share(*n),
                sentences::person(&scenario.base, person).get(lang),
                text::kind(*kind).get(lang)
            );
        }
    }
    println!("\n{}", w("结局", "Endings"));
    for ending in &scenario.endings {
        let n = sim.endings.get(&ending.id).copied().unwrap_or(0);
        println!("  {:>5.1}%  {}", share(n), ending.title.get(lang));
    }
    if sim.stuck > 0 {
        println!(
            "  {:>5.1}%  {}",
            share(sim.stuck),
            w("未到结局（死路）", "no ending (dead end)")
        );
    }
}
