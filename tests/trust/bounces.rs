//! SPEC §11, bounces: a stranger mails delivery reports about a member,
//! hoping ug stops mailing them. A report counts only when it proves it
//! came back from ug's own mail to that address (from the null or a
//! mailer-daemon sender, quoting a Message-ID whose token verifies for the
//! address, or delivered to the VERP return path of that mail); two such
//! hard bounces within 30 days mark the member `bounced`.

use std::fs;

use chrono::{NaiveDateTime, TimeZone};

use crate::support::{Server, Ug, parse_toml, token, ug_message_id};

const EVENT: &str = "2026-12-08";
const DOMAIN: &str = "riverside.example";
const BOUNCES: &str = "bounces@riverside.example";
const MIA: &str = "mia@members.example";

/// The remind fixture with an inbox; `bounces` sets `[email] bounces`.
fn group(server: &Server, bounces: bool) -> Ug {
    let g = Ug::remind_fixture(server.port, |t| {
        let t = if bounces {
            t.replace(
                "transport = \"smtp\"",
                &format!("bounces = \"{BOUNCES}\"\ntransport = \"smtp\""),
            )
        } else {
            t
        };
        format!("{t}\n[inbox]\nmaildir = \"mail/INBOX\"\n")
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

/// A delivery report, number `n`, arrived at `local`: `from` sent it to
/// `to`, with `top` headers first (`Return-Path: <>`...), saying `failed`
/// bounced with 5.1.1, and returning the headers of a message whose
/// Message-ID was `quoted` (none when empty).
struct Report<'a> {
    from: &'a str,
    to: &'a str,
    top: &'a str,
    failed: &'a str,
    quoted: &'a str,
}

fn deliver(g: &Ug, n: usize, local: &str, r: &Report) {
    let at = unix(local);
    let returned = if r.quoted.is_empty() {
        String::new()
    } else {
        format!(
            "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
             From: Rust Riverside <organizers@riverside.example>\r\nTo: {}\r\n\
             Subject: December talks night\r\nMessage-ID: <{}>\r\n\r\n",
            r.failed, r.quoted
        )
    };
    let text = format!(
        "{}From: {}\r\nTo: {}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         Message-ID: <dsn{n}.{at}@mx.members.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; mx.members.example\r\n\r\n\
         Final-Recipient: rfc822; {}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
         {returned}--b--\r\n",
        r.top, r.from, r.to, r.failed
    );
    fs::write(g.path(&format!("mail/INBOX/new/{at}.M{n}P7.mx")), text).unwrap();
}

/// Whether the member with this address is marked bounced.
fn bounced(g: &Ug, email: &str) -> bool {
    let doc = parse_toml(&g.text());
    doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"].as_str() == Some(email))
        .and_then(|m| m.get("bounced"))
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}

const DAEMON: &str = "Mail Delivery System <MAILER-DAEMON@mx.members.example>";
const NULL: &str = "Return-Path: <>\r\n";

/// A real report about mia: from the daemon, the null sender, quoting the
/// announcement ug sent her.
fn real(quoted: &str) -> Report<'_> {
    Report {
        from: DAEMON,
        to: "organizers@riverside.example",
        top: NULL,
        failed: MIA,
        quoted,
    }
}

#[test]
fn forged_delivery_reports_never_mark_a_member_bounced() {
    let server = Server::plain();
    let g = group(&server, false);
    // The stranger knows no token for mia: they make one up, or quote one
    // ug made for their own address (they are on the list too).
    let made_up = format!("announce.{EVENT}.{}@{DOMAIN}", "q".repeat(20));
    let theirs = ug_message_id("announce", EVENT, "paul@members.example", DOMAIN);
    let mine = ug_message_id("announce", EVENT, MIA, DOMAIN);
    let reports = [
        real(&made_up),
        real(&theirs),
        real(""),
        // A real token for mia, but from an ordinary sender.
        Report {
            from: "paul@members.example",
            top: "Return-Path: <paul@members.example>\r\n",
            ..real(&mine)
        },
    ];
    for (i, r) in reports.iter().enumerate() {
        for j in 0..2 {
            let at = format!("2026-11-2{}T0{}:00:00", 2 + i, 8 + j);
            deliver(&g, i * 2 + j, &at, r);
        }
    }
    let before = g.text();
    let out = g.run_at("2026-11-27T10:00:00", &["inbox"]);
    out.success();
    assert!(!out.stdout.contains("hard bounce"), "{}", out.stdout);
    assert_eq!(g.text(), before);
    assert!(!bounced(&g, MIA));
    // Mia is still mailed.
    g.run_at("2026-11-27T10:00:00", &["remind", "--send"])
        .success();
    assert!(server.mail().iter().any(|m| m.rcpt() == MIA));
}

#[test]
fn two_real_reports_within_30_days_mark_the_member_bounced() {
    let server = Server::plain();
    let g = group(&server, false);
    let id = ug_message_id("announce", EVENT, MIA, DOMAIN);
    deliver(&g, 0, "2026-11-20T08:00:00", &real(&id));
    g.run_at("2026-11-20T10:00:00", &["inbox"])
        .success()
        .stdout_has("hard bounce #1 for mia@members.example");
    assert!(!bounced(&g, MIA));
    deliver(&g, 1, "2026-12-10T08:00:00", &real(&id));
    g.run_at("2026-12-10T10:00:00", &["inbox"])
        .success()
        .stdout_has("hard bounce #2: mia@members.example marked bounced");
    assert!(bounced(&g, MIA));
}

#[test]
fn two_real_reports_40_days_apart_do_not_and_a_third_soon_after_does() {
    let server = Server::plain();
    let g = group(&server, false);
    let id = ug_message_id("announce", EVENT, MIA, DOMAIN);
    deliver(&g, 0, "2026-10-01T08:00:00", &real(&id));
    g.run_at("2026-10-01T10:00:00", &["inbox"]).success();
    deliver(&g, 1, "2026-11-10T08:00:00", &real(&id));
    g.run_at("2026-11-10T10:00:00", &["inbox"])
        .success()
        .stdout_has("hard bounce #1 for mia@members.example");
    assert!(!bounced(&g, MIA), "a bounce 40 days old still counted");
    deliver(&g, 2, "2026-11-15T08:00:00", &real(&id));
    g.run_at("2026-11-15T10:00:00", &["inbox"])
        .success()
        .stdout_has("hard bounce #2: mia@members.example marked bounced");
    assert!(bounced(&g, MIA));
}

#[test]
fn with_bounces_set_mail_goes_from_a_verp_address_and_a_report_there_proves_the_bounce() {
    let server = Server::plain();
    let g = group(&server, true);
    // The announcement: each message's envelope sender is the VERP form of
    // the bounce mailbox, with a token for its own recipient.
    let day = "2026-11-26T10:00:00";
    g.run_at(day, &["remind", "--send"]).success();
    let sent = server.received();
    assert_eq!(sent.len(), 5, "{sent:#?}");
    let mut verp_of_mia = String::new();
    for r in &sent {
        let to = &r.rcpt_to[0];
        let want = format!("bounces+{}@{DOMAIN}", token("bounce", "", to));
        assert_eq!(r.mail_from, want, "to {to}");
        if to == MIA {
            verp_of_mia = r.mail_from.clone();
        }
    }
    // The From header stays the group's.
    let mail = server.mail();
    assert!(
        mail.iter()
            .all(|m| m.from == "organizers@riverside.example")
    );
    // A report at mia's VERP address, returning no headers at all: the
    // address itself proves it. One at mia's VERP address about noah
    // proves nothing for noah.
    let at_verp = |failed| Report {
        from: DAEMON,
        to: &verp_of_mia,
        top: NULL,
        failed,
        quoted: "",
    };
    let noah = "noah@members.example";
    deliver(&g, 0, "2026-11-27T08:00:00", &at_verp(MIA));
    deliver(&g, 1, "2026-11-27T08:10:00", &at_verp(noah));
    deliver(&g, 2, "2026-11-28T08:00:00", &at_verp(MIA));
    deliver(&g, 3, "2026-11-28T08:10:00", &at_verp(noah));
    g.run_at("2026-11-28T10:00:00", &["inbox"])
        .success()
        .stdout_has("hard bounce #2: mia@members.example marked bounced");
    assert!(bounced(&g, MIA));
    assert!(!bounced(&g, noah));
    // Delivered-To works as well as To (the server's stamp).
    let g2 = group(&server, true);
    let verp_of_noah = format!("bounces+{}@{DOMAIN}", token("bounce", "", noah));
    let top = format!("Return-Path: <>\r\nDelivered-To: {verp_of_noah}\r\n");
    for (n, at) in [(0, "2026-11-27T08:00:00"), (1, "2026-11-28T08:00:00")] {
        let r = Report {
            from: DAEMON,
            to: BOUNCES,
            top: &top,
            failed: noah,
            quoted: "",
        };
        deliver(&g2, n, at, &r);
    }
    g2.run_at("2026-11-28T10:00:00", &["inbox"]).success();
    assert!(bounced(&g2, noah));
}

#[test]
fn without_bounces_mail_goes_from_the_group_and_a_bad_bounces_address_is_refused() {
    let server = Server::plain();
    let g = group(&server, false);
    g.run_at("2026-11-26T10:00:00", &["remind", "--send"])
        .success();
    let sent = server.received();
    assert!(!sent.is_empty());
    assert!(
        sent.iter()
            .all(|r| r.mail_from == "organizers@riverside.example"),
        "{sent:#?}"
    );
    for bad in [
        "Bounces <bounces@riverside.example>",
        "b+x@riverside.example",
        "bounces",
    ] {
        let g = group(&server, false);
        let text = g.text().replace(
            "transport = \"smtp\"",
            &format!("bounces = \"{bad}\"\ntransport = \"smtp\""),
        );
        fs::write(g.path("group.toml"), &text).unwrap();
        let out = g.run_with(["check"]);
        out.code(1);
        assert!(
            out.stderr.contains("`bounces` must be a plain address")
                || out.stdout.contains("`bounces` must be a plain address"),
            "{bad}: {}\n{}",
            out.stdout,
            out.stderr
        );
    }
}
