//! The loader on a fuzzed `revisions/r1.yaml`, the other files of the minimal fixture around
//! it; when the folder loads, the analysis runs and its invariants are checked (see
//! [`concord_fuzz::exercise`]).
#![no_main]

use std::sync::OnceLock;

use concord_fuzz::Folder;

static FOLDER: OnceLock<Folder> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| FOLDER.get_or_init(|| Folder::minimal("revisions/r1.yaml")).run(data));
