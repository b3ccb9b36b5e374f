//! The engine benchmark: tokenize + diff + attribute on revision pairs of 1,000 to
//! 1,000,000 words, at 1 % and 10 % edits and on a heavily rewritten pair, on one core
//! and on two.
//!
//! Each pair is a negotiation folder (generated once, deterministically, under
//! `target/tmp/bench-data` or `$CONCORD_BENCH_DATA`), loaded with `concord::draft::load`.
//! Then, in a rayon pool of 1 and of 2 threads, medians over repeated runs of:
//! - `load`: reading, parsing and validating the YAML, tokenizing every paragraph;
//! - `tokenize`: `Tokenized::new` over every paragraph of both revisions (NFC and word
//!   segmentation; a part of `load`, timed alone);
//! - `analyze`: `attribution::analyze` (interning, element alignment, word diff of every
//!   element, crediting, origins of every word);
//! - `diff`: `analysis.diff(0, 1)`, the diff as `concord diff` renders it.
//!
//! The engine figure is tokenize + analyze + diff; words per second counts the tokens of
//! one revision (the newer; punctuation tokens included), so a 1M-word pair is two
//! revisions of a million words each. `changed` is the share of the tokens of both
//! revisions the diff reports as deleted or inserted, and `found/made` compares it with
//! what the generator edited: a diff that gave up (a deadline, a cost limit) would report
//! far more than was made, and attribution would collapse with it. The engine has no
//! deadline; this column shows it.
//!
//! Run: `cargo bench --bench engine` (all), or with options after `--`:
//! `--sizes 1000,10000`, `--edits 0.01,0.1,heavy`, `--threads 1,2`, `--corpus prose|sim`
//! (`sim`: the pairs of `concord simulate --pair-words`, a 225-word vocabulary).

mod common;

/// The allocator the `concord` binary uses (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Edits, Pair, Vocab, median, millions, pool, secs};
use concord::attribution::analyze;
use concord::draft::{Negotiation, load};
use concord::text::Tokenized;
use rayon::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Corpus {
    Prose,
    Sim,
}

struct Options {
    sizes: Vec<usize>,
    edits: Vec<String>,
    threads: Vec<usize>,
    corpus: Corpus,
}

fn options() -> Options {
    let mut o = Options {
        sizes: vec![1_000, 10_000, 100_000, 1_000_000],
        edits: vec!["0.01".into(), "0.1".into(), "heavy".into()],
        threads: vec![1, 2],
        corpus: Corpus::Prose,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--sizes" => o.sizes = list(&value).iter().map(|s| s.parse().expect("--sizes: numbers")).collect(),
            "--edits" => o.edits = list(&value),
            "--threads" => o.threads = list(&value).iter().map(|s| s.parse().expect("--threads: numbers")).collect(),
            "--corpus" => o.corpus = if value == "sim" { Corpus::Sim } else { Corpus::Prose },
            _ => {
                i += 1; // `--bench`, passed by cargo, and anything unknown
                continue;
            }
        }
        i += 2;
    }
    o
}

/// The folder of one pair, generated on first use; and the share of tokens the generator
/// edited (unknown for `sim`).
fn ensure_pair(corpus: Corpus, words: usize, edits: &str) -> (PathBuf, Option<f64>) {
    let name = match corpus {
        Corpus::Prose => format!("pair-prose-{words}-{edits}"),
        Corpus::Sim => format!("pair-sim-{words}-{edits}"),
    };
    let dir = common::data_dir().join(name);
    let made_file = dir.join("made.txt");
    if !dir.join("revisions/b.yaml").exists() && !dir.join("revisions/r1.yaml").exists() {
        let tmp = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        match corpus {
            Corpus::Prose => {
                let e = if edits == "heavy" { Edits::heavy() } else { Edits::runs(edits.parse().expect("a share")) };
                let vocab = Vocab::new(5_000, 1);
                // A small pair at 1 % may come out unedited: the next seed, then.
                let pair = (7..)
                    .map(|seed| common::pair(&vocab, words, e, seed))
                    .find(|p| made_share(p) > 0.0)
                    .expect("some seed edits the pair");
                common::write_folder(&tmp, &pair).expect("write the pair");
                std::fs::write(tmp.join("made.txt"), made_share(&pair).to_string()).expect("write made.txt");
            }
            Corpus::Sim => {
                let share = if edits == "heavy" { 0.5 } else { edits.parse().expect("a share") };
                let params = concord::simulate::Params::pair(words, share, 1);
                concord::simulate::simulate(&params, &tmp).expect("simulate the pair");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&tmp, &dir).expect("move the pair in place");
    }
    let made = std::fs::read_to_string(&made_file).ok().and_then(|s| s.trim().parse().ok());
    (dir, made)
}

/// Share of the tokens of both revisions the generator deleted or inserted, counted
/// per paragraph by the length of a longest common subsequence (moves aside).
fn made_share(pair: &Pair) -> f64 {
    let old: std::collections::HashMap<&str, &Vec<String>> = pair.old.iter().map(|(id, t)| (id.as_str(), t)).collect();
    let mut changed = 0;
    for (id, new) in &pair.new {
        let old = old[id.as_str()];
        let common: usize = similar::capture_diff_slices(similar::Algorithm::Myers, old, new)
            .iter()
            .map(|op| match op {
                similar::DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum();
        changed += old.len() + new.len() - 2 * common;
    }
    changed as f64 / (Pair::tokens(&pair.old) + Pair::tokens(&pair.new)) as f64
}

struct Row {
    load: Duration,
    tokenize: Duration,
    analyze: Duration,
    diff: Duration,
}

impl Row {
    fn engine(&self) -> Duration {
        self.tokenize + self.analyze + self.diff
    }
}

/// Runs per measurement: enough for a stable median, few for the large pairs.
fn runs(words: usize) -> (usize, usize, Duration) {
    match words {
        0..=20_000 => (10, 200, Duration::from_millis(500)),
        20_001..=200_000 => (7, 50, Duration::from_millis(1500)),
        _ => (5, 9, Duration::from_secs(3)),
    }
}

fn measure(dir: &Path, threads: usize) -> (Row, Negotiation, (f64, usize)) {
    let pool = pool(threads);
    pool.install(|| {
        let (min, max, budget) = runs(words_of_dir(dir));
        let (load_t, loaded) = median(min, max, budget, || load(dir).expect("the pair loads"));
        let n = loaded.negotiation;
        let texts: Vec<&str> =
            n.revisions.iter().flat_map(|r| r.paragraphs.iter().map(|p| p.text.text.as_str())).collect();
        let (tokenize, _) =
            median(min, max, budget, || texts.par_iter().map(|t| Tokenized::new(t)).collect::<Vec<_>>());
        let (analyze_t, _) = median(min, max, budget, || analyze(&n));
        let analysis = analyze(&n);
        let (diff_t, d) = median(min, max, budget, || analysis.diff(0, 1));
        let changed: usize =
            d.elements.iter().flat_map(|e| &e.hunks).map(|h| h.old_words.len() + h.new_words.len()).sum();
        let largest = d.elements.iter().flat_map(|e| &e.hunks).map(|h| h.old_words.len() + h.new_words.len()).max();
        let both: usize = n.revisions.iter().flat_map(|r| &r.paragraphs).map(|p| p.text.len()).sum();
        drop(analysis);
        let row = Row { load: load_t, tokenize, analyze: analyze_t, diff: diff_t };
        (row, n, (changed as f64 / both as f64, largest.unwrap_or(0)))
    })
}

/// A rough size of the folder (bytes / 7), to choose the number of runs before loading.
fn words_of_dir(dir: &Path) -> usize {
    let bytes: u64 = std::fs::read_dir(dir.join("revisions"))
        .map(|rd| rd.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    (bytes / 2 / 7) as usize
}

fn label(edits: &str) -> String {
    match edits.parse::<f64>() {
        Ok(x) => format!("{:.0} %", x * 100.0),
        Err(_) => edits.to_owned(),
    }
}

fn main() {
    let o = options();
    let started = Instant::now();
    println!(
        "Engine benchmark ({} corpus): medians; words = tokens of the newer revision; engine = tokenize + analyze + diff.\n",
        if o.corpus == Corpus::Prose { "prose, 5,000-word Zipf vocabulary" } else { "concord simulate" }
    );
    println!(
        "| words | edits | changed (found/made) | largest hunk | threads | load | tokenize | analyze | diff | engine | words/s | words/s per core | speed-up |"
    );
    println!("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &size in &o.sizes {
        for edits in &o.edits {
            let (dir, made) = ensure_pair(o.corpus, size, edits);
            let mut one: Option<Duration> = None;
            for &threads in &o.threads {
                let (row, n, (changed, largest)) = measure(&dir, threads);
                let words = n.revisions.last().map_or(0, |r| r.paragraphs.iter().map(|p| p.text.len()).sum::<usize>());
                let engine = row.engine();
                let rate = words as f64 / engine.as_secs_f64();
                if threads == 1 {
                    one = Some(engine);
                }
                let speedup = match one {
                    Some(t1) if threads > 1 => format!("×{:.2}", t1.as_secs_f64() / engine.as_secs_f64()),
                    _ => "–".into(),
                };
                let ratio = made.map_or(String::new(), |m| format!(" ({:.2})", changed / m));
                println!(
                    "| {words} | {} | {:.1} %{ratio} | {largest} | {threads} | {} | {} | {} | {} | {} | {} | {} | {speedup} |",
                    label(edits),
                    changed * 100.0,
                    secs(row.load),
                    secs(row.tokenize),
                    secs(row.analyze),
                    secs(row.diff),
                    secs(engine),
                    millions(rate),
                    millions(rate / threads as f64),
                );
            }
        }
    }
    eprintln!("engine benchmark done in {}", secs(started.elapsed()));
}
