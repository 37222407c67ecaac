//! Fuzz target `save`: see tests/fuzzing.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zeren_tests::fuzzing::save(data));
