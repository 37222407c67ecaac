//! One English rendering per term (docs/glossary.md): no renderings the glossary lists after
//! "Not:" appear in the built-in exercises' English, nor in the English of the app's own words
//! (the core, the web front end, the regulation's working translation).

use std::path::{Path, PathBuf};

/// A rendering the glossary forbids: the phrase, the term it is a wrong rendering of, and the
/// longer phrases in which it is allowed (“mass (except “mass spread” in a short title)”).
struct Forbidden {
    phrase: String,
    term: String,
    except: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The glossary's "Not:" renderings. One given with a condition in brackets ("(alone)", "(as a
/// title)") cannot be checked by matching text and is left to review; one with "(except …)"
/// is allowed inside the quoted phrases.
fn forbidden() -> Vec<Forbidden> {
    let text = std::fs::read_to_string(root().join("docs/glossary.md")).unwrap_or_default();
    // A phrase that is the rendering of another term ("person directly responsible", 直接责任人,
    // is not to be written for 当事人) cannot be told apart by matching text.
    let renderings: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 中文"))
        .filter_map(|l| l.split('|').nth(2).map(|e| e.trim().to_owned()))
        .collect();
    let mut out = Vec::new();
    for row in text.lines().filter(|l| l.starts_with("| ") && l.contains("Not:")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (term, note) = (
            cells.get(1).copied().unwrap_or_default(),
            cells.get(3).copied().unwrap_or_default(),
        );
        let Some((_, list)) = note.split_once("Not:") else {
            continue;
        };
        let list = list.trim().trim_end_matches('.');
        for item in split_outside_brackets(list) {
            let (phrase, condition) = match item.split_once('(') {
                Some((p, c)) => (p.trim(), Some(c.trim_end_matches(')').trim())),
                None => (item.trim(), None),
            };
            let except = match condition {
                None => Vec::new(),
                Some(c) if c.starts_with("except") => c
                    .split('“')
                    .skip(1)
                    .filter_map(|q| q.split_once('”').map(|(q, _)| q.to_owned()))
                    .collect(),
                Some(_) => continue,
            };
            if !phrase.is_empty() && !renderings.iter().any(|r| r == phrase) {
                out.push(Forbidden {
                    phrase: phrase.to_owned(),
                    term: term.to_owned(),
                    except,
                });
            }
        }
    }
    out
}

/// `list` split at the commas that are not inside brackets.
fn split_outside_brackets(list: &str) -> Vec<String> {
    let (mut out, mut current, mut depth) = (Vec::new(), String::new(), 0);
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// Whether `text` holds `f`'s phrase as whole words, or their plural (case as written: "party"
/// is not "Party"; identifiers such as `open-hotwash` or `party_org` are not words), outside
/// the phrases it is allowed in.
fn holds(text: &str, f: &Forbidden) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    text.match_indices(&f.phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut rest = text[at + f.phrase.len()..].chars();
        let after = match rest.next() {
            Some('s') => rest.next(),
            c => c,
        };
        !word(before)
            && !word(after)
            && !f.except.iter().any(|e| {
                text.match_indices(e.as_str())
                    .any(|(e_at, _)| e_at <= at && at < e_at + e.len())
            })
    })
}

/// The English texts of a TOML file: every `KEY_en` (a built-in exercise) or `en` (the
/// regulation's articles) string, as TOML reads it.
fn english_of_scenario(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let value: toml::Value = match toml::from_str(source) {
        Ok(v) => v,
        Err(e) => panic!("a built-in does not read: {e}"),
    };
    fn walk(v: &toml::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    if (k.ends_with("_en") || k == "en")
                        && let Some(s) = v.as_str()
                    {
                        out.push((format!("{path}.{k}"), s.to_owned()));
                    }
                    walk(v, &format!("{path}.{k}"), out);
                }
            }
            toml::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    walk(&value, "", &mut out);
    out
}

/// The string literals of a Rust source file, roughly (enough to find English words in them),
/// with their line numbers.
fn literals_of_rust(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let parts: Vec<&str> = line.split('"').collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 {
                out.push((n + 1, (*part).to_owned()));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_glossary_lists_what_not_to_write() {
    let f = forbidden();
    assert!(f.len() > 30, "the glossary's Not: lists read as {} renderings", f.len());
    assert!(f.iter().any(|f| f.phrase == "hotwash" && f.term == "复盘"));
    assert!(f.iter().any(|f| f.phrase == "mass" && f.except == ["mass spread"]));
}

#[test]
fn the_built_in_exercises_use_only_the_glossarys_renderings() {
    let forbidden = forbidden();
    let mut found = Vec::new();
    for (id, _, source) in zeren_core::builtin::SOURCES {
        for (key, text) in english_of_scenario(source) {
            for f in forbidden.iter().filter(|f| holds(&text, f)) {
                found.push(format!("{id}{key}: “{}” for {} — {text}", f.phrase, f.term));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_apps_own_english_uses_only_the_glossarys_renderings() {
    let forbidden = forbidden();
    let mut files = Vec::new();
    for dir in ["crates/zeren-core/src", "web/src", "crates/zeren-server/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        // The tests inside a module may quote what the glossary forbids, to check it is gone.
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        for (line, literal) in literals_of_rust(code) {
            for f in forbidden.iter().filter(|f| holds(&literal, f)) {
                let shown = file.strip_prefix(root()).unwrap_or(file).display().to_string();
                found.push(format!("{shown}:{line}: “{}” for {} — {literal}", f.phrase, f.term));
            }
        }
    }
    let articles =
        std::fs::read_to_string(root().join("crates/zeren-core/src/regulation/articles.toml")).unwrap_or_default();
    for (key, text) in english_of_scenario(&articles) {
        for f in forbidden.iter().filter(|f| holds(&text, f)) {
            found.push(format!("articles.toml{key}: “{}” for {} — {text}", f.phrase, f.term));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
