//! `zeren explore`: what a scenario can reach, path by path.

use zeren_core::analysis::{KINDS, Limits, Reach, analyse};
use zeren_core::explain;
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
