use std::time::Instant;
fn main() {
    let words: usize = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(1_000_000);
    let keep = std::path::PathBuf::from(format!("/tmp/probe-{words}"));
    let d = keep.as_path();
    if !d.join("revisions/b.yaml").exists() {
    std::fs::create_dir_all(d.join("revisions")).unwrap();
    std::fs::write(d.join("negotiation.yaml"), "title: t\nbaseline: a\nrevisions: [a, b]\n").unwrap();
    std::fs::write(d.join("delegations.yaml"), "delegations: []\n").unwrap();
    let _ = ();
    let vocab: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let mut seed: u64 = 42;
    let mut rnd = || { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; seed };
    let paras = words / 100;
    let mut a = String::from("id: a\nparagraphs:\n");
    let mut b = String::from("id: b\nparagraphs:\n");
    for p in 0..paras {
        let toks: Vec<&str> = (0..100).map(|_| vocab[(rnd() % 5000) as usize].as_str()).collect();
        let mut toks2 = toks.clone();
        // 10% edits in runs of ~5
        let mut i = 0;
        while i < toks2.len() { if rnd() % 20 == 0 { for k in i..(i+5).min(toks2.len()) { toks2[k] = vocab[(rnd()%5000) as usize].as_str(); } i += 5; } else { i += 1; } }
        a.push_str(&format!("  - id: p{p}\n    text: {}.\n", toks.join(" ")));
        b.push_str(&format!("  - id: p{p}\n    text: {}.\n", toks2.join(" ")));
    }
    std::fs::write(d.join("revisions/a.yaml"), a).unwrap();
    std::fs::write(d.join("revisions/b.yaml"), b).unwrap();
    }
    let t = Instant::now();
    let n = concord::draft::load(d).unwrap().negotiation;
    let load = t.elapsed();
    let t = Instant::now();
    let an = concord::attribution::analyze(&n);
    let eng = t.elapsed();
    let t = Instant::now();
    let diff = an.diff(0, 1);
    let hunks: usize = diff.elements.iter().map(|e| e.hunks.len()).sum();
    println!("words={words} load={load:?} analyze={eng:?} diff={:?} hunks={hunks}", t.elapsed());
}
