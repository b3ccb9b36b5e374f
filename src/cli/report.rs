//! `concord report`: the secretariat's convergence report, as Markdown, HTML or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{CommandError, Global, exit, keep_until_exit, shown};
use crate::attribution::analyze;
use crate::convergence;
use crate::output::destination::Destination;
use crate::render::report::{html, json, markdown};

/// Write the convergence report: what is agreed, converging and contested, and why.
///
/// The summary a secretariat circulates before a round: totals by status and by section,
/// the path from the baseline, contested elements with their text and the competing
/// amendments side by side, converging elements with what was taken up from whom,
/// agreed elements briefly, the delegations and groups, and the process at a glance
/// (elements by status and brackets, revision by revision). Markdown by default (renders
/// on GitHub and with pandoc); `html` is one self-contained page with colored changes
/// and filters by status, section and delegation; `json` carries the whole analysis
/// (docs/json.md). Printed to standard output unless `-o FILE` is given.
///
/// Example: concord report --drafts drafts -o report.html
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format (default: from the extension of -o FILE: .md, .html or .json; other
    /// extensions are refused; md without -o).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE (atomically; a pipe or device is written into; "-": standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let -o replace a file inside the drafts folder.
    #[arg(long)]
    pub force: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// One self-contained HTML page.
    Html,
    /// JSON (see docs/json.md).
    Json,
}

/// The format: `--format`, else the extension of `-o` (`.md`, `.html`, `.json`), else
/// Markdown. Any other extension is refused rather than filled with Markdown: a report
/// written into `report.pdf` would not open.
fn format(args: &Args) -> Result<Format, CommandError> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    let Some(path) = args.output.as_deref().filter(|p| *p != Path::new("-")) else { return Ok(Format::Md) };
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        None | Some("md" | "markdown") => Ok(Format::Md),
        Some("html" | "htm") => Ok(Format::Html),
        Some("json") => Ok(Format::Json),
        Some(other) => Err(CommandError::failed(
            format!(
                "concord does not write .{other} reports ({})",
                crate::text::visible::line(&path.display().to_string())
            ),
            if other == "pdf" {
                "write HTML (-o report.html) and print it to PDF from a browser, or give --format to write another format under this name"
            } else {
                "name the file .md, .html or .json, or give --format md|html|json"
            },
        )),
    }
}

/// Runs `concord report`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    // Refuse before the work, not after it.
    let format = format(args)?;
    let destination = Destination::of(args.output.as_deref(), &global.drafts, args.force)?;
    let _lock = if destination.inside() { global.lock()? } else { None };
    let n = global.load()?;
    let analysis = analyze(&n);
    let c = convergence::analyze(&analysis);
    let mut buffer: Vec<u8> = Vec::with_capacity(256 * 1024);
    match format {
        Format::Md => markdown::write(&mut buffer, &analysis, &c)?,
        Format::Html => html::write(&mut buffer, &analysis, &c)?,
        Format::Json => json::write(&mut buffer, &analysis, &c)?,
    }
    match args.output.as_deref().filter(|_| destination.path().is_some()) {
        None => out.write_all(&buffer)?,
        Some(path) => {
            destination.write(&buffer)?;
            let t = &c.totals;
            let counts: Vec<String> =
                crate::convergence::Status::ALL.iter().map(|&s| format!("{} {}", t.get(s), s.label())).collect();
            eprintln!("wrote {} ({} elements: {})", shown(path), t.total(), counts.join(", "));
        }
    }
    keep_until_exit(c);
    keep_until_exit(analysis);
    keep_until_exit(n);
    Ok(exit::OK)
}
