//! The season's edges, end to end: a late announcement, mail nobody can
//! receive (reported once, not on every cron run), a file without `[email]`.

use std::collections::BTreeSet;

use crate::support::{MEMBERS, Server, Ug};
use crate::{ANNOUNCE_DAY, REMIND_DAY};

#[test]
fn a_late_announcement_takes_the_reminders_place() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| t);
    // Confirmed late: the first run is on the reminder's day.
    g.run_at(REMIND_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    let to_members: Vec<_> = mail
        .iter()
        .filter(|m| MEMBERS.contains(&m.rcpt()))
        .collect();
    assert_eq!(
        to_members.len(),
        MEMBERS.len(),
        "one mail per member: {to_members:#?}"
    );
    assert_eq!(
        to_members.iter().map(|m| m.rcpt()).collect::<BTreeSet<_>>(),
        MEMBERS.into_iter().collect()
    );
    for m in &to_members {
        assert!(m.message_id.contains("announce"), "{}", m.message_id);
        assert!(m.calendar.is_some(), "the announcement carries the .ics");
    }
    let log = g.log();
    for member in MEMBERS {
        let key = format!("remind:2026-12-08:{member}");
        assert!(
            log.iter()
                .any(|l| l.split('\t').nth(1) == Some(key.as_str())),
            "{key} settled with the announcement: {log:#?}"
        );
    }
    // Later that day and on the event's morning: nothing more for members.
    for now in [REMIND_DAY, "2026-12-08T09:00:00"] {
        g.run_at(now, &["remind", "--send"]).success();
    }
    let again = server.mail();
    assert_eq!(
        again.iter().filter(|m| MEMBERS.contains(&m.rcpt())).count(),
        MEMBERS.len(),
        "{again:#?}"
    );
}

#[test]
fn without_an_email_section_the_preview_works_and_only_send_needs_it() {
    let g = Ug::remind_fixture(1, |t| t[..t.find("[email]").unwrap()].to_string());
    let quiet = "2026-11-01T09:00:00";
    let run = g.run_at(quiet, &["remind"]);
    run.success();
    assert!(run.stdout.contains("Nothing due now."), "{}", run.stdout);
    let run = g.run_at(quiet, &["remind", "--send"]);
    run.success();
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);

    let run = g.run_at(ANNOUNCE_DAY, &["remind"]);
    run.success();
    assert!(
        run.stdout.contains("5 messages (5 announce) due"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("no [email] section"), "{}", run.stderr);
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("no [email] section") && run.stderr.contains("add [email]"),
        "{}",
        run.stderr
    );
    assert!(g.log().is_empty());
    assert!(!g.path("group.sent.log").exists());
}

#[test]
fn a_bad_address_is_reported_once_and_a_fixed_one_gets_its_mail() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace("quinn@members.example", "quinn..q@members.example")
    });
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("skipped:") && run.stderr.contains("quinn..q@members.example"),
        "{}",
        run.stderr
    );
    assert_eq!(server.mail().len(), 4);
    let skipped: Vec<String> = g
        .log()
        .into_iter()
        .filter(|l| l.split('\t').nth(2) == Some("skipped"))
        .collect();
    assert_eq!(skipped.len(), 1, "{:#?}", g.log());
    assert_eq!(
        skipped[0].split('\t').nth(1),
        Some("announce:2026-12-08:quinn..q@members.example")
    );
    // Cron again that day and the next: reported already, exit 0.
    for now in [ANNOUNCE_DAY, "2026-11-25T09:00:00"] {
        let run = g.run_at(now, &["remind", "--send"]);
        run.success();
        assert!(!run.stderr.contains("quinn"), "{now}: {}", run.stderr);
        let preview = g.run_at(now, &["remind"]);
        preview.success();
        assert!(!preview.stderr.contains("quinn"), "{}", preview.stderr);
    }
    assert_eq!(server.mail().len(), 4);
    // Fixed: a new key, and the reminder goes to the fixed address.
    std::fs::write(
        g.path("group.toml"),
        g.text().replace("quinn..q@", "quinn@"),
    )
    .unwrap();
    g.run_at(REMIND_DAY, &["remind", "--send"]).success();
    assert!(
        server
            .mail()
            .iter()
            .any(|m| m.rcpt() == "quinn@members.example" && m.message_id.contains("remind")),
        "{:#?}",
        server.mail()
    );
}

#[test]
fn mail_to_a_person_without_an_address_is_reported_not_dropped() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace("email = \"jane@venue.example\"\n", "")
    });
    let day = "2026-12-09T09:00:00";
    g.run_at(day, &["events", "held", "2026-12-08"]).success();
    let why = "no email address: add `email = ...` to [[people]] id = \"jane\"";
    let preview = g.run_at(day, &["remind"]);
    preview.success();
    assert!(
        preview
            .stderr
            .contains(&format!("will skip: Jane Venue (thanks): {why}")),
        "{}",
        preview.stderr
    );
    let run = g.run_at(day, &["--json", "remind", "--send", "--yes"]);
    run.code(1);
    assert!(
        run.stderr
            .contains(&format!("skipped: Jane Venue (thanks): {why}")),
        "{}",
        run.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let skipped = json["skipped"].as_array().expect("a skipped list");
    assert_eq!(skipped.len(), 1, "{json:#}");
    assert_eq!(skipped[0]["kind"], "thanks");
    assert_eq!(skipped[0]["error"], why);
    // The sponsor's contact got theirs.
    assert!(
        server
            .mail()
            .iter()
            .any(|m| m.rcpt() == "pat@pizza.example" && m.message_id.contains("thanks")),
        "{:#?}",
        server.mail()
    );
    // Reported once.
    let again = g.run_at(day, &["remind", "--send"]);
    again.success();
    assert!(!again.stderr.contains("Jane"), "{}", again.stderr);
}
