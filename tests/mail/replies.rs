//! The replies `ug inbox` owes (SPEC §4-5), sent by `ug remind --send`
//! through the real SMTP test server and read back with mail-parser:
//! "RSVPs are closed" (and why) for an answer not recorded, a welcome for a
//! join, "unsubscribed" for an unsubscribe, thanks for "done" to a nudge;
//! each once, threaded (In-Reply-To / References) to the message it answers.

use std::fs;

use chrono::{NaiveDateTime, TimeZone};

use crate::support::{Mail, Server, Ug, parse_toml};

const EVENT: &str = "2026-12-08";
const SIGNUPS: &str = "organizers@riverside.example";

/// The remind fixture with `[signups] confirm` (and `signups`), an inbox
/// Maildir, and `edit` applied.
fn group(server: &Server, signups: &str, edit: impl FnOnce(String) -> String) -> Ug {
    let signups = signups.to_string();
    let g = Ug::remind_fixture(server.port, move |t| {
        edit(format!(
            "{t}\n[signups]\nconfirm = true\n{signups}\n\n[inbox]\nmaildir = \"mail/INBOX\"\n"
        ))
    });
    for d in ["mail/INBOX/cur", "mail/INBOX/new", "mail/INBOX/tmp"] {
        fs::create_dir_all(g.path(d)).unwrap();
    }
    g
}

/// Unix seconds of a Berlin wall-clock time.
fn unix(local: &str) -> i64 {
    let t = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S").unwrap();
    chrono_tz::Europe::Berlin
        .from_local_datetime(&t)
        .unwrap()
        .timestamp()
}

/// Drops message number `n` from `from` into the Maildir, arrived at
/// `local`; returns its Message-ID (without brackets).
fn deliver(
    g: &Ug,
    n: usize,
    from: &str,
    local: &str,
    subject: &str,
    extra: &str,
    body: &str,
) -> String {
    let at = unix(local);
    let id = format!("m{n}.{at}@mail.example.com");
    let date = chrono::DateTime::from_timestamp(at, 0)
        .unwrap()
        .to_rfc2822();
    let text = format!(
        "From: {from}\r\nTo: {SIGNUPS}\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{id}>\r\n{extra}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    );
    fs::write(g.path(&format!("mail/INBOX/new/{at}.M{n}P7.mx")), text).unwrap();
    id
}

/// `ug inbox` then `ug remind --send` at `now`.
fn cron(g: &Ug, now: &str) {
    g.run_at(now, &["inbox"]).success();
    g.run_at(now, &["remind", "--send"]).success();
}

/// The kind of a mail, from its Message-ID.
fn kind(m: &Mail) -> &str {
    m.message_id.split('.').next().unwrap_or_default()
}

fn of_kind<'a>(mail: &'a [Mail], k: &str) -> Vec<&'a Mail> {
    mail.iter().filter(|m| kind(m) == k).collect()
}

/// The reply answers `id`: To its sender, In-Reply-To and References it.
#[track_caller]
fn threaded(m: &Mail, to: &str, id: &str) {
    assert_eq!(m.rcpt(), to, "{m:#?}");
    let want = format!("<{id}>");
    assert_eq!(m.header("In-Reply-To").map(str::trim), Some(want.as_str()));
    assert_eq!(m.header("References").map(str::trim), Some(want.as_str()));
    assert!(m.defects.is_empty(), "{:?}", m.defects);
}

/// The addresses on the event's RSVP lines.
fn answered(g: &Ug) -> Vec<String> {
    let doc = parse_toml(&g.text());
    let e = &doc["events"].as_array().unwrap()[0];
    e.get("rsvps")
        .and_then(|r| r.as_array())
        .map(|r| {
            r.iter()
                .map(|l| l["email"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_refused_rsvp_is_told_why_once_and_leaves_no_line() {
    let cases: [(&str, &str, &str, &str, &str); 5] = [
        (
            "opens = \"3d\"",
            "",
            "mia@members.example",
            "2026-11-24T10:00:00",
            "RSVPs open on",
        ),
        (
            "closes = \"2h\"",
            "",
            "mia@members.example",
            "2026-12-08T17:00:00",
            "RSVPs closed on",
        ),
        (
            "",
            "",
            "mia@members.example",
            "2026-12-08T19:00:00",
            "already taken place",
        ),
        (
            "",
            "cancelled",
            "mia@members.example",
            "2026-11-30T10:00:00",
            "the event is cancelled",
        ),
        (
            "",
            "",
            "rita@members.example",
            "2026-11-30T10:00:00",
            "unsubscribed from the list",
        ),
    ];
    for (signups, status, who, at, why) in cases {
        let server = Server::plain();
        let g = group(&server, signups, |t| {
            if status.is_empty() {
                t
            } else {
                t.replace("status = \"confirmed\"", &format!("status = \"{status}\""))
            }
        });
        let id = deliver(&g, 1, who, at, &format!("RSVP yes {EVENT}"), "", "");
        cron(&g, at);
        assert!(answered(&g).is_empty(), "{why}: {:?}", answered(&g));
        let mail = server.mail();
        let closed = of_kind(&mail, "closed");
        assert_eq!(closed.len(), 1, "{why}: {mail:#?}");
        threaded(closed[0], who, &id);
        assert!(
            closed[0].subject.starts_with("RSVPs are closed"),
            "{}",
            closed[0].subject
        );
        let text = closed[0].text.as_deref().unwrap();
        assert!(text.contains(why), "{why}: {text}");
        // Again: nothing new.
        let before = mail.len();
        cron(&g, at);
        assert_eq!(server.mail().len(), before, "{why}: sent again");
    }
}

#[test]
fn join_unsubscribe_and_done_are_each_answered_once() {
    let server = Server::plain();
    let g = group(&server, "", |t| t);
    // The nudge about task 1 (due 2026-12-07) goes out 3 days before.
    let day = "2026-12-04T09:00:00";
    g.run_at(day, &["remind", "--send"]).success();
    let nudge = of_kind(&server.mail(), "nudge")[0].clone();
    let reply_to = format!(
        "In-Reply-To: <{0}>\r\nReferences: <{0}>\r\n",
        nudge.message_id
    );
    let join = deliver(
        &g,
        1,
        "New Person <new@joiners.example>",
        "2026-12-04T10:00:00",
        "join",
        "",
        "",
    );
    let unsub = deliver(
        &g,
        2,
        "noah@members.example",
        "2026-12-04T10:10:00",
        "unsubscribe",
        "",
        "",
    );
    let done = deliver(
        &g,
        3,
        "bo@example.org",
        "2026-12-04T10:20:00",
        "Re: your task",
        &reply_to,
        "Done!\r\n\r\n> Bring name tags",
    );
    let at = "2026-12-04T11:00:00";
    g.run_at(at, &["inbox"]).success();
    // `ug remind` (dry) lists them, and so does --json.
    let dry = g.run_at(at, &["remind"]).success().stdout.clone();
    for k in ["welcome", "unsubscribed", "task-done"] {
        assert!(dry.contains(k), "{k}: {dry}");
    }
    let v = g.run_at(at, &["remind", "--json"]).success().json();
    let text = v.to_string();
    assert!(text.contains("welcome:new@joiners.example"), "{text}");
    assert!(
        text.contains(&format!("task-done:{done}:bo@example.org")),
        "{text}"
    );
    let before = server.mail().len();
    g.run_at(at, &["remind", "--send"]).success();
    let mail: Vec<Mail> = server.mail().into_iter().skip(before).collect();
    let doc = g.text();
    assert!(doc.contains("email = \"new@joiners.example\""), "{doc}");
    let welcome = of_kind(&mail, "welcome");
    assert_eq!(welcome.len(), 1, "{mail:#?}");
    threaded(welcome[0], "new@joiners.example", &join);
    assert!(
        welcome[0]
            .text
            .as_deref()
            .unwrap()
            .contains("Welcome to Rust Riverside")
    );
    let gone = of_kind(&mail, "unsubscribed");
    assert_eq!(gone.len(), 1, "{mail:#?}");
    threaded(gone[0], "noah@members.example", &unsub);
    let t = parse_toml(&doc);
    let noah = t["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"].as_str() == Some("noah@members.example"))
        .unwrap()
        .clone();
    assert_eq!(
        noah.get("unsubscribed").and_then(|v| v.as_bool()),
        Some(true)
    );
    let thanks = of_kind(&mail, "task-done");
    assert_eq!(thanks.len(), 1, "{mail:#?}");
    threaded(thanks[0], "bo@example.org", &done);
    assert!(
        thanks[0]
            .text
            .as_deref()
            .unwrap()
            .contains("Bring name tags")
    );
    assert_eq!(
        crate::support::find_task(&doc, 1)["status"].as_str(),
        Some("done")
    );
    // Rerun: nothing; and the reminder skips noah.
    cron(&g, at);
    assert_eq!(server.mail().len(), before + mail.len(), "sent again");
    let before = server.mail().len();
    cron(&g, "2026-12-07T10:00:00");
    let later: Vec<Mail> = server.mail().into_iter().skip(before).collect();
    assert!(!of_kind(&later, "remind").is_empty(), "{later:#?}");
    assert!(
        later.iter().all(|m| m.rcpt() != "noah@members.example"),
        "{later:#?}"
    );
    assert!(
        later.iter().all(|m| !kind(m).starts_with("welcome")),
        "{later:#?}"
    );
}

#[test]
fn a_reply_owed_for_a_message_handled_long_ago_is_not_sent() {
    let server = Server::plain();
    let g = group(&server, "", |t| {
        t.replace("status = \"confirmed\"", "status = \"announced\"")
    });
    fs::write(
        g.path("group.inbox.log"),
        "2020-01-01T00:00:00.000Z\told@mail.example.com\tjoin\t1.x\tnew@joiners.example\tadded\treply=welcome\n",
    )
    .unwrap();
    g.run_at("2026-11-30T10:00:00", &["remind", "--send"])
        .success();
    assert!(of_kind(&server.mail(), "welcome").is_empty());
}
