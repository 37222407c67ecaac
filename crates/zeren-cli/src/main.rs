//! `zeren`: judge case files, play and check scenarios from the terminal.
//!
//! Exit codes: 0 success, 1 invalid input (diagnostics printed), 2 usage error (including a file
//! that cannot be read).

mod explore;
mod files;
mod play;
mod simulate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zeren_core::params::READINGS;
use zeren_core::{Lang, Settings, judge, report};

#[derive(Parser)]
#[command(
    name = "zeren",
    version,
    about = "Zeren (责任): a tabletop-exercise simulator for the cybersecurity responsibility regulation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// Play a scenario: a built-in id (see `zeren list`) or a scenario file.
    Play {
        /// Built-in scenario id or path to a scenario file.
        scenario: String,
        /// Seed of the random events.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Options to take in order, e.g. `escalate,maintenance,report_now`; `timeout` lets the
        /// clock run out at a timed decision. Without it, play interactively.
        #[arg(long, value_delimiter = ',')]
        choose: Option<Vec<String>>,
        #[command(flatten)]
        out: Output,
        #[command(flatten)]
        settings: SettingArgs,
    },
    /// Walk every path of a scenario and report what it can reach.
    Explore {
        /// Built-in scenario id or path to a scenario file.
        scenario: String,
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
        /// The built web app (default: web/dist of the source tree, or `dist` beside the binary).
        #[arg(long, value_name = "DIR")]
        dist: Option<PathBuf>,
    },
    /// Print the JSON Schema of the case-file (default) or scenario-file format.
    Schema {
        /// `case` or `scenario`.
        #[arg(value_parser = ["case", "scenario"], default_value = "case")]
        format: String,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
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
            out,
            settings,
        } => {
            let (scenario, settings) = match scenario_and_settings(&scenario, &settings, out.lang()) {
                Ok(both) => both,
                Err(code) => return code,
            };
            match choose {
                Some(choices) => play::scripted(&scenario, seed, &choices, &settings, out.json, out.lang()),
                None => play::interactive(&scenario, seed, &settings, out.lang()),
            }
        }
        Command::Explore {
            scenario,
            out,
            settings,
        } => {
            let (scenario, settings) = match scenario_and_settings(&scenario, &settings, out.lang()) {
                Ok(both) => both,
                Err(code) => return code,
            };
            explore::run(&scenario, &settings, out.json, out.lang());
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
                dist: dist.unwrap_or_else(zeren_server::default_dist_dir),
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
        Command::Schema { format } => {
            let schema = if format == "scenario" {
                zeren_core::scenario::schema()
            } else {
                zeren_core::case::schema()
            };
            println!("{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            ExitCode::SUCCESS
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

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

impl SettingArgs {
    fn parse(&self) -> Result<Settings, String> {
        let mut s = Settings::default();
        for p in &self.params {
            let (name, value) = p
                .split_once('=')
                .ok_or(format!("--param takes NAME=VALUE, not `{p}`"))?;
            let value: u64 = value
                .parse()
                .map_err(|_| format!("--param {name}: `{value}` is not a whole number"))?;
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
        Ok(s)
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
