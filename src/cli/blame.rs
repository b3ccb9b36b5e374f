//! `concord blame`: where every word of a revision entered the text, and who is credited.

use std::io::Write;

use super::common::{CommandError, Global, exit};
use super::diff::{did_you_mean, revision_index};
use crate::attribution::analyze;
use crate::render::blame as render;
use crate::render::json::{self, BlameReport};

/// Show where every word of a revision entered the text, like `git blame` for words.
///
/// Each run of words is printed after a gutter naming the revision where the words first
/// appeared and who is credited: the amendment id and its proposer ("~" when it was taken
/// up with changed wording), "Chair" for the Chair's own wording, or "agreed" for words of
/// the baseline's agreed text.
///
/// Example: concord blame rev2 --element threats-ransomware
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision (default: the latest).
    #[arg(value_name = "REVISION")]
    pub revision: Option<String>,
    /// Show only this element.
    #[arg(long, value_name = "ID")]
    pub element: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `concord blame`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terminal text.
    Text,
    /// JSON (see docs/json.md).
    Json,
}

/// Runs `concord blame`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let n = global.load()?;
    let rev = match &args.revision {
        Some(id) => revision_index(&n, id)?,
        None => n.revisions.len() - 1,
    };
    let revision = &n.revisions[rev];
    if let Some(id) = &args.element
        && revision.index_of(id).is_none()
    {
        let ids = revision.paragraphs.iter().map(|p| p.id.as_str());
        let hint =
            did_you_mean(id, ids).unwrap_or_else(|| format!("run `concord blame {}` to see its elements", revision.id));
        return Err(CommandError::failed(format!("element `{id}` is not in {}", revision.id), hint));
    }
    let analysis = analyze(&n);
    let mut report = BlameReport::build(&analysis, rev);
    if let Some(id) = &args.element {
        report.elements.retain(|e| &e.id == id);
    }
    match args.format {
        Format::Json => json::write(out, &report)?,
        Format::Text => render::text(out, &n, &report, global.color())?,
    }
    Ok(exit::OK)
}
