//! SPEC §11, automatic answers: a stranger floods the group's address with
//! mail from (or about) a victim's address, hoping ug will mail the victim
//! for them. Whatever arrives, each address gets at most one automatic
//! answer a day, an address that left gets only the one mail that says so,
//! a bounced one none, and automatic or list mail is never answered.

use std::collections::BTreeMap;
use std::fs;

use chrono::{NaiveDateTime, TimeZone};

use crate::support::{Mail, Server, Ug, parse_toml, rsvp_tag, unsubscribe_tag};

const EVENT: &str = "2026-12-08";
const SIGNUPS: &str = "organizers@riverside.example";
const DOMAIN: &str = "riverside.example";
/// The kinds of mail `ug inbox` answers with.
const AUTOMATIC: [&str; 5] = ["confirm", "welcome", "unsubscribed", "closed", "task-done"];

/// The remind fixture (mia..quinn members, rita unsubscribed) with quinn
/// bounced, `[signups] confirm` and RSVPs opening 3 days before (so an
/// answer now is refused, and owed "RSVPs are closed"), and an inbox.
fn group(server: &Server) -> Ug {
    let g = Ug::remind_fixture(server.port, |t| {
        format!(
            "{}\n[signups]\nconfirm = true\nopens = \"3d\"\n\n[inbox]\nmaildir = \"mail/INBOX\"\n",
            t.replace(
                "email = \"quinn@members.example\"",
                "email = \"quinn@members.example\"\nbounced = true"
            )
        )
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

/// Drops message number `n` into the Maildir, arrived at `at` (unix
/// seconds), with `headers` (each ending in CRLF) and `body`.
fn deliver(g: &Ug, n: usize, at: i64, from: &str, subject: &str, headers: &str, body: &str) {
    let text = format!(
        "From: {from}\r\nTo: {SIGNUPS}\r\nSubject: {subject}\r\n\
         Message-ID: <flood{n}.{at}@attacker.example>\r\n{headers}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    );
    fs::write(g.path(&format!("mail/INBOX/new/{at}.M{n}P9.mx")), text).unwrap();
}

/// One forged message of the `i`th sort, from `who`: a join, RSVPs (yes,
/// no, with guests), an unsubscribe, a "done" to a nudge whose token is
/// made up; none proves its sender.
fn forged(g: &Ug, n: usize, at: i64, who: &str, i: usize) {
    let nudge = format!("nudge.1.2026-12-04.{}@{DOMAIN}", "a".repeat(20));
    let (subject, headers, body) = match i % 6 {
        0 => ("join".to_string(), String::new(), ""),
        1 => (format!("RSVP yes {EVENT}"), String::new(), ""),
        2 => (format!("RSVP no {EVENT}"), String::new(), ""),
        3 => (
            format!("RSVP yes +{} {EVENT}", 1 + i % 3),
            String::new(),
            "",
        ),
        4 => ("unsubscribe".to_string(), String::new(), ""),
        _ => (
            "Re: Bring name tags".to_string(),
            format!("In-Reply-To: <{nudge}>\r\nReferences: <{nudge}>\r\n"),
            "done",
        ),
    };
    deliver(g, n, at, who, &subject, &headers, body);
}

/// The kind of a mail ug sent, from its Message-ID.
fn kind(m: &Mail) -> &str {
    m.message_id.split('.').next().unwrap_or_default()
}

/// Automatic answers per recipient among `mail`.
fn answers(mail: &[Mail]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in mail.iter().filter(|m| AUTOMATIC.contains(&kind(m))) {
        out.entry(m.rcpt().to_string())
            .or_default()
            .push(kind(m).to_string());
    }
    out
}

/// What `ug remind --send` at `now` sent.
fn send(g: &Ug, server: &Server, now: &str) -> Vec<Mail> {
    let before = server.mail().len();
    g.run_at(now, &["remind", "--send"]).success();
    server.mail().into_iter().skip(before).collect()
}

fn member<'a>(doc: &'a toml::Table, email: &str) -> &'a toml::Value {
    doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"].as_str() == Some(email))
        .unwrap()
}

#[test]
fn four_hundred_forged_mails_get_each_victim_at_most_one_answer_a_day() {
    let server = Server::plain();
    let g = group(&server);
    let day = "2026-11-30T10:00:00";
    // The announcement goes first: what follows is only the flood's doing.
    send(&g, &server, day);
    let mia = "mia@members.example"; // a member
    let rita = "rita@members.example"; // unsubscribed
    let quinn = "quinn@members.example"; // bounced
    let stranger = "victim@elsewhere.example"; // on no list
    let start = unix("2026-11-30T08:00:00");
    let mut n = 0;
    for (who, count) in [(mia, 125), (rita, 75), (quinn, 50), (stranger, 100)] {
        for i in 0..count {
            forged(&g, n, start + n as i64, who, i);
            n += 1;
        }
    }
    // And answers that do prove their sender (a token for mia and rita),
    // each refused (RSVPs are not open yet): each owes "RSVPs are closed".
    for who in [mia, rita] {
        for _ in 0..25 {
            let subject = format!("RSVP yes {EVENT} {}", rsvp_tag(EVENT, who));
            deliver(&g, n, start + n as i64, who, &subject, "", "");
            n += 1;
        }
    }
    assert_eq!(n, 400);
    let before = g.text();
    g.run_at(day, &["inbox"]).success();
    let doc = parse_toml(&g.text());
    assert_eq!(
        member(&doc, mia).get("unsubscribed"),
        None,
        "mia unsubscribed"
    );
    assert!(!g.text().contains(stranger), "the stranger was added");
    assert_eq!(
        doc["events"].as_array().unwrap()[0].get("rsvps"),
        None,
        "an RSVP was recorded"
    );
    assert_eq!(before.lines().count(), g.text().lines().count());

    let first = send(&g, &server, day);
    let got = answers(&first);
    assert_eq!(got.get(mia).map(Vec::len), Some(1), "{got:?}");
    assert_eq!(got.get(stranger).map(Vec::len), Some(1), "{got:?}");
    for gone in [rita, quinn] {
        assert!(
            first.iter().all(|m| m.rcpt() != gone),
            "{gone} was mailed: {got:?}"
        );
    }
    assert_eq!(got.len(), 2, "{got:?}");
    // Again the same day: nothing more.
    assert!(answers(&send(&g, &server, day)).is_empty());
    // Each following day of the reply window: at most one each, and never
    // to rita or quinn.
    for d in 1..=8 {
        let now = format!("2026-12-{:02}T10:00:00", d);
        let mail = send(&g, &server, &now);
        for (to, kinds) in answers(&mail) {
            assert!(kinds.len() <= 1, "{now}: {to} got {kinds:?}");
            assert!(to == mia || to == stranger, "{now}: {to} got {kinds:?}");
        }
        assert!(
            mail.iter().all(|m| m.rcpt() != rita && m.rcpt() != quinn),
            "{now}: {mail:#?}"
        );
    }
    // Nine days, at most nine each (of 400 messages).
    let all = answers(&server.mail());
    assert!(all[mia].len() <= 9 && all[stranger].len() <= 9, "{all:?}");
}

#[test]
fn an_unsubscribed_address_hears_once_that_it_left_and_nothing_else() {
    let server = Server::plain();
    let g = group(&server);
    let day = "2026-11-30T10:00:00";
    send(&g, &server, day);
    let noah = "noah@members.example";
    let start = unix("2026-11-30T08:00:00");
    // Noah leaves, through the link ug sent him...
    let subject = format!("unsubscribe {}", unsubscribe_tag(noah));
    deliver(&g, 0, start, noah, &subject, "", "");
    // ...and then a stranger writes as him, 200 times; among them his own
    // refused RSVPs (proven) and his "unsubscribe" again.
    for i in 1..=200 {
        if i % 10 == 0 {
            let subject = format!("RSVP yes {EVENT} {}", rsvp_tag(EVENT, noah));
            deliver(&g, i, start + i as i64, noah, &subject, "", "");
        } else {
            forged(&g, i, start + i as i64, noah, i);
        }
    }
    g.run_at(day, &["inbox"]).success();
    let doc = parse_toml(&g.text());
    assert_eq!(member(&doc, noah)["unsubscribed"].as_bool(), Some(true));
    let mail = send(&g, &server, day);
    let to_noah: Vec<&str> = mail.iter().filter(|m| m.rcpt() == noah).map(kind).collect();
    assert_eq!(to_noah, ["unsubscribed"], "{mail:#?}");
    for d in 1..=8 {
        let now = format!("2026-12-{:02}T10:00:00", d);
        let mail = send(&g, &server, &now);
        assert!(mail.iter().all(|m| m.rcpt() != noah), "{now}: {mail:#?}");
    }
}

#[test]
fn automatic_and_list_mail_is_never_answered_and_changes_nothing() {
    let server = Server::plain();
    let g = group(&server);
    let day = "2026-11-30T10:00:00";
    send(&g, &server, day);
    let start = unix("2026-11-30T08:00:00");
    let marks = [
        "Auto-Submitted: auto-generated\r\n",
        "List-Id: Other list <other.lists.example.net>\r\n",
        "Precedence: list\r\n",
        "Precedence: bulk\r\n",
        "Precedence: junk\r\n",
        "Return-Path: <>\r\n",
    ];
    let mut n = 0;
    for (i, mark) in marks.iter().enumerate() {
        let who = format!("list{i}@lists.example.net");
        deliver(&g, n, start + n as i64, &who, "join", mark, "");
        n += 1;
        let rsvp = format!("RSVP yes {EVENT}");
        deliver(&g, n, start + n as i64, &who, &rsvp, mark, "");
        n += 1;
    }
    // A member's post to another list that says "unsubscribe".
    let paul = "paul@members.example";
    let list = "List-Id: Other list <other.lists.example.net>\r\nPrecedence: list\r\n";
    deliver(&g, n, start + n as i64, paul, "unsubscribe", list, "");
    let post = format!("flood{n}.{}@attacker.example", start + n as i64);
    n += 1;
    // The same join without any of those marks is asked to confirm: the
    // check above is not vacuous.
    deliver(
        &g,
        n,
        start + n as i64,
        "plain@joiners.example",
        "join",
        "",
        "",
    );
    let before = g.text();
    let v = g.run_at(day, &["inbox", "--json"]).success().json();
    assert_eq!(g.text(), before, "the file changed");
    let waiting: Vec<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap())
        .collect();
    assert!(waiting.contains(&post.as_str()), "{v:#}");
    let mail = send(&g, &server, day);
    let got = answers(&mail);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        ["plain@joiners.example"],
        "{got:?}"
    );
    assert!(mail.iter().all(|m| m.rcpt() != paul), "{mail:#?}");
}

#[test]
fn tagged_variants_of_one_address_share_its_one_answer_a_day() {
    // A stranger writes "join" under victim+1@, victim+2@, ...: one
    // mailbox (RFC 5233 subaddressing), so one mail a day, not one a tag.
    let server = Server::plain();
    let g = group(&server);
    let day = "2026-11-30T10:00:00";
    send(&g, &server, day);
    let start = unix("2026-11-30T08:00:00");
    for n in 0..60 {
        let who = format!("victim+{n}@elsewhere.example");
        deliver(&g, n, start + n as i64, &who, "join", "", "join");
    }
    g.run_at(day, &["inbox"]).success();
    let mut total = 0;
    for now in [day, "2026-12-01T10:00:00", "2026-12-02T10:00:00"] {
        let mail = send(&g, &server, now);
        let asked: Vec<&str> = mail
            .iter()
            .filter(|m| kind(m) == "confirm")
            .map(Mail::rcpt)
            .collect();
        assert_eq!(asked.len(), 1, "{now}: {asked:?}");
        assert!(asked[0].starts_with("victim+") && asked[0].ends_with("@elsewhere.example"));
        total += asked.len();
    }
    assert_eq!(total, 3, "three days, three mails, of 60 requests");
    // Another mailbox on the same day is asked as before.
    deliver(
        &g,
        99,
        unix("2026-12-02T09:00:00"),
        "other@elsewhere.example",
        "join",
        "",
        "join",
    );
    g.run_at("2026-12-02T11:00:00", &["inbox"]).success();
    let mail = send(&g, &server, "2026-12-02T11:00:00");
    assert!(
        mail.iter()
            .any(|m| kind(m) == "confirm" && m.rcpt() == "other@elsewhere.example"),
        "{mail:#?}"
    );
}
