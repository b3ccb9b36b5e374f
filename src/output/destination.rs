//! Where `-o FILE` sends an output. A regular file is replaced atomically (or created);
//! but a named pipe or a device is something to write *into*: replacing it with a file
//! would break the reader waiting at the pipe, or, for root, turn `/dev/stdout` into a
//! file. `-` is standard output. A link the user named outside the negotiation folder
//! is followed (to a pipe, a device or a file); a link inside the folder is refused, as
//! for every write into it ([`super::folder`]).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::folder::refuse_links;
use super::{WriteError, guard, write_atomic};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output: no `-o`, or `-o -`.
    Stdout,
    /// A named pipe or a device (or a link to one), written into as it is.
    Stream(PathBuf),
    /// A regular file, new or replaced atomically. `inside`: it lies in the negotiation
    /// folder, so the folder's lock is needed to write it.
    File {
        /// The file (a link named by the user is resolved to the file it points to).
        path: PathBuf,
        /// Whether it lies in the negotiation folder.
        inside: bool,
    },
}

impl Destination {
    /// Where `-o output` goes, with the negotiation folder `drafts`: refuses a link
    /// inside the folder, and an existing entry of the folder without `force`.
    ///
    /// ```text
    /// None, "-"                    -> Stdout
    /// "report.pipe" (a fifo)       -> Stream("report.pipe")
    /// "out.md" -> "/run/user/pipe" -> Stream("out.md")
    /// "report.html" (new or file)  -> File { path: "report.html", inside: false }
    /// "drafts/x.md" (a link)       -> Err(Link)
    /// ```
    pub fn of(output: Option<&Path>, drafts: &Path, force: bool) -> Result<Destination, WriteError> {
        let Some(path) = output.filter(|p| *p != Path::new("-")) else { return Ok(Destination::Stdout) };
        let io = |source| WriteError::Io { path: path.to_path_buf(), source };
        let relative = within(drafts, path);
        if let Some((root, rel)) = &relative {
            refuse_links(root, rel)?;
        }
        let inside = relative.is_some();
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Destination::File { path: path.to_path_buf(), inside });
            }
            Err(e) => return Err(io(e)),
        };
        // A link here is outside the folder (inside, it was refused): follow it.
        let link = meta.file_type().is_symlink();
        let meta = if link {
            match fs::metadata(path) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let target = fs::read_link(path).unwrap_or_default();
                    return Err(WriteError::DanglingLink { path: path.to_path_buf(), target });
                }
                Err(e) => return Err(io(e)),
            }
        } else {
            meta
        };
        // An existing entry of the negotiation folder (a link into it counts) is
        // replaced, or written into, only with --force.
        guard(path, drafts, force)?;
        let kind = meta.file_type();
        if is_stream(&kind) {
            // Through the link as given: `/dev/stdout` leads to a pipe that has no path.
            return Ok(Destination::Stream(path.to_path_buf()));
        }
        if kind.is_dir() {
            return Err(WriteError::NotWritable { path: path.to_path_buf(), what: "a folder" });
        }
        if !kind.is_file() {
            return Err(WriteError::NotWritable {
                path: path.to_path_buf(),
                what: "neither a file, a pipe nor a device",
            });
        }
        // The file a link leads to is replaced, in its own folder; the link stays.
        let target = if link { fs::canonicalize(path).map_err(io)? } else { path.to_path_buf() };
        let inside = inside || within(drafts, &target).is_some();
        Ok(Destination::File { path: target, inside })
    }

    /// The file, pipe or device written; `None` for standard output.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Destination::Stdout => None,
            Destination::Stream(p) | Destination::File { path: p, .. } => Some(p),
        }
    }

    /// Whether the output goes into the negotiation folder.
    pub fn inside(&self) -> bool {
        matches!(self, Destination::File { inside: true, .. })
    }

    /// Writes `contents` to a file or stream; standard output is the caller's, as it may
    /// need its own treatment (a terminal): nothing is written for it here.
    pub fn write(&self, contents: &[u8]) -> Result<(), WriteError> {
        match self {
            Destination::Stdout => Ok(()),
            Destination::File { path, .. } => write_atomic(path, contents),
            Destination::Stream(path) => {
                let io = |source| WriteError::Io { path: path.clone(), source };
                // No truncation, no creation: a pipe or device is written as it is.
                let mut stream = OpenOptions::new().write(true).open(path).map_err(io)?;
                stream.write_all(contents).map_err(io)?;
                stream.flush().map_err(io)
            }
        }
    }
}

#[cfg(unix)]
fn is_stream(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device() || kind.is_block_device()
}

#[cfg(not(unix))]
fn is_stream(_: &fs::FileType) -> bool {
    false
}

/// Where `path` lies in the negotiation folder `drafts`, as a folder to start from and
/// the path below it, if it lies there: spelled under `drafts` (then every entry on the
/// way is checked for links), or reached through other names or links (then from the
/// folder's real place).
///
/// ```text
/// ("drafts", "drafts/out/x.md")    -> Some(("drafts", "out/x.md"))
/// ("drafts", "link-to-drafts/x.md") -> Some(("/abs/drafts", "x.md"))
/// ("drafts", "report.html")        -> None
/// ```
fn within(drafts: &Path, path: &Path) -> Option<(PathBuf, PathBuf)> {
    if let (Ok(root), Ok(abs)) = (std::path::absolute(drafts), std::path::absolute(path))
        && let Ok(rel) = abs.strip_prefix(&root)
        && rel.components().next().is_some()
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return Some((drafts.to_path_buf(), rel.to_path_buf()));
    }
    let root = fs::canonicalize(drafts).ok()?;
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let rel = fs::canonicalize(parent).ok()?.strip_prefix(&root).ok()?.join(name);
    Some((root, rel))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn each_kind_of_output_goes_where_it_should() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = dir.path().join("drafts");
        fs::create_dir(&drafts).unwrap();
        fs::write(drafts.join("negotiation.yaml"), "x").unwrap();
        let of = |p: &Path, force| Destination::of(Some(p), &drafts, force);

        assert_eq!(Destination::of(None, &drafts, false).unwrap(), Destination::Stdout);
        assert_eq!(of(Path::new("-"), false).unwrap(), Destination::Stdout);
        let report = dir.path().join("report.html");
        assert_eq!(of(&report, false).unwrap(), Destination::File { path: report.clone(), inside: false });
        let new = drafts.join("report.md");
        assert_eq!(of(&new, false).unwrap(), Destination::File { path: new.clone(), inside: true });
        assert!(matches!(of(&drafts.join("negotiation.yaml"), false), Err(WriteError::WouldOverwrite(_))));
        assert!(matches!(of(dir.path(), false), Err(WriteError::NotWritable { what: "a folder", .. })));
        let null = Path::new("/dev/null");
        assert_eq!(of(null, false).unwrap(), Destination::Stream(null.into()));

        // A link of the user's outside the folder is followed; one inside is refused.
        let mine = dir.path().join("mine.html");
        symlink(&report, &mine).unwrap();
        fs::write(&report, "old").unwrap();
        let real = fs::canonicalize(&report).unwrap();
        assert_eq!(of(&mine, false).unwrap(), Destination::File { path: real, inside: false });
        let planted = drafts.join("planted.md");
        symlink(&report, &planted).unwrap();
        assert!(matches!(of(&planted, true), Err(WriteError::Link { .. })));
        let dangling = dir.path().join("dangling.md");
        symlink(dir.path().join("nothing"), &dangling).unwrap();
        assert!(matches!(of(&dangling, false), Err(WriteError::DanglingLink { .. })));

        // The folder reached through a link of the user's is still the folder.
        let alias = dir.path().join("alias");
        symlink(&drafts, &alias).unwrap();
        assert!(matches!(of(&alias.join("negotiation.yaml"), false), Err(WriteError::WouldOverwrite(_))));
        assert!(of(&alias.join("new.md"), false).unwrap().inside());
        assert!(matches!(of(&alias.join("planted.md"), true), Err(WriteError::Link { .. })));
    }
}
