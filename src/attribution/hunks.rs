//! Between hunks and pairs of equal tokens: the two ways of saying which words of an old
//! text a new text kept. A step's word diff gives hunks, and origins follow the equal
//! pairs between them; a diff across several steps follows the words through the steps
//! as pairs and turns the pairs that kept their order back into hunks.

use crate::diff::Hunk;

/// Pairs (old index, new index) of the tokens the hunks leave equal.
pub(super) fn equal_pairs(hunks: &[Hunk], old_len: usize, new_len: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::with_capacity(new_len);
    let (mut o, mut nn) = (0, 0);
    for h in hunks {
        while o < h.old.start && nn < h.new.start {
            pairs.push((o, nn));
            o += 1;
            nn += 1;
        }
        o = h.old.end;
        nn = h.new.end;
    }
    while o < old_len && nn < new_len {
        pairs.push((o, nn));
        o += 1;
        nn += 1;
    }
    pairs
}

/// The longest run of pairs increasing in both coordinates (pairs come sorted by the
/// second): the words that kept their order.
pub(super) fn increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(o, _)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].0 < o);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        out.push(pairs[k]);
        cur = prev[k];
    }
    out.reverse();
    out
}

/// The hunks between aligned token pairs (increasing in both coordinates).
pub(super) fn hunks_from_pairs(pairs: &[(usize, usize)], old_len: usize, new_len: usize) -> Vec<Hunk> {
    let mut hunks = Vec::new();
    let (mut o, mut n) = (0, 0);
    for &(po, pn) in pairs.iter().chain(std::iter::once(&(old_len, new_len))) {
        if po > o || pn > n {
            hunks.push(Hunk { old: o..po, new: n..pn });
        }
        o = po + 1;
        n = pn + 1;
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_pairs_are_the_tokens_between_hunks() {
        // old: a b c d e; new: a X c e (b replaced by X, d deleted).
        let hunks = [Hunk { old: 1..2, new: 1..2 }, Hunk { old: 3..4, new: 3..3 }];
        assert_eq!(equal_pairs(&hunks, 5, 4), [(0, 0), (2, 2), (4, 3)]);
    }

    #[test]
    fn increasing_keeps_the_longest_run_in_order() {
        // Word 0 of the old text moved to the end of the new one.
        assert_eq!(increasing(&[(1, 0), (2, 1), (3, 2), (0, 3)]), [(1, 0), (2, 1), (3, 2)]);
    }

    #[test]
    fn hunks_from_pairs_gives_back_the_hunks_of_equal_pairs() {
        let hunks = [Hunk { old: 1..2, new: 1..2 }, Hunk { old: 3..4, new: 3..3 }];
        assert_eq!(hunks_from_pairs(&equal_pairs(&hunks, 5, 4), 5, 4), hunks);
        assert_eq!(hunks_from_pairs(&[], 2, 0), [Hunk { old: 0..2, new: 0..0 }]);
    }
}
