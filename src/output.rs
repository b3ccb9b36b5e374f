//! Writing files safely: to a temporary file in the same folder, then renamed into
//! place, so an interrupted run never leaves a half-written file; and never over a file
//! of a negotiation folder unless asked.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists inside the negotiation folder and `--force` was not given.
    #[error("{0} exists in the negotiation folder; concord does not overwrite it without --force")]
    WouldOverwrite(PathBuf),
    /// The file system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Refuses to replace an existing file inside `drafts` unless `force`.
pub fn guard(path: &Path, drafts: &Path, force: bool) -> Result<(), WriteError> {
    if force || !path.exists() {
        return Ok(());
    }
    let inside = match (fs::canonicalize(path), fs::canonicalize(drafts)) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    };
    if inside { Err(WriteError::WouldOverwrite(path.to_path_buf())) } else { Ok(()) }
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, synced,
/// then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.concord-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Removes the folders in `dir` that a killed concord left behind: those named
/// `PREFIX<pid>` or `PREFIX<pid>-<more>` whose process `<pid>` no longer runs. Works only
/// where `/proc` tells which processes live; elsewhere nothing is removed.
///
/// ```text
/// ("/tmp", "concord-import-") removes /tmp/concord-import-4242-17 when process 4242 is gone
/// ```
pub fn remove_abandoned(dir: &Path, prefix: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(prefix).and_then(|rest| rest.split('-').next()) else { continue };
        if pid.parse::<u32>().is_ok() && !proc.join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn refuses_to_overwrite_inside_the_drafts_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rev1.yaml");
        fs::write(&p, "x").unwrap();
        assert!(guard(&p, dir.path(), false).is_err());
        assert!(guard(&p, dir.path(), true).is_ok());
        assert!(guard(&dir.path().join("new.yaml"), dir.path(), false).is_ok());
    }
}
