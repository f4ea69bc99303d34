//! A start or venue changed by hand in group.toml after the announcement:
//! the members who got the announcement get one "changed" mail (old ->
//! new, the .ics SEQUENCE raised), and the file records what they were told.

use std::collections::BTreeSet;
use std::fs;

use icalendar::Component as _;

use super::ANNOUNCE_DAY;
use crate::support::{MEMBERS, Mail, Server, Ug, parse_toml};

const LATER: &str = "2026-11-26T09:00:00";

/// The remind fixture with a second venue.
fn fixture(port: u16) -> Ug {
    Ug::remind_fixture(port, |t| {
        t.replacen(
            "[[sponsors]]",
            "[[venues]]\nid = \"foundry\"\nname = \"The Foundry\"\n\
             address = \"9 Mill Lane, Riverside\"\ncapacity = 80\n\n[[sponsors]]",
            1,
        )
    })
}

/// Replaces the line starting `from` (which must be there once) in
/// group.toml: a hand edit.
fn hand_edit(g: &Ug, from: &str, to: &str) {
    let (from, to) = (format!("\n{from}"), format!("\n{to}"));
    let text = g.text();
    assert_eq!(text.matches(&from).count(), 1, "{from:?} in:\n{text}");
    fs::write(g.path("group.toml"), text.replace(&from, &to)).unwrap();
}

fn changes(mail: &[Mail]) -> Vec<&Mail> {
    mail.iter()
        .filter(|m| m.message_id.contains("change"))
        .collect()
}

/// The SEQUENCE of the mail's calendar entry, read with `icalendar`.
fn sequence(m: &Mail) -> u32 {
    let ics = m.calendar.as_deref().expect("a calendar part");
    let cal: icalendar::Calendar = ics.parse().expect("the attachment parses");
    let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    event.property_value("SEQUENCE").unwrap().parse().unwrap()
}

/// The event's table as the file now holds it.
fn event(g: &Ug) -> toml::Table {
    let doc = parse_toml(&g.text());
    doc["events"].as_array().unwrap()[0]
        .as_table()
        .unwrap()
        .clone()
}

fn told(g: &Ug) -> (String, String, i64) {
    let e = event(g);
    (
        e["told_start"].to_string(),
        e["told_venue"].as_str().unwrap().to_string(),
        e.get("sequence").map_or(0, |s| s.as_integer().unwrap()),
    )
}

/// One "changed" mail to each member who got the announcement, among the
/// mails from `from` on; returns them.
#[track_caller]
fn one_each(server: &Server, from: usize) -> Vec<Mail> {
    let mail = server.mail();
    let new: Vec<Mail> = changes(&mail[from..]).into_iter().cloned().collect();
    assert_eq!(
        new.len(),
        mail.len() - from,
        "only changed mails: {mail:#?}"
    );
    let rcpts: BTreeSet<&str> = new.iter().map(Mail::rcpt).collect();
    assert_eq!(rcpts, MEMBERS.into_iter().collect());
    assert_eq!(new.len(), MEMBERS.len(), "one each: {new:#?}");
    new
}

#[test]
fn a_hand_edit_after_the_announcement_gets_one_changed_mail_each() {
    let server = Server::plain();
    let g = fixture(server.port);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    assert_eq!(server.mail().len(), MEMBERS.len());
    // The announcement is recorded as what the members were told.
    assert_eq!(told(&g), ("2026-12-08T18:30:00".into(), "hall".into(), 0));

    // The date moved by hand: `ug remind` and `ug status` show it due.
    hand_edit(
        &g,
        "start = 2026-12-08T18:30:00",
        "start = 2026-12-09T18:30:00",
    );
    g.run_at(LATER, &["check"]).success();
    let preview = g.run_at(LATER, &["remind"]);
    preview.success();
    assert!(preview.stdout.contains("5 change"), "{}", preview.stdout);
    let status = g.run_at(LATER, &["status"]);
    assert!(
        status.stdout.contains("due now: 5 change"),
        "{}",
        status.stdout
    );

    let run = g.run_at(LATER, &["remind", "--send"]);
    run.success();
    let first = one_each(&server, MEMBERS.len());
    for m in &first {
        assert!(
            m.subject
                .contains("moved from Tuesday, December 8 to Wednesday, December 9"),
            "{}",
            m.subject
        );
        let text = m.text.as_deref().unwrap();
        assert!(text.contains("Wednesday, December 9"), "{text}");
        assert_eq!(sequence(m), 1, "{:?}", m.calendar);
    }
    assert_eq!(told(&g), ("2026-12-09T18:30:00".into(), "hall".into(), 1));
    g.run_at(LATER, &["check"]).success();

    // Again: nothing.
    let run = g.run_at(LATER, &["remind", "--send"]);
    run.success();
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
    let sent = server.mail().len();

    // The venue by hand: one more each, SEQUENCE 2.
    hand_edit(&g, "venue = \"hall\"", "venue = \"foundry\"");
    g.run_at(LATER, &["remind", "--send"]).success();
    for m in one_each(&server, sent) {
        assert!(
            m.subject.contains("moved from Town Hall to The Foundry"),
            "{}",
            m.subject
        );
        assert_eq!(sequence(&m), 2);
    }
    assert_eq!(
        told(&g),
        ("2026-12-09T18:30:00".into(), "foundry".into(), 2)
    );
    let sent = server.mail().len();

    // Edited and edited back before a run: what was told, so no mail.
    hand_edit(&g, "venue = \"foundry\"", "venue = \"hall\"");
    hand_edit(&g, "venue = \"hall\"", "venue = \"foundry\"");
    let before = g.text();
    let run = g.run_at(LATER, &["remind", "--send"]);
    run.success();
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
    assert_eq!(server.mail().len(), sent);
    assert_eq!(g.text(), before, "nothing to record");
}

#[test]
fn a_run_that_sent_but_did_not_record_is_not_repeated() {
    let server = Server::plain();
    let g = fixture(server.port);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    hand_edit(
        &g,
        "start = 2026-12-08T18:30:00",
        "start = 2026-12-08T19:00:00",
    );
    let unrecorded = g.text();
    g.run_at(LATER, &["remind", "--send"]).success();
    let first = one_each(&server, MEMBERS.len());
    assert!(
        first[0]
            .subject
            .contains("now starts at 19:00 instead of 18:30")
    );
    let recorded = g.text();
    // As if the run had stopped after sending, before writing the file.
    fs::write(g.path("group.toml"), &unrecorded).unwrap();
    let run = g.run_at(LATER, &["remind", "--send"]);
    run.success();
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
    assert_eq!(server.mail().len(), 2 * MEMBERS.len());
    assert_eq!(g.text(), recorded, "the record is written now");
    // Only the record of the event changed, the rest byte for byte.
    assert_eq!(
        recorded,
        unrecorded.replace(
            "told_start = 2026-12-08T18:30:00\ntold_venue = \"hall\"\n",
            "told_start = 2026-12-08T19:00:00\ntold_venue = \"hall\"\nsequence = 1\ntold_sequence = 1\n"
        )
    );
}

#[test]
fn events_edit_after_a_hand_edit_makes_one_mail_per_change() {
    let server = Server::plain();
    let g = fixture(server.port);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    // A hand edit, then `ug events edit` before any run: one mail, old as
    // told to the newest.
    hand_edit(&g, "venue = \"hall\"", "venue = \"foundry\"");
    g.run_at(LATER, &["events", "edit", "2026-12-08", "--time", "19:00"])
        .success();
    g.run_at(LATER, &["remind", "--send"]).success();
    for m in one_each(&server, MEMBERS.len()) {
        assert!(m.subject.contains("now starts at 19:00 instead of 18:30"));
        assert!(m.subject.contains("moved from Town Hall to The Foundry"));
        assert_eq!(sequence(&m), 1);
    }
    assert_eq!(
        told(&g),
        ("2026-12-08T19:00:00".into(), "foundry".into(), 1)
    );
    // Then `ug events edit` alone: one more, SEQUENCE 2.
    let sent = server.mail().len();
    g.run_at(LATER, &["events", "edit", "2026-12-08", "--venue", "hall"])
        .success();
    g.run_at(LATER, &["remind", "--send"]).success();
    for m in one_each(&server, sent) {
        assert!(m.subject.contains("moved from The Foundry to Town Hall"));
        assert_eq!(sequence(&m), 2);
    }
    let run = g.run_at(LATER, &["remind", "--send"]);
    assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
}

#[test]
fn an_events_edit_change_sent_but_not_recorded_is_not_repeated() {
    // `ug events edit` raises `sequence` past what was told; a run sends
    // its mail and stops before writing the record. The file as it was
    // then is also what a file from before `told_sequence` looks like
    // after such a mail went out: neither may send it again.
    let server = Server::plain();
    let g = fixture(server.port);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    g.run_at(LATER, &["events", "edit", "2026-12-08", "--time", "19:00"])
        .success();
    let unrecorded = g.text();
    assert!(!unrecorded.contains("told_sequence"), "{unrecorded}");
    g.run_at(LATER, &["remind", "--send"]).success();
    for m in one_each(&server, MEMBERS.len()) {
        assert!(m.subject.contains("now starts at 19:00 instead of 18:30"));
        assert_eq!(sequence(&m), 1);
    }
    let recorded = g.text();
    fs::write(g.path("group.toml"), &unrecorded).unwrap();
    for _ in 0..2 {
        let run = g.run_at(LATER, &["remind", "--send"]);
        run.success();
        assert!(run.stdout.contains("Nothing to send"), "{}", run.stdout);
        assert_eq!(server.mail().len(), 2 * MEMBERS.len(), "sent again");
        assert_eq!(g.text(), recorded, "the record is written, once");
    }
    assert_eq!(told(&g), ("2026-12-08T19:00:00".into(), "hall".into(), 1));
    // A hand edit after that record is a new change: SEQUENCE 2.
    hand_edit(
        &g,
        "start = 2026-12-08T19:00:00",
        "start = 2026-12-08T19:30:00",
    );
    g.run_at(LATER, &["remind", "--send"]).success();
    for m in one_each(&server, 2 * MEMBERS.len()) {
        assert!(m.subject.contains("now starts at 19:30 instead of 19:00"));
        assert_eq!(sequence(&m), 2);
    }
}
