//! Secrets: the instructor's key, members' tokens and join codes, from the operating system's
//! random source.

use std::hash::{BuildHasher, Hasher};
use std::io::Read;

/// `n` random bytes: /dev/urandom, or (where it is missing) std's randomly keyed hasher.
fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok()
    {
        return buf;
    }
    for (i, chunk) in buf.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
    }
    buf
}

/// A secret of `n` random bytes in hex.
pub fn token(n: usize) -> String {
    bytes(n).iter().map(|b| format!("{b:02x}")).collect()
}

/// The letters of a join code: no 0/O, 1/I/L.
const CODE_LETTERS: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A join code: six letters that are easy to read out and type.
pub fn code() -> String {
    bytes(6)
        .iter()
        .map(|b| char::from(CODE_LETTERS[usize::from(*b) % CODE_LETTERS.len()]))
        .collect()
}

/// Compares two secrets without stopping at the first difference.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_differ_and_codes_are_readable() {
        assert_ne!(token(16), token(16));
        assert_eq!(token(16).len(), 32);
        let c = code();
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| CODE_LETTERS.contains(&b)));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
