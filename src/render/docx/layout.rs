//! The layout of a Word document before it becomes XML: paragraphs of text runs, each
//! run plain, inserted or deleted, and each paragraph mark plain, inserted or deleted.
//!
//! A tracked document must read as the newer revision when every change is accepted and
//! as the older one when every change is rejected. Words are easy (`w:ins`, `w:del`);
//! paragraphs need care: a split inserts a paragraph mark, a merge deletes one, a moved
//! element is deleted where it was and inserted where it is, and section headings change
//! with them. This module lays out both texts at once so that each view comes out
//! exactly in its words; the XML writer only spells it.
//!
//! What a reader would not count as a change is not tracked: the document's title,
//! symbol and date are the newer revision's, and a paragraph in both texts carries its
//! new number plain (after an inserted paragraph every later number moves on, which
//! Word's own numbering would not mark either). A number is tracked only with the
//! paragraph it belongs to, inserted or deleted. So rejecting every change gives the
//! older revision's words under the newer one's heading and numbers.

use std::ops::Range;

use crate::attribution::{AmendmentResult, ElementDiff, RevisionDiff};
use crate::draft::{Negotiation, Paragraph, Revision};
use crate::text::Tokenized;

/// Who made a tracked change, and when (ISO 8601).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `w:author`: a delegation or group code, or `Chair`.
    pub author: String,
    /// `w:date`, such as `2022-06-15T00:00:00Z`.
    pub date: Option<String>,
}

/// Whether a run or a paragraph mark is tracked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Track {
    /// Part of both texts.
    Plain,
    /// Only in the newer text.
    Inserted(Change),
    /// Only in the older text.
    Deleted(Change),
}

/// One piece of a paragraph's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Text (tabs and line breaks included).
    Text(String, Track),
    /// Start of the range a comment is about.
    CommentStart(usize),
    /// End of the range a comment is about (the reference mark follows it).
    CommentEnd(usize),
}

/// The paragraph styles concord uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The revision's title.
    Title,
    /// The symbol and date lines under the title.
    Subtitle,
    /// A section heading.
    Heading,
    /// A numbered paragraph of the text.
    Body,
    /// An unnumbered paragraph of the text.
    Unnumbered,
}

/// A paragraph: its style, content and mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// Style.
    pub style: Style,
    /// Content, in order.
    pub items: Vec<Item>,
    /// The paragraph mark: plain, or inserted/deleted (then the paragraph joins the next
    /// one in the view without it).
    pub mark: Track,
}

/// A Word comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Its paragraphs.
    pub lines: Vec<String>,
    /// Its date.
    pub date: Option<String>,
}

/// A whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Title for the document properties.
    pub title: String,
    /// Paragraphs.
    pub paras: Vec<Para>,
    /// Comments, by id.
    pub comments: Vec<Comment>,
}

/// The author of changes no amendment is credited with.
pub const CHAIR: &str = "Chair";

/// The line of a comment on a change whose wording is partly the Chair's.
const CHAIR_OWN: &str = "Some of this wording is the Chair's own.";

/// The plain document of one revision: title, symbol and date (as the UN writes it,
/// "25 July 2022"), then the paragraphs with their numbers, a heading wherever the
/// section changes.
pub fn revision(rev: &Revision) -> Doc {
    let mut b = Builder::new(rev, rev, chair(rev));
    b.header();
    for (j, p) in rev.paragraphs.iter().enumerate() {
        let all = 0..p.text.len();
        let block = Block {
            old: vec![j],
            new: vec![j],
            old_lens: vec![p.text.len()],
            new_lens: vec![p.text.len()],
            segs: vec![Seg { old: all.clone(), new: all, kind: SegKind::Equal }],
            mark: Track::Plain,
            numbers: b.chair.clone(),
        };
        b.block(&block);
    }
    b.finish()
}

/// The tracked-changes document of `diff`: the newer revision with every change from the
/// older one as an insertion or deletion credited to the first amendment it reflects (or
/// the Chair), and one comment per amendment, on its changes, naming it, the states it
/// speaks for when a group or several States made it, and who supported and opposed it.
pub fn tracked(n: &Negotiation, diff: &RevisionDiff, results: &[AmendmentResult]) -> Doc {
    let (from, to) = (&n.revisions[diff.from], &n.revisions[diff.to]);
    let mut b = Builder::new(from, to, chair(to));
    b.header();
    let mut blocks = Vec::new();
    for group in components(&diff.elements) {
        blocks.extend(b.blocks_of(n, results, &group));
    }
    for block in order(blocks) {
        b.block(&block);
    }
    b.finish()
}

fn chair(rev: &Revision) -> Change {
    Change { author: CHAIR.to_owned(), date: rev.date.as_deref().map(iso) }
}

/// `2022-06-15` -> `2022-06-15T00:00:00Z`.
fn iso(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// A date as the UN prints it; anything that is not `YYYY-MM-DD` as it is.
///
/// ```text
/// "2022-07-25" -> "25 July 2022"     "2022-07-05" -> "5 July 2022"
/// ```
pub fn un_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return date.to_owned() };
    let (Ok(m), Ok(d)) = (month.parse::<usize>(), day.parse::<u32>()) else { return date.to_owned() };
    match MONTHS.get(m.wrapping_sub(1)) {
        Some(name) if year.len() == 4 && (1..=31).contains(&d) => format!("{d} {name} {year}"),
        _ => date.to_owned(),
    }
}

/// The elements of a diff grouped by component: consecutive elements continuing the
/// same old elements (a split) stay together.
fn components(elements: &[ElementDiff]) -> Vec<Vec<&ElementDiff>> {
    let mut groups: Vec<Vec<&ElementDiff>> = Vec::new();
    for e in elements {
        match groups.last_mut() {
            Some(g) if !e.old.is_empty() && e.new.is_some() && g[0].new.is_some() && g[0].old == e.old => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    groups
}

/// A stretch of a component: equal words, or a tracked change.
#[derive(Debug, Clone)]
struct Seg {
    /// Token range in the old side (the old elements' texts concatenated).
    old: Range<usize>,
    /// Token range in the new side.
    new: Range<usize>,
    kind: SegKind,
}

#[derive(Debug, Clone)]
enum SegKind {
    Equal,
    Tracked { change: Change, comment: Option<usize> },
}

/// Old elements continued by new elements, laid out together.
#[derive(Debug, Clone)]
struct Block {
    /// Indices of old paragraphs (in the older revision), ascending.
    old: Vec<usize>,
    /// Indices of new paragraphs (in the newer revision), ascending.
    new: Vec<usize>,
    /// Token counts of the old paragraphs.
    old_lens: Vec<usize>,
    /// Token counts of the new paragraphs.
    new_lens: Vec<usize>,
    segs: Vec<Seg>,
    /// The mark of the block's last paragraph.
    mark: Track,
    /// Who changes paragraph numbers in this block.
    numbers: Change,
}

/// Orders blocks so that those with new elements follow the newer text and those with
/// old elements follow the older one. Blocks with both whose old order disagrees with the
/// new (moves), or whose paragraphs are not next to each other in either text (a split
/// with an added paragraph between its parts), are cut into deletions and insertions.
fn order(blocks: Vec<Block>) -> Vec<Block> {
    let mut both: Vec<Block> = Vec::new();
    let mut old_only: Vec<Block> = Vec::new();
    let mut new_only: Vec<Block> = Vec::new();
    for b in blocks {
        match (b.old.is_empty(), b.new.is_empty()) {
            (false, false) => both.push(b),
            (false, true) => old_only.push(b),
            _ => new_only.push(b),
        }
    }
    both.sort_by_key(|b| b.new[0]);
    let contiguous = |v: &[usize]| v.windows(2).all(|w| w[1] == w[0] + 1);
    let (whole, broken): (Vec<Block>, Vec<Block>) =
        both.into_iter().partition(|b| contiguous(&b.old) && contiguous(&b.new));
    let keep = increasing(&whole.iter().map(|b| b.old[0]).collect::<Vec<_>>());
    let mut anchors = Vec::new();
    let moved = whole.into_iter().zip(keep).filter_map(|(b, keep)| {
        if keep {
            anchors.push(b);
            None
        } else {
            Some(b)
        }
    });
    for b in moved.collect::<Vec<_>>().into_iter().chain(broken) {
        for piece in cut(b) {
            if piece.new.is_empty() { old_only.push(piece) } else { new_only.push(piece) }
        }
    }
    old_only.sort_by_key(|b| b.old[0]);
    new_only.sort_by_key(|b| b.new[0]);
    let (mut olds, mut news) = (old_only.into_iter().peekable(), new_only.into_iter().peekable());
    let mut out = Vec::new();
    for a in anchors {
        while let Some(b) = olds.next_if(|b| b.old[0] < a.old[0]) {
            out.push(b);
        }
        while let Some(b) = news.next_if(|b| b.new[0] < a.new[0]) {
            out.push(b);
        }
        out.push(a);
    }
    out.extend(olds);
    out.extend(news);
    out
}

/// Marks the longest run of strictly increasing values (kept in place); the rest moved.
fn increasing(values: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; values.len()];
    for (k, &v) in values.iter().enumerate() {
        let pos = tails.partition_point(|&t| values[t] < v);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() { tails.push(k) } else { tails[pos] = k }
    }
    let mut keep = vec![false; values.len()];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        keep[k] = true;
        cur = prev[k];
    }
    keep
}

/// A moved block as the deletion of each of its old paragraphs and the insertion of each
/// of its new ones, by the author of its first tracked change (the Chair when none).
fn cut(b: Block) -> Vec<Block> {
    let change = b
        .segs
        .iter()
        .find_map(|s| match &s.kind {
            SegKind::Tracked { change, .. } => Some(change.clone()),
            SegKind::Equal => None,
        })
        .unwrap_or_else(|| b.numbers.clone());
    let tracked = |old: Range<usize>, new: Range<usize>| Seg {
        old,
        new,
        kind: SegKind::Tracked { change: change.clone(), comment: None },
    };
    let deleted = b.old.iter().zip(&b.old_lens).map(|(&i, &len)| Block {
        old: vec![i],
        new: vec![],
        old_lens: vec![len],
        new_lens: vec![],
        segs: vec![tracked(0..len, 0..0)],
        mark: Track::Deleted(change.clone()),
        numbers: change.clone(),
    });
    let inserted = b.new.iter().zip(&b.new_lens).map(|(&j, &len)| Block {
        old: vec![],
        new: vec![j],
        old_lens: vec![],
        new_lens: vec![len],
        segs: vec![tracked(0..0, 0..len)],
        mark: Track::Inserted(change.clone()),
        numbers: change.clone(),
    });
    deleted.chain(inserted).collect()
}

/// Token boundaries of one side of a component: the texts and where each ends.
struct Side<'a> {
    texts: Vec<&'a Tokenized>,
    ends: Vec<usize>,
}

impl<'a> Side<'a> {
    fn new(texts: Vec<&'a Tokenized>) -> Self {
        let mut at = 0;
        let ends = texts
            .iter()
            .map(|t| {
                at += t.len();
                at
            })
            .collect();
        Side { texts, ends }
    }

    fn total(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The text of side tokens `range` (within paragraph `k`), with the spacing that
    /// precedes it; a single space when it starts the paragraph of its side.
    fn words(&self, k: usize, range: Range<usize>) -> String {
        if range.is_empty() {
            return String::new();
        }
        self.gap(k, range.start) + self.bare(k, range)
    }

    /// The whitespace before side token `pos` of paragraph `k` (a space at its start).
    fn gap(&self, k: usize, pos: usize) -> String {
        let s = pos - if k == 0 { 0 } else { self.ends[k - 1] };
        let t = self.texts[k];
        if s == 0 || s >= t.len() { " ".to_owned() } else { t.text[t.spans[s - 1].end..t.spans[s].start].to_owned() }
    }

    /// The text of side tokens `range` of paragraph `k`, inner spacing kept.
    fn bare(&self, k: usize, range: Range<usize>) -> &'a str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        self.texts[k].slice(range.start - start..range.end - start)
    }
}

/// Lays out paragraphs, keeping track of the section each view is in.
struct Builder<'a> {
    from: &'a Revision,
    to: &'a Revision,
    chair: Change,
    paras: Vec<Para>,
    comments: Vec<Comment>,
    /// The comment on each amendment commented so far, by amendment index.
    commented: std::collections::BTreeMap<usize, usize>,
    /// Comments made for the component being laid out (their ranges may grow over its
    /// later changes).
    open_comments: Vec<usize>,
    /// Section of the newer (accepted) view so far.
    acc_section: Option<&'a str>,
    /// Section of the older (rejected) view so far.
    rej_section: Option<&'a str>,
    /// No words yet in the current paragraph of the newer view (it starts here).
    acc_at_start: bool,
    /// No words yet in the current paragraph of the older view (it starts here).
    rej_at_start: bool,
}

impl<'a> Builder<'a> {
    fn new(from: &'a Revision, to: &'a Revision, chair: Change) -> Self {
        Builder {
            from,
            to,
            chair,
            paras: Vec::new(),
            comments: Vec::new(),
            commented: Default::default(),
            open_comments: Vec::new(),
            acc_section: None,
            rej_section: None,
            acc_at_start: false,
            rej_at_start: false,
        }
    }

    fn finish(self) -> Doc {
        Doc { title: self.to.title.clone(), paras: self.paras, comments: self.comments }
    }

    /// Title, symbol and date lines: the newer revision's, never tracked.
    fn header(&mut self) {
        let to = self.to;
        let date = to.date.as_deref().map(un_date);
        for (style, text) in [
            (Style::Title, Some(to.title.as_str())),
            (Style::Subtitle, to.symbol.as_deref()),
            (Style::Subtitle, date.as_deref()),
        ] {
            self.line(style, text, text);
        }
    }

    /// A whole-line paragraph (title, heading) that may differ between the views.
    fn line(&mut self, style: Style, old: Option<&str>, new: Option<&str>) {
        let chair = self.chair.clone();
        let (items, mark) = match (old, new) {
            (None, None) => return,
            (Some(o), Some(n)) if o == n => (vec![Item::Text(n.to_owned(), Track::Plain)], Track::Plain),
            (Some(o), Some(n)) => (
                vec![
                    Item::Text(o.to_owned(), Track::Deleted(chair.clone())),
                    Item::Text(n.to_owned(), Track::Inserted(chair)),
                ],
                Track::Plain,
            ),
            (Some(o), None) => (vec![Item::Text(o.to_owned(), Track::Deleted(chair.clone()))], Track::Deleted(chair)),
            (None, Some(n)) => (vec![Item::Text(n.to_owned(), Track::Inserted(chair.clone()))], Track::Inserted(chair)),
        };
        self.paras.push(Para { style, items, mark });
    }

    /// The blocks of one component of the diff.
    fn blocks_of(&mut self, n: &Negotiation, results: &[AmendmentResult], group: &[&ElementDiff]) -> Vec<Block> {
        let first = group[0];
        self.open_comments.clear();
        let new: Vec<usize> = group.iter().filter_map(|e| e.new).collect();
        let old = first.old.clone();
        let old_side = Side::new(old.iter().map(|&i| &self.from.paragraphs[i].text).collect());
        let mut segs = Vec::new();
        let (mut o, mut offset) = (0, 0);
        let mut first_change = None;
        for e in group {
            let len = e.new.map_or(0, |j| self.to.paragraphs[j].text.len());
            let mut at = 0;
            for h in &e.hunks {
                equal(&mut segs, &mut o, offset + at, offset + h.new_words.start, old_side.total(), &self.chair);
                let change = self.credited(n, &h.credits);
                let comment = self.comment(n, results, h);
                first_change.get_or_insert_with(|| change.clone());
                segs.push(Seg {
                    old: h.old_words.clone(),
                    new: offset + h.new_words.start..offset + h.new_words.end,
                    kind: SegKind::Tracked { change, comment },
                });
                o = o.max(h.old_words.end);
                at = h.new_words.end;
            }
            equal(&mut segs, &mut o, offset + at, offset + len, old_side.total(), &self.chair);
            offset += len;
        }
        if o < old_side.total() {
            let kind = SegKind::Tracked { change: self.chair.clone(), comment: None };
            segs.push(Seg { old: o..old_side.total(), new: offset..offset, kind });
        }
        let whole = first_change.unwrap_or_else(|| self.chair.clone());
        let (mark, numbers) = match (old.is_empty(), new.is_empty()) {
            (true, _) => (Track::Inserted(whole.clone()), whole),
            (_, true) => (Track::Deleted(whole.clone()), whole),
            _ => (Track::Plain, self.chair.clone()),
        };
        let old_lens = old.iter().map(|&i| self.from.paragraphs[i].text.len()).collect();
        let new_lens = new.iter().map(|&j| self.to.paragraphs[j].text.len()).collect();
        let block = Block { old, new, old_lens, new_lens, segs, mark, numbers };
        if group.iter().any(|e| e.moved) { cut(block) } else { vec![block] }
    }

    /// The change record for a hunk's credits: the first amendment's proposer and date.
    fn credited(&self, n: &Negotiation, credits: &[crate::attribution::Credit]) -> Change {
        match credits.first() {
            Some(c) => {
                let a = &n.amendments[c.amendment];
                Change { author: a.by.clone(), date: a.date.as_deref().map(iso).or_else(|| self.chair.date.clone()) }
            }
            None => self.chair.clone(),
        }
    }

    /// The comment on a credited hunk: a new one describing the amendments credited that
    /// no comment describes yet; else the comment on them made in this component, whose
    /// range then grows to cover this change too; else none (the change's author says
    /// who).
    fn comment(
        &mut self,
        n: &Negotiation,
        results: &[AmendmentResult],
        h: &crate::attribution::StepHunk,
    ) -> Option<usize> {
        let fresh: Vec<&crate::attribution::Credit> =
            h.credits.iter().filter(|c| !self.commented.contains_key(&c.amendment)).collect();
        if fresh.is_empty() {
            let id = h.credits.iter().find_map(|c| self.commented.get(&c.amendment).copied())?;
            if !self.open_comments.contains(&id) {
                return None;
            }
            if h.chair && !self.comments[id].lines.iter().any(|l| l == CHAIR_OWN) {
                self.comments[id].lines.push(CHAIR_OWN.to_owned());
            }
            return Some(id);
        }
        let id = self.comments.len();
        let mut lines = Vec::new();
        for c in fresh {
            let a = &n.amendments[c.amendment];
            let how = if c.exact { "taken up as proposed" } else { "taken up in part or reworded" };
            let outcome = results.get(c.amendment).map_or("", |r| r.outcome.as_str());
            lines.push(format!("Amendment {} by {} ({}): {how}; outcome {outcome}.", a.id, a.by, n.name_of(&a.by)));
            let members = n.members_of(a);
            if members != [a.by.clone()] {
                lines.push(format!("On behalf of: {}.", members.join(", ")));
            }
            if !a.supported_by.is_empty() {
                lines.push(format!("Supported by: {}.", a.supported_by.join(", ")));
            }
            if !a.opposed_by.is_empty() {
                lines.push(format!("Opposed by: {}.", a.opposed_by.join(", ")));
            }
            self.commented.insert(c.amendment, id);
        }
        if h.chair {
            lines.push(CHAIR_OWN.to_owned());
        }
        let date = self.credited(n, &h.credits).date;
        self.comments.push(Comment { lines, date });
        self.open_comments.push(id);
        Some(id)
    }

    /// Lays out one block.
    fn block(&mut self, b: &Block) {
        let old_side = Side::new(b.old.iter().map(|&i| &self.from.paragraphs[i].text).collect());
        let new_side = Side::new(b.new.iter().map(|&j| &self.to.paragraphs[j].text).collect());
        let mut w = Walk { old: &old_side, new: &new_side, o: 0, n: 0, ok: 0, nk: 0, block: b };
        self.start(b.old.first().copied(), b.new.first().copied(), &b.numbers);
        let mut last_change: Option<Change> = None;
        for (k, s) in b.segs.iter().enumerate() {
            match &s.kind {
                SegKind::Equal => {
                    let (mut o, mut n) = (s.old.start, s.new.start);
                    while n < s.new.end {
                        self.flush(&mut w, true, true);
                        let len = (s.new.end - n).min(w.old_room(o)).min(w.new_room(n)).max(1);
                        // The spacing before equal words can differ between the texts (after
                        // a change, `that [additional` vs `that additional`): then it is
                        // tracked too, so neither view glues two words together.
                        let (old_gap, new_gap) = (old_side.gap(w.ok, o), new_side.gap(w.nk, n));
                        let mut text = new_side.bare(w.nk, n..n + len).to_owned();
                        if old_gap == new_gap {
                            text.insert_str(0, &new_gap);
                        } else {
                            let change = last_change.clone().unwrap_or_else(|| self.chair.clone());
                            self.push(Item::Text(old_gap, Track::Deleted(change.clone())));
                            self.push(Item::Text(new_gap, Track::Inserted(change)));
                        }
                        self.push(Item::Text(text, Track::Plain));
                        (o, n) = (o + len, n + len);
                        (w.o, w.n) = (o, n);
                    }
                }
                SegKind::Tracked { change, comment } => {
                    last_change = Some(change.clone());
                    if let Some(c) = comment
                        && first_of(b, k, *c)
                    {
                        self.push(Item::CommentStart(*c));
                    }
                    let mut o = s.old.start;
                    while o < s.old.end {
                        self.flush(&mut w, true, false);
                        let len = (s.old.end - o).min(w.old_room(o)).max(1);
                        let text = old_side.words(w.ok, o..o + len);
                        self.push(Item::Text(text, Track::Deleted(change.clone())));
                        o += len;
                        w.o = o;
                    }
                    let mut n = s.new.start;
                    while n < s.new.end {
                        self.flush(&mut w, false, true);
                        let len = (s.new.end - n).min(w.new_room(n)).max(1);
                        let text = new_side.words(w.nk, n..n + len);
                        self.push(Item::Text(text, Track::Inserted(change.clone())));
                        n += len;
                        w.n = n;
                    }
                    if let Some(c) = comment
                        && last_of(b, k, *c)
                    {
                        self.push(Item::CommentEnd(*c));
                    }
                }
            }
        }
        // Paragraphs left (empty ones, or boundaries at the very end).
        while w.ok + 1 < b.old.len() || w.nk + 1 < b.new.len() {
            let before = (w.ok, w.nk);
            self.flush(&mut w, true, true);
            if (w.ok, w.nk) == before {
                // Boundaries not reached: force them (texts shorter than expected).
                w.o = w.old.ends.get(w.ok).copied().unwrap_or(w.o);
                w.n = w.new.ends.get(w.nk).copied().unwrap_or(w.n);
            }
        }
        if let Some(last) = self.paras.last_mut() {
            last.mark = b.mark.clone();
        }
    }

    /// Ends the current paragraph where the walk stands at a paragraph boundary of a
    /// side that is about to be read (`need_old`, `need_new`); the mark is inserted when
    /// only the new text breaks here, deleted when only the old one does.
    fn flush(&mut self, w: &mut Walk, need_old: bool, need_new: bool) {
        loop {
            let old_break = w.ok + 1 < w.block.old.len() && w.o >= w.old.ends[w.ok];
            let new_break = w.nk + 1 < w.block.new.len() && w.n >= w.new.ends[w.nk];
            if !(old_break && need_old || new_break && need_new) {
                return;
            }
            let chair = self.chair.clone();
            let mark = match (old_break, new_break) {
                (true, true) => Track::Plain,
                (true, false) => Track::Deleted(chair.clone()),
                _ => Track::Inserted(chair.clone()),
            };
            if let Some(last) = self.paras.last_mut() {
                last.mark = mark;
            }
            if old_break {
                w.ok += 1;
            }
            if new_break {
                w.nk += 1;
            }
            let old = old_break.then(|| w.block.old[w.ok]);
            let new = new_break.then(|| w.block.new[w.nk]);
            self.start(old, new, &chair);
        }
    }

    /// Starts the paragraph of old element `old` and/or new element `new` (whichever views
    /// start a paragraph here): a heading first if a view enters a new section, then the
    /// paragraph number.
    fn start(&mut self, old: Option<usize>, new: Option<usize>, numbers: &Change) {
        let (from, to) = (self.from, self.to);
        let old_p: Option<&'a Paragraph> = old.map(|i| &from.paragraphs[i]);
        let new_p: Option<&'a Paragraph> = new.map(|j| &to.paragraphs[j]);
        let acc = new_p.map(|p| p.section.as_str()).filter(|s| Some(*s) != self.acc_section);
        let rej = old_p.map(|p| p.section.as_str()).filter(|s| Some(*s) != self.rej_section);
        if let Some(s) = acc {
            self.acc_section = Some(s);
        }
        if let Some(s) = rej {
            self.rej_section = Some(s);
        }
        let (acc, rej) = (acc.filter(|s| !s.is_empty()), rej.filter(|s| !s.is_empty()));
        match (rej, acc) {
            (Some(r), Some(a)) if r == a => self.line(Style::Heading, Some(r), Some(a)),
            (r, a) => {
                self.line(Style::Heading, r, None);
                self.line(Style::Heading, None, a);
            }
        }
        let numbered = new_p.or(old_p).is_some_and(|p| !p.number.is_empty());
        let style = if numbered { Style::Body } else { Style::Unnumbered };
        self.paras.push(Para { style, items: Vec::new(), mark: Track::Plain });
        let label = |p: Option<&Paragraph>| p.map(|p| number_label(&p.number)).filter(|l| !l.is_empty());
        match (old_p.is_some() && new_p.is_some(), label(old_p), label(new_p)) {
            // A paragraph of both texts: its number now, whatever it was.
            (true, _, Some(n)) => self.push(Item::Text(n, Track::Plain)),
            (true, _, None) => {}
            // A paragraph of one text: its number comes and goes with it.
            (false, o, n) => {
                if let Some(o) = o {
                    self.push(Item::Text(o, Track::Deleted(numbers.clone())));
                }
                if let Some(n) = n {
                    self.push(Item::Text(n, Track::Inserted(numbers.clone())));
                }
            }
        }
        self.acc_at_start = new.is_some();
        self.rej_at_start = old.is_some();
    }

    /// Adds an item to the current paragraph. The space before the first words of a
    /// paragraph is dropped (the number's tab stands there) in the views where the
    /// paragraph starts, and kept as a tracked space in a view where it continues the
    /// paragraph before it.
    fn push(&mut self, item: Item) {
        let Item::Text(mut text, track) = item else {
            self.current().items.push(item);
            return;
        };
        if text.is_empty() {
            return;
        }
        let (in_acc, in_rej) = (!matches!(track, Track::Deleted(_)), !matches!(track, Track::Inserted(_)));
        let (strip_acc, strip_rej) = (in_acc && self.acc_at_start, in_rej && self.rej_at_start);
        if text.starts_with(' ') && (strip_acc || strip_rej) {
            text.remove(0);
            let chair = self.chair.clone();
            if strip_acc && !strip_rej && in_rej {
                self.current().items.push(Item::Text(" ".to_owned(), Track::Deleted(chair)));
            } else if strip_rej && !strip_acc && in_acc {
                self.current().items.push(Item::Text(" ".to_owned(), Track::Inserted(chair)));
            }
        }
        self.acc_at_start &= !in_acc;
        self.rej_at_start &= !in_rej;
        if !text.is_empty() {
            self.current().items.push(Item::Text(text, track));
        }
    }

    fn current(&mut self) -> &mut Para {
        if self.paras.is_empty() {
            self.paras.push(Para { style: Style::Unnumbered, items: Vec::new(), mark: Track::Plain });
        }
        self.paras.last_mut().expect("just ensured")
    }
}

/// Whether seg `k` of `b` is the first carrying comment `c`.
fn first_of(b: &Block, k: usize, c: usize) -> bool {
    !b.segs[..k].iter().any(|s| matches!(s.kind, SegKind::Tracked { comment: Some(d), .. } if d == c))
}

/// Whether seg `k` of `b` is the last carrying comment `c`.
fn last_of(b: &Block, k: usize, c: usize) -> bool {
    !b.segs[k + 1..].iter().any(|s| matches!(s.kind, SegKind::Tracked { comment: Some(d), .. } if d == c))
}

/// Where the layout of a block stands.
struct Walk<'w, 'a> {
    old: &'w Side<'a>,
    new: &'w Side<'a>,
    /// Tokens of each side laid out so far.
    o: usize,
    n: usize,
    /// Paragraph of each side being laid out.
    ok: usize,
    nk: usize,
    block: &'w Block,
}

impl Walk<'_, '_> {
    /// Old tokens left in the current old paragraph from `o`.
    fn old_room(&self, o: usize) -> usize {
        self.old.ends.get(self.ok).map_or(usize::MAX, |&e| e.saturating_sub(o)).max(1)
    }

    fn new_room(&self, n: usize) -> usize {
        self.new.ends.get(self.nk).map_or(usize::MAX, |&e| e.saturating_sub(n)).max(1)
    }
}

/// Equal words from the component's new position `from` to `to`, paired with old words
/// from `*o`; when the old side runs out, the rest is the Chair's insertion.
fn equal(segs: &mut Vec<Seg>, o: &mut usize, from: usize, to: usize, old_total: usize, chair: &Change) {
    if from >= to {
        return;
    }
    let len = (to - from).min(old_total.saturating_sub(*o));
    if len > 0 {
        segs.push(Seg { old: *o..*o + len, new: from..from + len, kind: SegKind::Equal });
        *o += len;
    }
    if from + len < to {
        let kind = SegKind::Tracked { change: chair.clone(), comment: None };
        segs.push(Seg { old: *o..*o, new: from + len..to, kind });
    }
}

/// The printed label of a paragraph number: `7` -> `7.\t`, `7 bis` -> `7 bis.\t`.
pub fn number_label(number: &str) -> String {
    let number = number.trim();
    if number.is_empty() {
        String::new()
    } else if number.ends_with(['.', ')']) {
        format!("{number}\t")
    } else {
        format!("{number}.\t")
    }
}
