//! Fuzz target `clv_fit`: see `cx_fuzz::clv_fit` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::clv_fit(data));
