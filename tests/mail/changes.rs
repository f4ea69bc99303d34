//! Issue 20, SPEC §8: a change to an announced event (date, time, venue)
//! is told once to everyone who was told of it (members who got the
//! announcement, and people with a seat who are not members), and the mail
//! says what changed, old and new. Two changes before the next send make one
//! mail (old as told, to new); a change back to what was told makes none.
//! Through the real binary, `ug events edit` and the file transport.

use crate::edited;
use crate::support::{Ug, parse_mail};
use std::path::PathBuf;

/// The "changed" mails in the outbox: (to, subject, text), sorted by file name.
fn changes(d: &Ug) -> Vec<(String, String, String)> {
    let Ok(entries) = std::fs::read_dir(d.path("outbox")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("change")
        })
        .collect();
    files.sort();
    parse_mail(&files)
        .into_iter()
        .map(|m| {
            let to = m.to.into_iter().next().unwrap_or_default().to_lowercase();
            (to, m.subject, m.text.unwrap_or_default())
        })
        .collect()
}

/// GROUP with a second venue, its task done (no nudge to a person without
/// mail), and a non-member's seat.
fn group() -> Ug {
    let text = edited(
        "[[sponsors]]",
        "[[venues]]\nid = \"brooklyn\"\nname = \"Brooklyn Works Community Loft\"\naddress = \"1 Loft Way\"\n\n[[sponsors]]",
    )
    .replacen(
        "owner = \"nomail\"\ndue = 2026-11-20\nstatus = \"open\"",
        "owner = \"nomail\"\ndue = 2026-11-20\nstatus = \"done\"",
        1,
    );
    let d = Ug::with_group(&text);
    d.run_at(
        "2026-11-29",
        &[
            "rsvp",
            "2026-12-08",
            "gus@elsewhere.example",
            "--name",
            "Gus Guest",
        ],
    )
    .success();
    d.run_at("2026-11-29", &["remind", "--send"]).success();
    assert!(d.text().contains("status = \"announced\""));
    d
}

const TOLD: [&str; 3] = [
    "ann@example.com",
    "carla@example.com",
    "gus@elsewhere.example",
];

fn edit(d: &Ug, now: &str, args: &[&str]) {
    let mut all = vec!["events", "edit", "2026-12-08"];
    all.extend_from_slice(args);
    d.run_at(now, &all).success();
}

#[test]
fn a_new_venue_is_told_from_where_to_where_to_members_and_seats() {
    let d = group();
    edit(&d, "2026-11-30", &["--venue", "brooklyn"]);
    let toml: toml::Table = toml::from_str(&d.text()).unwrap();
    let ev = toml["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some("2026-12-08"))
        .unwrap();
    assert_eq!(ev["told_venue"].as_str(), Some("lakeview"), "{ev:#?}");
    assert_eq!(ev["told_start"].to_string(), "2026-12-08T18:30:00");
    d.run_at("2026-11-30T09:00:00", &["remind", "--send"])
        .success();
    d.run_at("2026-12-01", &["remind", "--send"]).success();
    let mail = changes(&d);
    let to: Vec<&str> = mail.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(to.len(), 3, "once each: {mail:#?}");
    for who in TOLD {
        assert!(to.contains(&who), "{who} was told of it: {to:?}");
    }
    for (_, subject, text) in &mail {
        assert!(
            text.contains("It moved from Lakeview Analytics to Brooklyn Works Community Loft."),
            "{text}"
        );
        assert!(
            !text.contains("moved from Tuesday"),
            "the date never changed: {text}"
        );
        assert!(
            !text.contains("instead of"),
            "the time never changed: {text}"
        );
        assert!(
            subject.starts_with("Changed: ")
                && subject
                    .contains("moved from Lakeview Analytics to Brooklyn Works Community Loft"),
            "{subject}"
        );
    }
}

#[test]
fn two_changes_before_a_send_make_one_mail_and_a_change_back_none() {
    let d = group();
    // The date, then the time: one mail, old (as told) to new.
    edit(&d, "2026-11-30", &["--date", "2026-12-09"]);
    edit(&d, "2026-11-30", &["--time", "19:00"]);
    d.run_at("2026-11-30T09:00:00", &["remind", "--send"])
        .success();
    let mail = changes(&d);
    assert_eq!(mail.len(), 3, "{mail:#?}");
    for (_, _, text) in &mail {
        assert!(
            text.contains(
                "It moved from Tuesday, December 8 at 18:30 to Wednesday, December 9 at 19:00."
            ),
            "{text}"
        );
        assert_eq!(text.matches("It moved").count(), 1, "{text}");
    }
    // Told now: a later time is said against 19:00, not the first 18:30.
    edit(&d, "2026-12-01", &["--time", "19:30"]);
    d.run_at("2026-12-01T09:00:00", &["remind", "--send"])
        .success();
    let mail = changes(&d);
    assert_eq!(mail.len(), 6, "{mail:#?}");
    let last: Vec<_> = mail
        .iter()
        .filter(|m| m.2.contains("19:30 instead"))
        .collect();
    assert_eq!(last.len(), 3, "{mail:#?}");
    assert!(
        last[0]
            .2
            .contains("It now starts at 19:30 instead of 19:00."),
        "{}",
        last[0].2
    );

    // A change, then back to what was told, before the next send: no mail.
    edit(&d, "2026-12-02", &["--venue", "brooklyn"]);
    let back = d.run_at(
        "2026-12-02",
        &["events", "edit", "2026-12-08", "--venue", "lakeview"],
    );
    back.success().stdout_has("what the members were told");
    d.run_at("2026-12-02T09:00:00", &["remind", "--send"])
        .success();
    d.run_at("2026-12-03", &["remind", "--send"]).success();
    assert_eq!(changes(&d).len(), 6, "no mail for a change undone");
}

#[test]
fn who_never_heard_of_the_event_hears_nothing_of_its_change() {
    let d = group();
    // Dora joins after the announcement: she never heard of it.
    d.run_at("2026-11-29", &["members", "add", "dora@example.com"])
        .success();
    edit(&d, "2026-11-30", &["--time", "19:00"]);
    d.run_at("2026-11-30T09:00:00", &["remind", "--send"])
        .success();
    let to: Vec<String> = changes(&d).into_iter().map(|m| m.0).collect();
    assert_eq!(to.len(), 3, "{to:?}");
    assert!(!to.contains(&"dora@example.com".to_string()), "{to:?}");
}

#[test]
fn a_hand_edit_is_told_to_members_and_seats_once_per_change() {
    let d = group();
    d.run_at("2026-11-29", &["members", "add", "dora@example.com"])
        .success();
    // The time, by hand in the file (not `ug events edit`).
    let text = d.text();
    let start = "\nstart = 2026-12-08T18:30:00\n";
    assert_eq!(text.matches(start).count(), 1, "{text}");
    std::fs::write(
        d.path("group.toml"),
        text.replace(start, "\nstart = 2026-12-08T19:00:00\n"),
    )
    .unwrap();
    d.run_at("2026-11-30T09:00:00", &["remind", "--send"])
        .success();
    d.run_at("2026-12-01", &["remind", "--send"]).success();
    let mail = changes(&d);
    let to: Vec<&str> = mail.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(to.len(), 3, "once each, not to Dora: {mail:#?}");
    for who in TOLD {
        assert!(to.contains(&who), "{who} was told of it: {to:?}");
    }
    for (_, _, text) in &mail {
        assert!(
            text.contains("It now starts at 19:00 instead of 18:30."),
            "{text}"
        );
    }
    // Then `ug events edit`: one more each, said against 19:00.
    edit(&d, "2026-12-02", &["--time", "19:30"]);
    d.run_at("2026-12-02T09:00:00", &["remind", "--send"])
        .success();
    let mail = changes(&d);
    assert_eq!(mail.len(), 6, "{mail:#?}");
    let last = mail
        .iter()
        .filter(|m| m.2.contains("19:30 instead of 19:00"));
    assert_eq!(last.count(), 3, "{mail:#?}");
}
