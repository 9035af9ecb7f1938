//! Fuzz target `survey`: see `cx_fuzz::survey` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::survey(data));
