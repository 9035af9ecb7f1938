//! Fuzz target `portable_load`: see `cx_fuzz::portable_load` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::portable_load(data));
