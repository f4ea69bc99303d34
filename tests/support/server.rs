//! The test SMTP server as the tests use it ([`Server`]: our own, in the test
//! process, over TCP on 127.0.0.1, with fault injection: `smtp.rs`), a port
//! where nothing listens ([`refusing_port`]), and the remind fixture
//! (`tests/remind/group.toml`) pointed at a server's port.

use std::collections::BTreeSet;
use std::fs;
use std::time::Duration;

use super::inspect::{Mail, parse};
use super::smtp::{Faults, Received, SmtpServer};
use super::{Ug, repo};

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

    /// Takes the server down (421 to every connection) or back up.
    pub fn set_down(&self, down: bool) {
        self.smtp.set_down(down);
    }

    /// Every AUTH exchange so far.
    pub fn auths(&self) -> Vec<super::smtp::Auth> {
        self.smtp.auths()
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

    /// Ends the `stall_after` stall (see [`SmtpServer::release`]).
    pub fn release(&self) {
        self.smtp.release();
    }
}

impl Ug {
    /// The remind fixture (`tests/remind/group.toml`: an event, six members,
    /// `[email]` over SMTP) with `port` filled in; `edit` may change the text
    /// further. Retries wait 20 ms, not seconds.
    pub fn remind_fixture(port: u16, edit: impl FnOnce(String) -> String) -> Ug {
        let path = repo("tests/remind/group.toml");
        let text = fs::read_to_string(&path).unwrap();
        let text = edit(text.replace("port = PORT", &format!("port = {port}")));
        Ug::with_group(&text).env("UG_RETRY_BASE_MS", "20")
    }
}

/// The remind fixture's announce day, as received: one message to each
/// subscribed member, addressed to that member alone, with the event in
/// text, HTML and iCalendar, and nothing a strict reader would object to.
#[track_caller]
pub fn assert_announced(mail: &[Mail]) {
    assert_eq!(mail.len(), MEMBERS.len(), "{mail:#?}");
    let rcpts: BTreeSet<&str> = mail.iter().map(Mail::rcpt).collect();
    assert_eq!(rcpts, MEMBERS.into_iter().collect());
    for m in mail {
        assert_eq!(m.envelope_to.len(), 1, "{m:#?}");
        assert_eq!(m.to, vec![m.rcpt().to_string()]);
        assert!(m.message_id.contains("announce"), "{}", m.message_id);
        assert!(m.subject.contains("December talks night"), "{}", m.subject);
        assert!(m.parts.iter().any(|p| p == "text/plain"), "{:?}", m.parts);
        assert!(m.parts.iter().any(|p| p == "text/html"), "{:?}", m.parts);
        let cal = m
            .calendar
            .as_deref()
            .unwrap_or_else(|| panic!("no text/calendar part: {m:#?}"));
        assert!(
            cal.contains("BEGIN:VEVENT") && cal.contains("Europe/Berlin"),
            "{cal}"
        );
        assert!(m.defects.is_empty(), "{m:#?}");
    }
}

/// The subscribed members of the remind fixture.
pub const MEMBERS: [&str; 5] = [
    "mia@members.example",
    "noah@members.example",
    "olga@members.example",
    "paul@members.example",
    "quinn@members.example",
];
pub const UNSUBSCRIBED: &str = "rita@members.example";
