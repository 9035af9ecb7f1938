//! Fuzz target `journey`: see `cx_fuzz::journey` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::journey(data));
