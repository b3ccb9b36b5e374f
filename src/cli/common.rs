//! What every command shares: the global options, loading the drafts, errors and exit
//! codes.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::draft::{Loaded, Negotiation, load};
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

impl From<crate::output::WriteError> for CommandError {
    fn from(e: crate::output::WriteError) -> Self {
        let hint = match &e {
            crate::output::WriteError::WouldOverwrite(_) => {
                Some("pass --force to replace it, or choose another file".to_owned())
            }
            crate::output::WriteError::Io { .. } => None,
        };
        CommandError::Failed { message: e.to_string(), hint }
    }
}
