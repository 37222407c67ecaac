//! Problems found in a user's file, as plain data, and their one rendering with file:line:col.

use std::ops::Range;

use serde::Serialize;

use crate::lang::{Lang, Text};
use crate::limits::{LONG_LINE_BYTES, SNIPPET_BYTES};

#[cfg(test)]
mod compare;
mod render;

/// How bad a problem is: an error makes the file unusable, a warning does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be used until this is fixed.
    Error,
    /// The file works, but probably not as its author meant.
    Warning,
}

/// One problem in a file: a stable code, a byte span, a message, labels and hints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `C0101`, listed in docs/case-format.md.
    pub code: &'static str,
    /// In both languages; the English is lowercase, with no trailing period.
    pub message: Text,
    /// The byte range of the offending text.
    pub span: Range<usize>,
    /// Other places that explain the problem, each with a short note.
    pub labels: Vec<(Range<usize>, Text)>,
    /// Suggestions such as "did you mean `portal`?".
    pub hints: Vec<Text>,
}

impl Diagnostic {
    /// An error with a code, a span and a message.
    pub fn error(code: &'static str, span: Range<usize>, message: Text) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message,
            span,
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// A warning with a code, a span and a message.
    pub fn warning(code: &'static str, span: Range<usize>, message: Text) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, span, message)
        }
    }

    /// Adds a hint shown under the snippet.
    pub fn with_hint(mut self, hint: Text) -> Self {
        self.hints.push(hint);
        self
    }

    /// Adds a secondary label at another place in the file.
    pub fn with_label(mut self, span: Range<usize>, note: Text) -> Self {
        self.labels.push((span, note));
        self
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Renders diagnostics as plain text with `file:line:col`, the offending line and its underline:
/// the one text that the terminal, the browser and the snapshots all show. A line longer than
/// [`LONG_LINE_BYTES`] is shown cut to [`SNIPPET_BYTES`] on each side of the problem. Messages,
/// notes, hints and the words "error", "warning" and "hint" are in `lang`.
pub fn render(file_name: &str, source: &str, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let span = clamp(&d.span, source);
        let window = Window::around(source, &span);
        let text = window.text(source);
        let mut labels = vec![render::Label {
            range: window.map(&span),
            primary: true,
            note: "",
        }];
        labels.extend(d.labels.iter().map(|(s, note)| render::Label {
            range: window.map(&clamp(s, source)),
            primary: false,
            note: note.get(lang),
        }));
        let notes: Vec<String> = d
            .hints
            .iter()
            .map(|h| format!("{}{}", hint_word(lang), h.get(lang)))
            .collect();
        let header = format!(
            "{}[{}]: {}",
            severity_word(d.severity, lang),
            d.code,
            d.message.get(lang)
        );
        // The column counts the characters of the whole line, also when it is shown cut.
        let locus = line_col(source, span.start);
        render::write(&mut out, &header, file_name, locus, &text, &labels, &notes);
    }
    out
}

/// How a diagnostic's header names its severity.
fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    }
}

/// What stands before a hint.
fn hint_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "提示：",
        Lang::En => "hint: ",
    }
}

/// What stands for the cut part of a line.
const ELLIPSIS: &str = "…";

/// The part of a long line shown around a problem: bytes `keep` of the source, with the line's
/// text before and after it replaced by an ellipsis.
struct Window {
    /// The shown range of the line, or `None` when the line is shown whole.
    keep: Option<std::ops::Range<usize>>,
    /// Bytes cut before the shown range.
    cut_before: usize,
    /// The line's range.
    line: std::ops::Range<usize>,
}

impl Window {
    fn around(source: &str, span: &Range<usize>) -> Window {
        let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[span.start..].find('\n').map_or(source.len(), |i| span.start + i);
        let line = line_start..line_end;
        if line_end - line_start <= LONG_LINE_BYTES {
            return Window {
                keep: None,
                cut_before: 0,
                line,
            };
        }
        let down = |mut i: usize| {
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let up = |mut i: usize| {
            while !source.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        let start = up(span.start.saturating_sub(SNIPPET_BYTES).max(line_start));
        let end_of_problem = span.end.clamp(span.start, line_end).min(span.start + SNIPPET_BYTES);
        let end = down((end_of_problem + SNIPPET_BYTES).min(line_end)).max(span.start);
        Window {
            keep: Some(start..end),
            cut_before: start - line_start,
            line,
        }
    }

    /// The source with the line cut.
    fn text<'s>(&self, source: &'s str) -> std::borrow::Cow<'s, str> {
        let Some(keep) = &self.keep else {
            return std::borrow::Cow::Borrowed(source);
        };
        let mut t = String::with_capacity(source.len());
        t.push_str(&source[..self.line.start]);
        if self.cut_before > 0 {
            t.push_str(ELLIPSIS);
        }
        t.push_str(&source[keep.clone()]);
        if keep.end < self.line.end {
            t.push_str(ELLIPSIS);
        }
        t.push_str(&source[self.line.end..]);
        std::borrow::Cow::Owned(t)
    }

    /// A span of the source as a span of the cut text (inside the shown range, on the line).
    fn map(&self, span: &Range<usize>) -> Range<usize> {
        let Some(keep) = &self.keep else {
            return span.clone();
        };
        let lead = if self.cut_before > 0 { ELLIPSIS.len() } else { 0 };
        let shown = keep.end - keep.start;
        let tail = if keep.end < self.line.end { ELLIPSIS.len() } else { 0 };
        let removed = (self.line.end - self.line.start) - shown;
        let one = |i: usize| {
            if i < self.line.start {
                i
            } else if i > self.line.end {
                i + lead + tail - removed
            } else {
                self.line.start + lead + i.clamp(keep.start, keep.end) - keep.start
            }
        };
        let start = one(span.start);
        start..one(span.end).max(start)
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering never fails.
fn clamp(span: &Range<usize>, source: &str) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}

/// A diagnostic placed in its file, as `zeren check --json` and the JavaScript API give it:
/// the English message and hints, with the Chinese beside them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Located {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code.
    pub code: &'static str,
    /// The message in English.
    pub message: String,
    /// The message in Chinese.
    pub message_zh: String,
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// The hints in English.
    pub hints: Vec<String>,
    /// The hints in Chinese.
    pub hints_zh: Vec<String>,
}

/// Every diagnostic of `source` placed by line and column.
pub fn located(file: &str, source: &str, diags: &[Diagnostic]) -> Vec<Located> {
    diags
        .iter()
        .map(|d| {
            let (line, col) = line_col(source, d.span.start);
            Located {
                severity: d.severity,
                code: d.code,
                message: d.message.en.clone(),
                message_zh: d.message.zh.clone(),
                file: file.to_owned(),
                line,
                col,
                hints: d.hints.iter().map(|h| h.en.clone()).collect(),
                hints_zh: d.hints.iter().map(|h| h.zh.clone()).collect(),
            }
        })
        .collect()
}

/// The 1-based line and column (in characters) of a byte offset, as editors count them.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..clamp(&(offset..offset), source).start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
