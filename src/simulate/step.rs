//! Writing revision N+1 from revision N and the step's decisions, word by word, so that
//! every word of N+1 carries its origin and every edit knows the tokens it touched.

use super::generate::{Role, Sim, StepPlan, date_of};
use super::model::*;
use super::places::{exact, slides};
use super::vocab::Lang;
use crate::attribution::Outcome;
use crate::draft::Operation;

/// A run of inserted tokens with their author.
#[derive(Debug, Clone)]
struct Piece {
    toks: Vec<u32>,
    who: u32,
    edit: u32,
}

/// One change applied to a paragraph: old tokens `start..end` replaced by `pieces`.
#[derive(Debug, Clone)]
struct App {
    start: usize,
    end: usize,
    pieces: Vec<Piece>,
    /// The edit the deleted tokens belong to.
    del_edit: u32,
}

/// Revision N+1 as it is being written.
struct Writing {
    /// The index of revision N+1: the `since` of the words it inserts.
    since: u32,
    /// The edits of the step, in order.
    edits: Vec<EditRec>,
    /// The changes to apply to each element of N.
    apps: Vec<Vec<App>>,
    /// The edit removing each element of N, when removed.
    removed: Vec<Option<u32>>,
    /// New paragraphs, each after the element of that id (or at the end).
    adds: Vec<(Option<String>, Para)>,
}

/// Inserts `para` at `at` in `list`, in the section of the paragraph before it (the first
/// paragraph's when first).
fn insert_in_section(list: &mut Vec<Para>, at: usize, mut para: Para) {
    para.section = if at > 0 { list[at - 1].section } else { list.first().map_or(0, |p| p.section) };
    list.insert(at, para);
}

fn op_name(op: &Operation) -> &'static str {
    op.name()
}

impl Sim {
    fn edit(edits: &mut Vec<EditRec>, by: Vec<usize>, kind: &'static str) -> u32 {
        edits.push(EditRec { by, kind, new: vec![], old: vec![] });
        (edits.len() - 1) as u32
    }

    /// The amendment and its twins, sorted.
    fn group(&self, a: usize) -> Vec<usize> {
        let mut g = vec![a];
        g.extend(&self.amends[a].twins);
        g.sort_unstable();
        g
    }

    /// The proposer the engine credits with words several amendments proposed.
    fn owner(&self, group: &[usize]) -> usize {
        *group.iter().min_by_key(|&&a| self.owner_key(a)).expect("a group has members")
    }

    /// `ins` with a minority of its words (at most 40 %) replaced by the Chair's, or
    /// `None` when it is too short to reword.
    fn reword(&mut self, lang: Lang, ins: &[u32]) -> Option<Vec<(u32, bool)>> {
        let content: Vec<usize> = (0..ins.len()).filter(|&i| !self.vocab.is_punct(ins[i])).collect();
        let max = ins.len() * 2 / 5;
        if ins.len() < 3 || max == 0 || content.is_empty() {
            return None;
        }
        let c = self.rng.between(1, max.min(content.len()));
        let mut at = content;
        self.rng.shuffle(&mut at);
        at.truncate(c);
        let mut out: Vec<(u32, bool)> = ins.iter().map(|&t| (t, false)).collect();
        for &i in &at {
            for _ in 0..20 {
                let w = self.vocab.word(lang, &mut self.rng);
                let near = |j: Option<usize>| j.and_then(|j| out.get(j)).is_some_and(|x| x.0 == w);
                if !ins.contains(&w) && !near(i.checked_sub(1)) && !near(Some(i + 1)) {
                    out[i] = (w, true);
                    break;
                }
            }
        }
        out.iter().any(|x| x.1).then_some(out)
    }

    /// Pieces of a reworded change: the amendment's words and the Chair's in between.
    fn pieces(words: &[(u32, bool)], who: u32, edit: u32, chair_edit: u32) -> Vec<Piece> {
        let mut pieces: Vec<Piece> = Vec::new();
        for &(t, chair) in words {
            let (w, e) = if chair { (CHAIR, chair_edit) } else { (who, edit) };
            match pieces.last_mut() {
                Some(p) if p.who == w && p.edit == e => p.toks.push(t),
                _ => pieces.push(Piece { toks: vec![t], who: w, edit: e }),
            }
        }
        pieces
    }

    /// Applies an adopted amendment's word changes to element `pi` of `old`.
    fn adopt_words(&mut self, a: usize, old: &Rev, pi: usize, apps: &mut [Vec<App>], edits: &mut Vec<EditRec>) {
        let group = self.group(a);
        let owner = self.owner(&group) as u32;
        let Plan::Words { locals, .. } = self.amends[a].plan.clone() else { return };
        let e = Self::edit(edits, group.clone(), op_name(&self.amends[a].op));
        let toks = old.paras[pi].toks();
        let lang = old.paras[pi].lang;
        let mut reworded = false;
        let mut chair_edit = None;
        for l in &locals {
            let mut pieces = vec![Piece { toks: l.ins.clone(), who: owner, edit: e }];
            if self.amends[a].fate == Fate::Reword {
                for _ in 0..5 {
                    let Some(words) = self.reword(lang, &l.ins) else { break };
                    let local = Local { start: l.start, end: l.end, ins: words.iter().map(|x| x.0).collect() };
                    if slides(&toks, &local) || !exact(&toks, std::slice::from_ref(&local)) {
                        continue;
                    }
                    let ce = *chair_edit.get_or_insert_with(|| Self::edit(edits, vec![], "chair_reword"));
                    pieces = Self::pieces(&words, owner, e, ce);
                    reworded = true;
                    break;
                }
            }
            apps[pi].push(App { start: l.start, end: l.end, pieces, del_edit: e });
        }
        if self.amends[a].fate == Fate::Reword && !reworded {
            // Too short to reword: taken verbatim after all.
            for &g in &group {
                self.amends[g].outcome = Outcome::Adopted;
                self.amends[g].behaviour = "verbatim";
            }
        }
    }

    /// Applies two merged proposals for one place: the first's words, the Chair's
    /// connector, the second's words.
    fn adopt_merge(
        &mut self,
        a: usize,
        b: usize,
        conn: Vec<u32>,
        old: &Rev,
        apps: &mut [Vec<App>],
        edits: &mut Vec<EditRec>,
    ) {
        let (Plan::Words { para, locals: la }, Plan::Words { locals: lb, .. }) =
            (self.amends[a].plan.clone(), self.amends[b].plan.clone())
        else {
            return;
        };
        let pi = old.index_of(&para).expect("an adopted amendment's element survives");
        let (la, lb) = (&la[0], &lb[0]);
        let ea = Self::edit(edits, vec![a], op_name(&self.amends[a].op));
        let eb = Self::edit(edits, vec![b], op_name(&self.amends[b].op));
        let ec = Self::edit(edits, vec![], "chair_connector");
        let del = if la.start < la.end { Self::edit(edits, vec![a.min(b), a.max(b)], "merged_deletion") } else { ea };
        let pieces = vec![
            Piece { toks: la.ins.clone(), who: a as u32, edit: ea },
            Piece { toks: conn, who: CHAIR, edit: ec },
            Piece { toks: lb.ins.clone(), who: b as u32, edit: eb },
        ];
        apps[pi].push(App { start: la.start, end: la.end, pieces, del_edit: del });
    }

    /// Writes revision `n + 1`.
    pub(super) fn build(&mut self, n: usize, plan: &StepPlan) {
        let since = (n + 1) as u32;
        let old = self.revs[n].clone();
        let mut w = Writing {
            since,
            edits: Vec::new(),
            apps: vec![Vec::new(); old.paras.len()],
            removed: vec![None; old.paras.len()],
            adds: Vec::new(),
        };
        for &a in &plan.adoptions {
            self.adopt(a, plan, &old, &mut w);
        }
        for (pi, local, kind) in &plan.chair {
            let e = Self::edit(&mut w.edits, vec![], kind);
            let pieces = vec![Piece { toks: local.ins.clone(), who: CHAIR, edit: e }];
            w.apps[*pi].push(App { start: local.start, end: local.end, pieces, del_edit: e });
        }
        for (pi, role) in plan.roles.iter().enumerate() {
            if *role == Role::ChairDelete {
                w.removed[pi] = Some(Self::edit(&mut w.edits, vec![], "chair_delete_paragraph"));
            }
        }
        let mut paras = self.surviving(&old, &mut w);
        for &i in &plan.merges {
            if let [Some(p), Some(q)] = &mut paras[i..i + 2] {
                p.words.append(&mut q.words);
                p.from = vec![old.paras[i].id.clone(), old.paras[i + 1].id.clone()];
                paras[i + 1] = None;
            }
        }
        let mut list: Vec<Para> = paras.into_iter().flatten().collect();
        for &pi in &plan.splits {
            self.split(&mut list, &old.paras[pi].id);
        }
        for (after, tokens, lang) in plan.chair_adds.clone() {
            let e = Self::edit(&mut w.edits, vec![], "chair_new_paragraph");
            let words = self.words_of(&[Piece { toks: tokens, who: CHAIR, edit: e }], since);
            let id = self.new_para_id();
            w.adds.push((Some(after), Para { id, lang, section: 0, from: vec![], words }));
        }
        for (after, para) in std::mem::take(&mut w.adds) {
            let at = after.and_then(|a| list.iter().position(|p| p.id == a)).map_or(list.len(), |i| i + 1);
            insert_in_section(&mut list, at, para);
        }
        self.move_paras(plan, &old, &mut list);
        for p in &list {
            for (t, word) in p.words.iter().enumerate() {
                if word.since == since && word.edit != NO_EDIT {
                    w.edits[word.edit as usize].new.push((p.id.clone(), t));
                }
            }
        }
        self.supersede(n, &old, &w.removed);
        let date = date_of(Self::revision_day(n + 1));
        self.revs.push(Rev { id: format!("r{}", n + 1), date, paras: list });
        self.steps.push(w.edits);
    }

    /// Applies adopted amendment `a` to the revision being written.
    fn adopt(&mut self, a: usize, plan: &StepPlan, old: &Rev, w: &mut Writing) {
        match (self.amends[a].plan.clone(), self.amends[a].fate) {
            (Plan::Words { .. }, Fate::Merge(b)) => {
                let conn = plan.connectors.iter().find(|c| c.0 == a || c.0 == b).map(|c| c.1.clone());
                self.adopt_merge(a, b, conn.unwrap_or_default(), old, &mut w.apps, &mut w.edits);
            }
            (Plan::Words { para, .. }, _) => {
                let pi = old.index_of(&para).expect("an adopted amendment's element survives");
                self.adopt_words(a, old, pi, &mut w.apps, &mut w.edits);
            }
            (Plan::Add { after, lang, tokens }, fate) => {
                let para = self.adopt_add(a, fate, lang, &tokens, w);
                w.adds.push((after, para));
            }
            (Plan::DeleteParagraph { para }, _) => {
                let pi = old.index_of(&para).expect("an adopted amendment's element survives");
                w.removed[pi] = Some(Self::edit(&mut w.edits, self.group(a), "delete_paragraph"));
            }
        }
    }

    /// The new paragraph of adopted `add` amendment `a` (reworded by the Chair when its
    /// fate says so).
    fn adopt_add(&mut self, a: usize, fate: Fate, lang: Lang, tokens: &[u32], w: &mut Writing) -> Para {
        let group = self.group(a);
        let owner = self.owner(&group) as u32;
        let e = Self::edit(&mut w.edits, group.clone(), "add");
        let mut pieces = vec![Piece { toks: tokens.to_vec(), who: owner, edit: e }];
        if fate == Fate::Reword {
            if let Some(words) = self.reword(lang, tokens) {
                let ce = Self::edit(&mut w.edits, vec![], "chair_reword");
                pieces = Self::pieces(&words, owner, e, ce);
            } else {
                group.iter().for_each(|&g| self.amends[g].outcome = Outcome::Adopted);
            }
        }
        let words = self.words_of(&pieces, w.since);
        // The Chair's text often numbers a new paragraph its own way (or it is imported
        // and gets a fresh id): then only its words tie it to the proposal.
        let id = if self.params.realistic() && self.rng.chance(0.4) {
            self.new_para_id()
        } else {
            self.amends[a].element.clone()
        };
        Para { id, lang, section: 0, from: vec![], words }
    }

    /// The words of every element of `old` after the step's changes (`None` when removed).
    fn surviving(&mut self, old: &Rev, w: &mut Writing) -> Vec<Option<Para>> {
        let mut paras: Vec<Option<Para>> = Vec::with_capacity(old.paras.len());
        for (pi, p) in old.paras.iter().enumerate() {
            if let Some(e) = w.removed[pi] {
                w.edits[e as usize].old.extend((0..p.words.len()).map(|t| (p.id.clone(), t)));
                paras.push(None);
                continue;
            }
            let mut mine = std::mem::take(&mut w.apps[pi]);
            mine.sort_by_key(|a| a.start);
            let mut words = Vec::with_capacity(p.words.len() + 16);
            let mut at = 0;
            for app in mine {
                debug_assert!(app.start >= at, "changes of one step never overlap");
                words.extend_from_slice(&p.words[at..app.start]);
                w.edits[app.del_edit as usize].old.extend((app.start..app.end).map(|t| (p.id.clone(), t)));
                words.extend(self.words_of(&app.pieces, w.since));
                at = app.end;
            }
            words.extend_from_slice(&p.words[at..]);
            paras.push(Some(Para { id: p.id.clone(), lang: p.lang, section: p.section, from: vec![], words }));
        }
        paras
    }

    /// Moves the elements the plan moves, each to a random other place.
    fn move_paras(&mut self, plan: &StepPlan, old: &Rev, list: &mut Vec<Para>) {
        for &pi in &plan.moves {
            let id = &old.paras[pi].id;
            let Some(i) = list.iter().position(|p| p.id == *id) else { continue };
            let p = list.remove(i);
            let mut j = self.rng.below(list.len() + 1);
            if j == i {
                j = if i == 0 { list.len() } else { 0 };
            }
            insert_in_section(list, j, p);
        }
    }

    /// Marks superseded the amendments on revision `n` the Chair ignored whose elements
    /// were removed (`removed`, by element of `old`), other than proposals to remove them.
    fn supersede(&mut self, n: usize, old: &Rev, removed: &[Option<u32>]) {
        let gone: Vec<&str> =
            old.paras.iter().zip(removed).filter(|(_, r)| r.is_some()).map(|(p, _)| p.id.as_str()).collect();
        for am in self.amends.iter_mut().filter(|a| a.rev == n && a.fate == Fate::Ignore) {
            if gone.contains(&am.element.as_str()) && am.op != Operation::DeleteParagraph {
                am.outcome = Outcome::Superseded;
                if am.behaviour == "ignored" {
                    am.behaviour = "element_removed";
                }
            }
        }
    }

    fn words_of(&mut self, pieces: &[Piece], since: u32) -> Vec<Word> {
        let mut out = Vec::new();
        for p in pieces {
            for &t in &p.toks {
                out.push(self.fresh_word(t, since, p.who, p.edit));
            }
        }
        out
    }

    /// Splits element `id` at the sentence boundary nearest its middle; the second part
    /// gets a new id, both record `from: [id]`.
    fn split(&mut self, list: &mut Vec<Para>, id: &str) {
        let Some(i) = list.iter().position(|p| p.id == id) else { return };
        let stop = self.vocab.period(list[i].lang);
        let words = &list[i].words;
        let mid = words.len() / 2;
        let cut = (1..words.len()).filter(|&k| words[k - 1].tok == stop).min_by_key(|&k| k.abs_diff(mid));
        let Some(cut) = cut else { return };
        let tail = list[i].words.split_off(cut);
        list[i].from = vec![id.to_owned()];
        let new = Para {
            id: self.new_para_id(),
            lang: list[i].lang,
            section: list[i].section,
            from: vec![id.to_owned()],
            words: tail,
        };
        list.insert(i + 1, new);
    }
}
