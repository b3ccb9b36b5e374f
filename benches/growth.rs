//! The growth benchmark: how the time of `concord report` grows when the elements, the
//! revisions or the amendments of a negotiation double.
//!
//! Negotiations come from `concord simulate --profile stress` (generated once under
//! `target/tmp/bench-data` or `$CONCORD_BENCH_DATA`). Starting from a base of 250
//! elements of ~100 words, 5 revisions and 250 amendments a revision, one dimension at a
//! time is doubled three times (×8), the others kept at the base. For each, in-process
//! medians of the stages of `concord report --format json`: `load` (YAML, validation,
//! tokenizing), `analyze` (attribution), `converge` (convergence analysis) and `render`
//! (the JSON report into memory). Linear growth means each doubling at most doubles the
//! time (ratio ≤ 2.2, the issue's +10 %).
//!
//! Run: `cargo bench --bench growth`, or `-- --base E,R,A --steps 3 --only elements`.

mod common;

/// The allocator the `concord` binary uses (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{median, secs};
use concord::attribution::analyze;
use concord::draft::load;
use concord::simulate::{Params, Profile};

#[derive(Clone, Copy)]
struct Shape {
    elements: usize,
    revisions: usize,
    amendments: usize,
}

fn ensure(shape: Shape) -> PathBuf {
    let dir = common::data_dir().join(format!("stress-e{}-r{}-a{}", shape.elements, shape.revisions, shape.amendments));
    if !dir.join("negotiation.yaml").exists() {
        let tmp = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        let mut p = Params::new(Profile::Stress, 1);
        p.elements = shape.elements;
        p.revisions = shape.revisions;
        p.amendments_per_revision = shape.amendments;
        concord::simulate::simulate(&p, &tmp).expect("simulate the negotiation");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&tmp, &dir).expect("move the negotiation in place");
    }
    dir
}

struct Stages {
    load: Duration,
    analyze: Duration,
    converge: Duration,
    render: Duration,
}

impl Stages {
    fn total(&self) -> Duration {
        self.load + self.analyze + self.converge + self.render
    }
}

fn measure(shape: Shape) -> (Stages, usize, usize) {
    let dir = ensure(shape);
    let budget = Duration::from_secs(2);
    let (load_t, loaded) = median(3, 7, budget, || load(&dir).expect("the negotiation loads"));
    let n = loaded.negotiation;
    let (analyze_t, _) = median(3, 7, budget, || analyze(&n));
    let analysis = analyze(&n);
    let (converge_t, _) = median(3, 7, budget, || concord::convergence::analyze(&analysis));
    let c = concord::convergence::analyze(&analysis);
    let (render_t, bytes) = median(3, 7, budget, || {
        let mut out = Vec::with_capacity(1 << 20);
        concord::render::report::json::write(&mut out, &analysis, &c).expect("render into memory");
        out.len()
    });
    let words: usize = n.revisions.iter().flat_map(|r| &r.paragraphs).map(|p| p.text.len()).sum();
    let _ = bytes;
    (Stages { load: load_t, analyze: analyze_t, converge: converge_t, render: render_t }, words, n.amendments.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let base: Vec<usize> = arg("--base")
        .map(|s| s.split(',').map(|x| x.parse().expect("--base E,R,A")).collect())
        .unwrap_or_else(|| vec![250, 5, 250]);
    let steps: u32 = arg("--steps").map_or(3, |s| s.parse().expect("--steps N"));
    let only = arg("--only");
    let base = Shape { elements: base[0], revisions: base[1], amendments: base[2] };
    let started = Instant::now();
    println!("Growth of `concord report --format json` (in-process medians, all cores):\n");
    println!(
        "| doubled | elements | revisions | amendments/rev | words (all revisions) | amendments | load | analyze | converge | render | total | × previous |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for dim in ["elements", "revisions", "amendments"] {
        if only.as_deref().is_some_and(|o| o != dim) {
            continue;
        }
        let mut previous: Option<Duration> = None;
        for k in 0..=steps {
            let f = 1 << k;
            let shape = match dim {
                "elements" => Shape { elements: base.elements * f, ..base },
                "revisions" => Shape { revisions: base.revisions * f, ..base },
                _ => Shape { amendments: base.amendments * f, ..base },
            };
            let (s, words, amendments) = measure(shape);
            let total = s.total();
            let ratio = previous.map_or("–".into(), |p| format!("×{:.2}", total.as_secs_f64() / p.as_secs_f64()));
            println!(
                "| {dim} | {} | {} | {} | {words} | {amendments} | {} | {} | {} | {} | {} | {ratio} |",
                shape.elements,
                shape.revisions,
                shape.amendments,
                secs(s.load),
                secs(s.analyze),
                secs(s.converge),
                secs(s.render),
                secs(total),
            );
            previous = Some(total);
        }
    }
    eprintln!("growth benchmark done in {}", secs(started.elapsed()));
}
