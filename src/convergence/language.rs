//! Agreed language: sentences of the current text that repeat sentences of the
//! baseline's agreed paragraphs (those of an agreed baseline not marked open, and those
//! marked agreed in any baseline). Delegations defend such language ("this is agreed text from the
//! previous report"), so the report says where each sentence comes from and whether it
//! is repeated exactly or nearly.
//!
//! A sentence ends at `.`, `!`, `?` (or their full-width forms) or at the end of the
//! element, and counts only with at least [`MIN_WORDS`] words. An exact repeat has the
//! same tokens; a near one has a similarity (Dice coefficient of the bags of words, see
//! [`crate::diff::similarity`]) of at least `agreed_language_similarity`. Candidates for
//! a near repeat are the sentences of the baseline elements the element continues and
//! the sentences sharing one of its rarest words, so the search stays linear.

use std::collections::HashMap;
use std::ops::Range;

use crate::attribution::Analysis;
use crate::text::{Tokenized, is_punctuation};

/// Fewest words (punctuation aside) a sentence needs to count as agreed language.
pub const MIN_WORDS: usize = 5;
/// How many of a sentence's rarest words select candidates.
const RARE_WORDS: usize = 3;
/// Words found in more baseline sentences than this do not select candidates.
const MAX_POSTINGS: usize = 64;

/// A sentence of an element that repeats agreed baseline language.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreedSentence {
    /// Token range of the sentence in the element.
    pub words: Range<usize>,
    /// The sentence as it stands in the element.
    pub sentence: String,
    /// Id of the baseline element it repeats.
    pub source: String,
    /// Number of that baseline element.
    pub source_number: String,
    /// The baseline sentence.
    pub source_sentence: String,
    /// Same tokens as the baseline sentence.
    pub exact: bool,
    /// Similarity to the baseline sentence (1 when exact), rounded to three decimals.
    pub similarity: f64,
}

/// One sentence of an agreed baseline element.
struct BaseSentence {
    para: usize,
    words: Range<usize>,
    /// Its bag of lower-cased words, punctuation aside, as sorted ids.
    bag: Vec<u32>,
}

/// The agreed sentences of the baseline, indexed.
pub(super) struct AgreedIndex {
    sentences: Vec<BaseSentence>,
    exact: HashMap<Vec<u32>, usize>,
    by_para: HashMap<usize, Vec<usize>>,
    postings: HashMap<u32, Vec<usize>>,
    /// Ids of the lower-cased words of the agreed baseline.
    lower: HashMap<String, u32>,
}

/// Id of a word the baseline's agreed sentences do not have: it matches nothing.
const UNKNOWN: u32 = u32::MAX;

impl AgreedIndex {
    /// The bag of words of tokens `words` of `t`: lower-cased, punctuation aside, sorted
    /// ids; words not seen before get new ids.
    fn bag(&mut self, t: &Tokenized, words: Range<usize>) -> Vec<u32> {
        let mut bag: Vec<u32> = words
            .map(|i| t.token(i))
            .filter(|tok| !is_punctuation(tok))
            .map(|tok| {
                let lower = tok.to_lowercase();
                let next = self.lower.len() as u32;
                *self.lower.entry(lower).or_insert(next)
            })
            .collect();
        bag.sort_unstable();
        bag
    }

    /// The bag of a sentence of the current text (words the baseline lacks match nothing).
    fn lookup_bag(&self, t: &Tokenized, words: Range<usize>) -> Vec<u32> {
        let mut bag: Vec<u32> = words
            .map(|i| t.token(i))
            .filter(|tok| !is_punctuation(tok))
            .map(|tok| self.lower.get(&tok.to_lowercase()).copied().unwrap_or(UNKNOWN))
            .collect();
        bag.sort_unstable();
        bag
    }
}

/// The Dice coefficient of two sorted bags, [`UNKNOWN`] matching nothing: the measure
/// of [`crate::diff::similarity`], on ids.
fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if a[i] != UNKNOWN {
                    common += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

impl AgreedIndex {
    /// An index of nothing.
    pub(super) fn empty() -> AgreedIndex {
        AgreedIndex {
            sentences: Vec::new(),
            exact: HashMap::new(),
            by_para: HashMap::new(),
            postings: HashMap::new(),
            lower: HashMap::new(),
        }
    }

    pub(super) fn new(analysis: &Analysis<'_>) -> AgreedIndex {
        let base = &analysis.negotiation.revisions[0];
        let mut index = AgreedIndex::empty();
        for (x, p) in base.paragraphs.iter().enumerate() {
            if !super::standing::agreed_in_baseline(base, p) {
                continue;
            }
            for words in sentences(&p.text) {
                let s = index.sentences.len();
                let ids = &analysis.ids[0][x][words.clone()];
                index.exact.entry(ids.to_vec()).or_insert(s);
                index.by_para.entry(x).or_default().push(s);
                let mut seen: Vec<u32> = word_ids(&p.text, words.clone(), ids);
                seen.sort_unstable();
                seen.dedup();
                for id in seen {
                    index.postings.entry(id).or_default().push(s);
                }
                let bag = index.bag(&p.text, words.clone());
                index.sentences.push(BaseSentence { para: x, words, bag });
            }
        }
        index
    }

    /// The agreed sentences repeated in paragraph `j` of revision `k`, whose baseline
    /// ancestors are `lineage` (paragraph indices of the baseline).
    pub(super) fn find(&self, analysis: &Analysis<'_>, k: usize, j: usize, lineage: &[usize]) -> Vec<AgreedSentence> {
        if self.sentences.is_empty() {
            return Vec::new();
        }
        let n = analysis.negotiation;
        let t = &n.revisions[k].paragraphs[j].text;
        let all_ids = &analysis.ids[k][j];
        let threshold = n.convergence.agreed_language_similarity;
        let mut out = Vec::new();
        for words in sentences(t) {
            let ids = &all_ids[words.clone()];
            let found = match self.exact.get(ids) {
                Some(&s) => Some((s, true, 1.0)),
                None => self
                    .nearest(t, words.clone(), ids, lineage)
                    .filter(|&(_, sim)| sim >= threshold)
                    .map(|(s, sim)| (s, false, sim)),
            };
            if let Some((s, exact, similarity)) = found {
                let source = &self.sentences[s];
                let bp = &n.revisions[0].paragraphs[source.para];
                out.push(AgreedSentence {
                    sentence: t.slice(words.clone()).to_owned(),
                    words,
                    source: bp.id.clone(),
                    source_number: bp.number.clone(),
                    source_sentence: bp.text.slice(source.words.clone()).to_owned(),
                    exact,
                    similarity: (similarity * 1000.0).round() / 1000.0,
                });
            }
        }
        out
    }

    /// The most similar candidate sentence: (index, similarity).
    fn nearest(&self, t: &Tokenized, words: Range<usize>, ids: &[u32], lineage: &[usize]) -> Option<(usize, f64)> {
        let mut candidates: Vec<usize> =
            lineage.iter().flat_map(|x| self.by_para.get(x).into_iter().flatten()).copied().collect();
        let mut rare: Vec<&Vec<usize>> = word_ids(t, words.clone(), ids)
            .iter()
            .filter_map(|id| self.postings.get(id))
            .filter(|p| p.len() <= MAX_POSTINGS)
            .collect();
        rare.sort_by_key(|p| p.len());
        candidates.extend(rare.into_iter().take(RARE_WORDS).flatten());
        candidates.sort_unstable();
        candidates.dedup();
        let bag = self.lookup_bag(t, words);
        let mut best: Option<(usize, f64)> = None;
        for s in candidates {
            let sim = dice(&bag, &self.sentences[s].bag);
            if best.is_none_or(|(_, b)| sim > b) {
                best = Some((s, sim));
            }
        }
        best
    }
}

/// The ids of the word tokens (punctuation aside) of `words`.
fn word_ids(t: &Tokenized, words: Range<usize>, ids: &[u32]) -> Vec<u32> {
    words.zip(ids).filter(|(i, _)| !is_punctuation(t.token(*i))).map(|(_, &id)| id).collect()
}

/// The sentences of a text with at least [`MIN_WORDS`] words, as token ranges.
///
/// ```text
/// "States met. They agreed on five new norms today! Ok" -> [3..11] (the others are short)
/// ```
pub fn sentences(t: &Tokenized) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut words = 0;
    for i in 0..t.len() {
        let tok = t.token(i);
        if !is_punctuation(tok) {
            words += 1;
        }
        let end = matches!(tok, "." | "!" | "?" | "。" | "！" | "？") || i + 1 == t.len();
        if end {
            if words >= MIN_WORDS {
                out.push(start..i + 1);
            }
            start = i + 1;
            words = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_on_bags_is_the_similarity_of_the_diff_module() {
        let mut index = AgreedIndex {
            sentences: Vec::new(),
            exact: HashMap::new(),
            by_para: HashMap::new(),
            postings: HashMap::new(),
            lower: HashMap::new(),
        };
        let a = Tokenized::new("States shall cooperate in good faith, as agreed.");
        let b = Tokenized::new("States should cooperate, in Good faith and promptly");
        let bag_a = index.bag(&a, 0..a.len());
        let bag_b = index.lookup_bag(&b, 0..b.len());
        assert_eq!(dice(&bag_a, &bag_b), crate::diff::similarity(&a, &b));
    }

    #[test]
    fn splits_sentences_and_skips_short_ones() {
        let t = Tokenized::new("States met. They agreed on five new norms today! Ok");
        let found = sentences(&t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0], 3..11);
        assert_eq!(t.slice(3..11), "They agreed on five new norms today!");
    }
}
