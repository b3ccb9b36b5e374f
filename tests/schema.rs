//! `concord schema`: the JSON Schemas validate every drafts file the loader accepts (the
//! sample `drafts/`, the fixtures, the examples of docs/format.md, a folder written by
//! `concord init`), and reject a broken file, so an editor flags mistakes as they are
//! typed. The YAML is read into JSON with `serde-saphyr`, as an editor's YAML extension
//! would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The four schemas, written by `concord schema --out`.
fn schemas() -> BTreeMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("concord").args(["schema", "--out"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    ["negotiation", "delegations", "revision", "amendments"]
        .iter()
        .map(|k| {
            let text = std::fs::read_to_string(dir.path().join(format!("{k}.schema.json"))).unwrap();
            (k.to_string(), serde_json::from_str(&text).unwrap())
        })
        .collect()
}

/// Which schema a file of a negotiation folder follows, by its place in the folder.
fn kind(rel: &Path) -> Option<&'static str> {
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["negotiation.yaml"] => Some("negotiation"),
        ["delegations.yaml"] => Some("delegations"),
        ["revisions", f] if f.ends_with(".yaml") => Some("revision"),
        ["amendments", _, f] if f.ends_with(".yaml") => Some("amendments"),
        _ => None,
    }
}

fn yaml_files(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, &'static str)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files(&p, base, out);
        } else if let Some(k) = kind(p.strip_prefix(base).unwrap()) {
            out.push((p, k));
        }
    }
}

fn json_of(yaml: &str) -> Value {
    serde_saphyr::from_str::<Value>(yaml).unwrap()
}

/// The problems the schema finds in a YAML text.
fn problems(schema: &Value, yaml: &str) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    let instance = json_of(yaml);
    let mut found: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{}: {e}", e.instance_path())).collect();
    found.sort();
    found
}

fn assert_folder_valid(folder: &Path, schemas: &BTreeMap<String, Value>) -> usize {
    let mut files = Vec::new();
    yaml_files(folder, folder, &mut files);
    assert!(!files.is_empty(), "{} has drafts files", folder.display());
    for (path, kind) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let found = problems(&schemas[*kind], text.trim_start_matches('\u{feff}'));
        assert!(found.is_empty(), "{} ({kind}): {found:?}", path.display());
    }
    files.len()
}

#[test]
fn the_sample_and_the_fixtures_are_valid() {
    let schemas = schemas();
    for folder in ["drafts", "tests/fixtures/minimal", "tests/fixtures/compilation/drafts"] {
        let folder = root().join(folder);
        assert!(concord::draft::load(&folder).is_ok(), "{} loads", folder.display());
        assert_folder_valid(&folder, &schemas);
    }
    assert!(assert_folder_valid(&root().join("drafts"), &schemas) > 10);
}

#[test]
fn a_folder_written_by_init_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = root().join("tests/fixtures/compilation/baseline.txt");
    let out = cargo_bin_cmd!("concord")
        .current_dir(dir.path())
        .args(["init", "n", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(assert_folder_valid(&dir.path().join("n"), &schemas()), 3);
}

#[test]
fn the_examples_of_the_format_documentation_are_valid() {
    let schemas = schemas();
    let doc = std::fs::read_to_string(root().join("docs/format.md")).unwrap();
    let mut seen = 0;
    for block in doc.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let Some(name) = block.lines().next().and_then(|l| l.strip_prefix("# file: ")) else { continue };
        let kind = kind(Path::new(name.trim())).unwrap_or_else(|| panic!("{name} is a drafts file"));
        assert_eq!(problems(&schemas[kind], block), Vec::<String>::new(), "{name}");
        seen += 1;
    }
    assert!(seen >= 6, "the examples were found ({seen})");
}

#[test]
fn broken_files_fail_with_the_field_named() {
    let schemas = schemas();
    let revision = "id: r1\ndate: 2024-02-31x\nparagraphs:\n  - id: a\n    status: agred\n    txt: States agreed.\n";
    assert_eq!(
        problems(&schemas["revision"], revision),
        [
            "/date: \"2024-02-31x\" does not match \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"",
            "/paragraphs/0/status: \"agred\" is not one of \"agreed\", \"agreed_ad_ref\" or 2 other candidates",
            "/paragraphs/0: \"text\" is a required property",
            "/paragraphs/0: Additional properties are not allowed ('txt' was unexpected)",
        ]
    );
    // A proposer may be written by code or by name (`Brazil`), but not left blank.
    let amendments = "by: \"  \"\namendments: []\n";
    assert_eq!(
        problems(&schemas["amendments"], amendments),
        ["/amendments: [] has less than 1 item", "/by: \"  \" does not match \"\\S\""]
    );
    assert_eq!(
        problems(&schemas["negotiation"], "title: T\nbaseline: b\nrevisions: [b]\nconvergence: {steps: 2}\n").len(),
        1
    );
    // The loader reads a plain number as text, and so does the schema.
    let numbers = "id: r1\nsymbol: 123\nparagraphs:\n  - id: 7\n    text: 2024\n";
    assert_eq!(problems(&schemas["revision"], numbers), Vec::<String>::new());
}

#[test]
fn one_kind_is_printed_alone_and_all_four_by_kind() {
    let out = cargo_bin_cmd!("concord").args(["schema", "revision"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "concord revision (revisions/<id>.yaml)");
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        v["definitions"]["RawParagraph"]["properties"]["text"]["description"],
        "The text; square brackets mark wording not yet agreed."
    );
    let out = cargo_bin_cmd!("concord").arg("schema").output().unwrap();
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(kinds, ["amendments", "delegations", "negotiation", "revision"]);
    assert_eq!(all["revision"], v);
}
