//! Running the `concord` binary the way the CLI tests of the word-level commands do.

use assert_cmd::cargo::cargo_bin_cmd;

/// `concord` run from the crate root with `--drafts <drafts>`, no color, quiet, and no
/// terminal width from the environment.
pub fn concord(drafts: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("concord");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("CONCORD_QUIET", "1")
        .env_remove("COLUMNS")
        .arg("--drafts")
        .arg(drafts)
        .args(args);
    cmd
}

/// Standard output of a successful run.
pub fn stdout(drafts: &str, args: &[&str]) -> String {
    let out = concord(drafts, args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}
