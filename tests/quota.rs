//! The sending quota end to end (SPEC §13): the real binary against the
//! harness's SMTP server, on several mornings; `[email] provider` presets.

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::{Faults, MEMBERS, Mail, Server, Ug, wait_until};

/// The fixture (5 subscribed members) with `extra` more and `quota` lines
/// added to [email.smtp].
fn group(port: u16, extra: usize, quota: &str) -> Ug {
    Ug::remind_fixture(port, |t| {
        let mut more = String::new();
        for i in 0..extra {
            more.push_str(&format!(
                "\n[[members]]\nname = \"Member {i}\"\nemail = \"m{i}@many.example\"\n"
            ));
        }
        let t = t.replacen("[[events]]", &format!("{more}\n[[events]]"), 1);
        t.replacen(
            "security = \"none\"",
            &format!("security = \"none\"\n{quota}"),
            1,
        )
    })
}

fn by_rcpt(mail: &[Mail]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for x in mail {
        *m.entry(x.rcpt().to_string()).or_default() += 1;
    }
    m
}

#[track_caller]
fn assert_once_each(mail: &[Mail], n: usize) {
    let counts = by_rcpt(mail);
    assert!(counts.values().all(|&c| c == 1), "sent twice: {counts:?}");
    assert_eq!(mail.len(), n);
}

#[test]
fn a_day_quota_sends_50_50_20_on_three_mornings_with_a_kill_on_the_second() {
    // 120 subscribed members; the announcement is due from 2026-11-24.
    // The server stalls after its 70th message: 20 into the second morning.
    let server = Server::start(Faults {
        stall_after: Some(70),
        ..Faults::default()
    });
    let g = group(server.port, 115, "max_per_day = 50");

    let day1 = g.run_at("2026-11-24T08:00:00", &["remind", "--send"]);
    day1.success();
    assert!(
        day1.stdout.contains("Sent 50 messages (50 announce)"),
        "{}",
        day1.stdout
    );
    assert!(
        day1.stdout
            .contains("70 held for the quota (50 a day): they go from 2026-11-25 08:00"),
        "{}",
        day1.stdout
    );
    assert_once_each(&server.mail(), 50);
    assert!(!g.text().contains("status = \"announced\""), "not all went");

    // The same morning again: nothing more goes.
    let again = g.run_at("2026-11-24T10:00:00", &["remind", "--send"]);
    again.success();
    assert!(
        again.stdout.contains("70 held for the quota"),
        "{}",
        again.stdout
    );
    assert_eq!(server.mail().len(), 50);

    // Second morning: killed after 20, then run again: 30 more, 50 that day.
    let mut child = g.spawn_at("2026-11-25T08:00:00", &["remind", "--send"]);
    server.wait_stalled();
    wait_until(Duration::from_secs(10), "70 lines in the sent log", || {
        g.log().len() >= 70
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(server.mail().len(), 70);
    server.release();
    let day2 = g.run_at("2026-11-25T08:05:00", &["remind", "--send"]);
    day2.success();
    assert!(day2.stdout.contains("Sent 30 messages"), "{}", day2.stdout);
    assert!(
        day2.stdout
            .contains("20 held for the quota (50 a day): they go from 2026-11-26 08:00"),
        "{}",
        day2.stdout
    );
    assert_once_each(&server.mail(), 100);

    // Third morning: the last 20, and the event is announced.
    let day3 = g.run_at("2026-11-26T08:00:00", &["remind", "--send"]);
    day3.success();
    assert!(day3.stdout.contains("Sent 20 messages"), "{}", day3.stdout);
    assert!(!day3.stdout.contains("held"), "{}", day3.stdout);
    assert_once_each(&server.mail(), 120);
    assert!(g.text().contains("status = \"announced\""));
    let none = g.run_at(
        "2026-11-27T08:00:00",
        &["remind", "--send", "--kind", "announce"],
    );
    none.success();
    assert_eq!(server.mail().len(), 120, "none lost, none twice");
}

#[test]
fn an_hour_quota_holds_the_rest_until_the_hour_is_over() {
    let server = Server::plain();
    let g = group(server.port, 20, "max_per_hour = 10");
    let first = g.run_at("2026-11-24T09:00:00", &["remind", "--send", "--json"]);
    first.success();
    let json: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    assert_eq!(json["sent"].as_array().unwrap().len(), 10, "{json}");
    assert_eq!(json["held"]["count"], 15, "{json}");
    assert_eq!(json["held"]["from"], "2026-11-24T10:00:00", "{json}");
    let soon = g.run_at("2026-11-24T09:59:00", &["remind", "--send"]);
    soon.success();
    assert!(
        soon.stdout
            .contains("15 held for the quota (10 an hour): they go from 2026-11-24 10:00"),
        "{}",
        soon.stdout
    );
    assert_eq!(server.mail().len(), 10);
    for (at, total) in [("2026-11-24T10:00:00", 20), ("2026-11-24T11:00:00", 25)] {
        g.run_at(at, &["remind", "--send"]).success();
        assert_once_each(&server.mail(), total);
    }
}

/// The fixture's [email.smtp] (the harness's server) as written there.
fn harness_smtp(port: u16) -> String {
    format!("[email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"")
}

#[test]
fn an_unknown_provider_is_an_error_with_its_line_and_the_known_ones() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "transport = \"smtp\"",
            "transport = \"smtp\"\nprovider = \"gmial\"",
        )
    });
    let line = g.text().lines().position(|l| l.contains("gmial")).unwrap() + 1;
    let run = g.run_at("2026-11-24T09:00:00", &["check"]);
    run.code(1);
    let err = run.stderr;
    assert!(err.contains(&format!("group.toml:{line}:12")), "{err}");
    assert!(
        err.contains(
            "unknown provider \"gmial\"; use \"gmail\", \"google-workspace\", \"fastmail\", \"microsoft365\", \"ses\", \"mailgun\" or \"postmark\""
        ),
        "{err}"
    );
    let run = g.run_at("2026-11-24T09:00:00", &["remind", "--send"]);
    run.code(1);
    assert!(
        server.mail().is_empty(),
        "nothing sent from an invalid file"
    );
}

#[test]
fn a_provider_fills_host_port_security_and_quota_and_the_file_wins() {
    let server = Server::plain();
    // gmail, with only the account: ug check passes; status shows the
    // preset it resolved to.
    let gmail = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "transport = \"smtp\"",
            "transport = \"smtp\"\nprovider = \"gmail\"",
        )
        .replace(
            &harness_smtp(server.port),
            "[email.smtp]\nusername = \"riverside@gmail.com\"\npassword_env = \"UG_SMTP_PASSWORD\"",
        )
    });
    gmail.run_at("2026-11-24T09:00:00", &["check"]).success();
    let status = gmail.run_at("2026-11-24T09:00:00", &["status", "--json"]);
    status.success();
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(
        json["reminders"]["sending"], "SMTP smtp.gmail.com:587 (starttls, gmail), quota 500 a day",
        "{json}"
    );
    // fastmail with no [email.smtp] at all; `security = "tls"` alone is 465.
    for (provider, smtp, want) in [
        (
            "fastmail",
            "",
            "SMTP smtp.fastmail.com:465 (tls, fastmail), no quota",
        ),
        (
            "google-workspace",
            "[email.smtp]\nsecurity = \"tls\"\nmax_per_hour = 100",
            "SMTP smtp.gmail.com:465 (tls, google-workspace), quota 2000 a day, 100 an hour",
        ),
        (
            "ses",
            "[email.smtp]\nhost = \"email-smtp.eu-west-1.amazonaws.com\"\nmax_per_day = 50000",
            "SMTP email-smtp.eu-west-1.amazonaws.com:587 (starttls, ses), quota 50000 a day",
        ),
    ] {
        let g = Ug::remind_fixture(server.port, |t| {
            t.replace(
                "transport = \"smtp\"",
                &format!("transport = \"smtp\"\nprovider = \"{provider}\""),
            )
            .replace(&harness_smtp(server.port), smtp)
        });
        g.run_at("2026-11-24T09:00:00", &["check"]).success();
        let status = g.run_at("2026-11-24T09:00:00", &["status", "--json"]);
        let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
        assert_eq!(json["reminders"]["sending"], want, "{provider}: {json}");
    }
}

#[test]
fn an_explicit_host_wins_over_the_preset_and_its_quota_counts() {
    // gmail's preset, but the file's host, port and security: the mail
    // reaches the harness's server, under gmail's 500 a day, of which 497
    // went an hour and a half ago (08:00 Berlin = 07:00 UTC; now 08:30 UTC).
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "transport = \"smtp\"",
            "transport = \"smtp\"\nprovider = \"gmail\"",
        )
    });
    let mut log = String::new();
    for i in 0..497 {
        log.push_str(&format!(
            "2026-11-24T07:00:00.000Z\tannounce:old:o{i}@x.example\t<o{i}@ug>\to{i}@x.example\n"
        ));
    }
    std::fs::write(g.path("group.sent.log"), log).unwrap();
    let status = g.run_at("2026-11-24T09:30:00", &["status"]);
    status.success();
    assert!(
        status
            .stdout
            .contains("2 held for the quota (500 a day): they go from 2026-11-25 08:00"),
        "{}",
        status.stdout
    );
    let run = g.run_at("2026-11-24T09:30:00", &["remind", "--send"]);
    run.success();
    assert!(
        run.stdout.contains("Sent 3 messages (3 announce)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2 held for the quota (500 a day): they go from 2026-11-25 08:00"),
        "{}",
        run.stdout
    );
    assert_once_each(&server.mail(), 3);
    // The next morning the other two go.
    g.run_at("2026-11-25T08:00:00", &["remind", "--send"])
        .success();
    assert_once_each(&server.mail(), 5);
}

#[test]
fn a_short_quota_sends_the_announcement_before_the_reminders_of_a_later_event() {
    // In file order the later event (2026-12-09, announced, its reminder due
    // 3 days before) comes first; the 2026-12-08 event's announcement is due
    // (late) too, and a task nudge. A quota of 5: the announcement goes.
    let server = Server::plain();
    let later = "[[events]]\nid = \"2026-12-09\"\ntitle = \"Hack night\"\nstart = 2026-12-09T18:30:00\nduration = \"2h\"\nvenue = \"hall\"\nstatus = \"announced\"\n\n[[events]]";
    let g = group(server.port, 0, "max_per_day = 5");
    let text = g
        .text()
        .replacen("[[events]]", later, 1)
        .replace("remind = \"1d\"", "remind = \"3d\"");
    std::fs::write(g.path("group.toml"), text).unwrap();
    let now = "2026-12-07T09:00:00";
    let preview = g.run_at(now, &["remind", "--json"]);
    preview.success();
    let kinds = |rows: &serde_json::Value| -> Vec<(String, String)> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["kind"].to_string(), r["event"].to_string()))
            .collect()
    };
    let all: serde_json::Value = serde_json::from_str(&preview.stdout).unwrap();
    let due = kinds(&all);
    assert!(due.len() > 5, "more than the quota is due: {due:?}");
    assert_eq!(
        due[0],
        ("\"remind\"".into(), "\"2026-12-09\"".into()),
        "file order puts the later event's reminders first: {due:?}"
    );
    let run = g.run_at(now, &["remind", "--send", "--json"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sent = kinds(&json["sent"]);
    assert_eq!(
        sent,
        vec![("\"announce\"".to_string(), "\"2026-12-08\"".to_string()); 5],
        "{json}"
    );
    assert_eq!(json["held"]["count"], due.len() - 5, "{json}");
    assert_once_each(&server.mail(), 5);
}

#[test]
fn ug_daily_sends_what_the_quota_held_the_next_morning() {
    let server = Server::plain();
    let g = group(server.port, 0, "max_per_day = 3");
    let day1 = g.run_at("2026-11-24T09:00:00", &["daily"]);
    day1.success();
    assert!(
        day1.stdout.contains(
            "send: sent 3 messages (3 announce); 2 held for the quota (3 a day): they go from 2026-11-25 09:00"
        ),
        "{}",
        day1.stdout
    );
    assert_once_each(&server.mail(), 3);
    let day2 = g.run_at("2026-11-25T09:00:00", &["daily"]);
    day2.success();
    assert!(
        day2.stdout
            .contains("send: sent 2 messages (2 announce); 2026-12-08 announced"),
        "{}",
        day2.stdout
    );
    assert_once_each(&server.mail(), 5);
}

#[test]
fn forged_joins_never_take_the_quota_from_the_members_announcement() {
    // 40 strangers' "join" under 40 addresses arrive before the
    // announcement morning; the day's quota is 10. Each join owes a
    // request to confirm, which anyone can make ug owe: they go after the
    // members' mail, in what room is left, and the rest wait for it.
    let server = Server::plain();
    let g = group(server.port, 0, "max_per_day = 10");
    let text = g.text() + "\n[inbox]\nmaildir = \"mail/INBOX\"\n";
    std::fs::write(g.path("group.toml"), text).unwrap();
    for d in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(g.path(&format!("mail/INBOX/{d}"))).unwrap();
    }
    let arrived = 1_795_503_600; // 2026-11-24 07:00 UTC, 08:00 in Berlin
    for n in 0..40 {
        std::fs::write(
            g.path(&format!("mail/INBOX/new/{arrived}.M{n}P1.mx")),
            format!(
                "From: victim{n}@forged.example\r\nTo: organizers@riverside.example\r\n\
                 Subject: join\r\nMessage-ID: <join{n}@forged.example>\r\n\r\njoin\r\n"
            ),
        )
        .unwrap();
    }
    let now = "2026-11-24T09:00:00";
    g.run_at(now, &["inbox"]).success();
    let run = g.run_at(now, &["remind", "--send", "--json"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mail = server.mail();
    assert_once_each(&mail, 10);
    let announced: Vec<&str> = mail
        .iter()
        .filter(|m| m.message_id.contains("announce"))
        .map(Mail::rcpt)
        .collect();
    assert_eq!(
        announced.len(),
        support::MEMBERS.len(),
        "every member's announcement went: {json}"
    );
    // Whatever else was due and fitted went too; the requests to confirm
    // fill the room left, after the members' mail, never before it.
    let first_confirm = mail
        .iter()
        .position(|m| m.message_id.contains("confirm"))
        .expect("the room left went to requests to confirm");
    let last_announce = mail
        .iter()
        .rposition(|m| m.message_id.contains("announce"))
        .unwrap();
    assert!(first_confirm > last_announce, "{mail:#?}");
    let confirms = mail
        .iter()
        .filter(|m| m.message_id.contains("confirm"))
        .count();
    assert_eq!(json["held"]["count"], 40 - confirms, "{json}");
    // The next morning the held requests go (still one per address).
    g.run_at("2026-11-25T09:00:00", &["remind", "--send"])
        .success();
    assert!(server.mail().len() > 10);
    assert!(by_rcpt(&server.mail()).values().all(|&c| c == 1));
}

/// The times of the sent log's lines, each line's first field.
fn times(g: &Ug) -> Vec<String> {
    g.log()
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_sent_lines_time_is_the_pinned_now_even_when_runs_go_back_in_time() {
    // 3 a day. Runs pinned on several days, the second earlier than the
    // first: each line records its run's UG_NOW (Berlin, in UTC), and the
    // quota counts by those times, whatever their order in the file.
    let server = Server::plain();
    let g = group(server.port, 3, "max_per_day = 3");
    g.run_at("2026-11-26T10:00:00", &["remind", "--send"])
        .success();
    assert_eq!(times(&g), vec!["2026-11-26T09:00:00.000Z"; 3]);
    // A day earlier: the three of the 26th are not in its last 24 hours.
    let back = g.run_at("2026-11-25T09:30:00", &["remind", "--send"]);
    back.success();
    assert!(back.stdout.contains("Sent 3 messages"), "{}", back.stdout);
    assert!(
        back.stdout
            .contains("2 held for the quota (3 a day): they go from 2026-11-26 09:30"),
        "{}",
        back.stdout
    );
    assert_eq!(times(&g)[3..], vec!["2026-11-25T08:30:00.000Z"; 3]);
    assert_once_each(&server.mail(), 6);
    // The 26th at noon: three went in its last 24 hours (the 25th's are
    // older), none may go until the first of them is a day old.
    let full = g.run_at("2026-11-26T12:00:00", &["remind", "--send"]);
    full.success();
    assert!(
        full.stdout
            .contains("2 held for the quota (3 a day): they go from 2026-11-27 10:00"),
        "{}",
        full.stdout
    );
    assert_eq!(server.mail().len(), 6);
    // In winter Berlin is UTC+1: 2026-11-27 10:00 there is 09:00 UTC.
    g.run_at("2026-11-27T10:00:00", &["remind", "--send"])
        .success();
    assert_once_each(&server.mail(), 8);
    assert_eq!(times(&g)[6..], vec!["2026-11-27T09:00:00.000Z"; 2]);
    assert!(g.log().iter().all(|l| l.split('\t').count() == 4));
    assert!(g.text().contains("status = \"announced\""));
}

#[test]
fn an_old_sent_log_with_fifth_fields_still_counts_and_is_not_sent_again() {
    // A log written before the time became the run's: a sent line's first
    // field was the real time (here days after), the fifth the pinned
    // instant (08:00 Berlin), which the quota counted by. Three of the five
    // members had the announcement; two other messages went that morning.
    let server = Server::plain();
    let g = group(server.port, 0, "max_per_day = 6");
    let mut log = String::new();
    for (i, to) in MEMBERS[..3]
        .iter()
        .chain(&["x@old.example", "y@old.example"])
        .enumerate()
    {
        let key = match i {
            0..3 => format!("announce:2026-12-08:{to}"),
            _ => format!("announce:old:{to}"),
        };
        log.push_str(&format!(
            "2026-12-06T22:00:00.000Z\t{key}\t<o{i}@ug>\t{to}\t2026-11-24T07:00:00.000Z\n"
        ));
    }
    std::fs::write(g.path("group.sent.log"), &log).unwrap();
    // Five went that morning: one more may go, of the two still due.
    let run = g.run_at("2026-11-24T09:30:00", &["remind", "--send"]);
    run.success();
    assert!(
        run.stdout.contains("Sent 1 message (1 announce)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 held for the quota (6 a day): it goes from 2026-11-25 08:00"),
        "{}",
        run.stdout
    );
    g.run_at("2026-11-25T08:00:00", &["remind", "--send"])
        .success();
    // The three in the old log got nothing again; the others once each.
    let mail = server.mail();
    assert_once_each(&mail, 2);
    let got: Vec<&str> = mail.iter().map(Mail::rcpt).collect();
    assert!(got.iter().all(|r| MEMBERS[3..].contains(r)), "{got:?}");
    assert!(g.text().contains("status = \"announced\""));
    // The old lines are kept as they were; the new ones have four fields.
    let text = g.read("group.sent.log");
    assert!(text.starts_with(&log), "{text}");
    assert!(
        text[log.len()..]
            .lines()
            .all(|l| l.split('\t').count() == 4)
    );
}
