//! The judge: from a case and the instructor's settings to a verdict with reasons. Pure and
//! deterministic: the same case and settings always give the same verdict.

mod items;

use crate::accountability;
use crate::case::{Attack, Body, Case};
use crate::params::READINGS;
use crate::verdict::{Alternative, Breach, Item, Note, Scope, Status, Text, Verdict};

pub use crate::case::report_deadline;
pub use crate::conditions::{CONDITIONS, ConditionSpec, condition};
pub use crate::settings::Settings;
pub use items::{ITEM_IDS, OUTAGE_MINUTES};

/// Judges a case under the instructor's settings (the case's overrides win).
pub fn judge(case: &Case, settings: &Settings) -> Verdict {
    let settings = settings.for_case(case);
    let mut verdict = judge_once(case, &settings, true);
    verdict.alternatives = alternatives(case, &settings, &verdict, true);
    verdict
}

/// Judges a case without words and without the alternative readings: for analyses and
/// simulations that judge many paths and only need what fires and who is accountable. The
/// conditions' `because` is empty; everything else is as `judge` gives it.
pub fn judge_plain(case: &Case, settings: &Settings) -> Verdict {
    judge_once(case, &settings.for_case(case), false)
}

/// Which items fire, without words or accountability: what "at risk" compares.
pub fn fired_items(case: &Case, settings: &Settings) -> Vec<Item> {
    let settings = settings.for_case(case);
    items::evaluate(case, &settings.params, &settings.readings, false)
}

/// What the other value of each reading would give, where it changes what fires or who is
/// accountable. A reading is judged again only where it can matter (`could_matter`); with
/// `prune` false every reading is (for the test that pruning changes nothing).
fn alternatives(case: &Case, settings: &Settings, verdict: &Verdict, prune: bool) -> Vec<Alternative> {
    READINGS
        .iter()
        .map(|spec| spec.id)
        .filter(|id| !prune || could_matter(id, case, verdict))
        .filter_map(|id| {
            let other = Settings {
                readings: settings.readings.flipped(id),
                ..settings.clone()
            };
            let v = judge_once(case, &other, false);
            let accountable = summary(&v);
            let changed = v.fired != verdict.fired || accountable != summary(verdict);
            changed.then(|| Alternative {
                reading: id,
                value: other.readings.get(id),
                accountable,
                fired: v.fired,
            })
        })
        .collect()
}

/// False when flipping reading `id` cannot change the verdict: the passage it reads is not
/// at stake in this case (docs/rules-model.md §9).
fn could_matter(id: &str, case: &Case, verdict: &Verdict) -> bool {
    let applies = |item: &str| {
        verdict
            .items
            .iter()
            .any(|i| i.id == item && i.status != Status::NotApplicable)
    };
    let fired = !verdict.fired.is_empty() && case.organisation.party_body;
    let ordered = |a: &crate::case::Act| a.instructed_by.is_some() || a.carries_out.is_some();
    let leads = |d: &crate::case::Decision| {
        let unit = d.unit.as_deref().unwrap_or(&case.system.unit);
        case.people.iter().any(|p| {
            p.unit == unit
                && matches!(p.role, crate::case::Role::MainLeader | crate::case::Role::CyberLeader)
                && !d.attended.contains(&p.id)
        })
    };
    match id {
        "a1" => applies("art8.2.1"),
        "a2" => case.system.kind == crate::case::SystemKind::News,
        "a3" => applies("art8.2.4"),
        "a4" => {
            let c = &case.conduct;
            c.concealed || c.refused_investigation || c.notified_risk_unfixed
        }
        "a5" => fired && (!case.deceptions.is_empty() || case.acts.iter().any(ordered)),
        "a6" => fired && case.acts.iter().any(|a| ordered(a) && a.clearly_unlawful()),
        "a7" => fired && case.decisions.iter().any(|d| !d.dissent.is_empty()),
        "a8" => fired && case.decisions.iter().any(leads),
        "a9" => applies("art8.2.2") && case.incident.chosen_outage_minutes > 0,
        _ => true,
    }
}

/// Who is accountable, and how: what an alternative reading is compared on.
fn summary(v: &Verdict) -> Vec<(String, crate::verdict::Kind)> {
    v.accountable.iter().map(|r| (r.person.clone(), r.kind)).collect()
}

fn judge_once(case: &Case, settings: &Settings, words: bool) -> Verdict {
    let mut items = items::evaluate(case, &settings.params, &settings.readings, words);
    let scope = if case.organisation.party_body {
        Scope::Regulation
    } else {
        Scope::Outside
    };
    let mut notes = Vec::new();
    if scope == Scope::Outside {
        for item in &mut items {
            item.status = Status::NotApplicable;
        }
        notes.push(Note {
            code: "outside",
            text: Text::new(
                "运营者没有党组织，不在本办法调整范围内；其法律责任依照《网络安全法》等法律认定，本模型不作推演。",
                "The operator has no Party body, so it falls outside this regulation; its liability is statutory (e.g. the Cybersecurity Law) and not modelled here.",
            ),
        });
    }
    if case.incident.state_secret {
        notes.push(Note {
            code: "art12",
            text: Text::new(
                "涉及国家秘密：涉密网络按照有关规定执行（第十二条），本模型只作训练提示。",
                "State secrets are involved: classified networks follow other provisions (Art 12); this model only flags it.",
            ),
        });
    }
    let fired: Vec<&'static str> = items
        .iter()
        .filter(|i| i.status == Status::Fired)
        .map(|i| i.id)
        .collect();
    let breaches = if scope == Scope::Regulation {
        breaches(case, settings)
    } else {
        Vec::new()
    };
    let found = accountability::find(case, settings, &items, words);
    notes.extend(found.notes);
    Verdict {
        scope,
        fired,
        items,
        breaches,
        accountable: found.rows,
        exempt: found.exempt,
        collective: found.collective,
        notes,
        params: settings.params.clone(),
        readings: settings.readings,
        alternatives: Vec::new(),
    }
}

/// Plain breaches of duty: those the case states, and those the facts show.
fn breaches(case: &Case, settings: &Settings) -> Vec<Breach> {
    let mut out: Vec<Breach> = case
        .breaches
        .iter()
        .map(|b| Breach {
            clause: b.clause.clone(),
            unit: b.unit.clone().or_else(|| Some(case.system.unit.clone())),
            text: Text::new(b.note.clone(), b.note_en.clone().unwrap_or_else(|| b.note.clone())),
            derived: false,
        })
        .collect();
    let i = &case.incident;
    let something_happened =
        i.attack != Attack::None || i.state_secret || i.personal_records > 0 || i.basic_data_records > 0;
    let deadline = report_deadline(case, &settings.params);
    // The duty to report comes from the laws and rules the Party committee must see carried out
    // (Art 3(一)); Art 5 binds the 网信 bodies that require the reports, not the operator.
    if something_happened && items::late(i.report_minutes, i.as_of, deadline) {
        out.push(derived(
            "art3.1",
            Some(&case.system.unit),
            "未按网络安全法律法规的要求及时报告网络安全事件",
            "the incident was not reported in time as the cybersecurity laws and rules require",
        ));
    }
    let handling_late = items::late(i.handling_minutes, i.as_of, settings.params.handling_deadline);
    if i.attack.is_attack() && handling_late {
        out.push(derived(
            "art3.3",
            Some(&case.system.unit),
            "未及时统一组织网络安全事件处置",
            "the handling of the incident was not organised in time",
        ));
    }
    if case.conduct.refused_security_support || case.conduct.obstructed_security_organs {
        out.push(derived(
            "art3.4",
            Some(&case.system.unit),
            "未为公安机关、国家安全机关提供支持和保障",
            "support to public or state security organs was not provided",
        ));
    }
    let org = &case.organisation;
    let bodies = [
        (
            &case.conduct.regulator_failures,
            org.regulator.as_ref().or(org.locality.as_ref()),
            Body::Regulator,
        ),
        (
            &case.conduct.coordinator_failures,
            org.coordinator.as_ref(),
            Body::Coordinator,
        ),
    ];
    for (failures, unit, body) in bodies {
        for f in failures {
            let word = crate::text::failure(*f, body);
            out.push(derived(body.clause(*f), unit, &word.zh, &word.en));
        }
    }
    out
}

fn derived(clause: &str, unit: Option<&String>, zh: &str, en: &str) -> Breach {
    Breach {
        clause: clause.to_owned(),
        unit: unit.cloned(),
        text: Text::new(zh, en),
        derived: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regulation::Regulation;

    const CASE: &str = r#"
format = 1
[[unit]]
id = "u"
name = "某市政府办公室"
managed_by = "中共某省委"
[[person]]
id = "m"
name = "甲"
unit = "u"
role = "main_leader"
[[person]]
id = "c"
name = "乙"
unit = "u"
role = "cyber_leader"
[[person]]
id = "s"
name = "丙"
unit = "u"
role = "security_officer"
[system]
kind = "portal"
level = "prefecture"
cii = true
unit = "u"
[incident]
attack = "defacement"
tampered = true
"#;

    /// Judges the small case above with `extra` lines added to its [incident] table.
    fn check(extra: &str, readings: &[(&str, &str)], fired: &[&str]) {
        let source = format!("{CASE}{extra}");
        let (case, diags) = crate::parse_case(&source);
        let Some(case) = case else {
            panic!("{diags:?}");
        };
        let mut settings = Settings::default();
        for (id, value) in readings {
            assert!(settings.readings.set(id, value));
        }
        assert_eq!(judge(&case, &settings).fired, fired, "{extra} {readings:?}");
    }

    /// The settings whose reading `n` takes its other value where bit `n` of `bits` is set.
    fn with_readings(bits: u32) -> Settings {
        let mut settings = Settings::default();
        for (n, spec) in READINGS.iter().enumerate() {
            settings
                .readings
                .set(spec.id, spec.values[usize::from(bits & (1 << n) != 0)]);
        }
        settings
    }

    /// Calls `check` with every condition of every item of the small case above, under every
    /// combination of readings.
    fn every_condition(mut check: impl FnMut(&str, crate::verdict::Condition)) {
        let (case, _) = crate::parse_case(CASE);
        let Some(case) = case else {
            panic!("test case is invalid")
        };
        for bits in 0..256u32 {
            for item in judge(&case, &with_readings(bits)).items {
                for c in item.conditions {
                    check(item.id, c);
                }
            }
        }
    }

    #[test]
    fn every_quote_is_the_published_text_of_its_clause_under_every_reading() {
        let reg = Regulation::get();
        every_condition(|item, c| {
            let clause = reg.provision(c.clause).map(|p| p.zh).unwrap_or_default();
            assert!(clause.contains(c.quote), "{}: 「{}」", c.clause, c.quote);
            assert_eq!(c.clause, item);
        });
    }

    #[test]
    fn every_condition_an_item_tests_is_in_the_table() {
        every_condition(|_, c| {
            let spec = condition(c.name);
            assert!(
                spec.is_some_and(|s| !s.label[0].is_empty() && !s.label[1].is_empty()),
                "{}",
                c.name
            );
            assert_eq!(c.path, spec.and_then(|s| s.path), "{}", c.name);
            if let Some(path) = c.path {
                assert!(crate::facts::fact_type(path).is_some(), "{path}");
            }
        });
    }

    #[test]
    fn item_one_reads_report_and_handling_by_a1() {
        let late_report = "reposts = 20000\nreport_minutes = 61\nhandling_minutes = 5\n";
        check(late_report, &[], &["art8.2.1"]);
        check(late_report, &[("a1", "both")], &[]);
        check(
            "reposts = 20000\nreport_minutes = 70\nhandling_minutes = 70\n",
            &[("a1", "both")],
            &["art8.2.1"],
        );
    }

    #[test]
    fn cii_operators_report_within_sixty_minutes() {
        check("reposts = 20000\nreport_minutes = 60\nhandling_minutes = 5\n", &[], &[]);
    }

    #[test]
    fn item_four_reads_late_handling_by_a3() {
        let timely_loss = "direct_loss_yuan = 50000000\nreport_minutes = 5\nhandling_minutes = 5\n";
        check(timely_loss, &[], &[]);
        check(timely_loss, &[("a3", "impact_only")], &["art8.2.4"]);
        let timely_impact = "people_affected = 200000\nreport_minutes = 5\nhandling_minutes = 5\n";
        check(timely_impact, &[("a3", "impact_only")], &[]);
    }

    #[test]
    fn item_two_needs_an_attack_late_handling_and_six_hours() {
        check(
            "outage_minutes = 360\nreport_minutes = 5\nhandling_minutes = 61\n",
            &[],
            &["art8.2.2"],
        );
        check(
            "outage_minutes = 360\nreport_minutes = 5\nhandling_minutes = 60\n",
            &[],
            &[],
        );
        check(
            "outage_minutes = 359\nreport_minutes = 5\nhandling_minutes = 61\n",
            &[],
            &[],
        );
    }

    #[test]
    fn pruned_alternatives_are_the_alternatives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
        let mut checked = 0;
        for dir in ["worked", "edge"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let Some(case) = crate::parse_case(&source).0 else {
                    continue;
                };
                for bits in [0u32, 0b1010_1010, 0b0101_0101, 0xff] {
                    let settings = with_readings(bits).for_case(&case);
                    let v = judge_once(&case, &settings, true);
                    assert_eq!(
                        alternatives(&case, &settings, &v, true),
                        alternatives(&case, &settings, &v, false),
                        "{}",
                        entry.path().display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "the corpus was read");
    }

    #[test]
    fn judging_twice_gives_the_same_verdict() {
        let (case, _) = crate::parse_case(CASE);
        let Some(case) = case else {
            panic!("test case is invalid")
        };
        assert_eq!(judge(&case, &Settings::default()), judge(&case, &Settings::default()));
    }
}
