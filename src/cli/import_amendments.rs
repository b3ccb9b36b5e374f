//! `concord import-amendments`: a compilation of written inputs becomes amendments files.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{CommandError, Global, check_failed, exit, shown};
use super::diff::revision_index;
use crate::compile::merge::{self, Current, FileWrite, Plan, Same};
use crate::compile::{compile, table};
use crate::draft::Negotiation;
use crate::draft::files::read_text;
use crate::import::write::check_copy;
use crate::output::folder::{create_dirs_inside, refuse_links, write_inside};
use crate::output::guard;
use crate::text::visible::line;

/// Import a compilation of written inputs (CSV, Markdown or Word table) as amendments.
///
/// Reads a table with a heading row naming its columns: the paragraph (printed number or
/// element id; a blank cell repeats the one above; "14 bis" for a paragraph the revision
/// does not have proposes a new one after 14), the delegation ("EU", "Brazil, Mexico",
/// "Cuba on behalf of the Like-Minded Group"; names or codes of delegations.yaml) and the
/// proposed text: a whole new wording of the paragraph, or an instruction such as
/// insert "X" after "Y", insert "X" before "Y", delete "X", replace "X" with "Y", delete
/// the paragraph, new paragraph: "X". Optional columns: date, note, supported by, opposed by.
///
/// Adds to what the folder holds, and never removes anything: each new amendment goes to
/// the end of its proposer's file, amendments/REVISION/<proposer>.yaml (a new file when
/// the proposer has none), with an id no amendment of the negotiation has. An amendment
/// the folder already has (same proposer, element, operation and words) is reported and
/// skipped, so importing the same compilation twice adds nothing; supporters and
/// opponents a row names that the folder lacks are added to it. Every anchor is checked
/// against the revision and the result against `concord check` before anything is
/// written. Rows that cannot be read are reported with their row number (the heading row
/// is row 1, as in a spreadsheet) and why, and left out (the exit code is then 1).
/// docs/getting-started.md lists the forms understood.
///
/// Example: concord import-amendments "Compilation of written inputs.csv" --on zero-draft
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The compilation (.csv, .tsv, .md or .docx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The revision the amendments were proposed on.
    #[arg(long, value_name = "REVISION")]
    pub on: String,
    /// No longer replaces anything (amendments are always added, never replaced); accepted
    /// so that scripts which pass it still run. To remove amendments, edit their file.
    #[arg(long)]
    pub force: bool,
    /// Report what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `concord import-amendments`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    if args.force {
        eprintln!(
            "note: --force no longer replaces amendments files: new amendments are added, those the folder has are skipped"
        );
    }
    // Held until the end: two writers at once would mix their files.
    let _lock = if args.dry_run { None } else { global.lock()? };
    let n = global.load()?;
    let revision = revision_index(&n, &args.on)?;
    let table = table::read(&args.file).map_err(|e| {
        let message = format!("cannot read {}: {e}", args.file.display());
        match e.hint() {
            Some(h) => CommandError::failed(message, h),
            None => CommandError::Failed { message, hint: None },
        }
    })?;
    if !table.ignored.is_empty() {
        eprintln!("note: columns not used: {}", line(&table.ignored.join(", ")));
    }
    let compiled = compile(&n, revision, &table);
    let source = args.file.file_name().map_or_else(|| args.file.display().to_string(), |f| f.to_string_lossy().into());
    for p in &compiled.problems {
        let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("{}{at}: row {}: {}\n  = hint: {}", shown(&args.file), p.row, line(&p.message), line(&p.hint));
    }
    let rev_id = &n.revisions[revision].id;
    let folder = Path::new("amendments").join(rev_id);
    let current = current_files(global, &n, rev_id)?;
    let names = names_in(&global.drafts.join(&folder));
    let plan = merge::plan(&n, revision, &compiled, &current, &names, &source).map_err(|e| {
        CommandError::failed(format!("cannot write the amendments: {e}"), "please report this with the compilation")
    })?;
    for w in &plan.writes {
        refuse_links(&global.drafts, &w.rel).map_err(|e| CommandError::from(e).nothing_written())?;
        if w.before.is_none() {
            // A new file never replaces one (its name was chosen among those free).
            guard(&global.drafts.join(&w.rel), &global.drafts, false)
                .map_err(|e| CommandError::from(e).nothing_written())?;
        }
    }
    let checked: Vec<(PathBuf, &str)> = plan.writes.iter().map(|w| (w.rel.clone(), w.yaml.as_str())).collect();
    if !checked.is_empty() {
        check_copy(&global.drafts, &checked).map_err(|e| {
            check_failed(
                e,
                "the amendments would not pass `concord check` (the problems are listed above); nothing was written",
                "fix the compilation or the drafts folder and run again; if the problem is in what concord wrote, please report it",
            )
        })?;
    }
    report_skipped(out, global, &plan, args.dry_run)?;
    if !args.dry_run && plan.writes.iter().any(|w| w.before.is_none()) {
        create_dirs_inside(&global.drafts, &folder)?;
    }
    for w in &plan.writes {
        if !args.dry_run {
            write_inside(&global.drafts, &w.rel, w.yaml.as_bytes())?;
        }
        report_write(out, global, w, args.dry_run)?;
    }
    for (from, to) in &plan.elsewhere {
        writeln!(
            out,
            "note: {} is not laid out as concord writes (its `amendments:` list does not end the file), so its new amendments went to {}",
            shown(&global.drafts.join(from)),
            shown(&global.drafts.join(to))
        )?;
    }
    let added = plan.added();
    let files = plan.writes.iter().filter(|w| w.added > 0).count();
    let present = plan.skipped.len();
    writeln!(
        out,
        "{} row{} read: {added} amendment{} in {files} file{}{}; {} row{} not imported{}",
        compiled.rows,
        plural(compiled.rows),
        plural(added),
        plural(files),
        if present == 0 { String::new() } else { format!(", {present} already there (skipped)") },
        compiled.problems.len(),
        plural(compiled.problems.len()),
        if compiled.problems.is_empty() { "" } else { " (listed above)" }
    )?;
    let not_added = plan.skipped.iter().any(|s| s.not_added.is_some());
    Ok(if compiled.problems.is_empty() && !not_added { exit::OK } else { exit::FAILURE })
}

/// The amendments files of revision `rev_id`, as they stand.
fn current_files(global: &Global, n: &Negotiation, rev_id: &str) -> Result<Vec<Current>, CommandError> {
    let mut paths: Vec<&Path> =
        n.amendments.iter().filter(|a| a.revision == rev_id).map(|a| a.path.as_path()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .map(|path| {
            let text = read_text(&global.drafts, path)
                .map_err(|d| CommandError::failed(d.message.clone(), "run `concord check`"))?;
            let rel = path.strip_prefix(&n.root).unwrap_or(path).to_path_buf();
            Ok(Current { rel, text })
        })
        .collect()
}

/// The names, without extension, of the entries of `dir` (none if it does not exist).
fn names_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let name = PathBuf::from(e.file_name());
            name.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        })
        .collect()
}

/// One line per row that repeats an amendment the folder (or the compilation) has.
fn report_skipped(out: &mut dyn Write, global: &Global, plan: &Plan, dry_run: bool) -> Result<(), CommandError> {
    for s in &plan.skipped {
        let what = match &s.same {
            Same::Present { id, rel, withdrawn } => {
                let w = withdrawn.as_ref().map(|d| format!(", withdrawn {d}")).unwrap_or_default();
                format!("already in the folder as {id} ({}{w})", shown(&global.drafts.join(rel)))
            }
            Same::EarlierRow(r) => format!("the same as row {r}"),
        };
        let mut added = Vec::new();
        if !s.supported_by.is_empty() {
            added.push(format!("{} to its supporters", s.supported_by.join(", ")));
        }
        if !s.opposed_by.is_empty() {
            added.push(format!("{} to its opponents", s.opposed_by.join(", ")));
        }
        let rest = match (&s.not_added, added.is_empty()) {
            (_, true) => "skipped".to_owned(),
            (None, false) => {
                format!("skipped; {} {}", if dry_run { "would add" } else { "added" }, added.join(" and "))
            }
            (Some(why), false) => format!("skipped; could not add {} ({why}): add them by hand", added.join(" and ")),
        };
        writeln!(out, "row {}: {what}; {}", s.row, line(&rest))?;
    }
    Ok(())
}

fn report_write(out: &mut dyn Write, global: &Global, w: &FileWrite, dry_run: bool) -> Result<(), CommandError> {
    let path = shown(&global.drafts.join(&w.rel));
    let count = |k: usize| format!("{k} amendment{}", plural(k));
    match (w.before, dry_run) {
        (None, false) => writeln!(out, "wrote {path} ({})", count(w.added))?,
        (None, true) => writeln!(out, "would write {path} ({})", count(w.added))?,
        (Some(before), _) if w.added > 0 => {
            let verb = if dry_run { "would add" } else { "added" };
            writeln!(out, "{verb} {} to {path} (which had {before})", count(w.added))?
        }
        (Some(_), _) => {
            let verb = if dry_run { "would update" } else { "updated" };
            writeln!(out, "{verb} {path} (supporters or opponents added)")?
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
