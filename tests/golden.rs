//! The golden corpus: every case file is judged and its verdict snapshotted (JSON and the Chinese
//! text the CLI prints); every invalid file's diagnostics are snapshotted as the CLI renders them.
//! The worked examples E1–E10 of docs/rules-model.md §11 are also asserted explicitly.

use zeren_core::diagnostic::{Severity, render};
use zeren_core::verdict::{Authority, Cause, Kind, Reason};
use zeren_core::{Lang, Settings, judge, parse_case, report};
use zeren_tests::{chinese_outside_quotes, english_outside_code, load, rows, verdict};

#[test]
fn valid_cases_snapshot() {
    insta::glob!("cases", "{worked,edge}/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let (case, diags) = parse_case(&source);
        assert!(
            diags.iter().all(|d| d.severity == Severity::Warning),
            "{}",
            path.display()
        );
        let Some(case) = case else {
            panic!("{} is invalid", path.display());
        };
        let v = judge(&case, &Settings::default());
        insta::assert_snapshot!("text", report::render(&case, &v, Lang::Zh));
        insta::assert_snapshot!("json", serde_json::to_string_pretty(&v).unwrap_or_default());
    });
}

#[test]
fn invalid_cases_snapshot() {
    insta::glob!("cases", "invalid/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let (case, diags) = parse_case(&source);
        assert!(case.is_none(), "{} should be rejected", path.display());
        let name = format!("invalid/{}", path.file_name().unwrap_or_default().to_string_lossy());
        insta::assert_snapshot!(render(&name, &source, &diags, Lang::En));
    });
}

#[test]
fn a_case_with_many_problems_reads_in_chinese() {
    let name = "invalid/many-problems.toml";
    let source = std::fs::read_to_string(zeren_tests::corpus().join(name)).unwrap_or_default();
    let (_, diags) = parse_case(&source);
    insta::assert_snapshot!(render(name, &source, &diags, Lang::Zh));
}

/// Every invalid case and scenario file under tests/, rendered in Chinese.
fn invalid_files_in_chinese() -> Vec<(String, String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["cases/invalid", "scenarios/invalid"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            panic!("{dir}")
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            let diags = if dir.starts_with("scenarios") {
                zeren_core::parse_scenario(&source).1
            } else {
                parse_case(&source).1
            };
            assert!(!diags.is_empty(), "{}", path.display());
            let name = path.display().to_string();
            out.push((
                name.clone(),
                render(&name, &source, &diags, Lang::Zh),
                render(&name, &source, &diags, Lang::En),
            ));
        }
    }
    out
}

#[test]
fn diagnostics_in_chinese_have_no_english_words() {
    let files = invalid_files_in_chinese();
    assert!(files.len() >= 8, "{}", files.len());
    for (name, zh, en) in &files {
        assert_eq!(english_outside_code(zh), Vec::<String>::new(), "{name}");
        // The check sees English: the same file rendered in English fails it.
        assert!(!english_outside_code(en).is_empty(), "{name}: the check misses English");
    }
}

fn expect(file: &str, fired: &[&str], accountable: &[(&str, &str)]) {
    let v = verdict(file);
    assert_eq!(v.fired, fired, "{file}: fired");
    let want: Vec<(String, String)> = accountable
        .iter()
        .map(|(p, k)| ((*p).to_owned(), (*k).to_owned()))
        .collect();
    assert_eq!(rows(&v), want, "{file}: accountable");
}

const CHAIN: [(&str, &str); 3] = [("chen", "leadership"), ("li", "leadership"), ("zhang", "leadership")];

fn party_and_chain(party: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![(party, "direct")];
    v.extend(CHAIN);
    v
}

#[test]
fn worked_examples_hold() {
    expect(
        "worked/e1-county-portal-defaced.toml",
        &["art8.2.1"],
        &party_and_chain("liu"),
    );
    expect("worked/e2-prefecture-portal-small-spread.toml", &[], &[]);
    expect("worked/e3-prefecture-portal-timely.toml", &[], &[]);
    expect(
        "worked/e4-prefecture-portal-ddos-6h.toml",
        &["art8.2.2"],
        &party_and_chain("liu"),
    );
    expect("worked/e5-province-news-9h-timely.toml", &[], &[]);
    expect("worked/e6-district-small-leak.toml", &[], &[]);
    expect(
        "worked/e7-province-2m-records-timely.toml",
        &["art8.2.3"],
        &party_and_chain("liu"),
    );
    expect(
        "worked/e8-city-80k-medical.toml",
        &["art8.2.3"],
        &party_and_chain("liu"),
    );
    expect(
        "worked/e9-cii-power-dispatch.toml",
        &["art8.2.4"],
        &party_and_chain("liu"),
    );
    expect(
        "worked/e10-main-leader-orders-concealment.toml",
        &["art8.2.5"],
        &party_and_chain("zhang"),
    );
}

#[test]
fn e7_carries_the_timely_report_mitigation_and_e10_does_not() {
    let e7 = verdict("worked/e7-province-2m-records-timely.toml");
    assert!(
        e7.accountable
            .iter()
            .all(|r| { r.mitigations.contains(&zeren_core::verdict::Mitigation::TimelyReport) })
    );
    // A report that concealed the incident is not a timely report.
    let e10 = verdict("worked/e10-main-leader-orders-concealment.toml");
    assert!(
        e10.accountable
            .iter()
            .all(|r| !r.mitigations.contains(&zeren_core::verdict::Mitigation::TimelyReport))
    );
}

#[test]
fn thresholds_are_inclusive_where_the_text_says_so() {
    expect("edge/item1-reposts-at-threshold.toml", &["art8.2.1"], &CHAIN);
    expect("edge/item1-reposts-below-threshold.toml", &[], &[]);
    expect("edge/item1-views-at-threshold.toml", &[], &[]);
    expect("edge/item1-views-above-threshold.toml", &["art8.2.1"], &CHAIN);
    expect("edge/item1-homepage-59-min.toml", &[], &[]);
    expect("edge/item1-homepage-60-min.toml", &["art8.2.1"], &CHAIN);
    expect("edge/item1-report-at-deadline.toml", &[], &[]);
    expect("edge/item1-report-just-late.toml", &["art8.2.1"], &CHAIN);
    expect("edge/item2-outage-359-min.toml", &[], &[]);
    expect("edge/item3-sensitive-below.toml", &[], &[]);
    expect("edge/item3-basic-data.toml", &["art8.2.3"], &CHAIN);
    expect("edge/item4-share-at-threshold.toml", &["art8.2.4"], &CHAIN);
}

#[test]
fn attacks_and_levels_limit_the_items() {
    expect("edge/item1-fault-not-attack.toml", &[], &[]);
    expect("edge/item2-fault-not-attack.toml", &[], &[]);
    let county = verdict("edge/item2-county-portal-level-limit.toml");
    assert_eq!(county.items[1].status, zeren_core::verdict::Status::NotApplicable);
}

#[test]
fn each_toggle_changes_what_it_should_and_the_other_reading_is_shown() {
    let cases = [
        ("edge/item1-report-just-late.toml", "a1", vec!["art8.2.1"], vec![]),
        ("edge/item1-a1-both-reading.toml", "a1", vec![], vec!["art8.2.1"]),
        ("edge/item2-county-news-a2.toml", "a2", vec![], vec!["art8.2.2"]),
        ("edge/item4-loss-timely-a3.toml", "a3", vec![], vec!["art8.2.4"]),
        ("edge/item2-rebuild-a9-counts.toml", "a9", vec!["art8.2.2"], vec![]),
        ("edge/item2-rebuild-a9-attack_only.toml", "a9", vec![], vec!["art8.2.2"]),
        (
            "worked/e10-main-leader-orders-concealment.toml",
            "a4",
            vec!["art8.2.5"],
            vec![],
        ),
    ];
    for (file, reading, fired, other) in cases {
        let v = verdict(file);
        assert_eq!(v.fired, fired, "{file}");
        let alt = v.alternatives.iter().find(|a| a.reading == reading);
        assert_eq!(alt.map(|a| a.fired.clone()), Some(other), "{file}: other reading");
    }
}

#[test]
fn the_chain_modes_and_exculpating_facts() {
    // Deleting logs is clearly unlawful: the written instruction does not excuse liu (A6).
    expect(
        "edge/instruction-presumptive.toml",
        &["art8.2.5"],
        &[
            ("chen", "direct"),
            ("liu", "direct"),
            ("chen", "leadership"),
            ("li", "leadership"),
            ("zhang", "leadership"),
        ],
    );
    expect(
        "edge/instruction-automatic.toml",
        &["art8.2.5"],
        &[
            ("chen", "direct"),
            ("liu", "direct"),
            ("chen", "leadership"),
            ("li", "leadership"),
            ("zhang", "leadership"),
        ],
    );
    let deceived = verdict("edge/deceived-main-leader.toml");
    assert!(!rows(&deceived).iter().any(|(p, _)| p == "zhang"));
    assert!(deceived.alternatives.iter().any(|a| a.reading == "a5"));
}

#[test]
fn collective_decision_with_an_absent_member_and_a_dissenter() {
    // A7 default: wang's recorded dissent excuses him; zhao was absent; chen did nothing to
    // carry the decision out, so nothing excuses his link of the chain.
    let v = verdict("edge/collective-absent-and-dissent.toml");
    assert_eq!(
        rows(&v),
        [
            ("chen".to_owned(), "leadership".to_owned()),
            ("li".to_owned(), "main_leadership".to_owned()),
            ("zhang".to_owned(), "main_leadership".to_owned()),
        ]
    );
    let exempt: Vec<&str> = v.exempt.iter().map(|e| e.person.as_str()).collect();
    assert_eq!(exempt, ["wang", "zhao"], "dissented; absent");
    assert!(v.alternatives.iter().any(|a| a.reading == "a7"));
    // A7 other value: the dissent only mitigates.
    let v = verdict("edge/dissent-a7-mitigation.toml");
    let wang = v.accountable.iter().find(|r| r.person == "wang");
    assert!(wang.is_some_and(|r| r.kind == Kind::ImportantLeadership && !r.mitigations.is_empty()));
}

#[test]
fn each_fired_item_is_attributed_on_its_own() {
    let v = verdict("edge/per-item-attribution.toml");
    assert_eq!(v.fired, ["art8.2.1", "art8.2.2"]);
    let items_of = |person: &str, kind: Kind| -> Vec<&str> {
        let row = v.accountable.iter().find(|r| r.person == person && r.kind == kind);
        row.map(|r| {
            r.causes
                .iter()
                .filter_map(|c| match c {
                    Cause::Item { id } => Some(*id),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
    };
    // The team decision caused (一) only: collective responsibility for (一).
    assert_eq!(items_of("zhang", Kind::MainLeadership), ["art8.2.1"]);
    assert_eq!(items_of("wang", Kind::ImportantLeadership), ["art8.2.1"]);
    // The vendor delay caused (二): the chain answers for it, up to the principal leader.
    assert_eq!(items_of("zhang", Kind::Leadership), ["art8.2.2"]);
    assert_eq!(items_of("li", Kind::Leadership), ["art8.2.2"]);
    assert_eq!(items_of("chen", Kind::Leadership), ["art8.2.1", "art8.2.2"]);
    assert_eq!(items_of("chen", Kind::Direct), ["art8.2.1", "art8.2.2"]);
    assert!(v.exempt.is_empty(), "nobody is excused without a recorded act");
    assert_eq!(v.collective.len(), 1);
    assert_eq!(v.collective[0].items, ["art8.2.1"]);
}

#[test]
fn only_a_recorded_act_carrying_out_a_decision_excuses() {
    let v = verdict("edge/carried-out-decision.toml");
    assert!(!rows(&v).iter().any(|(p, _)| p == "chen"));
    assert!(
        v.exempt
            .iter()
            .any(|e| e.person == "chen" && matches!(e.reason, Reason::FollowedDecision { .. }))
    );
}

#[test]
fn a_clearly_unlawful_instruction_excuses_only_under_the_other_reading() {
    let v = verdict("edge/instruction-presumptive.toml");
    let liu = v.accountable.iter().find(|r| r.person == "liu");
    assert!(liu.is_some_and(|r| r.causes.iter().any(|c| matches!(c, Cause::UnlawfulOrder { .. }))));
    assert!(v.alternatives.iter().any(|a| a.reading == "a6"));
    let v = verdict("edge/unlawful-instruction-a6-any.toml");
    assert!(!rows(&v).iter().any(|(p, _)| p == "liu"));
    assert!(v.exempt.iter().any(|e| e.person == "liu"));
}

#[test]
fn an_absent_principal_leader_bears_by_a8() {
    let bear = verdict("edge/absent-leader-a8-bear.toml");
    assert!(rows(&bear).contains(&("zhang".to_owned(), "main_leadership".to_owned())));
    let chain = verdict("edge/absent-leader-a8-chain_only.toml");
    assert!(rows(&chain).contains(&("zhang".to_owned(), "leadership".to_owned())));
    assert!(!rows(&chain).contains(&("zhang".to_owned(), "main_leadership".to_owned())));
}

#[test]
fn the_decider_follows_cadre_management_authority() {
    let v = verdict("edge/decider-and-coordinator.toml");
    let decider = |p: &str| {
        v.accountable
            .iter()
            .find(|r| r.person == p)
            .map(|r| (r.decider.zh.clone(), r.authority))
    };
    assert_eq!(
        decider("liu"),
        Some(("市政府办公室党组".to_owned(), Authority::OwnUnit))
    );
    assert_eq!(
        decider("chen"),
        Some(("市政府办公室党组".to_owned(), Authority::OwnUnit))
    );
    assert_eq!(
        decider("zhang"),
        Some(("中共某省委".to_owned(), Authority::ManagesTeam))
    );
    assert_eq!(decider("wu"), Some(("中共某市委".to_owned(), Authority::ManagesTeam)));
    // The 网信办 answers on the articles that bind it; its breaches stand on its own shoulders.
    let wu = v.accountable.iter().find(|r| r.person == "wu");
    assert!(wu.is_some_and(|r| r.basis.contains(&"art5") && r.basis.contains(&"art4.2")));
    assert!(
        v.breaches
            .iter()
            .all(|b| b.clause != "art5" || b.unit.as_deref() == Some("cac"))
    );
}

#[test]
fn outside_the_regulation_needs_no_party_fields() {
    let v = verdict("edge/outside-without-party-fields.toml");
    assert!(v.accountable.is_empty() && v.notes.iter().any(|n| n.code == "outside"));
}

#[test]
fn no_regulator_means_the_locality_and_no_party_body_means_outside() {
    let v = verdict("edge/no-regulator-locality.toml");
    assert!(rows(&v).contains(&("sun".to_owned(), "coordination".to_owned())));
    assert!(rows(&v).contains(&("zhou".to_owned(), "coordination".to_owned())));
    assert!(v.notes.iter().any(|n| n.code == "locality"));
    let outside = verdict("edge/outside-no-party-body.toml");
    assert!(outside.fired.is_empty() && outside.accountable.is_empty());
    assert!(outside.notes.iter().any(|n| n.code == "outside"));
}

#[test]
fn item7_fires_only_by_instructor_and_state_secrets_flag_art12() {
    expect("edge/item7-instructor.toml", &["art8.2.7"], &CHAIN);
    let secret = verdict("edge/item3-state-secret.toml");
    assert!(secret.notes.iter().any(|n| n.code == "art12"));
}

#[test]
fn the_published_schema_is_current_and_every_field_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let published = std::fs::read_to_string(root.join("case.schema.json")).unwrap_or_default();
    let current = zeren_core::case::schema();
    let published: serde_json::Value = serde_json::from_str(&published).unwrap_or_default();
    assert_eq!(published, current, "run `zeren schema > docs/case.schema.json`");
    let guide = std::fs::read_to_string(root.join("case-format.md")).unwrap_or_default();
    let mut defs = vec![&current];
    defs.extend(current["$defs"].as_object().into_iter().flat_map(|o| o.values()));
    for def in defs {
        for key in def["properties"].as_object().into_iter().flat_map(|o| o.keys()) {
            assert!(
                guide.contains(&format!("`{key}`")),
                "docs/case-format.md does not document `{key}`"
            );
        }
    }
    for code in ["T0001", "T0006", "C0001", "C0104", "C0105", "C0205", "C0302", "C0303"] {
        assert!(guide.contains(code), "{code} is not listed");
    }
}

#[test]
fn every_clause_id_a_verdict_cites_exists() {
    use zeren_core::regulation::exists;
    insta::glob!("cases", "{worked,edge}/*.toml", |path| {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let Some(case) = parse_case(&source).0 else {
            return;
        };
        let v = judge(&case, &Settings::default());
        let mut ids: Vec<String> = v.fired.iter().map(|s| (*s).to_owned()).collect();
        for item in &v.items {
            ids.push(item.id.to_owned());
            ids.extend(item.conditions.iter().map(|c| c.clause.to_owned()));
        }
        for row in &v.accountable {
            ids.extend(row.basis.iter().map(|s| (*s).to_owned()));
        }
        ids.extend(v.breaches.iter().map(|b| b.clause.clone()));
        for id in ids {
            assert!(exists(&id), "{}: `{id}` is not a clause id", path.display());
        }
    });
}

#[test]
fn the_published_scenario_schema_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let published = std::fs::read_to_string(root.join("scenario.schema.json")).unwrap_or_default();
    let published: serde_json::Value = serde_json::from_str(&published).unwrap_or_default();
    assert_eq!(
        published,
        zeren_core::scenario::schema(),
        "run `zeren schema scenario > docs/scenario.schema.json`"
    );
}

#[test]
fn english_verdicts_hold_no_chinese_outside_quotations() {
    // Cases whose every free text has its English: the rendering must be English throughout.
    let files = [
        "edge/per-item-attribution.toml",
        "edge/carried-out-decision.toml",
        "edge/unlawful-instruction-a6-any.toml",
        "edge/dissent-a7-mitigation.toml",
        "edge/absent-leader-a8-bear.toml",
        "edge/absent-leader-a8-chain_only.toml",
        "edge/decider-and-coordinator.toml",
        "edge/outside-without-party-fields.toml",
    ];
    for file in files {
        let case = load(file);
        let text = report::render(&case, &judge(&case, &Settings::default()), Lang::En);
        assert_eq!(chinese_outside_quotes(&text), Vec::<String>::new(), "{file}");
    }
}

/// A live-class group's run file with votes (docs/run-format.md): the member in charge (`li`),
/// who attended the emergency meeting, voted against the cover story, which records his
/// dissent (docs/rules-model.md §4, "Votes"); the cybersecurity officer's vote against records
/// nothing (not at the meeting). Snapshotted: the debrief's sentences and the rows, under both
/// readings of A7.
#[test]
fn a_voted_run_records_a_dissent_at_the_meeting() {
    use zeren_core::explain::team_decisions;
    use zeren_core::params::A7;
    use zeren_core::run::Run;
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/runs/voted-meeting.json")).unwrap_or_default();
    let Ok(mut run) = Run::from_file(&text, None) else {
        panic!("the run file reads")
    };
    let mut out = String::new();
    for t in team_decisions(run.scenario(), run.state(), run.events(), Some("member-in-charge")) {
        out += &format!("{}\n{}\n", t.zh, t.en);
    }
    for a7 in [A7::Excused, A7::Mitigation] {
        run.settings.readings.a7 = a7;
        let v = run.live().verdict;
        out += &format!("\na7 = {a7:?}\n");
        for r in &v.accountable {
            out += &format!("{} {:?} {:?}\n", r.person, r.kind, r.mitigations);
        }
        for e in &v.exempt {
            out += &format!("exempt {} {:?}\n", e.person, e.reason);
        }
    }
    insta::assert_snapshot!(out);
}
