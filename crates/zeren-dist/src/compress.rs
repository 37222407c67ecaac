//! Step 3: every text or WebAssembly file precompressed as gzip and brotli.

use std::io::Write;
use std::path::Path;

/// The kinds of file worth compressing (the packed `.lzma` and images are already compressed).
const COMPRESSED_KINDS: &[&str] = &[".html", ".js", ".css", ".json", ".svg", ".wasm", ".ts", ".md", ".txt"];

/// Writes `NAME.gz` and `NAME.br` beside every such file of `dir` where they save at least a
/// twentieth of it.
pub fn all(dir: &Path) -> Result<(), String> {
    for name in crate::files(dir)? {
        if !COMPRESSED_KINDS.iter().any(|k| name.ends_with(k)) {
            continue;
        }
        let raw = crate::read(&dir.join(&name))?;
        for (ext, packed) in [("gz", gzip(&raw)?), ("br", brotli(&raw)?)] {
            if packed.len() * 20 < raw.len() * 19 {
                crate::write(&dir.join(format!("{name}.{ext}")), &packed)?;
            }
        }
    }
    Ok(())
}

fn gzip(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

fn brotli(raw: &[u8]) -> Result<Vec<u8>, String> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: raw.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}
