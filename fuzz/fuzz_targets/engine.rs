//! The engine on fuzzed texts and amendments: word diff, alignment, attribution, blame
//! and convergence; see [`concord_fuzz::engine`] for the input's layout.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::engine(data));
