//! Properties of the engine that must hold for any text and any amendment: nothing is
//! lost by tokenizing, a diff replays exactly, blame covers every word once, and no
//! delegation is credited with words it did not propose.

use std::fmt::Write as _;
use std::path::Path;

use concord::attribution::{analyze, blame_spans};
use concord::diff::word_diff;
use concord::text::Tokenized;
use proptest::prelude::*;

/// Words in the four scripts the properties mix.
const WORDS: &[&str] = &[
    "States",
    "should",
    "cooperate",
    "security",
    "norms",
    "the",
    "and",
    "of",
    "information",
    "[binding]",
    "государства",
    "сотрудничество",
    "безопасность",
    "الدول",
    "الأمن",
    "التعاون",
    "信",
    "息",
    "安",
    "全",
    ",",
    ".",
    ";",
    "non-binding",
    "Group's",
];

fn text_strategy(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0..WORDS.len(), prop::bool::weighted(0.1)), min..max).prop_map(|ws| {
        let mut s = String::new();
        for (w, newline) in ws {
            if !s.is_empty() {
                s.push(if newline { '\n' } else { ' ' });
            }
            s.push_str(WORDS[w]);
        }
        s
    })
}

fn ids(t: &Tokenized) -> Vec<String> {
    t.tokens().map(str::to_owned).collect()
}

/// Applies hunks (old ranges → new tokens) to the old sequence.
fn replay<T: Clone>(old: &[T], new: &[T], hunks: &[concord::diff::Hunk]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    for h in hunks {
        out.extend_from_slice(&old[at..h.old.start]);
        out.extend_from_slice(&new[h.new.clone()]);
        at = h.old.end;
    }
    out.extend_from_slice(&old[at..]);
    out
}

/// Rejecting every hunk: the old sequence rebuilt from the new one.
fn reject<T: Clone>(old: &[T], new: &[T], hunks: &[concord::diff::Hunk]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    for h in hunks {
        out.extend_from_slice(&new[at..h.new.start]);
        out.extend_from_slice(&old[h.old.clone()]);
        at = h.new.end;
    }
    out.extend_from_slice(&new[at..]);
    out
}

proptest! {
    #[test]
    fn tokenizing_loses_nothing_but_whitespace(text in text_strategy(0, 40)) {
        let t = Tokenized::new(&text);
        let joined: String = t.tokens().collect();
        let expected: String = t.text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(joined, expected);
    }

    #[test]
    fn whitespace_alone_is_never_a_change(text in text_strategy(1, 30)) {
        let rewrapped = text.replace(' ', "\n  ");
        prop_assert_eq!(ids(&Tokenized::new(&text)), ids(&Tokenized::new(&rewrapped)));
    }

    #[test]
    fn diff_replays_and_rejects_exactly(old in prop::collection::vec(0u32..6, 0..60), new in prop::collection::vec(0u32..6, 0..60)) {
        let hunks = word_diff(&old, &new);
        prop_assert_eq!(replay(&old, &new, &hunks), new.clone());
        prop_assert_eq!(reject(&old, &new, &hunks), old.clone());
        prop_assert!(word_diff(&old, &old).is_empty());
    }
}

/// One generated negotiation: a baseline and two revisions of a few paragraphs, with
/// amendments on the first two whose anchors are unique by construction.
#[derive(Debug, Clone)]
struct Case {
    paragraphs: Vec<String>,
    /// (paragraph, inserted text, adopted by the Chair)
    inserts: Vec<(usize, String, bool)>,
    chair_edit: Option<(usize, String)>,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(text_strategy(3, 25), 1..5),
        prop::collection::vec((0usize..5, text_strategy(1, 6), any::<bool>()), 0..5),
        prop::option::of((0usize..5, text_strategy(1, 4))),
    )
        .prop_map(|(paragraphs, inserts, chair_edit)| Case { paragraphs, inserts, chair_edit })
}

fn yaml_block(text: &str) -> String {
    let mut s = String::from("|\n");
    for line in text.lines() {
        let _ = writeln!(s, "      {line}");
    }
    s
}

/// Writes the case as a folder: the baseline `b`, `r1` equal to it, and `r2` where the
/// Chair applied the adopted amendments (each a unique marker anchor + insertion) and an
/// own edit. Returns the paragraphs of r1 with their marker anchors.
fn write_case(dir: &Path, case: &Case) {
    std::fs::create_dir_all(dir.join("revisions")).unwrap();
    std::fs::create_dir_all(dir.join("amendments/r1")).unwrap();
    std::fs::write(dir.join("negotiation.yaml"), "title: Properties\nbaseline: b\nrevisions: [b, r1, r2]\n").unwrap();
    std::fs::write(
        dir.join("delegations.yaml"),
        "delegations:\n  - {code: AAA, name: A}\n  - {code: BBB, name: B}\ngroups:\n  - {code: GRP, name: Group, members: [AAA, BBB]}\n",
    )
    .unwrap();
    let n = case.paragraphs.len();
    // Each paragraph ends with a unique anchor `zanchorK` the amendments insert after.
    let r1: Vec<String> = case.paragraphs.iter().enumerate().map(|(i, p)| format!("{p} zanchor{i}")).collect();
    let mut r2 = r1.clone();
    let mut amendments = String::from("by: GRP\ndate: 2022-01-01\namendments:\n");
    let mut used = vec![false; n];
    for (k, (p, text, adopted)) in case.inserts.iter().enumerate() {
        let p = p % n;
        if std::mem::replace(&mut used[p], true) {
            // One amendment per paragraph: two identical proposals, one "not adopted" and one
            // adopted, would both rightly be credited.
            continue;
        }
        let _ = write!(
            amendments,
            "  - id: a{k}\n    element: p{p}\n    insert: {}\n    after: zanchor{p}\n",
            yaml_block(text).trim_end()
        );
        if *adopted {
            r2[p] = format!("{} {text}", r1[p]);
        }
    }
    if let Some((p, text)) = &case.chair_edit {
        let p = p % n;
        r2[p] = format!("zchair {text} {}", r2[p]);
    }
    let revision = |id: &str, texts: &[String]| {
        let mut s = format!(
            "id: {id}\ndate: 2022-0{}-01\nparagraphs:\n",
            if id == "b" {
                1
            } else if id == "r1" {
                2
            } else {
                3
            }
        );
        for (i, t) in texts.iter().enumerate() {
            let _ = write!(s, "  - id: p{i}\n    number: \"{}\"\n    text: {}", i + 1, yaml_block(t));
        }
        s
    };
    std::fs::write(dir.join("revisions/b.yaml"), revision("b", &r1)).unwrap();
    std::fs::write(dir.join("revisions/r1.yaml"), revision("r1", &r1)).unwrap();
    std::fs::write(dir.join("revisions/r2.yaml"), revision("r2", &r2)).unwrap();
    if amendments.contains("- id:") {
        std::fs::write(dir.join("amendments/r1/grp.yaml"), amendments).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn engine_invariants_hold_on_generated_negotiations(case in case_strategy()) {
        let dir = tempfile::tempdir().unwrap();
        write_case(dir.path(), &case);
        let loaded = concord::draft::load(dir.path());
        prop_assert!(loaded.is_ok(), "generated folder invalid: {:?}", loaded.err());
        let n = loaded.unwrap().negotiation;
        let a = analyze(&n);
        for (from, to) in [(0, 1), (1, 2), (0, 2)] {
            let diff = a.diff(from, to);
            for e in &diff.elements {
                // Applying the element's hunks to the old text gives the new text.
                let old: Vec<u32> = e.old.iter().flat_map(|&i| a.ids[from][i].iter().copied()).collect();
                let new: Vec<u32> = e.new.map(|j| a.ids[to][j].clone()).unwrap_or_default();
                let hunks: Vec<concord::diff::Hunk> = e.hunks.iter().map(|h| concord::diff::Hunk { old: h.old_words.clone(), new: h.new_words.clone() }).collect();
                prop_assert_eq!(replay(&old, &new, &hunks), new.clone(), "element {} {}->{}", e.id, from, to);
                prop_assert_eq!(reject(&old, &new, &hunks), old.clone());
                // Credits name amendments whose words the hunk contains, unless partial.
                for h in &e.hunks {
                    for c in h.credits.iter().filter(|c| c.exact) {
                        let proposed = a.amendments[c.amendment].proposed.as_deref().map(Tokenized::new);
                        let proposed = proposed.map(|t| ids(&t)).unwrap_or_default();
                        let inserted = ids(&Tokenized::new(&h.new));
                        prop_assert!(inserted.iter().all(|w| proposed.contains(w)), "exact credit with foreign words: {:?}", h);
                    }
                }
            }
        }
        // Blame covers every token of every element exactly once, in order; words
        // credited to an amendment (not partial) are words it proposed.
        for (r, revision) in n.revisions.iter().enumerate() {
            for (j, p) in revision.paragraphs.iter().enumerate() {
                let spans = blame_spans(&a.origins[r][j]);
                let mut at = 0;
                for s in &spans {
                    prop_assert_eq!(s.words.start, at);
                    at = s.words.end;
                    if let (Some(am), false) = (s.origin.amendment, s.origin.partial) {
                        let proposed = ids(&Tokenized::new(a.amendments[am as usize].proposed.as_deref().unwrap_or("")));
                        for t in s.words.clone() {
                            prop_assert!(proposed.contains(&p.text.token(t).to_owned()));
                        }
                    }
                }
                prop_assert_eq!(at, p.text.len());
            }
        }
        // An adopted amendment (applied verbatim, alone in its paragraph) is credited exactly.
        for (am, result) in n.amendments.iter().zip(&a.amendments) {
            let k: usize = am.id[1..].parse().unwrap();
            let (p, _, adopted) = &case.inserts[k];
            let chair_here = case.chair_edit.as_ref().is_some_and(|(c, _)| c % case.paragraphs.len() == p % case.paragraphs.len());
            if *adopted && !chair_here {
                prop_assert_eq!(result.outcome.as_str(), "adopted", "{}", am.id);
            } else if !*adopted {
                prop_assert_ne!(result.outcome.as_str(), "adopted", "{}", am.id);
            }
        }
        // Same folder, same result.
        let again = analyze(&n);
        prop_assert_eq!(format!("{:?}", again.amendments), format!("{:?}", a.amendments));
        prop_assert_eq!(&again.origins, &a.origins);
    }
}

proptest! {
    #[test]
    fn ascii_tokens_are_unicode_word_segments(text in "[a-zA-Z0-9_.,;:'\" \t\n!?()\\[\\]/-]{0,60}") {
        use unicode_segmentation::UnicodeSegmentation;
        let reference: Vec<&str> = text.split_word_bounds().filter(|w| !w.chars().all(char::is_whitespace)).collect();
        let t = Tokenized::new(&text);
        prop_assert_eq!(t.tokens().collect::<Vec<_>>(), reference);
    }
}
