//! The entry functions of the fuzz targets (`fuzz/`), shared with `cargo test`, which replays
//! every input kept under `tests/fuzz-regressions/<target>/` through them. Each function takes
//! any bytes and panics only when Zeren breaks a promise: a panic inside the core, a round trip
//! (undo, save and resume, run link) that does not give the same state, or a limit not kept.

use std::sync::Arc;
use zeren_core::analysis::{Limits, analyse};
use zeren_core::counterfactual::counterfactuals;

use zeren_core::engine::{At, Event, Session};
use zeren_core::limits::{MAX_DIAGNOSTICS, MAX_EVENTS, MAX_LINK_BYTES};
use zeren_core::run::{Run, ScenarioFile, Source};
use zeren_core::{Lang, Settings, builtin, diagnostic, judge, parse_case, parse_scenario, report};

/// An entry function: any bytes in, a panic only on a broken promise.
pub type Target = fn(&[u8]);

/// The targets, by name: the folders of the seed and regression corpora.
pub const TARGETS: [(&str, Target); 4] = [
    ("case", case),
    ("scenario", scenario),
    ("save", save),
    ("analysis", analysis),
];

/// Splits an input into text and steering bytes at its last NUL (text only when there is none).
fn split(data: &[u8]) -> (&str, &[u8]) {
    let (text, steer) = match data.iter().rposition(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    (std::str::from_utf8(text).unwrap_or_default(), steer)
}

/// Diagnostics of any text are bounded and render.
fn check_diagnostics(text: &str, diags: &[zeren_core::Diagnostic]) {
    assert!(diags.len() <= MAX_DIAGNOSTICS + 1, "{} diagnostics", diags.len());
    for lang in [zeren_core::Lang::Zh, zeren_core::Lang::En] {
        let rendered = diagnostic::render("fuzz.toml", text, diags, lang);
        assert!(diags.is_empty() || !rendered.is_empty());
    }
}

/// Case text → read → judge → report, in both languages.
pub fn case(data: &[u8]) {
    let (text, _) = split(data);
    let (case, diags) = parse_case(text);
    check_diagnostics(text, &diags);
    let _ = zeren_core::scenario::is_scenario(text);
    if let Some(case) = case {
        let verdict = judge(&case, &Settings::default());
        for lang in [Lang::Zh, Lang::En] {
            let _ = report::render(&case, &verdict, lang);
        }
    }
}

/// Scenario text → read/check → the author's tests → a random play steered by the bytes after
/// the text, with undo, save/resume and run-link round trips asserting equality.
pub fn scenario(data: &[u8]) {
    let (text, steer) = split(data);
    let (s, diags) = parse_scenario(text);
    check_diagnostics(text, &diags);
    let Some(s) = s else { return };
    let _ = zeren_core::testing::run_tests(&s, &Settings::default());
    let file = ScenarioFile {
        name: "fuzz.toml".into(),
        text: text.to_owned(),
    };
    let seed = steer.first().map_or(1, |b| u64::from(*b));
    play(
        Run::new(Arc::new(s), Source::File(file), seed, Settings::default()),
        steer,
    );
}

/// A random play of a fresh run steered by `steer` (its first byte was the seed), checking every
/// round trip on the way.
pub fn play(fresh: Run, steer: &[u8]) {
    let s = fresh.shared().clone();
    let s = &*s;
    let mut session = fresh;
    for (n, b) in steer.iter().skip(1).enumerate().take(64) {
        let before = session.state().clone();
        let applied = match b % 8 {
            7 => {
                session.undo();
                continue;
            }
            6 => session.apply(Event::Instructor {
                reason: format!("理由 {n}. !~"),
            }),
            5 => session.time_out(),
            _ => {
                let options: Vec<String> = session.state().options(s).iter().map(|c| c.id.clone()).collect();
                match options.get(usize::from(*b) % options.len().max(1)) {
                    Some(o) => session.choose(o),
                    None => session.time_out(),
                }
            }
        };
        if applied.is_err() {
            assert_eq!(session.state(), &before, "a refused event changed the state");
            continue;
        }
        if b % 3 == 0 {
            // Undo gives back the state before, and the event again the state after.
            let after = session.state().clone();
            let event = session.events().last().cloned();
            assert!(session.undo());
            assert_eq!(session.state(), &before, "undo");
            if let Some(e) = event {
                assert!(session.apply(e).is_ok());
            }
            assert_eq!(session.state(), &after, "redo");
        }
    }
    assert!(session.events().len() <= MAX_EVENTS);
    // The run file.
    match Run::from_file(&session.to_file(), None) {
        Ok(back) => assert_eq!(back.state(), session.state(), "run file"),
        Err(e) => panic!("the run file of this run does not resume: {e}"),
    }
    // The run link, with the scenario file given when it is not built in.
    let link = session.link();
    if link.len() <= MAX_LINK_BYTES {
        let given = match &session.source {
            Source::File(f) => Some(f),
            Source::Builtin(_) => None,
        };
        match Run::from_link(&link, given) {
            Ok(back) => assert_eq!(back.state(), session.state(), "run link"),
            Err(e) => panic!("the run link does not replay: {e}"),
        }
    }
    let live = session.state().live(s, &Settings::default());
    let _ = zeren_core::debrief::traces(s, session.state(), &live.verdict);
    for lang in [Lang::Zh, Lang::En] {
        let _ = zeren_core::transcript::render(s, session.state(), lang);
    }
    if let At::Ending(_) = session.state().at {
        let verdict = judge(session.state().case_so_far(), &Settings::default());
        let _ = report::render(session.state().case_so_far(), &verdict, Lang::En);
    }
}

/// Mutated saves and run links → resume, against a built-in scenario chosen by the first byte.
pub fn save(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    // Read once (the core shares them): parsing the built-ins at every input would cost more
    // than the target itself.
    let scenarios = builtin::all();
    let Some(s) = scenarios.get(usize::from(*first) % scenarios.len().max(1)) else {
        return;
    };
    let text = std::str::from_utf8(rest).unwrap_or_default();
    let seed = u64::from(*first);
    if first % 2 == 0 {
        if let Ok(run) = Run::from_file(text, None) {
            assert!(run.events().len() <= MAX_EVENTS);
            let fresh = Run::new(s.clone(), Source::Builtin(s.id.clone()), seed, Settings::default());
            play(fresh, &[*first]);
        }
        return;
    }
    // A whole link, or only its steps on the chosen built-in.
    let link = match text.starts_with('#') {
        true => text.to_owned(),
        false => format!("#run={}&seed={seed}&steps={text}", s.id),
    };
    if let Ok(run) = Run::from_link(&link, None) {
        assert!(run.events().len() <= MAX_EVENTS);
        let back = Run::from_link(&run.link(), None);
        assert_eq!(
            back.ok().map(|b| b.state().clone()).as_ref(),
            Some(run.state()),
            "run link"
        );
    }
}

/// Small scenarios → analysis and counterfactuals with a budget.
pub fn analysis(data: &[u8]) {
    let (text, steer) = split(data);
    if text.len() > 16 * 1024 {
        return;
    }
    let Some(s) = parse_scenario(text).0 else { return };
    let limits = Limits {
        max_paths: 2_000,
        samples: 40,
        max_states: 2_000,
    };
    let a = analyse(&s, &Settings::default(), &limits);
    assert!(a.exhaustive || a.sample_size == Some(40));
    let total: f64 = a.endings.iter().map(|e| e.probability).sum();
    assert!(total <= 1.0 + 1e-6, "ending probabilities sum to {total}");
    // Counterfactuals of a short run steered by the bytes.
    let seed = steer.first().map_or(1, |b| u64::from(*b));
    let mut session = Session::new(&s, seed);
    for b in steer.iter().skip(1).take(12) {
        let options: Vec<String> = session.state().options(&s).iter().map(|c| c.id.clone()).collect();
        let result = match options.get(usize::from(*b) % options.len().max(1)) {
            Some(o) => session.choose(o),
            None => session.time_out(),
        };
        if result.is_err() {
            break;
        }
    }
    for cf in counterfactuals(&s, seed, session.events(), &Settings::default()) {
        assert!(!cf.fired_instead.contains(&cf.item));
    }
}
