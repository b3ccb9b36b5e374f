//! Per delegation and group: what became of its amendments, who backs them, and where
//! it stands in a conflict, with whom. Negotiators read this for their own delegation.
//! And per element, who is involved in it: the one definition every report uses.

use std::collections::{BTreeMap, BTreeSet};

use super::Element;
use crate::attribution::{Analysis, Outcome};
use crate::draft::{Negotiation, Paragraph};

/// The record of one delegation or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationStats {
    /// Its code.
    pub code: String,
    /// Its display name.
    pub name: String,
    /// Whether it is a group.
    pub group: bool,
    /// Amendments it filed.
    pub proposed: usize,
    /// Of those, how many met each fate (indexed like [`Outcome::ALL`]).
    pub outcomes: [usize; Outcome::ALL.len()],
    /// Amendments of others it supported.
    pub supported: usize,
    /// Amendments of others it opposed.
    pub opposed: usize,
    /// Who supported its amendments, and how many of them.
    pub supporters: BTreeMap<String, usize>,
    /// Who opposed its amendments, and how many of them.
    pub opponents: BTreeMap<String, usize>,
    /// Elements where it stands in a conflict, with the other side.
    pub conflicts: BTreeMap<String, BTreeSet<String>>,
}

impl DelegationStats {
    /// How many of its amendments had `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.outcomes[Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0)]
    }

    /// Whether it took any part: filed, supported or opposed an amendment.
    pub fn is_active(&self) -> bool {
        self.proposed + self.supported + self.opposed > 0 || !self.conflicts.is_empty()
    }
}

/// The records of every declared delegation and group, and of any other code the
/// amendments use, by code.
pub(super) fn stats(analysis: &Analysis<'_>, elements: &[Element]) -> Vec<DelegationStats> {
    let n = analysis.negotiation;
    let mut all: BTreeMap<String, DelegationStats> = BTreeMap::new();
    let blank = |code: &str| DelegationStats {
        code: code.to_owned(),
        name: n.name_of(code).to_owned(),
        group: n.is_group(code),
        proposed: 0,
        outcomes: [0; Outcome::ALL.len()],
        supported: 0,
        opposed: 0,
        supporters: BTreeMap::new(),
        opponents: BTreeMap::new(),
        conflicts: BTreeMap::new(),
    };
    for code in n.delegations.keys().chain(n.groups.keys()) {
        all.insert(code.clone(), blank(code));
    }
    for (a, r) in n.amendments.iter().zip(&analysis.amendments) {
        let s = all.entry(a.by.clone()).or_insert_with(|| blank(&a.by));
        s.proposed += 1;
        s.outcomes[Outcome::ALL.iter().position(|o| *o == r.outcome).unwrap_or(0)] += 1;
        for code in &a.supported_by {
            *s.supporters.entry(code.clone()).or_default() += 1;
        }
        for code in &a.opposed_by {
            *s.opponents.entry(code.clone()).or_default() += 1;
        }
        for code in &a.supported_by {
            all.entry(code.clone()).or_insert_with(|| blank(code)).supported += 1;
        }
        for code in &a.opposed_by {
            all.entry(code.clone()).or_insert_with(|| blank(code)).opposed += 1;
        }
    }
    for e in elements {
        for c in &e.conflicts {
            let (one, other) = c.sides(n);
            for (side, against) in [(&one, &other), (&other, &one)] {
                for code in side {
                    let s = all.entry(code.clone()).or_insert_with(|| blank(code));
                    s.conflicts.entry(e.id.clone()).or_default().extend(against.iter().cloned());
                }
            }
        }
    }
    all.into_values().collect()
}

/// Who is involved in an element: every delegation and group that took a position on
/// what is open on it in the analysed revision. That is the proposers of its open
/// amendments, those opposing them, those supporting them, then those who placed a
/// reservation on the paragraph, objected to it or dissociated from it; each once, as
/// filed (a group as a group). The second list is the same with every group expanded
/// into the states it spoke for (an amendment's `on_behalf_of`, else the group's
/// members), sorted.
///
/// ```text
/// open: lmg-3 by LMG (for BLR, CUB), opposed by EU; supported by RUS
///   -> ["LMG", "EU", "RUS"], ["BLR", "CUB", "DEU", …(the EU's members), "RUS"]
/// ```
pub(super) fn involved(n: &Negotiation, open: &[usize], p: &Paragraph) -> (Vec<String>, Vec<String>) {
    let mut codes: Vec<String> = Vec::new();
    let mut states: BTreeSet<String> = BTreeSet::new();
    let mut add = |code: &str, members: Option<&[String]>| {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
        match (members, n.groups.get(code)) {
            (Some(m), _) => states.extend(m.iter().cloned()),
            (None, Some(g)) => states.extend(g.members.iter().cloned()),
            (None, None) => {
                states.insert(code.to_owned());
            }
        }
    };
    for &i in open {
        let a = &n.amendments[i];
        let members = n.members_of(a);
        add(&a.by, Some(&members));
    }
    for &i in open {
        n.amendments[i].opposed_by.iter().for_each(|c| add(c, None));
    }
    for &i in open {
        n.amendments[i].supported_by.iter().for_each(|c| add(c, None));
    }
    for code in p.reserved_by.iter().chain(&p.objected_by).chain(&p.dissociated_by) {
        add(code, None);
    }
    (codes, states.into_iter().collect())
}
