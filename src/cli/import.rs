//! `concord import`: a Chair's draft received as .docx, Markdown or text becomes a
//! revision file, each paragraph given the id of the element it continues; into a folder
//! still without a baseline, the first import becomes it ([`first`]).

mod first;

use std::io::Write;
use std::path::{Path, PathBuf};

use comfy_table::Cell;

use super::common::{CommandError, Global, check_failed, exit, shown};
use super::diff::revision_index;
use crate::draft::{Negotiation, RevisionState, is_date, is_revision_id};
use crate::import::align::{Assignment, Status, align};
use crate::import::write::{Meta, add_revision, check_copy, revision_yaml};
use crate::import::{self, Imported};
use crate::output::folder::{refuse_links, write_inside};
use crate::output::guard;
use crate::render::amendments::new_table;
use crate::text::visible::line;

/// Import a draft (.docx, .pdf, .md or .txt) as a new revision.
///
/// Reads the section headings and numbered paragraphs ("7.", "7 bis"; sub-items such as
/// "(a)" stay in their paragraph), gives each paragraph the id of the element it continues
/// in the previous revision (by the similarity of their words and their position), records
/// splits and merges with `from:`, and makes readable ids for new paragraphs. Prints the
/// alignment for review, then writes revisions/ID.yaml and adds ID to negotiation.yaml
/// after the previous revision. Tracked changes in a .docx are taken as accepted; text a
/// reader of the document does not see (hidden text, field codes, Markdown comments and
/// hidden HTML) is skipped, and counted in the summary.
///
/// A PDF is read with Poppler's pdftotext, which must be installed (docs/pdf.md): page
/// headers, footers and page numbers are dropped, footnotes kept out of the text and
/// counted. A document holding several texts (a draft agreement, then a draft decision)
/// is listed by parts; --part or --from/--to imports one.
///
/// Into a folder made by `concord init` without --baseline, the first import becomes the
/// baseline (an open negotiating text; with --adopted, an adopted report).
///
/// Nothing is written if the result would not pass `concord check`, and an existing
/// revision is replaced only with --force. With --adopted the revision is recorded as an
/// adopted text (`state: agreed`): everything in it is agreed as of its date.
///
/// Example: concord import "Rev.3.docx" --as rev3 --date 2022-07-25
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to import (.docx, .pdf, .md or .txt).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Id of the new revision (names the file revisions/ID.yaml).
    #[arg(long = "as", value_name = "ID")]
    pub id: String,
    /// The revision it follows (default: the latest).
    #[arg(long, value_name = "REVISION")]
    pub after: Option<String>,
    /// Title (default: the document's title).
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Issue date, YYYY-MM-DD (default: a date under the document's title).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Replace the revision if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the alignment, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The draft was adopted: record it as an agreed text (`state: agreed`).
    #[arg(long)]
    pub adopted: bool,
    #[command(flatten)]
    pub select: Select,
}

/// Which part of a document holding several texts to import.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Select {
    /// Import only part N of the document, numbered as the import lists them
    /// (such as 1 for "A. DRAFT AGREEMENT").
    #[arg(long, value_name = "N")]
    pub part: Option<usize>,
    /// Import from the heading that begins so (such as "Article 2").
    #[arg(long, value_name = "HEADING")]
    pub from: Option<String>,
    /// Import up to and including the heading that begins so (such as "Article 5").
    #[arg(long, value_name = "HEADING")]
    pub to: Option<String>,
}

impl Select {
    /// As the import module takes it.
    pub fn selection(&self) -> import::parts::Selection {
        import::parts::Selection { part: self.part, from: self.from.clone(), to: self.to.clone() }
    }
}

/// Runs `concord import`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    if !is_revision_id(&args.id) {
        return Err(CommandError::failed(
            format!("`{}` is not a valid revision id", args.id),
            "use letters, digits, `-`, `_` or `.`, such as rev3",
        ));
    }
    if let Some(d) = &args.date
        && !is_date(d)
    {
        return Err(CommandError::failed(
            format!("`{d}` is not a valid date"),
            "write it as YYYY-MM-DD, such as 2022-07-25",
        ));
    }
    // Held until the end: another import at the same time would lose one revision.
    let _lock = if args.dry_run { None } else { global.lock()? };
    if let Some((negotiation, placeholder)) = first::awaiting_baseline(&global.drafts) {
        return first::run(global, args, &negotiation, &placeholder, out);
    }
    let n = global.load()?;
    let listed = n.revision_index(&args.id);
    if listed.is_some() && !args.force {
        return Err(CommandError::failed(
            format!("the revision {} exists already", args.id),
            "pass --force to replace it, or import under another id with --as",
        ));
    }
    let after = previous(&n, args, listed)?;
    let (doc, summary) = import::read_selected(&args.file, &args.select.selection()).map_err(|e| {
        let message = format!("cannot import {}: {e}", args.file.display());
        match e.hint() {
            Some(h) => CommandError::failed(message, h),
            None => CommandError::Failed { message, hint: None },
        }
    })?;
    let previous = &n.revisions[after];
    let ids = align(previous, &doc.paragraphs);
    let meta = Meta {
        id: args.id.clone(),
        title: args.title.clone().or(doc.title.clone()),
        date: args.date.clone().or(doc.date.clone()),
        symbol: doc.symbol.clone(),
    };
    let yaml = revision_yaml(&meta, &doc.paragraphs, &ids).map_err(|e| {
        CommandError::failed(format!("cannot write the revision: {e}"), "please report this with the document")
    })?;
    let yaml = if args.adopted { with_state(&yaml, RevisionState::Agreed) } else { yaml };
    let negotiation_path = global.drafts.join("negotiation.yaml");
    let negotiation_yaml = match listed {
        Some(_) => None,
        None => {
            let text = std::fs::read_to_string(&negotiation_path)?;
            let edited = add_revision(&text, &previous.id, &args.id).map_err(|e| {
                CommandError::failed(
                    format!("cannot add {} to negotiation.yaml: {e}", args.id),
                    format!("add `{}` after `{}` under `revisions:` by hand, then rerun", args.id, previous.id),
                )
            })?;
            Some(edited)
        }
    };
    print_alignment(out, previous, &doc.paragraphs, &ids)?;
    if let Some(skipped) = doc.skipped.summary() {
        writeln!(out, "skipped: {skipped}")?;
    }
    for l in &summary {
        writeln!(out, "{}", line(l))?;
    }
    let revision_rel = Path::new("revisions").join(format!("{}.yaml", args.id));
    let mut files = vec![(revision_rel.clone(), yaml.as_str())];
    if let Some(text) = &negotiation_yaml {
        files.push((PathBuf::from("negotiation.yaml"), text.as_str()));
    }
    for (rel, _) in &files {
        refuse_links(&global.drafts, rel).map_err(|e| CommandError::from(e).nothing_written())?;
    }
    check_copy(&global.drafts, &files).map_err(|e| {
        check_failed(
            e,
            "the imported revision would not pass `concord check`; nothing was written",
            "fix the document (or the drafts folder) and import again",
        )
    })?;
    if args.dry_run {
        writeln!(out, "dry run: nothing written")?;
        return Ok(exit::OK);
    }
    let revision_path = global.drafts.join(&revision_rel);
    guard(&revision_path, &global.drafts, args.force)?;
    let existed = revision_path.exists();
    write_inside(&global.drafts, &revision_rel, yaml.as_bytes())?;
    if let Some(text) = &negotiation_yaml
        && let Err(e) = write_inside(&global.drafts, Path::new("negotiation.yaml"), text.as_bytes())
    {
        if !existed {
            let _ = std::fs::remove_file(&revision_path);
        }
        return Err(e.into());
    }
    let listed_note = match negotiation_yaml {
        Some(_) => format!("; added {} to negotiation.yaml after {}", args.id, previous.id),
        None => String::new(),
    };
    let adopted_note = if args.adopted { " as an adopted text (state: agreed)" } else { "" };
    writeln!(out, "wrote {}{adopted_note}{listed_note}", shown(&revision_path))?;
    Ok(exit::OK)
}

/// A revision file's YAML with `state:` written before its paragraphs.
///
/// ```text
/// "id: rev3\nparagraphs:\n  - …" -> "id: rev3\nstate: agreed\nparagraphs:\n  - …"
/// ```
pub(super) fn with_state(yaml: &str, state: RevisionState) -> String {
    let line = format!("state: {}\n", state.as_str());
    match yaml.find("\nparagraphs:") {
        Some(at) => format!("{}{line}{}", &yaml[..at + 1], &yaml[at + 1..]),
        None => format!("{line}{yaml}"),
    }
}

/// The revision the import follows: --after, else the one before ID when replacing it,
/// else the latest.
fn previous(n: &Negotiation, args: &Args, listed: Option<usize>) -> Result<usize, CommandError> {
    match (&args.after, listed) {
        (Some(a), None) => revision_index(n, a),
        (None, None) => Ok(n.revisions.len() - 1),
        (after, Some(0)) => Err(CommandError::failed(
            format!("{} is the baseline; an import cannot replace it", args.id),
            format!("import under a new id{}", after.as_ref().map(|a| format!(" after {a}")).unwrap_or_default()),
        )),
        (None, Some(k)) => Ok(k - 1),
        (Some(a), Some(k)) => {
            let i = revision_index(n, a)?;
            if i + 1 == k {
                Ok(i)
            } else {
                Err(CommandError::failed(
                    format!("{} is listed after {}, not after {a}", args.id, n.revisions[k - 1].id),
                    "to move a revision, edit `revisions:` in negotiation.yaml",
                ))
            }
        }
    }
}

/// The alignment table: each imported paragraph, the element it continues, and how.
fn print_alignment(
    out: &mut dyn Write,
    previous: &crate::draft::Revision,
    paragraphs: &[Imported],
    ids: &[Assignment],
) -> Result<(), CommandError> {
    let mut table = new_table();
    table.set_header(vec!["new №", &format!("{} №", previous.id), "id", "similarity", "status"]);
    for (p, a) in paragraphs.iter().zip(ids) {
        let old: Vec<String> = a
            .old
            .iter()
            .map(|&i| {
                let o = &previous.paragraphs[i];
                if o.number.is_empty() { o.id.clone() } else { o.number.clone() }
            })
            .collect();
        let from = if a.from.is_empty() || a.from == [a.id.clone()] && a.status == Status::Kept {
            String::new()
        } else {
            format!(" (from {})", a.from.join(", "))
        };
        let similarity = if a.status == Status::New { "–".to_owned() } else { format!("{:.2}", a.similarity) };
        table.add_row(vec![
            Cell::new(line(&p.number)),
            Cell::new(if old.is_empty() { "–".to_owned() } else { line(&old.join(" + ")).into_owned() }),
            Cell::new(line(&format!("{}{from}", a.id))),
            Cell::new(similarity),
            Cell::new(a.status.as_str()),
        ]);
    }
    writeln!(out, "{table}")?;
    let count = |s: Status| ids.iter().filter(|a| a.status == s).count();
    writeln!(
        out,
        "{} paragraphs: {} kept, {} split, {} merged, {} new; elements of {} not continued: {}",
        ids.len(),
        count(Status::Kept),
        count(Status::Split),
        count(Status::Merged),
        count(Status::New),
        previous.id,
        dropped(previous, ids),
    )?;
    Ok(())
}

/// The ids of the previous revision that no imported paragraph continues.
fn dropped(previous: &crate::draft::Revision, ids: &[Assignment]) -> String {
    let mut continued = vec![false; previous.paragraphs.len()];
    ids.iter().flat_map(|a| &a.old).for_each(|&i| continued[i] = true);
    let gone: Vec<&str> =
        previous.paragraphs.iter().zip(continued).filter(|(_, c)| !c).map(|(p, _)| p.id.as_str()).collect();
    if gone.is_empty() { "none".to_owned() } else { line(&gone.join(", ")).into_owned() }
}
