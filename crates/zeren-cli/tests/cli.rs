//! The `zeren` binary end to end: output shapes and exit codes.

use std::process::{Command, Output};

fn zeren(args: &[&str]) -> Output {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/cases/");
    let args: Vec<String> = args
        .iter()
        .map(|a| a.strip_prefix('@').map_or((*a).to_owned(), |f| format!("{corpus}{f}")))
        .collect();
    match Command::new(env!("CARGO_BIN_EXE_zeren")).args(&args).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run zeren: {e}"),
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn judge_json_has_the_documented_shape() {
    let out = zeren(&["judge", "--json", "@worked/e1-county-portal-defaced.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    assert_eq!(v["fired"], serde_json::json!(["art8.2.1"]));
    assert_eq!(v["items"].as_array().map(Vec::len), Some(7));
    assert_eq!(v["items"][0]["status"], "fired");
    assert!(v["items"][0]["conditions"][0]["quote"].is_string());
    let row = &v["accountable"][0];
    for key in [
        "person",
        "role",
        "kind",
        "basis",
        "decider",
        "proposer",
        "mitigations",
        "causes",
    ] {
        assert!(row.get(key).is_some(), "row lacks {key}");
    }
    assert_eq!(row["role"], "party");
    assert_eq!(row["kind"], "direct");
}

#[test]
fn judge_prints_chinese_by_default_and_english_on_request() {
    let zh = stdout(&zeren(&["judge", "@worked/e4-prefecture-portal-ddos-6h.toml"]));
    assert!(zh.contains("● 触发") && zh.contains("瘫痪6小时以上") && zh.contains("不是法律意见"));
    let en = stdout(&zeren(&[
        "judge",
        "--lang",
        "en",
        "@worked/e4-prefecture-portal-ddos-6h.toml",
    ]));
    assert!(en.contains("● FIRED") && en.contains("not a legal opinion"));
}

#[test]
fn readings_and_params_on_the_command_line_change_the_verdict() {
    let file = "@edge/item1-report-just-late.toml";
    let both = stdout(&zeren(&["judge", "--json", "--reading", "a1=both", file]));
    let v: serde_json::Value = serde_json::from_str(&both).unwrap_or_default();
    assert_eq!(v["fired"], serde_json::json!([]));
    let longer = stdout(&zeren(&[
        "judge",
        "--json",
        "--param",
        "report_deadline_other=300",
        file,
    ]));
    let v: serde_json::Value = serde_json::from_str(&longer).unwrap_or_default();
    assert_eq!(v["fired"], serde_json::json!([]));
}

#[test]
fn invalid_input_exits_one_with_line_and_column() {
    let out = zeren(&["check", "@invalid/many-problems.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("many-problems.toml:35:8"), "{err}");
    assert!(err.contains("是不是要写 `portal`？"), "{err}");
    assert!(err.contains("错误[T0006]"), "{err}");
    let out = zeren(&["check", "--lang", "en", "@invalid/many-problems.toml"]);
    assert!(stderr(&out).contains("did you mean `portal`?"));
    let out = zeren(&["judge", "@invalid/syntax-error.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let out = zeren(&["judge", "--lang", "en", "@invalid/syntax-error.toml"]);
    assert!(stderr(&out).contains("error[T0001]: invalid TOML"));
}

#[test]
fn check_json_lists_diagnostics_with_positions() {
    let out = zeren(&["check", "--json", "@invalid/leader-missing.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"][0]["code"], "C0202");
    assert_eq!(v["diagnostics"][0]["line"], 18);
    let d = &v["diagnostics"][0];
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains("has no main_leader")),
        "{d}"
    );
    assert!(
        d["message_zh"].as_str().is_some_and(|m| m.contains("主要负责人")),
        "{d}"
    );
    assert_eq!(d["hints"].as_array().map(Vec::len), Some(1), "{d}");
    assert!(d["hints_zh"][0].as_str().is_some_and(|h| h.contains("请加一个")), "{d}");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(zeren(&["judge"]).status.code(), Some(2));
    assert_eq!(zeren(&["judge", "no-such-file.toml"]).status.code(), Some(2));
    let bad = zeren(&[
        "judge",
        "--reading",
        "a9=x",
        "@worked/e2-prefecture-portal-small-spread.toml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn check_accepts_every_valid_corpus_file() {
    let out = zeren(&[
        "check",
        "@worked/e1-county-portal-defaced.toml",
        "@edge/no-regulator-locality.toml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).matches(": ok").count(), 2);
}

#[test]
fn schema_is_json_schema() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&zeren(&["schema"]))).unwrap_or_default();
    assert!(v["properties"]["incident"].is_object() || v["properties"]["system"].is_object());
}

#[test]
fn list_json_names_every_builtin() {
    let out = zeren(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    let ids: Vec<&str> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
        .collect();
    let builtins: Vec<&str> = zeren_core::builtin::SOURCES.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids, builtins);
    assert!(v[0]["title"].is_string());
}

#[test]
fn play_prints_the_transcript_and_the_verdict() {
    let out = zeren(&[
        "play",
        "defacement",
        "--seed",
        "1",
        "--choose",
        "timeout,maintenance,report_now,comply,backup",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("[23:10]") && text.contains("结局") && text.contains("● 触发"),
        "{text}"
    );
    let json = zeren(&[
        "play",
        "defacement",
        "--json",
        "--choose",
        "escalate,maintenance,cover_story",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap_or_default();
    assert_eq!(v["fired"], serde_json::json!(["art8.2.5"]));
    assert_eq!(v["ended"], false);
    assert!(v["transcript"].as_array().is_some_and(|t| !t.is_empty()));
}

#[test]
fn play_is_deterministic_across_runs() {
    let args = [
        "play",
        "cii-water",
        "--seed",
        "9",
        "--json",
        "--choose",
        "timeout,keep_running,report_both,bureau_waits,later,pay,silence",
    ];
    assert_eq!(stdout(&zeren(&args)), stdout(&zeren(&args)));
}

#[test]
fn an_option_not_offered_is_invalid_input() {
    let out = zeren(&["play", "defacement", "--choose", "escalate,nonsense"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("offered now: maintenance, edit"));
}

#[test]
fn check_takes_builtins_scenarios_and_cases() {
    let out = zeren(&[
        "check",
        "defacement",
        "data-leak",
        "cii-water",
        "@../scenarios/valid/phishing-minimal.toml",
        "@worked/e1-county-portal-defaced.toml",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bad = zeren(&["check", "@../scenarios/invalid/many-problems.toml"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("many-problems.toml:46:9"));
}

#[test]
fn explore_json_has_paths_reachable_items_and_clean_path() {
    let out = zeren(&["explore", "cii-water", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    assert!(v["paths"].as_u64().is_some_and(|n| n > 100));
    assert_eq!(
        v["reachable_items"],
        serde_json::json!(["art8.2.4", "art8.2.5", "art8.2.6"])
    );
    assert_eq!(v["clean_path_exists"], true);
}

#[test]
fn zeren_test_reports_and_fails_on_a_wrong_expectation() {
    let ok = zeren(&["test", "defacement", "@../scenarios/valid/phishing-minimal.toml"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("ok     unplug at once"));
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/scenarios/valid/phishing-minimal.toml"
    ))
    .unwrap_or_default()
    .replace("fires = []", "fires = [\"art8.2.3\"]");
    let path = std::env::temp_dir().join(format!("zeren-wrong-{}.toml", std::process::id()));
    let _ = std::fs::write(&path, source);
    let bad = zeren(&["test", &path.display().to_string()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).contains("FAILED") && stdout(&bad).contains("expected [\"art8.2.3\"]"),
        "{}",
        stdout(&bad)
    );
}

/// A run saved by `zeren play --save` goes on with `--resume`, and replays from its file and
/// from its link to the same verdict; a browser run file of the older format still resumes.
#[test]
fn a_saved_run_resumes_and_replays_from_file_and_link() {
    let dir = std::env::temp_dir().join(format!("zeren-cli-runs-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (half, full) = (dir.join("half.json"), dir.join("full.json"));
    let (half, full) = (half.to_string_lossy().into_owned(), full.to_string_lossy().into_owned());
    let first = [
        "play",
        "defacement",
        "--seed",
        "6",
        "--choose",
        "escalate,maintenance",
        "--reading",
        "a7=mitigation",
        "--label",
        "第一组",
        "--save",
        &half,
    ];
    assert_eq!(zeren(&first).status.code(), Some(0));
    let rest = [
        "play",
        "--resume",
        &half,
        "--choose",
        "restore_first,comply,backup",
        "--save",
        &full,
        "--json",
    ];
    let resumed = zeren(&rest);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    let v: serde_json::Value = serde_json::from_str(&stdout(&resumed)).unwrap_or_default();
    assert_eq!(v["label"], "第一组");
    assert_eq!(v["settings"]["readings"]["a7"], "mitigation");
    assert_eq!(v["ended"], true);
    let from_file: serde_json::Value =
        serde_json::from_str(&stdout(&zeren(&["replay", &full, "--json"]))).unwrap_or_default();
    let link = v["link"].as_str().unwrap_or_default().to_owned();
    assert!(link.contains("set=a7:mitigation") && link.contains("label="), "{link}");
    let from_link: serde_json::Value =
        serde_json::from_str(&stdout(&zeren(&["replay", &format!("http://room/{link}"), "--json"])))
            .unwrap_or_default();
    assert_eq!(from_file["verdict"], v["verdict"]);
    assert_eq!(from_link["verdict"], v["verdict"]);

    // The browser's run file of format 1 (scenario, seed and events under `save`).
    let old = dir.join("browser-v1.json");
    let text = r#"{"save":{"zeren_save":1,"scenario":"defacement","seed":6,"events":[{"kind":"choose","decision":"verify","option":"escalate"}]},"file":null}"#;
    let _ = std::fs::write(&old, text);
    let out = zeren(&[
        "play",
        "--resume",
        &old.to_string_lossy(),
        "--choose",
        "maintenance",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A damaged run file and a link that no longer applies: a clear error, exit 1.
    let _ = std::fs::write(&old, "{\"zeren_run\": 2");
    let out = zeren(&["replay", &old.to_string_lossy(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a readable Zeren run"), "{}", stderr(&out));
    let out = zeren(&["replay", "#run=defacement&steps=escalate.nope", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("step 2 no longer applies"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(dir);
}

/// `zeren explore` says what the editor's analysis panel says: the core's sentences.
#[test]
fn explore_prints_the_cores_sentences_about_the_analysis() {
    use zeren_core::analysis::{Limits, analyse};
    use zeren_core::{Settings, builtin, explain};
    let Some(s) = builtin::scenario("data-leak") else {
        panic!()
    };
    let a = analyse(&s, &Settings::default(), &Limits::default());
    for lang in ["en", "zh"] {
        let out = stdout(&zeren(&["explore", "data-leak", "--lang", lang]));
        let pick = |t: zeren_core::verdict::Text| if lang == "en" { t.en } else { t.zh };
        for sentence in [explain::scope(&a), explain::odds(), explain::clean_path(&a)] {
            let sentence = pick(sentence);
            assert!(out.contains(&sentence), "{lang}: {sentence}\n{out}");
        }
    }
}

#[test]
fn play_prints_the_lessons_of_the_ending_for_the_items_that_fired() {
    let out = zeren(&[
        "play",
        "defacement",
        "--seed",
        "6",
        "--choose",
        "wait,maintenance,report_now,comply,backup",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("哪里出了问题") && text.contains("✗ 谣言已大面积扩散"),
        "{text}"
    );
    assert!(!text.contains("第（二）项同时触发"), "{text}");
    assert!(text.contains("✓ 公安机关调取证据没有被拒绝"), "{text}");
}

/// A reader that stops early closes the pipe: zeren ends quietly, without a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let child = Command::new(env!("CARGO_BIN_EXE_zeren"))
        .args(["explore", "data-leak", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        panic!("cannot run zeren")
    };
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        stderr(&out)
    );
    assert_ne!(out.status.code(), Some(101));
}
