//! Anchor resolution and amendment application on a fuzzed paragraph and phrase; see
//! [`concord_fuzz::anchor`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::anchor(data));
