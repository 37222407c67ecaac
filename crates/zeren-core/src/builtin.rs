//! The built-in exercises, embedded in the binary and addressed by id.

use std::sync::{Arc, OnceLock};

use crate::scenario::{Scenario, parse_scenario};

/// Each built-in scenario's id, file name and source text.
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
];

/// The built-in scenario with this id. Built-ins are checked by the test suite, so a parse
/// failure here cannot happen in a tested build; it still gives `None` rather than a panic.
pub fn scenario(id: &str) -> Option<Scenario> {
    let (_, _, source) = SOURCES.iter().find(|(i, _, _)| *i == id)?;
    parse_scenario(source).0
}

/// The built-in scenario with this id, read once and shared.
pub fn shared(id: &str) -> Option<Arc<Scenario>> {
    static READ: OnceLock<Vec<(&str, Arc<Scenario>)>> = OnceLock::new();
    let read = READ.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(id, _, _)| Some((*id, Arc::new(scenario(id)?))))
            .collect()
    });
    read.iter().find(|(i, _)| *i == id).map(|(_, s)| s.clone())
}

/// All built-in scenarios, in library order, read once and shared (screens list them at every
/// render).
pub fn all() -> Vec<Arc<Scenario>> {
    SOURCES.iter().filter_map(|(id, _, _)| shared(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::render;

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
