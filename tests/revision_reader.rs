//! The fast reader of revision files (`draft::block`) against the YAML parser: on every
//! file the fast reader accepts, both must read the same values at the same lines and
//! columns; and it must accept the files concord and people usually write, or it would
//! silently stop paying.

use std::path::Path;

use concord::draft::block;
use concord::draft::raw::RawRevision;
use concord::draft::yaml::parse;
use proptest::prelude::*;

/// Reads `text` with both readers; panics if the fast one accepts it and disagrees.
/// Returns whether the fast reader accepted it.
fn agree(text: &str) -> bool {
    let Some(fast) = block::revision(text) else { return false };
    match parse::<RawRevision>(Path::new("r.yaml"), text) {
        Ok(slow) => assert_eq!(fast, slow, "the readers disagree on:\n{text}"),
        Err(e) => panic!("the fast reader accepted a file the YAML parser refuses ({}):\n{text}", e.message),
    }
    true
}

/// Choices drawn from a list of numbers, so proptest can shrink a file to a small one.
/// A tame file draws values and departures only from the start of each list (what the
/// fast reader is meant to take); a wild one from all of it.
struct Dice<'a> {
    rolls: &'a [u8],
    next: usize,
    tame: bool,
}

impl<'a> Dice<'a> {
    fn new(rolls: &'a [u8]) -> Self {
        let mut d = Dice { rolls, next: 0, tame: false };
        d.tame = d.roll(2) == 0;
        d
    }

    fn roll(&mut self, n: usize) -> usize {
        let r = self.rolls.get(self.next).copied().unwrap_or(0) as usize;
        self.next += 1;
        r % n
    }

    /// A die that a tame file always rolls 0 on.
    fn wild(&mut self, n: usize) -> usize {
        let r = self.roll(n);
        if self.tame { 0 } else { r }
    }

    /// An entry of `from`; a tame file picks among the first `tame` only.
    fn pick<'b>(&mut self, from: &[&'b str], tame: usize) -> &'b str {
        let n = if self.tame { tame.min(from.len()) } else { from.len() };
        from[self.roll(n)]
    }
}

/// Plain values: first those the fast reader takes, then the tricky ones (numbers,
/// nulls, booleans, indicators, colons).
const PLAIN: &[&str] = &[
    "rev2",
    "States",
    "plain words here",
    "a:b",
    "word #comment",
    "word#hash",
    "é tude",
    "e3",
    "2022-07-08",
    "a, b",
    "7",
    "true",
    "no",
    "007",
    "1.5",
    "0x1F",
    "null",
    "~",
    "a: b",
    "x:",
    "-x",
    "- x",
    "&anchor",
    "*alias",
    "!tag",
    "[x]",
    "7 bis",
    "'quoted",
    "\"dq",
    "?q",
    "%p",
    "@a",
    "`b",
    "|",
    ">",
];
const PLAIN_TAME: usize = 10;
/// Double-quoted bodies: first with escapes the fast reader knows, then some it leaves.
const DQ: &[&str] = &[
    "",
    "plain",
    "a \\\"b\\\" c",
    "tab\\tand\\nnewline",
    "\\u00e9\\u4fe1",
    "\\x41\\x7e",
    "back\\\\slash",
    "\\/ \\0 \\a \\e",
    "\\N\\_\\L\\P",
    "\\U0001F600",
    "a # b",
    "x: y",
    "\\q",
    "\\ud800",
    "\\u12",
    "unterminated",
];
const DQ_TAME: usize = 12;
/// Single-quoted bodies.
const SQ: &[&str] = &["", "it''s", "plain", "a \" b", "\\n stays", "x: y # z"];
/// Lines of block scalars.
const BLOCK: &[&str] = &["The Group", "noted, with concern,", "# not a comment", "a: b", "- item", "ends  ", "é", "x"];

fn scalar(d: &mut Dice, key_indent: usize) -> String {
    let value = match d.roll(10) {
        0..=3 => d.pick(PLAIN, PLAIN_TAME).to_owned(),
        4..=5 => format!("\"{}\"", d.pick(DQ, DQ_TAME)),
        6 => format!("'{}'", d.pick(SQ, SQ.len())),
        _ => {
            let header = d.pick(&[">", ">-", "|", "|-", ">-  ", ">+", "|2", "> # c"], 5);
            let n = key_indent + 1 + d.roll(3);
            let mut s = header.to_owned();
            for i in 0..1 + d.roll(4) {
                s.push('\n');
                let line = d.pick(BLOCK, BLOCK.len());
                // A tame block starts with a line of text.
                match if i == 0 && d.tame { 7 } else { d.roll(8) } {
                    0 => {}                                                              // an empty line
                    1 => s.push_str(&" ".repeat(n.min(2))), // whitespace within the indentation
                    2 if !d.tame => s.push_str(&" ".repeat(n + 1)), // whitespace past it
                    3 if !d.tame => s.push_str(&format!("{}{line}", " ".repeat(n + 1))), // more indented
                    4 if !d.tame && n > key_indent + 1 => s.push_str(&format!("{}{line}", " ".repeat(n - 1))),
                    _ => s.push_str(&format!("{}{line}", " ".repeat(n))),
                }
            }
            return s;
        }
    };
    match d.roll(6) {
        0 => format!("{value}  # note"),
        1 => format!("{value}   "),
        _ => value,
    }
}

fn list(d: &mut Dice, key_indent: usize) -> String {
    if d.roll(2) == 0 {
        let items: Vec<String> = (0..d.roll(4))
            .map(|_| match d.roll(3) {
                0 => format!("\"{}\"", d.pick(DQ, DQ_TAME)),
                _ => d.pick(PLAIN, PLAIN_TAME).to_owned(),
            })
            .collect();
        format!("[{}]", items.join(", "))
    } else {
        let dash = key_indent + 2 * d.roll(2);
        let mut s = String::new();
        for _ in 0..d.roll(3) {
            s.push_str(&format!("\n{}- {}", " ".repeat(dash), d.pick(PLAIN, PLAIN_TAME)));
        }
        s
    }
}

fn field(d: &mut Dice, key: &str, indent: usize) -> String {
    let value = match key {
        "from" | "dissociated_by" | "reserved_by" | "objected_by" => list(d, indent),
        _ => scalar(d, indent),
    };
    if value.starts_with('\n') || value.is_empty() { format!("{key}:{value}") } else { format!("{key}: {value}") }
}

/// A revision file: the usual layout most of the time, with every kind of departure.
fn file(d: &mut Dice) -> String {
    let mut out = String::new();
    if d.roll(3) == 0 {
        out.push_str("# a comment\n");
    }
    let mut top = vec!["id", "title", "date", "symbol", "state"];
    if d.wild(8) == 1 {
        top.push(d.pick(&["id", "Title", "unknown", "paragraph"], 4));
    }
    for key in top {
        if key == "id" || d.roll(2) == 0 {
            out.push_str(&field(d, key, 0));
            out.push('\n');
        }
    }
    out.push_str(d.pick(&["paragraphs:\n", "paragraphs: # list\n", "paragraphs: []\n"], 2));
    if d.wild(10) == 1 {
        // Comment lines before the list: the parser takes 32.
        out.push_str(&"# c\n\n".repeat(10 + d.roll(30)));
    }
    let dash = d.pick(&["  ", "", "    "], 3).len();
    for _ in 0..1 + d.roll(3) {
        let mut keys = vec!["id", "text"];
        for extra in ["number", "section", "status", "from", "dissociated_by", "reserved_by", "objected_by"] {
            if d.roll(3) == 0 {
                keys.insert(d.roll(keys.len() + 1), extra);
            }
        }
        if d.wild(10) == 1 {
            keys.push(d.pick(&["id", "txt", "text"], 3));
        }
        if d.wild(10) == 1 {
            keys.remove(d.roll(keys.len()));
        }
        let k = dash + 2;
        for (i, key) in keys.iter().enumerate() {
            let lead = if i == 0 { format!("{}- ", " ".repeat(dash)) } else { " ".repeat(k) };
            out.push_str(&lead);
            out.push_str(&field(d, key, k));
            out.push('\n');
            if d.roll(12) == 0 {
                out.push_str(d.pick(&["\n", "# comment\n", "   \n", "    # comment\n"], 2));
            }
        }
    }
    // Line breaks as saved on Windows, and departures from the layout anywhere.
    if d.roll(4) == 0 {
        out = out.replace('\n', "\r\n");
    }
    let mut at = d.roll(out.len());
    while !out.is_char_boundary(at) {
        at -= 1;
    }
    match d.wild(12) {
        1 => out.insert(at, '\t'),
        2 => out.insert(at, '\r'),
        3 => out.insert(at, ' '),
        4 => out.insert_str(0, "---\n"),
        5 => out.push_str("...\n"),
        _ => {}
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn both_readers_agree_on_every_file_the_fast_one_accepts(rolls in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = file(&mut Dice::new(&rolls));
        agree(&text);
    }
}

/// The generator above must give the fast reader work: a test of agreement on files it
/// refuses would prove nothing.
#[test]
fn the_generated_files_are_often_accepted() {
    let mut accepted = 0;
    let total = 2000;
    for seed in 0..total {
        let rolls: Vec<u8> = (0..200u32).map(|i| ((seed * 7919 + i * 104_729) % 251) as u8).collect();
        if agree(&file(&mut Dice::new(&rolls))) {
            accepted += 1;
        }
    }
    assert!(accepted * 5 > total, "only {accepted} of {total} generated files were read by the fast reader");
}

/// Checks that the fast reader reads every file in `dir`, as the parser does; returns
/// how many there were.
fn read_fast(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(agree(&text), "the fast reader refused {}", path.display());
        n += 1;
    }
    n
}

/// Every revision of the sample negotiation goes through the fast reader, and it reads
/// them as the parser does.
#[test]
fn the_sample_revisions_are_read_fast() {
    assert!(read_fast(&Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/revisions")) >= 3);
}

/// What `concord simulate` and `concord import` write is read fast, and alike.
#[test]
fn the_files_concord_writes_are_read_fast() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["simulate", "--seed", "5", "--profile", "realistic", "--elements", "30", "--revisions", "4", "--out"])
        .arg(&out)
        .env("CONCORD_QUIET", "1")
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(read_fast(&out.join("revisions")) >= 4);
}

#[test]
fn what_the_fast_reader_leaves_to_the_parser() {
    let base = "id: r1\nparagraphs:\n  - id: a\n    text: The Group met.\n";
    assert!(agree(base));
    assert!(agree(&base.replace('\n', "\r\n")), "files saved on Windows are read fast");
    let refused: [&str; 17] = [
        // A tab, a carriage return alone, a byte-order mark.
        "id: r1\nparagraphs:\n  - id: a\n\ttext: x\n",
        "id: r1\rparagraphs:\n  - id: a\n    text: x\n",
        "\u{feff}id: r1\nparagraphs:\n  - id: a\n    text: x\n",
        // Anchors, aliases, tags, flow mappings.
        "id: &x r1\nparagraphs:\n  - id: a\n    text: x\n",
        "id: r1\nparagraphs:\n  - id: a\n    text: !!str x\n",
        "id: r1\nparagraphs:\n  - {id: a, text: x}\n",
        // A plain scalar continued on the next line; a quoted one.
        "id: r1\nparagraphs:\n  - id: a\n    text: The Group\n      met.\n",
        "id: r1\nparagraphs:\n  - id: a\n    text: \"The Group\n      met.\"\n",
        // Numbers YAML rewrites, nulls, duplicate and unknown keys.
        "id: r1\nparagraphs:\n  - id: a\n    number: 007\n    text: x\n",
        "id: r1\nparagraphs:\n  - id: a\n    number: 7 bis\n    text: x\n",
        "id: ~\nparagraphs:\n  - id: a\n    text: x\n",
        "id: r1\nparagraphs:\n  - id: a\n    id: b\n    text: x\n",
        "id: r1\nparagraphs:\n  - id: a\n    txt: x\n",
        // More comment lines before a list than the parser buffers while it looks for it.
        &format!("id: r1\nparagraphs:\n{}  - id: a\n    text: x\n", "# c\n".repeat(40)),
        // A document marker, an empty list, a missing text.
        "---\nid: r1\nparagraphs:\n  - id: a\n    text: x\n",
        "id: r1\nparagraphs: []\n",
        "id: r1\nparagraphs:\n  - id: a\n",
    ];
    for text in refused {
        assert!(block::revision(text).is_none(), "the fast reader accepted:\n{text}");
    }
}
