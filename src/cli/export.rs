//! `concord export`: a revision as a Word document (with the changes from an older
//! revision as tracked changes credited to delegations), Markdown or plain text.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{CommandError, Global, exit, shown};
use super::diff::revision_index;
use crate::attribution::analyze;
use crate::output::destination::Destination;
use crate::render::{docx, plain};
use crate::text::visible::lines;

/// Export a revision to Word (.docx), Markdown or plain text.
///
/// Writes the revision as printed: title, symbol and date, section headings, numbered
/// paragraphs, brackets kept. With --since FROM (Word only), every change from FROM is a
/// tracked change whose author is the delegation or group credited with it (or "Chair"),
/// dated by the amendment; a comment on each credited change names the amendment, the
/// states it speaks for, and who supported and opposed it. Accepting all changes in Word
/// gives REVISION; rejecting all gives FROM.
///
/// The format follows the extension of -o unless --format is given; Markdown and text go
/// to standard output without -o.
///
/// Example: concord export rev2 --since rev1 -o rev2-tracked.docx
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision to export (default: the latest).
    #[arg(value_name = "REVISION")]
    pub revision: Option<String>,
    /// Show the changes from this older revision as tracked changes (Word only).
    #[arg(long, value_name = "FROM")]
    pub since: Option<String>,
    /// Output format (default: from the extension of -o, else docx).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The file to write ("-" or none: standard output, for md and txt).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file even if it is inside the negotiation folder.
    #[arg(long)]
    pub force: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Word (.docx).
    Docx,
    /// Markdown.
    Md,
    /// Plain text.
    Txt,
}

/// Runs `concord export`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let file = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = match (args.format, file) {
        (Some(f), _) => f,
        (None, Some(p)) => format_of(p)?,
        (None, None) => {
            return Err(CommandError::failed(
                "say where to write the document",
                "give -o FILE (.docx, .md or .txt), or --format md|txt to print it",
            ));
        }
    };
    if format == Format::Docx && file.is_none() {
        return Err(CommandError::failed("a Word document cannot be printed to the terminal", "give -o FILE.docx"));
    }
    if args.since.is_some() && format != Format::Docx {
        return Err(CommandError::failed(
            "--since needs --format docx: tracked changes exist only in Word documents",
            "for the changes as text, use `concord diff FROM REVISION --format md`",
        ));
    }
    // Refuse before the work, not after it.
    let destination = Destination::of(file, &global.drafts, args.force)?;
    let _lock = if destination.inside() { global.lock()? } else { None };
    let n = global.load()?;
    let to = match &args.revision {
        Some(id) => revision_index(&n, id)?,
        None => n.revisions.len() - 1,
    };
    let rev = &n.revisions[to];
    let bytes = match format {
        Format::Md => plain::markdown(rev).into_bytes(),
        Format::Txt => plain::text(rev).into_bytes(),
        Format::Docx => match &args.since {
            None => docx::revision(rev),
            Some(since) => {
                let from = revision_index(&n, since)?;
                if from >= to {
                    return Err(CommandError::failed(
                        format!("`{since}` is not older than `{}`", rev.id),
                        format!(
                            "--since names an earlier revision, e.g. `concord export {} --since {}`",
                            rev.id,
                            n.revisions[to.saturating_sub(1)].id
                        ),
                    ));
                }
                let analysis = analyze(&n);
                let diff = analysis.diff(from, to);
                docx::tracked(&n, &diff, &analysis.amendments)
            }
        },
    };
    match file.filter(|_| destination.path().is_some()) {
        // Standard output may be a terminal: every control, bidirectional or invisible
        // character from the drafts is shown as `\u{…}` (the file written by -o keeps them).
        None => out.write_all(lines(&String::from_utf8_lossy(&bytes)).as_bytes())?,
        Some(path) => {
            destination.write(&bytes)?;
            let since = args.since.as_deref().map(|s| format!(", changes since {s} tracked")).unwrap_or_default();
            eprintln!("wrote {} ({}{since})", shown(path), rev.id);
        }
    }
    Ok(exit::OK)
}

/// The format named by a file's extension.
fn format_of(path: &Path) -> Result<Format, CommandError> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("docx") => Ok(Format::Docx),
        Some("md" | "markdown") => Ok(Format::Md),
        Some("txt" | "text") => Ok(Format::Txt),
        _ => Err(CommandError::failed(
            format!("cannot tell the format of {} from its extension", path.display()),
            "name the file .docx, .md or .txt, or give --format",
        )),
    }
}
