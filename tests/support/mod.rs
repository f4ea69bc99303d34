//! The one harness of every test target (`#[path = "support/mod.rs"] mod
//! support;`): runs the real `ug` binary in a fresh temporary folder with a
//! cleared environment and a pinned `UG_NOW` ([`Ug`]), checks what it did
//! ([`Output`]), and holds what the targets share: the groups they start
//! from (`groups.rs`), the changed-lines checks of an edit (`lines.rs`), the
//! SMTP server `cargo test` starts itself, with its faults and TLS (`smtp.rs`,
//! `server.rs`, throwaway certificates in `tls.rs`), the received mail parsed back (`inspect.rs`), and `ug` on a
//! terminal (`terminal.rs`). Nothing outside the Rust toolchain is needed
//! (`script`, from util-linux, for the terminal; a test without it skips).
#![allow(dead_code)]

mod groups;
mod inspect;
mod lines;
mod server;
mod smtp;
mod terminal;
mod tls;

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// What a target does not use of these is not a warning: each target uses
// a part of the harness.
#[allow(unused_imports)]
pub use groups::{SAMPLE, SMALL_GROUP, large_group, yes_rsvps};
#[allow(unused_imports)]
pub use inspect::{Mail, parse, parse_mail};
#[allow(unused_imports)]
pub use lines::{Line, changed_span, insert_lines, line_diff, line_of, lines, remove_lines};
#[allow(unused_imports)]
pub use server::{MEMBERS, RefusingPort, Server, UNSUBSCRIBED, assert_announced, refusing_port};
#[allow(unused_imports)]
pub use smtp::{Auth, Faults, Received, SmtpServer, Tls};
#[allow(unused_imports)]
pub use terminal::Terminal;
#[allow(unused_imports)]
pub use tls::TestCa;

/// The `ug` binary cargo built for this test run.
pub const UG: &str = env!("CARGO_BIN_EXE_ug");

/// The group's secret in every test folder made by [`Ug::with_group`]: the
/// tokens of the inbox fixtures are made with it
/// (`tests/fixtures/inbox/retoken.py`; [`token`] makes more).
pub const TEST_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// The token ug gives mail of `kind` about `middle` to `to`, under [`TEST_KEY`].
pub fn token(kind: &str, middle: &str, to: &str) -> String {
    test_keys().token(kind, &usergroup::token::clean(middle), to)
}

/// ug's Message-ID (no brackets) for mail of `kind` about `middle` to `to`
/// at `domain`, under [`TEST_KEY`].
pub fn ug_message_id(kind: &str, middle: &str, to: &str, domain: &str) -> String {
    test_keys().message_id(kind, middle, to, domain)
}

/// The `[ug:TOKEN]` tag of an RSVP link for `event` to `to`, under [`TEST_KEY`].
pub fn rsvp_tag(event: &str, to: &str) -> String {
    test_keys().tag(&usergroup::token::Purpose::Rsvp(event), to)
}

/// The `[ug:TOKEN]` tag of an unsubscribe link to `to`, under [`TEST_KEY`].
pub fn unsubscribe_tag(to: &str) -> String {
    test_keys().tag(&usergroup::token::Purpose::Unsubscribe, to)
}

fn test_keys() -> usergroup::token::Keys {
    let bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&TEST_KEY[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    usergroup::token::Keys::from_secrets(&[&bytes])
}

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

/// A temporary folder (which is also `$HOME`), usually holding a group file,
/// and the `ug` runs in it: each with the environment cleared but for `PATH`,
/// `HOME`, `UG_NOW` and what the test adds.
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

    /// A temporary folder holding `group.toml` with these contents, and
    /// `group.key` holding [`TEST_KEY`] (so tokens in fixtures verify).
    pub fn with_group(contents: &str) -> Ug {
        let ug = Ug::new()
            .file("group.toml", contents)
            .file("group.key", format!("{TEST_KEY}\n"));
        // As ug makes it: readable by its owner only (`ug check` warns otherwise).
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(ug.path("group.key"), fs::Permissions::from_mode(0o600))
            .expect("chmod group.key");
        ug
    }

    /// A temporary folder holding a copy of the bundled `group.toml`.
    pub fn sample() -> Ug {
        Ug::with_group(SAMPLE)
    }

    /// Pins "now" to another day (or date-time) for every run.
    pub fn at(self, now: &str) -> Ug {
        self.env("UG_NOW", now)
    }

    /// The `UG_NOW` the runs get ("" once the test removed it).
    pub fn now(&self) -> String {
        match self.env.iter().rev().find(|(k, _)| k == "UG_NOW") {
            Some((_, v)) => v
                .as_ref()
                .map_or(String::new(), |v| v.to_string_lossy().into_owned()),
            None => NOW.to_string(),
        }
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

    /// The group file's text now.
    pub fn text(&self) -> String {
        self.read("group.toml")
    }

    /// The sent log's lines (none when there is no log yet).
    pub fn log(&self) -> Vec<String> {
        // A run killed mid-send leaves the room it made for the next lines
        // (zeros) at the end: not lines.
        fs::read_to_string(self.path("group.sent.log"))
            .unwrap_or_default()
            .trim_end_matches('\0')
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Files in the temporary folder other than group.toml and group.key: what a writer
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
            .filter(|n| n != "group.toml" && n != "group.key")
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

    /// Starts `ug ARGS` without waiting for it: stdin and stdout closed,
    /// stderr piped (read it with `wait_with_output`).
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.spawn_command(self.command_with(&os_args(args)))
    }

    /// Starts `ug ARGS` on the day `now` without waiting for it (see `spawn`).
    pub fn spawn_at(&self, now: &str, args: &[&str]) -> Child {
        let mut cmd = self.command_with(&os_args(args));
        cmd.env("UG_NOW", now);
        self.spawn_command(cmd)
    }

    fn spawn_command(&self, mut cmd: Command) -> Child {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ug")
    }

    fn command_with(&self, args: &[OsString]) -> Command {
        let mut cmd = self.prepare(UG);
        cmd.args(args);
        cmd
    }

    /// `program` with the cleared environment, in the working folder: for
    /// running `ug` through another program (`script`, `sh`).
    pub fn prepare(&self, program: &str) -> Command {
        let mut cmd = cleared(program, self.dir.path(), NOW);
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

    /// Runs `ug` with these arguments instead, in the same folder and environment.
    pub fn run_with<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        self.execute(&args)
    }

    /// Runs `ug ARGS` on the day `now` instead of the folder's own.
    pub fn run_at(&self, now: &str, args: &[&str]) -> Output {
        let args = os_args(args);
        let mut cmd = self.command_with(&args);
        cmd.env("UG_NOW", now);
        self.execute_command(cmd, &args)
    }

    fn execute(&self, args: &[OsString]) -> Output {
        self.execute_command(self.command_with(args), args)
    }

    fn execute_command(&self, mut cmd: Command, args: &[OsString]) -> Output {
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
    #[track_caller]
    pub fn assert_no_panic(&self) -> &Output {
        assert!(
            !self.stderr.contains("panicked") && self.code != Some(101),
            "ug panicked{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn code(&self, expected: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Output {
        self.code(0)
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stdout_empty(&self) -> &Output {
        assert!(
            self.stdout.is_empty(),
            "stdout should be empty{}",
            self.context()
        );
        self
    }

    /// Stdout as JSON (the whole of it: nothing else may be printed there).
    #[track_caller]
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

/// The task with this id of a file's text.
#[track_caller]
pub fn find_task(text: &str, id: i64) -> toml::Table {
    tasks(&parse_toml(text))
        .into_iter()
        .find(|t| t["id"].as_integer() == Some(id))
        .unwrap_or_else(|| panic!("no task {id}"))
}

impl Ug {
    /// The task with this id of the group file, parsed back.
    #[track_caller]
    pub fn task(&self, id: i64) -> toml::Table {
        find_task(&self.text(), id)
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

/// `program` with the environment cleared, in `dir` (also `$HOME`), on the
/// day `now`: only `PATH`, `HOME` and `UG_NOW`. Every run of `ug` in the
/// tests starts from this.
pub fn cleared(program: &str, dir: &Path, now: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("HOME", dir)
        .env("UG_NOW", now)
        .current_dir(dir);
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd
}

fn os_args(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Polls `cond` until it holds; fails the test after `limit`. For what only
/// shows outside the test process (a file another process writes): the
/// wait ends on the event, the limit only bounds a failure.
#[track_caller]
pub fn wait_until(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    let mut nap = Duration::from_micros(100);
    while !cond() {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(10));
    }
}

/// No 4-character piece of `secret` (a password, a token) is anywhere in
/// `texts`.
#[track_caller]
pub fn assert_no_part_of(secret: &str, texts: &[&str]) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(4) {
        let piece: String = w.iter().collect();
        for t in texts {
            assert!(
                !t.contains(&piece),
                "{piece:?} of the secret shown in:\n{t}"
            );
        }
    }
}

/// A run's standard output and error, to search both.
pub fn everything(out: &Output) -> [&str; 2] {
    [&out.stdout, &out.stderr]
}
