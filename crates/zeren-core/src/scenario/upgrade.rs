//! `zeren upgrade`: a scenario file of an older format rewritten to the newest, as a textual
//! edit, so that comments, order and spacing stay exactly as the author wrote them. Format 2
//! only adds keys, so the edit is the `format` line: its value replaced, or the line inserted
//! before the first key when the file has none.

use super::{FORMAT, code, parse_scenario};
use crate::diagnostic::{Diagnostic, Severity};

/// What upgrading a file gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upgrade {
    /// The text of the file in the newest format, and the format it had (`None` when it did
    /// not say).
    Upgraded {
        /// The new text.
        text: String,
        /// The format the file declared.
        from: Option<u64>,
    },
    /// The file already declares the newest format; nothing to change.
    Current,
}

/// Upgrades a scenario file's text to format [`FORMAT`]. A file with errors is not upgraded:
/// its diagnostics come back instead, except S0002 (teaching content in a format-1 file), which
/// is what upgrading mends.
pub fn upgrade(source: &str) -> Result<Upgrade, Vec<Diagnostic>> {
    let (_, diags) = parse_scenario(source);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error && d.code != code::NEEDS_FORMAT_2)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let (doc, _) = crate::toml_reader::parse(source);
    let declared = doc.get_ref().get("format").map(|v| {
        let n = v.get_ref().as_integer().and_then(|i| i.as_str().parse::<u64>().ok());
        (v.span(), n)
    });
    let new = format!("{FORMAT}");
    let text = match declared {
        Some((_, Some(FORMAT))) => return Ok(Upgrade::Current),
        Some((span, from)) => {
            let mut text = source.to_owned();
            text.replace_range(span, &new);
            return Ok(Upgrade::Upgraded { text, from });
        }
        None => {
            let newline = if source.contains("\r\n") { "\r\n" } else { "\n" };
            let at = first_key(source);
            let mut text = source.to_owned();
            text.insert_str(at, &format!("format = {new}{newline}"));
            text
        }
    };
    Ok(Upgrade::Upgraded { text, from: None })
}

/// The byte offset of the first line that is neither blank nor a comment: where a top-level
/// key may go, after the file's opening comments.
fn first_key(source: &str) -> usize {
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start_matches('\u{feff}').trim();
        if !t.is_empty() && !t.starts_with('#') {
            return at;
        }
        at += line.len();
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_model(old: &str, new: &str) {
        let (a, _) = parse_scenario(old);
        let (b, _) = parse_scenario(new);
        let (mut a, b) = (a.expect("old reads"), b.expect("new reads"));
        assert_eq!(b.format, FORMAT);
        a.format = FORMAT;
        assert_eq!(a, b);
    }

    #[test]
    fn a_format_1_file_upgrades_by_its_format_line_alone() {
        let old = include_str!("../../../../tests/scenarios/valid/phishing-minimal.toml");
        let Ok(Upgrade::Upgraded { text, from }) = upgrade(old) else {
            panic!("does not upgrade");
        };
        assert_eq!(from, Some(1));
        assert_eq!(text.replacen("format = 2", "format = 1", 1), old);
        same_model(old, &text);
        assert_eq!(upgrade(&text), Ok(Upgrade::Current));
        let bare = old.replacen("format = 1\n", "", 1);
        let Ok(Upgrade::Upgraded { text, from: None }) = upgrade(&bare) else {
            panic!("a file without format does not upgrade");
        };
        assert_eq!(text, old.replacen("format = 1", "format = 2", 1));
    }

    #[test]
    fn a_file_without_format_gets_the_line_after_its_opening_comments() {
        let src = "# a comment\n\n# another\nid = \"x\"\ntitle = \"t\"\n";
        assert_eq!(first_key(src), "# a comment\n\n# another\n".len());
        let crlf = "# c\r\nid = \"x\"\r\n";
        assert_eq!(first_key(crlf), "# c\r\n".len());
    }

    #[test]
    fn teaching_content_written_into_a_format_1_file_is_mended_by_upgrading() {
        let old = include_str!("../../../../tests/scenarios/valid/phishing-minimal.toml").to_owned()
            + "\n[[objective]]\nid = \"o\"\ntext = \"说明报告时限。\"\ntext_en = \"Say when a report is due.\"\nclauses = [\"art5\"]\n";
        let (none, diags) = parse_scenario(&old);
        assert!(none.is_none() && diags.iter().any(|d| d.code == code::NEEDS_FORMAT_2));
        let Ok(Upgrade::Upgraded { text, from: Some(1) }) = upgrade(&old) else {
            panic!("not upgraded");
        };
        let (s, _) = parse_scenario(&text);
        assert_eq!(s.map(|s| s.objectives.len()), Some(1));
    }

    #[test]
    fn a_broken_file_is_not_upgraded() {
        let Err(diags) = upgrade("format = 1\nid = 3\n") else {
            panic!("a broken file upgraded")
        };
        assert!(!diags.is_empty());
    }
}
