//! What every command shares: the global options, loading the drafts, errors and exit
//! codes.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::draft::{Loaded, Negotiation, load};
use crate::import::write::CheckError;
use crate::output::WriteError;
use crate::output::lock::{FolderLock, LockError};
use crate::text::visible::line;

/// A path as concord prints it: [`line`] applied to its display, so a folder or file
/// name with escape sequences, bidirectional controls or line breaks shows them.
pub fn shown(path: &Path) -> String {
    line(&path.to_string_lossy()).into_owned()
}

/// Exit codes.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The drafts have errors, or the command failed.
    pub const FAILURE: u8 = 1;
    /// The command line itself was wrong.
    pub const USAGE: u8 = 2;
}

/// Lets the operating system reclaim what a command built when the process exits,
/// instead of freeing it piece by piece first: the analysis of a million-word revision
/// pair is hundreds of thousands of allocations, and freeing them took about 6 % of
/// `concord diff`'s time. For the large values a command holds until it returns (the
/// process exits right after); nothing with a destructor that matters (files, buffers
/// not yet written) may go through here.
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Options every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The negotiation folder.
    #[arg(long, global = true, value_name = "DIR", default_value = "drafts")]
    pub drafts: PathBuf,
    /// When to color terminal output (never with NO_COLOR set).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Global {
    /// Whether to color standard output.
    pub fn color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }

    /// Takes the negotiation folder's lock, for a command that writes into it: fails at
    /// once, naming the other process, when another concord writes into it. `None` when
    /// there is no folder (loading it then says so).
    pub fn lock(&self) -> Result<Option<FolderLock>, CommandError> {
        if !self.drafts.is_dir() {
            return Ok(None);
        }
        Ok(Some(FolderLock::acquire(&self.drafts)?))
    }

    /// Loads the negotiation, printing warnings; on errors, prints them and fails.
    pub fn load(&self) -> Result<Negotiation, CommandError> {
        match load(&self.drafts) {
            Ok(Loaded { negotiation, warnings }) => {
                if warnings.0.iter().any(|w| !w.is_error()) && std::env::var_os("CONCORD_QUIET").is_none() {
                    eprintln!(
                        "{} warning(s) in {}; run `concord check` to see them",
                        warnings.warnings(),
                        shown(&self.drafts)
                    );
                }
                Ok(negotiation)
            }
            Err(diags) => {
                eprint!("{diags}");
                Err(CommandError::Invalid(format!(
                    "{} has {}; fix them first (concord check lists them)",
                    self.drafts.display(),
                    diags.summary()
                )))
            }
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum CommandError {
    /// The drafts folder has errors (already printed).
    Invalid(String),
    /// A command-level problem, with a hint.
    Failed { message: String, hint: Option<String> },
    /// Standard output was closed (`concord diff | head`): not an error.
    BrokenPipe,
}

impl CommandError {
    /// A failure with a hint.
    pub fn failed(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CommandError::Failed { message: message.into(), hint: Some(hint.into()) }
    }

    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::BrokenPipe => exit::OK,
            _ => exit::FAILURE,
        }
    }
}

impl fmt::Display for CommandError {
    /// `error: message` and the hint, which quote ids, names and paths from the folder
    /// or the command line: shown as [`line`] shows them, so none can forge a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Invalid(m) => write!(f, "error: {}", line(m)),
            CommandError::Failed { message, hint } => {
                write!(f, "error: {}", line(message))?;
                if let Some(h) = hint {
                    write!(f, "\n  = hint: {}", line(h))?;
                }
                Ok(())
            }
            CommandError::BrokenPipe => Ok(()),
        }
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CommandError::BrokenPipe
        } else {
            CommandError::Failed { message: e.to_string(), hint: None }
        }
    }
}

impl From<WriteError> for CommandError {
    fn from(e: WriteError) -> Self {
        let hint = match &e {
            WriteError::WouldOverwrite(_) => Some("pass --force to replace it, or choose another file".to_owned()),
            WriteError::Link { folder: true, .. } => {
                Some("replace the link with the folder it points to (or remove it), then run again".to_owned())
            }
            WriteError::Link { folder: false, .. } => {
                Some("replace the link with the file it points to (or remove it), then run again".to_owned())
            }
            WriteError::DanglingLink { .. } => Some("remove the link, or give another file".to_owned()),
            WriteError::NotWritable { .. } => Some("give the name of a file, a pipe or a device".to_owned()),
            WriteError::Io { .. } => None,
        };
        CommandError::Failed { message: e.to_string(), hint }
    }
}

impl CommandError {
    /// The error, saying that nothing was written: for a write refused before the first
    /// file is touched.
    pub fn nothing_written(self) -> Self {
        match self {
            CommandError::Failed { message, hint } => {
                CommandError::Failed { message: format!("{message}; nothing was written"), hint }
            }
            other => other,
        }
    }
}

impl From<LockError> for CommandError {
    fn from(e: LockError) -> Self {
        let hint = match &e {
            LockError::Busy { .. } => "wait for it to finish, then run this command again",
            LockError::Io { .. } => "check that the negotiation folder can be read and written",
        };
        CommandError::failed(e.to_string(), hint).nothing_written()
    }
}

/// A failed check of an import's result on a scratch copy of the folder: the loader's
/// problems (printed), or a temporary folder that could not hold the copy (said as such,
/// not as a problem of the import).
pub fn check_failed(e: CheckError, invalid: &str, hint: &str) -> CommandError {
    match e {
        CheckError::Invalid(problems) => {
            eprint!("{}", crate::text::visible::lines(&problems));
            CommandError::failed(invalid, hint)
        }
        CheckError::Scratch(cause) => CommandError::failed(
            format!(
                "cannot check the import on a copy of the folder: {}; nothing was written",
                crate::text::visible::line(&cause.to_string())
            ),
            format!(
                "concord checks the result on a copy of the negotiation folder in the temporary folder ({}): \
                 make room there, or set TMPDIR to a folder with space, then run again",
                shown(&std::env::temp_dir())
            ),
        ),
    }
}
