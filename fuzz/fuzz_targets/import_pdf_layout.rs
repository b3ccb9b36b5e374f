//! concord's reading of a PDF's words and boxes, as `pdftotext -bbox` gives them; see
//! [`concord_fuzz::import_pdf_layout`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::import_pdf_layout(data));
