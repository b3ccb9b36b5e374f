//! Writing a generated negotiation as a folder in the format of `docs/format.md`, with
//! its truth in `truth/truth.json` (the loader reads only `negotiation.yaml`,
//! `delegations.yaml`, `revisions/` and `amendments/`, so the truth rides along unseen).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::generate::Sim;
use super::truth::Truth;
use crate::draft::Operation;
use crate::import::write::quote;
use crate::output::{WriteError, write_atomic};

/// Where the truth is written, relative to the negotiation folder.
pub const TRUTH_FILE: &str = "truth/truth.json";

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

const HEADER: &str =
    "# Synthetic negotiation written by `concord simulate`: every word generated, none taken from real documents.\n";

/// The files of the folder: relative path and contents, in a stable order.
pub fn files(sim: &Sim, truth: &Truth) -> Vec<(PathBuf, Vec<u8>)> {
    let ids: Vec<String> = sim.revs.iter().map(|r| r.id.clone()).collect();
    let mut out: Vec<(PathBuf, Vec<u8>)> = vec![
        ("negotiation.yaml".into(), negotiation_file(sim, &ids).into_bytes()),
        ("delegations.yaml".into(), delegations_file(sim).into_bytes()),
    ];
    for (k, rev) in sim.revs.iter().enumerate() {
        out.push((PathBuf::from("revisions").join(format!("{}.yaml", rev.id)), revision_file(sim, k).into_bytes()));
    }
    // Amendment files: one per revision and proposer, amendments in filing order.
    let mut by_file: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (i, a) in sim.amends.iter().enumerate() {
        by_file.entry((a.rev, a.by.clone())).or_default().push(i);
    }
    for ((rev, by), amends) in by_file {
        let s = amendment_file(sim, rev, &by, &amends);
        let path = PathBuf::from("amendments").join(&ids[rev]).join(format!("{}.yaml", by.to_lowercase()));
        out.push((path, s.into_bytes()));
    }
    let words: usize = sim.revs.iter().flat_map(|r| &r.paras).map(|p| p.words.len()).sum();
    let json = if words <= 200_000 { serde_json::to_vec_pretty(truth) } else { serde_json::to_vec(truth) };
    let mut json = json.expect("the truth serializes: plain strings and numbers");
    json.push(b'\n');
    out.push((PathBuf::from(TRUTH_FILE), json));
    out
}

/// `negotiation.yaml`: the title and the revisions `ids` in order.
fn negotiation_file(sim: &Sim, ids: &[String]) -> String {
    let p = &sim.params;
    let mut s = String::from(HEADER);
    let _ = writeln!(
        s,
        "title: {}",
        quote(&format!("Synthetic negotiation ({} profile, seed {})", p.profile.as_str(), p.seed))
    );
    let _ = writeln!(s, "baseline: {}", quote(&ids[0]));
    let _ = writeln!(s, "revisions: {}", list(ids));
    s
}

/// `delegations.yaml`: every delegation and group.
fn delegations_file(sim: &Sim) -> String {
    let mut s = String::from(HEADER);
    s.push_str("delegations:\n");
    for (code, name) in sim.delegations() {
        let _ = writeln!(s, "  - code: {}\n    name: {}", quote(code), quote(name));
    }
    s.push_str("groups:\n");
    for (code, name, members) in sim.groups() {
        let m: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
        let _ = writeln!(s, "  - code: {}\n    name: {}\n    members: {}", quote(code), quote(name), list(&m));
    }
    s
}

/// The file of revision `k`.
fn revision_file(sim: &Sim, k: usize) -> String {
    let rev = &sim.revs[k];
    let mut s = String::with_capacity(rev.paras.iter().map(|p| p.words.len() * 9 + 80).sum());
    s.push_str(HEADER);
    let title = match k {
        0 => "Final report of the previous Group (baseline)".to_owned(),
        1 => "Zero draft".to_owned(),
        k => format!("Draft, Rev.{}", k - 1),
    };
    let _ = writeln!(s, "id: {}\ntitle: {}\ndate: {}\nparagraphs:", quote(&rev.id), quote(&title), quote(&rev.date));
    let mut text = String::new();
    for (i, para) in rev.paras.iter().enumerate() {
        let _ = writeln!(s, "  - id: {}\n    number: \"{}\"", quote(&para.id), i + 1);
        let _ = writeln!(s, "    section: {}", quote(&sim.sections[para.section]));
        if !para.from.is_empty() {
            let _ = writeln!(s, "    from: {}", list(&para.from));
        }
        text.clear();
        sim.vocab.render(para.words.iter().map(|w| w.tok), &mut text);
        let _ = writeln!(s, "    text: {}", quote(&text));
    }
    s
}

/// The amendment file of proposer `by` on revision `rev`, with amendments `amends`.
fn amendment_file(sim: &Sim, rev: usize, by: &str, amends: &[usize]) -> String {
    let (date, behalf) = &sim.files[&(rev, by.to_owned())];
    let mut s = String::from(HEADER);
    let _ = writeln!(s, "by: {}", quote(by));
    if !behalf.is_empty() {
        let _ = writeln!(s, "on_behalf_of: {}", list(behalf));
    }
    let _ = writeln!(s, "date: {}\namendments:", quote(date));
    for &i in amends {
        let a = &sim.amends[i];
        let _ = writeln!(s, "  - id: {}\n    element: {}", quote(&a.id), quote(&a.element));
        match &a.op {
            Operation::Replace { phrase, with } => {
                let _ = writeln!(s, "    replace: {}\n    with: {}", quote(phrase), quote(with));
            }
            Operation::Insert { text, anchor, before } => {
                let key = if *before { "before" } else { "after" };
                let _ = writeln!(s, "    insert: {}\n    {key}: {}", quote(text), quote(anchor));
            }
            Operation::Delete { phrase } => {
                let _ = writeln!(s, "    delete: {}", quote(phrase));
            }
            Operation::Text { text } => {
                let _ = writeln!(s, "    text: {}", quote(text));
            }
            Operation::Add { text, after_element } => {
                let _ = writeln!(s, "    add: {}", quote(text));
                if let Some(after) = after_element {
                    let _ = writeln!(s, "    after_element: {}", quote(after));
                }
            }
            Operation::DeleteParagraph => s.push_str("    delete_paragraph: true\n"),
        }
        if !a.supported_by.is_empty() {
            let _ = writeln!(s, "    supported_by: {}", list(&a.supported_by));
        }
        if !a.opposed_by.is_empty() {
            let _ = writeln!(s, "    opposed_by: {}", list(&a.opposed_by));
        }
    }
    s
}

/// Why a generated folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutError {
    /// The folder exists and is not empty.
    #[error("{0} exists and is not empty; concord simulate writes only into a new or empty folder")]
    NotEmpty(PathBuf),
    /// A folder could not be created.
    #[error("cannot create {path}: {source}")]
    Create {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Writes `files` under `dir`, which must be absent or empty.
pub fn write_folder(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), OutError> {
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(OutError::NotEmpty(dir.to_path_buf()));
    }
    let mut made: Vec<PathBuf> = Vec::new();
    for (rel, _) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && !made.iter().any(|m| m == parent)
        {
            std::fs::create_dir_all(parent)
                .map_err(|source| OutError::Create { path: parent.to_path_buf(), source })?;
            made.push(parent.to_path_buf());
        }
    }
    // Each file is synced before it is renamed into place: writing them in parallel
    // overlaps the waits (a stress negotiation has over a thousand files).
    // The waits are the disk's, not the processor's: more threads than cores pay.
    let write_all = || files.par_iter().try_for_each(|(rel, bytes)| write_atomic(&dir.join(rel), bytes));
    match rayon::ThreadPoolBuilder::new().num_threads(16).build() {
        Ok(pool) => pool.install(write_all)?,
        Err(_) => write_all()?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_needs() {
        assert_eq!(quote(r#"say "hi"\"#), r#""say \"hi\"\\""#);
        assert_eq!(quote("a\u{7}b"), "\"a\\u0007b\"");
        assert_eq!(quote("信息 الدول"), "\"信息 الدول\"");
    }
}
