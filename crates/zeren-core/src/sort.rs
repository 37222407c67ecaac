//! One small stable sort for the browser. The standard library's sorts are fast but large, and
//! every element type gets its own copy (≈ 3 KB of wasm each, issue 12); in wasm32 this sort
//! is compiled once (it orders indices through a `dyn` comparison) and each element type only
//! adds the few bytes that move its values into place. Natively the standard stable sort is used.
//! A stable sort's result is fully decided by the comparison, so both give the same order.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping the order of equal elements (like `slice::sort_by`).
#[allow(clippy::ptr_arg, reason = "the wasm32 sort moves the values out of the Vec and back")]
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    small_sort_by(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// Sorts `v` by a key, keeping the order of equal elements (like `slice::sort_by_key`).
#[allow(clippy::ptr_arg, reason = "the wasm32 sort moves the values out of the Vec and back")]
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, keeping the order of equal elements (like `slice::sort`).
#[allow(clippy::ptr_arg, reason = "the wasm32 sort moves the values out of the Vec and back")]
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

#[cfg(any(target_arch = "wasm32", test))]
/// The sort used in wasm32: the stable order of the indices, then the values moved into it.
fn small_sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]) != Ordering::Greater);
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(any(target_arch = "wasm32", test))]
/// The indices `0..n` in stable sorted order, where `in_order(a, b)` says that element `a` may
/// stay before element `b`: a bottom-up merge sort, O(n log n), the same code for every type.
fn stable_order(n: usize, in_order: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = start.saturating_add(width).min(n);
            let end = start.saturating_add(width.saturating_mul(2)).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // Taking from the left run on a tie keeps equal elements in their order.
                if i < mid && (j >= end || in_order(from[i], from[j])) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % range
            })
            .collect()
    }

    #[test]
    fn the_small_sort_gives_the_standard_stable_order() {
        for n in [0, 1, 2, 3, 7, 8, 9, 31, 64, 100, 257] {
            for seed in 0..20 {
                // Few distinct keys, so that many elements tie: (key, original place).
                let keys = numbers(seed, n, 5);
                let items: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
                let mut std = items.clone();
                std.sort_by_key(|p| p.0);
                let mut ours = items.clone();
                small_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
                assert_eq!(ours, std, "n = {n}, seed = {seed}");
            }
        }
    }

    #[test]
    fn the_small_sort_sorts_strings_and_reversed_input() {
        let mut words: Vec<String> = ["丙", "b", "a", "甲", "", "a"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut std = words.clone();
        std.sort();
        small_sort_by(&mut words, String::cmp);
        assert_eq!(words, std);
        let mut down: Vec<u32> = (0..100).rev().collect();
        small_sort_by(&mut down, u32::cmp);
        assert_eq!(down, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn the_public_sorts_agree_with_the_standard_ones() {
        let mut a = numbers(7, 50, 10);
        let mut b = a.clone();
        sort(&mut a);
        b.sort();
        assert_eq!(a, b);
        let mut c: Vec<(u64, usize)> = numbers(3, 40, 4).into_iter().zip(0..).collect();
        let mut d = c.clone();
        sort_by_key(&mut c, |p| std::cmp::Reverse(p.0));
        d.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(c, d);
    }
}
