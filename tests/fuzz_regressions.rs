//! Replays every input kept under `tests/fuzz-regressions/<target>/` (minimised inputs that once
//! broke Zeren, and hostile inputs of issue 9) through the fuzz targets' own entry functions.

use std::path::Path;

use zeren_tests::fuzzing::TARGETS;

#[test]
fn every_kept_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions");
    let mut replayed = 0;
    for (name, run) in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_default();
            eprintln!("{name}: {}", file.display());
            run(&data);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no input under {}", root.display());
}

#[test]
fn the_seeds_pass_their_targets() {
    // A quick pass over a few real files, so the entry functions stay in step with the core.
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/valid/phishing-minimal.toml");
    let text = std::fs::read(scenarios).unwrap_or_default();
    let mut steered = text.clone();
    steered.extend([0, 3, 0, 1, 6, 7, 2, 9, 0, 4]);
    for (_, run) in TARGETS {
        run(&text);
        run(&steered);
    }
    let case = std::fs::read(zeren_tests::corpus().join("worked/e1-county-portal-defaced.toml")).unwrap_or_default();
    zeren_tests::fuzzing::case(&case);
}
