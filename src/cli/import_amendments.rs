//! `concord import-amendments`: a compilation of written inputs becomes amendments files.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{CommandError, Global, check_failed, exit, shown};
use super::diff::revision_index;
use crate::compile::write::amendments_yaml;
use crate::compile::{compile, table};
use crate::import::write::check_copy;
use crate::output::folder::{create_dirs_inside, refuse_links, write_inside};
use crate::output::guard;
use crate::text::visible::line;

/// Import a compilation of written inputs (CSV, Markdown or Word table) as amendments.
///
/// Reads a table with a heading row naming its columns: the paragraph (printed number or
/// element id; a blank cell repeats the one above), the delegation ("EU", "Brazil, Mexico",
/// "Cuba on behalf of the Like-Minded Group"; names or codes of delegations.yaml) and the
/// proposed text: a whole new wording of the paragraph, or an instruction such as
/// insert "X" after "Y", insert "X" before "Y", delete "X", replace "X" with "Y", delete
/// the paragraph, new paragraph: "X". Optional columns: date, note, supported by, opposed by.
///
/// Writes one file per proposer, amendments/REVISION/<proposer>.yaml, after checking every
/// anchor against the revision. Rows that cannot be read are reported with their row
/// number (the heading row is row 1, as in a spreadsheet) and why, and left out (the exit
/// code is then 1). Existing files are replaced only with --force. docs/getting-started.md
/// lists the forms understood.
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
    /// Replace amendments files that exist.
    #[arg(long)]
    pub force: bool,
    /// Report what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `concord import-amendments`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
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
    let mut files: Vec<(PathBuf, String, usize)> = Vec::new();
    for f in &compiled.files {
        let yaml = amendments_yaml(f, rev_id, &source).map_err(|e| {
            CommandError::failed(format!("cannot write the amendments of {}: {e}", f.proposer.by), "please report this")
        })?;
        files.push((folder.join(format!("{}.yaml", f.stem)), yaml, f.entries.len()));
    }
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _, _)| global.drafts.join(rel))
        .filter(|p| guard(p, &global.drafts, args.force).is_err())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(CommandError::failed(
            format!("{} exist{}; nothing was written", existing.join(", "), if existing.len() == 1 { "s" } else { "" }),
            if existing.len() == 1 { "pass --force to replace it" } else { "pass --force to replace them" },
        ));
    }
    for (rel, _, _) in &files {
        refuse_links(&global.drafts, rel).map_err(|e| CommandError::from(e).nothing_written())?;
    }
    let checked: Vec<(PathBuf, &str)> = files.iter().map(|(rel, yaml, _)| (rel.clone(), yaml.as_str())).collect();
    if !checked.is_empty() {
        check_copy(&global.drafts, &checked).map_err(|e| {
            check_failed(
                e,
                "the amendments would not pass `concord check` (the problems are listed above); nothing was written",
                "fix the compilation or the drafts folder and run again; if the problem is in what concord wrote, please report it",
            )
        })?;
    }
    let amendments: usize = files.iter().map(|f| f.2).sum();
    if !args.dry_run && !files.is_empty() {
        create_dirs_inside(&global.drafts, &folder)?;
    }
    for (rel, yaml, count) in &files {
        let path = global.drafts.join(rel);
        if !args.dry_run {
            write_inside(&global.drafts, rel, yaml.as_bytes())?;
        }
        let verb = if args.dry_run { "would write" } else { "wrote" };
        writeln!(out, "{verb} {} ({count} amendment{})", shown(&path), if *count == 1 { "" } else { "s" })?;
    }
    writeln!(
        out,
        "{} row{} read: {amendments} amendment{} in {} file{}; {} row{} not imported{}",
        compiled.rows,
        plural(compiled.rows),
        plural(amendments),
        files.len(),
        plural(files.len()),
        compiled.problems.len(),
        plural(compiled.problems.len()),
        if compiled.problems.is_empty() { "" } else { " (listed above)" }
    )?;
    Ok(if compiled.problems.is_empty() { exit::OK } else { exit::FAILURE })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
