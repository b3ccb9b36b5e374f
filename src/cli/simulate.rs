//! `concord simulate` (hidden): generate a synthetic negotiation with known truth, or
//! score the engine on generated ones. It exists to measure the engine
//! (`docs/accuracy.md`) and to make the large negotiations the benchmarks use.

use std::io::Write;
use std::path::PathBuf;

use super::common::{CommandError, Global, exit, shown};
use crate::draft::load;
use crate::simulate::{self, Params, Profile, Ratio, Score};

/// Generate a synthetic negotiation with known truth, or score the engine on one.
///
/// Writes a complete negotiation folder (negotiation.yaml, delegations.yaml, revisions/,
/// amendments/) into a new or empty DIR, and the truth about it in DIR/truth/truth.json:
/// what became of every amendment, who made every edit, where every word came from. The
/// same seed and options give a byte-identical folder. With --score, loads generated
/// folders, runs the engine on them and prints its accuracy against their truth.
///
/// Example: concord simulate --seed 7 --out /tmp/sim7 && concord simulate --score /tmp/sim7
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write (must be absent or empty).
    #[arg(long, value_name = "DIR", required_unless_present = "score")]
    out: Option<PathBuf>,
    /// Which behaviours the simulated Chair shows (stress: realistic at the scale of
    /// the performance benchmarks).
    #[arg(long, value_enum, default_value_t = ProfileArg::Realistic)]
    profile: ProfileArg,
    /// Elements of the baseline.
    #[arg(long, value_name = "E")]
    elements: Option<usize>,
    /// Revisions after the baseline.
    #[arg(long, value_name = "R")]
    revisions: Option<usize>,
    /// Amendments filed on each revision after the baseline.
    #[arg(long, value_name = "A")]
    amendments_per_revision: Option<usize>,
    /// Average words (tokens) per element.
    #[arg(long, value_name = "W")]
    words_per_element: Option<usize>,
    /// The Chair's own word edits per step (default: a third of the elements).
    #[arg(long, value_name = "N")]
    chair_edits: Option<usize>,
    /// Write a single pair of revisions of about this many words each instead, with
    /// --edit-share of the words edited by the Chair in runs and a few paragraphs moved.
    #[arg(long, value_name = "WORDS")]
    pair_words: Option<usize>,
    /// Share of words edited in a --pair-words pair.
    #[arg(long, value_name = "SHARE", default_value_t = 0.1)]
    edit_share: f64,
    /// Score the engine on these generated folders instead (their figures added up).
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "out")]
    score: Vec<PathBuf>,
    /// Output format of --score.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ProfileArg {
    Verbatim,
    Realistic,
    Stress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs `concord simulate`.
pub fn run(_global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    if !args.score.is_empty() {
        return score(args, out);
    }
    let dir = args.out.as_ref().expect("clap requires --out without --score");
    let params = params(args)?;
    let truth = simulate::simulate(&params, dir)
        .map_err(|e| CommandError::failed(e.to_string(), "choose a new folder, or empty this one"))?;
    let words: usize = truth
        .blame
        .get(truth.revisions.last().map_or("", String::as_str))
        .map_or(0, |els| els.values().flat_map(|spans| spans.last()).map(|s| s.words[1]).sum());
    writeln!(
        out,
        "{}: {} revisions, {} amendments, {words} words in the latest revision; truth in {}",
        shown(dir),
        truth.revisions.len(),
        truth.amendments.len(),
        shown(&dir.join(simulate::TRUTH_FILE))
    )?;
    Ok(exit::OK)
}

fn params(args: &Args) -> Result<Params, CommandError> {
    if let Some(words) = args.pair_words {
        if !(0.0..=0.9).contains(&args.edit_share) {
            return Err(CommandError::failed(
                format!("--edit-share {} is out of range", args.edit_share),
                "give a share between 0 and 0.9, such as 0.01 or 0.1",
            ));
        }
        let mut p = Params::pair(words, args.edit_share, args.seed);
        if let Some(w) = args.words_per_element {
            p.words_per_element = w.max(1);
            p.elements = (words / p.words_per_element).max(1);
        }
        p.amendments_per_revision = args.amendments_per_revision.unwrap_or(0);
        return Ok(p);
    }
    let profile = match args.profile {
        ProfileArg::Verbatim => Profile::Verbatim,
        ProfileArg::Realistic => Profile::Realistic,
        ProfileArg::Stress => Profile::Stress,
    };
    let mut p = Params::new(profile, args.seed);
    p.elements = args.elements.unwrap_or(p.elements).max(1);
    p.revisions = args.revisions.unwrap_or(p.revisions);
    p.amendments_per_revision = args.amendments_per_revision.unwrap_or(p.amendments_per_revision);
    p.words_per_element = args.words_per_element.unwrap_or(p.words_per_element).max(1);
    p.chair_edits = args.chair_edits;
    Ok(p)
}

fn score(args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let mut total = Score::default();
    for dir in &args.score {
        let truth = simulate::read_truth(dir)
            .map_err(|e| CommandError::failed(e, "score folders written by `concord simulate --out DIR`"))?;
        let negotiation = match load(dir) {
            Ok(loaded) => loaded.negotiation,
            Err(diags) => {
                eprint!("{diags}");
                return Err(CommandError::Invalid(format!("{} has {}", dir.display(), diags.summary())));
            }
        };
        total.add(&simulate::score(&negotiation, &truth));
    }
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &total).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => write_score(&total, out)?,
    }
    Ok(exit::OK)
}

fn line(out: &mut dyn Write, label: &str, r: Ratio) -> std::io::Result<()> {
    writeln!(out, "  {label:<52} {:>7.4}  {:>7} / {}", r.value(), r.hits, r.total)
}

fn write_score(s: &Score, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Engine accuracy on {} generated negotiation(s)", s.negotiations)?;
    line(out, "outcomes right", s.outcomes)?;
    for (behaviour, r) in &s.outcomes_by_behaviour {
        line(out, &format!("  when the Chair's behaviour is {behaviour}"), *r)?;
    }
    line(out, "taken_up_in right (amendments taken up)", s.taken_up_in)?;
    line(out, "crediting precision (per hunk)", s.credit_precision)?;
    line(out, "crediting recall (per hunk)", s.credit_recall)?;
    line(out, "hunks credited exactly right", s.hunks_exact)?;
    line(out, "Chair's own edits credited to a delegation", s.chair_edits_credited)?;
    for (kind, r) in &s.chair_edits_credited_by_kind {
        line(out, &format!("  {kind}"), *r)?;
    }
    line(out, "Chair's words credited to a delegation", s.chair_words_credited)?;
    line(out, "blame right, latest revision (words)", s.blame_latest)?;
    line(out, "blame right, every revision (words)", s.blame_all)?;
    if !s.confusion.is_empty() {
        writeln!(out, "Wrong outcomes (truth -> engine):")?;
        for (k, v) in &s.confusion {
            writeln!(out, "  {k}: {v}")?;
        }
    }
    for (title, map) in [
        ("Wrong credits, by the credited amendment's operation (behaviour):", &s.false_credits),
        ("Missed credits, by the missed amendment's operation (behaviour):", &s.missed_credits),
    ] {
        if !map.is_empty() {
            writeln!(out, "{title}")?;
            for (k, v) in map {
                writeln!(out, "  {k}: {v}")?;
            }
        }
    }
    if !s.misses.is_empty() {
        writeln!(out, "Some misses:")?;
        for m in &s.misses {
            writeln!(out, "  [{}] {}", m.measure, crate::text::visible::line(&m.what))?;
        }
    }
    Ok(())
}
