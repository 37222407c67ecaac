//! Step 0: the names by which each module's WebAssembly imports its JavaScript glue, shortened.
//!
//! wasm-bindgen names every import after the function it binds plus a 16-digit hash
//! (`__wbg_set_3f1d0b984ed272ed`), and each name is written twice: in the WebAssembly's import
//! section and as a key of the glue's import object. Some 190 imports a module make about 12 KB
//! of names, a third of them random digits that no compressor can shrink. Both sides are
//! renamed here to short names (`a`, `b`, … `aa` …), in the order of the import section.

use std::path::Path;

/// Renames the glue imports of every `NAME_bg.wasm` in `dir` and of its glue `NAME.js`.
pub fn shorten(dir: &Path) -> Result<(), String> {
    for name in crate::files(dir)? {
        let Some(stem) = name.strip_suffix("_bg.wasm") else {
            continue;
        };
        let (wasm_path, glue_path) = (dir.join(&name), dir.join(format!("{stem}.js")));
        let module = format!("./{stem}_bg.js");
        let wasm = crate::read(&wasm_path)?;
        let glue = String::from_utf8(crate::read(&glue_path)?).map_err(|_| format!("{stem}.js is not UTF-8"))?;
        let (wasm, renamed) = rename_imports(&wasm, &module).map_err(|e| format!("{name}: {e}"))?;
        let mut glue = glue;
        for (old, new) in &renamed {
            glue = replace_key(&glue, old, new).ok_or_else(|| format!("{stem}.js has no import `{old}`"))?;
            if glue.contains(old.as_str()) {
                return Err(format!("{stem}.js names the import `{old}` elsewhere than its key"));
            }
        }
        crate::write(&wasm_path, &wasm)?;
        crate::write(&glue_path, glue.as_bytes())?;
    }
    Ok(())
}

/// The `n`-th short name: `a` … `z`, `aa` … `zz`, `aaa` …
fn short_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `glue` with the import object's key `old` (written `old: function`) named `new`; `None` when
/// the key is not there.
fn replace_key(glue: &str, old: &str, new: &str) -> Option<String> {
    let key = format!("{old}: function");
    glue.contains(&key)
        .then(|| glue.replace(&key, &format!("{new}: function")))
}

/// Each renamed import: its old name and its new one.
type Renames = Vec<(String, String)>;

/// The module with every import from `module` renamed, and the renames.
fn rename_imports(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Renames), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0") {
        return Err("not a WebAssembly module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renamed = Vec::new();
    let mut r = Reader { bytes: wasm, at: 8 };
    while r.at < wasm.len() {
        let id = r.byte()?;
        let size = r.leb()? as usize;
        let body = r.take(size)?;
        if id != 2 {
            out.push(id);
            write_leb(&mut out, size as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut s = Reader { bytes: body, at: 0 };
        let mut section = Vec::new();
        let count = s.leb()?;
        write_leb(&mut section, count);
        for _ in 0..count {
            let from = s.name()?;
            let field = s.name()?;
            let desc_start = s.at;
            s.skip_import_desc()?;
            let field = if from == module {
                let new = short_name(renamed.len());
                renamed.push((field, new.clone()));
                new
            } else {
                field
            };
            write_name(&mut section, &from);
            write_name(&mut section, &field);
            section.extend_from_slice(&body[desc_start..s.at]);
        }
        out.push(2);
        write_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }
    Ok((out, renamed))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("the module ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or("the module ends early")?;
        let part = &self.bytes[self.at..end];
        self.at = end;
        Ok(part)
    }

    fn leb(&mut self) -> Result<u64, String> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("a number is too long".into());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self.leb()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| "a name is not UTF-8".into())
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }

    /// Skips an import's description: a function's type, a table, a memory, a global, a tag.
    fn skip_import_desc(&mut self) -> Result<(), String> {
        match self.byte()? {
            0x00 => self.leb().map(drop),
            0x01 => {
                self.byte()?;
                self.limits()
            }
            0x02 => self.limits(),
            0x03 => self.take(2).map(drop),
            0x04 => {
                self.byte()?;
                self.leb().map(drop)
            }
            kind => Err(format!("an import of an unknown kind ({kind:#x})")),
        }
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the glue, a memory from elsewhere, and one more
    /// function from the glue, with a custom section after.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for (from, field, desc) in [
            ("./m_bg.js", "__wbg_set_0123456789abcdef", &[0x00, 0x01][..]),
            ("./m_bg.js", "__wbg_get_fedcba9876543210", &[0x00, 0x02]),
            ("env", "memory", &[0x02, 0x01, 0x11, 0x80, 0x01]),
            ("./m_bg.js", "__wbindgen_throw", &[0x00, 0x00]),
        ] {
            write_name(&mut imports, from);
            write_name(&mut imports, field);
            imports.extend_from_slice(desc);
        }
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.push(2);
        write_leb(&mut m, imports.len() as u64);
        m.extend_from_slice(&imports);
        m.extend_from_slice(&[0, 4, 3, b'a', b'b', b'c']);
        m
    }

    #[test]
    fn glue_imports_are_renamed_and_everything_else_kept() {
        let (out, renamed) = rename_imports(&module(), "./m_bg.js").unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<(&str, &str)> = renamed.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            names,
            [
                ("__wbg_set_0123456789abcdef", "a"),
                ("__wbg_get_fedcba9876543210", "b"),
                ("__wbindgen_throw", "c")
            ]
        );
        // Read back: the same imports with the new names, the memory's untouched, the custom
        // section kept.
        let (again, second) = rename_imports(&out, "./m_bg.js").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            second.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(again, out);
        assert!(out.windows(6).any(|w| w == b"memory"));
        assert!(out.ends_with(&[0, 4, 3, b'a', b'b', b'c']));
        assert!(out.len() < module().len());
    }

    #[test]
    fn short_names_count_like_spreadsheet_columns() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 701, 702].into_iter().map(short_name).collect();
        assert_eq!(names, ["a", "b", "z", "aa", "ab", "zz", "aaa"]);
    }

    #[test]
    fn a_damaged_module_is_refused() {
        let m = module();
        assert!(rename_imports(&m[..20], "./m_bg.js").is_err());
        assert!(rename_imports(b"\0asm\x02\0\0\0", "./m_bg.js").is_err());
    }

    #[test]
    fn only_the_import_objects_keys_change() {
        let glue = "const x = { __wbg_set_1: function(a) { return a; } };";
        assert_eq!(
            replace_key(glue, "__wbg_set_1", "a").as_deref(),
            Some("const x = { a: function(a) { return a; } };")
        );
        assert_eq!(replace_key(glue, "__wbg_get_1", "b"), None);
    }
}
