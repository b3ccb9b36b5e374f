//! `concord status`: where every element stands, as a terminal table.

use std::io::Write;

use super::common::{CommandError, Global, exit};
use crate::attribution::analyze;
use crate::convergence::{self, Element, Status};
use crate::render::status::{self as render, Options};

/// Show where every element stands (contested, converging, agreed, …) and why.
///
/// One row per element of the latest revision, then per element dropped on the way: its
/// number, section and status; its churn at each step as a sparkline, with the trend
/// (↘ falling, ↗ rising, → not falling, = stable); the amendments open on the latest
/// revision; who is involved (the proposers, opponents and supporters of those
/// amendments, and delegations with a reservation, objection or dissociation on it); and
/// the baseline paragraph it continues (— when new). A line of totals by status follows.
/// `--why` lists the evidence behind each status: • what decides it, ◦ context;
/// `concord report` gives the full picture. The rules are in docs/convergence.md.
///
/// Example: concord status --status contested --why
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the elements of this section (any part of its heading, ignoring case).
    #[arg(long, value_name = "SECTION")]
    pub section: Option<String>,
    /// Only the elements with this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// After the table, the reasons behind each status.
    #[arg(long)]
    pub why: bool,
    /// Width of the table (default: the terminal's, else $COLUMNS, else 100).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,
}

/// The values of `--status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFilter {
    /// Evidence of disagreement: brackets or options, competing or opposed amendments,
    /// reservations, objections, dissociations, a paragraph marked open.
    Contested,
    /// Proposals on the table, or a text still moving (churn rising or not falling).
    UnderNegotiation,
    /// Still moving, less at every step, nothing on the table.
    Converging,
    /// Unchanged over the last steps, nothing on the table.
    Stable,
    /// Agreed on record: adopted, marked agreed (ad referendum), or agreed baseline text.
    Agreed,
    /// No lineage to the baseline.
    New,
    /// Removed on the way.
    Dropped,
}

impl StatusFilter {
    fn status(self) -> Status {
        match self {
            StatusFilter::Contested => Status::Contested,
            StatusFilter::UnderNegotiation => Status::UnderNegotiation,
            StatusFilter::Converging => Status::Converging,
            StatusFilter::Stable => Status::Stable,
            StatusFilter::Agreed => Status::Agreed,
            StatusFilter::New => Status::New,
            StatusFilter::Dropped => Status::Dropped,
        }
    }
}

/// The table width: `--width`, the terminal's, `$COLUMNS`, or 100.
fn width(args: &Args) -> u16 {
    args.width
        .or_else(|| comfy_table::Table::new().width())
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse::<u16>().ok().filter(|&w| w >= 40))
        .unwrap_or(100)
}

/// Runs `concord status`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let n = global.load()?;
    let analysis = analyze(&n);
    let c = convergence::analyze(&analysis);
    let section = match &args.section {
        Some(wanted) => Some(section(&c, wanted)?),
        None => None,
    };
    let shown: Vec<&Element> = c
        .elements
        .iter()
        .filter(|e| args.status.is_none_or(|s| e.status == s.status()))
        .filter(|e| section.as_ref().is_none_or(|s| &e.section == s))
        .collect();
    let opts = Options { color: global.color(), width: width(args), why: args.why };
    render::write(out, &n, &c, &shown, opts)?;
    Ok(exit::OK)
}

/// The section heading `wanted` names (a part of it, ignoring case).
fn section(c: &convergence::Convergence, wanted: &str) -> Result<String, CommandError> {
    let lower = wanted.to_lowercase();
    let matching: Vec<&str> =
        c.sections.iter().map(|s| s.section.as_str()).filter(|s| s.to_lowercase().contains(&lower)).collect();
    let all = || c.sections.iter().map(|s| format!("`{}`", s.section)).collect::<Vec<_>>().join(", ");
    match matching.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(CommandError::failed(format!("no section matches `{wanted}`"), format!("sections: {}", all()))),
        many => match many.iter().find(|s| s.to_lowercase() == lower) {
            Some(exact) => Ok((*exact).to_owned()),
            None => Err(CommandError::failed(
                format!("`{wanted}` matches {} sections", many.len()),
                format!("say which: {}", many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")),
            )),
        },
    }
}
