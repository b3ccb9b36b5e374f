//! Element alignment: which elements of the new revision continue which of the old.
//!
//! Elements match by id; `from:` records renames, splits and merges. A new id without
//! `from:` whose text is identical to a vanished element is taken as a rename. The
//! elements linked this way form connected components (1:1, 1:n split, n:1 merge); each
//! component is diffed as one text, so a split or merge loses no word.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::draft::Revision;

/// How an element changed between two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Same text, same number, same place.
    Unchanged,
    /// Text changed.
    Modified,
    /// New element, continuing nothing.
    Added,
    /// Dropped, continued by nothing.
    Removed,
    /// Same text, but renumbered or moved (to another place or section).
    Moved,
    /// One element became several.
    Split,
    /// Several elements became one.
    Merged,
}

impl ChangeKind {
    /// Name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Modified => "modified",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
        }
    }
}

/// Elements linked across one step: old ones (in old order) continued by new ones (in
/// new order). Either side may be empty (added, removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Indices into the old revision's paragraphs, ascending.
    pub old: Vec<usize>,
    /// Indices into the new revision's paragraphs, ascending.
    pub new: Vec<usize>,
}

/// The alignment of two revisions.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// Components in the order of the new text; removed elements stand after the new
    /// element that continues the old element before them.
    pub components: Vec<Component>,
    /// For each new paragraph, its component.
    pub component_of_new: Vec<usize>,
    /// For each old paragraph, its component.
    pub component_of_old: Vec<usize>,
    /// New paragraphs (1:1 continuations) whose relative order changed.
    pub moved: Vec<bool>,
}

impl Alignment {
    /// How the new paragraph `j` changed.
    pub fn change_of_new(&self, old: &Revision, new: &Revision, j: usize) -> ChangeKind {
        let c = &self.components[self.component_of_new[j]];
        match (c.old.len(), c.new.len()) {
            (0, _) => ChangeKind::Added,
            (1, 1) => {
                let (o, n) = (&old.paragraphs[c.old[0]], &new.paragraphs[j]);
                if o.text.spans.len() != n.text.spans.len() || o.text.tokens().ne(n.text.tokens()) {
                    ChangeKind::Modified
                } else if self.moved[j] || o.number != n.number || o.section != n.section || o.id != n.id {
                    ChangeKind::Moved
                } else {
                    ChangeKind::Unchanged
                }
            }
            (_, 1) => ChangeKind::Merged,
            _ => ChangeKind::Split,
        }
    }
}

/// Aligns the elements of `old` and `new`.
pub fn align(old: &Revision, new: &Revision) -> Alignment {
    let n_old = old.paragraphs.len();
    let old_index: HashMap<&str, usize> = old.paragraphs.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    // Links new -> old.
    let mut links: Vec<Vec<usize>> = new
        .paragraphs
        .iter()
        .map(|p| {
            if p.from.is_empty() {
                old_index.get(p.id.as_str()).map(|&i| vec![i]).unwrap_or_default()
            } else {
                p.from.iter().filter_map(|f| old_index.get(f.as_str()).copied()).collect()
            }
        })
        .collect();
    // Unrecorded renames: a new element with no link whose text is identical to an old
    // element that nothing continues.
    let mut continued = vec![false; n_old];
    links.iter().flatten().for_each(|&i| continued[i] = true);
    let mut vanished_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in old.paragraphs.iter().enumerate().filter(|(i, _)| !continued[*i]) {
        vanished_by_text.entry(p.text.text.trim()).or_default().push(i);
    }
    for (j, p) in new.paragraphs.iter().enumerate() {
        if links[j].is_empty()
            && let Some(candidates) = vanished_by_text.get_mut(p.text.text.trim())
            && !candidates.is_empty()
        {
            links[j].push(candidates.remove(0));
        }
    }
    from_links(n_old, &links)
}

/// Builds the alignment from the links of each new element to old elements.
pub fn from_links(n_old: usize, links: &[Vec<usize>]) -> Alignment {
    let n_new = links.len();
    // Union-find over old (0..n_old) and new (n_old..) nodes.
    let mut parent: Vec<usize> = (0..n_old + n_new).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (j, olds) in links.iter().enumerate() {
        for &i in olds {
            let (a, b) = (find(&mut parent, i), find(&mut parent, n_old + j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Components keyed by root, ordered by first new element, removed ones placed after
    // the component of the preceding old element.
    let mut by_root: BTreeMap<usize, Component> = BTreeMap::new();
    for i in 0..n_old {
        let r = find(&mut parent, i);
        by_root.entry(r).or_insert_with(|| Component { old: vec![], new: vec![] }).old.push(i);
    }
    for j in 0..n_new {
        let r = find(&mut parent, n_old + j);
        by_root.entry(r).or_insert_with(|| Component { old: vec![], new: vec![] }).new.push(j);
    }
    let mut with_new: Vec<Component> = Vec::new();
    let mut removed: Vec<Component> = Vec::new();
    for c in by_root.into_values() {
        if c.new.is_empty() { removed.push(c) } else { with_new.push(c) }
    }
    with_new.sort_by_key(|c| c.new[0]);
    // Place each removed component after the component holding the old element just before it.
    let mut slot_of_old = vec![None; n_old];
    for (k, c) in with_new.iter().enumerate() {
        for &i in &c.old {
            slot_of_old[i] = Some(k);
        }
    }
    let mut components: Vec<(isize, usize, Component)> =
        with_new.into_iter().enumerate().map(|(k, c)| (k as isize, 0, c)).collect();
    for c in removed {
        let i = c.old[0];
        let after = (0..i).rev().find_map(|p| slot_of_old[p]).map_or(-1, |k| k as isize);
        components.push((after, 1 + i, c));
    }
    components.sort_by_key(|(k, sub, _)| (*k, *sub));
    let components: Vec<Component> = components.into_iter().map(|(_, _, c)| c).collect();
    let mut component_of_new = vec![0; n_new];
    let mut component_of_old = vec![0; n_old];
    for (k, c) in components.iter().enumerate() {
        c.new.iter().for_each(|&j| component_of_new[j] = k);
        c.old.iter().for_each(|&i| component_of_old[i] = k);
    }
    let moved = moved_elements(&components, n_new);
    Alignment { components, component_of_new, component_of_old, moved }
}

/// Marks 1:1 continuations whose old position breaks the longest increasing run of old
/// positions taken in new order: those moved; the rest merely shifted.
fn moved_elements(components: &[Component], n_new: usize) -> Vec<bool> {
    let pairs: Vec<(usize, usize)> =
        components.iter().filter(|c| c.old.len() == 1 && c.new.len() == 1).map(|c| (c.new[0], c.old[0])).collect();
    let mut pairs = pairs;
    pairs.sort();
    // Longest increasing subsequence of old positions (patience sorting, O(n log n)).
    let olds: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    let mut tails: Vec<usize> = Vec::new(); // indices into olds
    let mut prev: Vec<Option<usize>> = vec![None; olds.len()];
    for (k, &o) in olds.iter().enumerate() {
        let pos = tails.partition_point(|&t| olds[t] < o);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() { tails.push(k) } else { tails[pos] = k }
    }
    let mut in_lis = vec![false; olds.len()];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        in_lis[k] = true;
        cur = prev[k];
    }
    let mut moved = vec![false; n_new];
    for (k, &(j, _)) in pairs.iter().enumerate() {
        moved[j] = !in_lis[k];
    }
    moved
}
