//! The history a filtered report shows: every revision's snapshot lists the elements it
//! counts and what each became, so the HTML report's chart and timeline can show the
//! history of the elements a filter leaves (issue 19). On every negotiation folder of the
//! project, the listed elements add up to the snapshot's counts and each became at least
//! one element of the report; a split paragraph became both halves, two merged ones the
//! one element.

use std::path::{Path, PathBuf};

use concord::convergence::{Convergence, Status};
use concord::draft::Negotiation;

/// Folders of the project that hold a negotiation which loads.
fn negotiations() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if dir.join("negotiation.yaml").is_file() {
            out.push(dir.to_path_buf());
        }
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for d in dirs {
            walk(&d, out);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for top in ["drafts", "tests/fixtures", "tests/hard"] {
        walk(&root.join(top), &mut out);
    }
    out.retain(|d| concord::draft::load(d).is_ok());
    out
}

/// The negotiation of the folder `dir`.
fn load(dir: &Path) -> Negotiation {
    concord::draft::load(dir).expect("loads").negotiation
}

/// Its convergence analysis.
fn analyze(n: &Negotiation) -> Convergence {
    concord::convergence::analyze(&concord::attribution::analyze(n))
}

#[test]
fn every_snapshot_lists_the_elements_it_counts_and_what_they_became() {
    let folders = negotiations();
    assert!(folders.len() > 20, "the sample, the fixtures and the hard cases: {}", folders.len());
    for dir in folders {
        let n = load(&dir);
        let c = analyze(&n);
        for snap in &c.timeline {
            let rev = &n.revisions[snap.revision].id;
            assert_eq!(snap.elements.len(), snap.counts.total(), "{} {rev}", dir.display());
            for s in Status::ALL {
                let listed = snap.elements.iter().filter(|e| e.status == s).count();
                assert_eq!(listed, snap.counts.get(s), "{} {rev}: {}", dir.display(), s.label());
            }
            let brackets: usize = snap.elements.iter().map(|e| e.brackets).sum();
            assert_eq!(brackets, snap.brackets, "{} {rev}: bracketed passages", dir.display());
            for e in &snap.elements {
                assert!(!e.became.is_empty(), "{} {rev}: an element that became nothing", dir.display());
                assert!(e.became.iter().all(|&x| x < c.elements.len()));
            }
        }
        // On the analysed revision each element became itself.
        let last = c.timeline.last().expect("a snapshot per revision");
        let became: Vec<Vec<usize>> = last.elements.iter().map(|e| e.became.clone()).collect();
        let expected: Vec<Vec<usize>> = (0..c.elements.len()).map(|x| vec![x]).collect();
        assert_eq!(became, expected, "{}", dir.display());
    }
}

#[test]
fn a_split_paragraph_became_both_halves_and_merged_ones_became_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hard");
    let ids = |c: &Convergence, list: &[usize]| list.iter().map(|&x| c.elements[x].id.clone()).collect::<Vec<_>>();

    let n = load(&root.join("blame-split-halves-keep-origins"));
    let c = analyze(&n);
    let baseline = &c.timeline[0];
    assert_eq!(baseline.elements.len(), 1);
    assert_eq!(ids(&c, &baseline.elements[0].became), ["infrastructure", "private-sector"]);

    let n = load(&root.join("blame-merge-keeps-origins"));
    let c = analyze(&n);
    let baseline = &c.timeline[0];
    let merged: Vec<Vec<String>> = baseline.elements.iter().map(|e| ids(&c, &e.became)).collect();
    assert_eq!(merged, [["stakeholders"], ["stakeholders"]], "two paragraphs became one");
}
