//! The first import into a folder `concord init` made without `--baseline`: the folder
//! lists one revision, the baseline, and has no revision file yet, so nothing could be
//! loaded and `concord import FIRST.docx --as zero-draft` was refused. That document
//! becomes the baseline instead: its revision file is written under the id given, and
//! `negotiation.yaml` is edited to start from it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Args, with_state};
use crate::cli::common::{CommandError, Global, check_failed, exit, shown};
use crate::draft::raw::RawNegotiation;
use crate::draft::{Revision, RevisionState};
use crate::import::align::align;
use crate::import::write::{Meta, check_copy, revision_yaml};
use crate::output::folder::{refuse_links, write_inside};
use crate::text::visible::line;

/// The folder is waiting for its baseline: `negotiation.yaml` (its text and the baseline
/// it names) when it lists only the baseline and `revisions/` holds no YAML file.
pub fn awaiting_baseline(drafts: &Path) -> Option<(String, String)> {
    let listed = std::fs::read_dir(drafts.join("revisions")).ok()?;
    let has_revision =
        listed.filter_map(|e| e.ok()).any(|e| crate::draft::files::is_yaml(&e.path()) || e.path().is_dir());
    if has_revision {
        return None;
    }
    let path = drafts.join("negotiation.yaml");
    let text = crate::draft::files::read_text(drafts, &path).ok()?;
    let raw: RawNegotiation = crate::draft::yaml::parse(&path, &text).ok()?;
    match raw.revisions.value.as_slice() {
        [only] if only.value == raw.baseline.value => Some((text, raw.baseline.value)),
        _ => None,
    }
}

/// Imports `args.file` as the baseline of a folder waiting for it; `negotiation` is the
/// text of its `negotiation.yaml`, which names `placeholder` as the baseline.
pub fn run(
    global: &Global,
    args: &Args,
    negotiation: &str,
    placeholder: &str,
    out: &mut dyn Write,
) -> Result<u8, CommandError> {
    if let Some(after) = &args.after {
        return Err(CommandError::failed(
            format!(
                "{} has no revision yet, so nothing for the import to follow (--after {after})",
                shown(&global.drafts)
            ),
            "leave --after out: the first import becomes the negotiation's baseline",
        ));
    }
    let (doc, summary) = crate::import::read_selected(&args.file, &args.select.selection()).map_err(|e| {
        let message = format!("cannot import {}: {e}", args.file.display());
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
        state: RevisionState::Agreed,
        paragraphs: vec![],
        path: args.file.clone(),
        lookup: Default::default(),
    };
    let ids = align(&nothing, &doc.paragraphs);
    let meta = Meta {
        id: args.id.clone(),
        title: args.title.clone().or(doc.title.clone()),
        date: args.date.clone().or(doc.date.clone()),
        symbol: doc.symbol.clone(),
    };
    let yaml = revision_yaml(&meta, &doc.paragraphs, &ids).map_err(|e| {
        CommandError::failed(format!("cannot write the revision: {e}"), "please report this with the document")
    })?;
    let yaml = yaml.replacen(
        "# Imported by concord import; check the ids and `from:` against the alignment it printed.",
        "# The baseline, imported by concord import. Element ids are kept from revision to revision:\n\
         # rename them now if you like, before any revision refers to them.",
        1,
    );
    // Written out either way: a baseline's default (agreed) would silently make a zero
    // draft's brackets agreed text.
    let state = if args.adopted { RevisionState::Agreed } else { RevisionState::Open };
    let yaml = with_state(&yaml, state);
    let edited = rename_baseline(negotiation, placeholder, &args.id).map_err(|e| {
        CommandError::failed(
            format!("cannot make {} the baseline in negotiation.yaml: {e}", args.id),
            format!("write `baseline: {0}` and `revisions: [{0}]` in negotiation.yaml by hand, then rerun", args.id),
        )
    })?;
    writeln!(out, "{} paragraphs read; element ids made from their sections and first words", doc.paragraphs.len())?;
    if let Some(skipped) = doc.skipped.summary() {
        writeln!(out, "skipped: {skipped}")?;
    }
    for l in &summary {
        writeln!(out, "{}", line(l))?;
    }
    let revision_rel = Path::new("revisions").join(format!("{}.yaml", args.id));
    let files = [(revision_rel.clone(), yaml.as_str()), (PathBuf::from("negotiation.yaml"), edited.as_str())];
    for (rel, _) in &files {
        refuse_links(&global.drafts, rel).map_err(|e| CommandError::from(e).nothing_written())?;
    }
    check_copy(&global.drafts, &files).map_err(|e| {
        check_failed(
            e,
            "the imported baseline would not pass `concord check`; nothing was written",
            "fix the document (or the drafts folder) and import again",
        )
    })?;
    if args.dry_run {
        writeln!(out, "dry run: nothing written")?;
        return Ok(exit::OK);
    }
    let revision_path = global.drafts.join(&revision_rel);
    write_inside(&global.drafts, &revision_rel, yaml.as_bytes())?;
    if let Err(e) = write_inside(&global.drafts, Path::new("negotiation.yaml"), edited.as_bytes()) {
        let _ = std::fs::remove_file(&revision_path);
        return Err(e.into());
    }
    let what = if args.adopted {
        "an adopted text (state: agreed)"
    } else {
        "an open negotiating text (state: open; --adopted records an adopted report)"
    };
    writeln!(
        out,
        "wrote {} as the baseline, {what}; negotiation.yaml now starts from {}",
        shown(&revision_path),
        args.id
    )?;
    Ok(exit::OK)
}

/// `negotiation.yaml` with the baseline `old` renamed `new` in `baseline:` and in
/// `revisions:`, every other byte unchanged; checked by parsing it back.
///
/// ```text
/// "baseline: baseline\nrevisions: [baseline]\n" -> "baseline: zero-draft\nrevisions: [zero-draft]\n"
/// ```
fn rename_baseline(text: &str, old: &str, new: &str) -> Result<String, String> {
    if old == new {
        return Ok(text.to_owned());
    }
    let raw: RawNegotiation =
        crate::draft::yaml::parse(Path::new("negotiation.yaml"), text).map_err(|d| d.message.clone())?;
    let mut spans = Vec::new();
    for value in std::iter::once(&raw.baseline).chain(&raw.revisions.value) {
        let span = value.referenced.span();
        let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else {
            return Err("the position of the baseline's id is unknown".to_owned());
        };
        let (start, end) = (start as usize, (start + len) as usize);
        if text.get(start..end) != Some(old) {
            return Err(format!("`{old}` is not written plainly there"));
        }
        spans.push((start, end));
    }
    spans.sort_unstable();
    let mut edited = text.to_owned();
    for (start, end) in spans.into_iter().rev() {
        edited.replace_range(start..end, new);
    }
    let back: RawNegotiation =
        crate::draft::yaml::parse(Path::new("negotiation.yaml"), &edited).map_err(|d| d.message.clone())?;
    let ids: Vec<&str> = back.revisions.value.iter().map(|r| r.value.as_str()).collect();
    if back.baseline.value == new && ids == [new] && back.title.value == raw.title.value {
        Ok(edited)
    } else {
        Err("the edited file does not read back as intended".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_is_renamed_in_both_places_and_nothing_else_changes() {
        let text = crate::init::negotiation_yaml("Report", "baseline");
        let edited = rename_baseline(&text, "baseline", "zero-draft").unwrap();
        assert_eq!(
            edited,
            text.replace("baseline: baseline\n", "baseline: zero-draft\n").replace("[baseline]", "[zero-draft]")
        );
        assert!(
            edited.contains("# The negotiation: its title, the text it starts from (the baseline)"),
            "comments kept"
        );
    }
}
