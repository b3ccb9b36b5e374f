//! `concord diff`: what changed between two revisions, and whose amendment each change
//! was. Also home of the lookups the word-level commands share (revision and element ids
//! with a did-you-mean hint).

use std::io::Write;

use super::common::{CommandError, Global, exit, keep_until_exit};
use crate::attribution::analyze;
use crate::draft::Negotiation;
use crate::render::diff::{self as render, Options};
use crate::render::json::{self, DiffReport};

/// Show what changed between two revisions, and whose amendment each change was.
///
/// Prints every changed element with an inline word diff: deleted words struck through in
/// red, inserted words in green (without color: [-deleted-]{+inserted+}). Each hunk is
/// numbered and credited to the amendments it reflects: the amendment id, its proposer (a
/// group with its member states), "+" its supporters, "~0.67" when it was taken up with
/// changed wording; or "Chair" for the Chair's own wording. Then a table of the outcomes of
/// the amendments proposed on FROM (and on the revisions up to TO).
///
/// FROM and TO are revision ids; TO defaults to the latest revision, FROM to the one before
/// TO.
///
/// Example: concord diff zero-draft rev1 --element threats-ransomware
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older revision (default: the one before TO).
    #[arg(value_name = "FROM")]
    pub from: Option<String>,
    /// The newer revision (default: the latest).
    #[arg(value_name = "TO")]
    pub to: Option<String>,
    /// Show only this element (its id in either revision).
    #[arg(long, value_name = "ID")]
    pub element: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Name the member states of groups instead of the group ("LMG (CUB IRN)" becomes "CUB IRN").
    #[arg(long)]
    pub by_state: bool,
    /// Inline word diff, or the old and new wording side by side.
    #[arg(long, value_enum, default_value_t = Layout::Inline)]
    pub layout: Layout,
}

/// Output formats of `concord diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terminal text.
    Text,
    /// Markdown.
    Md,
    /// JSON (see docs/json.md).
    Json,
}

/// Layouts of the text and Markdown output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One text with deletions and insertions in place.
    Inline,
    /// Old and new wording in two columns.
    Columns,
}

/// Runs `concord diff`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let n = global.load()?;
    let (from, to) = revisions(&n, args.from.as_deref(), args.to.as_deref())?;
    if let Some(id) = &args.element {
        let (old, new) = (&n.revisions[from], &n.revisions[to]);
        if old.index_of(id).is_none() && new.index_of(id).is_none() {
            let ids = old.paragraphs.iter().chain(&new.paragraphs).map(|p| p.id.as_str());
            return Err(CommandError::failed(
                format!("element `{id}` is in neither {} nor {}", old.id, new.id),
                did_you_mean(id, ids).unwrap_or_else(|| format!("list the elements with `concord blame {}`", new.id)),
            ));
        }
    }
    let analysis = analyze(&n);
    let diff = analysis.diff(from, to);
    let mut report = DiffReport::build(&analysis, &diff, args.by_state);
    if let Some(id) = &args.element {
        report.restrict_to(id);
    }
    let opts =
        Options { color: global.color() && args.format == Format::Text, columns: args.layout == Layout::Columns };
    match args.format {
        Format::Json => json::write(out, &report)?,
        Format::Text => render::text(out, &n, &report, opts)?,
        Format::Md => render::markdown(out, &n, &report, opts)?,
    }
    keep_until_exit(report);
    keep_until_exit(diff);
    keep_until_exit(analysis);
    keep_until_exit(n);
    Ok(exit::OK)
}

/// FROM and TO as revision indices: TO defaults to the latest revision, FROM to the one
/// before TO; FROM must be older than TO.
fn revisions(n: &Negotiation, from: Option<&str>, to: Option<&str>) -> Result<(usize, usize), CommandError> {
    if n.revisions.len() < 2 {
        return Err(CommandError::failed(
            format!("the negotiation has only one revision ({}): there is nothing to compare", n.baseline),
            "add a revision to `revisions:` in negotiation.yaml",
        ));
    }
    let to_index = match to {
        Some(id) => revision_index(n, id)?,
        None => n.revisions.len() - 1,
    };
    let from_index = match from {
        Some(id) => revision_index(n, id)?,
        None if to_index == 0 => {
            return Err(CommandError::failed(
                format!("{} is the first revision: nothing is older", n.revisions[0].id),
                format!("compare two revisions, e.g. `concord diff {} {}`", n.revisions[0].id, n.revisions[1].id),
            ));
        }
        None => to_index - 1,
    };
    if from_index >= to_index {
        let (f, t) = (&n.revisions[from_index].id, &n.revisions[to_index].id);
        let hint = if from_index > to_index {
            format!("the older revision comes first: `concord diff {t} {f}`")
        } else {
            "give two different revisions".to_owned()
        };
        return Err(CommandError::failed(format!("`{f}` is not older than `{t}`"), hint));
    }
    Ok((from_index, to_index))
}

/// The index of revision `id`, or an error naming the revisions (with a did-you-mean).
pub(super) fn revision_index(n: &Negotiation, id: &str) -> Result<usize, CommandError> {
    n.revision_index(id).ok_or_else(|| {
        let ids = n.revisions.iter().map(|r| r.id.as_str());
        let known = format!("the revisions are {}", ids.clone().collect::<Vec<_>>().join(", "));
        let hint = match did_you_mean(id, ids) {
            Some(suggestion) => format!("{suggestion} ({known})"),
            None => known,
        };
        CommandError::failed(format!("unknown revision `{id}`"), hint)
    })
}

/// `did you mean `rev1`?` for the candidate closest to `given`, if one is close: one
/// edit away (for ids of three characters or more), or alike by Jaro-Winkler.
///
/// ```text
/// ("rev-1", ["rev1", "rev2"]) -> Some("did you mean `rev1`?")
/// ("NDL", ["NLD", "BRA"])     -> Some("did you mean `NLD`?")
/// ```
pub(super) fn did_you_mean<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let given = given.to_lowercase();
    let long_enough = given.chars().count() >= 3;
    candidates
        .map(|c| {
            let lower = c.to_lowercase();
            (strsim::osa_distance(&given, &lower), strsim::jaro_winkler(&given, &lower), c)
        })
        .filter(|&(edits, alike, _)| (long_enough && edits <= 1) || alike >= 0.8)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_id() {
        let ids = ["zero-draft", "rev1", "rev2"];
        assert_eq!(did_you_mean("rev-1", ids.into_iter()).as_deref(), Some("did you mean `rev1`?"));
        assert_eq!(did_you_mean("xyz", ids.into_iter()), None);
        assert_eq!(did_you_mean("NDL", ["BRA", "NLD"].into_iter()).as_deref(), Some("did you mean `NLD`?"));
        assert_eq!(did_you_mean("r3", ["r0", "r1"].into_iter()), None);
    }
}
