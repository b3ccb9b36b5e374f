//! What the benchmarks share: a generator of prose-like revision pairs (deterministic
//! from a seed), the folder writer, and timing by medians.
//!
//! `concord simulate` writes negotiations in a vocabulary of about 225 words of
//! diplomatic register: right for accuracy, but far more repetitive than a real
//! compilation text, whose vocabulary runs to thousands of words with a Zipf-like skew.
//! The pairs here draw from 5,000 words (a hand-written head of frequent English words,
//! then made-up words built from syllables), ranked by Zipf's law, in sentences with
//! commas and full stops, so the diff sees the repetition of real prose: a few very
//! common tokens ("the", "of", ",") and a long tail of rare ones.

#![allow(dead_code)] // each bench binary uses a different part of this module

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast and deterministic across platforms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// The most frequent words, most frequent first (written for this benchmark).
const HEAD: &str = "the of and to in a that for is on be as with by States should are this which \
    at it from or its their have has not an was were international shall all also other may \
    these such security information use between development cooperation including national \
    responsible behaviour States' further work Group member including capacity measures \
    confidence norms law framework technology technologies critical infrastructure regional \
    global level process dialogue stakeholders private sector civil society academia need \
    important role support continue promote ensure recognize recognized noted stressed \
    encouraged affirmed underlined reaffirmed importance relevance context within across \
    through under without towards among each any both more most new existing potential \
    threats risks incidents response assistance technical legal policy policies approach \
    approaches common understanding implementation transparency protection rights human \
    peace stability environment open secure accessible peaceful interoperable resilient \
    Working United Nations Charter Assembly General Secretary report reports session sessions \
    meeting meetings year years views proposals contributions consultations discussions";

const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "qu",
    "r", "s", "sc", "sh", "sl", "st", "t", "th", "tr", "v", "w",
];
const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "t", "l", "nd", "nt", "st", "ct", "m", "x"];
const SUFFIXES: &[&str] = &["ation", "ity", "ment", "al", "ive", "ing", "ed", "ence", "ic", "ous"];

/// A vocabulary of `size` words ranked by frequency, with a Zipf sampler.
pub struct Vocab {
    pub words: Vec<String>,
    /// Cumulative Zipf–Mandelbrot weights, scaled to `u64`.
    cdf: Vec<u64>,
}

impl Vocab {
    pub fn new(size: usize, seed: u64) -> Self {
        let mut words: Vec<String> = HEAD.split_whitespace().map(str::to_owned).collect();
        words.dedup();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        let mut rng = Rng::new(seed ^ 0xC0FFEE);
        while words.len() < size {
            let mut w = String::new();
            let syllables = match rng.below(20) {
                0..=6 => 1,
                7..=16 => 2,
                _ => 3,
            };
            for _ in 0..syllables {
                w.push_str(ONSETS[rng.below(ONSETS.len())]);
                w.push_str(NUCLEI[rng.below(NUCLEI.len())]);
                w.push_str(CODAS[rng.below(CODAS.len())]);
            }
            if rng.chance(0.3) {
                w.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
            }
            if w.len() >= 2 && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        words.truncate(size);
        // Zipf–Mandelbrot, 1 / (rank + 2.7): "the" is about 4 % of the words, as in English.
        let mut total = 0.0;
        let weights: Vec<f64> = (1..=words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 2.7);
                total
            })
            .collect();
        let cdf = weights.iter().map(|w| (w / total * u64::MAX as f64) as u64).collect();
        Vocab { words, cdf }
    }

    /// A word drawn by Zipf's law.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let u = rng.next();
        let i = self.cdf.partition_point(|&c| c < u).min(self.words.len() - 1);
        &self.words[i]
    }

    /// A sentence of `words` words: capital first letter, a comma now and then, a full
    /// stop (tokens, punctuation tokens included).
    pub fn sentence(&self, rng: &mut Rng, words: usize) -> Vec<String> {
        let mut out = Vec::with_capacity(words + 4);
        for i in 0..words {
            let w = self.word(rng);
            if i == 0 {
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_uppercase().collect::<String>()).unwrap_or_default();
                out.push(first + c.as_str());
            } else {
                out.push(w.to_owned());
            }
            if i + 2 < words && rng.chance(0.07) {
                out.push(if rng.chance(0.85) { "," } else { ";" }.to_owned());
            }
        }
        out.push(".".to_owned());
        out
    }

    /// A paragraph of about `tokens` tokens, in whole sentences.
    pub fn paragraph(&self, rng: &mut Rng, tokens: usize) -> Vec<String> {
        let mut out = Vec::with_capacity(tokens + 30);
        while out.len() < tokens {
            let n = rng.between(8, 30).min(tokens.saturating_sub(out.len()).max(3));
            out.extend(self.sentence(rng, n));
        }
        out
    }

    /// A run of `n` words to insert (no sentence punctuation).
    pub fn run(&self, rng: &mut Rng, n: usize) -> Vec<String> {
        (0..n).map(|_| self.word(rng).to_owned()).collect()
    }
}

/// Joins tokens as a writer would: no space before punctuation.
pub fn render(tokens: &[String]) -> String {
    let mut s = String::with_capacity(tokens.len() * 7);
    for t in tokens {
        if !s.is_empty() && !matches!(t.as_str(), "," | ";" | ".") {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

/// How the newer revision of a pair differs from the older one.
#[derive(Debug, Clone, Copy)]
pub struct Edits {
    /// Target share of the tokens of both revisions deleted or inserted.
    pub share: f64,
    /// Longest run of tokens one edit deletes or inserts (runs are 1..=max_run).
    pub max_run: usize,
    /// Paragraphs moved elsewhere, per 1,000 paragraphs (at least one when non-zero).
    pub moves_per_mille: usize,
}

impl Edits {
    /// Edits in runs of 1–12 tokens, 5 paragraphs in 1,000 moved.
    pub fn runs(share: f64) -> Self {
        Edits { share, max_run: 12, moves_per_mille: 5 }
    }

    /// A heavy rewrite: half the tokens touched, in runs of 1–4 tokens, 5 % of the
    /// paragraphs moved.
    pub fn heavy() -> Self {
        Edits { share: 0.5, max_run: 4, moves_per_mille: 50 }
    }
}

/// A revision pair: paragraphs (id, tokens) of the old and the new revision.
pub struct Pair {
    pub old: Vec<(String, Vec<String>)>,
    pub new: Vec<(String, Vec<String>)>,
}

impl Pair {
    /// Tokens of a revision.
    pub fn tokens(side: &[(String, Vec<String>)]) -> usize {
        side.iter().map(|p| p.1.len()).sum()
    }
}

/// Generates a pair of about `words` tokens a revision, in paragraphs of 60–140 tokens.
pub fn pair(vocab: &Vocab, words: usize, edits: Edits, seed: u64) -> Pair {
    let mut rng = Rng::new(seed);
    let mut old = Vec::new();
    let mut total = 0;
    while total < words {
        let len = rng.between(60, 140).min((words - total).max(20));
        let p = vocab.paragraph(&mut rng, len);
        total += p.len();
        old.push((format!("p{:06}", old.len() + 1), p));
    }
    // Per old token, the chance an edit starts there. An edit deletes, inserts or
    // replaces (equally likely) a run of mean length m, touching 4m/3 tokens on average;
    // the share counts tokens of both revisions.
    let mean_run = (1 + edits.max_run) as f64 / 2.0;
    let p_edit = (2.0 * edits.share / (4.0 / 3.0 * mean_run)).min(0.9);
    let mut new: Vec<(String, Vec<String>)> = old
        .iter()
        .map(|(id, toks)| {
            let mut out = Vec::with_capacity(toks.len() + 8);
            let mut i = 0;
            while i < toks.len() {
                if !rng.chance(p_edit) {
                    out.push(toks[i].clone());
                    i += 1;
                    continue;
                }
                let (del, ins) = match rng.below(3) {
                    0 => (rng.between(1, edits.max_run), 0),
                    1 => (0, rng.between(1, edits.max_run)),
                    _ => (rng.between(1, edits.max_run), rng.between(1, edits.max_run)),
                };
                out.extend(vocab.run(&mut rng, ins));
                if del == 0 {
                    out.push(toks[i].clone());
                    i += 1;
                } else {
                    i += del;
                }
            }
            if out.is_empty() {
                out.push(vocab.word(&mut rng).to_owned());
            }
            (id.clone(), out)
        })
        .collect();
    let moves = if edits.moves_per_mille == 0 { 0 } else { (new.len() * edits.moves_per_mille / 1000).max(1) };
    if new.len() >= 3 {
        for _ in 0..moves {
            let from = rng.below(new.len());
            let p = new.remove(from);
            let to = rng.below(new.len() + 1);
            new.insert(to, p);
        }
    }
    Pair { old, new }
}

/// Writes a pair as a negotiation folder (revisions `a` and `b`) into `dir`.
pub fn write_folder(dir: &Path, pair: &Pair) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("revisions"))?;
    let header = "# Generated by concord's benchmarks (benches/common): made-up prose, no real document.\n";
    std::fs::write(
        dir.join("negotiation.yaml"),
        format!("{header}title: \"Benchmark pair\"\nbaseline: \"a\"\nrevisions: [\"a\", \"b\"]\n"),
    )?;
    std::fs::write(dir.join("delegations.yaml"), format!("{header}delegations: []\n"))?;
    for (id, side) in [("a", &pair.old), ("b", &pair.new)] {
        let mut y = format!("{header}id: \"{id}\"\ntitle: \"Revision {id}\"\nparagraphs:\n");
        for (n, (pid, toks)) in side.iter().enumerate() {
            let _ = writeln!(y, "  - id: \"{pid}\"\n    number: \"{}\"", n + 1);
            let _ = writeln!(y, "    text: {}", concord::import::write::quote(&render(toks)));
        }
        std::fs::write(dir.join("revisions").join(format!("{id}.yaml")), y)?;
    }
    Ok(())
}

/// Where generated data lives: `$CONCORD_BENCH_DATA`, else `target/tmp/bench-data`.
pub fn data_dir() -> PathBuf {
    std::env::var_os("CONCORD_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-data"))
}

/// Runs `f` until `min_runs` runs and `budget` of time have passed (at most
/// `max_runs`), and returns the median time and the value of the last run.
pub fn median<T>(min_runs: usize, max_runs: usize, budget: Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let started = Instant::now();
    let mut last;
    loop {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed());
        if times.len() >= max_runs || (times.len() >= min_runs && started.elapsed() >= budget) {
            break;
        }
    }
    times.sort();
    (times[times.len() / 2], last)
}

/// Seconds with three significant figures.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// Millions (of words per second) with two decimals.
pub fn millions(x: f64) -> String {
    format!("{:.2} M", x / 1e6)
}

/// A rayon pool of `threads` threads.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool")
}
