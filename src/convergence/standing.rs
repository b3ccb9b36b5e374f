//! How the baseline's words stand: agreed, contested ground, or open text. `concord
//! blame` labels the words that come from the baseline with it, so that the words of an
//! open negotiating text, or of a paragraph its Chair left open, are never called
//! agreed, and a bracketed element of an open baseline shows as what it is.
//!
//! The standing of a baseline paragraph is its status as of the baseline, by the same
//! rules as every status ([`super::status`]): agreed in an agreed baseline unless marked
//! open; in an open baseline, contested when it holds brackets or options (or anything
//! else that contests it), agreed when marked agreed, open otherwise.

use super::{Context, Status, lineage};
use crate::attribution::Analysis;
use crate::draft::{Paragraph, Revision, RevisionState};

/// How words of the baseline stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Contested ground in the baseline.
    Contested,
    /// Text of an open baseline, neither agreed nor contested.
    Open,
    /// Agreed in the baseline.
    Agreed,
}

impl Standing {
    /// Name as written in JSON and in blame's gutter.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Contested => "contested",
            Standing::Open => "open",
            Standing::Agreed => "agreed",
        }
    }
}

/// Whether baseline paragraph `p` is agreed text: marked agreed, or in an agreed
/// baseline and not marked open. (Agreed language is looked for in these.)
pub(super) fn agreed_in_baseline(baseline: &Revision, p: &Paragraph) -> bool {
    match p.status {
        Some(s) => s.is_agreed(),
        None => baseline.state == RevisionState::Agreed,
    }
}

/// The standing of every paragraph of the baseline.
#[derive(Debug, Clone)]
pub struct BaselineStanding(Vec<Standing>);

impl BaselineStanding {
    /// The baseline's paragraphs, assessed as of the baseline.
    pub fn new(analysis: &Analysis<'_>) -> BaselineStanding {
        let ctx = Context::for_baseline(analysis);
        let standing = ctx
            .assess(0, false)
            .iter()
            .map(|e| match e.status {
                Status::Agreed => Standing::Agreed,
                Status::Contested => Standing::Contested,
                _ => Standing::Open,
            })
            .collect();
        BaselineStanding(standing)
    }

    /// How the baseline words of paragraph `j` of revision `k` stand: the standing of the
    /// baseline paragraph it continues (of the least agreed one, after a merge); `None`
    /// when it continues none.
    pub fn of(&self, analysis: &Analysis<'_>, k: usize, j: usize) -> Option<Standing> {
        lineage::ancestors(analysis, k, j)[0].iter().map(|&x| self.0[x]).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::ParagraphStatus;
    use crate::text::Tokenized;

    fn paragraph(status: Option<ParagraphStatus>) -> Paragraph {
        Paragraph {
            id: "p".into(),
            number: String::new(),
            section: String::new(),
            from: vec![],
            status,
            dissociated_by: vec![],
            reserved_by: vec![],
            objected_by: vec![],
            text: Tokenized::new("Parties shall act."),
            line: 1,
        }
    }

    fn baseline(state: RevisionState) -> Revision {
        Revision {
            id: "b".into(),
            title: "b".into(),
            date: None,
            symbol: None,
            state,
            paragraphs: vec![],
            path: "b.yaml".into(),
            lookup: Default::default(),
        }
    }

    #[test]
    fn an_agreed_baseline_agrees_unless_marked_open() {
        let agreed = baseline(RevisionState::Agreed);
        let open = baseline(RevisionState::Open);
        assert!(agreed_in_baseline(&agreed, &paragraph(None)));
        assert!(!agreed_in_baseline(&agreed, &paragraph(Some(ParagraphStatus::Open))));
        assert!(!agreed_in_baseline(&open, &paragraph(None)));
        assert!(agreed_in_baseline(&open, &paragraph(Some(ParagraphStatus::AgreedAdRef))));
    }
}
