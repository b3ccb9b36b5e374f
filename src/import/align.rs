//! Giving each imported paragraph the id of the element it continues.
//!
//! A Chair's new draft arrives without ids: paragraphs are renumbered, reworded, moved,
//! split and merged. Each imported paragraph is compared with each element of the
//! previous revision by the Dice coefficient of their words (2·shared / total, counted
//! with repeats, case and punctuation ignored), plus a small bonus for a nearby
//! position, the same number and the same section, which only breaks near-ties. Then:
//!
//! 1. pairs with Dice ≥ [`MATCH`] are matched one to one, best score first;
//! 2. a paragraph left between two matched neighbours takes the element left between
//!    their counterparts if they share at least [`ANCHORED`] (a heavily rewritten
//!    paragraph in its place);
//! 3. a new paragraph whose words mostly come from one element next to its match is a
//!    part of a split (`from: [old]`; the part closest to the old text keeps the id);
//!    away from it, nearly all its words ([`MOVED_PART`]) must come from that element;
//! 4. an old element whose words mostly went into a neighbour's match was merged into it
//!    (`from: [a, b]`; the id of the closest part is kept);
//! 5. anything else is new, with an id made from its section and first content words.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::draft::Revision;
use crate::text::{Tokenized, is_punctuation};

use super::Imported;

/// Dice at or above which two paragraphs are taken as the same element.
pub const MATCH: f64 = 0.5;
/// Dice enough for a paragraph standing where an element stood between matched
/// neighbours.
pub const ANCHORED: f64 = 0.25;
/// Share of a part's words found in the whole for it to count as a split or merge part.
pub const PART: f64 = 0.6;
/// Candidate elements kept per paragraph for the one-to-one matching (the best by Dice,
/// then the nearest).
const CANDIDATES: usize = 16;
/// Share of a part's words found in the whole when the part stands away from the rest.
pub const MOVED_PART: f64 = 0.8;

/// How an imported paragraph relates to the previous revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Continues one element, keeping its id.
    Kept,
    /// One of several paragraphs an element was split into.
    Split,
    /// Several elements merged into this paragraph.
    Merged,
    /// Continues nothing.
    New,
}

impl Status {
    /// Name as shown in the alignment table.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Kept => "kept",
            Status::Split => "split",
            Status::Merged => "merged",
            Status::New => "new",
        }
    }
}

/// The id given to one imported paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Element id.
    pub id: String,
    /// `from:` of the element (empty when it keeps its id alone).
    pub from: Vec<String>,
    /// Kept, split, merged or new.
    pub status: Status,
    /// Indices of the old elements it continues.
    pub old: Vec<usize>,
    /// Dice of its words and the continued elements' words (0 when new).
    pub similarity: f64,
}

/// A bag of words: (word id, count), sorted by id.
#[derive(Debug, Clone, Default)]
struct Bag {
    words: Vec<(u32, u32)>,
    total: u32,
}

impl Bag {
    fn new(text: &str, vocab: &mut HashMap<String, u32>) -> Bag {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for t in Tokenized::new(text).tokens().filter(|t| !is_punctuation(t)) {
            let next = vocab.len() as u32;
            let id = *vocab.entry(t.to_lowercase()).or_insert(next);
            *counts.entry(id).or_default() += 1;
        }
        let mut words: Vec<(u32, u32)> = counts.into_iter().collect();
        words.sort_unstable();
        let total = words.iter().map(|w| w.1).sum();
        Bag { words, total }
    }

    fn union<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Bag {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for b in bags {
            for &(w, c) in &b.words {
                *counts.entry(w).or_default() += c;
            }
        }
        let mut words: Vec<(u32, u32)> = counts.into_iter().collect();
        words.sort_unstable();
        let total = words.iter().map(|w| w.1).sum();
        Bag { words, total }
    }

    /// Words in common, with repeats.
    fn shared(&self, other: &Bag) -> u32 {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.words.len() && j < other.words.len() {
            let (a, b) = (self.words[i], other.words[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += a.1.min(b.1);
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    fn dice(&self, other: &Bag) -> f64 {
        let total = self.total + other.total;
        if total == 0 { 1.0 } else { 2.0 * f64::from(self.shared(other)) / f64::from(total) }
    }

    /// Share of this bag's words found in `whole`.
    fn within(&self, whole: &Bag) -> f64 {
        if self.total == 0 { 0.0 } else { f64::from(self.shared(whole)) / f64::from(self.total) }
    }
}

/// Aligns the imported paragraphs `new` to the elements of `old`.
pub fn align(old: &Revision, new: &[Imported]) -> Vec<Assignment> {
    let mut vocab = HashMap::new();
    let old_bags: Vec<Bag> = old.paragraphs.iter().map(|p| Bag::new(&p.text.text, &mut vocab)).collect();
    let new_bags: Vec<Bag> = new.iter().map(|p| Bag::new(&p.text, &mut vocab)).collect();
    let (n_old, n_new) = (old_bags.len(), new_bags.len());
    let mut m = Matching { old_of_new: vec![Vec::new(); n_new], new_of_old: vec![Vec::new(); n_old] };

    // 1. One to one, best first. Only the best few pairs above the threshold are kept
    // for each paragraph, so memory stays linear however long (or repetitive) the texts.
    let rel = |k: usize, n: usize| if n <= 1 { 0.0 } else { k as f64 / (n - 1) as f64 };
    let mut pairs: Vec<(f64, usize, usize)> = new_bags
        .par_iter()
        .enumerate()
        .flat_map_iter(|(j, b)| {
            let mut best: Vec<(f64, usize, usize)> = old_bags
                .iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    let d = o.dice(b);
                    (d >= MATCH).then_some((d, i, j))
                })
                .collect();
            best.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.abs_diff(j).cmp(&y.1.abs_diff(j))));
            best.truncate(CANDIDATES);
            best
        })
        .collect();
    for (score, i, j) in &mut pairs {
        let near = 1.0 - (4.0 * (rel(*i, n_old) - rel(*j, n_new)).abs()).min(1.0);
        let (o, n) = (&old.paragraphs[*i], &new[*j]);
        let same_number = !o.number.is_empty() && o.number == n.number;
        let same_section = !o.section.is_empty() && o.section == n.section;
        *score += 0.05 * near + 0.02 * f64::from(u8::from(same_number)) + 0.02 * f64::from(u8::from(same_section));
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in pairs {
        if m.new_of_old[i].is_empty() && m.old_of_new[j].is_empty() {
            m.link(i, j);
        }
    }

    // 2. Paragraphs in the place of an element, between matched neighbours.
    loop {
        let mut changed = false;
        for (j, bag) in new_bags.iter().enumerate() {
            if !m.old_of_new[j].is_empty() {
                continue;
            }
            let single = |k: usize| (m.old_of_new[k].len() == 1).then(|| m.old_of_new[k][0]);
            let after_prev = if j == 0 { Some(0) } else { single(j - 1).map(|i| i + 1) };
            let before_next =
                if j + 1 == n_new { n_old.checked_sub(1) } else { single(j + 1).and_then(|i| i.checked_sub(1)) };
            let best = [after_prev, before_next]
                .into_iter()
                .flatten()
                .filter(|&i| i < n_old && m.new_of_old[i].is_empty())
                .map(|i| (old_bags[i].dice(bag), i))
                .filter(|&(d, _)| d >= ANCHORED)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|(_, i)| i);
            if let Some(i) = best {
                m.link(i, j);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    // 3. Splits (an old element's words in several new paragraphs), then 4. merges
    // (several old elements' words in one new paragraph).
    let Matching { old_of_new, new_of_old } = &mut m;
    grow(new_of_old, old_of_new, &old_bags, &new_bags);
    grow(old_of_new, new_of_old, &new_bags, &old_bags);

    assign(old, new, &m, &old_bags, &new_bags)
}

/// Finds the parts of wholes: for splits the wholes are old elements and the parts new
/// paragraphs; for merges the other way round. `whole_links[w]` are the parts linked to
/// whole `w`, `part_links[p]` the wholes linked to part `p`.
///
/// A whole matched to one part takes an unlinked neighbour of that part when most of the
/// neighbour's words are in the whole and adding it makes the parts more like the whole.
/// An unlinked whole takes two unlinked neighbouring parts that together match it.
fn grow(whole_links: &mut [Vec<usize>], part_links: &mut [Vec<usize>], wholes: &[Bag], parts: &[Bag]) {
    let link = |wl: &mut [Vec<usize>], pl: &mut [Vec<usize>], w: usize, p: usize| {
        wl[w].push(p);
        wl[w].sort_unstable();
        pl[p].push(w);
        pl[p].sort_unstable();
    };
    for (w, whole) in wholes.iter().enumerate() {
        let mut group = whole_links[w].clone();
        if group.len() != 1 || part_links[group[0]].len() != 1 {
            continue;
        }
        loop {
            let (lo, hi) = (group[0], *group.last().expect("non-empty"));
            let base = whole.dice(&Bag::union(group.iter().map(|&p| &parts[p])));
            let next = [lo.checked_sub(1), Some(hi + 1)]
                .into_iter()
                .flatten()
                .filter(|&p| p < parts.len() && part_links[p].is_empty())
                .find(|&p| {
                    parts[p].within(whole) >= PART
                        && whole.dice(&Bag::union(group.iter().chain([&p]).map(|&k| &parts[k]))) > base
                });
            match next {
                Some(p) => {
                    link(whole_links, part_links, w, p);
                    group.push(p);
                    group.sort_unstable();
                }
                None => break,
            }
        }
    }
    for (w, whole) in wholes.iter().enumerate() {
        if !whole_links[w].is_empty() {
            continue;
        }
        let found = (0..parts.len().saturating_sub(1)).find(|&p| {
            part_links[p].is_empty()
                && part_links[p + 1].is_empty()
                && parts[p].within(whole) >= PART
                && parts[p + 1].within(whole) >= PART
                && whole.dice(&Bag::union([&parts[p], &parts[p + 1]])) >= MATCH
        });
        if let Some(p) = found {
            link(whole_links, part_links, w, p);
            link(whole_links, part_links, w, p + 1);
        }
    }
    // A part moved away from the rest of its whole: nearly all its words in one whole.
    for p in 0..parts.len() {
        if !part_links[p].is_empty() {
            continue;
        }
        let best = wholes
            .iter()
            .enumerate()
            .filter(|(w, _)| !whole_links[*w].is_empty() && whole_links[*w].iter().all(|&q| part_links[q].len() == 1))
            .map(|(w, whole)| (parts[p].within(whole), w))
            .filter(|&(share, _)| share >= MOVED_PART)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, w)) = best {
            let group = &whole_links[w];
            let base = wholes[w].dice(&Bag::union(group.iter().map(|&q| &parts[q])));
            if wholes[w].dice(&Bag::union(group.iter().chain([&p]).map(|&k| &parts[k]))) > base {
                link(whole_links, part_links, w, p);
            }
        }
    }
}

/// Links between old elements and new paragraphs.
struct Matching {
    old_of_new: Vec<Vec<usize>>,
    new_of_old: Vec<Vec<usize>>,
}

impl Matching {
    fn link(&mut self, i: usize, j: usize) {
        self.old_of_new[j].push(i);
        self.old_of_new[j].sort_unstable();
        self.new_of_old[i].push(j);
        self.new_of_old[i].sort_unstable();
    }
}

/// Ids, `from:` and status from the links; new ids last, so they can borrow their
/// neighbours' prefixes.
fn assign(old: &Revision, new: &[Imported], m: &Matching, old_bags: &[Bag], new_bags: &[Bag]) -> Vec<Assignment> {
    let mut out: Vec<Option<Assignment>> = vec![None; new.len()];
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    for (j, olds) in m.old_of_new.iter().enumerate() {
        match olds.as_slice() {
            [] => {}
            [i] if m.new_of_old[*i].len() == 1 => {
                out[j] = Some(Assignment {
                    id: old.paragraphs[*i].id.clone(),
                    from: Vec::new(),
                    status: Status::Kept,
                    old: vec![*i],
                    similarity: round(old_bags[*i].dice(&new_bags[j])),
                });
            }
            [i] => {
                let parts = &m.new_of_old[*i];
                let keeper = parts
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        old_bags[*i].shared(&new_bags[a]).cmp(&old_bags[*i].shared(&new_bags[b])).then(b.cmp(&a))
                    })
                    .expect("a split has parts");
                let id = if keeper == j { old.paragraphs[*i].id.clone() } else { String::new() };
                out[j] = Some(Assignment {
                    id,
                    from: vec![old.paragraphs[*i].id.clone()],
                    status: Status::Split,
                    old: vec![*i],
                    similarity: round(old_bags[*i].dice(&new_bags[j])),
                });
            }
            many => {
                let best = many
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        old_bags[a].shared(&new_bags[j]).cmp(&old_bags[b].shared(&new_bags[j])).then(b.cmp(&a))
                    })
                    .expect("a merge has parts");
                let whole = Bag::union(many.iter().map(|&i| &old_bags[i]));
                out[j] = Some(Assignment {
                    id: old.paragraphs[best].id.clone(),
                    from: many.iter().map(|&i| old.paragraphs[i].id.clone()).collect(),
                    status: Status::Merged,
                    old: many.to_vec(),
                    similarity: round(whole.dice(&new_bags[j])),
                });
            }
        }
    }
    // New ids: never one the previous revision used (that would claim a continuation).
    let mut taken: BTreeSet<String> = old.paragraphs.iter().map(|p| p.id.clone()).collect();
    taken.extend(out.iter().flatten().map(|a| a.id.clone()).filter(|id| !id.is_empty()));
    for j in 0..new.len() {
        let needs_id = out[j].as_ref().is_none_or(|a| a.id.is_empty());
        if !needs_id {
            continue;
        }
        let prefix = section_prefix(new, &out, j);
        let id = fresh_id(&prefix, &new[j].text, &taken);
        taken.insert(id.clone());
        match &mut out[j] {
            Some(a) => a.id = id,
            None => {
                out[j] =
                    Some(Assignment { id, from: Vec::new(), status: Status::New, old: Vec::new(), similarity: 0.0 })
            }
        }
    }
    out.into_iter().map(|a| a.expect("every paragraph assigned")).collect()
}

/// The prefix of the ids around paragraph `j` in its section (`threats` of
/// `threats-landscape`), else the section's first content word.
fn section_prefix(new: &[Imported], out: &[Option<Assignment>], j: usize) -> String {
    let section = &new[j].section;
    let same_section = |k: &usize| new[*k].section == *section;
    let neighbour = (0..j).rev().filter(same_section).chain((j + 1..new.len()).filter(same_section)).find_map(|k| {
        let id = &out[k].as_ref()?.id;
        let (prefix, _) = id.split_once('-')?;
        (!prefix.is_empty()).then(|| prefix.to_owned())
    });
    neighbour.or_else(|| content_words(section).into_iter().next()).unwrap_or_default()
}

/// Lower-case words of `text` that say something (no stop words, numbers or
/// punctuation), as id-safe slugs.
fn content_words(text: &str) -> Vec<String> {
    Tokenized::new(text)
        .tokens()
        .filter(|t| !is_punctuation(t) && !t.chars().all(|c| c.is_numeric()))
        .map(|t| t.to_lowercase())
        .filter(|t| t.chars().count() > 1 && !STOP_WORDS.contains(&t.as_str()))
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).take(24).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A readable id not in `taken`: `prefix-word-word`, then a third word, then `-2`, `-3`…
///
/// ```text
/// ("threats", "Ransomware attacks on hospitals …") -> "threats-ransomware-attacks"
/// ```
fn fresh_id(prefix: &str, text: &str, taken: &BTreeSet<String>) -> String {
    let words = content_words(text);
    let mut parts: Vec<&str> = Vec::new();
    if !prefix.is_empty() {
        parts.push(prefix);
    }
    let base_len = parts.len();
    for w in words.iter().take(2) {
        if parts.last() != Some(&w.as_str()) {
            parts.push(w);
        }
    }
    if parts.len() == base_len {
        parts.push("paragraph");
    }
    let mut id = parts.join("-");
    if taken.contains(&id)
        && let Some(third) = words.get(2)
    {
        id = format!("{id}-{third}");
    }
    let base = id.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// English function words left out of ids.
const STOP_WORDS: [&str; 40] = [
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "as", "that", "this", "these",
    "those", "is", "are", "was", "were", "be", "been", "its", "their", "it", "from", "which", "also", "all", "such",
    "other", "into", "between", "has", "have", "had", "not", "they",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Paragraph, Revision};

    fn rev(paras: &[(&str, &str)]) -> Revision {
        Revision {
            id: "r".into(),
            title: "r".into(),
            date: None,
            symbol: None,
            state: crate::draft::RevisionState::Open,
            paragraphs: paras
                .iter()
                .enumerate()
                .map(|(k, (id, text))| Paragraph {
                    id: (*id).into(),
                    number: (k + 1).to_string(),
                    section: "Threats".into(),
                    from: vec![],
                    status: None,
                    dissociated_by: vec![],
                    reserved_by: vec![],
                    objected_by: vec![],
                    text: Tokenized::new(text),
                    line: 0,
                })
                .collect(),
            path: "r.yaml".into(),
            lookup: Default::default(),
        }
    }

    fn imported(texts: &[&str]) -> Vec<Imported> {
        texts
            .iter()
            .enumerate()
            .map(|(k, t)| Imported {
                number: (k + 1).to_string(),
                section: "Threats".into(),
                text: (*t).into(),
                footnotes: Vec::new(),
            })
            .collect()
    }

    fn ids(a: &[Assignment]) -> Vec<(String, Vec<String>, &'static str)> {
        a.iter().map(|a| (a.id.clone(), a.from.clone(), a.status.as_str())).collect()
    }

    #[test]
    fn renumbered_edited_and_moved_paragraphs_keep_their_ids() {
        let old = rev(&[
            ("threats-landscape", "States noted the growing scale of malicious ICT activity against infrastructure"),
            ("threats-health", "Attacks on hospitals and health services during the pandemic were of concern"),
            ("threats-ransomware", "Ransomware attacks disrupt essential services and extort payments from operators"),
        ]);
        let new = imported(&[
            "Ransomware attacks disrupt essential public services and extort payments from operators",
            "States noted the growing scale of malicious ICT activity against critical infrastructure",
            "Attacks on hospitals and health services during the pandemic were of grave concern",
            "Some States raised disinformation campaigns as an emerging threat to elections",
        ]);
        let got = ids(&align(&old, &new));
        assert_eq!(
            got,
            [
                ("threats-ransomware".into(), vec![], "kept"),
                ("threats-landscape".into(), vec![], "kept"),
                ("threats-health".into(), vec![], "kept"),
                ("threats-some-states".into(), vec![], "new"),
            ]
        );
    }

    #[test]
    fn splits_and_merges_get_from() {
        let old = rev(&[
            (
                "a",
                "States recalled the eleven voluntary norms and agreed to implement them and report on progress each year",
            ),
            ("b", "Capacity building should be demand driven and tailored to national needs"),
            ("c", "and gender sensitive in all its forms"),
        ]);
        let new = imported(&[
            "States recalled the eleven voluntary norms and agreed to implement them",
            "States agreed to report on progress each year",
            "Capacity building should be demand driven, tailored to national needs and gender sensitive in all its forms",
        ]);
        let got = ids(&align(&old, &new));
        assert_eq!(got[0], ("a".into(), vec!["a".into()], "split"));
        assert_eq!(got[1].1, vec!["a".to_string()]);
        assert_eq!(got[1].2, "split");
        assert_eq!(got[2], ("b".into(), vec!["b".into(), "c".into()], "merged"));
    }

    #[test]
    fn fresh_ids_avoid_taken_ones() {
        let taken: BTreeSet<String> = ["threats-ransomware-attacks".to_owned()].into();
        assert_eq!(
            fresh_id("threats", "Ransomware attacks on hospitals", &taken),
            "threats-ransomware-attacks-hospitals"
        );
        assert_eq!(fresh_id("", "The", &BTreeSet::new()), "paragraph");
    }
}
