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
/// a diagnostic located in the file, in words meant for users, with a hint where one helps.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let rendered = e.without_snippet().render_with_formatter(&serde_saphyr::UserMessageFormatter);
        let message = clean_message(&rendered);
        let (line, column) = if is_tab_error(&message) {
            tab_at_or_after(text, line, column)
        } else if message.starts_with("missing field") {
            entry_start(text, line, column)
        } else {
            (line, column)
        };
        let hint = hint_for(&message);
        // The list of allowed keys goes to the hint, not the message.
        let message = match message.find(", expected one of") {
            Some(i) if message.starts_with("unknown field") => message[..i].to_owned(),
            _ => message,
        };
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

/// Keeps the first line and drops the location suffix (we print our own).
///
/// ```text
/// "missing field `text` at line 1, column 1" -> "missing field `text`"
/// ```
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.find(" (defined at") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = match first.rfind(" at line ") {
        Some(i) if first[i..].contains("column") => &first[..i],
        _ => first,
    };
    match first.split_once("limits breached: ") {
        Some((_, what)) => limit_message(what),
        None => first.to_owned(),
    }
}

/// Says in words which of the limits a file broke (`Aliases { aliases: 1001 }` …).
fn limit_message(what: &str) -> String {
    let kind = what.split([' ', '{']).next().unwrap_or(what);
    match kind {
        "Aliases" | "AliasAnchorRatio" => format!("the file uses more than {MAX_ALIASES} aliases (`*name`)"),
        "Anchors" => format!("the file defines more than {MAX_ALIASES} anchors (`&name`)"),
        "ScalarBytes" | "InputBytes" => format!("the file holds more than {} MiB of text", MAX_FILE_BYTES >> 20),
        "Nodes" | "Events" => format!("the file has more than {MAX_NODES} YAML values"),
        "Depth" => format!("the file nests lists or maps deeper than {MAX_DEPTH} levels"),
        _ => format!("the file exceeds concord's limits ({kind})"),
    }
}

/// A hint for the common mistakes: a mistyped key, a missing one, tabs, deep nesting,
/// a repeated key, a file too big for its limits.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let (unknown, expected) = rest.split_once('`')?;
        let list = expected.trim_start_matches(", expected one of ").trim_start_matches(", expected ");
        let candidates: Vec<&str> =
            list.split(", ").map(|c| c.trim_matches('`').trim()).filter(|c| !c.is_empty()).collect();
        return Some(match closest(unknown, &candidates) {
            Some(best) => format!("did you mean `{best}`?"),
            None if candidates.is_empty() => "remove this key".to_owned(),
            None => format!("the keys allowed here are {}", candidates.join(", ")),
        });
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next()?;
        return Some(format!("add `{field}:` to this entry (see docs/format.md)"));
    }
    if is_tab_error(message) {
        return Some("indent with spaces: YAML does not allow tabs for indentation".to_owned());
    }
    if message.contains("recursion limit") || message.contains("depth") {
        return Some(format!("the file nests lists or maps deeper than concord reads ({MAX_DEPTH} levels)"));
    }
    if message.contains("duplicate mapping key") {
        return Some("each key may appear once in a mapping; remove or merge the repeated one".to_owned());
    }
    if message.contains("budget") || message.contains("limit") {
        return Some("the file exceeds concord's limits (see docs/format.md, Limits); check for runaway aliases or split the file".to_owned());
    }
    None
}

/// Whether the parser's message is about a tab (and not, say, a key named `table`).
fn is_tab_error(message: &str) -> bool {
    ["found a tab", "tabs disallowed", "tab cannot be used", "cannot start with a tab"]
        .iter()
        .any(|m| message.contains(m))
}

/// The line and column (1-based, in characters) of the first tab at or after `line:column`
/// in `text`, or `line:column` itself when there is none. The parser reports a tab in
/// indentation at the start of the plain scalar before it:
///
/// ```text
/// ("  - id: norms\n\tnumber: \"2\"\n", 1, 9) -> (2, 1)
/// ```
fn tab_at_or_after(text: &str, line: u64, column: u64) -> (u64, u64) {
    let Some(line_start) =
        (line > 0).then(|| text.split_inclusive('\n').take(line as usize - 1).map(str::len).sum::<usize>())
    else {
        return (line, column);
    };
    let skip = column.saturating_sub(1) as usize;
    let from = text[line_start..].char_indices().nth(skip).map_or(text.len(), |(i, _)| line_start + i);
    let Some(tab) = text[from..].find('\t').map(|i| from + i) else { return (line, column) };
    let before = &text[..tab];
    let tab_line = before.matches('\n').count() as u64 + 1;
    let tab_column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (tab_line, tab_column)
}

/// Where the mapping holding the key at `line:column` starts: its first key, on the line
/// of its `- ` when it is a list entry. The parser reports a missing field at the last key
/// of the entry that lacks it; the user looks for the entry.
///
/// ```text
/// ("- id: a\n  text: x\n- id: b\n  section: S\n", 4, 3) -> (3, 3)
/// ```
fn entry_start(text: &str, line: u64, column: u64) -> (u64, u64) {
    let Some(indent) = (line > 0 && column > 0).then(|| column as usize - 1) else { return (line, column) };
    let lines: Vec<&str> = text.split('\n').take(line as usize).collect();
    let mut start = line;
    for (k, l) in lines.iter().enumerate().rev() {
        let trimmed = l.trim_start_matches(' ');
        let spaces = l.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') || spaces > indent {
            continue; // blank, a comment, or inside a value of the mapping
        }
        if spaces == indent {
            start = k as u64 + 1; // another key of the mapping
            continue;
        }
        if spaces + 2 == indent && trimmed.starts_with("- ") {
            start = k as u64 + 1; // the line that opens the entry
        }
        break;
    }
    (start, column)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_error_points_at_the_tab() {
        let text = "paragraphs:\n  - id: norms\n\tnumber: \"2\"\n";
        assert_eq!(tab_at_or_after(text, 2, 9), (3, 1));
        // Already on the tab, or after every tab: unchanged.
        assert_eq!(tab_at_or_after("a:\tb\n", 1, 3), (1, 3));
        assert_eq!(tab_at_or_after("a:\tb\nc: d\n", 2, 1), (2, 1));
        // Columns count characters, not bytes.
        assert_eq!(tab_at_or_after("é: ü x\tb\n", 1, 4), (1, 7));
        // Positions past the text or unknown (0) are kept.
        assert_eq!(tab_at_or_after("a\n", 9, 9), (9, 9));
        assert_eq!(tab_at_or_after("a\tb\n", 0, 0), (0, 0));
    }

    #[test]
    fn a_missing_field_is_reported_where_its_entry_starts() {
        let text = "id: r1\nparagraphs:\n  - id: a\n    text: x\n  - id: b\n    number: \"2\"\n\n    # c\n    section: >\n      S\n  - id: c\n";
        assert_eq!(entry_start(text, 9, 5), (5, 5));
        // The first entry, and a top-level mapping.
        assert_eq!(entry_start("- id: a\n  s: x\n", 2, 3), (1, 3));
        assert_eq!(entry_start("# c\ntitle: T\nbaseline: b\n", 3, 1), (2, 1));
        // Unknown positions are kept.
        assert_eq!(entry_start(text, 0, 0), (0, 0));
        let e = parse::<super::super::raw::RawRevision>(Path::new("r1.yaml"), text).expect_err("b has no text");
        assert_eq!((e.line, e.column), (5, 5), "{}", e.message);
        assert!(e.message.contains("missing field `text`"), "{}", e.message);
    }

    #[test]
    fn tabs_in_indentation_are_reported_where_the_tab_is() {
        let text = "id: r2\nparagraphs:\n  - id: norms\n\tnumber: \"2\"\n";
        let e = parse::<serde::de::IgnoredAny>(Path::new("r2.yaml"), text).expect_err("a tab in indentation");
        assert_eq!((e.line, e.column), (4, 1), "{}", e.message);
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("indent with spaces")), "{:?}", e.hint);
    }
}
