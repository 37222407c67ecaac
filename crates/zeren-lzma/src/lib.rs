//! A decoder of LZMA files (the "LZMA alone" format, `.lzma`) whose header states their size.
//!
//! Why it exists: over a room's network the app is served on plain HTTP, and browsers then accept
//! only `gzip` and `deflate` (Chromium and Firefox keep `br` and `zstd` for HTTPS and localhost).
//! The web app's WebAssembly is a fifth smaller as LZMA than as gzip, so `zeren-dist` packs each
//! module as `.lzma` and web/boot.js unpacks it with this decoder, itself a few kilobytes of
//! WebAssembly (`src/wasm.rs`), before compiling it.
//!
//! The decoder follows the LZMA specification of the LZMA SDK (public domain): a range coder over
//! adaptive bit probabilities, literals coded in the context of the previous byte, matches of
//! distance and length, four recent distances. It never panics on bad input: every failure is an
//! [`Error`].

#![cfg_attr(target_arch = "wasm32", no_std)]

#[cfg(target_arch = "wasm32")]
mod wasm;

/// Why a file could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The header is not one this decoder reads (properties out of range, `lc + lp` above 4, or
    /// no stated size).
    Header,
    /// The decoded size in the header is above [`MAX_SIZE`], or the output buffer has another size.
    Size,
    /// The data ends before the stated size is decoded.
    Truncated,
    /// The data is not an LZMA stream (a distance before the start, a match past the end, an end
    /// marker before the stated size).
    Corrupt,
}

/// The bytes of the header: properties, dictionary size, decoded size.
pub const HEADER_BYTES: usize = 13;

/// The largest decoded size accepted (64 MiB; the web app's largest module is under 2 MiB).
pub const MAX_SIZE: usize = 64 << 20;

/// The literal coder's contexts this decoder allows: `lc + lp` at most 4, as in LZMA2 (the
/// encoder's defaults are `lc = 3`, `lp = 0`).
const MAX_LC_LP: u32 = 4;

/// The decoded size a file's header states.
pub fn decoded_size(src: &[u8]) -> Result<usize, Error> {
    properties(src).map(|p| p.size)
}

/// Decodes `src` (header included) into `dst`, which must be exactly [`decoded_size`] long.
pub fn decode(src: &[u8], dst: &mut [u8]) -> Result<(), Error> {
    let props = properties(src)?;
    if dst.len() != props.size {
        return Err(Error::Size);
    }
    let mut rc = RangeDecoder::new(src.get(HEADER_BYTES..).unwrap_or_default())?;
    let mut probs = Probabilities::new();
    let (lc, lp_mask, pb_mask) = (props.lc, (1usize << props.lp) - 1, (1usize << props.pb) - 1);
    let mut state = 0usize;
    let mut reps = [0usize; 4];
    let mut n = 0usize;
    while n < dst.len() {
        let pos_state = n & pb_mask;
        if rc.bit(&mut probs.is_match[(state << 4) + pos_state]) == 0 {
            let prev = if n > 0 { usize::from(dst[n - 1]) } else { 0 };
            let context = ((n & lp_mask) << lc) + (prev >> (8 - lc));
            let coder = &mut probs.literal[context * 0x300..(context + 1) * 0x300];
            let mut symbol = 1usize;
            if state >= 7 {
                // After a match: the byte at the last distance predicts this one, bit by bit.
                let mut matched = usize::from(dst[n - reps[0] - 1]);
                while symbol < 0x100 {
                    let match_bit = (matched >> 7) & 1;
                    matched <<= 1;
                    let bit = rc.bit(&mut coder[((1 + match_bit) << 8) + symbol]);
                    symbol = (symbol << 1) | bit;
                    if match_bit != bit {
                        break;
                    }
                }
            }
            while symbol < 0x100 {
                symbol = (symbol << 1) | rc.bit(&mut coder[symbol]);
            }
            dst[n] = symbol as u8;
            n += 1;
            state = match state {
                0..4 => 0,
                4..10 => state - 3,
                _ => state - 6,
            };
            continue;
        }
        let len = if rc.bit(&mut probs.is_rep[state]) == 1 {
            if n == 0 {
                return Err(Error::Corrupt);
            }
            if rc.bit(&mut probs.is_rep_g0[state]) == 0 {
                if rc.bit(&mut probs.is_rep0_long[(state << 4) + pos_state]) == 0 {
                    // A "short rep": one byte at the last distance.
                    state = if state < 7 { 9 } else { 11 };
                    dst[n] = dst[n - reps[0] - 1];
                    n += 1;
                    continue;
                }
            } else {
                let distance = if rc.bit(&mut probs.is_rep_g1[state]) == 0 {
                    reps[1]
                } else {
                    let d = if rc.bit(&mut probs.is_rep_g2[state]) == 0 {
                        reps[2]
                    } else {
                        let d = reps[3];
                        reps[3] = reps[2];
                        d
                    };
                    reps[2] = reps[1];
                    d
                };
                reps[1] = reps[0];
                reps[0] = distance;
            }
            state = if state < 7 { 8 } else { 11 };
            rc.length(&mut probs.rep_len, pos_state)
        } else {
            reps[3] = reps[2];
            reps[2] = reps[1];
            reps[1] = reps[0];
            let len = rc.length(&mut probs.len, pos_state);
            state = if state < 7 { 7 } else { 10 };
            let distance = rc.distance(&mut probs, len)?;
            if distance == u32::MAX as usize {
                // The end marker, before the stated size.
                return Err(Error::Corrupt);
            }
            if distance >= n {
                return Err(Error::Corrupt);
            }
            reps[0] = distance;
            len
        };
        let len = len + 2;
        if len > dst.len() - n {
            return Err(Error::Corrupt);
        }
        let from = n - reps[0] - 1;
        for i in 0..len {
            dst[n + i] = dst[from + i];
        }
        n += len;
    }
    if rc.pos > rc.src.len() {
        return Err(Error::Truncated);
    }
    Ok(())
}

struct Properties {
    lc: u32,
    lp: u32,
    pb: u32,
    size: usize,
}

fn properties(src: &[u8]) -> Result<Properties, Error> {
    let header = src.get(..HEADER_BYTES).ok_or(Error::Truncated)?;
    let d = u32::from(header[0]);
    if d >= 9 * 5 * 5 {
        return Err(Error::Header);
    }
    let (lc, lp, pb) = (d % 9, (d / 9) % 5, d / 45);
    if lc + lp > MAX_LC_LP {
        return Err(Error::Header);
    }
    let mut size = [0u8; 8];
    size.copy_from_slice(&header[5..13]);
    let size = u64::from_le_bytes(size);
    if size == u64::MAX {
        return Err(Error::Header);
    }
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s <= MAX_SIZE)
        .ok_or(Error::Size)?;
    Ok(Properties { lc, lp, pb, size })
}

/// An adaptive probability (of a 0 bit, in 1/2048ths) starts even.
const EVEN: u16 = 1024;

/// The probabilities of the match and length coders for one kind of length (match or rep).
struct LengthProbabilities {
    choice: u16,
    choice2: u16,
    low: [[u16; 8]; 16],
    mid: [[u16; 8]; 16],
    high: [u16; 256],
}

impl LengthProbabilities {
    const fn new() -> Self {
        LengthProbabilities {
            choice: EVEN,
            choice2: EVEN,
            low: [[EVEN; 8]; 16],
            mid: [[EVEN; 8]; 16],
            high: [EVEN; 256],
        }
    }
}

struct Probabilities {
    is_match: [u16; 12 << 4],
    is_rep: [u16; 12],
    is_rep_g0: [u16; 12],
    is_rep_g1: [u16; 12],
    is_rep_g2: [u16; 12],
    is_rep0_long: [u16; 12 << 4],
    pos_slot: [[u16; 64]; 4],
    /// The distances of slots 4–13, below their low bits' reverse trees.
    special: [u16; 115],
    align: [u16; 16],
    len: LengthProbabilities,
    rep_len: LengthProbabilities,
    literal: [u16; 0x300 << MAX_LC_LP],
}

impl Probabilities {
    fn new() -> Self {
        Probabilities {
            is_match: [EVEN; 12 << 4],
            is_rep: [EVEN; 12],
            is_rep_g0: [EVEN; 12],
            is_rep_g1: [EVEN; 12],
            is_rep_g2: [EVEN; 12],
            is_rep0_long: [EVEN; 12 << 4],
            pos_slot: [[EVEN; 64]; 4],
            special: [EVEN; 115],
            align: [EVEN; 16],
            len: LengthProbabilities::new(),
            rep_len: LengthProbabilities::new(),
            literal: [EVEN; 0x300 << MAX_LC_LP],
        }
    }
}

struct RangeDecoder<'a> {
    src: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
}

impl<'a> RangeDecoder<'a> {
    fn new(src: &'a [u8]) -> Result<Self, Error> {
        let start = src.get(..5).ok_or(Error::Truncated)?;
        if start[0] != 0 {
            return Err(Error::Corrupt);
        }
        let code = u32::from_be_bytes([start[1], start[2], start[3], start[4]]);
        Ok(RangeDecoder {
            src,
            pos: 5,
            range: u32::MAX,
            code,
        })
    }

    /// The next byte of the stream; past its end, zeros (counted, and reported as
    /// [`Error::Truncated`] at the end).
    #[inline(always)]
    fn byte(&mut self) -> u32 {
        let b = self.src.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        u32::from(b)
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            self.code = (self.code << 8) | self.byte();
        }
    }

    /// One bit under an adaptive probability, which it updates.
    #[inline(always)]
    fn bit(&mut self, prob: &mut u16) -> usize {
        let bound = (self.range >> 11) * u32::from(*prob);
        let bit = if self.code < bound {
            self.range = bound;
            *prob += (2048 - *prob) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob -= *prob >> 5;
            1
        };
        self.normalize();
        bit
    }

    /// `bits` bits, most significant first, through a tree of probabilities (`probs[1..]`).
    fn tree(&mut self, probs: &mut [u16], bits: u32) -> usize {
        let mut m = 1usize;
        for _ in 0..bits {
            m = (m << 1) | self.bit(&mut probs[m]);
        }
        m - (1 << bits)
    }

    /// `bits` bits, least significant first, through a tree of probabilities (`probs[1..]`).
    fn reverse(&mut self, probs: &mut [u16], bits: u32) -> usize {
        let (mut m, mut value) = (1usize, 0usize);
        for i in 0..bits {
            let bit = self.bit(&mut probs[m]);
            m = (m << 1) | bit;
            value |= bit << i;
        }
        value
    }

    /// `bits` bits of even probability.
    fn direct(&mut self, bits: u32) -> usize {
        let mut value = 0usize;
        for _ in 0..bits {
            self.range >>= 1;
            let bit = if self.code >= self.range {
                self.code -= self.range;
                1
            } else {
                0
            };
            value = (value << 1) | bit;
            self.normalize();
        }
        value
    }

    /// A match length less 2 (0–271).
    fn length(&mut self, probs: &mut LengthProbabilities, pos_state: usize) -> usize {
        if self.bit(&mut probs.choice) == 0 {
            self.tree(&mut probs.low[pos_state], 3)
        } else if self.bit(&mut probs.choice2) == 0 {
            8 + self.tree(&mut probs.mid[pos_state], 3)
        } else {
            16 + self.tree(&mut probs.high, 8)
        }
    }

    /// A match distance less 1; `u32::MAX` is the end marker.
    fn distance(&mut self, probs: &mut Probabilities, len: usize) -> Result<usize, Error> {
        let slot = self.tree(&mut probs.pos_slot[len.min(3)], 6);
        if slot < 4 {
            return Ok(slot);
        }
        let bits = (slot as u32 >> 1) - 1;
        let base = (2 | (slot & 1)) << bits;
        if slot < 14 {
            let probs = probs.special.get_mut(base - slot..).ok_or(Error::Corrupt)?;
            return Ok(base + self.reverse(probs, bits));
        }
        let high = self.direct(bits - 4) << 4;
        Ok(base + high + self.reverse(&mut probs.align, 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made file: the 13-byte header of `lc = 3, lp = 0, pb = 2` and a stated size, then a
    /// stream of zeros (which decodes to literal zero bytes).
    fn header(size: u64) -> Vec<u8> {
        let mut v = vec![0x5d, 0, 0, 0x80, 0];
        v.extend_from_slice(&size.to_le_bytes());
        v
    }

    #[test]
    fn headers_out_of_range_are_refused() {
        let mut bad = header(1);
        bad[0] = 225;
        assert_eq!(decoded_size(&bad), Err(Error::Header));
        bad[0] = 4 + 9; // lc = 4, lp = 1
        assert_eq!(decoded_size(&bad), Err(Error::Header));
        assert_eq!(decoded_size(&header(u64::MAX)), Err(Error::Header));
        assert_eq!(decoded_size(&header(MAX_SIZE as u64 + 1)), Err(Error::Size));
        assert_eq!(decoded_size(&header(3)[..12]), Err(Error::Truncated));
        assert_eq!(decoded_size(&header(3)), Ok(3));
    }

    #[test]
    fn an_output_of_another_size_is_refused() {
        let mut file = header(2);
        file.extend_from_slice(&[0; 16]);
        assert_eq!(decode(&file, &mut [0; 3]), Err(Error::Size));
    }

    #[test]
    fn a_stream_that_does_not_start_with_zero_is_corrupt() {
        let mut file = header(1);
        file.extend_from_slice(&[1, 0, 0, 0, 0]);
        assert_eq!(decode(&file, &mut [0; 1]), Err(Error::Corrupt));
    }

    #[test]
    fn a_file_cut_short_is_truncated() {
        let mut file = header(4096);
        file.extend_from_slice(&[0; 8]);
        let mut out = vec![0; 4096];
        assert_eq!(decode(&file, &mut out), Err(Error::Truncated));
    }

    #[test]
    fn garbage_never_panics() {
        // A fixed pseudo-random sequence (xorshift), many lengths and sizes.
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..2000 {
            let mut file = header((round % 300) as u64);
            file.push(0);
            for _ in 0..(round % 64) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                file.push(x as u8);
            }
            let mut out = vec![0; round % 300];
            let _ = decode(&file, &mut out);
        }
    }
}
