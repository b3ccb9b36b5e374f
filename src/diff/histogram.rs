//! The Histogram diff over dense token ids.
//!
//! `similar`'s Histogram first maps its inputs to dense integers through a hash map, on
//! every call. concord's token ids are dense already (`text::Interner`), so this module
//! runs the same algorithm, step for step, on the ids themselves: the occurrence tables
//! are vectors indexed by id, kept from one diff to the next (one set per thread), and
//! nothing is hashed. It makes the choices `similar` 3 makes (the same replace fast path
//! for unrelated texts, the same anchors and tie-breaks, the same fall-back to `similar`'s
//! Myers when every common word is too frequent to anchor on), so its edit script is
//! `similar`'s, op for op: a property test below compares them.
//!
//! ```text
//! old: a b c d e      new: a x c d e
//! -> equal 0..1, delete 1..2, insert 1..2, equal 2..5 (anchored on the run c d e)
//! ```

use std::cell::RefCell;
use std::ops::Range;

use similar::algorithms::{DiffHook, NoFinishHook, myers};

/// A word occurring more often than this in the old range never anchors (git's safety
/// valve against frequent lines, as in `similar`).
const MAX_CHAIN_LENGTH: u32 = 64;

/// No position: the end of an occurrence chain, or an id absent from the old range.
const NONE: u32 = u32::MAX;

/// The replace fast path: two texts of at least this many tokens each ...
const FAST_PATH_MIN_LEN: usize = 512;
/// ... and at least this product of lengths ...
const FAST_PATH_MIN_WORK: usize = 128 * 1024;
/// ... that share no token near either end ...
const FAST_PATH_BOUNDARY_PROBE: usize = 8;
/// ... and at most one common token per this many (between 1 and 64) are all replaced.
const FAST_PATH_COMMON_DIVISOR: usize = 1024;
const FAST_PATH_MAX_COMMON: usize = 64;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Reports to `d` the edit script that turns `old` into `new`, then calls `d.finish()`.
///
/// # Panics
/// When a sequence has 4 billion tokens or more (a text far beyond the file size limit).
pub fn diff<D: DiffHook>(d: &mut D, old: &[u32], new: &[u32]) -> Result<(), D::Error> {
    assert!(old.len() < NONE as usize && new.len() < NONE as usize, "fewer than 4 billion tokens");
    SCRATCH.with_borrow_mut(|scratch| diff_with(d, old, new, scratch))
}

fn diff_with<D: DiffHook>(d: &mut D, old: &[u32], new: &[u32], scratch: &mut Scratch) -> Result<(), D::Error> {
    if unrelated(old, new, scratch) {
        d.delete(0, old.len(), 0)?;
        d.insert(0, 0, new.len())?;
        return d.finish();
    }
    let prefix = common_prefix(old, 0..old.len(), new, 0..new.len());
    let suffix = common_suffix(old, prefix..old.len(), new, prefix..new.len());
    let old_middle = prefix..old.len() - suffix;
    let new_middle = prefix..new.len() - suffix;
    if prefix > 0 {
        d.equal(0, 0, prefix)?;
    }
    if old_middle.is_empty() {
        if !new_middle.is_empty() {
            d.insert(old_middle.start, new_middle.start, new_middle.len())?;
        }
    } else if new_middle.is_empty() {
        d.delete(old_middle.start, old_middle.len(), new_middle.start)?;
    } else {
        scratch.prepare(old, &old_middle, &new_middle);
        diff_ranges(&mut NoFinishHook::new(&mut *d), old, old_middle, new, new_middle, scratch)?;
    }
    if suffix > 0 {
        d.equal(old.len() - suffix, new.len() - suffix, suffix)?;
    }
    d.finish()
}

/// Whether two long texts are unrelated enough to be reported as one replacement without
/// searching (`similar`'s preflight): different at both ends and sharing next to no token.
fn unrelated(old: &[u32], new: &[u32], scratch: &mut Scratch) -> bool {
    let (o, n) = (old.len(), new.len());
    if o < FAST_PATH_MIN_LEN || n < FAST_PATH_MIN_LEN || o.saturating_mul(n) < FAST_PATH_MIN_WORK {
        return false;
    }
    if new[0] == old[0] || new[n - 1] == old[o - 1] {
        return false;
    }
    for skip in 1..o.min(n).min(FAST_PATH_BOUNDARY_PROBE + 1) {
        if new[skip] == old[0]
            || new[0] == old[skip]
            || new[n - 1 - skip] == old[o - 1]
            || new[n - 1] == old[o - 1 - skip]
        {
            return false;
        }
    }
    let budget = (o.min(n) / FAST_PATH_COMMON_DIVISOR).clamp(1, FAST_PATH_MAX_COMMON);
    scratch.fit(old);
    for &t in old {
        scratch.count[t as usize] = 1;
    }
    let common = new.iter().filter(|&&t| scratch.count.get(t as usize) == Some(&1)).count();
    for &t in old {
        scratch.count[t as usize] = 0;
    }
    common <= budget
}

fn common_prefix(old: &[u32], old_range: Range<usize>, new: &[u32], new_range: Range<usize>) -> usize {
    old[old_range].iter().zip(&new[new_range]).take_while(|(a, b)| a == b).count()
}

fn common_suffix(old: &[u32], old_range: Range<usize>, new: &[u32], new_range: Range<usize>) -> usize {
    old[old_range].iter().rev().zip(new[new_range].iter().rev()).take_while(|(a, b)| a == b).count()
}

/// A common run chosen to split the ranges around.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    old_start: usize,
    new_start: usize,
    len: usize,
}

enum Search {
    Anchor(Anchor),
    /// The ranges share no token.
    None,
    /// They share only tokens too frequent to anchor on: Myers decides.
    Fallback,
}

/// Work left to do, on a stack rather than by recursion: scattered changes nest as deep as
/// there are anchors.
enum Task {
    Diff { old: Range<usize>, new: Range<usize> },
    Equal { old: usize, new: usize, len: usize },
}

fn diff_ranges<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
    scratch: &mut Scratch,
) -> Result<(), D::Error> {
    // Popped from the end: what must be reported later is pushed first.
    let mut tasks = vec![Task::Diff { old: old_range, new: new_range }];
    while let Some(task) = tasks.pop() {
        let (mut o, mut n) = match task {
            Task::Diff { old, new } => (old, new),
            Task::Equal { old, new, len } => {
                d.equal(old, new, len)?;
                continue;
            }
        };
        let prefix = common_prefix(old, o.clone(), new, n.clone());
        if prefix > 0 {
            d.equal(o.start, n.start, prefix)?;
            o.start += prefix;
            n.start += prefix;
        }
        let suffix = common_suffix(old, o.clone(), new, n.clone());
        if suffix > 0 {
            o.end -= suffix;
            n.end -= suffix;
            tasks.push(Task::Equal { old: o.end, new: n.end, len: suffix });
        }
        if o.is_empty() {
            if !n.is_empty() {
                d.insert(o.start, n.start, n.len())?;
            }
            continue;
        }
        if n.is_empty() {
            d.delete(o.start, o.len(), n.start)?;
            continue;
        }
        match scratch.find_anchor(old, o.clone(), new, n.clone()) {
            Search::Anchor(a) => {
                tasks.push(Task::Diff { old: a.old_start + a.len..o.end, new: a.new_start + a.len..n.end });
                tasks.push(Task::Equal { old: a.old_start, new: a.new_start, len: a.len });
                tasks.push(Task::Diff { old: o.start..a.old_start, new: n.start..a.new_start });
            }
            Search::None => {
                d.delete(o.start, o.len(), n.start)?;
                d.insert(o.end, n.start, n.len())?;
            }
            Search::Fallback => myers::diff(&mut NoFinishHook::new(&mut *d), old, o, new, n)?,
        }
    }
    Ok(())
}

/// The tables of the anchor search. Between searches, `head` is all `NONE`, `count` and
/// `covered` all zero.
#[derive(Debug, Default)]
struct Scratch {
    /// By token id: its first position in the range searched.
    head: Vec<u32>,
    /// By token id: how often it occurs in the range searched.
    count: Vec<u32>,
    /// By position (from `old_base`): the next position of the same token.
    next: Vec<u32>,
    /// By diagonal: the furthest new position (plus one) whose equal run was extended.
    covered: Vec<u32>,
    /// The diagonals to clear after a search.
    touched: Vec<usize>,
    old_base: usize,
    new_end: usize,
}

impl Scratch {
    /// Makes the id tables long enough for every token of `old`.
    fn fit(&mut self, old: &[u32]) {
        if let Some(&max) = old.iter().max()
            && self.head.len() <= max as usize
        {
            self.head.resize(max as usize + 1, NONE);
            self.count.resize(max as usize + 1, 0);
        }
    }

    /// Sizes the tables for diffing `old[old_range]` with `new[new_range]`.
    fn prepare(&mut self, old: &[u32], old_range: &Range<usize>, new_range: &Range<usize>) {
        self.fit(&old[old_range.clone()]);
        if self.next.len() < old_range.len() {
            self.next.resize(old_range.len(), NONE);
        }
        let diagonals = old_range.len() + new_range.len() + 1;
        if self.covered.len() < diagonals {
            self.covered.resize(diagonals, 0);
        }
        self.old_base = old_range.start;
        self.new_end = new_range.end;
    }

    fn diagonal(&self, old_idx: usize, new_idx: usize) -> usize {
        (old_idx - self.old_base) + (self.new_end - new_idx)
    }

    /// The longest common run of the ranges, through their rarest tokens: indexes the old
    /// range, searches, and clears what it set.
    fn find_anchor(&mut self, old: &[u32], old_range: Range<usize>, new: &[u32], new_range: Range<usize>) -> Search {
        // Backwards, so that every occurrence chain runs in increasing order.
        for i in old_range.clone().rev() {
            let t = old[i] as usize;
            self.next[i - self.old_base] = self.head[t];
            self.head[t] = i as u32;
            self.count[t] += 1;
        }
        let result = self.search(old, &old_range, new, &new_range);
        for &t in &old[old_range] {
            self.head[t as usize] = NONE;
            self.count[t as usize] = 0;
        }
        for diagonal in self.touched.drain(..) {
            self.covered[diagonal] = 0;
        }
        result
    }

    fn search(&mut self, old: &[u32], old_range: &Range<usize>, new: &[u32], new_range: &Range<usize>) -> Search {
        let mut has_common = false;
        let mut best: Option<(Anchor, u32)> = None;
        for new_idx in new_range.clone() {
            let t = new[new_idx] as usize;
            let Some(&first) = self.head.get(t) else { continue };
            if first == NONE {
                continue;
            }
            has_common = true;
            let candidates = self.count[t];
            if candidates > MAX_CHAIN_LENGTH {
                continue;
            }
            let mut next = first;
            while next != NONE {
                let candidate = next as usize;
                next = self.next[candidate - self.old_base];
                // Each equal run is extended once: remember how far each diagonal got.
                let diagonal = self.diagonal(candidate, new_idx);
                if self.covered[diagonal] as usize > new_idx {
                    continue;
                }
                let (mut old_start, mut new_start) = (candidate, new_idx);
                let (mut old_end, mut new_end) = (candidate, new_idx);
                let mut min_count = candidates;
                while old_start > old_range.start
                    && new_start > new_range.start
                    && old[old_start - 1] == new[new_start - 1]
                {
                    old_start -= 1;
                    new_start -= 1;
                    min_count = min_count.min(self.count[old[old_start] as usize]);
                }
                while old_end + 1 < old_range.end && new_end + 1 < new_range.end && old[old_end + 1] == new[new_end + 1]
                {
                    old_end += 1;
                    new_end += 1;
                    min_count = min_count.min(self.count[old[old_end] as usize]);
                }
                if self.covered[diagonal] == 0 {
                    self.touched.push(diagonal);
                }
                self.covered[diagonal] = self.covered[diagonal].max(new_end as u32 + 1);
                let anchor = Anchor { old_start, new_start, len: old_end - old_start + 1 };
                // The longest run, then the one with the rarest token, then the leftmost.
                let better = best.is_none_or(|(b, b_count)| {
                    anchor
                        .len
                        .cmp(&b.len)
                        .then(b_count.cmp(&min_count))
                        .then((b.old_start, b.new_start).cmp(&(anchor.old_start, anchor.new_start)))
                        .is_gt()
                });
                if better {
                    best = Some((anchor, min_count));
                }
            }
        }
        match best {
            Some((anchor, _)) => Search::Anchor(anchor),
            None if has_common => Search::Fallback,
            None => Search::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use similar::algorithms::{Capture, Compact, Replace};
    use similar::{Algorithm, DiffOp, capture_diff_slices};

    /// The ops as `similar::capture_diff_slices` gives them: compacted, with replaces.
    fn ops(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
        let mut d = Compact::new(Replace::new(Capture::new()), old, new);
        let Ok(()) = diff(&mut d, old, new);
        d.into_inner().into_inner().into_ops()
    }

    fn same_as_similar(old: &[u32], new: &[u32]) -> Result<(), TestCaseError> {
        prop_assert_eq!(ops(old, new), capture_diff_slices(Algorithm::Histogram, old, new));
        Ok(())
    }

    #[test]
    fn anchors_on_the_common_run() {
        assert_eq!(
            ops(&[1, 2, 3, 4, 5], &[1, 9, 3, 4, 5]),
            [
                DiffOp::Equal { old_index: 0, new_index: 0, len: 1 },
                DiffOp::Replace { old_index: 1, old_len: 1, new_index: 1, new_len: 1 },
                DiffOp::Equal { old_index: 2, new_index: 2, len: 3 },
            ]
        );
    }

    #[test]
    fn frequent_tokens_fall_back_to_myers_as_similar_does() {
        let old: Vec<u32> = (0..300).map(|i| i % 2).collect();
        let new: Vec<u32> = (0..280).map(|i| (i / 3) % 2).collect();
        same_as_similar(&old, &new).unwrap();
    }

    #[test]
    fn long_unrelated_texts_are_one_replacement_as_in_similar() {
        let old: Vec<u32> = (0..600).collect();
        let mut new: Vec<u32> = (1000..1700).collect();
        new[350] = 300;
        assert_eq!(ops(&old, &new), [DiffOp::Replace { old_index: 0, old_len: 600, new_index: 0, new_len: 700 }]);
        same_as_similar(&old, &new).unwrap();
    }

    proptest! {
        #[test]
        fn same_ops_as_similar_on_small_vocabularies(
            old in prop::collection::vec(0u32..8, 0..120),
            new in prop::collection::vec(0u32..8, 0..120),
        ) {
            same_as_similar(&old, &new)?;
        }

        #[test]
        fn same_ops_as_similar_on_edited_texts(
            old in prop::collection::vec(0u32..300, 0..400),
            edits in prop::collection::vec((0usize..400, 0usize..6, prop::collection::vec(0u32..300, 0..6)), 0..12),
        ) {
            let mut new = old.clone();
            for (at, removed, inserted) in edits {
                let at = at.min(new.len());
                let end = (at + removed).min(new.len());
                new.splice(at..end, inserted);
            }
            same_as_similar(&old, &new)?;
        }

        #[test]
        fn same_ops_as_similar_with_frequent_tokens(
            old in prop::collection::vec(0u32..3, 100..260),
            new in prop::collection::vec(0u32..4, 100..260),
        ) {
            same_as_similar(&old, &new)?;
        }

        #[test]
        fn same_ops_as_similar_on_long_texts_sharing_little(
            old in prop::collection::vec(0u32..5000, 500..800),
            new in prop::collection::vec(4990u32..9000, 500..800),
        ) {
            same_as_similar(&old, &new)?;
        }
    }
}
