//! Import of .docx on fuzzed bytes (paragraphs and compilation tables); see
//! [`concord_fuzz::import_docx`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::import_docx(data));
