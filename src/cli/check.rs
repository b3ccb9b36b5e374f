//! `concord check`: validate a negotiation folder.

use std::io::Write;

use super::common::{CommandError, Global, exit, shown};
use crate::draft::load;

/// Validate the drafts folder: every file, every reference, every anchor.
///
/// Prints each problem as `path:line:col: error: message` with a hint, then a summary.
/// Exits 0 when there is no error (warnings allowed), 1 otherwise.
///
/// Example: concord check --drafts drafts
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `concord check`.
pub fn run(global: &Global, _args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let (diags, stats) = match load(&global.drafts) {
        Ok(loaded) => {
            let n = &loaded.negotiation;
            let paragraphs: usize = n.revisions.iter().map(|r| r.paragraphs.len()).sum();
            let count = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
            let stats = [
                count(n.revisions.len(), "revision", "revisions"),
                count(paragraphs, "paragraph", "paragraphs"),
                count(n.amendments.len(), "amendment", "amendments"),
                count(n.delegations.len(), "delegation", "delegations"),
                count(n.groups.len(), "group", "groups"),
            ]
            .join(", ");
            (loaded.warnings, Some(stats))
        }
        Err(diags) => (diags, None),
    };
    write!(out, "{diags}")?;
    let folder = shown(&global.drafts);
    match stats {
        Some(stats) if diags.errors() == 0 => {
            writeln!(out, "{folder}: ok ({stats}); {}", diags.summary())?;
            Ok(exit::OK)
        }
        _ => {
            writeln!(out, "{folder}: {}", diags.summary())?;
            Ok(exit::FAILURE)
        }
    }
}
