//! The remind tests' harness: a real SMTP server over TCP on 127.0.0.1 (our
//! own, in the test process, with fault injection: `smtp.rs`), a group in a
//! temporary folder, the real `ug` binary with a cleared environment and a
//! pinned `UG_NOW`, and the received mail parsed with mail-parser
//! (`inspect.rs`). Nothing outside the Rust toolchain is needed.

#[path = "inspect.rs"]
mod inspect;
#[path = "smtp.rs"]
mod smtp;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub use inspect::{Mail, parse, parse_mail};
pub use smtp::{Faults, Received, SmtpServer};

pub const UG: &str = env!("CARGO_BIN_EXE_ug");

pub fn here(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/remind")
        .join(rel)
}

/// A port on 127.0.0.1 where nothing listens: a socket is bound there and
/// kept, but never listens, so a connection is refused and no other program
/// can take the port while the guard lives.
pub struct RefusingPort {
    _socket: socket2::Socket,
    pub port: u16,
}

pub fn refusing_port() -> RefusingPort {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
    let any: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    socket.bind(&any.into()).expect("bind 127.0.0.1:0");
    let port = socket
        .local_addr()
        .ok()
        .and_then(|a| a.as_socket())
        .expect("the bound address")
        .port();
    RefusingPort {
        _socket: socket,
        port,
    }
}

/// The test SMTP server; stopped on drop.
pub struct Server {
    smtp: SmtpServer,
    pub port: u16,
}

impl Server {
    /// A server with these faults.
    pub fn start(faults: Faults) -> Server {
        let smtp = SmtpServer::start(faults);
        Server {
            port: smtp.port(),
            smtp,
        }
    }

    /// A plain, correct server.
    pub fn plain() -> Server {
        Server::start(Faults::default())
    }

    /// Every message received so far, parsed, in the order accepted.
    pub fn mail(&self) -> Vec<Mail> {
        self.smtp
            .received()
            .iter()
            .map(|r| parse(&r.data, Some((&r.mail_from, &r.rcpt_to))))
            .collect()
    }

    /// Every message received so far, as received.
    pub fn received(&self) -> Vec<Received> {
        self.smtp.received()
    }

    /// How many connections ug opened so far.
    pub fn connections(&self) -> usize {
        self.smtp.connections()
    }

    /// Waits until the server holds a MAIL FROM unanswered (`stall_after`).
    #[track_caller]
    pub fn wait_stalled(&self) {
        assert!(
            self.smtp.wait_stalled(Duration::from_secs(20)),
            "the server never stalled: {} messages received",
            self.smtp.received().len()
        );
    }
}

/// Polls `cond` every 10 ms until it holds; fails the test after `limit`.
#[track_caller]
pub fn wait_until(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
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
