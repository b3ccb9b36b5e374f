//! Synthetic negotiations with known truth, and the engine's accuracy measured on them.
//!
//! The engine's claims (who is credited with each change, what became of each
//! amendment, where each word came from) can only be checked against a negotiation
//! whose answers are known. [`generate`] writes one from a seed: a baseline, and for
//! each revision amendments the simulated Chair takes verbatim, rewords, merges,
//! ignores or takes late, plus edits, moves, splits and merges of its own, recording
//! the truth word by word ([`Truth`]). [`score`] runs
//! [`attribution::analyze`](crate::attribution::analyze) on the loaded folder and
//! compares. The same generator, scaled up (`Profile::Stress`, [`Params::pair`]), makes
//! the negotiations the performance work measures. `docs/accuracy.md` explains the
//! method and the figures.

mod generate;
mod model;
mod places;
mod rng;
mod score;
mod step;
pub mod truth;
mod vocab;
mod write;

use std::path::Path;

pub use generate::{Params, Profile, Sim, Stats, generate};
pub use score::{Miss, Ratio, Score, score};
pub use truth::Truth;
pub use write::{OutError, TRUTH_FILE, files, write_folder};

/// Generates a negotiation from `params` and writes it, with its truth, into `dir`
/// (absent or empty).
pub fn simulate(params: &Params, dir: &Path) -> Result<Truth, OutError> {
    let sim = generate(params);
    let truth = Truth::of(&sim);
    write_folder(dir, &files(&sim, &truth))?;
    Ok(truth)
}

/// Reads the truth written beside a generated negotiation.
pub fn read_truth(dir: &Path) -> Result<Truth, String> {
    let path = dir.join(TRUTH_FILE);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{} is not a truth file: {e}", path.display()))
}
