//! Where a change can go: free spots in a paragraph, anchors that occur exactly once,
//! and the checks that keep the truth unambiguous.
//!
//! A change is placed only where its window (its tokens and [`MARGIN`] tokens on each
//! side) holds no word reserved by another proposal, so that the engine, which compares
//! changes within [`NEAR`](crate::attribution::credit::NEAR) tokens, never sees two
//! proposals in one place unless the generator means it (merges, duplicates, competing
//! proposals). A change is kept only when the engine's own word diff finds exactly it:
//! `["a", "b"] + insert "b" after "b"` is refused, since the diff cannot tell which "b"
//! is new.

use std::ops::Range;

use super::model::{Local, Word, apply_locals, occurrences};
use super::rng::Rng;
use super::vocab::Vocab;
use crate::attribution::credit::NEAR;
use crate::attribution::proposal;
use crate::diff::{Hunk, word_diff};
use crate::draft::{Operation, Paragraph};
use crate::text::Tokenized;

/// Words kept free on each side of a change.
pub const MARGIN: usize = NEAR + 1;
/// Longest anchor or quoted phrase, in tokens.
const MAX_ANCHOR: usize = 10;

/// Which words are taken: forever (by proposals the Chair did not take up, which the
/// engine keeps comparing with later revisions) or in the current step.
#[derive(Debug, Default)]
pub struct Marks {
    reserved: Vec<bool>,
    busy: Vec<u32>,
    /// The current step's stamp in `busy`.
    pub stamp: u32,
}

impl Marks {
    fn ensure(&mut self, id: u32) {
        let need = id as usize + 1;
        if self.reserved.len() < need {
            self.reserved.resize(need.max(self.reserved.len() * 2), false);
            self.busy.resize(self.reserved.len(), 0);
        }
    }

    /// Whether a word is free in this step.
    pub fn free(&self, w: &Word) -> bool {
        let i = w.id as usize;
        i >= self.reserved.len() || (!self.reserved[i] && self.busy[i] != self.stamp)
    }

    /// Whether the window of `start..end` is free.
    pub fn window_free(&self, words: &[Word], start: usize, end: usize) -> bool {
        let (lo, hi) = window(words.len(), start, end);
        words[lo..hi].iter().all(|w| self.free(w))
    }

    /// Takes the window of `start..end`, for this step or for good.
    pub fn take(&mut self, words: &[Word], start: usize, end: usize, forever: bool) {
        let (lo, hi) = window(words.len(), start, end);
        for w in &words[lo..hi] {
            self.ensure(w.id);
            if forever {
                self.reserved[w.id as usize] = true;
            } else {
                self.busy[w.id as usize] = self.stamp;
            }
        }
    }
}

fn window(len: usize, start: usize, end: usize) -> (usize, usize) {
    (start.saturating_sub(MARGIN), (end + MARGIN).min(len))
}

/// How a one-place change is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpotKind {
    /// `replace: <phrase>` / `with:`, the phrase widened with context until unique.
    Replace,
    /// `insert:` / `after: <anchor>`.
    InsertAfter,
    /// `insert:` / `before: <anchor>`.
    InsertBefore,
    /// `delete: <phrase>`, the phrase unique as it is.
    Delete,
}

/// A place for a change: tokens `start..end` replaced, quoted through tokens `ctx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// How it is written.
    pub kind: SpotKind,
    /// First token replaced (insertion point).
    pub start: usize,
    /// End of the tokens replaced.
    pub end: usize,
    /// The quoted phrase (replace, delete) or anchor (insert).
    pub ctx: Range<usize>,
}

impl Spot {
    /// The operation that puts `ins` at this spot, as written in YAML.
    pub fn operation(&self, vocab: &Vocab, toks: &[u32], ins: &[u32]) -> Operation {
        let text = |r: &[u32]| vocab.text(r.iter().copied());
        match self.kind {
            SpotKind::Replace => {
                let with: Vec<u32> = toks[self.ctx.start..self.start]
                    .iter()
                    .chain(ins)
                    .chain(&toks[self.end..self.ctx.end])
                    .copied()
                    .collect();
                Operation::Replace { phrase: text(&toks[self.ctx.clone()]), with: text(&with) }
            }
            SpotKind::InsertAfter | SpotKind::InsertBefore => Operation::Insert {
                text: text(ins),
                anchor: text(&toks[self.ctx.clone()]),
                before: self.kind == SpotKind::InsertBefore,
            },
            SpotKind::Delete => Operation::Delete { phrase: text(&toks[self.ctx.clone()]) },
        }
    }

    /// The change this spot makes with `ins`.
    pub fn local(&self, ins: &[u32]) -> Local {
        Local { start: self.start, end: self.end, ins: ins.to_vec() }
    }
}

/// Whether the engine's word diff of `toks` and `toks` with `locals` applied finds
/// exactly `locals`, one hunk each.
pub fn exact(toks: &[u32], locals: &[Local]) -> bool {
    let new = apply_locals(toks, locals);
    let hunks = word_diff(toks, &new);
    if hunks.len() != locals.len() {
        return false;
    }
    let mut shift: isize = 0;
    locals.iter().zip(&hunks).all(|(l, h)| {
        let start = (l.start as isize + shift) as usize;
        shift += l.ins.len() as isize - (l.end - l.start) as isize;
        *h == Hunk { old: l.start..l.end, new: start..start + l.ins.len() }
    })
}

/// Whether the change could slide: its inserted or deleted run starts with the token
/// after it or ends with the token before it, so that a diff may equally place it one
/// token over (`"act and" + "and"`: which "and" is new?).
pub fn slides(toks: &[u32], l: &Local) -> bool {
    let before = l.start.checked_sub(1).map(|i| toks[i]);
    let after = toks.get(l.end).copied();
    let ins_slides = !l.ins.is_empty() && (l.ins.first().copied() == after || l.ins.last().copied() == before);
    let del_slides = l.start < l.end && (Some(toks[l.start]) == after || Some(toks[l.end - 1]) == before);
    ins_slides || del_slides
}

/// Whether `concord::attribution::proposal::apply` gives, token for token, the
/// generator's proposed wording `proposed`.
pub fn agrees_with_apply(vocab: &Vocab, toks: &[u32], op: &Operation, proposed: &[u32]) -> bool {
    let paragraph = Paragraph {
        id: "p".into(),
        number: String::new(),
        section: String::new(),
        from: vec![],
        status: None,
        dissociated_by: vec![],
        reserved_by: vec![],
        objected_by: vec![],
        text: Tokenized::new(&vocab.text(toks.iter().copied())),
        line: 0,
    };
    match proposal::apply(op, Some(&paragraph)) {
        Ok(Some(text)) => Tokenized::new(&text).tokens().eq(proposed.iter().map(|&t| vocab.str(t))),
        _ => false,
    }
}

/// Context around `start..end` (at least those tokens, or for an empty range, nothing)
/// widened alternately left and right until it occurs once; `None` past [`MAX_ANCHOR`].
fn unique_context(vocab: &Vocab, toks: &[u32], start: usize, end: usize) -> Option<Range<usize>> {
    let (mut lo, mut hi) = (start, end);
    let mut left = true;
    loop {
        let r = &toks[lo..hi];
        if !r.is_empty() && r.iter().any(|&t| !vocab.is_punct(t)) && occurrences(toks, r) == 1 {
            return Some(lo..hi);
        }
        if hi - lo >= MAX_ANCHOR {
            return None;
        }
        match (left && lo > 0, hi < toks.len()) {
            (true, _) => lo -= 1,
            (false, true) => hi += 1,
            (false, false) if lo > 0 => lo -= 1,
            _ => return None,
        }
        left = !left;
    }
}

/// A unique anchor ending at `p` (after) or starting at `p` (before).
fn anchor(vocab: &Vocab, toks: &[u32], p: usize, before: bool) -> Option<Range<usize>> {
    for k in 1..=MAX_ANCHOR {
        let r = if before {
            if p + k > toks.len() {
                return None;
            }
            p..p + k
        } else {
            if k > p {
                return None;
            }
            p - k..p
        };
        let a = &toks[r.clone()];
        if a.iter().any(|&t| !vocab.is_punct(t)) && occurrences(toks, a) == 1 {
            return Some(r);
        }
    }
    None
}

/// Finds a free spot of `kind` in `words` for `ins` (ignored for deletions), replacing
/// `len` tokens (ignored for insertions). Tries a few random places.
///
/// With `strict` off (revision pairs for benchmarks), the checks that keep the truth
/// unambiguous are skipped: any free place will do.
#[allow(clippy::too_many_arguments)] // the spot's whole description; a struct would only rename them
pub fn find_spot(
    vocab: &Vocab,
    marks: &Marks,
    words: &[Word],
    toks: &[u32],
    kind: SpotKind,
    len: usize,
    ins: &[u32],
    rng: &mut Rng,
    strict: bool,
) -> Option<Spot> {
    let n = toks.len();
    if n < 2 * MARGIN + 2 {
        return None;
    }
    for _ in 0..6 {
        let spot = match kind {
            SpotKind::InsertAfter | SpotKind::InsertBefore => {
                let p = rng.between(1, n - 1);
                let neighbour = if kind == SpotKind::InsertAfter { toks[p - 1] } else { toks[p] };
                if vocab.is_punct(neighbour) {
                    continue;
                }
                let ctx = if strict {
                    let Some(ctx) = anchor(vocab, toks, p, kind == SpotKind::InsertBefore) else { continue };
                    ctx
                } else {
                    p..p
                };
                Spot { kind, start: p, end: p, ctx }
            }
            SpotKind::Replace | SpotKind::Delete => {
                let a = rng.below(n);
                let b = a + len.max(1);
                if b > n || vocab.is_punct(toks[a]) || vocab.is_punct(toks[b - 1]) {
                    continue;
                }
                if kind == SpotKind::Replace && (ins.is_empty() || ins.iter().any(|t| toks[a..b].contains(t))) && strict
                {
                    continue;
                }
                let ctx = if !strict {
                    a..b
                } else if kind == SpotKind::Delete {
                    if occurrences(toks, &toks[a..b]) != 1 {
                        continue;
                    }
                    a..b
                } else {
                    let Some(ctx) = unique_context(vocab, toks, a, b) else { continue };
                    ctx
                };
                Spot { kind, start: a, end: b, ctx }
            }
        };
        let local = spot.local(if kind == SpotKind::Delete { &[] } else { ins });
        if marks.window_free(words, spot.start, spot.end)
            && (!strict || (!slides(toks, &local) && exact(toks, std::slice::from_ref(&local))))
        {
            return Some(spot);
        }
    }
    None
}

/// Whether two changes' windows are apart.
pub fn apart(a: &Local, b: &Local) -> bool {
    a.end + 2 * MARGIN <= b.start || b.end + 2 * MARGIN <= a.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &mut Vocab, s: &str) -> Vec<u32> {
        Tokenized::new(s).tokens().map(|t| v.id(t)).collect()
    }

    #[test]
    fn exact_refuses_what_the_diff_cannot_place() {
        let mut v = Vocab::new();
        let t = ids(&mut v, "States should act and cooperate fully .");
        let and = v.id("and");
        // "and" inserted next to "and": the diff may place it on either side.
        assert!(slides(&t, &Local { start: 4, end: 4, ins: vec![and] }));
        assert!(slides(&t, &Local { start: 3, end: 3, ins: vec![and] }));
        let fully = v.id("effectively");
        assert!(!slides(&t, &Local { start: 3, end: 3, ins: vec![fully] }));
        assert!(exact(&t, &[Local { start: 3, end: 3, ins: vec![fully] }]));
        // Two changes: both found.
        let two = [Local { start: 1, end: 2, ins: vec![fully] }, Local { start: 5, end: 6, ins: vec![] }];
        assert!(exact(&t, &two));
    }

    #[test]
    fn contexts_grow_until_unique() {
        let mut v = Vocab::new();
        let t = ids(&mut v, "the need for the role of the Group");
        assert_eq!(unique_context(&v, &t, 3, 4), Some(2..4));
        assert_eq!(anchor(&v, &t, 3, false), Some(2..3));
        assert_eq!(anchor(&v, &t, 4, false), Some(2..4));
    }

    #[test]
    fn written_operations_agree_with_apply() {
        let mut v = Vocab::new();
        let t = ids(&mut v, "States noted the need for the role of the Group.");
        let ins = ids(&mut v, "in good faith");
        let spot = Spot { kind: SpotKind::InsertAfter, start: 2, end: 2, ctx: 1..2 };
        let op = spot.operation(&v, &t, &ins);
        let proposed = apply_locals(&t, &[spot.local(&ins)]);
        assert!(agrees_with_apply(&v, &t, &op, &proposed));
        let spot = Spot { kind: SpotKind::Replace, start: 4, end: 5, ctx: 3..5 };
        let op = spot.operation(&v, &t, &ins);
        assert_eq!(op, Operation::Replace { phrase: "need for".into(), with: "need in good faith".into() });
        assert!(agrees_with_apply(&v, &t, &op, &apply_locals(&t, &[spot.local(&ins)])));
    }
}
