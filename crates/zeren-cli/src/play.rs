//! `zeren play` and `zeren list`.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use zeren_core::engine::{At, Session};
use zeren_core::verdict::Text;
use zeren_core::{Lang, Scenario, Settings, builtin, report, text, transcript};

/// Plays the given options in order and prints the transcript and the verdict.
pub fn scripted(
    scenario: &Scenario,
    seed: u64,
    choices: &[String],
    settings: &Settings,
    json: bool,
    lang: Lang,
) -> ExitCode {
    let mut session = Session::new(scenario, seed);
    for choice in choices.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let result = session.take(choice);
        if let Err(e) = result {
            let offered: Vec<&str> = session
                .state()
                .options(scenario)
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            eprintln!("error: cannot take `{choice}`: {e}");
            if !offered.is_empty() {
                eprintln!("hint: offered now: {}", offered.join(", "));
            }
            return ExitCode::from(1);
        }
    }
    let state = session.state();
    let live = state.live(scenario, settings);
    if json {
        let value = serde_json::json!({
            "scenario": scenario.id,
            "seed": seed,
            "events": session.events(),
            "ended": state.ended(),
            "at": state.at,
            "minute": state.minute,
            "transcript": state.transcript,
            "at_risk": live.at_risk,
            "fired": live.verdict.fired,
            "verdict": live.verdict,
        });
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        print!("{}", header(scenario, seed, lang));
        print!("{}", transcript::render(scenario, state, lang));
        println!();
        print!("{}", report::render(&state.case_so_far(), &live.verdict, lang));
        print!("{}", at_risk(&live.at_risk, lang));
    }
    ExitCode::SUCCESS
}

fn header(scenario: &Scenario, seed: u64, lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    format!(
        "{} — {}\n{}{}\n{}{seed}\n\n",
        scenario.title.get(lang),
        scenario.summary.get(lang),
        w("你的角色：", "Your role: "),
        scenario.role.get(lang),
        w("随机种子：", "Seed: "),
    )
}

fn at_risk(items: &[&str], lang: Lang) -> String {
    if items.is_empty() {
        return String::new();
    }
    let titles: Vec<String> = items
        .iter()
        .map(|id| text::item_title(id).get(lang).to_owned())
        .collect();
    let lead = Text::new(
        "⚠ 一小时内若无作为将触发：",
        "⚠ Fires within the hour if nothing is done: ",
    );
    format!("\n{}{}\n", lead.get(lang), titles.join("; "))
}

/// Plays at the terminal: numbered options, `u` to undo, `v` for the verdict, `q` to quit.
pub fn interactive(scenario: &Scenario, seed: u64, settings: &Settings, lang: Lang) -> ExitCode {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut session = Session::new(scenario, seed);
    print!("{}", header(scenario, seed, lang));
    let mut shown = 0;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let state = session.state();
        print!("{}", transcript::entries(scenario, state, shown, lang));
        shown = state.transcript.len();
        if state.ended() {
            let live = state.live(scenario, settings);
            println!();
            print!("{}", report::render(&state.case_so_far(), &live.verdict, lang));
            return ExitCode::SUCCESS;
        }
        let live = state.live(scenario, settings);
        let fired: Vec<String> = live
            .verdict
            .fired
            .iter()
            .map(|id| text::item_title(id).get(lang).to_owned())
            .collect();
        if !fired.is_empty() {
            println!("{}{}", w("● 已触发：", "● Fired: "), fired.join("; "));
        }
        print!("{}", at_risk(&live.at_risk, lang));
        let options = state.options(scenario);
        if let At::Decision(id) = &state.at {
            let prompt = scenario.decision(id).map_or("", |d| d.prompt.get(lang));
            println!("\n{prompt}");
        }
        for (n, c) in options.iter().enumerate() {
            println!("  {}. {}", n + 1, c.label.get(lang));
        }
        print!(
            "{}",
            w(
                "选择编号（u 撤销，v 查看结论，q 退出）> ",
                "Choose a number (u undo, v verdict, q quit) > "
            )
        );
        let _ = std::io::stdout().flush();
        let Some(Ok(line)) = lines.next() else {
            return ExitCode::SUCCESS;
        };
        match line.trim() {
            "q" => return ExitCode::SUCCESS,
            "u" => {
                session.undo();
                shown = 0;
                println!("{}", w("已撤销上一步。", "Last step undone."));
                print!("{}", header(scenario, seed, lang));
            }
            "v" => print!("{}", report::render(&state.case_so_far(), &live.verdict, lang)),
            answer => {
                let picked = answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| options.get(n.wrapping_sub(1)));
                match picked {
                    Some(c) => {
                        let id = c.id.clone();
                        if let Err(e) = session.choose(&id) {
                            println!("{e}");
                        }
                    }
                    None => println!("{}", w("请输入列出的编号。", "Please type one of the numbers listed.")),
                }
            }
        }
    }
}

/// Prints the built-in scenarios.
pub fn list(json: bool) {
    let all = builtin::all();
    if json {
        let list: Vec<_> = all
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "title": s.title.zh,
                    "title_en": s.title.en,
                    "summary": s.summary.zh,
                    "summary_en": s.summary.en,
                    "role": s.role.zh,
                    "duration_minutes": s.duration_minutes,
                    "decisions": s.decisions.len(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
    } else {
        for s in &all {
            println!(
                "{:<12} {} / {} ({} min)",
                s.id,
                s.title.zh,
                s.title.en.as_deref().unwrap_or(""),
                s.duration_minutes
            );
        }
    }
}
