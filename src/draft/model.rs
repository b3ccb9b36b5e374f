//! The validated negotiation: what every analysis reads.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::text::Tokenized;

/// A whole negotiation folder, loaded and validated.
#[derive(Debug, Clone)]
pub struct Negotiation {
    /// The folder it was loaded from.
    pub root: PathBuf,
    /// The process's title.
    pub title: String,
    /// Id of the baseline revision (always `revisions[0]`).
    pub baseline: String,
    /// Revisions, oldest first, the baseline first.
    pub revisions: Vec<Revision>,
    /// Delegations by code.
    pub delegations: BTreeMap<String, Delegation>,
    /// Groups (blocs) by code.
    pub groups: BTreeMap<String, Group>,
    /// Every amendment, ordered by revision, then file name, then position in the file.
    pub amendments: Vec<Amendment>,
    /// Thresholds of the convergence analysis.
    pub convergence: ConvergenceSettings,
}

impl Negotiation {
    /// Index of a revision by id.
    pub fn revision_index(&self, id: &str) -> Option<usize> {
        self.revisions.iter().position(|r| r.id == id)
    }

    /// The latest revision.
    pub fn latest(&self) -> &Revision {
        self.revisions.last().expect("a negotiation has at least one revision")
    }

    /// Display name of a delegation or group code (the code itself when unknown).
    pub fn name_of<'a>(&'a self, code: &'a str) -> &'a str {
        self.delegations
            .get(code)
            .map(|d| d.name.as_str())
            .or_else(|| self.groups.get(code).map(|g| g.name.as_str()))
            .unwrap_or(code)
    }

    /// Whether `code` names a group.
    pub fn is_group(&self, code: &str) -> bool {
        self.groups.contains_key(code)
    }

    /// The states an amendment speaks for: `on_behalf_of` when given, else the group's
    /// members, else the proposer alone.
    pub fn members_of(&self, amendment: &Amendment) -> Vec<String> {
        if !amendment.on_behalf_of.is_empty() {
            return amendment.on_behalf_of.clone();
        }
        match self.groups.get(&amendment.by) {
            Some(g) => g.members.clone(),
            None => vec![amendment.by.clone()],
        }
    }
}

/// A state, observer or organisation that speaks in the negotiation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delegation {
    /// ISO 3166 alpha-3 for states, a short code for others.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// A bloc that speaks for its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Short code (LMG, EU, NAM, …).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Member delegation codes.
    pub members: Vec<String>,
}

/// One revision of the text: the baseline, a zero draft, Rev.1, …
#[derive(Debug, Clone)]
pub struct Revision {
    /// Stable id (`rev1`).
    pub id: String,
    /// Title as printed.
    pub title: String,
    /// Issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Document symbol.
    pub symbol: Option<String>,
    /// An agreed (adopted) text or an open negotiating text.
    pub state: RevisionState,
    /// Paragraphs (elements) in document order.
    pub paragraphs: Vec<Paragraph>,
    /// The file it was loaded from.
    pub path: PathBuf,
    /// Element ids to indices, built on the first lookup (leave it `Default::default()`).
    pub lookup: ElementIndex,
}

/// The index of a revision's element ids, built on first use. A lookup checks the index
/// against the paragraphs, so a revision whose paragraphs changed since is still answered
/// right (by a scan).
#[derive(Debug, Clone, Default)]
pub struct ElementIndex(std::sync::OnceLock<(usize, rustc_hash::FxHashMap<String, usize>)>);

impl Revision {
    /// Index of an element by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let (len, index) = self.lookup.0.get_or_init(|| {
            let index = self.paragraphs.iter().enumerate().rev().map(|(i, p)| (p.id.clone(), i)).collect();
            (self.paragraphs.len(), index)
        });
        if *len == self.paragraphs.len() {
            match index.get(id) {
                Some(&i) if self.paragraphs[i].id == id => return Some(i),
                None => return None,
                Some(_) => {}
            }
        }
        self.paragraphs.iter().position(|p| p.id == id)
    }

    /// An element by id.
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.index_of(id).map(|i| &self.paragraphs[i])
    }
}

/// What a revision is, as negotiators mark it (`state:` in its file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionState {
    /// An agreed text: a report adopted by consensus, or a draft adopted as a whole.
    /// Every paragraph in it is agreed as of its date, except those marked `open`.
    /// The default for the baseline.
    Agreed,
    /// A negotiating text: nothing in it is agreed unless marked so; its brackets and
    /// options are contested ground. The default for every revision after the baseline.
    Open,
}

impl RevisionState {
    /// Name as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionState::Agreed => "agreed",
            RevisionState::Open => "open",
        }
    }

    /// The state of a revision whose file does not say: the baseline (`index` 0) is an
    /// agreed report, every later revision a negotiating text.
    pub fn default_for(index: usize) -> RevisionState {
        if index == 0 { RevisionState::Agreed } else { RevisionState::Open }
    }
}

/// How a paragraph is marked: agreed (by consensus, or ad referendum) or left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphStatus {
    /// Agreed by consensus.
    Agreed,
    /// Agreed ad referendum: agreed by the room, subject to the agreement of the whole
    /// text (and of capitals). The mark holds until the paragraph's text changes.
    AgreedAdRef,
    /// Not agreed: States disagree on it (in a baseline: left to the Chair's summary).
    Open,
}

impl ParagraphStatus {
    /// Name as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphStatus::Agreed => "agreed",
            ParagraphStatus::AgreedAdRef => "agreed_ad_ref",
            ParagraphStatus::Open => "open",
        }
    }

    /// Parses a name as written by [`ParagraphStatus::as_str`].
    pub fn parse(name: &str) -> Option<ParagraphStatus> {
        [ParagraphStatus::Agreed, ParagraphStatus::AgreedAdRef, ParagraphStatus::Open]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    /// Agreed, by consensus or ad referendum.
    pub fn is_agreed(self) -> bool {
        self != ParagraphStatus::Open
    }
}

/// One element of a revision.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Stable element id, kept across revisions.
    pub id: String,
    /// Number as printed ("7", "7 bis"); empty when unnumbered.
    pub number: String,
    /// Section heading; inherited from the previous paragraph when not given.
    pub section: String,
    /// Elements of the previous revision this one continues (empty: same id, if any).
    pub from: Vec<String>,
    /// Agreed, agreed ad referendum or open, when marked.
    pub status: Option<ParagraphStatus>,
    /// Delegations that dissociated from this paragraph.
    pub dissociated_by: Vec<String>,
    /// Delegations and groups that placed a reservation on this paragraph.
    pub reserved_by: Vec<String>,
    /// Delegations and groups that objected to this paragraph as it stands.
    pub objected_by: Vec<String>,
    /// The text, NFC, with its tokens.
    pub text: Tokenized,
    /// Line in the revision file where the paragraph starts.
    pub line: u64,
}

/// What an amendment does to its revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Replace the phrase `phrase` with `with`.
    Replace { phrase: String, with: String },
    /// Insert `text` after (or before) the phrase `anchor`.
    Insert { text: String, anchor: String, before: bool },
    /// Delete the phrase.
    Delete { phrase: String },
    /// A whole new wording of the paragraph.
    Text { text: String },
    /// A new paragraph, placed after `after_element` (or at the end).
    Add { text: String, after_element: Option<String> },
    /// Delete the whole paragraph.
    DeleteParagraph,
}

impl Operation {
    /// Short name as written in YAML (`replace`, `insert`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Replace { .. } => "replace",
            Operation::Insert { .. } => "insert",
            Operation::Delete { .. } => "delete",
            Operation::Text { .. } => "text",
            Operation::Add { .. } => "add",
            Operation::DeleteParagraph => "delete_paragraph",
        }
    }
}

/// A proposed change to one element of one revision.
#[derive(Debug, Clone)]
pub struct Amendment {
    /// Unique id (given, or `<revision>/<file-stem>-<n>`).
    pub id: String,
    /// The revision it was proposed on.
    pub revision: String,
    /// Proposer: a delegation or group code.
    pub by: String,
    /// Who the proposal was made for, when it differs from the group's list.
    pub on_behalf_of: Vec<String>,
    /// Date of the proposal (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Target element (for `add`, the id of the new element).
    pub element: String,
    /// The change.
    pub operation: Operation,
    /// Delegations or groups supporting it.
    pub supported_by: Vec<String>,
    /// Delegations or groups opposing it.
    pub opposed_by: Vec<String>,
    /// Free text.
    pub note: Option<String>,
    /// The date its proposer withdrew it.
    pub withdrawn: Option<String>,
    /// The file it came from.
    pub path: PathBuf,
    /// Line of the amendment in its file.
    pub line: u64,
}

/// Thresholds of the convergence analysis, settable under `convergence:` in
/// `negotiation.yaml` (see `docs/convergence.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ConvergenceSettings {
    /// How many of the latest steps the churn trend looks at.
    pub trend_steps: usize,
    /// Churn (share of words changed) at or below which a step counts as stable.
    pub stable_churn: f64,
    /// Similarity at or above which a sentence counts as nearly agreed language.
    pub agreed_language_similarity: f64,
}

impl Default for ConvergenceSettings {
    fn default() -> Self {
        ConvergenceSettings { trend_steps: 2, stable_churn: 0.0, agreed_language_similarity: 0.8 }
    }
}
