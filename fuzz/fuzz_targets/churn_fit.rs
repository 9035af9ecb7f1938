//! Fuzz target `churn_fit`: see `cx_fuzz::churn_fit` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::churn_fit(data));
