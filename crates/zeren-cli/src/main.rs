//! `zeren`: judge and check case files from the terminal.
//!
//! Exit codes: 0 success, 1 invalid input (diagnostics printed), 2 usage error (including a file
//! that cannot be read).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zeren_core::diagnostic::{self, Diagnostic, has_errors};
use zeren_core::{Case, Lang, Settings, judge, parse_case, report};

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
        /// Language of the readable verdict.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Print the verdict as JSON (docs/verdict-json.md) instead of text.
        #[arg(long)]
        json: bool,
        /// Override a parameter, e.g. `--param report_deadline_other=120`.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Override a reading, e.g. `--reading a1=both`.
        #[arg(long = "reading", value_name = "ID=VALUE")]
        readings: Vec<String>,
    },
    /// Check case files and report their problems without judging them.
    Check {
        /// The case files (TOML).
        #[arg(required = true)]
        cases: Vec<PathBuf>,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the case-file format.
    Schema,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Judge {
            case,
            lang,
            json,
            params,
            readings,
        } => {
            let settings = match settings(&params, &readings) {
                Ok(s) => s,
                Err(e) => return usage(&e),
            };
            let Some(case) = load(&case, false) else {
                return ExitCode::from(1);
            };
            let verdict = judge(&case, &settings);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&verdict).unwrap_or_default()
                );
            } else {
                let lang = match lang {
                    LangArg::Zh => Lang::Zh,
                    LangArg::En => Lang::En,
                };
                print!("{}", report::render(&case, &verdict, lang));
            }
            ExitCode::SUCCESS
        }
        Command::Check { cases, json } => {
            let mut ok = true;
            for path in &cases {
                let valid = load(path, json).is_some();
                if valid && !json {
                    println!("{}: ok", path.display());
                }
                ok &= valid;
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Schema => {
            let schema = zeren_core::case::schema();
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn settings(params: &[String], readings: &[String]) -> Result<Settings, String> {
    let mut s = Settings::default();
    for p in params {
        let (name, value) = p
            .split_once('=')
            .ok_or(format!("--param takes NAME=VALUE, not `{p}`"))?;
        let value: u64 = value
            .parse()
            .map_err(|_| format!("--param {name}: `{value}` is not a whole number"))?;
        if !s.params.set(name, value) {
            return Err(format!(
                "unknown parameter `{name}`; see docs/case-format.md"
            ));
        }
    }
    for r in readings {
        let (id, value) = r
            .split_once('=')
            .ok_or(format!("--reading takes ID=VALUE, not `{r}`"))?;
        if !s.readings.set(id, value) {
            return Err(format!(
                "unknown reading `{r}`; readings are a1=either|both, a2=both_sites|portals_only, a3=all_results|impact_only, a4=limb_c|all_limbs, a5=presumptive|automatic"
            ));
        }
    }
    Ok(s)
}

/// Reads and parses a case file and prints its diagnostics (as JSON too with `json`); the case
/// comes back only when it has no errors. An unreadable file is a usage error: exit 2 at once.
fn load(path: &Path, json: bool) -> Option<Case> {
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let (case, diags) = parse_case(&source);
    if !diags.is_empty() {
        eprint!(
            "{}",
            diagnostic::render(&path.display().to_string(), &source, &diags)
        );
    }
    if json {
        println!("{}", diagnostics_json(path, &diags, &source));
    }
    case
}

fn diagnostics_json(path: &Path, diags: &[Diagnostic], source: &str) -> String {
    let list: Vec<_> = diags
        .iter()
        .map(|d| {
            let (line, col) = diagnostic::line_col(source, d.span.start);
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
                "file": path.display().to_string(),
                "line": line,
                "col": col,
                "hints": d.hints,
            })
        })
        .collect();
    serde_json::json!({ "ok": !has_errors(diags), "diagnostics": list }).to_string()
}
