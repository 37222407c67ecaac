//! `zeren-dist DIR`: finishes a built web app (web/dist, after wasm-bindgen and `zeren pre-read`)
//! for serving, in four steps, and prints what each file weighs:
//!
//! 0. **Shorten** the names by which each module's WebAssembly imports its JavaScript glue
//!    (wasm-bindgen's carry a 16-digit hash each, written twice): about 4 KB less per module.
//! 1. **Pack** each module's WebAssembly (`*_bg.wasm`) as LZMA (`*_bg.wasm.lzma`), checked by
//!    unpacking it with the decoder the browser runs (`zeren-lzma`). Browsers on a room's
//!    plain-HTTP network accept only gzip, and LZMA is a fifth smaller; web/unpack.js unpacks it.
//!    The raw modules that only the packed form serves are removed; `zeren_bg.wasm` stays, for
//!    pages that use the JavaScript API's default `init()`.
//! 2. **Name by content** the files that index.html and boot.js load (`NAME.HASH.EXT`, HASH the
//!    first ten hex digits of the file's SHA-256 after its own references were renamed), and
//!    rewrite those references, so a server can let browsers keep them for good
//!    (`Cache-Control: immutable`) while index.html is revalidated at every visit.
//! 3. **Precompress** every text or WebAssembly file as `.gz` (best level) and `.br` (quality
//!    11), where that saves at least a twentieth, for servers that send a file's precompressed
//!    form (`zeren serve`, nginx's `gzip_static`/`brotli_static`).

mod compress;
mod imports;
mod names;
mod pack;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: zeren-dist DIR   (DIR: the built web app, e.g. web/dist)");
        return ExitCode::from(2);
    };
    match run(Path::new(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zeren-dist: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    if !dir.join("index.html").is_file() {
        return Err(format!(
            "{} holds no index.html: build the web app first (scripts/build-web)",
            dir.display()
        ));
    }
    imports::shorten(dir)?;
    pack::modules(dir)?;
    names::by_content(dir)?;
    compress::all(dir)?;
    report(dir)
}

/// Every file under `dir`, sorted, as paths relative to it with `/` separators.
pub(crate) fn files(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn size(path: PathBuf) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// The table of what each served file weighs, raw and in each precomputed form.
fn report(dir: &Path) -> Result<(), String> {
    println!("{:<44} {:>9} {:>9} {:>9}", "file", "raw B", "gzip B", "brotli B");
    for name in files(dir)? {
        if name.ends_with(".gz") || name.ends_with(".br") {
            continue;
        }
        let form = |ext: &str| size(dir.join(format!("{name}.{ext}"))).map_or("-".to_owned(), |n| n.to_string());
        let raw = size(dir.join(&name)).unwrap_or_default();
        println!("{name:<44} {raw:>9} {:>9} {:>9}", form("gz"), form("br"));
    }
    Ok(())
}
