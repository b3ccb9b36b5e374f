//! How alike a new paragraph is to an `add` proposal, by the words they share weighted by
//! how rare each word is in the negotiation.
//!
//! Whole paragraphs of one report share their boilerplate: "In this regard,", "States",
//! "the … of the …". Counted in order, those alone can make half of two unrelated
//! paragraphs equal. Weighting each word by its inverse document frequency over every
//! paragraph of every revision leaves function words and the negotiation's stock phrases
//! with next to no weight, and punctuation with none, in any language, without a stop list.

use crate::text::Interner;

/// How alike a new paragraph and an `add` proposal must be for the proposal to compete for
/// it, unless the paragraph bears the proposal's element id: the words they share in order,
/// weighted by rarity ([`Weights::ordered_dice`]), are at least half of their words.
pub const ADD_ALIKE: f64 = 0.5;

/// The weight of every interned token.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    weight: Vec<f32>,
    /// The weight of a word found in no paragraph (only in proposals).
    unseen: f32,
}

impl Weights {
    /// Weights from the paragraphs of every revision (`ids[revision][paragraph]`): a token's
    /// weight is `ln((N + 1) / (df + 1))`, N the number of paragraphs and df the number
    /// containing it; punctuation and symbols weigh nothing.
    pub fn new(ids: &[Vec<Vec<u32>>], interner: &Interner) -> Self {
        let vocabulary = interner.len();
        let mut df = vec![0u32; vocabulary];
        let mut last_seen = vec![u32::MAX; vocabulary];
        let mut n = 0u32;
        for paragraph in ids.iter().flatten() {
            for &t in paragraph {
                if last_seen[t as usize] != n {
                    last_seen[t as usize] = n;
                    df[t as usize] += 1;
                }
            }
            n += 1;
        }
        let total = n as f32 + 1.0;
        let mut w = Weights { weight: Vec::with_capacity(vocabulary), unseen: total.ln() };
        w.weight.extend(df.iter().map(|&d| (total / (d as f32 + 1.0)).ln()));
        for (id, weight) in w.weight.iter_mut().enumerate() {
            if !is_wordlike(interner.resolve(id as u32)) {
                *weight = 0.0;
            }
        }
        w
    }

    /// Takes in the tokens interned since (a proposal's new words): found in no paragraph,
    /// they weigh as much as the rarest, unless they are punctuation.
    pub fn extend(&mut self, interner: &Interner) {
        for id in self.weight.len()..interner.len() {
            let w = if is_wordlike(interner.resolve(id as u32)) { self.unseen } else { 0.0 };
            self.weight.push(w);
        }
    }

    fn of(&self, t: u32) -> f32 {
        self.weight.get(t as usize).copied().unwrap_or(self.unseen)
    }

    /// The bag of `tokens`, ready to compare.
    pub fn bag(&self, tokens: &[u32]) -> Bag {
        let mut sorted = tokens.to_vec();
        sorted.sort_unstable();
        let total = sorted.iter().map(|&t| self.of(t)).sum();
        Bag { sorted, total }
    }

    /// The weighted Dice coefficient of two bags: twice the weight of the tokens they share
    /// (each as often as in the bag holding it fewer times) over their total weight; 0 when
    /// both weigh nothing.
    pub fn dice(&self, a: &Bag, b: &Bag) -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
        while i < a.sorted.len() && j < b.sorted.len() {
            match a.sorted[i].cmp(&b.sorted[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.of(a.sorted[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        let total = a.total + b.total;
        if total <= 0.0 { 0.0 } else { (2.0 * shared / total).min(1.0) as f64 }
    }
}

impl Weights {
    /// The weighted Dice coefficient of the words two texts share in the same order: the
    /// weight of a longest common subsequence of their words (punctuation left out), twice,
    /// over their total weight.
    pub fn ordered_dice(&self, a: &[u32], b: &[u32]) -> f64 {
        let words = |t: &[u32]| t.iter().copied().filter(|&t| self.of(t) > 0.0).collect::<Vec<u32>>();
        let (a, b) = (words(a), words(b));
        let total: f32 = a.iter().chain(&b).map(|&t| self.of(t)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let shared: f32 = crate::diff::lcs_pairs(&a, &b).iter().map(|&(i, _)| self.of(a[i])).sum();
        (2.0 * shared / total).min(1.0) as f64
    }
}

/// A token with a letter or digit in it (not punctuation or a symbol alone).
fn is_wordlike(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// The tokens of a text, sorted, with their total weight.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    sorted: Vec<u32>,
    total: f32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenized;

    fn intern(interner: &mut Interner, text: &str) -> Vec<u32> {
        Tokenized::new(text).tokens().map(|t| interner.intern(t)).collect()
    }

    #[test]
    fn function_words_and_punctuation_weigh_little() {
        let mut i = Interner::new();
        let texts = [
            "The Group noted the importance of the norms.",
            "The States recalled the work of the Group.",
            "The capacity of the States to respond is uneven.",
            "The ransomware threat is growing.",
        ];
        let paragraphs: Vec<Vec<u32>> = texts.iter().map(|t| intern(&mut i, t)).collect();
        let w = Weights::new(&[paragraphs], &i);
        let the = i.get("The").unwrap();
        let ransomware = i.get("ransomware").unwrap();
        assert_eq!(w.of(i.get(".").unwrap()), 0.0);
        assert!(w.of(the) < 0.01, "in every paragraph: {}", w.of(the));
        assert!(w.of(ransomware) > 0.9, "in one paragraph of four: {}", w.of(ransomware));
    }

    #[test]
    fn dice_is_one_on_equal_bags_and_zero_on_disjoint_words() {
        let mut i = Interner::new();
        let a = intern(&mut i, "critical infrastructure protection");
        let b = intern(&mut i, "supply chains security");
        let w = Weights::new(&[vec![a.clone(), b.clone()]], &i);
        assert_eq!(w.dice(&w.bag(&a), &w.bag(&a)), 1.0);
        assert_eq!(w.dice(&w.bag(&a), &w.bag(&b)), 0.0);
        assert_eq!(w.dice(&w.bag(&[]), &w.bag(&[])), 0.0);
    }

    #[test]
    fn extended_tokens_weigh_as_the_rarest_unless_punctuation() {
        let mut i = Interner::new();
        let a = intern(&mut i, "States met.");
        let mut w = Weights::new(&[vec![a]], &i);
        let new = intern(&mut i, "quantum ;");
        w.extend(&i);
        assert_eq!(w.of(new[0]), w.unseen);
        assert_eq!(w.of(new[1]), 0.0);
    }
}
