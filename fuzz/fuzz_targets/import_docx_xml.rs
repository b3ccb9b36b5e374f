//! Import of .docx with fuzzed XML parts in a valid zip; see
//! [`concord_fuzz::import_docx_xml`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::import_docx_xml(data));
