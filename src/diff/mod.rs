//! Comparing revisions: element alignment (ids, `from:`, moves) and the word diff of
//! aligned elements over interned token ids.

mod align;
mod histogram;
mod words;

pub use align::{Alignment, ChangeKind, Component, align, from_links};
pub use words::{Hunk, WordBag, lcs_pairs, similarity, word_diff};
