//! `zeren`: judge case files, play and check scenarios from the terminal.
//!
//! Exit codes: 0 success, 1 invalid input (diagnostics printed), 2 usage error (including a file
//! that cannot be read).

mod explore;
mod files;
mod play;
mod simulate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use zeren_core::params::READINGS;
use zeren_core::run::Run;
use zeren_core::verdict::Text;
use zeren_core::{Lang, Settings, judge, report};

#[derive(Parser)]
#[command(
    name = "zeren",
    version,
    about = "Zeren (责任): a tabletop-exercise simulator for the cybersecurity responsibility regulation"
)]
struct Cli {
    /// Without a command (a double-click on `zeren` or `zeren.exe`), open the room: the live
    /// class on this computer's network, its console in the default browser.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Judge a case file: which items of Article 8 fire, why, and who is accountable.
    Judge {
        /// The case file (TOML).
        case: PathBuf,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Play a scenario: a built-in id (see `zeren list`) or a scenario file; or go on with a
    /// run file (`--resume`), e.g. one exported from the browser.
    Play {
        /// Built-in scenario id or path to a scenario file (with `--resume`: the scenario file,
        /// when the run file does not carry it).
        #[arg(required_unless_present = "resume")]
        scenario: Option<String>,
        /// Seed of the random events.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Options to take in order, e.g. `escalate,maintenance,report_now`; `timeout` lets the
        /// clock run out at a timed decision. Without it, play interactively.
        #[arg(long, value_delimiter = ',')]
        choose: Option<Vec<String>>,
        /// Go on with this run file (its scenario, seed, settings, name and steps).
        #[arg(long, value_name = "RUNFILE")]
        resume: Option<PathBuf>,
        /// Write the run file here at the end (the browser's library opens it).
        #[arg(long, value_name = "RUNFILE")]
        save: Option<PathBuf>,
        /// The group's or trainee's name, kept in the run.
        #[arg(long)]
        label: Option<String>,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Replay a run link (`#run=…`, as the browser copies it) or a run file, and print its
    /// transcript and verdict.
    Replay {
        /// The run link (quote it in the shell) or the path of a run file.
        run: String,
        /// The scenario file, for a run of a scenario that is not built in.
        #[arg(long)]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Walk every path of a scenario and report what it can reach.
    Explore {
        /// Built-in scenario id or path to a scenario file.
        scenario: String,
        /// Answer within about this many milliseconds: walk every path if that fits in half of
        /// it, else sample for the rest (the report states the sample size, which then depends
        /// on the machine). Without it: the fixed limits, the same answer everywhere.
        #[arg(long, value_name = "MS")]
        budget_ms: Option<u64>,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Play many random playthroughs (uniform choices, timeouts included) and count what fired,
    /// who was accountable and which ending was reached.
    Simulate {
        /// Built-in scenario id or path to a scenario file.
        scenario: String,
        /// How many playthroughs.
        #[arg(long, default_value_t = 1000)]
        runs: u64,
        /// Seed of the choices and of the first run's random events.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Run the `[[test]]` entries of scenario files (or built-in scenarios); exit 1 on a failure.
    Test {
        /// Files or built-in scenario ids.
        #[arg(required = true)]
        scenarios: Vec<String>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the diagnostics.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// List the built-in scenarios.
    List {
        /// Print JSON: an array of objects with `id`, `title` and more.
        #[arg(long)]
        json: bool,
    },
    /// Check case or scenario files (or built-in scenario ids) and report their problems.
    Check {
        /// Files or built-in scenario ids.
        #[arg(required = true)]
        files: Vec<String>,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the diagnostics on standard error (the JSON has both).
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Serve the web app and the live class (docs/class-protocol.md) from one process:
    /// 127.0.0.1 only, or the room's network with `--class`.
    Serve {
        /// Open the room: listen on every interface and print the join addresses.
        #[arg(long)]
        class: bool,
        /// The port (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The data directory (default: the user's data directory, `zeren/`).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// A built web app to serve instead of the one built into this binary (e.g. web/dist after
        /// rebuilding it; read at each request).
        #[arg(long, value_name = "DIR")]
        dist: Option<PathBuf>,
    },
    /// Rewrite a format-1 scenario file to format 2 (only the `format` line changes: comments,
    /// order and spacing are kept). Prints the new text on standard output; `--write` replaces
    /// the file instead.
    Upgrade {
        /// The scenario file.
        file: PathBuf,
        /// Write the upgraded text back to the file instead of printing it.
        #[arg(long)]
        write: bool,
        /// Language of the messages on standard error.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Print the JSON Schema of the case-file (default) or scenario-file format.
    Schema {
        /// `case` or `scenario`.
        #[arg(value_parser = ["case", "scenario"], default_value = "case")]
        format: String,
    },
    /// Write the built-ins, as read, into DIR as JSON (the library's index and one file each):
    /// the files the trainee's and class browser modules fetch (scripts/build-web).
    #[command(hide = true)]
    PreRead {
        /// The folder to write (created when missing).
        dir: PathBuf,
    },
}

/// How to print.
#[derive(clap::Args)]
struct Output {
    /// Language of the readable output.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Print JSON (docs/verdict-json.md) instead of text.
    #[arg(long)]
    json: bool,
}

impl Output {
    fn lang(&self) -> Lang {
        self.lang.lang()
    }
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The instructor's settings for one run.
#[derive(Clone, clap::Args)]
struct SettingArgs {
    /// Override a parameter, e.g. `--param report_deadline_other=120`.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Override a reading, e.g. `--reading a1=both`.
    #[arg(long = "reading", value_name = "ID=VALUE")]
    readings: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// `zeren` with no command, as a double-click starts it: `zeren serve --class` on port 8080 (or
/// the next free one), the console opened in the default browser. A problem is said, and the
/// window (a console window on Windows, which closes with the program) waits for Enter.
fn open_the_room() -> ExitCode {
    println!("Zeren 责任 — 网络安全工作责任制桌面推演 / cybersecurity responsibility tabletop exercises");
    println!("正在开课（按 Ctrl+C 结束）/ opening the room (Ctrl+C to stop)…");
    let options = zeren_server::Options {
        class: true,
        port: 8080,
        data: zeren_server::default_data_dir(),
        dist: None,
        next_free_port: true,
        open_console: true,
    };
    match zeren_server::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zeren: {e}");
            eprintln!("按回车键关闭 / press Enter to close");
            let _ = std::io::stdin().read_line(&mut String::new());
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return open_the_room();
    };
    match command {
        Command::Judge { case, out, settings } => {
            let settings_flags = settings.clone();
            let settings = match settings.parse() {
                Ok(s) => s,
                Err(e) => return usage(&e),
            };
            let Some(mut case) = files::case(&case, false, out.lang()) else {
                return ExitCode::from(1);
            };
            settings_flags.pin(&mut case);
            let verdict = judge(&case, &settings);
            if out.json {
                println!("{}", serde_json::to_string_pretty(&verdict).unwrap_or_default());
            } else {
                print!("{}", report::render(&case, &verdict, out.lang()));
            }
            ExitCode::SUCCESS
        }
        Command::Play {
            scenario,
            seed,
            choose,
            resume,
            save,
            label,
            out,
            settings,
        } => {
            let run = match resume {
                Some(path) => {
                    let given = scenario.map(PathBuf::from);
                    read_run(&files::text(&path, out.lang()), given.as_deref(), &settings, out.lang())
                }
                None => new_run(
                    scenario.as_deref().unwrap_or_default(),
                    seed,
                    label,
                    &settings,
                    out.lang(),
                ),
            };
            let run = match run {
                Ok(run) => run,
                Err(code) => return code,
            };
            match choose {
                Some(choices) => play::scripted(run, &choices, out.json, out.lang(), save.as_deref()),
                None => play::interactive(run, out.lang(), save.as_deref()),
            }
        }
        Command::Replay {
            run,
            scenario,
            out,
            settings,
        } => {
            let path = std::path::Path::new(&run);
            let text = match path.is_file() {
                true => files::text(path, out.lang()),
                false => run.clone(),
            };
            match read_run(&text, scenario.as_deref(), &settings, out.lang()) {
                Ok(run) => {
                    play::print_run(&run, out.json, out.lang());
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
        Command::Explore {
            scenario,
            budget_ms,
            out,
            settings,
        } => {
            let (scenario, settings) = match scenario_and_settings(&scenario, &settings, out.lang()) {
                Ok(both) => both,
                Err(code) => return code,
            };
            explore::run(&scenario, &settings, budget_ms, out.json, out.lang());
            ExitCode::SUCCESS
        }
        Command::Simulate {
            scenario,
            runs,
            seed,
            out,
            settings,
        } => {
            let (scenario, settings) = match scenario_and_settings(&scenario, &settings, out.lang()) {
                Ok(both) => both,
                Err(code) => return code,
            };
            simulate::run(&scenario, &settings, runs, seed, out.json, out.lang());
            ExitCode::SUCCESS
        }
        Command::Test { scenarios, json, lang } => {
            let mut all_passed = true;
            let mut results = Vec::new();
            for name in &scenarios {
                let Some(scenario) = files::scenario(name, false, lang.lang()) else {
                    all_passed = false;
                    continue;
                };
                let outcomes = zeren_core::testing::run_tests(&scenario, &Settings::default());
                if !json {
                    println!("{name}: {} test(s)", outcomes.len());
                    for o in &outcomes {
                        println!("  {} {}", if o.passed { "ok    " } else { "FAILED" }, o.name);
                        for p in &o.problems {
                            println!("         {p}");
                        }
                    }
                }
                all_passed &= outcomes.iter().all(|o| o.passed);
                results.push(serde_json::json!({ "scenario": name, "tests": outcomes }));
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&results).unwrap_or_default());
            }
            if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Serve {
            class,
            port,
            data,
            dist,
        } => {
            let options = zeren_server::Options {
                class,
                port,
                data: data.unwrap_or_else(zeren_server::default_data_dir),
                dist,
                next_free_port: false,
                open_console: false,
            };
            match zeren_server::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("zeren serve: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::List { json } => {
            play::list(json);
            ExitCode::SUCCESS
        }
        Command::Check {
            files: names,
            json,
            lang,
        } => {
            let mut ok = true;
            for name in &names {
                let valid = files::check(name, json, lang.lang());
                if valid && !json {
                    println!("{name}: ok");
                }
                ok &= valid;
            }
            if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Command::Upgrade { file, write, lang } => files::upgrade(&file, write, lang.lang()),
        Command::Schema { format } => {
            let schema = if format == "scenario" {
                zeren_core::scenario::schema()
            } else {
                zeren_core::case::schema()
            };
            println!("{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Command::PreRead { dir } => {
            let written = std::fs::create_dir_all(&dir).and_then(|()| {
                zeren_core::pre_read::files()
                    .iter()
                    .try_for_each(|(name, text)| std::fs::write(dir.join(name), text))
            });
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => usage(&format!("cannot write {}: {e}", dir.display())),
            }
        }
    }
}

/// The scenario named on the command line and the settings for the run, or the exit code of
/// what went wrong (diagnostics or a usage error already printed).
fn scenario_and_settings(
    name: &str,
    args: &SettingArgs,
    lang: Lang,
) -> Result<(zeren_core::Scenario, Settings), ExitCode> {
    let settings = args.parse().map_err(|e| usage(&e))?;
    let mut scenario = files::scenario(name, false, lang).ok_or(ExitCode::from(1))?;
    args.pin(&mut scenario.base);
    Ok((scenario, settings))
}

/// A new run of a built-in or a scenario file under the flags' settings.
fn new_run(name: &str, seed: u64, label: Option<String>, args: &SettingArgs, lang: Lang) -> Result<Run, ExitCode> {
    let settings = args.parse().map_err(|e| usage(&e))?;
    let (mut scenario, source) = files::sourced(name, false, lang).ok_or(ExitCode::from(1))?;
    args.pin(&mut scenario.base);
    Run::new(Arc::new(scenario), source, seed, settings)
        .labelled(label)
        .map_err(|e| usage(e.text().get(lang)))
}

/// A run file's text or a run link, replayed; flags given override the run's own settings.
fn read_run(text: &str, scenario: Option<&Path>, args: &SettingArgs, lang: Lang) -> Result<Run, ExitCode> {
    let given = files::given(scenario, lang);
    let read = match text.trim_start().starts_with('{') {
        true => Run::from_file(text, given.as_ref()),
        false => Run::from_link(text.trim(), given.as_ref()),
    };
    let mut run = read.map_err(|e| {
        eprintln!("{}{}", Text::new("错误：", "error: ").get(lang), e.text().get(lang));
        ExitCode::from(1)
    })?;
    if !args.params.is_empty() || !args.readings.is_empty() {
        eprintln!("warning: --param/--reading override the settings the run was played under");
        args.apply(&mut run.settings).map_err(|e| usage(&e))?;
    }
    Ok(run)
}

/// A reader that stops early (`zeren explore data-leak | head`) closes the pipe: that is not an
/// error, so the program ends quietly, as one stopped by SIGPIPE would (exit 141), instead of
/// printing a panic.
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .payload_as_str()
            .is_some_and(|m| m.contains("failed printing to stdout"))
        {
            std::process::exit(141);
        }
        report(info);
    }));
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

impl SettingArgs {
    fn parse(&self) -> Result<Settings, String> {
        let mut s = Settings::default();
        self.apply(&mut s)?;
        Ok(s)
    }

    /// Sets what the flags name on top of `s`.
    fn apply(&self, s: &mut Settings) -> Result<(), String> {
        for p in &self.params {
            let (name, value) = p
                .split_once('=')
                .ok_or(format!("--param takes NAME=VALUE, not `{p}`"))?;
            let limit = zeren_core::params::MAX_VALUE;
            let value = zeren_core::params::value_of(value)
                .ok_or_else(|| format!("--param {name}: `{value}` is not a whole number from 0 to {limit}"))?;
            if !s.params.set(name, value) {
                return Err(format!("unknown parameter `{name}`; see docs/case-format.md"));
            }
        }
        for r in &self.readings {
            let (id, value) = r
                .split_once('=')
                .ok_or(format!("--reading takes ID=VALUE, not `{r}`"))?;
            if !s.readings.set(id, value) {
                let all: Vec<String> = READINGS
                    .iter()
                    .map(|r| format!("{}={}", r.id, r.values.join("|")))
                    .collect();
                return Err(format!("unknown reading `{r}`; readings are {}", all.join(", ")));
            }
        }
        Ok(())
    }

    /// The command line wins over the file's own `[params]` and `[readings]`: drops the
    /// file's value of every setting a flag names, with a warning where they differ.
    fn pin(&self, case: &mut zeren_core::Case) {
        let names = |flags: &[String]| -> Vec<(String, String)> {
            flags
                .iter()
                .filter_map(|f| f.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        for (name, value) in names(&self.params) {
            if let Some(old) = case.params.remove(&name).filter(|old| old.to_string() != value) {
                eprintln!("warning: the file sets {name} = {old}; --param {name}={value} overrides it");
            }
        }
        for (id, value) in names(&self.readings) {
            if let Some(old) = case.readings.remove(&id).filter(|old| *old != value) {
                eprintln!("warning: the file sets reading {id} = {old}; --reading {id}={value} overrides it");
            }
        }
    }
}
