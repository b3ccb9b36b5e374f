//! `import-amendments` on a fuzzed compilation, compiled against
//! `tests/fixtures/compilation/drafts`; see [`concord_fuzz::Compilations`].
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use concord_fuzz::Compilations;

static DRAFTS: OnceLock<Compilations> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let drafts = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/compilation/drafts");
    DRAFTS.get_or_init(|| Compilations::new(Path::new(drafts))).run(data);
});
