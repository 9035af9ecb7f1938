//! Fuzz target `io_readers`: see `cx_fuzz::io_readers` (fuzz/src/lib.rs) for the inputs and the invariant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cx_fuzz::io_readers(data));
