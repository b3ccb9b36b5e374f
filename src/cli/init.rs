//! `concord init`: create a negotiation folder ready for its first revision.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{CommandError, Global, exit, shown};
use crate::draft::{Revision, RevisionState, is_revision_id};
use crate::import::align::align;
use crate::import::write::{Meta, revision_yaml};
use crate::init::folder::{FolderError, Staged};
use crate::init::{delegations_yaml, negotiation_yaml, revision_id_from};
use crate::output::{WriteError, write_atomic};
use crate::text::visible::line;

/// Create a negotiation folder: negotiation.yaml, delegations.yaml and revisions/.
///
/// delegations.yaml lists the 193 UN Member States and the 2 observer States with their
/// ISO 3166 alpha-3 codes, and the EU, the African Group, the Arab Group, the Non-Aligned
/// Movement and the Group of 77 and China with their members as of a stated date (check
/// them: membership changes). With --baseline, the previous final report (.docx, .pdf, .md or
/// .txt) becomes the baseline revision, its paragraphs given ids to keep from revision to
/// revision. It is taken as an agreed report; --baseline-state open says it is a
/// negotiating text instead, whose brackets and options are contested ground. Without
/// --baseline, the first `concord import` into the folder becomes its baseline. The folder
/// must not exist, or be empty.
///
/// Example: concord init oewg-2024 --title "Annual progress report 2024" --baseline "Final report 2023.docx"
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (default: the --drafts folder, ./drafts).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The negotiation's title (default: the folder's name).
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The text the process starts from, usually the previous final report (.docx, .pdf, .md, .txt).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Id of the baseline revision (default: made from the file name).
    #[arg(long, value_name = "ID")]
    pub baseline_id: Option<String>,
    /// Of a baseline holding several texts, which to take (--part, --from, --to).
    #[command(flatten)]
    pub select: super::import::Select,
    /// What the baseline is: an agreed report (the default) or an open negotiating text.
    #[arg(long, value_enum, value_name = "STATE", requires = "baseline")]
    pub baseline_state: Option<BaselineState>,
}

/// The values of `--baseline-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BaselineState {
    /// An agreed report, such as the previous process's final report: everything in it is
    /// agreed unless a paragraph is marked open.
    Agreed,
    /// A negotiating text: nothing in it is agreed; its brackets and options are contested ground.
    Open,
}

impl BaselineState {
    fn state(self) -> RevisionState {
        match self {
            BaselineState::Agreed => RevisionState::Agreed,
            BaselineState::Open => RevisionState::Open,
        }
    }
}

/// Runs `concord init`.
pub fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let dir = args.dir.clone().unwrap_or_else(|| global.drafts.clone());
    refuse_non_empty(&dir)?;
    let baseline_id = match (&args.baseline_id, &args.baseline) {
        (Some(id), _) => id.clone(),
        (None, Some(file)) => revision_id_from(file),
        (None, None) => crate::init::DEFAULT_BASELINE_ID.to_owned(),
    };
    if !is_revision_id(&baseline_id) {
        return Err(CommandError::failed(
            format!("`{baseline_id}` is not a valid revision id"),
            "use letters, digits, `-`, `_` or `.`, such as final-2023",
        ));
    }
    let baseline = match &args.baseline {
        Some(file) => {
            let (yaml, paragraphs, summary) = baseline_revision(file, &baseline_id, &args.select)?;
            let yaml = match args.baseline_state {
                Some(state) => super::import::with_state(&yaml, state.state()),
                None => yaml,
            };
            Some((file, (yaml, paragraphs, summary)))
        }
        None => None,
    };
    let title = match &args.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_owned(),
        Some(_) => return Err(CommandError::failed("the title is empty", "give a title, or leave --title out")),
        None => folder_title(&dir),
    };
    // Built whole in a hidden sibling, then renamed into place: a run killed half-way
    // leaves no half-made folder for the next `init` to refuse.
    let staged = Staged::new(&dir).map_err(folder_error)?;
    let baseline_yaml = baseline.as_ref().map(|(_, (yaml, _, _))| yaml.as_str());
    write_files(staged.path(), &dir, &title, &baseline_id, baseline_yaml)?;
    staged.finish().map_err(folder_error)?;

    writeln!(out, "created {}: negotiation.yaml (\"{}\"), delegations.yaml, revisions/", shown(&dir), line(&title))?;
    match baseline {
        Some((file, (_, paragraphs, summary))) => {
            let what = match args.baseline_state {
                None => "",
                Some(BaselineState::Agreed) => ", an agreed report",
                Some(BaselineState::Open) => ", an open negotiating text",
            };
            writeln!(
                out,
                "baseline {baseline_id}: {paragraphs} paragraphs from {} (revisions/{baseline_id}.yaml){what}",
                shown(file)
            )?;
            for l in summary {
                writeln!(out, "{}", line(&l))?;
            }
            next_steps(out, &dir, &baseline_id, true)?;
        }
        None => next_steps(out, &dir, &baseline_id, false)?,
    }
    Ok(exit::OK)
}

/// Writes the folder's files into `temp`, which becomes `dir`, and checks the result when
/// it has a baseline (without one, `concord check` cannot pass yet).
fn write_files(temp: &Path, dir: &Path, title: &str, id: &str, baseline: Option<&str>) -> Result<(), CommandError> {
    let write =
        |rel: &str, text: &str| write_atomic(&temp.join(rel), text.as_bytes()).map_err(|e| shown_as(e, temp, dir));
    std::fs::create_dir(temp.join("revisions")).map_err(|e| CommandError::Failed {
        message: format!("cannot create {}: {e}", dir.join("revisions").display()),
        hint: None,
    })?;
    write("negotiation.yaml", &negotiation_yaml(title, id))?;
    write("delegations.yaml", &delegations_yaml())?;
    let Some(yaml) = baseline else { return Ok(()) };
    write(&format!("revisions/{id}.yaml"), yaml)?;
    if let Err(diags) = crate::draft::load(temp) {
        eprint!("{}", diags.to_string().replace(&shown(temp), &shown(dir)));
        return Err(CommandError::failed(
            format!("the new folder does not pass `concord check`: {}", diags.summary()),
            "please report this with the baseline document",
        ));
    }
    Ok(())
}

/// A failure to make the folder, with what to do.
fn folder_error(e: FolderError) -> CommandError {
    match e {
        FolderError::NotEmpty(_) => CommandError::failed(
            e.to_string(),
            "something else wrote into the folder while concord init ran; give the name of a new or empty folder",
        ),
        FolderError::Busy(e) => e.into(),
        FolderError::Io { .. } => CommandError::failed(
            e.to_string(),
            "check that the folder can be written, and that a file of that name does not stand in the way",
        ),
    }
}

/// A write error naming the file where it will end up, not in the hidden sibling.
fn shown_as(e: WriteError, temp: &Path, dir: &Path) -> CommandError {
    match e {
        WriteError::Io { path, source } => {
            let path = path.strip_prefix(temp).map_or(path.clone(), |rel| dir.join(rel));
            WriteError::Io { path, source }.into()
        }
        other => other.into(),
    }
}

/// A folder that exists and holds anything is refused.
fn refuse_non_empty(dir: &Path) -> Result<(), CommandError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CommandError::failed(
                    format!("{} exists and is not empty", dir.display()),
                    "concord init creates a new negotiation folder; give the name of a new or empty folder",
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if dir.is_file() => Err(CommandError::failed(
            format!("{} is a file, not a folder ({e})", dir.display()),
            "give the name of a new folder",
        )),
        Err(e) => Err(CommandError::Failed { message: format!("cannot read {}: {e}", dir.display()), hint: None }),
    }
}

/// The baseline's YAML, its number of paragraphs and what to say about its parts and
/// footnotes, read with `concord import`'s reader.
fn baseline_revision(
    file: &Path,
    id: &str,
    select: &super::import::Select,
) -> Result<(String, usize, Vec<String>), CommandError> {
    let (doc, summary) = crate::import::read_selected(file, &select.selection()).map_err(|e| {
        let message = format!("cannot read the baseline {}: {e}", file.display());
        match e.hint() {
            Some(h) => CommandError::failed(message, h),
            None => CommandError::Failed { message, hint: None },
        }
    })?;
    let nothing = Revision {
        id: String::new(),
        title: String::new(),
        date: None,
        symbol: None,
        state: crate::draft::RevisionState::Agreed,
        paragraphs: vec![],
        path: file.into(),
        lookup: Default::default(),
    };
    let ids = align(&nothing, &doc.paragraphs);
    let meta = Meta { id: id.to_owned(), title: doc.title.clone(), date: doc.date.clone(), symbol: doc.symbol.clone() };
    let yaml = revision_yaml(&meta, &doc.paragraphs, &ids).map_err(|e| {
        CommandError::failed(format!("cannot write the baseline: {e}"), "please report this with the document")
    })?;
    let yaml = yaml.replacen(
        "# Imported by concord import; check the ids and `from:` against the alignment it printed.",
        "# The baseline, imported by concord init. Element ids are kept from revision to revision:\n\
         # rename them now if you like, before any revision refers to them.",
        1,
    );
    Ok((yaml, doc.paragraphs.len(), summary))
}

/// The folder's name as a title, or its parent's for a folder named `drafts`
/// (`oewg-2024/drafts` -> `oewg-2024`).
fn folder_title(dir: &Path) -> String {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let full = std::fs::canonicalize(parent)
        .ok()
        .and_then(|p| dir.file_name().map(|n| p.join(n)))
        .unwrap_or_else(|| dir.to_path_buf());
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).filter(|n| !n.trim().is_empty());
    match name(&full) {
        Some(n) if n == "drafts" => full.parent().and_then(name).unwrap_or(n),
        Some(n) => n,
        None => "Negotiation".into(),
    }
}

/// What to do next.
fn next_steps(out: &mut dyn Write, dir: &Path, baseline: &str, has_baseline: bool) -> Result<(), CommandError> {
    let d = shown(dir);
    let drafts = if d == "drafts" { String::new() } else { format!(" --drafts {}", quote_arg(&d)) };
    writeln!(out, "\nNext:")?;
    if !has_baseline {
        writeln!(
            out,
            "  0. Give the negotiation its baseline, the text it starts from (until then `concord check`\n     \
             fails): the first import becomes it. Import the previous final report\n     \
             (concord import REPORT.docx --as final-report --adopted{drafts}) or, for a process\n     \
             that starts from nothing, its zero draft; or write {d}/revisions/{baseline}.yaml by hand."
        )?;
    }
    writeln!(out, "  1. Check the groups in {d}/delegations.yaml (membership changes) and add your own.")?;
    writeln!(out, "  2. Import each draft as it comes:   concord import DRAFT.docx --as zero-draft{drafts}")?;
    writeln!(
        out,
        "  3. Import the written inputs:       concord import-amendments COMPILATION.csv --on zero-draft{drafts}"
    )?;
    writeln!(out, "  4. Then:                            concord check{drafts} && concord report{drafts}")?;
    Ok(())
}

/// A path as typed in a shell: quoted when it has spaces or shell characters.
fn quote_arg(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
