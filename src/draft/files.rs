//! Reading the files of a negotiation folder safely: size limits, symlinks that leave
//! the folder, directories where files should be, non-UTF-8 bytes, byte-order marks;
//! and what else a received folder holds that its reader should know of (links, hidden
//! files).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::diag::{Diagnostic, Diagnostics};
use super::yaml::MAX_FILE_BYTES;

/// Reads a text file of the folder `root`, refusing anything that is not a plain UTF-8
/// file of reasonable size inside the folder.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    refuse_outside(root, path)?;
    let meta = fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(
            Diagnostic::error(path, 0, 0, "this is a directory, not a YAML file").with_hint("remove or rename it")
        );
    }
    if !meta.is_file() {
        // A named pipe or a device would block or never end.
        return Err(
            Diagnostic::error(path, 0, 0, "this is not a regular file").with_hint("replace it with a plain YAML file")
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io_error(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    decode(path, bytes)
}

/// Refuses `path` when, with every link on the way resolved, it lies outside the folder
/// `root`: a link to a file elsewhere, or a file reached through a linked folder (say
/// `revisions/` -> `/elsewhere`), would otherwise be read from outside the negotiation.
/// A loop of links is reported as the error reading it.
fn refuse_outside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let target = fs::canonicalize(path).map_err(|e| io_error(path, &e))?;
    let root = fs::canonicalize(root).map_err(|e| io_error(root, &e))?;
    if target.starts_with(&root) {
        return Ok(());
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let shown = target.display();
    let error = if is_link {
        Diagnostic::error(path, 0, 0, format!("this is a link to {shown}, outside the negotiation folder"))
            .with_hint("copy the file into the folder instead of linking to it")
    } else {
        Diagnostic::error(
            path,
            0,
            0,
            format!("this file is reached through a linked folder: it is {shown}, outside the negotiation folder"),
        )
        .with_hint("copy the linked folder into the negotiation folder instead of linking to it")
    };
    Err(error)
}

/// Decodes UTF-8, dropping a byte-order mark; a bad byte is reported with its line.
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let column = good.iter().rev().take_while(|&&b| b != b'\n').count() as u64 + 1;
        Diagnostic::error(path, line, column, "the file is not valid UTF-8 text")
            .with_hint("save it as UTF-8 (in most editors: Save with encoding, UTF-8)")
    })
}

/// The `.yaml` / `.yml` files directly in `dir`, sorted by name; other entries are
/// returned separately so the caller can report them.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, &e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let path = entry.path();
        if is_yaml(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The subdirectories of `dir`, sorted by name.
pub fn subdirs(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut dirs = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, &e))? {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        if entry.path().is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Whether the path names a YAML file by its extension.
pub fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        0,
        0,
        format!("the file is {} MiB; concord reads files of at most {} MiB", len >> 20, MAX_FILE_BYTES >> 20),
    )
    .with_hint("split the text into several revisions or check that this is the right file")
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => "check the path, or create the file",
        std::io::ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check that the file can be read",
    };
    Diagnostic::error(path, 0, 0, format!("cannot read: {e}")).with_hint(hint)
}

/// Hidden names a folder kept in git or copied from a Mac normally holds (`.gitkeep` and
/// `.keep` hold empty folders in git): not warned about (when they are not links).
/// Hidden folders among them are not looked into.
const USUAL_HIDDEN: [&str; 6] = [".git", ".gitignore", ".gitattributes", ".gitkeep", ".keep", ".DS_Store"];

/// Warns about what the folder `root` holds beside the negotiation, at any depth: every
/// link (concord reads through a link inside the folder, but never writes through one,
/// and a link is where a received folder can point a write elsewhere), and every hidden
/// file or folder but the usual ones ([`USUAL_HIDDEN`]). Hidden folders and links are
/// not looked into. An entry about which `diags` holds an error already, on it, inside it
/// or on a folder holding it (a link out of the folder the loader refused, a hidden
/// revision file, a folder where a revision file should be), gets no second word.
///
/// ```text
/// drafts/.negotiation.yaml.concord-77.tmp -> ../victim.txt
///     -> drafts/.negotiation.yaml.concord-77.tmp: warning: this is a link to ../victim.txt
/// ```
pub fn warn_unexpected(root: &Path, diags: &mut Diagnostics) {
    let errors: Vec<PathBuf> = diags.0.iter().filter(|d| d.is_error()).map(|d| d.path.clone()).collect();
    let reported = |path: &Path| errors.iter().any(|e| e.starts_with(path) || (path.starts_with(e) && e != root));
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let (path, name) = (entry.path(), entry.file_name());
            let Ok(kind) = entry.file_type() else { continue };
            let hidden = name.to_string_lossy().starts_with('.');
            if kind.is_symlink() {
                if !reported(&path) {
                    let target = fs::read_link(&path).unwrap_or_default();
                    found.push(link_warning(&path, &target));
                }
            } else if hidden {
                if !USUAL_HIDDEN.iter().any(|u| name == *u) && !reported(&path) {
                    found.push(hidden_warning(&path, kind.is_dir()));
                }
            } else if kind.is_dir() {
                folders.push(path);
            }
        }
    }
    diags.0.extend(found);
}

fn link_warning(path: &Path, target: &Path) -> Diagnostic {
    let target = crate::text::visible::line(&target.display().to_string()).into_owned();
    Diagnostic::warning(path, 0, 0, format!("this is a link to {target}")).with_hint(
        "concord never writes through links in the negotiation folder; remove the link, or replace it with what it points to",
    )
}

fn hidden_warning(path: &Path, folder: bool) -> Diagnostic {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // What `output::write_atomic` names its temporary files: `.NAME.concord-XXXX.tmp`.
    if !folder && name.contains(".concord-") && name.ends_with(".tmp") {
        return Diagnostic::warning(path, 0, 0, "a temporary file left by a concord write that was interrupted")
            .with_hint("remove it");
    }
    let what = if folder { "a hidden folder" } else { "a hidden file" };
    Diagnostic::warning(path, 0, 0, format!("{what}, not part of the negotiation"))
        .with_hint("concord does not read it; remove it unless you know what it holds")
}
