//! Proposing an amendment: the behaviour the simulated Chair will show towards it, the
//! operation, the element and a free place in it, and the words it proposes, checked
//! against what `proposal::apply` makes of the written operation.

use super::Sim;
use super::filing::{Planned, Proposed, Second};
use super::plan::{Role, StepPlan};
use crate::draft::Operation;
use crate::simulate::model::{Local, Plan, apply_locals};
use crate::simulate::places::{Spot, SpotKind, agrees_with_apply, apart, exact, find_spot, slides};
use crate::simulate::vocab::Lang;

/// The behaviour chosen for a new amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Behaviour {
    Verbatim,
    Reworded,
    Merged,
    Ignored,
    Late,
    Duplicate,
    Competing,
    Pending,
}

/// The operations, as the generator picks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpKind {
    Replace,
    Insert,
    Delete,
    Text,
    Add,
    DeleteParagraph,
}

impl Sim {
    pub(super) fn behaviour(&mut self, n: usize) -> Behaviour {
        let last_step = n + 1 >= self.params.revisions;
        let weights: &[(Behaviour, f64)] = if self.params.realistic() {
            &[
                (Behaviour::Verbatim, 0.34),
                (Behaviour::Reworded, 0.12),
                (Behaviour::Merged, 0.07),
                (Behaviour::Ignored, 0.27),
                (Behaviour::Late, 0.05),
                (Behaviour::Duplicate, 0.08),
                (Behaviour::Competing, 0.05),
            ]
        } else {
            &[(Behaviour::Verbatim, 0.5), (Behaviour::Ignored, 0.5)]
        };
        let w: Vec<f64> = weights.iter().map(|x| x.1).collect();
        match weights[self.rng.weighted(&w)].0 {
            Behaviour::Late if last_step => Behaviour::Ignored,
            b => b,
        }
    }

    fn op_kind(&mut self, b: Behaviour) -> OpKind {
        let all = [
            (OpKind::Replace, 0.32),
            (OpKind::Insert, 0.30),
            (OpKind::Delete, 0.14),
            (OpKind::Text, 0.10),
            (OpKind::Add, 0.08),
            (OpKind::DeleteParagraph, 0.06),
        ];
        let allowed: Vec<(OpKind, f64)> = all
            .into_iter()
            .filter(|(k, _)| match b {
                Behaviour::Merged | Behaviour::Competing => matches!(k, OpKind::Replace | OpKind::Insert),
                Behaviour::Reworded => matches!(k, OpKind::Replace | OpKind::Insert | OpKind::Text | OpKind::Add),
                _ => true,
            })
            .collect();
        let w: Vec<f64> = allowed.iter().map(|x| x.1).collect();
        allowed[self.rng.weighted(&w)].0
    }

    /// Phrase to insert or put in place of others: at least `min` tokens.
    pub(super) fn material(&mut self, lang: Lang, min: usize, noun: bool) -> Vec<u32> {
        for _ in 0..20 {
            let m = if noun && self.rng.chance(0.5) {
                self.vocab.noun(lang, &mut self.rng).to_vec()
            } else if min <= 1 && self.rng.chance(0.3) {
                vec![self.vocab.word(lang, &mut self.rng)]
            } else {
                self.vocab.modifier(lang, &mut self.rng).to_vec()
            };
            if m.len() >= min {
                return m;
            }
        }
        let mut m = self.vocab.noun(lang, &mut self.rng).to_vec();
        while m.len() < min {
            m.push(self.vocab.word(lang, &mut self.rng));
        }
        m
    }

    /// Files one amendment (or a pair) on revision `n` with behaviour `b`.
    pub(super) fn propose(&mut self, n: usize, plan: &mut StepPlan, b: Behaviour) {
        let kind = self.op_kind(b);
        let adopting =
            matches!(b, Behaviour::Verbatim | Behaviour::Reworded | Behaviour::Merged | Behaviour::Competing)
                || (b == Behaviour::Duplicate && self.rng.chance(0.7));
        let min_ins = if b == Behaviour::Reworded { 3 } else { 1 };
        let proposer = self.proposer(&[]);
        let len = self.revs[n].paras.len();
        for _ in 0..12 {
            let pi = self.rng.below(len);
            let role = plan.roles[pi];
            let ok = match (kind, b) {
                (_, Behaviour::Pending) => true,
                (OpKind::Add, _) => true,
                (OpKind::DeleteParagraph, _) if adopting || b == Behaviour::Late => {
                    role == Role::Normal
                        && plan.adopted[pi] == 0
                        && !self.protected.contains(&self.revs[n].paras[pi].id)
                }
                (OpKind::DeleteParagraph, _) => matches!(role, Role::Normal | Role::Keep | Role::Frozen),
                (_, Behaviour::Late) => role == Role::Normal && plan.adopted[pi] == 0,
                _ if adopting => matches!(role, Role::Normal | Role::Keep),
                _ => true,
            };
            if !ok {
                continue;
            }
            let Some((planned, spot)) = self.plan_op(n, pi, kind, min_ins) else { continue };
            self.commit(n, plan, pi, Proposed { behaviour: b, adopting, proposer, planned, spot });
            return;
        }
        self.stats.unplaced_amendments += 1;
    }

    /// Plans an operation of `kind` on element `pi` of revision `n`.
    fn plan_op(&mut self, n: usize, pi: usize, kind: OpKind, min_ins: usize) -> Option<(Planned, Option<Spot>)> {
        let para = &self.revs[n].paras[pi];
        let (lang, id) = (para.lang, para.id.clone());
        match kind {
            OpKind::Add => {
                let w = (self.params.words_per_element / 3).max(8);
                let lang = if self.rng.chance(0.8) { Lang::En } else { lang };
                let tokens = self.vocab.paragraph(lang, w, &mut self.rng);
                let element = self.new_para_id();
                let op =
                    Operation::Add { text: self.vocab.text(tokens.iter().copied()), after_element: Some(id.clone()) };
                Some((Planned { element, op, plan: Plan::Add { after: Some(id), lang, tokens } }, None))
            }
            OpKind::DeleteParagraph => {
                let plan = Plan::DeleteParagraph { para: id.clone() };
                Some((Planned { element: id, op: Operation::DeleteParagraph, plan }, None))
            }
            OpKind::Text => {
                let k = self.rng.between(1, 3);
                let locals = self.plan_locals(n, pi, k, min_ins)?;
                let toks = self.revs[n].paras[pi].toks();
                let text = self.vocab.text(apply_locals(&toks, &locals));
                let plan = Plan::Words { para: id.clone(), locals };
                Some((Planned { element: id, op: Operation::Text { text }, plan }, None))
            }
            OpKind::Replace | OpKind::Insert | OpKind::Delete => {
                let (spot, ins) = self.spot(n, pi, kind, min_ins)?;
                let toks = self.revs[n].paras[pi].toks();
                let op = spot.operation(&self.vocab, &toks, &ins);
                let local = spot.local(&ins);
                if !agrees_with_apply(&self.vocab, &toks, &op, &apply_locals(&toks, std::slice::from_ref(&local))) {
                    self.stats.apply_mismatches += 1;
                    return None;
                }
                let plan = Plan::Words { para: id.clone(), locals: vec![local] };
                Some((Planned { element: id, op, plan }, Some(spot)))
            }
        }
    }

    /// A free spot for a one-place change on element `pi`, and the words it inserts.
    fn spot(&mut self, n: usize, pi: usize, kind: OpKind, min_ins: usize) -> Option<(Spot, Vec<u32>)> {
        let lang = self.revs[n].paras[pi].lang;
        let (sk, ins, len) = match kind {
            OpKind::Replace => (SpotKind::Replace, self.material(lang, min_ins, true), self.rng.between(1, 3)),
            OpKind::Insert => {
                let sk = if self.rng.chance(0.3) { SpotKind::InsertBefore } else { SpotKind::InsertAfter };
                let mut ins = self.material(lang, min_ins, false);
                if sk == SpotKind::InsertBefore && self.vocab.is_punct(ins[0]) {
                    ins = self.vocab.noun(lang, &mut self.rng).to_vec();
                }
                (sk, ins, 0)
            }
            _ => (SpotKind::Delete, vec![], self.rng.between(1, 4)),
        };
        if ins.len() < min_ins && kind != OpKind::Delete {
            return None;
        }
        let para = &self.revs[n].paras[pi];
        let toks = para.toks();
        let spot = find_spot(&self.vocab, &self.marks, &para.words, &toks, sk, len, &ins, &mut self.rng, true)?;
        Some((spot, ins))
    }

    /// Up to `k` changes far apart on element `pi`, for a `text` amendment.
    fn plan_locals(&mut self, n: usize, pi: usize, k: usize, min_ins: usize) -> Option<Vec<Local>> {
        let mut locals: Vec<Local> = Vec::new();
        for _ in 0..k * 3 {
            if locals.len() == k {
                break;
            }
            let kind = *self.rng.pick(&[OpKind::Replace, OpKind::Insert, OpKind::Delete]);
            let kind = if min_ins > 1 && locals.is_empty() && kind == OpKind::Delete { OpKind::Insert } else { kind };
            let Some((spot, ins)) = self.spot(n, pi, kind, if locals.is_empty() { min_ins } else { 1 }) else {
                continue;
            };
            let l = spot.local(if kind == OpKind::Delete { &[] } else { &ins });
            if locals.iter().all(|o| apart(o, &l)) {
                locals.push(l);
            }
        }
        locals.sort_by_key(|l| l.start);
        let toks = self.revs[n].paras[pi].toks();
        (!locals.is_empty() && exact(&toks, &locals)).then_some(locals)
    }

    /// A second, different proposal for the same spot (merged or competing), and for a
    /// merge the words the Chair joins the two with.
    pub(super) fn second_at(&mut self, n: usize, pi: usize, spot: &Spot, ins1: &[u32], merge: bool) -> Option<Second> {
        let para = &self.revs[n].paras[pi];
        let (lang, toks) = (para.lang, para.toks());
        for _ in 0..10 {
            let ins2 = self.material(lang, 1, spot.kind == SpotKind::Replace);
            let clash = |t: &u32| toks[spot.start..spot.end].contains(t) || ins1.contains(t);
            if self.vocab.is_punct(ins2[0]) || ins2.iter().any(clash) {
                continue;
            }
            let local2 = spot.local(&ins2);
            if slides(&toks, &local2) || !exact(&toks, std::slice::from_ref(&local2)) {
                continue;
            }
            let conn = if merge { self.vocab.connector(lang, &mut self.rng).to_vec() } else { vec![] };
            if merge {
                if conn.iter().any(|t| ins1.contains(t) || ins2.contains(t)) {
                    continue;
                }
                let merged: Vec<u32> = ins1.iter().chain(&conn).chain(&ins2).copied().collect();
                let l = spot.local(&merged);
                if slides(&toks, &l) || !exact(&toks, std::slice::from_ref(&l)) {
                    continue;
                }
            }
            let op2 = spot.operation(&self.vocab, &toks, &ins2);
            if !agrees_with_apply(&self.vocab, &toks, &op2, &apply_locals(&toks, std::slice::from_ref(&local2))) {
                self.stats.apply_mismatches += 1;
                continue;
            }
            return Some(Second { op: op2, local: local2, connector: conn });
        }
        None
    }
}
