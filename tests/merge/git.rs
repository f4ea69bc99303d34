//! Two clones of one repository holding a group file, set up with
//! `ug git-setup`, and the real `git` and `ug` run in them. Without `git`
//! these tests fail, saying so, under CI (`UG_INTEROP=1`, as `.ci/run` sets,
//! or `CI`); elsewhere they say they are skipped (the README's `cargo test`
//! needs only Rust).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `ug` binary cargo built for this test run.
pub const UG: &str = env!("CARGO_BIN_EXE_ug");

/// A bare origin and two clones `a` and `b`, with a private git config.
pub struct Clones {
    pub root: tempfile::TempDir,
    pub a: PathBuf,
    pub b: PathBuf,
}

/// True when git runs. Without it: a failure under CI, else a skip that
/// says so.
fn has_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ci = std::env::var_os("UG_INTEROP").is_some_and(|v| v == "1")
        || std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        ok || !ci,
        "git is not installed (or not on PATH): the merge tests run the real git; install it (apt-get install git)"
    );
    if !ok {
        eprintln!(
            "SKIPPED: git is not installed (apt-get install git; UG_INTEROP=1 makes this a failure)"
        );
    }
    ok
}

impl Clones {
    /// Clone `a` commits `group_text` (with `.gitignore` and what `ug
    /// git-setup` writes) and pushes; clone `b` clones it and runs `ug
    /// git-setup` too. `None` (the test is skipped) when git is missing
    /// outside CI.
    pub fn new(group_text: &str) -> Option<Clones> {
        if !has_git() {
            return None;
        }
        let root = tempfile::Builder::new()
            .prefix("ug-merge-")
            .tempdir()
            .expect("a temporary folder");
        std::fs::write(
            root.path().join("gitconfig"),
            "[user]\n\tname = Test\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n[advice]\n\tdetachedHead = false\n",
        )
        .unwrap();
        let c = Clones {
            a: root.path().join("a"),
            b: root.path().join("b"),
            root,
        };
        c.git(c.root.path(), &["init", "-q", "--bare", "origin.git"]);
        c.git(c.root.path(), &["clone", "-q", "origin.git", "a"]);
        std::fs::write(c.a.join("group.toml"), group_text).unwrap();
        std::fs::write(c.a.join(".gitignore"), "outbox/\n*.lock\n*.cache\n").unwrap();
        // Tracked from the start, so that `commit_tracked` takes what is sent.
        std::fs::write(c.a.join("group.sent.log"), "").unwrap();
        // The group's secret, shared like the sent log (SPEC 11): one key
        // for both, made before either sends (each would make its own).
        std::fs::write(c.a.join("group.key"), format!("{}\n", "5a".repeat(32))).unwrap();
        c.ok(&c.a, "2026-11-01", &["git-setup"]);
        c.commit(&c.a, "the group");
        c.git(&c.a, &["push", "-q", "origin", "HEAD:main"]);
        c.git(c.root.path(), &["clone", "-q", "origin.git", "b"]);
        c.ok(&c.b, "2026-11-01", &["git-setup"]);
        Some(c)
    }

    fn env(&self, cmd: &mut Command) {
        let ug_dir = Path::new(UG).parent().unwrap();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![ug_dir.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        cmd.env_clear()
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("HOME", self.root.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.root.path().join("gitconfig"));
    }

    /// Runs git in `dir`; panics with its output when it fails.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_status(dir, args);
        assert!(
            out.status.success(),
            "git {args:?} failed in {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git_status(&self, dir: &Path, args: &[&str]) -> Output {
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        cmd.args(args).current_dir(dir).output().expect("run git")
    }

    /// Runs `ug` in `dir` on that day.
    pub fn ug(&self, dir: &Path, now: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new(UG);
        self.env(&mut cmd);
        cmd.env("UG_NOW", now)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run ug")
    }

    /// Runs `ug`; panics unless it exits 0. Its stdout.
    pub fn ok(&self, dir: &Path, now: &str, args: &[&str]) -> String {
        let out = self.ug(dir, now, args);
        assert!(
            out.status.success(),
            "ug {args:?} failed in {}:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Commits everything (nothing to commit is fine).
    pub fn commit(&self, dir: &Path, message: &str) {
        self.git(dir, &["add", "-A"]);
        self.git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// Commits the changes of tracked files: one git process, for the rounds.
    pub fn commit_tracked(&self, dir: &Path, message: &str) {
        self.git(dir, &["commit", "-q", "-a", "--allow-empty", "-m", message]);
    }

    pub fn read(&self, dir: &Path, file: &str) -> String {
        std::fs::read_to_string(dir.join(file)).unwrap_or_default()
    }
}

/// The keys of a sent log (its second field), one per sent or skipped message.
pub fn sent_keys(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.split('\t').nth(1))
        .map(str::to_string)
        .collect()
}
