//! The built-in exercises, addressed by id. With the reader they are embedded and read from their
//! TOML once; without it (the trainee's browser module) they are installed as their pre-read
//! files arrive (see the `pre_read` module).

use std::sync::Arc;

use crate::scenario::Scenario;

/// Each built-in scenario's id, file name and source text.
#[cfg(feature = "read")]
pub const SOURCES: &[(&str, &str, &str)] = &[
    (
        "defacement",
        "defacement.toml",
        include_str!("../scenarios/defacement.toml"),
    ),
    (
        "data-leak",
        "data-leak.toml",
        include_str!("../scenarios/data-leak.toml"),
    ),
    (
        "cii-water",
        "cii-water.toml",
        include_str!("../scenarios/cii-water.toml"),
    ),
    (
        "rectification",
        "rectification.toml",
        include_str!("../scenarios/rectification.toml"),
    ),
    (
        "keep-online",
        "keep-online.toml",
        include_str!("../scenarios/keep-online.toml"),
    ),
    (
        "regulator-year",
        "regulator-year.toml",
        include_str!("../scenarios/regulator-year.toml"),
    ),
];

/// The built-ins in library order, read once. Built-ins are checked by the test suite, so a
/// parse failure here cannot happen in a tested build; it leaves the scenario out, no panic.
#[cfg(feature = "read")]
fn read() -> Vec<Arc<Scenario>> {
    static READ: std::sync::OnceLock<Vec<Arc<Scenario>>> = std::sync::OnceLock::new();
    let read = READ.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(_, _, source)| crate::scenario::parse_scenario(source).0)
            .map(Arc::new)
            .collect()
    });
    read.clone()
}

#[cfg(not(feature = "read"))]
static INSTALLED: std::sync::Mutex<Vec<Arc<Scenario>>> = std::sync::Mutex::new(Vec::new());

/// The built-ins installed so far from their pre-read files, in the order they came.
#[cfg(not(feature = "read"))]
fn read() -> Vec<Arc<Scenario>> {
    INSTALLED.lock().map(|v| v.clone()).unwrap_or_default()
}

/// Installs a built-in read from its pre-read file (once per id).
#[cfg(not(feature = "read"))]
pub fn install(scenario: Scenario) {
    if let Ok(mut installed) = INSTALLED.lock()
        && !installed.iter().any(|s| s.id == scenario.id)
    {
        installed.push(Arc::new(scenario));
    }
}

/// The built-in scenario with this id, as a copy to change.
pub fn scenario(id: &str) -> Option<Scenario> {
    shared(id).map(|s| (*s).clone())
}

/// The built-in scenario with this id, read once and shared.
pub fn shared(id: &str) -> Option<Arc<Scenario>> {
    read().iter().find(|s| s.id == id).cloned()
}

/// All built-in scenarios, in library order, read once and shared (screens list them at every
/// render).
pub fn all() -> Vec<Arc<Scenario>> {
    read()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::render;
    use crate::scenario::parse_scenario;

    #[test]
    fn every_builtin_reads_without_errors_or_warnings() {
        for (id, file, source) in SOURCES {
            let (scenario, diags) = parse_scenario(source);
            assert!(
                diags.is_empty(),
                "{}",
                render(file, source, &diags, crate::lang::Lang::En)
            );
            assert_eq!(scenario.map(|s| s.id), Some((*id).to_owned()));
        }
    }
}

#[cfg(test)]
mod scenario_tests {
    use super::*;
    use crate::judge::Settings;
    use crate::testing::run_tests;

    #[test]
    fn every_builtin_carries_tests_and_they_pass() {
        for s in all() {
            let outcomes = run_tests(&s, &Settings::default());
            assert!(outcomes.len() >= 3, "{} has too few tests", s.id);
            for o in outcomes {
                assert!(o.passed, "{}: {}: {:?}", s.id, o.name, o.problems);
            }
        }
    }
}
