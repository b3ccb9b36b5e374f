//! Import of plain text and Markdown, through to the revision file written; see
//! [`concord_fuzz::import_text`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::import_text(data));
