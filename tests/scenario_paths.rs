//! The built-in scenarios played along named paths: golden transcripts, the expected items and
//! accountable people, determinism, undo, save and resume.

use zeren_core::engine::{Event, Session};
use zeren_core::run::Run;
use zeren_core::transcript;
use zeren_core::verdict::Lang;
use zeren_core::{Settings, builtin, report};

struct Path {
    name: &'static str,
    scenario: &'static str,
    seed: u64,
    choices: &'static str,
    fired: &'static [&'static str],
    accountable: &'static [(&'static str, &'static str)],
}

const PATHS: &[Path] = &[
    Path {
        name: "defacement-clean",
        scenario: "defacement",
        seed: 1,
        choices: "escalate,maintenance,report_now,comply,backup",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "defacement-waits-till-morning",
        scenario: "defacement",
        seed: 6,
        choices: "wait,maintenance,report_now,comply,backup",
        fired: &["art8.2.1"],
        accountable: &[
            ("li", "direct"),
            ("chen", "leadership"),
            ("li", "leadership"),
            ("zhou", "leadership"),
        ],
    },
    Path {
        // The annual inspection left the portal out (seed 1): the coordinating body's head
        // answers for inadequate coordination as well.
        name: "defacement-vendor-and-rebuild",
        scenario: "defacement",
        seed: 1,
        choices: "vendor,maintenance,report_now,comply,rebuild",
        fired: &["art8.2.1", "art8.2.2"],
        accountable: &[
            ("chen", "leadership"),
            ("li", "leadership"),
            ("zhou", "leadership"),
            ("wu", "coordination"),
        ],
    },
    Path {
        name: "defacement-team-delays-report",
        scenario: "defacement",
        seed: 6,
        choices: "escalate,maintenance,restore_first,comply,backup",
        fired: &["art8.2.1"],
        accountable: &[
            ("chen", "leadership"),
            ("li", "main_leadership"),
            ("zhou", "main_leadership"),
        ],
    },
    Path {
        name: "defacement-cover-story",
        scenario: "defacement",
        seed: 6,
        choices: "escalate,maintenance,cover_story,comply,backup",
        fired: &["art8.2.1", "art8.2.5"],
        accountable: &[
            ("chen", "leadership"),
            ("li", "main_leadership"),
            ("zhou", "main_leadership"),
            ("zhao", "important_leadership"),
        ],
    },
    Path {
        name: "defacement-refuses-police",
        scenario: "defacement",
        seed: 6,
        choices: "escalate,maintenance,report_now,refuse,backup",
        fired: &["art8.2.6"],
        accountable: &[
            ("li", "direct"),
            ("chen", "leadership"),
            ("li", "leadership"),
            ("zhou", "leadership"),
        ],
    },
    Path {
        // Containment started ten minutes after discovery and the report went out within the
        // deadline, so (一) does not fire although the attacker kept the rumour up for two more
        // hours: the model reads 「及时组织处置」 as the start of containment.
        name: "defacement-edit-attacker-returns",
        scenario: "defacement",
        seed: 5,
        choices: "escalate,edit,report_now,comply,backup",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "leak-clean",
        scenario: "data-leak",
        seed: 2,
        choices: "shut,initial,full,notify,provide,report_secret",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "leak-ip-block-only",
        scenario: "data-leak",
        seed: 2,
        choices: "block,initial,quick,no_notify,provide,report_secret",
        fired: &["art8.2.3", "art8.2.5"],
        accountable: &[
            ("wang", "direct"),
            ("xu", "leadership"),
            ("wang", "leadership"),
            ("gao", "leadership"),
        ],
    },
    Path {
        name: "leak-group-keeps-api-open",
        scenario: "data-leak",
        seed: 2,
        choices: "timeout,group_block,initial,full,notify,provide,report_secret",
        fired: &["art8.2.3", "art8.2.5"],
        accountable: &[
            ("xu", "leadership"),
            ("wang", "main_leadership"),
            ("gao", "main_leadership"),
            ("he", "important_leadership"),
        ],
    },
    Path {
        name: "leak-vendor-and-passive-cac",
        scenario: "data-leak",
        seed: 12,
        choices: "vendor,initial,full,notify,provide,report_secret",
        fired: &["art8.2.3"],
        accountable: &[
            ("wang", "direct"),
            ("xu", "leadership"),
            ("wang", "leadership"),
            ("gao", "leadership"),
            ("qian", "coordination"),
        ],
    },
    Path {
        name: "leak-classified-file-downloaded",
        scenario: "data-leak",
        seed: 1,
        choices: "shut,initial,full,notify,provide,report_secret",
        fired: &["art8.2.3"],
        accountable: &[("xu", "leadership"), ("wang", "leadership"), ("gao", "leadership")],
    },
    Path {
        name: "leak-understated",
        scenario: "data-leak",
        seed: 2,
        choices: "shut,initial,quick,understate,refuse,report_secret",
        fired: &["art8.2.5", "art8.2.6"],
        accountable: &[
            ("wang", "direct"),
            ("xu", "leadership"),
            ("wang", "leadership"),
            ("gao", "leadership"),
        ],
    },
    Path {
        name: "leak-ignored-and-hidden",
        scenario: "data-leak",
        seed: 2,
        choices: "vendor,wait_facts,quick,silent,timeout,delete",
        fired: &["art8.2.3", "art8.2.5"],
        accountable: &[
            ("wang", "direct"),
            ("xu", "leadership"),
            ("wang", "leadership"),
            ("gao", "leadership"),
        ],
    },
    Path {
        name: "cii-clean",
        scenario: "cii-water",
        seed: 1,
        choices: "isolate,report_both,bureau_acts,allow,restore,notice",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "cii-remote-and-bureau-waits",
        scenario: "cii-water",
        seed: 2,
        choices: "remote,report_both,bureau_waits,allow,restore,silence",
        fired: &["art8.2.4"],
        accountable: &[
            ("lin", "direct"),
            ("fang", "leadership"),
            ("lin", "leadership"),
            ("song", "leadership"),
            ("yang", "coordination"),
        ],
    },
    Path {
        name: "cii-committee-keeps-network-up",
        scenario: "cii-water",
        seed: 1,
        choices: "timeout,keep_running,report_both,bureau_acts,allow,restore,notice",
        fired: &["art8.2.4"],
        accountable: &[
            ("fang", "leadership"),
            ("lin", "main_leadership"),
            ("song", "main_leadership"),
            ("guo", "important_leadership"),
        ],
    },
    Path {
        name: "cii-maintenance-story-and-wiped-logs",
        scenario: "cii-water",
        seed: 1,
        choices: "isolate,maintenance,bureau_acts,wipe,restore,notice",
        fired: &["art8.2.5", "art8.2.6"],
        accountable: &[
            ("lin", "direct"),
            ("fang", "leadership"),
            ("lin", "leadership"),
            ("song", "leadership"),
        ],
    },
    Path {
        name: "rectification-clean",
        scenario: "rectification",
        seed: 1,
        choices: "fund,honest_offline,verify,act",
        fired: &[],
        accountable: &[],
    },
    Path {
        // A false 「已整改」 report, an assessment on paper and a perfunctory reply to the audit:
        // the risk is exploited, the leading Party group answers collectively.
        name: "rectification-false-report",
        scenario: "rectification",
        seed: 1,
        choices: "wait_budget,false_report,paper,reply,shut_report,propose_facts",
        fired: &["art8.2.5"],
        accountable: &[
            ("feng", "leadership"),
            ("sun", "main_leadership"),
            ("zhao", "main_leadership"),
            ("ma", "important_leadership"),
            ("liu", "coordination"),
        ],
    },
    Path {
        name: "keep-online-clean",
        scenario: "keep-online",
        seed: 1,
        choices: "tell_secretary,agree_measures,report_agreed,provide,secrecy_lead",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "keep-online-nothing-moved",
        scenario: "keep-online",
        seed: 1,
        choices: "tell_secretary,keep_as_is,report_agreed,provide,secrecy_lead",
        fired: &["art8.2.3"],
        accountable: &[
            ("zheng", "leadership"),
            ("zhou", "main_leadership"),
            ("chen", "main_leadership"),
        ],
    },
    Path {
        name: "regulator-year-clean",
        scenario: "regulator-year",
        seed: 1,
        choices: "risk_based,enforce,joint,honest",
        fired: &[],
        accountable: &[],
    },
    Path {
        name: "regulator-year-waits-for-the-report",
        scenario: "regulator-year",
        seed: 1,
        choices: "risk_based,enforce,wait_report,honest",
        fired: &["art8.2.4"],
        accountable: &[
            ("wei", "direct"),
            ("tian", "leadership"),
            ("wei", "leadership"),
            ("luo", "leadership"),
            ("huang", "coordination"),
        ],
    },
];

fn play<'s>(scenario: &'s zeren_core::Scenario, seed: u64, choices: &str) -> Session<&'s zeren_core::Scenario> {
    let mut session = Session::new(scenario, seed);
    for choice in choices.split(',') {
        let result = session.take(choice);
        if let Err(e) = result {
            panic!("{choices}: `{choice}`: {e}");
        }
    }
    session
}

fn kind_word(k: zeren_core::verdict::Kind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn golden_paths() {
    for p in PATHS {
        let Some(scenario) = builtin::scenario(p.scenario) else {
            panic!("{}", p.scenario)
        };
        let session = play(&scenario, p.seed, p.choices);
        let state = session.state();
        assert!(state.ended(), "{}: did not reach an ending", p.name);
        let live = state.live(&scenario, &Settings::default());
        assert_eq!(live.verdict.fired, p.fired, "{}: fired", p.name);
        let rows: Vec<(String, String)> = live
            .verdict
            .accountable
            .iter()
            .map(|r| (r.person.clone(), kind_word(r.kind)))
            .collect();
        let want: Vec<(String, String)> = p
            .accountable
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        assert_eq!(rows, want, "{}: accountable", p.name);
        let text = format!(
            "{}\n{}",
            transcript::render(&scenario, state, Lang::Zh),
            report::render(state.case_so_far(), &live.verdict, Lang::Zh)
        );
        insta::assert_snapshot!(p.name, text);
    }
}

#[test]
fn an_english_transcript_reads_in_english() {
    let Some(scenario) = builtin::scenario("defacement") else {
        panic!()
    };
    let session = play(&scenario, 6, "escalate,maintenance,restore_first,comply,backup");
    insta::assert_snapshot!(transcript::render(&scenario, session.state(), Lang::En));
}

#[test]
fn english_transcripts_and_verdicts_hold_no_chinese_outside_quotations() {
    for p in PATHS {
        let Some(scenario) = builtin::scenario(p.scenario) else {
            panic!()
        };
        let session = play(&scenario, p.seed, p.choices);
        let state = session.state();
        let live = state.live(&scenario, &Settings::default());
        let text = format!(
            "{}\n{}",
            transcript::render(&scenario, state, Lang::En),
            report::render(state.case_so_far(), &live.verdict, Lang::En)
        );
        assert_eq!(
            zeren_tests::chinese_outside_quotes(&text),
            Vec::<String>::new(),
            "{}",
            p.name
        );
    }
}

#[test]
fn the_collective_path_exempts_the_absent_member() {
    let Some(scenario) = builtin::scenario("defacement") else {
        panic!()
    };
    let session = play(&scenario, 1, "escalate,maintenance,cover_story,comply,backup");
    let live = session.state().live(&scenario, &Settings::default());
    let exempt: Vec<&str> = live.verdict.exempt.iter().map(|e| e.person.as_str()).collect();
    assert!(exempt.contains(&"sun"), "the absent member bears nothing: {exempt:?}");
}

#[test]
fn same_seed_and_choices_give_byte_identical_results() {
    for p in PATHS {
        let Some(scenario) = builtin::scenario(p.scenario) else {
            panic!()
        };
        let a = play(&scenario, p.seed, p.choices);
        let b = play(&scenario, p.seed, p.choices);
        let json = |s: &Session<&zeren_core::Scenario>| {
            serde_json::to_string(&(s.state(), s.state().live(&scenario, &Settings::default()))).unwrap_or_default()
        };
        assert_eq!(json(&a), json(&b), "{}", p.name);
    }
}

#[test]
fn a_session_saved_midway_and_resumed_ends_the_same() {
    for p in PATHS {
        let Some(scenario) = builtin::scenario(p.scenario) else {
            panic!()
        };
        let choices: Vec<&str> = p.choices.split(',').collect();
        let half = choices.len() / 2;
        let Some(mut first) = Run::builtin(p.scenario, p.seed, Settings::default()) else {
            panic!()
        };
        for c in &choices[..half] {
            assert!(first.take(c).is_ok(), "{}: {c}", p.name);
        }
        let mut resumed = match Run::from_file(&first.to_file(), None) {
            Ok(s) => s,
            Err(e) => panic!("{}: {e}", p.name),
        };
        for c in &choices[half..] {
            let result = resumed.take(c);
            assert!(result.is_ok(), "{}: {c}", p.name);
        }
        let straight = play(&scenario, p.seed, p.choices);
        assert_eq!(resumed.state(), straight.state(), "{}", p.name);
    }
}

#[test]
fn undo_returns_to_the_previous_state() {
    let Some(scenario) = builtin::scenario("cii-water") else {
        panic!()
    };
    let mut session = play(&scenario, 1, "isolate,report_both");
    let before = session.state().clone();
    assert!(session.choose("bureau_acts").is_ok());
    assert_ne!(session.state(), &before);
    assert!(session.undo());
    assert_eq!(session.state(), &before);
}

#[test]
fn a_damaged_save_is_reported_not_panicked_on() {
    assert!(Run::from_file("{not json", None).is_err());
    let unknown = r#"{"zeren_save":1,"scenario":"nowhere","seed":1,"events":[]}"#;
    assert!(Run::from_file(unknown, None).is_err());
    let bad_event = r#"{"zeren_save":1,"scenario":"defacement","seed":1,"events":[{"kind":"choose","decision":"verify","option":"nope"}]}"#;
    assert!(Run::from_file(bad_event, None).is_err());
}

#[test]
fn items_one_to_six_are_reachable_and_each_scenario_has_a_clean_path() {
    let mut reached: Vec<&str> = PATHS.iter().flat_map(|p| p.fired.iter().copied()).collect();
    reached.sort_unstable();
    reached.dedup();
    assert_eq!(
        reached,
        ["art8.2.1", "art8.2.2", "art8.2.3", "art8.2.4", "art8.2.5", "art8.2.6"]
    );
    for id in ["defacement", "data-leak", "cii-water"] {
        assert!(
            PATHS.iter().any(|p| p.scenario == id && p.fired.is_empty()),
            "{id} has no clean path"
        );
    }
}

#[test]
fn the_instructor_can_fire_item_seven_mid_play() {
    let Some(scenario) = builtin::scenario("defacement") else {
        panic!()
    };
    let mut session = play(&scenario, 1, "escalate");
    let fire = Event::Instructor {
        reason: "擅自关闭日志审计".into(),
    };
    assert!(session.apply(fire).is_ok());
    let live = session.state().live(&scenario, &Settings::default());
    assert_eq!(live.verdict.fired, ["art8.2.7"]);
}

#[test]
fn the_live_verdict_warns_before_a_deadline_passes() {
    let Some(scenario) = builtin::scenario("cii-water") else {
        panic!()
    };
    // Nothing fires at the alarm. Ten minutes after choosing to wait for the vendor, with the
    // water already failing, the panel warns that (四) fires within the hour if nothing is done.
    let session = Session::new(&scenario, 1);
    let live = session.state().live(&scenario, &Settings::default());
    assert!(live.verdict.fired.is_empty());
    let remote = play(&scenario, 1, "remote");
    let after = remote.state().live(&scenario, &Settings::default());
    assert!(after.verdict.fired.is_empty());
    assert!(after.at_risk.contains(&"art8.2.4"), "{:?}", after.at_risk);
}

#[test]
fn invalid_scenarios_snapshot() {
    insta::glob!("scenarios", "invalid/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let (scenario, diags) = zeren_core::parse_scenario(&source);
        assert!(scenario.is_none(), "{} should be rejected", path.display());
        let name = format!("invalid/{}", path.file_name().unwrap_or_default().to_string_lossy());
        insta::assert_snapshot!(zeren_core::diagnostic::render(&name, &source, &diags, Lang::En));
    });
}

#[test]
fn a_scenario_written_from_the_reference_reads_cleanly_and_plays() {
    insta::glob!("scenarios", "valid/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let (scenario, diags) = zeren_core::parse_scenario(&source);
        let name = path.display().to_string();
        assert!(
            diags.is_empty(),
            "{}",
            zeren_core::diagnostic::render(&name, &source, &diags, Lang::En)
        );
        let Some(scenario) = scenario else { panic!("{name}") };
        // Always the first offered option: every scenario must reach an ending that way.
        let mut session = Session::new(&scenario, 7);
        for _ in 0..50 {
            let Some(first) = session.state().options(&scenario).first().map(|c| c.id.clone()) else {
                break;
            };
            assert!(session.choose(&first).is_ok());
        }
        assert!(session.state().ended(), "{name} did not end");
    });
}

#[test]
fn the_analysis_of_each_builtin_is_snapshotted() {
    use zeren_core::analysis::{Limits, analyse};
    for s in builtin::all() {
        let a = analyse(&s, &Settings::default(), &Limits::default());
        assert!(a.exhaustive, "{}", s.id);
        // Probabilities are rounded for the snapshot: the walk is exact, the printing need not be.
        let mut json = serde_json::to_value(&a).unwrap_or_default();
        round(&mut json);
        insta::assert_snapshot!(
            format!("analysis-{}", s.id),
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
}

fn round(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            *v = serde_json::json!((x * 10_000.0).round() / 10_000.0);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(round),
        serde_json::Value::Object(o) => o.values_mut().for_each(round),
        _ => {}
    }
}

#[test]
fn the_analysis_finds_every_flaw_of_the_crafted_scenario() {
    use zeren_core::analysis::{Limits, analyse};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/analysis/flawed.toml");
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let Some(s) = zeren_core::parse_scenario(&source).0 else {
        panic!("flawed.toml should read")
    };
    let a = analyse(&s, &Settings::default(), &Limits::default());
    assert_eq!(a.unreached_decisions, ["island"]);
    assert_eq!(a.dead_ends, [vec!["ponder".to_owned()]]);
    assert_eq!(a.idle_options, [("first".to_owned(), "ponder".to_owned())]);
    assert!(
        !a.items[2].reachable && !a.items[3].reachable,
        "(三) and (四) cannot be reached"
    );
    assert!(a.clean_path_exists);
}

#[test]
fn too_many_paths_fall_back_to_a_stated_sample() {
    use zeren_core::analysis::{Limits, analyse};
    let Some(s) = builtin::scenario("data-leak") else {
        panic!()
    };
    let a = analyse(
        &s,
        &Settings::default(),
        &Limits {
            max_paths: 100,
            samples: 300,
            ..Limits::default()
        },
    );
    assert!(!a.exhaustive);
    assert_eq!(a.sample_size, Some(300));
    assert!(a.reachable_items.iter().any(|i| i == "art8.2.3"));
}

#[test]
fn counterfactuals_of_the_golden_runs() {
    use zeren_core::counterfactual::counterfactuals;
    let mut report = String::new();
    for p in PATHS.iter().filter(|p| !p.fired.is_empty()) {
        let Some(scenario) = builtin::scenario(p.scenario) else {
            panic!()
        };
        let session = play(&scenario, p.seed, p.choices);
        let cfs = counterfactuals(&scenario, p.seed, session.events(), &Settings::default());
        assert_eq!(cfs.len(), p.fired.len(), "{}", p.name);
        report.push_str(&format!("{}:\n", p.name));
        for cf in cfs {
            assert!(!cf.fired_instead.contains(&cf.item));
            if cf.changes.is_empty() {
                report.push_str(&format!("  {}: no change found ({:?})\n", cf.item, cf.search));
                continue;
            }
            let changes: Vec<String> = cf
                .changes
                .iter()
                .map(|c| format!("{}: {} → {}", c.decision, c.chosen, c.instead))
                .collect();
            report.push_str(&format!(
                "  {} avoided by {} (then fires {:?})\n",
                cf.item,
                changes.join(" + "),
                cf.fired_instead
            ));
        }
    }
    insta::assert_snapshot!(report);
}

/// Every `[[test]]` of every built-in, as data: saved halfway to a run file and resumed, it ends
/// where the straight run ends; its run link replays to the same state. A new built-in is
/// covered by its own tests, with no edit here.
#[test]
fn every_builtin_test_resumes_and_replays_to_the_same_state() {
    for (id, _, _) in builtin::SOURCES {
        let Some(scenario) = builtin::scenario(id) else {
            panic!("{id}")
        };
        assert!(!scenario.tests.is_empty(), "{id} has no [[test]]");
        for t in &scenario.tests {
            let run = |steps: &[String]| {
                let Some(mut run) = Run::builtin(id, t.seed, Settings::default()) else {
                    panic!("{id}")
                };
                for step in steps {
                    assert!(run.take(step).is_ok(), "{id}: {}: {step}", t.name);
                }
                run
            };
            let straight = run(&t.choose);
            let half = run(&t.choose[..t.choose.len() / 2]);
            let Ok(mut resumed) = Run::from_file(&half.to_file(), None) else {
                panic!("{id}: {}", t.name)
            };
            for step in &t.choose[t.choose.len() / 2..] {
                assert!(resumed.take(step).is_ok(), "{id}: {}: {step}", t.name);
            }
            assert_eq!(resumed.state(), straight.state(), "{id}: {}", t.name);
            let linked = Run::from_link(&straight.link(), None).map(|r| r.state().clone());
            assert_eq!(linked.as_ref().ok(), Some(straight.state()), "{id}: {}", t.name);
        }
    }
}
