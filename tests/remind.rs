//! `ug remind` end to end: the real binary sending to a real SMTP server
//! (the harness's own, over TCP on 127.0.0.1), on several days of an event's
//! life, with faults. The same against Debian's aiosmtpd is in `interop.rs`.

#[path = "remind/hand_edit.rs"]
mod hand_edit;
#[path = "remind/late.rs"]
mod late;
#[path = "support/mod.rs"]
mod support;
#[path = "remind/transports.rs"]
mod transports;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::time::Duration;

use support::{
    Faults, MEMBERS, Mail, Server, UNSUBSCRIBED, Ug, assert_announced, parse_mail, wait_until,
};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
const REMIND_DAY: &str = "2026-12-07T09:00:00";
const DAY_AFTER: &str = "2026-12-09T09:00:00";

fn by_rcpt(mail: &[Mail]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for x in mail {
        *m.entry(x.rcpt().to_string()).or_default() += 1;
    }
    m
}

fn ids(mail: &[Mail]) -> BTreeSet<String> {
    mail.iter().map(|m| m.message_id.clone()).collect()
}

#[track_caller]
fn assert_no_duplicates(mail: &[Mail]) {
    assert_eq!(
        ids(mail).len(),
        mail.len(),
        "a Message-ID arrived twice: {mail:#?}"
    );
}

#[test]
fn an_event_life_sends_each_message_once() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| t);
    let before = g.text();

    // Announce day: every subscribed member, with the event attached.
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.success();
    assert!(
        run.stdout.contains("Sent 5 messages (5 announce)"),
        "{}",
        run.stdout
    );
    assert_announced(&server.mail());
    assert_eq!(server.connections(), 1, "one connection for every message");
    assert_eq!(g.log().len(), 5);
    // Each line's time is the run's: UG_NOW (09:00 in Berlin) in UTC.
    for line in g.log() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{line}");
        assert_eq!(f[0], "2026-11-24T08:00:00.000Z", "{line}");
        assert!(f[1].starts_with("announce:"), "{line}");
    }

    // The group file: only the event's status line changed, and what the
    // members were told is recorded below it.
    let after = g.text();
    assert_eq!(
        after,
        before.replace(
            "status = \"confirmed\"",
            "status = \"announced\"\ntold_start = 2026-12-08T18:30:00\ntold_venue = \"hall\""
        )
    );

    // Again the same day: nothing.
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.success();
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
    assert_eq!(server.mail().len(), 5);

    // Had the status edit been lost, the next run makes it, sending nothing.
    fs::write(g.path("group.toml"), &before).unwrap();
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.success();
    assert!(
        run.stdout.contains("Event 2026-12-08 is now announced."),
        "{}",
        run.stdout
    );
    assert_eq!(g.text(), after);
    assert_eq!(server.mail().len(), 5);

    // The day before: the reminder (with the event) to members, a nudge to
    // the task's owner.
    g.run_at(REMIND_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    let new: Vec<&Mail> = mail
        .iter()
        .filter(|m| !m.message_id.contains("announce"))
        .collect();
    let reminders: Vec<&&Mail> = new
        .iter()
        .filter(|m| m.message_id.contains("remind"))
        .collect();
    assert_eq!(
        reminders.iter().map(|m| m.rcpt()).collect::<BTreeSet<_>>(),
        MEMBERS.into_iter().collect()
    );
    assert!(reminders.iter().all(|m| m.calendar.is_some()));
    assert!(
        new.iter()
            .any(|m| m.rcpt() == "maria@example.net" && m.message_id.contains("nudge")),
        "{new:#?}"
    );

    // The day after: nothing until the event is recorded as held; then
    // thank the venue's contact and the sponsor's.
    g.run_at(DAY_AFTER, &["remind", "--send"]).success();
    assert!(
        server
            .mail()
            .iter()
            .all(|m| !m.message_id.contains("thanks")),
        "thanks before `ug events held`"
    );
    g.run_at(
        DAY_AFTER,
        &["events", "held", "2026-12-08", "--attendance", "30"],
    )
    .success();
    g.run_at(DAY_AFTER, &["remind", "--send"]).success();
    let mail = server.mail();
    let thanks: BTreeSet<&str> = mail
        .iter()
        .filter(|m| m.message_id.contains("thanks"))
        .map(Mail::rcpt)
        .collect();
    assert_eq!(
        thanks,
        ["jane@venue.example", "pat@pizza.example"]
            .into_iter()
            .collect()
    );
    g.run_at(DAY_AFTER, &["remind", "--send"]).success();

    let mail = server.mail();
    assert_no_duplicates(&mail);
    assert!(mail.iter().all(|m| m.rcpt() != UNSUBSCRIBED));
    assert!(mail.iter().all(|m| m.defects.is_empty()), "{mail:#?}");
    // One log line per key: a nudge or thank-you also records its day key.
    let logged: BTreeSet<String> = g
        .log()
        .iter()
        .map(|l| l.split('\t').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(logged.len(), mail.len());
}

#[test]
fn faults_are_retried_and_refusals_reported() {
    let server = Server::start(Faults {
        drop_after: Some(2),
        tempfail: vec!["mia@members.example".into(), "noah@members.example".into()],
        permfail: vec!["olga@members.example".into()],
        ..Faults::default()
    });
    let g = Ug::remind_fixture(server.port, |t| t);
    let before = g.text();
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    let err = &run.stderr;
    assert!(
        err.contains("olga@members.example") && err.contains("550"),
        "{err}"
    );
    assert!(err.contains("No such user here"), "{err}");
    assert!(
        run.stdout
            .contains("Sent 4 messages (4 announce); 1 failed"),
        "{}",
        run.stdout
    );
    // One refusal: the batch is not complete, the event not announced.
    assert_eq!(g.text(), before);

    // Reruns repeat only the refused one.
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).code(1);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).code(1);
    let mail = server.mail();
    let counts = by_rcpt(&mail);
    let want: BTreeMap<String, usize> = MEMBERS
        .iter()
        .filter(|a| **a != "olga@members.example")
        .map(|a| (a.to_string(), 1))
        .collect();
    assert_eq!(counts, want);
    assert_no_duplicates(&mail);
    assert_eq!(g.log().len(), 4);
    // The server hung up after every second message: ug reconnected.
    assert!(
        server.connections() >= 3,
        "{} connections",
        server.connections()
    );
}

/// The fixture with 60 more members (65 subscribed in all).
fn many(port: u16) -> Ug {
    Ug::remind_fixture(port, |t| {
        let mut extra = String::new();
        for i in 0..60 {
            extra.push_str(&format!(
                "\n[[members]]\nname = \"Member {i}\"\nemail = \"m{i}@many.example\"\n"
            ));
        }
        t.replacen("[[events]]", &format!("{extra}\n[[events]]"), 1)
    })
}

#[test]
fn a_killed_run_is_resumed_without_repeats() {
    // The server stalls every connection after 20 messages: ug is then
    // waiting between two messages (a kill in the middle of one can always repeat that one: SMTP
    // cannot tell a lost "250" from a lost message).
    let server = Server::start(Faults {
        stall_after: Some(20),
        ..Faults::default()
    });
    let g = many(server.port);
    let mut child = g.spawn_at(ANNOUNCE_DAY, &["remind", "--send"]);
    // Killed once the server holds the 21st message and the log has the 20
    // it accepted (written at most 50 ms after each).
    server.wait_stalled();
    wait_until(Duration::from_secs(10), "20 lines in the sent log", || {
        g.log().len() >= 20
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(server.mail().len(), 20);
    assert_eq!(g.log().len(), 20, "every accepted message is in the log");
    server.release();
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    let twice: Vec<_> = mail
        .iter()
        .filter(|m| by_rcpt(&mail)[m.rcpt()] > 1)
        .map(|m| (m.rcpt(), &m.message_id))
        .collect();
    assert_eq!(mail.len(), 65, "sent twice: {twice:?}\nlog: {:?}", g.log());
    assert!(by_rcpt(&mail).values().all(|&n| n == 1));
    assert_no_duplicates(&mail);
}

#[test]
fn many_members_over_parallel_connections() {
    let server = Server::start(Faults {
        drop_after: Some(7),
        ..Faults::default()
    });
    let g = many(server.port);
    let run = g.run_at(
        ANNOUNCE_DAY,
        &[
            "remind",
            "--send",
            "--connections",
            "4",
            "--kind",
            "announce",
        ],
    );
    run.success();
    assert!(
        run.stdout.contains("Sent 65 messages (65 announce)"),
        "{}",
        run.stdout
    );
    let mail = server.mail();
    let twice: Vec<_> = mail
        .iter()
        .filter(|m| by_rcpt(&mail)[m.rcpt()] > 1)
        .map(|m| (m.rcpt(), &m.message_id))
        .collect();
    assert_eq!(mail.len(), 65, "sent twice: {twice:?}\nlog: {:?}", g.log());
    assert!(by_rcpt(&mail).values().all(|&n| n == 1));
    assert!(g.text().contains("status = \"announced\""));
}

#[test]
fn preview_json_show_and_out_send_nothing() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| t);

    let run = g.run_at(ANNOUNCE_DAY, &["remind"]);
    run.success();
    let out = &run.stdout;
    for a in MEMBERS {
        assert!(out.contains(a), "{out}");
    }
    assert!(!out.contains(UNSUBSCRIBED));
    assert!(
        out.contains("5 messages (5 announce) due; nothing sent"),
        "{out}"
    );

    let run = g.run_at(ANNOUNCE_DAY, &["--json", "remind", "--kind", "announce"]);
    run.success();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        for k in [
            "kind",
            "key",
            "to",
            "subject",
            "message_id",
            "event",
            "task",
        ] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
        assert_eq!(r["kind"], "announce");
        assert_eq!(r["event"], "2026-12-08");
    }

    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--show"]);
    run.success();
    assert!(run.stdout.contains("Message-ID:"), "{}", run.stdout);

    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--kind", "thanks"]);
    run.success();
    assert!(run.stdout.contains("Nothing due"), "{}", run.stdout);

    g.run_at(ANNOUNCE_DAY, &["remind", "--out", "outdir"])
        .success();
    let files: Vec<_> = fs::read_dir(g.path("outdir"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 5);
    let parsed = parse_mail(&files);
    for m in &parsed {
        assert!(MEMBERS.contains(&m.to[0].as_str()), "{m:#?}");
        assert!(!m.subject.is_empty() && !m.message_id.is_empty());
        assert!(m.defects.is_empty(), "{m:#?}");
    }

    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--event", "2026-12-09"]);
    run.code(1);
    assert!(
        run.stderr.contains("nearest ids are `2026-12-08`"),
        "{}",
        run.stderr
    );

    assert!(server.mail().is_empty(), "a preview sent mail");
    assert!(g.log().is_empty());
    assert!(g.text().contains("status = \"confirmed\""));
}

#[test]
fn no_server_and_a_second_sender_are_clear_errors() {
    let nobody = support::refusing_port();
    let g = Ug::remind_fixture(nobody.port, |t| t);
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("could not open an SMTP session with 127.0.0.1"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("5 not sent"), "{}", run.stdout);
    assert!(g.log().is_empty());

    // Another `ug remind --send` holds the log.
    let held = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(g.path("group.sent.log"))
        .unwrap();
    held.lock().unwrap();
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("another `ug remind --send` is running"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hostile_name_cannot_add_a_recipient() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "name = \"Mia Member\"",
            "name = \"Mia\\r\\nBcc: evil@evil.example\"",
        )
    });
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    assert_eq!(mail.len(), 5);
    assert!(
        mail.iter()
            .all(|m| m.bcc.is_empty() && m.envelope_to.len() == 1),
        "{mail:#?}"
    );
    assert!(mail.iter().all(|m| !m.rcpt().contains("evil")));
}

#[test]
fn rate_spaces_the_messages() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| t);
    let start = std::time::Instant::now();
    g.run_at(ANNOUNCE_DAY, &["remind", "--send", "--rate", "20/s"])
        .success();
    // Five messages, 50 ms apart: the last goes 200 ms after the first.
    assert!(start.elapsed() >= std::time::Duration::from_millis(200));
    assert_eq!(server.mail().len(), 5);
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send", "--rate", "fast"]);
    run.code(2);
}

/// Two co-organizers' copies, their logs merged by git's `merge=union` (the
/// README's advice): both sides' lines, in any order. Nothing either copy
/// sent goes out again; what neither sent still goes.
#[test]
fn a_log_merged_from_two_copies_sends_nothing_twice() {
    let server = Server::plain();
    // Ann's copy: the log committed empty, then the announcements.
    let ann = Ug::remind_fixture(server.port, |t| t);
    fs::write(ann.path("group.sent.log"), "").unwrap();
    ann.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    assert_eq!(server.mail().len(), 5);
    // Bo's copy, not pulled since: the nudge, the day before the event.
    let bo = Ug::remind_fixture(server.port, |t| t);
    bo.run_at(REMIND_DAY, &["remind", "--send", "--kind", "nudge"])
        .success();
    let nudges = server.mail().len() - 5;
    assert!(nudges >= 1, "{:#?}", server.mail());
    // The union merge: Bo's lines, then Ann's.
    let merged = [bo.log(), ann.log()].concat().join("\n") + "\n";
    fs::write(ann.path("group.sent.log"), merged).unwrap();
    ann.run_at(REMIND_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    let new: Vec<&Mail> = mail[5 + nudges..].iter().collect();
    assert!(
        new.iter().all(|m| m.message_id.contains("remind")),
        "only the reminders are new: {new:#?}"
    );
    assert_eq!(
        new.iter().map(|m| m.rcpt()).collect::<BTreeSet<_>>(),
        MEMBERS.into_iter().collect()
    );
    assert_no_duplicates(&mail);
}
