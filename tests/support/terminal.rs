//! `ug` on a pseudo-terminal, through util-linux `script`: run to the end
//! ([`Ug::run_in_terminal`]), or kept at a question ([`Terminal`]) so that a
//! test acts at a moment it observes, like the confirmation prompt of an
//! edit, where ug holds the lock and has written nothing yet.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use super::{Output, UG, Ug};

/// `ug ARGS` as one shell word list.
fn shell_line(args: &[&str]) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    std::iter::once(UG)
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Ug {
    /// Runs `ug` with stdin, stdout and stderr on a pseudo-terminal (through
    /// util-linux `script`), everything it printed in `stdout`. `None` when
    /// `script` is not installed.
    pub fn run_in_terminal(&self, args: &[&str]) -> Option<Output> {
        let line = shell_line(args);
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

    /// Starts `ug ARGS` on a pseudo-terminal and returns at once: the test
    /// reads what it shows ([`Terminal::wait_for`]) and types ([`Terminal::answer`]).
    /// `None` when `script` is not installed.
    pub fn terminal(&self, args: &[&str]) -> Option<Terminal> {
        // The shell says its pid, then becomes ug: the pid is ug's.
        let line = format!("echo ug-pid=$$; exec {}", shell_line(args));
        let mut cmd = self.prepare("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut script = match cmd.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("run script: {e}"),
        };
        let mut term = Terminal {
            input: script.stdin.take(),
            output: script.stdout.take().expect("script's stdout"),
            script,
            seen: String::new(),
            pid: 0,
            command: format!("(in a terminal) {}", shell_line(args)),
        };
        assert!(term.wait_for("\n"), "ug did not start: {:?}", term.seen);
        term.pid = term
            .seen
            .lines()
            .next()
            .and_then(|l| l.trim().strip_prefix("ug-pid="))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no pid from the shell: {:?}", term.seen));
        Some(term)
    }
}

/// `ug` running on a pseudo-terminal (see [`Ug::terminal`]).
pub struct Terminal {
    script: Child,
    input: Option<ChildStdin>,
    output: ChildStdout,
    /// Everything shown so far.
    pub seen: String,
    /// The `ug` process's id.
    pub pid: u32,
    command: String,
}

impl Terminal {
    /// Reads what ug shows until `text` appears (true) or ug ends (false).
    /// No time limit is needed: either happens.
    pub fn wait_for(&mut self, text: &str) -> bool {
        let mut buf = [0u8; 4096];
        while !self.seen.contains(text) {
            match self.output.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            }
        }
        true
    }

    /// Types `keys` on the terminal.
    pub fn answer(&mut self, keys: &str) {
        let input = self.input.as_mut().expect("the terminal is open");
        input
            .write_all(keys.as_bytes())
            .expect("type on the terminal");
        input.flush().expect("type on the terminal");
    }

    /// Kills ug with SIGKILL, wherever it is.
    pub fn kill(&self) {
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -KILL {}", self.pid)])
            .status()
            .expect("run sh");
        assert!(status.success(), "kill -KILL {} failed", self.pid);
    }

    /// Waits for ug to end: its exit code (`None` when killed by a signal,
    /// as `script -e` reports it: 128 + the signal) and all it showed.
    pub fn finish(mut self) -> Output {
        // The terminal stays open until ug ends: `script` waits a while
        // after its input closes.
        let mut rest = Vec::new();
        let _ = self.output.read_to_end(&mut rest);
        drop(self.input.take());
        self.seen.push_str(&String::from_utf8_lossy(&rest));
        let mut stderr = String::new();
        if let Some(mut err) = self.script.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let status = self.script.wait().expect("wait for script");
        let output = Output {
            command: self.command,
            code: status.code().filter(|c| *c < 128),
            stdout: self.seen,
            stderr,
        };
        output.assert_no_panic();
        output
    }
}
