//! Golden snapshots of a class's exports (issue 10 §3–4): the cohort JSON and the matrix and
//! plan CSV for a fixed room of six groups playing the defacement exercise.

use zeren_core::Lang;
use zeren_core::Settings;
use zeren_core::cohort::report::{PlanRow, Report, findings, to_file};
use zeren_core::cohort::{Member, cohort, diverge, export};
use zeren_core::run::Run;

/// Six groups: scripted paths and seeds, one timing out, one unfinished.
fn room() -> Vec<Member> {
    let groups: [(&str, u64, &[&str]); 6] = [
        ("第一组", 1, &["wait", "maintenance", "report_now", "comply", "backup"]),
        (
            "第二组",
            1,
            &["escalate", "maintenance", "report_now", "comply", "backup"],
        ),
        (
            "第三组",
            6,
            &["escalate", "maintenance", "restore_first", "comply", "backup"],
        ),
        ("第四组", 2, &["vendor", "edit", "cover_story", "stall", "rebuild"]),
        (
            "第五组",
            3,
            &["timeout", "maintenance", "report_now", "comply", "backup"],
        ),
        ("第六组", 4, &["escalate", "maintenance"]),
    ];
    groups
        .iter()
        .map(|(label, seed, choices)| {
            let Some(mut run) = Run::builtin("defacement", *seed, Settings::default()) else {
                panic!("no defacement");
            };
            for c in *choices {
                let r = if *c == "timeout" { run.time_out() } else { run.choose(c) };
                if let Err(e) = r {
                    panic!("{label}: {c}: {e}");
                }
            }
            run.label = Some((*label).to_owned());
            Member {
                origin: format!("{label}.json"),
                run,
            }
        })
        .collect()
}

fn plan() -> Vec<PlanRow> {
    vec![
        PlanRow {
            action: "建立夜间和节假日网络安全值班制度, 明确发现即报".into(),
            owner: "网络安全负责人".into(),
            due: "2027-01-31".into(),
            clause: "第八条第二款（一）".into(),
        },
        PlanRow {
            action: "修订应急预案：先报告、后恢复，保全日志".into(),
            owner: "主管网络安全的领导班子成员".into(),
            due: "2027-03-31".into(),
            clause: "第五条".into(),
        },
    ]
}

#[test]
fn cohort_json() {
    let members = room();
    let c = cohort(&members).unwrap_or_else(|e| panic!("{}", e.text().en));
    insta::assert_snapshot!(export::json(&c));
}

#[test]
fn cohort_matrix_csv() {
    let members = room();
    let c = cohort(&members).unwrap_or_else(|e| panic!("{}", e.text().en));
    let scenario = members[0].run.scenario();
    insta::assert_snapshot!("matrix_zh", export::matrix_csv(&c, scenario, Lang::Zh));
    insta::assert_snapshot!("matrix_en", export::matrix_csv(&c, scenario, Lang::En));
}

#[test]
fn plan_csv() {
    insta::assert_snapshot!(export::plan_csv(&plan(), Lang::Zh));
}

#[test]
fn findings_and_divergence() {
    let members = room();
    let c = cohort(&members).unwrap_or_else(|e| panic!("{}", e.text().en));
    let found: Vec<String> = findings(&c, members[0].run.scenario())
        .iter()
        .map(|f| format!("{} {} / {}", if f.strength { "+" } else { "-" }, f.text.zh, f.text.en))
        .collect();
    insta::assert_snapshot!(found.join("\n"));
    let d = diverge(&c, 1, 2).unwrap_or_else(|| panic!("groups 2 and 3 part somewhere"));
    assert_eq!(d.common, 2);
}

#[test]
fn the_class_file_round_trips() {
    let members = room();
    let report = Report {
        exercise: "门户网站被篡改".into(),
        date: "2026-11-28".into(),
        instructor: "王老师".into(),
        class: "2026 年秋季处级干部进修班".into(),
        observations: "多数小组先恢复后报告。".into(),
        plan: plan(),
    };
    let runs: Vec<&Run> = members.iter().map(|m| &m.run).collect();
    let text = to_file(&report, &runs);
    let Ok((back, reopened, damaged)) = zeren_core::cohort::report::from_file(&text) else {
        panic!("the class file does not read back");
    };
    assert!(damaged.is_empty());
    assert_eq!(back, report);
    let again: Vec<&Run> = reopened.iter().map(|m| &m.run).collect();
    assert_eq!(to_file(&back, &again), text);
}
