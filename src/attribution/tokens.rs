//! The words of every revision as integers: every paragraph's tokens interned once, so
//! that every later comparison (the word diff, crediting, weights) compares integers.

use rayon::prelude::*;

use crate::draft::Negotiation;
use crate::text::Interner;

/// A paragraph's ids, or the index of the same paragraph in the revision before.
type Reused = Result<Vec<u32>, usize>;

/// The token ids of every paragraph of every revision (`ids[revision][paragraph]`).
///
/// Each revision is interned on its own, in parallel; then, revision by revision, its
/// local vocabulary joins `interner` and its ids are mapped. The ids are those a single
/// interner reading the revisions in order would give. A paragraph the revision before
/// has word for word, under the same id, takes its ids from there instead of being
/// interned again.
pub(super) fn intern_revisions(negotiation: &Negotiation, interner: &mut Interner) -> Vec<Vec<Vec<u32>>> {
    let revisions = &negotiation.revisions;
    // Per revision: its vocabulary, and per paragraph its local ids or the index of the
    // same paragraph in the revision before.
    let local: Vec<(Interner, Vec<Reused>)> = (0..revisions.len())
        .into_par_iter()
        .map(|r| {
            let mut local = Interner::new();
            let ids = revisions[r]
                .paragraphs
                .iter()
                .map(|p| {
                    let before = r.checked_sub(1).and_then(|b| revisions[b].index_of(&p.id));
                    match before {
                        Some(i) if revisions[r - 1].paragraphs[i].text.text == p.text.text => Err(i),
                        _ => Ok(local.intern_tokens(&p.text)),
                    }
                })
                .collect();
            (local, ids)
        })
        .collect();
    let mut all: Vec<Vec<Vec<u32>>> = Vec::with_capacity(local.len());
    for (vocabulary, ids) in local {
        let global: Vec<u32> = (0..vocabulary.len()).map(|id| interner.intern(vocabulary.resolve(id as u32))).collect();
        let previous = all.last();
        let ids = ids
            .into_par_iter()
            .map(|p| match p {
                Ok(mut p) => {
                    p.iter_mut().for_each(|t| *t = global[*t as usize]);
                    p
                }
                Err(i) => previous.expect("only a later revision repeats one")[i].clone(),
            })
            .collect();
        all.push(ids);
    }
    all
}
