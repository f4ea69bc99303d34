//! SPEC §11 over IMAP on a real Dovecot: a stranger's forged mail, APPENDed
//! to the INBOX with the INTERNALDATE a mail server would give it, next to
//! a member's real replies. `ug inbox` acts only on the proven ones, lists
//! the rest for a person or asks to confirm, judges time by INTERNALDATE
//! (never `Date:` or `Received:`), handles each message once, and leaves
//! the mailbox as it found it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use serde_json::Value;

use super::imap::{Dovecot, PASSWORD, USER, have_dovecot};
use crate::support::{Ug, parse_toml, ug_message_id};

/// A group with an announced event (RSVPs close a week before: Dec 1
/// 18:30 Berlin), a planned one whose venue task is open, a talk asked
/// of Kofi, and four members; reading Dovecot's INBOX at `port`.
fn group(port: u16) -> Ug {
    let text = format!(
        r#"[group]
name = "Rust Lakeside"
timezone = "Europe/Berlin"
city = "Lakeside"

[[people]]
id = "maya"
name = "Maya Organizer"
email = "maya@example.org"
roles = ["organizer"]

[[people]]
id = "dana"
name = "Dana Whitfield"
email = "dana.w@gmail.com"
roles = ["helper"]

[[people]]
id = "kofi"
name = "Kofi Mensah"
email = "kofi@example.net"

[schedule]
rule = "second tuesday monthly"
time = "18:30"

[[venues]]
id = "lakeview"
name = "Lakeview Coworking"
capacity = 60
contact = "maya"

[[members]]
name = "Ann Müller"
email = "ann.mueller@gmail.com"
joined = 2025-03-01

[[members]]
name = "Chris P"
email = "chris.p@example.com"
joined = 2025-03-01

[[members]]
name = "Lee Park"
email = "lee@example.com"
joined = 2025-03-01

[[members]]
name = "Sam Rivera"
email = "sam@example.com"
joined = 2025-03-01

[[events]]
id = "2026-12-08"
title = "Async in practice"
start = 2026-12-08T18:30:00
venue = "lakeview"
status = "announced"

[[events]]
id = "2027-01-12"
title = "Embedded Rust"
start = 2027-01-12T18:30:00
venue = "lakeview"
status = "planned"

[[tasks]]
id = 3
title = "Confirm Lakeview Coworking with Maya"
owner = "dana"
due = 2026-12-22
event = "2027-01-12"
status = "open"
confirms = "venue"

[[talks]]
id = 5
title = "Embassy on a Pico"
speaker = "kofi"
kind = "talk"
status = "asked"
asked_on = 2026-11-20

[signups]
closes = "168h"

[email]
from = "Rust Lakeside <organizers@example.org>"
reply_to = "rsvp@example.org"
transport = "file"

[inbox]
answer_within = "2d"

[inbox.imap]
host = "127.0.0.1"
port = {port}
security = "none"
username = "{USER}"
password_env = "UG_TEST_IMAP_PASSWORD"
"#
    );
    Ug::with_group(&text)
        .at("2026-12-03T10:00:00")
        .env("UG_TEST_IMAP_PASSWORD", PASSWORD)
}

/// A plain-text mail from `from` with `headers` (each ending in CRLF).
fn mail(from: &str, headers: &str, subject: &str, body: &str) -> String {
    format!(
        "{headers}From: {from}\r\nTo: Rust Lakeside <rsvp@example.org>\r\n\
         Subject: {subject}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

/// A reply to ug's Message-ID `to_id` (no brackets), with its own `id`.
fn reply(from: &str, id: &str, to_id: &str, subject: &str, body: &str) -> String {
    mail(
        from,
        &format!("Message-ID: <{id}>\r\nIn-Reply-To: <{to_id}>\r\nReferences: <{to_id}>\r\n"),
        subject,
        &format!("{body}\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Rust Lakeside wrote:\r\n> ..."),
    )
}

/// An IMAP client just good enough to APPEND: logs in over plain IMAP.
struct Appender {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    tag: u32,
}

impl Appender {
    fn login(port: u16) -> Appender {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut a = Appender {
            reader: BufReader::new(stream.try_clone().unwrap()),
            stream,
            tag: 0,
        };
        let greeting = a.line();
        assert!(greeting.starts_with("* OK"), "{greeting}");
        a.command(&format!("LOGIN \"{USER}\" \"{PASSWORD}\""));
        a
    }

    fn line(&mut self) -> String {
        let mut l = String::new();
        self.reader.read_line(&mut l).unwrap();
        assert!(!l.is_empty(), "Dovecot closed the connection");
        l
    }

    /// Sends `cmd` (with `literal` after a continuation) and reads up to
    /// its tagged answer, which must be OK.
    fn send(&mut self, cmd: &str, literal: Option<&[u8]>) {
        self.tag += 1;
        let tag = format!("a{}", self.tag);
        write!(self.stream, "{tag} {cmd}\r\n").unwrap();
        if let Some(bytes) = literal {
            let go = self.line();
            assert!(go.starts_with('+'), "{cmd}: {go}");
            self.stream.write_all(bytes).unwrap();
            self.stream.write_all(b"\r\n").unwrap();
        }
        loop {
            let l = self.line();
            if let Some(rest) = l.strip_prefix(&format!("{tag} ")) {
                assert!(rest.starts_with("OK"), "{cmd}: {l}");
                return;
            }
        }
    }

    fn command(&mut self, cmd: &str) {
        self.send(cmd, None);
    }

    /// APPENDs `mail` to the INBOX, unflagged, delivered at `date`
    /// ("02-Dec-2026 10:00:00 +0100").
    fn append(&mut self, date: &str, mail: &str) {
        let cmd = format!("APPEND INBOX () \"{date}\" {{{}}}", mail.len());
        self.send(&cmd, Some(mail.as_bytes()));
    }
}

/// The message of the `--json` run from `from` with `subject`.
fn message<'a>(v: &'a Value, from: &str, subject: &str) -> &'a Value {
    v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["from"] == from && m["subject"].as_str().is_some_and(|s| s.contains(subject)))
        .unwrap_or_else(|| panic!("no message from {from} about {subject:?}: {v:#}"))
}

fn done(m: &Value) -> String {
    m["action"]["done"].as_str().unwrap_or("").to_string()
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn forged_mail_over_imap_changes_nothing_and_a_members_proven_replies_do() {
    if !have_dovecot() {
        return;
    }
    let server = Dovecot::start();
    let ug = group(server.imap);
    let d = "example.org";
    let announce = |to: &str| ug_message_id("announce", "2026-12-08", to, d);
    let mut imap = Appender::login(server.imap);

    // A member's "yes", answering the announcement ug sent her, delivered
    // before RSVPs closed.
    let ann = "Ann Müller <ann.mueller@gmail.com>";
    imap.append(
        "25-Nov-2026 10:00:00 +0100",
        &reply(
            ann,
            "ann1@mail.gmail.com",
            &announce("ann.mueller@gmail.com"),
            "Re: Async in practice",
            "Yes, see you there!",
        ),
    );
    // A member's "unsubscribe", answering the announcement ug sent him.
    imap.append(
        "26-Nov-2026 09:00:00 +0100",
        &reply(
            "Chris P <chris.p@example.com>",
            "chris1@example.com",
            &announce("chris.p@example.com"),
            "Re: Async in practice",
            "unsubscribe",
        ),
    );
    // A stranger writes Dana's address and "done" to a nudge for the task
    // that would confirm January's venue; the token is made up.
    imap.append(
        "26-Nov-2026 11:00:00 +0100",
        &reply(
            "Dana Whitfield <dana.w@gmail.com>",
            "forged-done@evil.example",
            "nudge.3.2026-11-24.abcdefghijklmnopqrst@example.org",
            "Re: Reminder: Confirm Lakeview Coworking with Maya",
            "Done!",
        ),
    );
    // A stranger accepts the talk asked of Kofi, in Kofi's name, with a
    // token that is real but was made for the stranger's own address.
    imap.append(
        "26-Nov-2026 12:00:00 +0100",
        &reply(
            "Kofi Mensah <kofi@example.net>",
            "forged-talk@evil.example",
            &ug_message_id("talk-ask", "5.2026-11-20", "mallory@evil.example", d),
            "Re: Would you speak at Rust Lakeside?",
            "Yes, happy to!",
        ),
    );
    // A stranger unsubscribes Sam, without a token.
    imap.append(
        "26-Nov-2026 13:00:00 +0100",
        &mail(
            "Sam Rivera <sam@example.com>",
            "Message-ID: <forged-unsub@evil.example>\r\n",
            "unsubscribe",
            "Take me off.",
        ),
    );
    // A stranger signs someone else up.
    imap.append(
        "26-Nov-2026 14:00:00 +0100",
        &mail(
            "Victim <victim@example.net>",
            "Message-ID: <forged-join@evil.example>\r\n",
            "join",
            "Please add me.",
        ),
    );
    // Lee's "yes" really arrived Dec 2, after RSVPs closed (Dec 1 18:30);
    // its Received and Date lines, which the sender writes, say Nov 24.
    imap.append(
        "02-Dec-2026 10:00:00 +0100",
        &reply(
            "Lee Park <lee@example.com>",
            "lee1@example.com",
            &announce("lee@example.com"),
            "Re: Async in practice (late)",
            "Yes please",
        )
        .replace(
            "Message-ID:",
            "Received: from mx.example.com by mx.example.org; Tue, 24 Nov 2026 10:00:00 +0100\r\n\
             Date: Tue, 24 Nov 2026 09:59:00 +0100\r\nMessage-ID:",
        ),
    );
    imap.command("LOGOUT");
    let before = server.files();
    assert_eq!(before.len(), 7, "{before:?}");

    let out = ug.run_with(["inbox", "--json"]);
    out.success();
    let v = out.json();
    let text = ug.text();
    let doc = parse_toml(&text);

    // The proven ones, acted on.
    let yes = message(&v, "ann.mueller@gmail.com", "Async in practice");
    assert_eq!(yes["class"], "rsvp", "{yes:#}");
    let rsvps = doc["events"][0]["rsvps"].as_array().unwrap();
    assert_eq!(rsvps.len(), 1, "only Ann's seat: {rsvps:?}");
    assert_eq!(rsvps[0]["email"].as_str(), Some("ann.mueller@gmail.com"));
    assert_eq!(rsvps[0]["status"].as_str(), Some("yes"));
    let unsub = message(&v, "chris.p@example.com", "Async in practice");
    assert!(done(unsub).contains("unsubscribed"), "{unsub:#}");
    let members = doc["members"].as_array().unwrap();
    let left: Vec<&str> = members
        .iter()
        .filter(|m| m.get("unsubscribed").and_then(|u| u.as_bool()) == Some(true))
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert_eq!(left, ["chris.p@example.com"], "only Chris left");
    assert_eq!(members.len(), 4, "nobody joined");
    assert!(!text.contains("victim@example.net"), "the join was written");

    // The late "yes": proven, but after the close by INTERNALDATE.
    let late = message(&v, "lee@example.com", "(late)");
    assert!(
        done(late).contains("not recorded: RSVPs closed"),
        "{late:#}"
    );
    assert_eq!(
        late["arrived"], 1_796_202_000,
        "INTERNALDATE, Dec 2 09:00 UTC"
    );

    // The forged ones: for a person, or asked to confirm; nothing changed.
    for (from, subject) in [
        ("dana.w@gmail.com", "Confirm Lakeview"),
        ("kofi@example.net", "speak"),
    ] {
        let m = message(&v, from, subject);
        assert_eq!(m["class"], "person", "{m:#}");
    }
    for (from, subject) in [
        ("sam@example.com", "unsubscribe"),
        ("victim@example.net", "join"),
    ] {
        let m = message(&v, from, subject);
        assert!(done(m).contains("asked them to confirm"), "{m:#}");
    }
    let task = &doc["tasks"][0];
    assert_eq!(task["status"].as_str(), Some("open"), "the task");
    assert_eq!(doc["events"][1]["status"].as_str(), Some("planned"));
    assert_eq!(doc["talks"][0]["status"].as_str(), Some("asked"));

    // Handled once: a second run finds nothing new and changes nothing,
    // and still lists the forged ones for a person.
    let log = std::fs::read_to_string(ug.path("group.inbox.log")).unwrap();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("No new mail.")
        .stdout_has("dana.w@gmail.com")
        .stdout_has("kofi@example.net");
    assert_eq!(ug.text(), text, "a rerun changes nothing");
    assert_eq!(
        std::fs::read_to_string(ug.path("group.inbox.log")).unwrap(),
        log
    );

    // ug never marks, moves or deletes: all seven still there, unseen.
    let files = server.files();
    assert_eq!(files, before);
    for f in &files {
        let flags = f.split_once(":2,").map_or("", |(_, fl)| fl);
        assert!(!flags.contains('S'), "{f} was marked seen");
    }
}
