//! The baseline: the agreed text every simulated negotiation starts from, its sections
//! cycled from a list of headings and its paragraphs drawn in the profile's languages.

use super::{Sim, date_of};
use crate::simulate::model::{BASELINE, NO_EDIT, Para, Rev};

/// Section headings of the baseline, cycled.
const SECTIONS: &[&str] = &[
    "Introduction",
    "Existing and potential threats",
    "International law",
    "Rules, norms and principles of responsible State behaviour",
    "Confidence-building measures",
    "Capacity-building",
    "Regular institutional dialogue",
    "Conclusions and recommendations",
];

impl Sim {
    pub(super) fn baseline(&mut self) {
        let elements = self.params.elements.max(1);
        let per_section = 8;
        let n_sections = elements.div_ceil(per_section);
        self.sections = (0..n_sections)
            .map(|i| {
                let base = SECTIONS[i % SECTIONS.len()];
                if i < SECTIONS.len() { base.to_owned() } else { format!("{base} ({})", i / SECTIONS.len() + 1) }
            })
            .collect();
        let w = self.params.words_per_element.max(1);
        let mut paras = Vec::with_capacity(elements);
        for k in 0..elements {
            let lang = self.lang();
            // Revision pairs for benchmarks keep close to the size asked for.
            let spread = if self.params.edit_share.is_some() { 1 } else { 4 };
            let len = self.rng.between(w * (10 - spread) / 10, w * (10 + spread) / 10).max(1);
            let toks = self.vocab.paragraph(lang, len, &mut self.rng);
            let words = toks.into_iter().map(|t| self.fresh_word(t, 0, BASELINE, NO_EDIT)).collect();
            let id = self.new_para_id();
            paras.push(Para { id, lang, section: k / per_section, from: vec![], words });
        }
        self.revs.push(Rev { id: "r0".into(), date: date_of(Self::revision_day(0)), paras });
    }
}
