//! `zeren play`, `zeren replay` and `zeren list`.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use zeren_core::engine::At;
use zeren_core::run::Run;
use zeren_core::verdict::Text;
use zeren_core::{Lang, builtin, report, text, transcript};

/// Takes the given steps in order (option ids, `timeout`), then prints the transcript and the
/// verdict, and writes the run file when asked.
pub fn scripted(mut run: Run, choices: &[String], json: bool, lang: Lang, save: Option<&Path>) -> ExitCode {
    for choice in choices.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let result = run.take(choice);
        if let Err(e) = result {
            let offered: Vec<&str> = run
                .state()
                .options(run.scenario())
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
    print_run(&run, json, lang);
    write_run(&run, save)
}

/// The transcript and verdict of a run (or its JSON, docs/verdict-json.md).
pub fn print_run(run: &Run, json: bool, lang: Lang) {
    let (scenario, state) = (run.scenario(), run.state());
    let live = run.live();
    if json {
        let value = serde_json::json!({
            "scenario": scenario.id,
            "seed": run.seed(),
            "label": run.label,
            "settings": run.settings,
            "link": run.link(),
            "events": run.events(),
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
        print!("{}", header(run, lang));
        print!("{}", transcript::render(scenario, state, lang));
        print!("{}", transcript::lessons(scenario, state, &live.verdict.fired, lang));
        println!();
        print!("{}", report::render(state.case_so_far(), &live.verdict, lang));
        print!("{}", at_risk(&live.at_risk, lang));
    }
}

/// Writes the run file (the browser opens it too); a write error is a usage error.
fn write_run(run: &Run, path: Option<&Path>) -> ExitCode {
    let Some(path) = path else {
        return ExitCode::SUCCESS;
    };
    match std::fs::write(path, run.to_file()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn header(run: &Run, lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let scenario = run.scenario();
    let label = match &run.label {
        Some(l) => format!("{}{l}\n", w("小组：", "Group: ")),
        None => String::new(),
    };
    format!(
        "{} — {}\n{}{}\n{label}{}{}\n\n",
        scenario.title.get(lang),
        scenario.summary.get(lang),
        w("你的角色：", "Your role: "),
        scenario.role.get(lang),
        w("随机种子：", "Seed: "),
        run.seed(),
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

/// Plays at the terminal: numbered options, `u` to undo, `v` for the verdict, `q` to quit. The
/// run file is written on leaving, when asked.
pub fn interactive(mut run: Run, lang: Lang, save: Option<&Path>) -> ExitCode {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    print!("{}", header(&run, lang));
    let mut shown = 0;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let (scenario, state) = (run.scenario(), run.state());
        print!("{}", transcript::entries(scenario, state, shown, lang));
        shown = state.transcript.len();
        let live = run.live();
        if state.ended() {
            print!("{}", transcript::lessons(scenario, state, &live.verdict.fired, lang));
            println!();
            print!("{}", report::render(state.case_so_far(), &live.verdict, lang));
            return write_run(&run, save);
        }
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
        let options: Vec<(String, String)> = state
            .options(scenario)
            .iter()
            .map(|c| (c.id.clone(), c.label.get(lang).to_owned()))
            .collect();
        if let At::Decision(id) = &state.at {
            let prompt = scenario.decision(id).map_or("", |d| d.prompt.get(lang));
            println!("\n{prompt}");
        }
        for (n, (_, label)) in options.iter().enumerate() {
            println!("  {}. {label}", n + 1);
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
            return write_run(&run, save);
        };
        match line.trim() {
            "q" => return write_run(&run, save),
            "u" => {
                run.undo();
                shown = 0;
                println!("{}", w("已撤销上一步。", "Last step undone."));
                print!("{}", header(&run, lang));
            }
            "v" => print!("{}", report::render(run.state().case_so_far(), &live.verdict, lang)),
            answer => {
                let picked = answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| options.get(n.wrapping_sub(1)));
                match picked {
                    Some((id, _)) => {
                        if let Err(e) = run.choose(id) {
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
