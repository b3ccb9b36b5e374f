//! The one place concord reads and writes YAML, with the limits that keep hostile input
//! (alias bombs, deep nesting, huge files) from exhausting memory or time.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options};

use super::diag::Diagnostic;

/// Largest file concord reads, in bytes (64 MiB: a million-word revision is ~8 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting of YAML collections accepted (the format needs 4).
pub const MAX_DEPTH: usize = 16;
/// Most aliases (`*name`) in one file.
pub const MAX_ALIASES: usize = 1_000;
/// Most YAML nodes in one file (scalars, lists and maps).
pub const MAX_NODES: usize = 2_000_000;

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_nodes = MAX_NODES;
    budget.max_events = 4 * MAX_NODES;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES as usize;
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES as usize);
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    budget.max_recorded_anchor_events = 100_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    options.alias_limits.max_total_replayed_events = 100_000;
    options
}

/// Parses `text` (the contents of `path`) into `T`. A syntax or shape error comes back as
/// a diagnostic located in the file, with a hint for mistyped keys.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = clean_message(&e.without_snippet().to_string());
        let hint = hint_for(&message);
        let mut d = Diagnostic::error(path, line, column, message).with_source(text);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        d
    })
}

/// Serializes `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| e.to_string())
}

/// Drops the location prefix serde-saphyr puts in messages (we print our own).
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.find(" at line ") {
        Some(i) => first[..i].to_owned(),
        None => first.to_owned(),
    }
}

/// For "unknown field `x`, expected one of `a`, `b`": suggests the closest expected field.
fn hint_for(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match closest(unknown, &candidates) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("the fields allowed here are {}", candidates.join(", "))),
    }
}

/// The candidate most like `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
