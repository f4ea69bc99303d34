//! The remind tests' harness: a real SMTP server process (Debian's
//! python3-aiosmtpd, or our fault-injecting script on top of it), a group in
//! a temporary folder, the real `ug` binary with a cleared environment and a
//! pinned `UG_NOW`, and the received mail parsed by Python's email package.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const UG: &str = env!("CARGO_BIN_EXE_ug");
/// Debian's interpreter, which has python3-aiosmtpd (a `python3` on PATH may not).
pub const PY: &str = "/usr/bin/python3";

pub fn here(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/remind")
        .join(rel)
}

/// Fails the test with the fix when aiosmtpd is missing.
pub fn require_aiosmtpd() {
    let ok = Command::new(PY)
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{PY} cannot import aiosmtpd: the remind tests need a real SMTP server; \
         install it with `apt-get install python3-aiosmtpd`"
    );
}

pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().unwrap().port()
}

/// A running SMTP server process; killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    pub maildir: PathBuf,
}

impl Server {
    /// `python3 -m aiosmtpd` with its Maildir handler: a plain, correct server.
    pub fn aiosmtpd(root: &Path) -> Server {
        require_aiosmtpd();
        let maildir = root.join("maildir");
        for sub in ["new", "cur", "tmp"] {
            fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        let port = free_port();
        let child = Command::new(PY)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let s = Server {
            child,
            port,
            maildir,
        };
        s.wait_ready();
        s
    }

    /// `tests/remind/smtp_server.py` with fault flags (see the script).
    pub fn faulty(root: &Path, flags: &[&str]) -> Server {
        require_aiosmtpd();
        let maildir = root.join("maildir");
        let port = free_port();
        let mut child = Command::new(PY)
            .arg(here("smtp_server.py"))
            .arg("--port")
            .arg(port.to_string())
            .arg("--maildir")
            .arg(&maildir)
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start smtp_server.py");
        let mut line = String::new();
        let out = child.stdout.take().unwrap();
        BufReader::new(out).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "smtp_server.py did not start");
        let s = Server {
            child,
            port,
            maildir,
        };
        s.wait_ready();
        s
    }

    fn wait_ready(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(mut c) = TcpStream::connect(("127.0.0.1", self.port)) {
                c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut buf = [0u8; 3];
                if c.read_exact(&mut buf).is_ok() && &buf == b"220" {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the SMTP server on port {} never answered", self.port);
    }

    /// Every message received so far, parsed.
    pub fn mail(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.maildir.join("new"))
            .map(|rd| rd.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        parse_mail(&files)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A message as Python's email package read it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Mail {
    pub envelope_to: Vec<String>,
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub bcc: String,
    pub parts: Vec<String>,
    pub calendar: Option<String>,
    pub defects: Vec<String>,
}

impl Mail {
    /// The recipient: the envelope's, else the To header's.
    pub fn rcpt(&self) -> &str {
        self.envelope_to
            .first()
            .or(self.to.first())
            .map_or("", String::as_str)
    }
}

pub fn parse_mail(files: &[PathBuf]) -> Vec<Mail> {
    if files.is_empty() {
        return Vec::new();
    }
    let out = Command::new(PY)
        .arg(here("inspect_mail.py"))
        .args(files)
        .output()
        .expect("run inspect_mail.py");
    assert!(
        out.status.success(),
        "inspect_mail.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("inspect_mail.py JSON")
}

/// A group in a temporary folder, made from the fixture.
pub struct Group {
    pub dir: tempfile::TempDir,
    pub env: Vec<(String, String)>,
}

impl Group {
    /// The fixture with `port` filled in; `edit` may change the text further.
    pub fn new(port: u16, edit: impl FnOnce(String) -> String) -> Group {
        let text = fs::read_to_string(here("group.toml")).unwrap();
        let text = edit(text.replace("port = PORT", &format!("port = {port}")));
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("group.toml"), text).unwrap();
        Group {
            dir,
            env: Vec::new(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn text(&self) -> String {
        fs::read_to_string(self.path("group.toml")).unwrap()
    }

    /// Runs `ug ARGS` on the day `now`, with stdin not a terminal.
    pub fn ug(&self, now: &str, args: &[&str]) -> Run {
        Run(self.command(now, args).output().expect("run ug"))
    }

    /// Starts `ug ARGS` without waiting for it.
    pub fn spawn(&self, now: &str, args: &[&str]) -> Child {
        self.command(now, args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ug")
    }

    fn command(&self, now: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(UG);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("UG_NOW", now)
            .env("UG_RETRY_BASE_MS", "20")
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// The sent log's lines.
    pub fn log(&self) -> Vec<String> {
        fs::read_to_string(self.path("group.sent.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "ug failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn fails(&self) -> &Self {
        assert_eq!(
            self.code(),
            1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// The subscribed members of the fixture.
pub const MEMBERS: [&str; 5] = [
    "mia@members.example",
    "noah@members.example",
    "olga@members.example",
    "paul@members.example",
    "quinn@members.example",
];
pub const UNSUBSCRIBED: &str = "rita@members.example";
