//! `zeren upgrade` on the test scenarios: what it prints (snapshots of the changed lines and the
//! messages), that nothing else changes, and that the upgraded file reads to the same scenario,
//! judged the same.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zeren_core::scenario::FORMAT;
use zeren_core::{Settings, parse_scenario};

const SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/scenarios");

fn zeren(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_zeren")).args(args).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run zeren: {e}"),
    }
}

/// Every `.toml` under tests/scenarios, sorted.
fn scenario_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["valid", "invalid", "analysis"] {
        let Ok(entries) = std::fs::read_dir(Path::new(SCENARIOS).join(dir)) else {
            continue;
        };
        out.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml")),
        );
    }
    out.sort();
    assert!(out.len() >= 3, "the test scenarios are missing");
    out
}

fn relative(path: &Path) -> String {
    let p = path.display().to_string();
    let at = p.find("tests/scenarios").unwrap_or(0);
    p[at..].to_owned()
}

/// The lines that differ, as `line N: old → new`; the upgrade never adds or removes lines,
/// except the `format` line inserted into a file without one.
fn changed_lines(old: &str, new: &str) -> String {
    let (o, n): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    if n.len() == o.len() + 1 {
        let at = o.iter().zip(&n).position(|(a, b)| a != b).unwrap_or(o.len());
        assert_eq!(o[at..], n[at + 1..], "only one line is inserted");
        return format!("line {}: inserted {}", at + 1, n[at]);
    }
    assert_eq!(o.len(), n.len());
    o.iter()
        .zip(&n)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| format!("line {}: {a} → {b}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn upgrade_snapshots_of_the_test_scenarios() {
    for path in scenario_files() {
        let name = relative(&path);
        let file = path.display().to_string();
        let out = zeren(&["upgrade", "--lang", "en", &file]);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let new = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr).replace(&file, &name);
        let changes = if new.is_empty() {
            String::new()
        } else {
            changed_lines(&old, &new)
        };
        insta::assert_snapshot!(
            name.replace('/', "__"),
            format!(
                "exit: {:?}\n--- changed lines\n{changes}\n--- stderr\n{stderr}",
                out.status.code()
            )
        );
    }
}

#[test]
fn an_upgraded_file_reads_to_the_same_scenario_and_is_judged_the_same() {
    for path in scenario_files() {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let (Some(mut before), _) = parse_scenario(&old) else {
            continue;
        };
        let out = zeren(&["upgrade", &path.display().to_string()]);
        assert_eq!(out.status.code(), Some(0));
        let new = String::from_utf8_lossy(&out.stdout).into_owned();
        let (after, _) = parse_scenario(&new);
        let after = after.unwrap_or_else(|| panic!("{} does not read after upgrading", path.display()));
        assert_eq!((before.format, after.format), (1, FORMAT));
        before.format = FORMAT;
        assert_eq!(before, after, "{}", path.display());
        let judged = |s| zeren_core::simulate::simulate(s, &Settings::default(), 300, 7);
        assert_eq!(judged(&before), judged(&after), "{}", path.display());
        // Upgrading again changes nothing.
        let dir = std::env::temp_dir().join(format!("zeren-upgrade-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let copy = dir.join(path.file_name().unwrap_or_default());
        std::fs::write(&copy, &old).unwrap_or_default();
        let copy_name = copy.display().to_string();
        assert_eq!(zeren(&["upgrade", "--write", &copy_name]).status.code(), Some(0));
        assert_eq!(std::fs::read_to_string(&copy).unwrap_or_default(), new);
        let again = zeren(&["upgrade", "--write", &copy_name]);
        assert!(String::from_utf8_lossy(&again.stderr).contains(&format!("格式 {FORMAT}")));
        assert_eq!(std::fs::read_to_string(&copy).unwrap_or_default(), new);
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
