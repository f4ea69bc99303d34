//! The replies `ug inbox` owes (SPEC §4-5), sent by `ug remind --send`
//! through the real SMTP test server and read back with mail-parser:
//! "RSVPs are closed" (and why) for an answer not recorded, a welcome for a
//! join, "unsubscribed" for an unsubscribe, thanks for "done" to a nudge;
//! each once, threaded (In-Reply-To / References) to the message it answers.

use std::fs;

use chrono::{NaiveDateTime, TimeZone};

use crate::support::{Mail, Server, Ug, parse_toml, rsvp_tag, unsubscribe_tag};

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

/// The subject of the unsubscribe link (and `List-Unsubscribe`) in ug's
/// mail to `to`: its tag proves the sender (SPEC 11).
fn unsubscribe_link(to: &str) -> String {
    format!("unsubscribe {}", unsubscribe_tag(to))
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
    let cases: [(&str, &str, &str, &str, &str); 4] = [
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
        // An unsubscribed address is told nothing but that it left (SPEC
        // 11): tests/trust/answers.rs checks that it gets no "closed".
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
        // The announcement's RSVP link, clicked: its tag proves the sender.
        let subject = format!("RSVP yes {EVENT} {}", rsvp_tag(EVENT, who));
        let id = deliver(&g, 1, who, at, &subject, "", "");
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
    // A join proves nothing (SPEC 11): the address is asked to confirm,
    // once, and nobody is added yet.
    deliver(
        &g,
        1,
        "New Person <new@joiners.example>",
        "2026-12-03T09:30:00",
        "join",
        "",
        "",
    );
    // The day before: at most one automatic answer a day per address
    // (SPEC 11), so the welcome goes on the day of the reply.
    cron(&g, "2026-12-03T09:40:00");
    let asked = of_kind(&server.mail(), "confirm")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(asked.len(), 1, "{:#?}", server.mail());
    assert_eq!(asked[0].rcpt(), "new@joiners.example");
    assert!(!g.text().contains("new@joiners.example"), "{}", g.text());
    // Their reply to it is the join.
    let join = deliver(
        &g,
        4,
        "New Person <new@joiners.example>",
        "2026-12-04T10:00:00",
        &format!("Re: {}", asked[0].subject),
        &format!(
            "In-Reply-To: <{0}>\r\nReferences: <{0}>\r\n",
            asked[0].message_id
        ),
        "Yes please!",
    );
    let unsub = deliver(
        &g,
        2,
        "noah@members.example",
        "2026-12-04T10:10:00",
        &unsubscribe_link("noah@members.example"),
        "",
        "",
    );
    let done = deliver(
        &g,
        3,
        "maria@example.net",
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
        text.contains(&format!("task-done:{done}:maria@example.net")),
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
    threaded(thanks[0], "maria@example.net", &done);
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

#[test]
fn a_replayed_answer_already_on_its_line_changes_nothing_and_mails_nothing() {
    // A killed `ug inbox`: the file edit made (mia waitlisted), the log line
    // not. The same message handled again must not re-decide it.
    let server = Server::plain();
    let at = "2026-11-30T10:00:00";
    let g = group(&server, "", |t| {
        t.replace(
            "status = \"confirmed\"",
            "status = \"announced\"\ncapacity = 1\nrsvps = [\n  \
             { email = \"olga@members.example\", status = \"yes\", at = 2026-11-29T09:00:00, via = \"email\" },\n  \
             { email = \"mia@members.example\", name = \"Mia Member\", status = \"waitlist\", at = 2026-11-30T09:00:00, via = \"email\" },\n]",
        )
    });
    g.run_at(at, &["remind", "--send"]).success();
    let before = server.mail().len();
    assert_eq!(of_kind(&server.mail(), "rsvp-waitlist").len(), 1);
    let file = g.text();
    deliver(
        &g,
        1,
        "Mia Member <mia@members.example>",
        "2026-11-30T09:00:00",
        &format!(
            "RSVP yes {EVENT} {}",
            rsvp_tag(EVENT, "mia@members.example")
        ),
        "",
        "",
    );
    let v = g.run_at(at, &["inbox", "--json"]).success().json();
    let action = &v["messages"][0]["action"];
    assert_eq!(action["changed"], false, "{v:#}");
    assert!(action.get("notices").is_none(), "{v:#}");
    assert!(
        action["done"].as_str().unwrap().starts_with("unchanged"),
        "{v:#}"
    );
    assert_eq!(g.text(), file, "the file changed");
    g.run_at(at, &["remind", "--send"]).success();
    assert_eq!(server.mail().len(), before, "{:#?}", server.mail());
}

#[test]
fn done_to_a_nudge_digest_marks_the_tasks_it_names_and_a_bare_done_waits() {
    let server = Server::plain();
    let more = "[[tasks]]\nid = 2\ntitle = \"Order pizza\"\nowner = \"maria\"\ndue = 2026-12-07\nstatus = \"open\"\n\n\
                [[tasks]]\nid = 3\ntitle = \"Print the badges\"\nowner = \"maria\"\ndue = 2026-12-07\nstatus = \"open\"\n\n[reminders]";
    let g = group(&server, "", |t| t.replacen("[reminders]", more, 1));
    g.run_at("2026-12-04T09:00:00", &["remind", "--send"])
        .success();
    let digest = of_kind(&server.mail(), "nudges")[0].clone();
    assert!(
        digest.message_id.starts_with("nudges.1.2.3."),
        "{}",
        digest.message_id
    );
    let re = format!(
        "In-Reply-To: <{0}>\r\nReferences: <{0}>\r\n",
        digest.message_id
    );
    let bare = deliver(
        &g,
        1,
        "maria@example.net",
        "2026-12-04T10:00:00",
        "Re: tasks",
        &re,
        "Done\r\n\r\n> Your 3 tasks",
    );
    let named = deliver(
        &g,
        2,
        "maria@example.net",
        "2026-12-04T10:10:00",
        "Re: tasks",
        &re,
        "done 1 and 3, pizza is next\r\n\r\n> Your 3 tasks",
    );
    let at = "2026-12-04T11:00:00";
    let v = g.run_at(at, &["inbox", "--json"]).success().json();
    let waiting: Vec<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, [bare.as_str()], "{v:#}");
    let doc = g.text();
    let status = |id| {
        crate::support::find_task(&doc, id)["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        (status(1), status(2), status(3)),
        ("done".into(), "open".into(), "done".into())
    );
    let before = server.mail().len();
    g.run_at(at, &["remind", "--send"]).success();
    let mail: Vec<Mail> = server.mail().into_iter().skip(before).collect();
    let thanks = of_kind(&mail, "task-done");
    assert_eq!(thanks.len(), 1, "{mail:#?}");
    threaded(thanks[0], "maria@example.net", &named);
    let text = thanks[0].text.as_deref().unwrap();
    assert!(
        text.contains("Bring name tags") && text.contains("Print the badges"),
        "{text}"
    );
    assert!(!text.contains("Order pizza"), "{text}");
    cron(&g, at);
    assert_eq!(server.mail().len(), before + mail.len(), "sent again");
}

#[test]
fn an_unsubscribe_replayed_after_a_crash_is_told_once_and_a_repeat_not_again() {
    // The flag is in the file (the edit made), the log line is not.
    let server = Server::plain();
    let g = group(&server, "", |t| {
        t.replace(
            "email = \"noah@members.example\"",
            "email = \"noah@members.example\"\nunsubscribed = true",
        )
        .replace("status = \"confirmed\"", "status = \"announced\"")
    });
    let at = "2026-11-30T10:00:00";
    let first = deliver(
        &g,
        1,
        "noah@members.example",
        "2026-11-30T09:00:00",
        &unsubscribe_link("noah@members.example"),
        "",
        "",
    );
    cron(&g, at);
    let told = of_kind(&server.mail(), "unsubscribed").len();
    assert_eq!(told, 1, "{:#?}", server.mail());
    threaded(
        of_kind(&server.mail(), "unsubscribed")[0],
        "noah@members.example",
        &first,
    );
    deliver(
        &g,
        2,
        "noah@members.example",
        "2026-11-30T09:30:00",
        &unsubscribe_link("noah@members.example"),
        "",
        "",
    );
    cron(&g, at);
    assert_eq!(
        of_kind(&server.mail(), "unsubscribed").len(),
        1,
        "told twice"
    );
}
