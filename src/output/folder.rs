//! Writing into a negotiation folder, which may have come from anyone: a link planted
//! in it (`amendments/` pointing to a folder of the user's, `negotiation.yaml` pointing
//! elsewhere) would carry concord's write out of the folder, or replace the link in
//! silence. So before writing `ROOT/REL`, every entry from `ROOT` down to the file is
//! looked at, and a link there refuses the write; `ROOT` itself is what the user named,
//! and may be a link.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{WriteError, write_atomic};

/// Refuses when a link stands at `root/rel` or at any folder between `root` and it.
/// Entries that do not exist yet are fine (they will be made as folders and files).
///
/// ```text
/// (drafts, amendments/rev1/eu.yaml) with drafts/amendments -> /home/me
///     -> Err(Link { path: drafts/amendments, target: /home/me, folder: true })
/// ```
pub fn refuse_links(root: &Path, rel: &Path) -> Result<(), WriteError> {
    let mut at = root.to_path_buf();
    let mut components = rel.components().peekable();
    while let Some(component) = components.next() {
        match component {
            Component::Normal(name) => at.push(name),
            Component::CurDir => continue,
            _ => {
                return Err(WriteError::Io {
                    path: root.join(rel),
                    source: std::io::Error::other("the path leaves the negotiation folder"),
                });
            }
        }
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&at).unwrap_or_default();
                let folder = components.peek().is_some() || fs::metadata(&at).is_ok_and(|m| m.is_dir());
                return Err(WriteError::Link { path: at, target, folder });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(WriteError::Io { path: at, source }),
        }
    }
    Ok(())
}

/// Writes `contents` to `root/rel` atomically, refusing links on the way
/// ([`refuse_links`]).
pub fn write_inside(root: &Path, rel: &Path, contents: &[u8]) -> Result<(), WriteError> {
    refuse_links(root, rel)?;
    write_atomic(&root.join(rel), contents)
}

/// Creates the folder `root/rel` and the folders between, refusing links on the way.
pub fn create_dirs_inside(root: &Path, rel: &Path) -> Result<(), WriteError> {
    refuse_links(root, rel)?;
    let mut at: PathBuf = root.to_path_buf();
    for component in rel.components() {
        at.push(component);
        match fs::create_dir(&at) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && at.is_dir() => {}
            Err(source) => return Err(WriteError::Io { path: at, source }),
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn links_on_the_way_or_at_the_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("drafts");
        fs::create_dir_all(root.join("revisions")).unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        symlink(&outside, root.join("amendments")).unwrap();
        symlink("revisions/r1.yaml", root.join("negotiation.yaml")).unwrap();

        let err = create_dirs_inside(&root, Path::new("amendments/r1")).unwrap_err();
        assert!(
            matches!(&err, WriteError::Link { path, folder: true, .. } if *path == root.join("amendments")),
            "{err:?}"
        );
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0, "nothing made outside");
        let err = write_inside(&root, Path::new("negotiation.yaml"), b"x").unwrap_err();
        assert!(matches!(&err, WriteError::Link { folder: false, .. }), "{err:?}");
        assert!(fs::symlink_metadata(root.join("negotiation.yaml")).unwrap().file_type().is_symlink());

        // What does not exist yet is made; a link as the root itself is the user's choice.
        create_dirs_inside(&root, Path::new("more/deeper")).unwrap();
        write_inside(&root, Path::new("more/deeper/f.yaml"), b"x").unwrap();
        let alias = dir.path().join("alias");
        symlink(&root, &alias).unwrap();
        write_inside(&alias, Path::new("revisions/r2.yaml"), b"y").unwrap();
        assert_eq!(fs::read_to_string(root.join("revisions/r2.yaml")).unwrap(), "y");
        assert!(refuse_links(&root, Path::new("../escape")).is_err());
    }
}
