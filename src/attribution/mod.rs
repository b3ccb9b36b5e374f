//! Attribution: every change of every step credited to the amendments it reflects (or
//! to the Chair), the outcome of every amendment, and the origin of every word.
//!
//! [`analyze`] walks the revisions once, oldest first. For each step N → N+1 it aligns
//! the elements, diffs each component of linked elements over interned token ids, and
//! credits the hunks to the amendments proposed on N (and to earlier amendments not yet
//! taken up, which the Chair may adopt late). Each word of N+1 inherits its origin from
//! N or, when inserted, takes the step and the amendment that proposed it.
//!
//! The rooms, in the order of the pass: `analysis` (the pass and the [`Analysis`] it
//! leaves), `tokens` (every paragraph interned once), `step` (one step N → N+1),
//! `late` (which earlier amendments may still be taken up), `applied` (the candidates
//! applied to N as token changes; `proposal` applies one operation to a text),
//! `component` (crediting one component of linked elements, with `credit` matching hunks
//! with proposed changes and `weight` comparing new paragraphs with `add` proposals),
//! `outcome` (the outcome fold), `revision_diff` (the diff the renderers read),
//! `multi_step` (the diff across several steps), `hunks` (hunks and equal pairs) and
//! `span` (origins and blame spans).

mod analysis;
mod applied;
mod component;
pub mod credit;
mod hunks;
mod late;
mod multi_step;
mod outcome;
pub mod proposal;
mod revision_diff;
mod span;
mod step;
mod tokens;
mod weight;

pub use analysis::{Analysis, analyze};
pub use outcome::{AmendmentResult, Outcome};
pub use revision_diff::{Credit, ElementDiff, RevisionDiff, StepHunk};
pub use span::{BlameSpan, Origin, blame_spans};
