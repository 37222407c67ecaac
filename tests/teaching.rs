//! The teaching content of the built-in exercises (format 2), checked as a course designer
//! would: every ending says something on every way of reaching it, no lesson is written for a
//! run that cannot happen, every decision has its questions, and the session fits its slot.

use std::collections::{BTreeMap, BTreeSet};

use zeren_core::engine::At;
use zeren_core::judge::judge_plain;
use zeren_core::simulate::playthrough;
use zeren_core::{Settings, Severity, builtin, parse_scenario};

/// A small deterministic generator for the choices (the engine draws its own random events
/// from the seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap_or(0)
    }
}

/// Every (ending, items fired) a few thousand random playthroughs reach.
fn outcomes(scenario: &zeren_core::Scenario, runs: u64) -> BTreeSet<(String, Vec<&'static str>)> {
    let mut rng = Lcg(7);
    let mut out = BTreeSet::new();
    for seed in 0..runs {
        let state = playthrough(scenario, seed, &mut |n| rng.below(n));
        if let At::Ending(ending) = &state.at {
            let fired = judge_plain(state.case_so_far(), &Settings::default()).fired;
            out.insert((ending.clone(), fired));
        }
    }
    out
}

#[test]
fn every_ending_teaches_on_every_path_and_every_lesson_can_show() {
    for scenario in builtin::all() {
        let reached = outcomes(&scenario, 3000);
        let mut shown: BTreeMap<(String, &str, usize), bool> = BTreeMap::new();
        for e in &scenario.endings {
            for (kind, lessons) in [("right", &e.right), ("wrong", &e.wrong)] {
                for i in 0..lessons.len() {
                    shown.insert((e.id.clone(), kind, i), false);
                }
            }
        }
        for (ending, fired) in &reached {
            let e = scenario.ending(ending).unwrap_or_else(|| panic!("{ending}"));
            let (right, wrong) = e.lessons(fired);
            assert!(
                !right.is_empty() || !wrong.is_empty(),
                "{}: ending {ending} with {fired:?} shows no lesson",
                scenario.id
            );
            for (kind, lessons) in [("right", &e.right), ("wrong", &e.wrong)] {
                for (i, l) in lessons.iter().enumerate() {
                    if l.applies(fired) {
                        shown.insert((ending.clone(), kind, i), true);
                    }
                }
            }
        }
        let never: Vec<_> = shown.iter().filter(|(_, s)| !**s).map(|(k, _)| k).collect();
        assert!(never.is_empty(), "{}: lessons no run shows: {never:?}", scenario.id);
    }
}

#[test]
fn every_builtin_carries_a_whole_lesson_plan_without_warnings() {
    for (id, _, source) in builtin::SOURCES {
        let (s, diags) = parse_scenario(source);
        let warnings: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Warning).collect();
        assert!(warnings.is_empty(), "{id}: {warnings:?}");
        let s = s.unwrap_or_else(|| panic!("{id} reads"));
        assert_eq!(s.format, 2, "{id}");
        assert!((3..=6).contains(&s.objectives.len()), "{id}: objectives");
        assert!(s.objectives.iter().all(|o| !o.clauses.is_empty()));
        let guide = s.guide.as_ref().unwrap_or_else(|| panic!("{id}: guide"));
        assert!(
            (60..=90).contains(&guide.minutes()),
            "{id}: {} minutes",
            guide.minutes()
        );
        assert!((4..=6).contains(&s.role_cards.len()), "{id}: role cards");
        for d in &s.decisions {
            let f = &d.facilitation;
            assert!(
                f.notes.is_some() && (2..=4).contains(&f.questions.len()),
                "{id}: {}",
                d.id
            );
        }
        for i in &s.injects {
            assert!(i.facilitation.notes.is_some(), "{id}: inject {}", i.id);
        }
        // Every item the exercise's tests fire is taught by some objective.
        let taught: BTreeSet<&str> = s
            .objectives
            .iter()
            .flat_map(|o| o.clauses.iter().map(String::as_str))
            .collect();
        for t in &s.tests {
            for item in &t.fires {
                assert!(
                    taught.contains(item.as_str()),
                    "{id}: {item} fires but no objective teaches it"
                );
            }
        }
    }
}
