//! Starting a negotiation folder: the files `concord init` writes before anything has
//! been proposed — `negotiation.yaml` naming the baseline, and `delegations.yaml` with
//! every UN Member State and observer State and the common groups ([`members`]) — so a
//! secretariat begins from a folder that `concord check` accepts, not from a blank page.

pub mod folder;
pub mod members;

use std::fmt::Write as _;
use std::path::Path;

use crate::import::write::quote;
use members::{AS_OF, GROUPS, Group, MEMBER_STATES, OBSERVER_STATES, State};

/// Revision id used for the baseline when none can be made from the file name.
pub const DEFAULT_BASELINE_ID: &str = "baseline";

/// `negotiation.yaml` for a process titled `title` that starts from `baseline`.
///
/// ```text
/// ("Fourth report", "final-2023") -> "title: \"Fourth report\"\nbaseline: final-2023\nrevisions: [final-2023]\n"
/// ```
/// (after a comment that says what the file is).
pub fn negotiation_yaml(title: &str, baseline: &str) -> String {
    format!(
        "# The negotiation: its title, the text it starts from (the baseline) and its revisions,\n\
         # oldest first. `concord import FILE --as ID` adds each new draft to `revisions:`.\n\
         # The format is described in docs/format.md.\n\
         title: {}\nbaseline: {baseline}\nrevisions: [{baseline}]\n",
        quote(title)
    )
}

/// `delegations.yaml`: the UN Member States, the observer States and the groups, with a
/// warning that group membership must be checked.
pub fn delegations_yaml() -> String {
    let mut out = String::new();
    out.push_str(
        "# Who speaks in the negotiation: delegations (ISO 3166 alpha-3 codes for States) and the\n\
         # groups that speak for their members. Written by `concord init` from its built-in list of\n\
         # the 193 Member States of the United Nations and the 2 non-member observer States.\n\
         #\n",
    );
    let _ = writeln!(out, "# GROUP MEMBERSHIP IS AS OF {AS_OF} AND MUST BE CHECKED against each group's");
    out.push_str(
        "# own list before you rely on it: States join, leave and are suspended, and concord\n\
         # credits a group's amendment to exactly the members listed here. Add the groups and\n\
         # organisations of your process (a like-minded group, the ICRC...) the same way; remove\n\
         # what you do not need. Every code must be unique across delegations and groups; Namibia\n\
         # holds the ISO code NAM, so the Non-Aligned Movement is `NonAligned` here.\n\
         delegations:\n",
    );
    out.push_str("  # Member States of the United Nations\n");
    for s in MEMBER_STATES {
        delegation(&mut out, s);
    }
    out.push_str("  # Non-member observer States\n");
    for s in OBSERVER_STATES {
        delegation(&mut out, s);
    }
    out.push_str("groups:\n");
    for g in GROUPS {
        group(&mut out, g);
    }
    out
}

fn delegation(out: &mut String, s: &State) {
    let _ = writeln!(out, "  - code: {}\n    name: {}", s.code, quote(s.name));
}

fn group(out: &mut String, g: &Group) {
    let _ = writeln!(out, "  - code: {}\n    name: {}", g.code, quote(g.name));
    let _ = writeln!(out, "    # {} members as of {AS_OF}; check before use.", g.members.len());
    if !g.unsure.is_empty() {
        let _ = writeln!(out, "    # Unsure: {}.", g.unsure);
    }
    let lines: Vec<String> = g.members.chunks(15).map(|line| line.join(", ")).collect();
    let _ = writeln!(out, "    members: [{}]", lines.join(",\n      "));
}

/// A revision id made from a file name: lower-case letters, digits, `-`, `_` and `.`,
/// or [`DEFAULT_BASELINE_ID`] when nothing usable is left.
///
/// ```text
/// "OEWG 2021 Final Report.docx" -> "oewg-2021-final-report"
/// "A_76_135.docx"               -> "a_76_135"
/// "报告.txt"                     -> "baseline"
/// ```
pub fn revision_id_from(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(|c| c == '-' || c == '.').chars().take(100).collect::<String>();
    if id.is_empty() || !crate::draft::is_revision_id(&id) { DEFAULT_BASELINE_ID.to_owned() } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::raw::{RawDelegations, RawNegotiation};
    use crate::draft::yaml::parse;

    #[test]
    fn revision_ids_from_file_names() {
        assert_eq!(revision_id_from(Path::new("x/OEWG 2021 Final Report.docx")), "oewg-2021-final-report");
        assert_eq!(revision_id_from(Path::new("A_76_135.docx")), "a_76_135");
        assert_eq!(revision_id_from(Path::new("报告.txt")), "baseline");
        assert_eq!(revision_id_from(Path::new("--.txt")), "baseline");
    }

    #[test]
    fn generated_files_parse_and_every_member_is_declared() {
        let n: RawNegotiation = parse(Path::new("negotiation.yaml"), &negotiation_yaml("A \"quoted\": title", "b"))
            .expect("negotiation.yaml parses");
        assert_eq!(n.title.value, "A \"quoted\": title");
        let d: RawDelegations = parse(Path::new("delegations.yaml"), &delegations_yaml()).expect("parses");
        assert_eq!(d.delegations.len(), 195);
        let codes: std::collections::BTreeSet<&str> = d.delegations.iter().map(|d| d.code.value.as_str()).collect();
        assert_eq!(codes.len(), 195, "no code twice");
        for g in &d.groups {
            assert!(!codes.contains(g.code.value.as_str()), "{} is a group and a delegation", g.code.value);
            for m in &g.members {
                assert!(codes.contains(m.value.as_str()), "{} of {} is not declared", m.value, g.code.value);
            }
        }
        let sizes: Vec<(&str, usize)> = d.groups.iter().map(|g| (g.code.value.as_str(), g.members.len())).collect();
        assert_eq!(sizes, [("EU", 27), ("AG", 54), ("ARAB", 22), ("NonAligned", 120), ("G77", 134)]);
    }
}
