//! `concord amendments`: every amendment of the negotiation with its outcome.

use std::io::Write;

use super::common::{CommandError, Global, exit};
use super::diff::{did_you_mean, revision_index};
use crate::attribution::{Outcome, analyze};
use crate::draft::Negotiation;
use crate::render::amendments::{self as render, Columns};
use crate::render::json::{self, AmendmentReport, AmendmentsReport};

/// List the amendments with their outcomes.
///
/// Shows every amendment of the negotiation (or only those proposed on REVISION): its
/// proposer, target element and operation, its outcome (adopted, adopted_in_part,
/// not_taken_up, superseded, withdrawn, or pending while no revision has answered it), how much of it
/// was taken up, in which revision, and who supported or opposed it.
///
/// Example: concord amendments rev1 --by EU --format csv > amendments.csv
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the amendments proposed on this revision.
    #[arg(value_name = "REVISION")]
    pub revision: Option<String>,
    /// Only the amendments by this delegation or group. For a state, also those its
    /// groups made on its behalf (the group's members, or `on_behalf_of` when given).
    #[arg(long, value_name = "CODE")]
    pub by: Option<String>,
    /// Only the amendments with this outcome.
    #[arg(long, value_enum)]
    pub outcome: Option<OutcomeFilter>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `concord amendments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A terminal table.
    Text,
    /// JSON (see docs/json.md).
    Json,
    /// CSV with a header row, for spreadsheets.
    Csv,
}

/// The values of `--outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum OutcomeFilter {
    /// Taken up as proposed.
    Adopted,
    /// Taken up in part or with changed wording.
    AdoptedInPart,
    /// Not reflected in the next revision.
    NotTakenUp,
    /// Its element was removed.
    Superseded,
    /// No revision has answered it yet.
    Pending,
    /// Withdrawn by its proposer before a revision answered it.
    Withdrawn,
}

impl OutcomeFilter {
    fn accepts(self, a: &AmendmentReport) -> bool {
        let outcome = match self {
            OutcomeFilter::Withdrawn => Outcome::Withdrawn,
            OutcomeFilter::Adopted => Outcome::Adopted,
            OutcomeFilter::AdoptedInPart => Outcome::AdoptedInPart,
            OutcomeFilter::NotTakenUp => Outcome::NotTakenUp,
            OutcomeFilter::Superseded => Outcome::Superseded,
            OutcomeFilter::Pending => Outcome::Pending,
        };
        a.outcome == outcome.as_str()
    }
}

/// Runs `concord amendments`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let n = global.load()?;
    let revision = args.revision.as_deref().map(|id| revision_index(&n, id)).transpose()?;
    let by = args.by.as_deref().map(|code| known_code(&n, code)).transpose()?;
    let analysis = analyze(&n);
    let amendments: Vec<AmendmentReport> = n
        .amendments
        .iter()
        .enumerate()
        .filter(|(_, a)| revision.is_none_or(|r| n.revision_index(&a.revision) == Some(r)))
        .filter(|(_, a)| by.as_deref().is_none_or(|code| a.by == code || n.members_of(a).iter().any(|m| m == code)))
        .map(|(i, _)| AmendmentReport::build(&analysis, i, false))
        .filter(|a| args.outcome.is_none_or(|o| o.accepts(a)))
        .collect();
    match args.format {
        Format::Json => json::write(out, &AmendmentsReport { amendments })?,
        Format::Csv => render::csv(out, &amendments)?,
        Format::Text if amendments.is_empty() => writeln!(out, "No amendments match.")?,
        Format::Text => {
            writeln!(out, "{}", render::table(&amendments, Columns::Full, global.color()))?;
            writeln!(out, "{}", render::summary(&amendments))?;
        }
    }
    Ok(exit::OK)
}

/// The delegation or group code `code` names (case-insensitively), or an error with a hint.
fn known_code(n: &Negotiation, code: &str) -> Result<String, CommandError> {
    let codes: Vec<&str> = n
        .delegations
        .keys()
        .chain(n.groups.keys())
        .map(String::as_str)
        .chain(n.amendments.iter().map(|a| a.by.as_str()))
        .collect();
    if let Some(found) = codes.iter().find(|c| c.eq_ignore_ascii_case(code)) {
        return Ok((*found).to_owned());
    }
    let hint = did_you_mean(code, codes.iter().copied())
        .unwrap_or_else(|| "the codes are listed in delegations.yaml".to_owned());
    Err(CommandError::failed(format!("unknown delegation or group `{code}`"), hint))
}
