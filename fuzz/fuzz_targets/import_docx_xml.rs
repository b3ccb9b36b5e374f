//! Import of .docx with fuzzed XML parts in a valid zip: the input is split at `\0`
//! into `word/document.xml`, `word/styles.xml` and `word/numbering.xml` (absent when
//! missing), which are packed into a zip and read in each view of tracked changes. This
//! reaches the XML reading that random bytes rarely get past the zip container to.
#![no_main]

use std::io::{Cursor, Write};

use concord::compile::docx::tables;
use concord::import::docx::{View, paragraphs};
use concord::import::text::from_docx;
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let names = ["word/document.xml", "word/styles.xml", "word/numbering.xml"];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        let Some(part) = parts.next() else { break };
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(part).expect("zip write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    for view in [View::Accepted, View::Rejected, View::Shown] {
        if let Ok(paras) = paragraphs(&bytes, view) {
            let _ = from_docx(&paras);
        }
    }
    // The tables of a compilation of written inputs, read by `import-amendments`.
    let _ = tables(&bytes);
});
