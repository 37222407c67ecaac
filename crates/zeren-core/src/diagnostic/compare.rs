//! Tests only (declared under `#[cfg(test)]` in diagnostic.rs): the in-house renderer gives the
//! same bytes as codespan-reporting 0.13 (a dev-dependency, and Zeren's renderer before), on
//! every diagnostic of the files under tests/, on thousands of deterministic mutations of the
//! built-in scenarios and hostile lines, and on random label sets the readers never make
//! (labels spanning lines, overlapping, several on one line).

use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

use super::{Diagnostic, Severity, Window, clamp, hint_word, line_col, render};
use crate::lang::{Lang, Text};

/// The diagnostics rendering as it was, with codespan-reporting.
fn codespan_render(file_name: &str, source: &str, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let window = Window::around(source, &clamp(&d.span, source));
        let text = window.text(source);
        let file = SimpleFile::new(file_name, text.as_ref());
        let mut labels = vec![CsLabel::primary((), window.map(&clamp(&d.span, source)))];
        labels.extend(
            d.labels
                .iter()
                .map(|(s, note)| CsLabel::secondary((), window.map(&clamp(s, source))).with_message(note.get(lang))),
        );
        let cs = cs
            .with_code(d.code)
            .with_message(d.message.get(lang))
            .with_labels(labels)
            .with_notes(
                d.hints
                    .iter()
                    .map(|h| format!("{}{}", hint_word(lang), h.get(lang)))
                    .collect(),
            );
        let mut one = String::new();
        if term::emit_to_string(&mut one, &config, &file, &cs).is_err() {
            one = format!("{file_name}: {}: {}\n", d.code, d.message.get(lang));
        }
        if lang == Lang::Zh {
            let (en, zh) = match d.severity {
                Severity::Error => ("error[", "错误["),
                Severity::Warning => ("warning[", "警告["),
            };
            if let Some(rest) = one.strip_prefix(en) {
                one = format!("{zh}{rest}");
            }
        }
        if window.cut_before > 0 {
            let (line, col) = line_col(source, d.span.start);
            let (_, shown) = line_col(&text, window.map(&clamp(&d.span, source)).start);
            one = one.replacen(
                &format!("{file_name}:{line}:{shown}"),
                &format!("{file_name}:{line}:{col}"),
                1,
            );
        }
        out.push_str(&one);
    }
    out
}

/// Asserts both renderers agree on these diagnostics in both languages; returns how many
/// diagnostics were compared.
fn same(name: &str, source: &str, diags: &[Diagnostic]) -> usize {
    for lang in [Lang::Zh, Lang::En] {
        let ours = render(name, source, diags, lang);
        let theirs = codespan_render(name, source, diags, lang);
        assert!(
            ours == theirs,
            "{name} ({lang:?}) differs\n--- ours\n{ours}\n--- codespan\n{theirs}\n--- source\n{source:?}"
        );
    }
    diags.len()
}

/// Every diagnostic any reader gives for `source` (as a case, a scenario, and an old scenario
/// to upgrade), compared; returns how many.
fn all_readers(name: &str, source: &str) -> usize {
    let (_, case) = crate::case::parse_case(source);
    let (_, scenario) = crate::scenario::parse_scenario(source);
    let upgrade = crate::scenario::upgrade(source).err().unwrap_or_default();
    same(name, source, &case) + same(name, source, &scenario) + same(name, source, &upgrade)
}

/// Every file under `dir`, recursively, in name order.
fn files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn the_corpus_renders_as_codespan_did() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut paths = Vec::new();
    for dir in ["cases", "scenarios", "fuzz-regressions"] {
        files(&root.join(dir), &mut paths);
    }
    assert!(paths.len() > 60, "the corpus was read: {}", paths.len());
    let mut compared = 0;
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else { continue };
        // Fuzz inputs end in steering bytes after a NUL; compare the text part and the whole.
        let text = String::from_utf8_lossy(&bytes);
        let name = path.strip_prefix(&root).unwrap_or(path).display().to_string();
        compared += all_readers(&name, &text);
        if let Some(nul) = text.rfind('\0') {
            compared += all_readers(&name, &text[..nul]);
        }
    }
    // The hostile texts of tests/hostile.rs: 20 KB of junk on a line, long lines cut around
    // the problem (also in Chinese), a condition inside a multi-line string.
    let phishing = include_str!("../../../../tests/scenarios/valid/phishing-minimal.toml");
    let title = "title = \"钓鱼邮件\"";
    let hostile = [
        phishing.replacen("clock_start = \"14:00\"", &"=[}\"'".repeat(4_000), 1),
        phishing.replacen(title, &format!("title = \"{}\" = 1", "x".repeat(3_000)), 1),
        phishing.replacen(title, &format!("title = \"{}\" = 1 = 2", "中".repeat(1_000)), 1),
        phishing.replacen(title, &format!("{}\t= \"{}\"", "键".repeat(600), "x".repeat(600)), 1),
        phishing.replacen(
            "when = \"chose.first.ignore\"",
            "when = \"\"\"\nclock >= 0 and \\\n    chose.first.unplg\"\"\"",
            1,
        ),
    ];
    for (k, text) in hostile.iter().enumerate() {
        assert_ne!(text, phishing);
        compared += all_readers(&format!("hostile-{k}.toml"), text);
    }
    assert!(compared > 30, "{compared} diagnostics compared");
}

/// A small deterministic generator (xorshift64*), so the generated cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Text a mutation may put in: TOML punctuation, line breaks of every kind, tabs, Chinese,
/// full-width, combining and zero-width characters, emoji, control characters, and long lines.
const PIECES: &[&str] = &[
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\t\t",
    " ",
    "x",
    "id",
    "= 1",
    "= true",
    "= -1",
    "= 1e999",
    "= 99999999999999999999",
    "= \"",
    "时间",
    "钓鱼邮件",
    "　",
    "ＡＢ",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "🙂",
    "👩‍💻",
    "\u{7}",
    "\u{0}",
    "\u{85}",
    "\\",
    "\\u00",
    "when = \"",
    "chose.",
    " and ",
    "clock >= ",
    "[[decision]]",
    "[[option]]",
    "[meta]",
    "goto = \"",
    "表",
];

/// One random change of `text` at a character boundary.
fn mutate(rng: &mut Rng, text: &mut String) {
    let at = |rng: &mut Rng, text: &String| {
        let mut i = rng.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match rng.below(7) {
        0 | 1 => {
            let i = at(rng, text);
            text.insert_str(i, rng.pick(PIECES));
        }
        2 => {
            let (a, b) = (at(rng, text), at(rng, text));
            let (a, b) = (a.min(b), a.max(b));
            let b = a + (b - a).min(40);
            let b = (b..=text.len())
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(text.len());
            text.replace_range(a..b, rng.pick(PIECES));
        }
        3 => {
            // Delete or duplicate a whole line.
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let k = rng.below(lines.len().max(1));
            let mut out = String::new();
            for (j, l) in lines.iter().enumerate() {
                if j != k || rng.below(2) == 0 {
                    out.push_str(l);
                }
                if j == k {
                    out.push_str(l);
                }
            }
            *text = out;
        }
        4 => {
            // A long line, cut when shown.
            let i = at(rng, text);
            let piece = rng.pick(PIECES).repeat(200 + rng.below(600));
            text.insert_str(i, &piece);
        }
        5 => {
            let i = at(rng, text);
            text.truncate(i);
        }
        _ => {
            let i = at(rng, text);
            let key = format!(
                "\n{} = {}\n",
                rng.pick(&["ｋｅｙ", "键", "a\tb", "x"]),
                rng.pick(PIECES)
            );
            text.insert_str(i, &key);
        }
    }
}

#[test]
fn mutated_scenarios_and_cases_render_as_codespan_did() {
    let bases: Vec<&str> = crate::builtin::SOURCES
        .iter()
        .map(|(_, _, s)| *s)
        .chain([
            include_str!("../../../../tests/scenarios/valid/phishing-minimal.toml"),
            include_str!("../../../../tests/cases/worked/e1-county-portal-defaced.toml"),
        ])
        .collect();
    let mut rng = Rng(0x5EED_2026);
    let mut compared = 0;
    for case in 0..3_000 {
        let base = bases[case % bases.len()];
        // Big files are cut to a window of lines, so each case reads fast.
        let lines: Vec<&str> = base.split_inclusive('\n').collect();
        let from = rng.below(lines.len());
        let to = (from + 10 + rng.below(60)).min(lines.len());
        let mut text: String = lines[if case % 4 == 0 { 0 } else { from }..to].concat();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut text);
        }
        let (_, case_diags) = crate::case::parse_case(&text);
        let (_, scenario_diags) = crate::scenario::parse_scenario(&text);
        compared += same("场景.toml", &text, &case_diags) + same("s.toml", &text, &scenario_diags);
    }
    assert!(compared > 3_000, "{compared} diagnostics compared");
}

/// A diagnostic with a primary span, labels and hints, in both languages.
fn diag(span: Range<usize>, labels: Vec<(Range<usize>, &str)>, hints: &[&str]) -> Diagnostic {
    let t = |s: &str| Text {
        zh: format!("中文：{s}"),
        en: s.to_owned(),
    };
    let mut d = Diagnostic::error("T0001", span, t("a problem"));
    for (range, note) in labels {
        d = d.with_label(range, t(note));
    }
    for h in hints {
        d = d.with_hint(t(h));
    }
    d
}

#[test]
fn edge_spans_render_as_codespan_did_and_never_panic() {
    let sources = [
        "",
        "\n",
        "a",
        "a = 1\n",
        "a = 1",
        "a = 1\r\nb = 2\r\n",
        "a = 1\rb = 2\r",
        "\r",
        "\r\n",
        "\t\tx = \"中文\"\n\ty\t= 2\n",
        "表 = \"值\"\n键 = 'ｆｕｌｌ'\n",
        "line\n\n\n\n\n\n\n\n\n\n\n\n\nthirteen\n",
        "é\u{301}\u{200b}x\u{7}y\0\n",
    ];
    let mut long = "x\n".repeat(120);
    long.push_str(&"y".repeat(2_000));
    long.push_str("\n中文 = 1\n");
    let mut compared = 0;
    for source in sources.iter().copied().chain([long.as_str()]) {
        let n = source.len();
        let spans = [
            0..0,
            0..n,
            n..n,
            n..n + 5,
            n + 3..n + 9,
            usize::MAX - 1..usize::MAX,
            Range { start: 5, end: 2 },
            1..2,
            n / 2..n,
            n.saturating_sub(1)..n,
            2..usize::MAX,
        ];
        for span in &spans {
            for other in &spans {
                let d = diag(
                    span.clone(),
                    vec![(other.clone(), "see here"), (span.clone(), "")],
                    &["do this"],
                );
                compared += same("edge.toml", source, &[d]);
            }
        }
    }
    assert!(compared > 1_000);
}

/// Random labels on one random text, rendered by both renderers directly (no window, no
/// diagnostic shape): several on a line, overlapping, spanning lines, with tabs and Chinese.
#[test]
fn random_label_sets_render_as_codespan_did() {
    let mut rng = Rng(0xC0DE_5BA7);
    let words = [
        "x",
        "key",
        "= 1",
        "中文",
        "钓鱼",
        " ",
        "\t",
        "ｆｕｌｌ",
        "e\u{301}",
        "🙂",
        "\u{200b}",
        "  ",
        "[[a]]",
        "\r",
    ];
    for case in 0..3_000 {
        let mut text = String::new();
        let line_count = 1 + rng.below(if case % 10 == 0 { 130 } else { 14 });
        for _ in 0..line_count {
            for _ in 0..rng.below(8) {
                text.push_str(rng.pick(&words));
            }
            text.push_str(if rng.below(5) == 0 { "\r\n" } else { "\n" });
        }
        if rng.below(3) == 0 {
            text.pop();
        }
        let boundary = |rng: &mut Rng| {
            let mut i = rng.below(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let mut labels = Vec::new();
        let mut cs = Vec::new();
        for k in 0..1 + rng.below(5) {
            let (a, b) = (boundary(&mut rng), boundary(&mut rng));
            let (a, b) = (a.min(b), a.max(b));
            // Mostly short labels, some long ones across lines.
            let b = if rng.below(3) == 0 {
                b
            } else {
                (a + rng.below(12)..=text.len())
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(text.len())
            };
            let note = ["", "note", "一个说明", "two\nlines"][rng.below(4)];
            let primary = k == 0;
            labels.push(super::render::Label {
                range: a..b,
                primary,
                note: if primary { "" } else { note },
            });
            let label = if primary {
                CsLabel::primary((), a..b)
            } else {
                CsLabel::secondary((), a..b).with_message(note)
            };
            cs.push(label);
        }
        let notes: Vec<String> = (0..rng.below(3)).map(|k| format!("hint {k}\nsecond line")).collect();
        let diagnostic = CsDiagnostic::error()
            .with_code("T1")
            .with_message("m")
            .with_labels(cs)
            .with_notes(notes.clone());
        let mut theirs = String::new();
        let file = SimpleFile::new("f.toml", text.as_str());
        assert!(term::emit_to_string(&mut theirs, &Config::default(), &file, &diagnostic).is_ok());
        let mut ours = String::new();
        let locus = line_col(&text, labels[0].range.start);
        super::render::write(&mut ours, "error[T1]: m", "f.toml", locus, &text, &labels, &notes);
        assert!(
            ours == theirs,
            "case {case} differs\n--- ours\n{ours}\n--- codespan\n{theirs}\n--- text\n{text:?}"
        );
    }
}
