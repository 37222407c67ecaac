//! Fuzz target `case`: see tests/fuzzing.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zeren_tests::fuzzing::case(data));
