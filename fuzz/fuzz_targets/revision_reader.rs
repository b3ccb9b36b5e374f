//! The fast reader of revision files against the YAML parser on a fuzzed file; see
//! [`concord_fuzz::revision_reader`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::revision_reader(data));
