//! Hostile input: files, saves and run links built to make Zeren panic, hang or exhaust memory
//! (issue 9). Each test stands for one class of attack and must finish quickly with a clear
//! diagnostic or error.

// These tests time the core on hostile input; the core itself never reads a clock.
#![allow(clippy::disallowed_methods)]

use zeren_core::Lang;
use zeren_core::diagnostic::{Diagnostic, render};
use zeren_core::scenario::{Scenario, code as scode, parse_scenario};
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
    assert!(render("x.toml", &src, &diags, Lang::En).contains("x.toml:"));
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

// Class 1: quadratic diagnostics.

/// A line of 20 KB of junk that the TOML parser trips over at almost every byte.
fn junk_line() -> String {
    "=[}\"'".repeat(4_000)
}

#[test]
fn a_long_junk_line_gives_one_short_diagnostic() {
    let src = phishing_with("clock_start = \"14:00\"", &junk_line());
    let started = std::time::Instant::now();
    let (scenario, diags) = read(&src);
    assert!(scenario.is_none());
    // One on the junk line, one for the array it leaves open at the end of the file.
    assert!(diags.len() <= 2, "{diags:?}");
    let text = render("junk.toml", &src, &diags, Lang::En);
    assert!(text.len() < 2_000, "{} bytes", text.len());
    assert!(text.contains('…'));
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn a_cut_line_keeps_its_real_column() {
    let long = format!("title = \"{}\" = 1", "x".repeat(3_000));
    let src = phishing_with("title = \"钓鱼邮件\"", &long);
    let (_, diags) = read(&src);
    let d = &diags[0];
    let (line, col) = zeren_core::diagnostic::line_col(&src, d.span.start);
    let text = render("long.toml", &src, std::slice::from_ref(d), Lang::Zh);
    assert!(text.contains(&format!("long.toml:{line}:{col}")), "{text}");
}

#[test]
fn many_bad_lines_give_fifty_diagnostics_and_a_count() {
    let src = "=\n".repeat(500);
    let (_, diags) = read(&src);
    assert_eq!(diags.len(), zeren_core::limits::MAX_DIAGNOSTICS + 1);
    let last = &diags[diags.len() - 1];
    assert_eq!(last.code, tcode::MORE);
    assert!(last.message.en.starts_with("450 more"), "{}", last.message.en);
    assert!(last.message.zh.contains("450"), "{}", last.message.zh);
    let unknown_keys: String = (0..300).map(|i| format!("junk{i} = 1\n")).collect();
    let (_, diags) = read(&phishing_with("format = 1\n", &format!("format = 1\n{unknown_keys}")));
    assert_eq!(diags.len(), zeren_core::limits::MAX_DIAGNOSTICS + 1);
}

#[test]
fn an_oversized_file_is_refused_unread() {
    let src = format!("# {}\n", "x".repeat(zeren_core::limits::MAX_FILE_BYTES));
    let (scenario, diags) = read(&src);
    assert!(scenario.is_none());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, tcode::TOO_LARGE);
    let (case, diags) = zeren_core::parse_case(&src);
    assert!(case.is_none() && diags[0].code == tcode::TOO_LARGE);
}

// Class 6: quadratic helpers.

#[test]
fn did_you_mean_on_huge_ids_is_instant() {
    let a = "a".repeat(30_000);
    let b = format!("{}b", "a".repeat(29_999));
    let started = std::time::Instant::now();
    assert_eq!(
        zeren_core::toml_reader::did_you_mean(&a, [b.as_str()].into_iter()),
        None
    );
    let src = phishing_with(
        "id = \"first\"",
        &format!("id = \"{a}\"\n[[decision.option]]\nid = \"x\"\nlabel = \"x\"\nnext = \"{b}\""),
    );
    let (_, diags) = read(&src);
    assert!(!diags.is_empty());
    assert!(started.elapsed().as_secs() < 1, "{:?}", started.elapsed());
}

#[test]
fn twenty_thousand_injects_play_quickly() {
    let Some(mut scenario) = read(&phishing_with("", "")).0 else {
        panic!()
    };
    let model = scenario.injects[0].clone();
    scenario.injects = (0..20_000_u64)
        .map(|i| zeren_core::scenario::Inject {
            id: format!("i{i}"),
            at: Some(i % 700),
            ..model.clone()
        })
        .collect();
    let started = std::time::Instant::now();
    let mut session = zeren_core::engine::Session::new(&scenario, 1);
    assert!(session.choose("ignore").is_ok());
    assert!(session.choose("investigate").is_ok());
    assert_eq!(session.state().shown.len(), 20_000);
    assert!(started.elapsed().as_secs() < 3, "{:?}", started.elapsed());
}

// Classes 2 and 3: analysis that never ends, forks inside one step.

#[test]
fn a_loop_is_a_warning_when_read() {
    let (scenario, diags) = read(&zeren_tests::endless_scenario());
    assert!(scenario.is_some(), "{diags:?}");
    let d = diags.iter().find(|d| d.code == scode::LOOP);
    let Some(d) = d else { panic!("{diags:?}") };
    assert!(d.message.en.contains("first → count → first"), "{}", d.message.en);
    assert!(d.message.zh.contains("`first` → `count` → `first`"), "{}", d.message.zh);
}

#[test]
fn the_analysis_of_an_endless_scenario_ends() {
    use zeren_core::analysis::{Fallback, Limits, analyse};
    let Some(s) = read(&zeren_tests::endless_scenario()).0 else {
        panic!()
    };
    let limits = Limits {
        max_states: 5_000,
        samples: 50,
        ..Limits::default()
    };
    let a = analyse(&s, &zeren_core::Settings::default(), &limits);
    assert!(!a.exhaustive);
    assert_eq!(a.fallback, Some(Fallback::States));
    assert!(!a.loops.is_empty(), "{a:?}");
    assert_eq!(a.loops[0].len(), zeren_core::limits::MAX_PATH_DEPTH);
}

#[test]
fn a_loop_with_one_way_round_is_cut_not_walked_forever() {
    use zeren_core::analysis::{Limits, analyse};
    // Only `unplug` and `guess` are offered: a single path that loops.
    let src = zeren_tests::endless_scenario()
        .replacen("id = \"ignore\"", "id = \"ignore\"\nwhen = \"clock < 0\"", 1)
        .replacen("id = \"investigate\"", "id = \"investigate\"\nwhen = \"clock < 0\"", 1);
    let Some(s) = read(&src).0 else { panic!() };
    let a = analyse(&s, &zeren_core::Settings::default(), &Limits::default());
    assert!(a.exhaustive);
    // One path, forked three ways when `guess` first reads the number event.
    assert_eq!(a.paths, 3);
    assert_eq!(a.loops.len(), 3);
}

#[test]
fn twelve_number_events_read_in_one_step_fall_back_to_sampling() {
    use zeren_core::analysis::{Fallback, Limits, analyse};
    let randoms: String = (0..12)
        .map(|i| format!("[[random]]\nid = \"n{i}\"\nmin = 0\nmax = 10\nlabel = \"n\"\nlabel_en = \"n\"\n\n"))
        .collect();
    let when: Vec<String> = (0..12).map(|i| format!("random.n{i} > 100")).collect();
    let src = phishing_with("[[inject]]", &format!("{randoms}[[inject]]")).replacen(
        "id = \"guess\"",
        &format!("id = \"guess\"\nwhen = \"{}\"", when.join(" or ")),
        1,
    );
    let (s, diags) = read(&src);
    let Some(s) = s else { panic!("{diags:?}") };
    let limits = Limits {
        samples: 50,
        ..Limits::default()
    };
    let a = analyse(&s, &zeren_core::Settings::default(), &limits);
    assert_eq!(a.fallback, Some(Fallback::Forks));
    assert_eq!(a.sample_size, Some(50));
}

// Class 4: memory.

fn phishing_file() -> zeren_core::run::ScenarioFile {
    zeren_core::run::ScenarioFile {
        name: "phishing-minimal.toml".into(),
        text: phishing_with("", ""),
    }
}

fn phishing() -> Scenario {
    match read(&phishing_with("", "")).0 {
        Some(s) => s,
        None => panic!("the corpus scenario reads"),
    }
}

#[test]
fn a_run_holds_a_bounded_number_of_events() {
    use zeren_core::engine::{EngineError, Event, Session};
    use zeren_core::limits::MAX_EVENTS;
    let s = phishing();
    let mut session = Session::new(&s, 1);
    let step = Event::Instructor { reason: "x".into() };
    for _ in 0..MAX_EVENTS {
        assert!(session.apply(step.clone()).is_ok());
    }
    assert_eq!(session.apply(step.clone()), Err(EngineError::TooManyEvents));
    assert!(EngineError::TooManyEvents.to_string().contains("E0001"));
    // Undo still works on a full run, and replays to the same state.
    let before = session.state().clone();
    assert!(session.undo());
    assert!(session.apply(step).is_ok());
    assert_eq!(session.state(), &before);
}

#[test]
fn a_long_reason_is_refused() {
    use zeren_core::engine::{EngineError, Event, Session};
    let s = phishing();
    let mut session = Session::new(&s, 1);
    let long = Event::Instructor {
        reason: "理".repeat(zeren_core::limits::MAX_REASON_CHARS + 1),
    };
    assert_eq!(session.apply(long), Err(EngineError::ReasonTooLong));
    assert!(session.events().is_empty());
}

#[test]
fn an_over_long_run_link_is_refused_unread() {
    use std::sync::Arc;
    use zeren_core::engine::EngineError;
    use zeren_core::run::{Run, RunError, Source};
    let s = phishing();
    let reason = zeren_core::engine::Event::Instructor {
        reason: "x".repeat(100),
    };
    let started = std::time::Instant::now();
    let source = Source::File(phishing_file());
    let mut long = Run::new(Arc::new(s.clone()), source, 1, zeren_core::Settings::default());
    for _ in 0..200 {
        assert!(long.apply(reason.clone()).is_ok());
    }
    let link = long.link();
    assert!(link.len() > zeren_core::limits::MAX_LINK_BYTES);
    let Err(RunError::TooLarge(why)) = Run::from_link(&link, None) else {
        panic!("an over-long link must be refused")
    };
    assert!(why.en.contains("E0003"), "{}", why.en);
    // A link of repeated instructor steps within the limit replays quickly, in little memory.
    let many = format!("#run={}&steps={}", s.id, "!21.".repeat(3_000));
    assert!(many.len() < zeren_core::limits::MAX_LINK_BYTES);
    let result = Run::from_link(&many, Some(&phishing_file())).map(|_| ());
    assert_eq!(result, Err(RunError::Replay(500, EngineError::TooManyEvents)));
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn an_over_large_run_file_is_refused_with_a_clear_message() {
    use zeren_core::engine::Event;
    use zeren_core::run::{Run, RunError};
    let events = serde_json::to_string(&vec![Event::Instructor { reason: "x".into() }; 4_000]).unwrap_or_default();
    let text = format!(r#"{{"zeren_run":2,"scenario":"defacement","seed":1,"events":{events}}}"#);
    let Err(RunError::TooLarge(why)) = Run::from_file(&text, None).map(|_| ()) else {
        panic!("a run of 4,000 events must be refused")
    };
    assert!(why.en.contains("E0001") && why.en.contains("4000 events"), "{}", why.en);
    assert!(why.zh.contains("E0001") && why.zh.contains("4000 步"), "{}", why.zh);
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(zeren_core::limits::MAX_SAVE_BYTES));
    let Err(e) = Run::from_file(&huge, None).map(|_| ()) else {
        panic!()
    };
    assert!(e.to_string().contains("E0003"), "{e}");
}

#[test]
fn counterfactuals_of_a_long_looping_run_finish() {
    use zeren_core::counterfactual::counterfactuals;
    use zeren_core::engine::Session;
    let Some(s) = read(&zeren_tests::endless_scenario()).0 else {
        panic!()
    };
    let mut session = Session::new(&s, 1);
    for n in 0..400 {
        let option = ["ignore", "guess", "unplug", "investigate"][n % 4];
        assert!(session.choose(option).is_ok(), "{n}");
    }
    let started = std::time::Instant::now();
    let cfs = counterfactuals(&s, 1, session.events(), &zeren_core::Settings::default());
    assert!(cfs.len() <= 7);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

// Class 7: minor.

#[test]
fn condition_problems_are_underlined_in_escaped_and_multi_line_strings() {
    let bad = "chose.first.unplg";
    let whens = [
        format!("when = \"\\u0063lock >= 0 and \\t{bad}\""),
        format!("when = \"\"\"\nclock >= 0 and \\\n    {bad}\"\"\""),
        format!("when = '''\nclock >= 0 and {bad}'''"),
        format!("when = 'clock >= 0 and {bad}'"),
        format!("when = \"clock >= 0 and {bad}\""),
    ];
    for when in whens {
        let src = phishing_with("when = \"chose.first.ignore\"", &when);
        let (_, diags) = read(&src);
        let d = diags.iter().find(|d| d.code == scode::CONDITION);
        let Some(d) = d else { panic!("{when}: {diags:?}") };
        assert_eq!(&src[d.span.clone()], bad, "{when}");
    }
}

#[test]
fn a_number_event_that_draws_one_is_shown_as_a_number_in_analysis_paths() {
    use zeren_core::analysis::{Limits, analyse};
    let src = phishing_with("min = 500\nmax = 2000000", "min = 0\nmax = 1");
    let Some(s) = read(&src).0 else { panic!() };
    let a = analyse(&s, &zeren_core::Settings::default(), &Limits::default());
    let steps: Vec<&String> = a
        .items
        .iter()
        .chain(&a.endings)
        .filter_map(|r| r.shortest.as_ref())
        .flatten()
        .collect();
    assert!(steps.iter().any(|s| s.contains("[records=")), "{steps:?}");
    assert!(
        !steps
            .iter()
            .any(|s| s.contains("records=yes") || s.contains("records=no")),
        "{steps:?}"
    );
}
