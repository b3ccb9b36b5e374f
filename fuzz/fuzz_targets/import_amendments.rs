//! `import-amendments` on a fuzzed compilation (CSV, or a Markdown table when the input
//! starts with `|` or `#`), compiled against `tests/fixtures/compilation/drafts`.
//! Every amendments file it makes must be written (its YAML reads back as written), be
//! named by a plain file name, and load with the folder: the command promises that what
//! it writes passes `concord check`.
#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use concord::compile::table::{csv_grid, markdown_grid, table};
use concord::compile::{compile, write::amendments_yaml};
use concord::draft::{Negotiation, load};
use concord_fuzz::copy_dir;
use libfuzzer_sys::fuzz_target;

struct Drafts {
    root: PathBuf,
    negotiation: Negotiation,
}

static DRAFTS: OnceLock<Drafts> = OnceLock::new();

fn drafts() -> &'static Drafts {
    DRAFTS.get_or_init(|| {
        let source = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/compilation/drafts"));
        let root = tempfile::Builder::new().prefix("concord-fuzz-").tempdir().expect("temporary folder").keep();
        copy_dir(&source, &root);
        let negotiation = load(&root).expect("the compilation fixture loads").negotiation;
        Drafts { root, negotiation }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let grid = if text.starts_with('|') || text.starts_with('#') { markdown_grid(text) } else { csv_grid(text, false) };
    let Ok(table) = grid.and_then(table) else { return };
    let d = drafts();
    let revision = d.negotiation.revisions.len() - 1;
    let rev_id = &d.negotiation.revisions[revision].id;
    let compiled = compile(&d.negotiation, revision, &table);
    if compiled.files.is_empty() {
        return;
    }
    let folder = d.root.join("amendments").join(rev_id);
    let _ = fs::remove_dir_all(&folder);
    fs::create_dir_all(&folder).expect("amendments folder");
    for f in &compiled.files {
        let plain = !f.stem.is_empty()
            && !f.stem.starts_with('.')
            && f.stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        assert!(plain, "the amendments file name {:?} is not a plain file name", f.stem);
        let yaml = match amendments_yaml(f, rev_id, "fuzz.csv") {
            Ok(y) => y,
            Err(e) => panic!("the amendments of {} cannot be written: {e}\n{f:#?}", f.proposer.by),
        };
        fs::write(folder.join(format!("{}.yaml", f.stem)), yaml).expect("write amendments");
    }
    if let Err(problems) = load(&d.root) {
        panic!("import-amendments made files that do not pass check:\n{problems:?}\n{:#?}", compiled.files);
    }
});
