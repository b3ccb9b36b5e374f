//! Reading the files of a negotiation folder safely: size limits, symlinks that leave
//! the folder, directories where files should be, non-UTF-8 bytes, byte-order marks.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::diag::Diagnostic;
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
