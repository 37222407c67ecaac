//! Step 1: each module's WebAssembly packed as LZMA.

use std::io::Write;
use std::path::Path;

use liblzma::stream::{LzmaOptions, PRESET_EXTREME, Stream};

/// The raw modules that only their packed form serves (the trainee's and the class module); the
/// whole app's stays for pages that use the JavaScript API's default `init()`.
const PACKED_ONLY: &[&str] = &["zeren-trainee_bg.wasm", "zeren-class_bg.wasm"];

/// Packs every `*_bg.wasm` of `dir` as `*_bg.wasm.lzma`, each checked by unpacking it.
pub fn modules(dir: &Path) -> Result<(), String> {
    for name in crate::files(dir)? {
        if !name.ends_with("_bg.wasm") {
            continue;
        }
        let path = dir.join(&name);
        let raw = crate::read(&path)?;
        let packed = lzma(&raw).map_err(|e| format!("{name}: {e}"))?;
        crate::write(&dir.join(format!("{name}.lzma")), &packed)?;
        if PACKED_ONLY.contains(&name.as_str()) {
            std::fs::remove_file(&path).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    Ok(())
}

/// `raw` as an LZMA file (xz's preset 9 extreme) whose header states its size, checked by
/// unpacking it with the browser's decoder.
pub fn lzma(raw: &[u8]) -> Result<Vec<u8>, String> {
    let options = LzmaOptions::new_preset(9 | PRESET_EXTREME).map_err(|e| e.to_string())?;
    let stream = Stream::new_lzma_encoder(&options).map_err(|e| e.to_string())?;
    let mut encoder = liblzma::write::XzEncoder::new_stream(Vec::with_capacity(raw.len() / 3), stream);
    encoder.write_all(raw).map_err(|e| e.to_string())?;
    let mut packed = encoder.finish().map_err(|e| e.to_string())?;
    // The encoder writes "size unknown" and an end marker; state the size, which the browser's
    // decoder needs to reserve its memory (it then stops before the end marker).
    let size = (raw.len() as u64).to_le_bytes();
    packed
        .get_mut(5..13)
        .ok_or("the encoder wrote no header")?
        .copy_from_slice(&size);
    let mut check = vec![0; zeren_lzma::decoded_size(&packed).map_err(|e| format!("{e:?}"))?];
    zeren_lzma::decode(&packed, &mut check).map_err(|e| format!("the packed file does not unpack: {e:?}"))?;
    if check != raw {
        return Err("the packed file unpacks to other bytes".into());
    }
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::lzma;

    /// A fixed pseudo-random sequence of `n` bytes drawn from an alphabet of `k` letters, with runs
    /// copied from earlier on (so the encoder uses literals, matches and repeated distances).
    fn sample(n: usize, k: u8, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut v = Vec::with_capacity(n);
        while v.len() < n {
            let r = next();
            if v.len() > 16 && r % 3 == 0 {
                let back = 1 + (next() as usize % v.len().min(70_000));
                let len = 2 + (next() as usize % 300);
                for _ in 0..len {
                    v.push(v[v.len() - back]);
                }
            } else {
                v.push(b'a'.wrapping_add((r % u64::from(k)) as u8));
            }
        }
        v.truncate(n);
        v
    }

    #[test]
    fn every_shape_of_data_round_trips_through_the_browsers_decoder() {
        // `lzma` unpacks what it packs with zeren-lzma and compares: a round trip each.
        for (i, (n, k)) in [
            (0, 1),
            (1, 1),
            (2, 2),
            (1000, 1),
            (1000, 255),
            (70_000, 4),
            (300_000, 20),
        ]
        .into_iter()
        .enumerate()
        {
            let raw = sample(n, k, i as u64 + 7);
            let packed = lzma(&raw).unwrap_or_else(|e| panic!("{n} bytes of {k} letters: {e}"));
            assert!(packed.len() < raw.len() + 64, "{n} bytes grew to {}", packed.len());
        }
    }

    #[test]
    fn a_packed_file_with_a_flipped_bit_is_refused_or_unpacks_to_other_bytes_never_a_panic() {
        let raw = sample(20_000, 30, 3);
        let packed = lzma(&raw).unwrap_or_else(|e| panic!("{e}"));
        // Not the last bytes: the end marker after the stated size, which the decoder never reads.
        for at in (13..packed.len() - 64).step_by(97) {
            let mut bad = packed.clone();
            bad[at] ^= 0x10;
            let mut out = vec![0; raw.len()];
            if zeren_lzma::decode(&bad, &mut out).is_ok() {
                assert_ne!(out, raw, "a flipped bit at {at} changed nothing");
            }
        }
    }
}
