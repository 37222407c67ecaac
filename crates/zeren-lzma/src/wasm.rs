//! The entry points web/boot.js calls (the module is built without the standard library):
//!
//! 1. `reserve(bytes)` grows the memory by enough pages for the packed file and its unpacked
//!    bytes together and returns where the new region starts (`usize::MAX` when it cannot grow);
//! 2. boot.js copies the packed file there;
//! 3. `unpack(at, packed, unpacked)` decodes the `packed` bytes at `at` into the `unpacked` bytes
//!    that follow them and returns 0, or the [`Error`](crate::Error) it met (1 = header, 2 = size,
//!    3 = truncated, 4 = corrupt, 5 = a region outside the memory).

use core::arch::wasm32;

const PAGE: usize = 65_536;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

/// Grows the memory for `bytes` more bytes; returns where they start.
#[allow(unsafe_code)] // an exported name
#[unsafe(no_mangle)]
pub extern "C" fn reserve(bytes: usize) -> usize {
    let pages = bytes.div_ceil(PAGE);
    match wasm32::memory_grow(0, pages) {
        usize::MAX => usize::MAX,
        first => first * PAGE,
    }
}

/// Decodes the packed file at `at` into the bytes right after it.
#[allow(unsafe_code)] // an exported name, and the region boot.js filled
#[unsafe(no_mangle)]
pub extern "C" fn unpack(at: usize, packed: usize, unpacked: usize) -> u32 {
    let end = at.checked_add(packed).and_then(|e| e.checked_add(unpacked));
    if end.is_none_or(|end| end > wasm32::memory_size(0) * PAGE) {
        return 5;
    }
    // SAFETY: the region lies inside the module's memory (checked above) and was handed out by
    // `reserve`, beyond everything Rust allocates (the stack and statics sit below the initial
    // memory size); nothing else refers to it while this call runs (the page is single-threaded).
    let (src, dst) = unsafe {
        let region = core::slice::from_raw_parts_mut(at as *mut u8, packed + unpacked);
        region.split_at_mut(packed)
    };
    match crate::decode(src, dst) {
        Ok(()) => 0,
        Err(crate::Error::Header) => 1,
        Err(crate::Error::Size) => 2,
        Err(crate::Error::Truncated) => 3,
        Err(crate::Error::Corrupt) => 4,
    }
}
