//! Step 2: the first load's files named by their content, and the references to them rewritten.

use std::path::Path;

use sha2::{Digest, Sha256};

/// The hex digits of the content hash in a name (`NAME.0123456789.EXT`). `zeren serve` lets
/// browsers keep a file named so for good.
pub const HASH_DIGITS: usize = 10;

/// Each file in the order its references are settled: whether it is renamed by content, and the
/// files it refers to (each must be found in it, quoted, as `"NAME"` or `"./NAME"`).
const PLAN: &[(&str, bool, &[&str])] = &[
    ("style.css", true, &[]),
    ("whole.css", true, &[]),
    ("check.js", true, &[]),
    ("unlzma.wasm", true, &[]),
    ("zeren-trainee.js", true, &[]),
    ("zeren-class.js", true, &[]),
    ("zeren.js", true, &[]),
    ("zeren-trainee_bg.wasm.lzma", true, &[]),
    ("zeren-class_bg.wasm.lzma", true, &[]),
    ("zeren_bg.wasm.lzma", true, &[]),
    ("unpack.js", true, &["unlzma.wasm"]),
    (
        "boot.js",
        true,
        &[
            "unpack.js",
            "whole.css",
            "zeren-trainee.js",
            "zeren-class.js",
            "zeren.js",
            "zeren-trainee_bg.wasm.lzma",
            "zeren-class_bg.wasm.lzma",
            "zeren_bg.wasm.lzma",
        ],
    ),
    ("worker.js", false, &["unpack.js", "zeren.js", "zeren_bg.wasm.lzma"]),
    ("index.html", false, &["style.css", "check.js", "unpack.js", "boot.js"]),
];

/// Files that keep their plain name beside the renamed copy: the JavaScript API's module, which
/// other pages import as `zeren.js`, and the style sheet that api-example.html links.
const ALSO_PLAIN: &[&str] = &["zeren.js", "style.css"];

/// Renames and rewrites `dir`'s first-load files by [`PLAN`].
pub fn by_content(dir: &Path) -> Result<(), String> {
    let mut renamed: Vec<(&str, String)> = Vec::new();
    for (name, rename, refers) in PLAN {
        let path = dir.join(name);
        let mut bytes = crate::read(&path)?;
        if !refers.is_empty() {
            let mut text = String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8"))?;
            for target in *refers {
                let Some((_, new)) = renamed.iter().find(|(old, _)| old == target) else {
                    return Err(format!("{name} refers to {target}, which is not renamed before it"));
                };
                let before = text.clone();
                text = text
                    .replace(&format!("\"./{target}\""), &format!("\"./{new}\""))
                    .replace(&format!("\"{target}\""), &format!("\"{new}\""));
                if text == before {
                    return Err(format!("{name} does not refer to \"{target}\" or \"./{target}\""));
                }
            }
            bytes = text.into_bytes();
        }
        if *rename {
            let new = content_name(name, &bytes);
            crate::write(&dir.join(&new), &bytes)?;
            if !ALSO_PLAIN.contains(name) {
                std::fs::remove_file(&path).map_err(|e| format!("{name}: {e}"))?;
            }
            renamed.push((name, new));
        } else {
            crate::write(&path, &bytes)?;
        }
    }
    Ok(())
}

/// `name` with its content hash before its first extension: `boot.js` → `boot.0123456789.js`.
pub fn content_name(name: &str, bytes: &[u8]) -> String {
    let hash: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_DIGITS)
        .collect();
    match name.split_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::content_name;

    #[test]
    fn the_hash_goes_before_the_first_extension_and_follows_the_content() {
        let a = content_name("zeren_bg.wasm.lzma", b"a");
        assert!(a.starts_with("zeren_bg.") && a.ends_with(".wasm.lzma"), "{a}");
        assert_eq!(a.len(), "zeren_bg..wasm.lzma".len() + super::HASH_DIGITS);
        assert_ne!(a, content_name("zeren_bg.wasm.lzma", b"b"));
        assert_eq!(a, content_name("zeren_bg.wasm.lzma", b"a"));
    }
}
