//! Import of .docx on fuzzed bytes: the zip container, the encrypted and legacy-Word
//! signatures, and the XML parts, in each of the three views of tracked changes.
//! Also the tables `import-amendments` reads from a .docx compilation. Reading must
//! fail with an error or succeed; never panic, never exhaust memory.
#![no_main]

use concord::compile::docx::tables;
use concord::import::docx::{View, paragraphs};
use concord::import::text::from_docx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for view in [View::Accepted, View::Rejected, View::Shown] {
        if let Ok(paras) = paragraphs(data, view) {
            let _ = from_docx(&paras);
        }
    }
    // The tables of a compilation of written inputs, read by `import-amendments`.
    let _ = tables(data);
});
