//! Hostile input: files, saves and run links built to make Zeren panic, hang or exhaust memory
//! (issue 9). Each test stands for one class of attack and must finish quickly with a clear
//! diagnostic or error.

use zeren_core::diagnostic::{Diagnostic, render};
use zeren_core::scenario::{Scenario, parse_scenario};
use zeren_core::toml_reader::code as tcode;

/// The small scenario of the corpus, with `from` replaced by `to`.
fn phishing_with(from: &str, to: &str) -> String {
    let base = include_str!("scenarios/valid/phishing-minimal.toml");
    assert!(base.contains(from), "`{from}` is not in the scenario");
    base.replacen(from, to, 1)
}

fn read(source: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    parse_scenario(source)
}

fn has_code(diags: &[Diagnostic], code: &str) -> bool {
    diags.iter().any(|d| d.code == code)
}

// Class 5: arithmetic overflow.

#[test]
fn a_clock_start_hour_that_would_overflow_is_refused() {
    let src = phishing_with("clock_start = \"14:00\"", "clock_start = \"999999999999999999:00\"");
    let (scenario, diags) = read(&src);
    assert!(scenario.is_none());
    assert!(has_code(&diags, tcode::WRONG_TYPE), "{diags:?}");
}

#[test]
fn a_number_event_range_beyond_the_limit_is_refused() {
    let src = phishing_with("max = 2000000", "max = 18446744073709551615");
    let (scenario, diags) = read(&src);
    assert!(scenario.is_none());
    let d = diags.iter().find(|d| d.code == tcode::OUT_OF_RANGE);
    let Some(d) = d else { panic!("{diags:?}") };
    assert_eq!(&src[d.span.clone()], "18446744073709551615");
    assert!(render("x.toml", &src, &diags).contains("x.toml:"));
}

#[test]
fn the_widest_range_still_draws_across_it() {
    use zeren_core::engine::State;
    use zeren_core::scenario::RandomKind;
    let Some(mut scenario) = read(&phishing_with("max = 2000000", "max = 2000001")).0 else {
        panic!()
    };
    scenario.randoms[0].kind = RandomKind::Range(0, u64::MAX);
    let draws: Vec<f64> = (0..20)
        .filter_map(|seed| State::start(&scenario, seed).draw(&scenario, "records"))
        .collect();
    assert!(draws.iter().any(|d| *d > 1e18), "{draws:?}");
}
