//! Problems found in a user's file, as plain data, and their one rendering with file:line:col.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

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
    /// Lowercase, no trailing period.
    pub message: String,
    /// The byte range of the offending text.
    pub span: Range<usize>,
    /// Other places that explain the problem, each with a short note.
    pub labels: Vec<(Range<usize>, String)>,
    /// Suggestions such as "did you mean `portal`?".
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error with a code, a span and a message.
    pub fn error(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// A warning with a code, a span and a message.
    pub fn warning(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, span, message)
        }
    }

    /// Adds a hint shown under the snippet.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a secondary label at another place in the file.
    pub fn with_label(mut self, span: Range<usize>, note: impl Into<String>) -> Self {
        self.labels.push((span, note.into()));
        self
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Renders diagnostics as plain text with `file:line:col`, the offending line and its underline:
/// the one text that the terminal, the browser and the snapshots all show.
pub fn render(file_name: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(file_name, source);
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let span = clamp(&d.span, source);
        let mut labels = vec![CsLabel::primary((), span)];
        labels.extend(
            d.labels
                .iter()
                .map(|(s, note)| CsLabel::secondary((), clamp(s, source)).with_message(note)),
        );
        let cs = cs
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(d.hints.iter().map(|h| format!("hint: {h}")).collect());
        // Rendering only fails on a span outside the file, which `clamp` prevents.
        if term::emit_to_string(&mut out, &config, &file, &cs).is_err() {
            out.push_str(&format!("{file_name}: {}: {}\n", d.code, d.message));
        }
    }
    out
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

/// The 1-based line and column (in characters) of a byte offset, as editors count them.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..clamp(&(offset..offset), source).start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
