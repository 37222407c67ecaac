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
            zeren_core::diagnostic::render(&path.display().to_string(), &source, &diags)
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
