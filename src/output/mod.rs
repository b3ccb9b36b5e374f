//! Writing files safely. A received negotiation folder is untrusted, and so is the
//! folder an output goes to: every write goes to a temporary file created exclusively
//! under an unpredictable name in the destination's folder, synced, then renamed into
//! place, so an interrupted run never leaves a half-written file and a link planted
//! where the temporary file would go is never followed. Beside that: never over a file
//! of a negotiation folder unless asked (`guard`), never through a link inside it
//! (`folder`), one writer at a time (`lock`), and `-o` written into pipes and devices
//! as they are (`destination`).

pub mod destination;
pub mod folder;
pub mod lock;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists inside the negotiation folder and `--force` was not given.
    #[error("{0} exists in the negotiation folder; concord does not overwrite it without --force")]
    WouldOverwrite(PathBuf),
    /// A link stands inside the negotiation folder where concord would write: the file
    /// itself or a folder on the way to it.
    #[error(
        "{path} is a link to {}: concord does not write through links in the negotiation folder",
        target.display()
    )]
    Link {
        /// The link.
        path: PathBuf,
        /// What it points to, as written in the link.
        target: PathBuf,
        /// Whether the link stands for a folder (on the way to the file).
        folder: bool,
    },
    /// `-o` names a link to nothing.
    #[error("{path} is a link to {}, which does not exist", target.display())]
    DanglingLink {
        /// The link.
        path: PathBuf,
        /// What it points to.
        target: PathBuf,
    },
    /// `-o` names something that is neither a file, a pipe nor a device.
    #[error("cannot write {path}: it is {what}")]
    NotWritable {
        /// The path.
        path: PathBuf,
        /// What it is: "a folder", "a socket".
        what: &'static str,
    },
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

/// Letters and digits of randomness in a temporary file's name: 62^10 names.
const RANDOM: usize = 10;

/// Longest part of the target's name kept in the temporary file's name, so that the
/// name stays under the 255 bytes file systems allow.
const NAME_KEPT: usize = 200;

/// Writes `contents` to `path` atomically: a temporary file in the same folder, synced,
/// then renamed over the target (which must be a regular file or absent: a link at
/// `path` is replaced, not followed).
///
/// The temporary file is `.NAME.concord-XXXXXXXXXX.tmp`, created with `O_CREAT|O_EXCL`
/// (a name that exists, a link included, is never opened but skipped for another) and
/// ten random letters and digits that nothing outside the process can predict.
///
/// ```text
/// out/report.html -> out/.report.html.concord-q3ZrT8kLx0.tmp, then renamed to out/report.html
/// ```
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = temporary_file(dir, &name, RANDOM).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // On failure the temporary file comes back in the error and is removed with it.
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Creates `.NAME.concord-<random>.tmp` in `dir`, exclusively, readable as a file made
/// by `File::create` would be (0666 less the umask), not only by its owner.
fn temporary_file(dir: &Path, name: &str, random: usize) -> std::io::Result<tempfile::NamedTempFile> {
    let mut end = name.len().min(NAME_KEPT);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = format!(".{}.concord-", &name[..end]);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(random);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
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

    #[cfg(unix)]
    #[test]
    fn a_temporary_name_that_exists_is_never_opened() {
        // With no randomness the name is known in advance: a link planted there makes
        // the creation fail; it is not followed.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".out.txt.concord-.tmp")).unwrap();
        let err = temporary_file(dir.path(), "out.txt", 0).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_as_before_less_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.html");
        write_atomic(&p, b"x").unwrap();
        let reference = dir.path().join("reference");
        fs::File::create(&reference).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), mode(&reference), "as File::create would make it");
    }

    #[test]
    fn a_very_long_name_still_gets_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{}.html", "é".repeat(120)));
        write_atomic(&p, b"x").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "x");
    }
}
