//! One writer at a time in a negotiation folder. Two `concord import`s at once each read
//! `negotiation.yaml`, add their revision and write it back: the second write loses the
//! first revision. Every command that writes into the folder first takes an advisory
//! lock on it, and fails at once, naming the other process, when someone holds it.
//! Read-only commands never take it and never wait.
//!
//! The lock is on the folder itself: its directory, opened for reading, locked with
//! `flock` (`File::try_lock`). No lock file is written, so there is nothing a received
//! folder can plant in its place, and nothing a killed writer leaves behind (the lock
//! dies with its process, `kill -9` included; a killed import leaves the folder
//! byte-identical). Who holds the lock is asked of the kernel, which lists every lock
//! with its process in `/proc/locks` (Linux); elsewhere the message names no process.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock on a negotiation folder, held until dropped (or the process ends).
#[derive(Debug)]
pub struct FolderLock {
    /// The folder, open; closing it releases the lock.
    #[cfg(unix)]
    _folder: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error("another process is writing into {} ({holder})", folder.display())]
    Busy {
        /// The negotiation folder.
        folder: PathBuf,
        /// Who holds it: `process 4242: concord import Rev.3.docx --as rev3`.
        holder: String,
    },
    /// The folder could not be opened or locked.
    #[error("cannot lock {}: {source}", folder.display())]
    Io {
        /// The negotiation folder.
        folder: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl FolderLock {
    /// Takes the lock of the negotiation folder `folder`, or fails at once.
    #[cfg(unix)]
    pub fn acquire(folder: &Path) -> Result<FolderLock, LockError> {
        let io = |source| LockError::Io { folder: folder.to_path_buf(), source };
        let dir = File::open(folder).map_err(io)?;
        // A holder that the kernel no longer lists has just let go: try again (a few times)
        // rather than report a busy folder with no one holding it.
        let mut attempts = 0;
        loop {
            match dir.try_lock() {
                Ok(()) => return Ok(FolderLock { _folder: dir }),
                Err(TryLockError::WouldBlock) => match holder(&dir) {
                    Some(holder) => return Err(LockError::Busy { folder: folder.to_path_buf(), holder }),
                    None if attempts < 5 => {
                        attempts += 1;
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    None => {
                        let holder = "a process that the system does not name".to_owned();
                        return Err(LockError::Busy { folder: folder.to_path_buf(), holder });
                    }
                },
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
    }

    /// Elsewhere a folder cannot be opened as a file to lock it: no lock is taken.
    #[cfg(not(unix))]
    pub fn acquire(_folder: &Path) -> Result<FolderLock, LockError> {
        Ok(FolderLock {})
    }
}

/// Who holds the lock on the open folder `dir`: `process 4242: concord import …`, from
/// the kernel's list of locks and the holder's command line; `None` when the kernel lists
/// no holder (it has just let go, or there is no `/proc`).
#[cfg(unix)]
fn holder(dir: &File) -> Option<String> {
    let meta = dir.metadata().ok()?;
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let pid = lock_holder(&locks, &meta_id(&meta))?;
    Some(match std::fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(cmdline) if !cmdline.is_empty() => format!("process {pid}: {}", command_line(&cmdline)),
        _ => format!("process {pid}"),
    })
}

/// The device and inode of a file as `/proc/locks` writes them: `fe:00:6520849`
/// (major and minor in hexadecimal, as Linux encodes them in `st_dev`).
#[cfg(unix)]
fn meta_id(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    let dev = meta.dev();
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    format!("{major:02x}:{minor:02x}:{}", meta.ino())
}

/// The process holding a `flock` on the file `id` in the text of `/proc/locks`; blocked
/// requests (`->`) and this process's own locks are not holders.
///
/// ```text
/// "1: FLOCK  ADVISORY  WRITE 4242 fe:00:6520849 0 EOF", "fe:00:6520849" -> Some(4242)
/// ```
fn lock_holder(locks: &str, id: &str) -> Option<u32> {
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [_, "FLOCK", _, _, pid, file, ..] if *file == id => {
                pid.parse::<u32>().ok().filter(|&p| p != std::process::id())
            }
            _ => None,
        }
    })
}

/// A command line from `/proc/PID/cmdline` (arguments separated by NUL), the program
/// by its file name, at most 200 characters, control characters dropped.
///
/// ```text
/// b"/usr/local/bin/concord\0import\0Rev.3.docx\0--as\0rev3\0" -> "concord import Rev.3.docx --as rev3"
/// ```
fn command_line(cmdline: &[u8]) -> String {
    let text = String::from_utf8_lossy(cmdline);
    let mut args: Vec<&str> = text.split('\0').collect();
    if args.last() == Some(&"") {
        args.pop();
    }
    if let Some(program) = args.first_mut() {
        *program = program.rsplit('/').next().unwrap_or(program);
    }
    let clean: String = args
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    match clean.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &clean[..end]),
        None => clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_second_writer_finds_the_folder_held() {
        let dir = tempfile::tempdir().unwrap();
        let lock = FolderLock::acquire(dir.path()).unwrap();
        // flock locks belong to the open file: a second opening, even in this process,
        // finds it held (the holder is not named: it is this process).
        assert!(matches!(FolderLock::acquire(dir.path()), Err(LockError::Busy { .. })));
        drop(lock);
        let again = FolderLock::acquire(dir.path()).unwrap();
        drop(again);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file written");
    }

    #[test]
    fn the_holder_is_read_from_the_kernels_list() {
        let locks = "1: FLOCK  ADVISORY  WRITE 4242 fe:00:6520849 0 EOF\n\
                     1: -> FLOCK  ADVISORY  WRITE 4343 fe:00:6520849 0 EOF\n\
                     2: POSIX  ADVISORY  WRITE 99 fe:00:17 0 EOF\n";
        assert_eq!(lock_holder(locks, "fe:00:6520849"), Some(4242));
        assert_eq!(lock_holder(locks, "fe:00:17"), None, "a POSIX lock is not ours");
        assert_eq!(lock_holder(locks, "fe:00:1"), None);
    }

    #[test]
    fn command_lines_are_shown_short_and_clean() {
        assert_eq!(
            command_line(b"/usr/local/bin/concord\0import\0Rev.3.docx\0--as\0rev3\0"),
            "concord import Rev.3.docx --as rev3"
        );
        assert_eq!(command_line(b"concord\0import\0\x1b[31mred\xe2\x80\xaex\0"), "concord import [31mredx");
        assert_eq!(command_line("a".repeat(300).as_bytes()).chars().count(), 201);
    }
}
