fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let loaded = concord::draft::load(std::path::Path::new(&dir)).unwrap();
    let n = &loaded.negotiation;
    let a = concord::attribution::analyze(n);
    for k in 0..n.revisions.len() - 1 {
        println!("== step {k}");
        for e in &a.diff(k, k + 1).elements {
            println!("{} {:?} from {:?}", e.id, e.change, e.from_ids);
            for h in &e.hunks {
                println!(
                    "   {:?}->{:?} {:?} -> {:?} chair={} {:?}",
                    h.old_words,
                    h.new_words,
                    h.old,
                    h.new,
                    h.chair,
                    h.credits
                        .iter()
                        .map(|c| (&n.amendments[c.amendment].id, c.exact, c.similarity))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    println!("== 0..last");
    for e in &a.diff(0, n.revisions.len() - 1).elements {
        println!("{} {:?}", e.id, e.change);
        for h in &e.hunks {
            println!(
                "   {:?} -> {:?} chair={} {:?}",
                h.old,
                h.new,
                h.chair,
                h.credits
                    .iter()
                    .map(|c| (&n.amendments[c.amendment].id, c.exact, c.similarity, c.taken_up_in))
                    .collect::<Vec<_>>()
            );
        }
    }
    for (am, r) in n.amendments.iter().zip(&a.amendments) {
        println!("{} {:?}", am.id, r);
    }
}
