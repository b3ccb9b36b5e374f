//! What a received negotiation folder can do to concord's writes, tried as an attacker
//! would (issue 13, findings 1, 4, 5 and 9): links planted where concord writes its
//! temporary files or its results, two writers at once, `-o` pointed at pipes and
//! devices, a temporary folder that cannot hold the import's check, and what `check`
//! says about links and hidden files. `docs/robustness.md` ("What a received folder
//! can and cannot do: writes") lists each class with its test here.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

// ----- helpers -----

fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary folder holding a copy of the fixture `rel` as `drafts/`.
fn copy_of(rel: &str) -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    copy_dir(&crate_path(rel), &dir.path().join("drafts"));
    dir
}

fn minimal_copy() -> TempDir {
    copy_of("tests/fixtures/minimal")
}

fn concord(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_concord"));
    cmd.current_dir(dir).env("NO_COLOR", "1").env("CONCORD_QUIET", "1");
    cmd
}

/// Runs concord in `dir`: exit code, stdout, stderr; fails the test if concord panicked.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = concord(dir).args(args).output().expect("concord runs");
    text(&output)
}

fn text(output: &Output) -> (i32, String, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "concord panicked:\n{stderr}");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

/// Every file under `dir` (hidden ones included) with its text; a link is recorded as
/// `-> target`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read folder") {
            let entry = entry.expect("entry");
            let path = entry.path();
            let kind = entry.file_type().expect("file type");
            let rel = path.strip_prefix(dir).expect("inside").to_path_buf();
            if kind.is_symlink() {
                let target = fs::read_link(&path).expect("read link");
                files.insert(rel, format!("-> {}", target.display()));
            } else if kind.is_dir() {
                files.insert(rel, "<dir>".to_owned());
                stack.push(path);
            } else {
                files.insert(rel, String::from_utf8_lossy(&fs::read(&path).expect("read file")).into_owned());
            }
        }
    }
    files
}

/// A draft of `paragraphs` numbered paragraphs for `import`, different for each `seed`.
fn draft(paragraphs: usize, seed: &str) -> String {
    (1..=paragraphs)
        .map(|k| format!("{k}. States met for the {k}th time to discuss the security of ICTs ({seed}).\n\n"))
        .collect()
}

const VICTIM: &str = "a file of the user's, outside the negotiation folder\n";

/// A file outside the negotiation folder that planted links point to.
fn victim(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("victim.txt");
    fs::write(&path, VICTIM).expect("write victim");
    path
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn is_fifo(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// The process id the next process will probably get: Linux hands them out in order.
fn next_pid() -> u32 {
    let mut probe = Command::new("true").spawn().expect("true runs");
    let pid = probe.id();
    probe.wait().expect("wait");
    pid + 1
}

/// How many process ids after [`next_pid`] the planted links cover: far more than the
/// processes other tests start in the moment between planting and running concord.
const PID_WINDOW: u32 = 3000;

/// Plants, in `folder`, a link to `target` under the temporary name the old writer used
/// for `name` (`.NAME.concord-PID.tmp`), one for every process id from `first` on.
fn plant_old_temporary_names(folder: &Path, name: &str, first: u32, target: &Path) {
    for pid in first..first + PID_WINDOW {
        symlink(target, folder.join(format!(".{name}.concord-{pid}.tmp"))).expect("plant link");
    }
}

/// Spawns concord, planting links for its process id first: tries again (on a fresh
/// folder) when the process id fell outside the planted window, so the test always
/// covers the id concord ran with.
fn run_with_planted_links(
    make: impl Fn() -> (TempDir, Vec<String>),
    plant: impl Fn(&TempDir, u32),
) -> (TempDir, Output) {
    for _ in 0..5 {
        let (dir, args) = make();
        let first = next_pid();
        plant(&dir, first);
        let child =
            concord(dir.path()).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let pid = child.id();
        let output = child.wait_with_output().expect("wait");
        if (first..first + PID_WINDOW).contains(&pid) {
            return (dir, output);
        }
    }
    panic!("concord never ran with a process id inside the planted window");
}

// ----- 1. planted links -----

#[test]
fn links_planted_under_the_old_temporary_names_are_not_followed_by_import() {
    // The old writer created `.r3.yaml.concord-PID.tmp` beside revisions/r3.yaml and
    // `.negotiation.yaml.concord-PID.tmp` beside negotiation.yaml, following any link
    // found there: the folder below made it write the import into the victim, and left
    // negotiation.yaml a link to it.
    let make = || {
        let dir = minimal_copy();
        fs::write(dir.path().join("r3.txt"), draft(3, "r3")).expect("write draft");
        (dir, ["--drafts", "drafts", "import", "r3.txt", "--as", "r3"].map(String::from).to_vec())
    };
    let plant = |dir: &TempDir, first: u32| {
        let target = victim(dir);
        plant_old_temporary_names(&dir.path().join("drafts/revisions"), "r3.yaml", first, &target);
        plant_old_temporary_names(&dir.path().join("drafts"), "negotiation.yaml", first, &target);
    };
    let (dir, output) = run_with_planted_links(make, plant);
    let (code, _, stderr) = text(&output);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read_to_string(dir.path().join("victim.txt")).expect("read"), VICTIM, "the victim is untouched");
    let drafts = dir.path().join("drafts");
    assert!(!is_link(&drafts.join("negotiation.yaml")), "negotiation.yaml stays a file");
    assert!(!is_link(&drafts.join("revisions/r3.yaml")), "the revision is a file");
    assert!(fs::read_to_string(drafts.join("negotiation.yaml")).expect("read").contains("r3"));
    let (code, stdout, _) = run(dir.path(), &["check", "--drafts", "drafts"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn links_planted_under_the_old_temporary_names_are_not_followed_by_report() {
    // `report -o out.html` in a folder received with the links (say, the unpacked
    // archive the drafts came in).
    let make = || {
        let dir = minimal_copy();
        (dir, ["--drafts", "drafts", "report", "-o", "out.html"].map(String::from).to_vec())
    };
    let plant = |dir: &TempDir, first: u32| plant_old_temporary_names(dir.path(), "out.html", first, &victim(dir));
    let (dir, output) = run_with_planted_links(make, plant);
    let (code, _, stderr) = text(&output);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read_to_string(dir.path().join("victim.txt")).expect("read"), VICTIM);
    assert!(!is_link(&dir.path().join("out.html")));
    assert!(fs::read_to_string(dir.path().join("out.html")).expect("read").ends_with("</html>\n"));
}

/// Runs `report -o out.html` in `dir` killed by SIGXFSZ at 4 KiB, and returns the
/// process id and the temporary file it left.
fn interrupted_report(dir: &Path) -> (u32, Vec<String>) {
    let script = "ulimit -c 0; ulimit -f 8; exec \"$0\" \"$@\"";
    let child = Command::new("sh")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["-c", script, env!("CARGO_BIN_EXE_concord")])
        .args(["--drafts", "drafts", "report", "-o", "out.html"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh runs");
    let pid = child.id();
    let output = child.wait_with_output().expect("wait");
    assert!(!output.status.success());
    let mut left: Vec<String> = fs::read_dir(dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out.html.concord-"))
        .collect();
    left.sort();
    (pid, left)
}

#[test]
fn temporary_names_are_unpredictable_and_never_follow_a_link() {
    // A run killed while writing leaves its temporary file: its name does not come from
    // the process id, and differs from run to run.
    let dir = copy_of("drafts");
    let (pid, first) = interrupted_report(dir.path());
    assert_eq!(first.len(), 1, "{first:?}");
    assert_ne!(first[0], format!(".out.html.concord-{pid}.tmp"));
    let random = first[0].trim_start_matches(".out.html.concord-").trim_end_matches(".tmp");
    assert!(random.len() >= 10 && random.chars().all(|c| c.is_ascii_alphanumeric()), "{random}");
    fs::remove_file(dir.path().join(&first[0])).expect("remove");
    let (_, second) = interrupted_report(dir.path());
    assert_eq!(second.len(), 1);
    assert_ne!(first, second, "two runs, two names");
    fs::remove_file(dir.path().join(&second[0])).expect("remove");

    // Links planted under the new pattern are never written through: the temporary
    // file is created exclusively, so a name that exists (a link included) is skipped.
    let target = victim(&dir);
    let mut planted = Vec::new();
    for k in 0..2000u64 {
        // Names shaped like the real ones: ten letters and digits.
        let name: String = format!("{:010}", k.wrapping_mul(2654435761) % 10_000_000_000);
        let link = dir.path().join(format!(".out.html.concord-{name}.tmp"));
        symlink(&target, &link).expect("plant link");
        planted.push(link);
    }
    for _ in 0..5 {
        let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "out.html"]);
        assert_eq!(code, 0, "{stderr}");
    }
    assert_eq!(fs::read_to_string(&target).expect("read"), VICTIM);
    assert!(planted.iter().all(|l| is_link(l)), "every planted link is still a link");
}

#[test]
fn writes_never_follow_a_link_out_of_the_negotiation_folder() {
    // amendments/ is a link to a folder of the user's: import-amendments would create
    // amendments/r1/<proposer>.yaml there.
    let dir = copy_of("tests/fixtures/compilation/drafts");
    let outside = dir.path().join("outside");
    fs::create_dir(&outside).expect("create folder");
    symlink(&outside, dir.path().join("drafts/amendments")).expect("link");
    fs::copy(crate_path("tests/fixtures/compilation/written-inputs.csv"), dir.path().join("inputs.csv")).expect("copy");
    let before = snapshot(dir.path());
    let (code, _, stderr) =
        run(dir.path(), &["--drafts", "drafts", "import-amendments", "inputs.csv", "--on", "zero-draft"]);
    assert_eq!(code, 1, "{stderr}");
    let shown = outside.display();
    assert!(
        stderr.contains(&format!(
            "error: drafts/amendments is a link to {shown}: concord does not write through links in the negotiation folder; nothing was written\n  = hint: replace the link with the folder it points to (or remove it), then run again"
        )),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()), before, "nothing written, inside or outside");

    // negotiation.yaml a link to a file inside the folder: read through, never written
    // through; the import is refused before anything is written.
    let dir = minimal_copy();
    let drafts = dir.path().join("drafts");
    fs::rename(drafts.join("negotiation.yaml"), drafts.join("master.yaml")).expect("move");
    symlink("master.yaml", drafts.join("negotiation.yaml")).expect("link");
    fs::write(dir.path().join("r3.txt"), draft(2, "r3")).expect("write draft");
    let before = snapshot(dir.path());
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "import", "r3.txt", "--as", "r3"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with(
            "error: drafts/negotiation.yaml is a link to master.yaml: concord does not write through links in the negotiation folder; nothing was written\n  = hint: replace the link with the file it points to (or remove it), then run again\n"
        ),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()), before);

    // `-o` naming a link planted inside the negotiation folder, even with --force.
    let dir = minimal_copy();
    let target = victim(&dir);
    symlink(&target, dir.path().join("drafts/report.md")).expect("link");
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "drafts/report.md", "--force"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with(&format!("error: drafts/report.md is a link to {}: ", target.display())), "{stderr}");
    assert_eq!(fs::read_to_string(&target).expect("read"), VICTIM);
    assert!(is_link(&dir.path().join("drafts/report.md")));
}

#[test]
fn a_hard_link_in_the_folder_is_replaced_never_written_into() {
    // A hard link is another name of the same file: writing into negotiation.yaml would
    // write into the file outside too. concord renames a new file over the name, so the
    // file outside keeps what it had.
    let dir = minimal_copy();
    let drafts = dir.path().join("drafts");
    let outside = dir.path().join("outside.yaml");
    fs::rename(drafts.join("negotiation.yaml"), &outside).expect("move");
    fs::hard_link(&outside, drafts.join("negotiation.yaml")).expect("hard link");
    let before = fs::read_to_string(&outside).expect("read");
    fs::write(dir.path().join("r3.txt"), draft(2, "r3")).expect("write draft");
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "import", "r3.txt", "--as", "r3"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read_to_string(&outside).expect("read"), before, "the file outside is unchanged");
    assert!(fs::read_to_string(drafts.join("negotiation.yaml")).expect("read").contains("r3"));
}

// ----- 2. two writers -----

/// Waits for `child` at most `limit`; kills it and fails the test past that.
fn wait_at_most(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn two_imports_at_once_never_lose_a_revision() {
    // Both import after r2 at the same moment. Each either lands (its revision file
    // written and listed in negotiation.yaml), or fails saying which process holds the
    // folder, having written nothing. Before the lock, one of the two was lost.
    for attempt in 0..20 {
        let dir = minimal_copy();
        for id in ["r3", "r4"] {
            fs::write(dir.path().join(format!("{id}.txt")), draft(150, id)).expect("write draft");
        }
        let spawn = |id: &str| {
            concord(dir.path())
                .args(["--drafts", "drafts", "import", &format!("{id}.txt"), "--as", id])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn("r3"), spawn("r4"));
        let outputs = [
            ("r3", wait_at_most(a, Duration::from_secs(120), "import")),
            ("r4", wait_at_most(b, Duration::from_secs(120), "import")),
        ];
        let negotiation = fs::read_to_string(dir.path().join("drafts/negotiation.yaml")).expect("read");
        let mut landed = 0;
        for (id, output) in &outputs {
            let (code, _, stderr) = text(output);
            let file = dir.path().join(format!("drafts/revisions/{id}.yaml"));
            if code == 0 {
                landed += 1;
                assert!(negotiation.contains(id), "attempt {attempt}: {id} said it was added, but:\n{negotiation}");
                assert!(file.exists(), "attempt {attempt}: {id}");
            } else {
                assert!(
                    stderr.contains("error: another process is writing into drafts (process "),
                    "attempt {attempt}: {stderr}"
                );
                assert!(stderr.contains("concord --drafts drafts import "), "names the command: {stderr}");
                assert!(stderr.contains("; nothing was written\n"), "{stderr}");
                assert!(!negotiation.contains(id), "attempt {attempt}: {id} failed but is listed");
                assert!(!file.exists(), "attempt {attempt}: {id} failed but wrote its file");
            }
        }
        assert!(landed >= 1, "attempt {attempt}: neither import landed");
        let (code, stdout, _) = run(dir.path(), &["check", "--drafts", "drafts"]);
        assert_eq!(code, 0, "attempt {attempt}:\n{stdout}");
        assert!(!dir.path().join("drafts/.concord.lock").exists(), "no lock file is written");
    }
}

#[test]
fn a_held_lock_stops_writers_at_once_and_never_readers() {
    let dir = minimal_copy();
    fs::write(dir.path().join("r3.txt"), draft(2, "r3")).expect("write draft");
    fs::write(dir.path().join("inputs.csv"), "Paragraph,Delegation,Proposed text\n1,Brazil,delete \"met\"\n")
        .expect("write");
    // The test holds the folder's lock, as a running `concord import` would: a flock on
    // the folder itself.
    let lock = fs::File::open(dir.path().join("drafts")).expect("open the folder");
    lock.try_lock().expect("lock");
    let before = snapshot(dir.path());

    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "import", "r3.txt", "--as", "r3"]);
    assert_eq!(code, 1);
    // The holder named by the kernel: this test's process and its command line.
    let holder =
        format!("error: another process is writing into drafts (process {}: hardening_writes-", std::process::id());
    assert!(stderr.starts_with(&holder), "{stderr}");
    assert!(
        stderr.ends_with("); nothing was written\n  = hint: wait for it to finish, then run this command again\n"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "import-amendments", "inputs.csv", "--on", "r2"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with(&holder), "{stderr}");
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "drafts/report.md"]);
    assert_eq!(code, 1, "-o into the folder is a write into it: {stderr}");
    assert!(stderr.starts_with(&holder), "{stderr}");
    assert_eq!(snapshot(dir.path()), before, "nothing written");

    // Readers neither wait nor take the lock; a dry run is a reader.
    for args in [
        &["check"][..],
        &["diff", "r1", "r2"],
        &["status"],
        &["report", "-o", "report.md"],
        &["import", "r3.txt", "--as", "r3", "--dry-run"],
    ] {
        let mut full = vec!["--drafts", "drafts"];
        full.extend_from_slice(args);
        let child =
            concord(dir.path()).args(&full).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let (code, _, stderr) = text(&wait_at_most(child, Duration::from_secs(60), "a read-only command"));
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    drop(lock);
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "import", "r3.txt", "--as", "r3"]);
    assert_eq!(code, 0, "once the lock is free: {stderr}");
}

// ----- 3. -o into pipes, devices and standard output -----

/// Starts `cat PATH`, which blocks until something writes into the pipe.
fn reader(path: &Path) -> Child {
    Command::new("cat").arg(path).stdout(Stdio::piped()).spawn().expect("cat runs")
}

/// What `cat` read, or None when nothing ever opened the pipe for writing.
fn read_by(cat: Child) -> Option<String> {
    let start = Instant::now();
    let mut cat = cat;
    while cat.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            let _ = cat.kill();
            let _ = cat.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(String::from_utf8_lossy(&cat.wait_with_output().expect("output").stdout).into_owned())
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success());
}

#[test]
fn output_into_a_named_pipe_or_a_link_to_one_is_written_into_it() {
    let dir = minimal_copy();
    let (_, expected, _) = run(dir.path(), &["--drafts", "drafts", "report"]);

    let pipe = dir.path().join("report.pipe");
    mkfifo(&pipe);
    let cat = reader(&pipe);
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "report.pipe", "--format", "md"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read_by(cat).as_deref(), Some(expected.as_str()), "the reader got the report");
    assert!(is_fifo(&pipe), "still a pipe");

    // A link the user made to a pipe is written through.
    let link = dir.path().join("r2.md");
    symlink(&pipe, &link).expect("link");
    let cat = reader(&pipe);
    let (code, _, stderr) = run(dir.path(), &["--drafts", "drafts", "export", "r2", "-o", "r2.md"]);
    assert_eq!(code, 0, "{stderr}");
    let got = read_by(cat).expect("the reader got the export");
    assert!(got.contains("States should fully respect the agreed norms"), "{got}");
    assert!(is_link(&link) && is_fifo(&pipe), "the link and the pipe stay");
}

#[test]
fn output_into_a_device_or_standard_output_is_written_directly() {
    let dir = minimal_copy();
    // A character device: a null device of the test's own where the test may make one
    // (as root), else /dev/null, which no other user can replace.
    let own = dir.path().join("null");
    let device = match Command::new("mknod").arg(&own).args(["c", "1", "3"]).stderr(Stdio::null()).status() {
        Ok(s) if s.success() => own,
        _ => PathBuf::from("/dev/null"),
    };
    let shown = device.to_str().expect("UTF-8");
    for args in [&["report", "-o", shown][..], &["export", "r2", "--format", "txt", "-o", shown]] {
        let mut full = vec!["--drafts", "drafts"];
        full.extend_from_slice(args);
        let (code, _, stderr) = run(dir.path(), &full);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let kind = fs::symlink_metadata(&device).expect("metadata").file_type();
        assert!(kind.is_char_device(), "{args:?} replaced the device");
    }

    // `-o -` is standard output, for report as for export.
    let (_, expected, _) = run(dir.path(), &["--drafts", "drafts", "report"]);
    let (code, stdout, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "-"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, expected);
    assert!(!dir.path().join("-").exists(), "no file named -");

    // A link to this process's standard output, a pipe with no path of its own, as
    // `/dev/stdout` is (made here: a test must not risk replacing the system's).
    let stdout_link = dir.path().join("stdout");
    symlink("/proc/self/fd/1", &stdout_link).expect("link");
    if Path::new("/proc/self/fd/1").exists() {
        let (code, stdout, stderr) = run(dir.path(), &["--drafts", "drafts", "report", "-o", "stdout"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, expected);
        assert!(is_link(&stdout_link), "the link stays");
    }
}

// ----- 4. a temporary folder that cannot hold the check -----

#[test]
fn a_temporary_folder_that_cannot_be_written_is_reported_as_such() {
    let dir = minimal_copy();
    fs::write(dir.path().join("r3.txt"), draft(3, "r3")).expect("write draft");
    let before = snapshot(&dir.path().join("drafts"));

    // TMPDIR names a file: no folder can be made in it.
    let not_a_folder = dir.path().join("not-a-folder");
    fs::write(&not_a_folder, "").expect("write");
    let output = concord(dir.path())
        .env("TMPDIR", &not_a_folder)
        .args(["--drafts", "drafts", "import", "r3.txt", "--as", "r3"])
        .output()
        .expect("concord runs");
    let (code, _, stderr) = text(&output);
    assert_eq!(code, 1);
    let tmp = not_a_folder.display();
    assert!(
        stderr.contains(&format!(
            "error: cannot check the import on a copy of the folder: cannot create a folder in {tmp}: Not a directory (os error 20); nothing was written\n  \
             = hint: concord checks the result on a copy of the negotiation folder in the temporary folder ({tmp}): make room there, or set TMPDIR to a folder with space, then run again\n"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("would not pass"), "{stderr}");
    assert_eq!(snapshot(&dir.path().join("drafts")), before);

    // A write that fails in the middle of the copy (the file-size limit stands in for a
    // full disk: with SIGXFSZ ignored, the write fails with EFBIG instead of killing).
    let dir = copy_of("drafts");
    fs::write(dir.path().join("r3.txt"), draft(3, "r3")).expect("write draft");
    let scratch = dir.path().join("tmp");
    fs::create_dir(&scratch).expect("create");
    let before = snapshot(&dir.path().join("drafts"));
    let script = "trap '' XFSZ; ulimit -c 0; ulimit -f 8; exec \"$0\" \"$@\"";
    let output = Command::new("sh")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("CONCORD_QUIET", "1")
        .env("TMPDIR", &scratch)
        .args(["-c", script, env!("CARGO_BIN_EXE_concord")])
        .args(["--drafts", "drafts", "import", "r3.txt", "--as", "r3"])
        .output()
        .expect("sh runs");
    let (code, _, stderr) = text(&output);
    assert_eq!(code, 1, "{stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: cannot check the import on a copy of the folder: cannot copy drafts/revisions/"),
        "{stderr}"
    );
    assert!(first.contains(&format!(" to {}/concord-import-", scratch.display())), "{stderr}");
    assert!(first.ends_with(": File too large (os error 27); nothing was written"), "{stderr}");
    assert!(!stderr.contains("would not pass"), "{stderr}");
    assert_eq!(snapshot(&dir.path().join("drafts")), before);
    assert_eq!(fs::read_dir(&scratch).expect("read").count(), 0, "the copy is removed");
}

// ----- check -----

#[test]
fn check_warns_about_links_and_hidden_files() {
    let dir = minimal_copy();
    let drafts = dir.path().join("drafts");
    symlink("../victim.txt", drafts.join(".negotiation.yaml.concord-77.tmp")).expect("link");
    symlink("/etc", drafts.join("revisions/etc")).expect("link");
    fs::write(drafts.join("revisions/.notes"), "").expect("write");
    fs::create_dir(drafts.join(".cache")).expect("create");
    fs::write(drafts.join(".report.html.concord-Ab3xYz09Qr.tmp"), "half a report").expect("write");
    // What a folder kept in git, or copied on a Mac, normally holds: not warned about.
    fs::create_dir(drafts.join(".git")).expect("create");
    fs::write(drafts.join(".gitignore"), "*.html\n").expect("write");
    fs::write(drafts.join("amendments/.gitkeep"), "").expect("write");
    fs::write(drafts.join(".DS_Store"), "").expect("write");
    let (code, stdout, _) = run(dir.path(), &["check", "--drafts", "drafts"]);
    assert_eq!(code, 0, "warnings only:\n{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..lines.len() - 1],
        [
            "drafts/.cache: warning: a hidden folder, not part of the negotiation",
            "  = hint: concord does not read it; remove it unless you know what it holds",
            "drafts/.negotiation.yaml.concord-77.tmp: warning: this is a link to ../victim.txt",
            "  = hint: concord never writes through links in the negotiation folder; remove the link, or replace it with what it points to",
            "drafts/.report.html.concord-Ab3xYz09Qr.tmp: warning: a temporary file left by a concord write that was interrupted",
            "  = hint: remove it",
            "drafts/revisions/.notes: warning: a hidden file, not part of the negotiation",
            "  = hint: concord does not read it; remove it unless you know what it holds",
            "drafts/revisions/etc: warning: this is a link to /etc",
            "  = hint: concord never writes through links in the negotiation folder; remove the link, or replace it with what it points to",
        ],
        "output:\n{stdout}"
    );
    assert!(lines[lines.len() - 1].ends_with("; 0 errors, 5 warnings"), "{stdout}");
}
