//! Making the new folder appear whole or not at all: `concord init` writes its files into
//! a hidden sibling, `.NAME.concord-init-PID`, and renames it to `NAME` only once every
//! file is written and checked. A run killed before the rename leaves no `NAME` folder,
//! only the sibling, which the next `init` of `NAME` removes (its process is gone).

use std::fs;
use std::path::{Path, PathBuf};

use crate::output::lock::{FolderLock, LockError};
use crate::output::remove_abandoned;

/// Why the new folder could not be made.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The folder was filled by someone else while `init` was writing.
    #[error("{0} exists and is not empty")]
    NotEmpty(PathBuf),
    /// Another process is filling the folder (the current folder, filled entry by entry).
    #[error(transparent)]
    Busy(#[from] LockError),
    /// The file system refused.
    #[error("cannot create {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// A folder being built beside its final place; removed when dropped unfinished.
#[derive(Debug)]
pub struct Staged {
    /// The hidden sibling the files are written into.
    temp: PathBuf,
    /// The folder asked for.
    target: PathBuf,
    /// Set once the folder is in place: nothing to remove then.
    placed: bool,
}

impl Staged {
    /// Creates the hidden sibling of `target` (and `target`'s parent folders), after
    /// removing the siblings left by killed runs.
    pub fn new(target: &Path) -> Result<Staged, FolderError> {
        let io = |source| FolderError::Io { path: target.to_path_buf(), source };
        let (parent, name) = parent_and_name(target).map_err(io)?;
        fs::create_dir_all(&parent).map_err(io)?;
        let prefix = format!(".{name}.concord-init-");
        remove_abandoned(&parent, &prefix);
        let temp = parent.join(format!("{prefix}{}", std::process::id()));
        if temp.exists() {
            // Our own process id, so left by a process that is gone.
            fs::remove_dir_all(&temp).map_err(io)?;
        }
        fs::create_dir(&temp).map_err(io)?;
        Ok(Staged { temp, target: target.to_path_buf(), placed: false })
    }

    /// Where to write the files.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Moves the finished folder into place.
    ///
    /// A missing or empty `target` is replaced by one rename: of two `init`s at once, one
    /// finds the folder filled. The current folder is not replaced (the shell inside it
    /// would be left in a deleted folder), and some systems cannot rename over a folder:
    /// then the entries are moved into it one by one, `negotiation.yaml` last, under the
    /// folder's lock, so that two `init`s never mix their files.
    pub fn finish(mut self) -> Result<(), FolderError> {
        let io = |source| FolderError::Io { path: self.target.clone(), source };
        if !is_current_folder(&self.target) {
            match fs::rename(&self.temp, &self.target) {
                Ok(()) => {
                    self.placed = true;
                    return Ok(());
                }
                Err(e) if !self.target.is_dir() => return Err(io(e)),
                Err(_) => {}
            }
        }
        let _lock = FolderLock::acquire(&self.target)?;
        if fs::read_dir(&self.target).map_err(io)?.next().is_some() {
            return Err(FolderError::NotEmpty(self.target.clone()));
        }
        let mut names: Vec<_> = fs::read_dir(&self.temp)
            .map_err(io)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        // negotiation.yaml last: until it is there, the folder is not taken for a negotiation.
        names.sort_by_key(|n| (n == "negotiation.yaml", n.clone()));
        for name in names {
            fs::rename(self.temp.join(&name), self.target.join(&name)).map_err(io)?;
        }
        fs::remove_dir(&self.temp).map_err(io)?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

/// The folder holding `target` and `target`'s name, with `.` and `..` resolved
/// (`oewg/drafts` -> (`oewg`, `drafts`), `new` -> (`.`, `new`)).
fn parent_and_name(target: &Path) -> std::io::Result<(PathBuf, String)> {
    let resolved;
    let target = if target.file_name().is_some() {
        target
    } else {
        resolved = fs::canonicalize(target)?;
        &resolved
    };
    let Some(name) = target.file_name() else {
        return Err(std::io::Error::other("a negotiation folder needs a name"));
    };
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok((parent.to_path_buf(), name.to_string_lossy().into_owned()))
}

fn is_current_folder(path: &Path) -> bool {
    match (fs::canonicalize(path), std::env::current_dir().and_then(fs::canonicalize)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn the_folder_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("neg");
        let staged = Staged::new(&target).unwrap();
        fs::write(staged.path().join("negotiation.yaml"), "x").unwrap();
        assert!(!target.exists());
        staged.finish().unwrap();
        assert_eq!(names(&target), ["negotiation.yaml"]);
        assert_eq!(names(dir.path()), ["neg"], "no sibling left");
    }

    #[test]
    fn an_empty_folder_is_replaced_and_a_filled_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("neg");
        fs::create_dir(&target).unwrap();
        let staged = Staged::new(&target).unwrap();
        fs::write(staged.path().join("negotiation.yaml"), "x").unwrap();
        staged.finish().unwrap();
        assert_eq!(names(&target), ["negotiation.yaml"]);

        let staged = Staged::new(&target).unwrap();
        assert!(matches!(staged.finish(), Err(FolderError::NotEmpty(_))));
        assert_eq!(names(dir.path()), ["neg"], "the sibling is removed");
    }

    #[test]
    fn a_sibling_left_by_a_process_that_is_gone_is_removed() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        // Process ids stop well below this on Linux (pid_max is at most 2^22).
        let left = dir.path().join(".neg.concord-init-4294967295");
        fs::create_dir_all(left.join("revisions")).unwrap();
        let other = dir.path().join(".other.concord-init-4294967295");
        fs::create_dir(&other).unwrap();
        let staged = Staged::new(&dir.path().join("neg")).unwrap();
        assert!(!left.exists());
        assert!(other.exists(), "only the siblings of the folder asked for");
        drop(staged);
        assert_eq!(names(dir.path()), [".other.concord-init-4294967295"], "dropped unfinished: removed");
    }
}
