//! Helpers for Zeren's golden corpus: case files under `tests/cases/`, judged with defaults.

pub mod fuzzing;

use std::path::{Path, PathBuf};

use zeren_core::{Case, Settings, Verdict, judge, parse_case};

/// The folder that holds the corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// Reads and parses a corpus case that must be valid.
pub fn load(relative: &str) -> Case {
    let path = corpus().join(relative);
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse_case(&source) {
        (Some(case), _) => case,
        (None, diags) => panic!(
            "{}",
            zeren_core::diagnostic::render(&path.display().to_string(), &source, &diags, zeren_core::Lang::En)
        ),
    }
}

/// Judges a corpus case under default settings.
pub fn verdict(relative: &str) -> Verdict {
    judge(&load(relative), &Settings::default())
}

/// The accountable rows of a verdict as `(person, kind)` words, in verdict order.
pub fn rows(v: &Verdict) -> Vec<(String, String)> {
    v.accountable
        .iter()
        .map(|r| {
            let kind = serde_json::to_value(r.kind).ok();
            let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or_default().to_owned();
            (r.person.clone(), kind)
        })
        .collect()
}

/// The lines of a Chinese rendering of diagnostics that hold an English word (four ASCII
/// letters or more) where only Chinese should stand: outside the quoted file (`12 │ …`), the
/// location (`┌─ path:line:col`), text in backticks (keys, ids, values, TOML to write), file
/// paths, codes such as `[T0002]` and the names `TOML` and `Zeren`.
pub fn english_outside_code(text: &str) -> Vec<String> {
    let is_source = |line: &str| {
        let t = line.trim_start();
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits > 0 && t[digits..].trim_start().starts_with('│')
    };
    text.lines()
        .filter(|line| !is_source(line) && !line.trim_start().starts_with("┌─"))
        .filter(|line| {
            // Text outside backticks: the even-numbered pieces.
            let plain: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            plain
                .split(|c: char| c.is_whitespace() || (!c.is_ascii() && c != '…'))
                .filter(|w| !w.contains('/') && !w.ends_with(".md") && !w.ends_with(".toml"))
                .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
                .filter(|w| {
                    !(w.len() == 5 && w.starts_with(char::is_uppercase) && w[1..].bytes().all(|b| b.is_ascii_digit()))
                })
                .any(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_alphabetic()) && !["TOML", "Zeren"].contains(&w))
        })
        .map(str::to_owned)
        .collect()
}

/// The lines of `text` that hold Chinese characters outside quotations of the regulation
/// (「…」): what an English rendering must not contain.
pub fn chinese_outside_quotes(text: &str) -> Vec<String> {
    let is_cjk = |c: char| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    };
    text.lines()
        .filter(|line| {
            let mut depth = 0usize;
            line.chars().any(|c| match c {
                '「' => {
                    depth += 1;
                    false
                }
                '」' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                c => depth == 0 && is_cjk(c),
            })
        })
        .map(str::to_owned)
        .collect()
}

/// The small corpus scenario with both options of its second decision leading back to the
/// first: no path ever ends (the hostile inputs' loop, in the CLI and the browser alike).
pub fn endless_scenario() -> String {
    let base = include_str!("scenarios/valid/phishing-minimal.toml");
    let loops = [
        ("advance = 120\nend = \"done\"", "advance = 120\nnext = \"first\""),
        (
            "[[decision.option.branch]]\nwhen = \"chose.first.ignore\"\nend = \"late\"\n",
            "",
        ),
        (
            "set = { \"incident.personal_records\" = \"random.records\" }\nend = \"done\"",
            "set = { \"incident.personal_records\" = \"random.records\" }\nnext = \"first\"",
        ),
    ];
    loops.iter().fold(base.to_owned(), |text, (from, to)| {
        assert!(text.contains(from), "`{from}` is not in the scenario");
        text.replacen(from, to, 1)
    })
}
