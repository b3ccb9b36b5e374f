//! Delegations by name in the folder's own files: `by: Brazil` is read as `by: BRA`, as
//! `import-amendments` reads a compilation's delegation cell. Codes, codes in another
//! case, declared names, the part of a name before a parenthesis and common names all
//! resolve; a code always means itself; a near miss is told the code it may mean.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

const DELEGATIONS: &str = "delegations:
  - code: BRA
    name: Brazil
  - code: MEX
    name: Mexico
  - code: IRN
    name: Iran (Islamic Republic of)
  - code: RUS
    name: Russian Federation
  - code: NAM
    name: Namibia
  - code: XN
    name: Example (North)
  - code: XS
    name: Example (South)
groups:
  - code: LMG
    name: Like-Minded Group
    members: [Iran, russia]
";

/// A one-revision folder whose amendments file is `amendments`.
fn folder(amendments: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("revisions")).unwrap();
    std::fs::create_dir_all(root.join("amendments/r1")).unwrap();
    std::fs::write(root.join("negotiation.yaml"), "title: T\nbaseline: r1\nrevisions: [r1]\n").unwrap();
    std::fs::write(root.join("delegations.yaml"), DELEGATIONS).unwrap();
    std::fs::write(
        root.join("revisions/r1.yaml"),
        "id: r1\nstate: open\nparagraphs:\n  - id: norms\n    number: \"1\"\n    dissociated_by: [Namibia]\n    text: States should respect the voluntary norms.\n",
    )
    .unwrap();
    std::fs::write(root.join("amendments/r1/brazil.yaml"), amendments).unwrap();
    dir
}

fn concord(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("concord").arg("--drafts").arg(root).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn names_short_names_and_codes_in_any_case_resolve_to_codes() {
    let dir = folder(
        "by: Brazil
on_behalf_of: [Brazil, mex]
amendments:
  - id: bra-1
    element: norms
    replace: voluntary
    with: agreed
    supported_by: [Iran, Russia, The Like-Minded Group]
    opposed_by: [NAM]
",
    );
    let (code, out, err) = concord(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    // What every command sees is the codes.
    let (_, csv, _) = concord(dir.path(), &["amendments", "--format", "csv"]);
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("\"bra-1\",\"r1\",\"BRA\",\"BRA MEX\",\"norms\",\"replace\""), "{row}");
    assert!(row.contains(",\"IRN RUS LMG\",\"NAM\","), "the code NAM is Namibia: {row}");
}

#[test]
fn an_unknown_name_is_told_the_code_it_may_mean() {
    let dir =
        folder("by: Brasil\namendments:\n  - element: norms\n    delete: voluntary\n    supported_by: [Example]\n");
    let (code, out, _) = concord(dir.path(), &["check"]);
    assert_eq!(code, 1);
    let path = dir.path().join("amendments/r1/brazil.yaml").display().to_string();
    assert!(
        out.contains(&format!(
            "{path}:1:5: error: unknown delegation or group `Brasil` in by\n  |\n1 | by: Brasil\n  |     ^\n  = hint: did you mean Brazil (BRA)?\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{path}:5:20: error: `Example` in supported_by could be XN or XS\n")),
        "a name two delegations share is not guessed: {out}"
    );
    assert!(out.contains("  = hint: write the code, XN or XS\n"), "{out}");
}
