//! Filing an amendment: its file (date, `on_behalf_of`), its id, supporters and
//! opponents, the outcome the engine should find; its partner when it is one of a merged,
//! competing or duplicate pair; and what it means for the step (words taken, adopted now
//! or late, elements frozen, removed or protected).

use super::plan::{Role, StepPlan};
use super::propose::Behaviour;
use super::{REVISION_GAP, Sim, date_of};
use crate::attribution::Outcome;
use crate::draft::Operation;
use crate::simulate::model::{Amend, Fate, Local, Plan};
use crate::simulate::places::Spot;

/// An amendment planned on an element, before it is filed.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    /// The element it targets (a new id for `add`).
    pub element: String,
    /// The operation as written in its file.
    pub op: Operation,
    /// What it does to the generator's tokens.
    pub plan: Plan,
}

/// A new amendment as proposed, ready to be filed.
pub(super) struct Proposed {
    /// What the Chair will do with it.
    pub behaviour: Behaviour,
    /// The Chair takes it up in this step (or, when late, in the next).
    pub adopting: bool,
    /// Its proposer, and the members it speaks for.
    pub proposer: (String, Vec<String>),
    pub planned: Planned,
    /// Where a one-place change falls: a merged or competing pair needs a second proposal
    /// there.
    pub spot: Option<Spot>,
}

/// The second proposal of a merged or competing pair, at the same spot as the first.
pub(super) struct Second {
    pub op: Operation,
    pub local: Local,
    /// For a merge, the words the Chair joins the two with.
    pub connector: Vec<u32>,
}

/// The fate and the behaviour label of an amendment filed with behaviour `b`.
fn fate_of(b: Behaviour, adopting: bool) -> (Fate, &'static str) {
    match b {
        Behaviour::Verbatim => (Fate::Adopt, "verbatim"),
        Behaviour::Reworded => (Fate::Reword, "reworded"),
        Behaviour::Merged => (Fate::Merge(usize::MAX), "merged"),
        Behaviour::Ignored => (Fate::Ignore, "ignored"),
        Behaviour::Late => (Fate::Late, "late"),
        Behaviour::Duplicate if adopting => (Fate::Adopt, "duplicate"),
        Behaviour::Duplicate => (Fate::Ignore, "duplicate"),
        Behaviour::Competing => (Fate::Adopt, "competing_winner"),
        Behaviour::Pending => (Fate::Pending, "pending"),
    }
}

impl Sim {
    /// Files amendment `planned` on revision `n` by `proposer`, with the fate the Chair
    /// will give it, and returns its index.
    fn file(
        &mut self,
        n: usize,
        proposer: (String, Vec<String>),
        planned: Planned,
        fate: Fate,
        behaviour: &'static str,
    ) -> usize {
        let Planned { element, op, plan } = planned;
        let (by, behalf) = proposer;
        let key = (n, by.clone());
        if !self.files.contains_key(&key) {
            let day = Self::revision_day(n) + self.rng.between(2, (REVISION_GAP - 2) as usize) as i64;
            self.files.insert(key.clone(), (date_of(day), behalf));
        }
        // `on_behalf_of` is written once per file.
        let on_behalf_of = self.files[&key].1.clone();
        let count = self.filed.entry(key.clone()).or_default();
        *count += 1;
        let id = format!("r{n}-{}-{}", by.to_lowercase(), count);
        let (supported_by, opposed_by) = self.codes_around(&by);
        let (outcome, taken_up_in) = match fate {
            Fate::Adopt | Fate::Merge(_) => (Outcome::Adopted, Some(n + 1)),
            Fate::Reword => (Outcome::AdoptedInPart, Some(n + 1)),
            Fate::Late => (Outcome::Adopted, Some(n + 2)),
            Fate::Ignore => (Outcome::NotTakenUp, None),
            Fate::Pending => (Outcome::Pending, None),
        };
        self.amends.push(Amend {
            id,
            rev: n,
            by,
            on_behalf_of,
            element,
            op,
            plan,
            supported_by,
            opposed_by,
            fate,
            behaviour,
            twins: vec![],
            outcome,
            taken_up_in,
        });
        self.amends.len() - 1
    }

    /// The order in which the engine ranks proposers of the same words: date, revision,
    /// file name, position in the file.
    pub fn owner_key(&self, a: usize) -> (String, usize, String, usize) {
        let am = &self.amends[a];
        (self.files[&(am.rev, am.by.clone())].0.clone(), am.rev, am.by.to_lowercase(), a)
    }

    /// Files the amendment proposed on element `pi` of revision `n`, with its partner for
    /// pairs, and records the step's decisions.
    pub(super) fn commit(&mut self, n: usize, plan: &mut StepPlan, pi: usize, proposed: Proposed) {
        let Proposed { behaviour, adopting, proposer, planned, spot } = proposed;
        let is_delete_paragraph = matches!(planned.plan, Plan::DeleteParagraph { .. });
        let is_words = matches!(planned.plan, Plan::Words { .. });
        let (b, second) = self.partner(n, pi, behaviour, &planned.plan, spot.as_ref());
        let (fate, label) = fate_of(b, adopting);
        let first = self.file(n, proposer.clone(), planned.clone(), fate, label);
        let mut filed = vec![first];
        match (b, second) {
            (Behaviour::Merged, Some(second)) => {
                let partner = self.file_partner(n, pi, &proposer.0, &second, Fate::Merge(first), "merged");
                self.amends[first].fate = Fate::Merge(partner);
                plan.connectors.push((first, second.connector));
                filed.push(partner);
            }
            (Behaviour::Competing, Some(second)) => {
                filed.push(self.file_partner(n, pi, &proposer.0, &second, Fate::Ignore, "competing_loser"));
            }
            (Behaviour::Duplicate, _) => {
                let p2 = self.proposer(&[proposer.0.as_str()]);
                let twin = self.file(n, p2, planned, fate, label);
                self.amends[first].twins = vec![twin];
                self.amends[twin].twins = vec![first];
                filed.push(twin);
            }
            _ => {}
        }
        self.decide(n, plan, pi, &filed);
        if b == Behaviour::Pending {
            return;
        }
        if is_delete_paragraph {
            if adopting || b == Behaviour::Late {
                plan.roles[pi] = if b == Behaviour::Late { Role::FrozenForRemoval } else { Role::AmendDelete };
            } else {
                self.protected.insert(self.revs[n].paras[pi].id.clone());
            }
        } else if is_words {
            if b == Behaviour::Late {
                plan.roles[pi] = Role::Frozen;
            } else if adopting {
                plan.adopted[pi] += 1;
            }
        }
    }

    /// The behaviour an amendment is filed with, and for a merged or competing pair the
    /// second proposal at its spot: a pair with no room for a second is filed verbatim.
    fn partner(
        &mut self,
        n: usize,
        pi: usize,
        b: Behaviour,
        plan_of: &Plan,
        spot: Option<&Spot>,
    ) -> (Behaviour, Option<Second>) {
        let ins1 = match plan_of {
            Plan::Words { locals, .. } => locals[0].ins.clone(),
            _ => vec![],
        };
        let second = match (b, spot) {
            (Behaviour::Merged | Behaviour::Competing, Some(spot)) => {
                self.second_at(n, pi, spot, &ins1, b == Behaviour::Merged)
            }
            _ => None,
        };
        let b = match b {
            Behaviour::Merged | Behaviour::Competing if second.is_none() => Behaviour::Verbatim,
            b => b,
        };
        (b, second)
    }

    /// Files the second proposal of a pair on element `pi`, by a proposer other than
    /// `first_by`.
    fn file_partner(
        &mut self,
        n: usize,
        pi: usize,
        first_by: &str,
        second: &Second,
        fate: Fate,
        behaviour: &'static str,
    ) -> usize {
        let p2 = self.proposer(&[first_by]);
        let para = self.revs[n].paras[pi].id.clone();
        let plan = Plan::Words { para: para.clone(), locals: vec![second.local.clone()] };
        self.file(n, p2, Planned { element: para, op: second.op.clone(), plan }, fate, behaviour)
    }

    /// Records what becomes of amendments `filed` on element `pi` in the step: their
    /// words taken (for good when ignored), adopted now or in the next step.
    fn decide(&mut self, n: usize, plan: &mut StepPlan, pi: usize, filed: &[usize]) {
        for &a in filed {
            let am = &self.amends[a];
            let (fate, forever) = (am.fate, matches!(am.fate, Fate::Ignore));
            if let Plan::Words { locals, .. } = &am.plan {
                for l in locals.clone() {
                    self.marks.take(&self.revs[n].paras[pi].words, l.start, l.end, forever);
                }
            }
            match fate {
                Fate::Merge(partner) if plan.adoptions.contains(&partner) => {}
                Fate::Adopt | Fate::Reword | Fate::Merge(_) => {
                    if !self.amends[a].twins.iter().any(|t| plan.adoptions.contains(t)) {
                        plan.adoptions.push(a);
                    }
                }
                Fate::Late => plan.new_late.push(a),
                Fate::Ignore | Fate::Pending => {}
            }
        }
    }
}
