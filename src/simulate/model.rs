//! The generator's picture of a negotiation: paragraphs as token lists in which every
//! word knows where it came from, and amendments with the fate the simulated Chair
//! gives them. The truth file is read off this picture; the YAML folder is rendered
//! from it.

use super::vocab::Lang;
use crate::attribution::Outcome;
use crate::draft::Operation;

/// `Word::who` of a word of the baseline.
pub const BASELINE: u32 = u32::MAX;
/// `Word::who` of a word the Chair wrote.
pub const CHAIR: u32 = u32::MAX - 1;
/// `Word::edit` of a word not inserted in the step that produced its revision.
pub const NO_EDIT: u32 = u32::MAX;

/// One token of a paragraph, with its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Vocabulary id of the token.
    pub tok: u32,
    /// Unique id of this occurrence, stable across revisions while the word survives.
    pub id: u32,
    /// Index of the revision in which it entered (0: baseline).
    pub since: u32,
    /// Index of the amendment credited with it, or [`CHAIR`], or [`BASELINE`].
    pub who: u32,
    /// Index of the edit of step `since - 1` that inserted it ([`NO_EDIT`] in the baseline).
    pub edit: u32,
}

/// One element of a revision.
#[derive(Debug, Clone)]
pub struct Para {
    /// Element id, stable across revisions.
    pub id: String,
    /// Language of its text.
    pub lang: Lang,
    /// Index of its section heading.
    pub section: usize,
    /// Elements of the previous revision it continues, when not the same id.
    pub from: Vec<String>,
    /// Its words.
    pub words: Vec<Word>,
}

impl Para {
    /// The token ids.
    pub fn toks(&self) -> Vec<u32> {
        self.words.iter().map(|w| w.tok).collect()
    }
}

/// One revision.
#[derive(Debug, Clone)]
pub struct Rev {
    /// Revision id (`r0` is the baseline).
    pub id: String,
    /// Issue date.
    pub date: String,
    /// Elements in document order.
    pub paras: Vec<Para>,
}

impl Rev {
    /// Index of an element by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.paras.iter().position(|p| p.id == id)
    }
}

/// A change to a paragraph's tokens `start..end` (replaced by `ins`), in the coordinates
/// of the revision it was planned on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// First token replaced (the insertion point for an insertion).
    pub start: usize,
    /// End of the tokens replaced (`start` for an insertion).
    pub end: usize,
    /// Tokens put in their place.
    pub ins: Vec<u32>,
}

/// What an amendment does, in the generator's terms.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Changes to the words of an element (replace, insert, delete, text).
    Words {
        /// The element.
        para: String,
        /// Its changes, ordered, far apart.
        locals: Vec<Local>,
    },
    /// A new element after `after`.
    Add {
        /// The element it follows.
        after: Option<String>,
        /// Its language.
        lang: Lang,
        /// Its tokens.
        tokens: Vec<u32>,
    },
    /// Removing an element.
    DeleteParagraph {
        /// The element.
        para: String,
    },
}

/// What the simulated Chair does with an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Applied exactly in the next revision.
    Adopt,
    /// Applied with a minority of its inserted words changed.
    Reword,
    /// Applied together with another proposal for the same place (the partner's index).
    Merge(usize),
    /// Not applied (or its element removed: superseded).
    Ignore,
    /// Applied exactly one revision late.
    Late,
    /// Proposed on the latest revision.
    Pending,
}

/// One amendment, with the truth about it.
#[derive(Debug, Clone)]
pub struct Amend {
    /// Its id.
    pub id: String,
    /// Index of the revision it was proposed on.
    pub rev: usize,
    /// Proposer (delegation or group code).
    pub by: String,
    /// States a group spoke for, when not all of its members.
    pub on_behalf_of: Vec<String>,
    /// Target element (for `add`, the new element's id).
    pub element: String,
    /// The operation as written in YAML.
    pub op: Operation,
    /// The operation in the generator's terms.
    pub plan: Plan,
    /// Supporters.
    pub supported_by: Vec<String>,
    /// Opponents.
    pub opposed_by: Vec<String>,
    /// What the Chair does with it.
    pub fate: Fate,
    /// A label for reports: verbatim, reworded, merged, ignored, late, duplicate, …
    pub behaviour: &'static str,
    /// Other amendments with the very same proposal (several delegations proposing the
    /// same change), sharing its fate.
    pub twins: Vec<usize>,
    /// The true outcome.
    pub outcome: Outcome,
    /// Index of the revision that took it up.
    pub taken_up_in: Option<usize>,
}

/// One edit of one step and who made it.
#[derive(Debug, Clone, Default)]
pub struct EditRec {
    /// Amendments whose proposal it is (indices); empty for the Chair's own wording.
    pub by: Vec<usize>,
    /// What kind of edit (`replace`, `chair_insert`, `chair_reword`, …).
    pub kind: &'static str,
    /// Tokens it put in the new revision: (element id, token index).
    pub new: Vec<(String, usize)>,
    /// Tokens it removed from the old revision: (element id, token index).
    pub old: Vec<(String, usize)>,
}

/// The tokens of `toks` with `locals` (ordered, non-overlapping) applied.
pub fn apply_locals(toks: &[u32], locals: &[Local]) -> Vec<u32> {
    let mut out = Vec::with_capacity(toks.len() + 8);
    let mut at = 0;
    for l in locals {
        out.extend_from_slice(&toks[at..l.start]);
        out.extend_from_slice(&l.ins);
        at = l.end;
    }
    out.extend_from_slice(&toks[at..]);
    out
}

/// How many times `needle` occurs in `hay` (as a token sequence).
pub fn occurrences(hay: &[u32], needle: &[u32]) -> usize {
    if needle.is_empty() || needle.len() > hay.len() {
        return 0;
    }
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}
