//! Who proposed a row: the delegation cell of a compilation turned into a proposer code
//! and the States it spoke for, by the names and codes declared in `delegations.yaml`.
//!
//! ```text
//! "EU"                                        -> by EU
//! "Brazil, Mexico"                            -> by BRA, on behalf of BRA, MEX
//! "Cuba on behalf of the Like-Minded Group"   -> by LMG (its members)
//! "Egypt, on behalf of Kenya and Nigeria"     -> by EGY, on behalf of EGY, KEN, NGA
//! ```
//!
//! Names are those of [`crate::draft::names`]: compared without case, accents, a leading
//! "the" or a final full stop; a name's part before a parenthesis counts too (`Iran` for
//! `Iran (Islamic Republic of)`), and so do the common names of [`crate::init::members`]
//! (`Russia`, `UK`, `NAM`) for the codes the negotiation declares. In a compilation a
//! name is preferred over a code spelled the same, so `NAM` is the Non-Aligned Movement,
//! not Namibia (write `Namibia`); in the folder's own files a code comes first.

use std::collections::{BTreeMap, BTreeSet};

use crate::draft::Negotiation;
use crate::draft::names::{Named, Names, norm};
use crate::draft::yaml::closest;

/// A proposer: the code in `by:` and, when it differs from the group's membership or
/// the proposer alone, the delegations in `on_behalf_of:` (sorted).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Proposer {
    /// Delegation or group code.
    pub by: String,
    /// Delegation codes, sorted; empty for the proposer alone or a whole group.
    pub on_behalf_of: Vec<String>,
}

/// Why a delegation cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeakerError {
    /// The cell is empty.
    #[error("no delegation is given")]
    Empty,
    /// A name or code that `delegations.yaml` does not declare.
    #[error("`{name}` is not a delegation or group of delegations.yaml")]
    Unknown {
        /// The name as written.
        name: String,
        /// A close name that is declared.
        suggestion: Option<String>,
    },
    /// A name that fits several codes.
    #[error("`{name}` could be {}", codes.join(" or "))]
    Ambiguous {
        /// The name as written.
        name: String,
        /// The codes it fits.
        codes: Vec<String>,
    },
}

impl SpeakerError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            SpeakerError::Empty => "write the delegation or group that made the proposal".to_owned(),
            SpeakerError::Unknown { suggestion: Some(s), .. } => format!("did you mean {s}?"),
            SpeakerError::Unknown { .. } => {
                "add it to delegations.yaml, or write its name or code as declared there".to_owned()
            }
            SpeakerError::Ambiguous { .. } => "write the name in full, or the code".to_owned(),
        }
    }
}

/// The names and codes of a negotiation's delegations and groups, and the groups'
/// members.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    names: Names,
    members: BTreeMap<String, Vec<String>>,
}

impl Directory {
    /// The directory of `n`'s delegations.yaml.
    pub fn new(n: &Negotiation) -> Directory {
        let members = n.groups.values().map(|g| (g.code.clone(), g.members.clone())).collect();
        Directory { names: Names::new(n.delegations.values(), n.groups.values()), members }
    }

    /// The code of one name or code; a name wins over a code spelled the same.
    pub fn code(&self, name: &str) -> Result<String, SpeakerError> {
        if norm(name).is_empty() {
            return Err(SpeakerError::Empty);
        }
        match self.names.by_name(name) {
            Named::One(code) => return Ok(code),
            Named::Several(codes) => return Err(SpeakerError::Ambiguous { name: name.trim().to_owned(), codes }),
            Named::None => {}
        }
        if let Some(code) = self.names.by_code(name) {
            return Ok(code.to_owned());
        }
        let candidates: Vec<&str> = self.names.shown().iter().map(String::as_str).collect();
        Err(SpeakerError::Unknown {
            name: name.trim().to_owned(),
            suggestion: closest(name.trim(), &candidates).map(str::to_owned),
        })
    }

    /// The codes of a list of names (`Brazil, Mexico and Chile`). Names with separators
    /// of their own (`Trinidad and Tobago`) are matched whole: the longest run of pieces
    /// that is a declared name wins.
    pub fn codes(&self, list: &str) -> Result<Vec<String>, SpeakerError> {
        let pieces = split_list(list);
        if pieces.is_empty() {
            return Err(SpeakerError::Empty);
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let found = (i + 1..=pieces.len()).rev().find_map(|j| {
                let name = &list[pieces[i].0..pieces[j - 1].1];
                self.code(name).ok().map(|c| (c, j))
            });
            match found {
                Some((code, j)) => {
                    if !out.contains(&code) {
                        out.push(code);
                    }
                    i = j;
                }
                None => return Err(self.code(&list[pieces[i].0..pieces[i].1]).expect_err("not found above")),
            }
        }
        Ok(out)
    }

    /// The proposer of a delegation cell.
    pub fn proposer(&self, cell: &str) -> Result<Proposer, SpeakerError> {
        let cell = cell.trim();
        let (speaker, behalf) = match find_ci(cell, "on behalf of") {
            Some(at) => {
                let speaker = cell[..at].trim().trim_end_matches([',', '(', ':']).trim();
                let behalf = cell[at + "on behalf of".len()..].trim().trim_end_matches([')', '.']).trim();
                (speaker, Some(behalf))
            }
            None => (cell, None),
        };
        match behalf {
            None => {
                let codes = self.codes(speaker)?;
                Ok(self.joint(&codes[0], &codes))
            }
            Some(list) => {
                let codes = self.codes(list)?;
                if let [group] = codes.as_slice()
                    && self.members.contains_key(group)
                {
                    return Ok(Proposer { by: group.clone(), on_behalf_of: Vec::new() });
                }
                let by = if speaker.is_empty() { codes[0].clone() } else { self.one(speaker)? };
                let mut all = vec![by.clone()];
                all.extend(codes);
                Ok(self.joint(&by, &all))
            }
        }
    }

    /// One code, from a cell that must name a single delegation or group.
    fn one(&self, name: &str) -> Result<String, SpeakerError> {
        let codes = self.codes(name)?;
        Ok(codes[0].clone())
    }

    /// `by` speaking for all of `codes` (groups standing for their members).
    fn joint(&self, by: &str, codes: &[String]) -> Proposer {
        if codes.len() == 1 {
            return Proposer { by: by.to_owned(), on_behalf_of: Vec::new() };
        }
        let mut states = BTreeSet::new();
        for c in codes {
            match self.members.get(c) {
                Some(m) => states.extend(m.iter().cloned()),
                None => {
                    states.insert(c.clone());
                }
            }
        }
        Proposer { by: by.to_owned(), on_behalf_of: states.into_iter().collect() }
    }
}

/// Byte ranges of the pieces of a list, between `,`, `;`, `/`, `&`, `+`, line breaks and
/// the word `and`.
fn split_list(list: &str) -> Vec<(usize, usize)> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (i, c) in list.char_indices() {
        if matches!(c, ',' | ';' | '/' | '&' | '+' | '\n') {
            cuts.push((i, i + c.len_utf8()));
        }
    }
    let lower = list.to_ascii_lowercase();
    for (i, _) in lower.match_indices(" and ") {
        cuts.push((i, i + 5));
    }
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (a, b) in cuts {
        if a < start {
            continue;
        }
        push_piece(list, start, a, &mut pieces);
        start = b;
    }
    push_piece(list, start, list.len(), &mut pieces);
    pieces
}

fn push_piece(list: &str, a: usize, b: usize, pieces: &mut Vec<(usize, usize)>) {
    let piece = &list[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    let trimmed_and = trimmed.strip_prefix("and ").unwrap_or(trimmed);
    let lead = lead + (trimmed.len() - trimmed_and.len());
    if !trimmed_and.trim().is_empty() {
        pieces.push((a + lead, a + lead + trimmed_and.trim_end().len()));
    }
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Delegation, Group};

    fn directory() -> Directory {
        let mut n =
            crate::draft::load(std::path::Path::new("tests/fixtures/minimal")).expect("fixture loads").negotiation;
        for (code, name) in
            [("TTO", "Trinidad and Tobago"), ("MEX", "Mexico"), ("NAM", "Namibia"), ("CIV", "Côte d'Ivoire")]
        {
            n.delegations.insert(code.into(), Delegation { code: code.into(), name: name.into() });
        }
        n.groups.insert(
            "NonAligned".into(),
            Group {
                code: "NonAligned".into(),
                name: "Non-Aligned Movement".into(),
                members: vec!["CUB".into(), "NAM".into()],
            },
        );
        Directory::new(&n)
    }

    fn p(by: &str, behalf: &[&str]) -> Proposer {
        Proposer { by: by.into(), on_behalf_of: behalf.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn names_codes_and_common_names() {
        let d = directory();
        assert_eq!(d.proposer("Brazil"), Ok(p("BRA", &[])));
        assert_eq!(d.proposer("bra"), Ok(p("BRA", &[])));
        assert_eq!(d.proposer("Iran"), Ok(p("IRN", &[])));
        assert_eq!(d.proposer("Islamic Republic of Iran"), Ok(p("IRN", &[])));
        assert_eq!(d.proposer("the Netherlands."), Ok(p("NLD", &[])));
        assert_eq!(d.proposer("Cote d’Ivoire"), Ok(p("CIV", &[])));
        assert_eq!(d.proposer("NAM"), Ok(p("NonAligned", &[])), "a name wins over a code");
        assert_eq!(d.proposer("Namibia"), Ok(p("NAM", &[])));
    }

    #[test]
    fn joint_proposals_and_on_behalf_of() {
        let d = directory();
        assert_eq!(d.proposer("Brazil, Mexico"), Ok(p("BRA", &["BRA", "MEX"])));
        assert_eq!(d.proposer("Mexico and Trinidad and Tobago"), Ok(p("MEX", &["MEX", "TTO"])));
        assert_eq!(d.proposer("Cuba on behalf of the Like-Minded Group"), Ok(p("LMG", &[])));
        assert_eq!(d.proposer("Cuba (on behalf of LMG)"), Ok(p("LMG", &[])));
        assert_eq!(d.proposer("Cuba, on behalf of Iran and Brazil"), Ok(p("CUB", &["BRA", "CUB", "IRN"])));
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let d = directory();
        assert_eq!(
            d.proposer("Brasil"),
            Err(SpeakerError::Unknown { name: "Brasil".into(), suggestion: Some("Brazil".into()) })
        );
        assert_eq!(d.proposer(" "), Err(SpeakerError::Empty));
    }
}
