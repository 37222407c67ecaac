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
