//! The harness: runs the real `ug` binary in a fresh temporary folder with a
//! cleared environment and a pinned `UG_NOW`, and checks what it did.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `ug` binary cargo built for this test run.
pub const UG: &str = env!("CARGO_BIN_EXE_ug");

/// "Now" for every run unless a test says otherwise.
pub const NOW: &str = "2026-11-26";

/// The crate's own folder, for `group.toml`, `examples/` and `tests/fixtures/`.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The contents of a file in the crate, e.g. `repo_file("group.toml")`.
pub fn repo_file(rel: &str) -> String {
    let path = repo(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A small valid group: two organizers (so no co-organizer warning), a
/// venue, a sponsor, an event and three tasks. Tasks come last, so an added
/// task is appended at the very end of the file.
pub const SMALL_GROUP: &str = r#"# A small group for the tests.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"
city = "Riverside"

[[people]]
id = "ann"
name = "Ann Example"
email = "ann@example.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Example"
email = "bo@example.org"
roles = ["co-organizer", "contact"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"

[[venues]]
id = "hall"
name = "Town Hall"
capacity = 60
contact = "bo"

[[sponsors]]
id = "pizzaco"
name = "Pizza Co"
provides = "pizza"
contact = "bo"

[[events]]
id = "2026-12-08"
title = "December talks"
start = 2026-12-08T18:30:00
venue = "hall"
sponsors = ["pizzaco"]
status = "confirmed"

[[tasks]]
id = 1
title = "Confirm the room"
owner = "ann"
due = 2026-11-20
status = "open"

[[tasks]]
id = 2
title = "Find two speakers"
owner = "bo"
due = 2026-11-30
status = "open"

[[tasks]]
id = 3
title = "Order pizza"
owner = "ann"
due = 2026-12-07
event = "2026-12-08"
status = "open"
"#;

/// One `ug` invocation in its own temporary folder (which is also `$HOME`).
pub struct Ug {
    dir: tempfile::TempDir,
    args: Vec<OsString>,
    env: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
    cwd: Option<PathBuf>,
}

impl Ug {
    pub fn new() -> Ug {
        let dir = tempfile::Builder::new()
            .prefix("ug-test-")
            .tempdir()
            .expect("create a temporary folder");
        Ug {
            dir,
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            cwd: None,
        }
    }

    /// A temporary folder holding `group.toml` with these contents.
    pub fn with_group(contents: &str) -> Ug {
        Ug::new().file("group.toml", contents)
    }

    /// Writes a file (creating its folders) relative to the temporary folder.
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Ug {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Ug
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Ug {
        self.env.push((key.into(), Some(value.as_ref().to_owned())));
        self
    }

    /// Leaves a variable unset, even one the harness sets by default (`UG_NOW`).
    pub fn env_remove(mut self, key: &str) -> Ug {
        self.env.push((key.into(), None));
        self
    }

    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Ug {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Runs in this subfolder of the temporary folder (created if missing).
    pub fn current_dir(mut self, rel: &str) -> Ug {
        fs::create_dir_all(self.path(rel)).expect("create the working folder");
        self.cwd = Some(rel.into());
        self
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Files in the temporary folder other than group.toml: what a writer
    /// left behind (a writer's temporary file, say).
    pub fn leftovers(&self) -> Vec<String> {
        fs::read_dir(self.dir())
            .expect("list the temporary folder")
            .map(|e| {
                e.expect("read the folder")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n != "group.toml")
            .collect()
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The command, environment cleared: only `PATH`, `HOME` and `UG_NOW`,
    /// plus what the test adds. For tests that spawn and kill processes.
    pub fn command(&self) -> Command {
        self.command_with(&self.args)
    }

    fn command_with(&self, args: &[OsString]) -> Command {
        let mut cmd = self.prepare(UG);
        cmd.args(args);
        cmd
    }

    /// `program` with the cleared environment, in the working folder.
    fn prepare(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("UG_NOW", NOW);
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in &self.env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.current_dir(match &self.cwd {
            Some(rel) => self.dir.path().join(rel),
            None => self.dir.path().to_path_buf(),
        });
        cmd
    }

    /// Runs `ug` with the arguments given by `args` and waits for it.
    pub fn run(&self) -> Output {
        self.execute(&self.args)
    }

    /// Runs `ug` with stdin, stdout and stderr on a pseudo-terminal (through
    /// util-linux `script`), everything it printed in `stdout`. `None` when
    /// `script` is not installed.
    pub fn run_in_terminal(&self, args: &[&str]) -> Option<Output> {
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let line = std::iter::once(UG)
            .chain(args.iter().copied())
            .map(quote)
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = self.prepare("script");
        cmd.args(["-qec", &line, "/dev/null"]).stdin(Stdio::null());
        let out = match cmd.output() {
            Ok(out) => out,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("run script: {e}"),
        };
        let output = Output {
            command: format!("(in a terminal) {line}"),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        output.assert_no_panic();
        Some(output)
    }

    /// Runs `ug` with these arguments instead, in the same folder and environment.
    pub fn run_with<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        self.execute(&args)
    }

    fn execute(&self, args: &[OsString]) -> Output {
        let mut cmd = self.command_with(args);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = cmd.spawn().expect("start ug");
        if let Some(input) = &self.stdin {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            // ug may exit without reading: a closed pipe is not a test failure.
            let _ = pipe.write_all(input);
        }
        let out = child.wait_with_output().expect("wait for ug");
        let output = Output {
            command: format!(
                "ug {}",
                args.iter()
                    .map(|a| a.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        output.assert_no_panic();
        output
    }
}

/// What one run did.
#[derive(Debug)]
pub struct Output {
    pub command: String,
    /// `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    fn context(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "\n--- command: {}\n--- exit: {:?}\n--- stdout:\n{}\n--- stderr:\n{}\n---",
            self.command, self.code, self.stdout, self.stderr
        );
        s
    }

    /// A panic is a bug whatever the input: every run is checked for one.
    pub fn assert_no_panic(&self) -> &Output {
        assert!(
            !self.stderr.contains("panicked") && self.code != Some(101),
            "ug panicked{}",
            self.context()
        );
        self
    }

    pub fn code(&self, expected: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code{}",
            self.context()
        );
        self
    }

    pub fn success(&self) -> &Output {
        self.code(0)
    }

    pub fn stdout_has(&self, needle: &str) -> &Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}{}",
            self.context()
        );
        self
    }

    pub fn stderr_has(&self, needle: &str) -> &Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}{}",
            self.context()
        );
        self
    }

    pub fn stdout_empty(&self) -> &Output {
        assert!(
            self.stdout.is_empty(),
            "stdout should be empty{}",
            self.context()
        );
        self
    }

    /// Stdout as JSON (the whole of it: nothing else may be printed there).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}{}", self.context()))
    }
}

/// Parses with the real `toml` crate: what ug writes must be TOML to everyone.
pub fn parse_toml(text: &str) -> toml::Table {
    text.parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("not valid TOML: {e}\n{text}"))
}

/// The `[[tasks]]` of a parsed file.
pub fn tasks(doc: &toml::Table) -> Vec<toml::Table> {
    match doc.get("tasks") {
        Some(toml::Value::Array(a)) => a
            .iter()
            .map(|t| t.as_table().expect("a task table").clone())
            .collect(),
        None => Vec::new(),
        Some(other) => panic!("tasks is not an array: {other:?}"),
    }
}

/// The task ids of a file's text, in file order.
pub fn task_ids(text: &str) -> Vec<i64> {
    tasks(&parse_toml(text))
        .iter()
        .map(|t| t["id"].as_integer().expect("integer id"))
        .collect()
}

/// Lines of `expected` and `actual` that differ, for readable failures.
pub fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (
        expected.split_inclusive('\n').collect(),
        actual.split_inclusive('\n').collect(),
    );
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            let _ = writeln!(
                out,
                "line {}:\n  expected {:?}\n  actual   {:?}",
                i + 1,
                x,
                y
            );
        }
    }
    out
}

/// A small deterministic generator (xorshift64*): repeatable "random" delays
/// and bytes without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A valid group file with `members` members: big enough that parsing it
/// takes a noticeable time, for tests that need to act while ug works.
pub fn large_group(members: usize) -> String {
    let mut s = String::from(SMALL_GROUP);
    // Members go before the tasks so that tasks stay last in the file.
    let at = s.find("[[tasks]]").expect("tasks in SMALL_GROUP");
    let mut block = String::new();
    for i in 0..members {
        let _ = write!(
            block,
            "[[members]]\nname = \"Member {i}\"\nemail = \"member{i}@example.com\"\njoined = 2025-03-01\n\n"
        );
    }
    s.insert_str(at, &block);
    s
}
