//! Sign-ups (SPEC §4): `ug rsvp`, `ug rsvps`, `ug rsvps checkin`, the
//! waitlist moving up on a no or more seats, the windows, and the file: one
//! line per person, a change a one-line diff, a bad line located. The last
//! test drives `events::rsvp` in process over many random answer sequences.

#[path = "support/mod.rs"]
mod support;

#[path = "rsvp/props.rs"]
mod props;

use support::{Line, Ug, yes_rsvps};

/// A group with one announced event on Tue Dec 8 2026 18:30, `capacity`
/// seats, the members `m0..m{members}`, an unsubscribed `gone@example.com`,
/// `extra` appended to the event (e.g. its `rsvps`), and `signups` as the
/// `[signups]` section's body (none when empty).
fn group(capacity: u32, members: usize, extra: &str, signups: &str) -> String {
    let mut s = String::from(
        "[group]\nname = \"Rust Riverside\"\ntimezone = \"Europe/Berlin\"\n\n\
         [[people]]\nid = \"ann\"\nname = \"Ann Example\"\nemail = \"ann@example.org\"\nroles = [\"organizer\", \"co-organizer\"]\n\n\
         [[venues]]\nid = \"hall\"\nname = \"Town Hall\"\ncapacity = 200\n\n",
    );
    for i in 0..members {
        s.push_str(&format!(
            "[[members]]\nname = \"Member {i}\"\nemail = \"m{i}@example.com\"\n\n"
        ));
    }
    s.push_str(
        "[[members]]\nname = \"Gone\"\nemail = \"gone@example.com\"\nunsubscribed = true\n\n",
    );
    if !signups.is_empty() {
        s.push_str(&format!("[signups]\n{signups}\n\n"));
    }
    s.push_str(&format!(
        "[[events]]\nid = \"2026-12-08\"\ntitle = \"December talks\"\nstart = 2026-12-08T18:30:00\nvenue = \"hall\"\nstatus = \"announced\"\ncapacity = {capacity} # seats\n{extra}\n\
         [[events]]\nid = \"2026-11-10\"\ntitle = \"November social\"\nstart = 2026-11-10T18:30:00\nvenue = \"hall\"\nstatus = \"held\"\n\
         rsvps = [\n  {{ email = \"m1@example.com\", status = \"yes\", guests = 1, at = 2026-11-01T10:00:00, via = \"email\" }},\n  {{ email = \"m2@example.com\", status = \"yes\", at = 2026-11-01T11:00:00, via = \"email\" }},\n  {{ email = \"m3@example.com\", status = \"yes\", at = 2026-11-01T12:00:00, via = \"email\" }},\n]\n\n\
         [[events]]\nid = \"2026-12-15\"\ntitle = \"Cancelled social\"\nstart = 2026-12-15T18:30:00\nvenue = \"hall\"\nstatus = \"cancelled\"\n"
    ));
    s
}

/// `rsvps = [...]` with `n` "yes" lines from m0.., a minute apart from
/// 08:00 on Nov 25.
fn yes_lines(n: usize) -> String {
    yes_rsvps(n, "2026-11-25", |i| {
        format!("email = \"m{i}@example.com\", name = \"Member {i}\"")
    })
}

fn rsvps(g: &Ug, event: &str) -> serde_json::Value {
    g.json(&["rsvps", event])
}

fn emails(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_61st_yes_on_60_seats_is_waitlisted_number_1_and_one_no_moves_them_up() {
    let g = Ug::with_group(&group(60, 62, &yes_lines(60), ""));
    let (run, diff) = g.edit(&["rsvp", "2026-12-08", "m60@example.com"]);
    run.stdout_has("is on the waitlist of December talks (2026-12-08), number 1")
        .stdout_has("you're on the waitlist, number 1");
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(diff[0].2.contains("status = \"waitlist\""), "{diff:?}");
    let v = rsvps(&g, "2026-12-08");
    assert_eq!(v["seats"], 60);
    assert_eq!(v["taken"], 60);
    assert_eq!(v["left"], 0);
    assert_eq!(emails(&v["waitlist"]), ["m60@example.com"]);
    assert_eq!(v["waitlist"][0]["position"], 1);

    let (run, diff) = g.edit(&["rsvp", "2026-12-08", "m7@example.com", "--no"]);
    run.stdout_has("Moved up from the waitlist: m60@example.com")
        .stdout_has("Member 60 <m60@example.com>: \"a seat opened: you're in\"");
    // Two lines: m7's answer and m60's seat, each in place.
    assert_eq!(diff.len(), 4, "{diff:?}");
    let v = rsvps(&g, "2026-12-08");
    assert_eq!(v["taken"], 60);
    assert!(v["waitlist"].as_array().unwrap().is_empty());
    assert!(emails(&v["going"]).contains(&"m60@example.com".to_string()));
    assert_eq!(emails(&v["not_going"]), ["m7@example.com"]);
}

#[test]
fn guests_take_seats_and_the_first_waitlisted_whose_party_fits_moves_up() {
    let g = Ug::with_group(&group(4, 6, "", "guests = 2"));
    g.edit(&["rsvp", "2026-12-08", "m0@example.com", "--guests", "2"]);
    g.edit(&["rsvp", "2026-12-08", "m1@example.com", "--guests", "2"])
        .0
        .stdout_has("number 1");
    g.edit(&["rsvp", "2026-12-08", "m2@example.com", "--guests", "1"])
        .0
        .stdout_has("number 2");
    // One seat left: a party of one fits, ahead of the waiting parties.
    g.edit(&["rsvp", "2026-12-08", "m3@example.com"])
        .0
        .stdout_has("m3@example.com is going");
    // m0 frees three seats: m1's party of three fits first, in arrival order.
    let (run, _) = g.edit(&["rsvp", "2026-12-08", "m0@example.com", "--no"]);
    run.stdout_has("Moved up from the waitlist: m1@example.com.");
    let v = rsvps(&g, "2026-12-08");
    assert_eq!(v["taken"], 4);
    assert_eq!(emails(&v["going"]), ["m1@example.com", "m3@example.com"]);
    assert_eq!(emails(&v["waitlist"]), ["m2@example.com"]);
    // More guests than [signups] guests allows: refused, nothing written.
    g.fails(
        &["rsvp", "2026-12-08", "m4@example.com", "--guests", "3"],
        1,
    )
    .stderr_has("at most 2 guests");
}

#[test]
fn a_repeated_answer_replaces_the_earlier_one_never_a_second_seat() {
    let g = Ug::with_group(&group(60, 3, "", ""));
    g.edit(&["rsvp", "2026-12-08", "m0@example.com"]);
    let before = g.text();
    let (run, diff) = g.edit(&["rsvp", "2026-12-08", "M0@Example.COM"]);
    run.stdout_has("already answered yes")
        .stdout_has("Seats: 1 of 60 taken");
    assert!(diff.is_empty(), "{diff:?}");
    assert_eq!(g.text(), before);
    // A changed answer is the same line, changed.
    let (_, diff) = g.edit(&["rsvp", "2026-12-08", "m0@example.com", "--guests", "1"]);
    assert_eq!(diff.len(), 2, "{diff:?}");
    assert_eq!(
        diff[1].2,
        "  { email = \"m0@example.com\", name = \"Member 0\", status = \"yes\", guests = 1, at = 2026-11-26T00:00:00, via = \"manual\" },"
    );
    assert_eq!(rsvps(&g, "2026-12-08")["taken"], 2);
    assert_eq!(g.text().matches("m0@example.com").count(), 2); // the member and one RSVP
}

#[test]
fn a_new_answer_is_a_one_line_diff_and_the_rest_stays_byte_for_byte() {
    let g = Ug::with_group(&group(60, 3, &yes_lines(2), ""));
    let before = g.text();
    let (_, diff) = g.edit(&["rsvp", "2026-12-08", "m2@example.com", "--name", "Mo"]);
    let line = before.lines().position(|l| l == "]").unwrap() + 1;
    assert_eq!(
        diff,
        [Line(
            '+',
            line,
            "  { email = \"m2@example.com\", name = \"Mo\", status = \"yes\", at = 2026-11-26T00:00:00, via = \"manual\" },".into()
        )]
    );
    // The first RSVP of an event opens a multi-line array after its keys.
    let g = Ug::with_group(&group(60, 3, "", ""));
    let (_, diff) = g.edit(&["rsvp", "2026-12-08", "m1@example.com"]);
    let added: Vec<&str> = diff.iter().map(|l| l.2.as_str()).collect();
    assert_eq!(
        added,
        [
            "rsvps = [",
            "  { email = \"m1@example.com\", name = \"Member 1\", status = \"yes\", at = 2026-11-26T00:00:00, via = \"manual\" },",
            "]"
        ]
    );
    assert!(g.text().contains("capacity = 60 # seats\nrsvps = [\n"));
}

#[test]
fn outside_the_window_cancelled_past_or_unsubscribed_is_not_recorded() {
    let g = Ug::with_group(&group(60, 3, "", "opens = \"7d\"\ncloses = \"2h\""));
    // Opens 7 days before, from the start of that day (the announcement
    // goes out in the morning): Tue Dec 1.
    g.fails(&["rsvp", "2026-12-08", "m0@example.com"], 1)
        .stderr_has("not recorded: RSVPs open on Tue Dec 1");
    let at = |now: &str, args: &[&str]| g.run_at(now, args);
    at(
        "2026-11-30T23:59:00",
        &["rsvp", "2026-12-08", "m0@example.com"],
    )
    .code(1);
    at(
        "2026-12-01T00:00:00",
        &["rsvp", "2026-12-08", "m0@example.com"],
    )
    .success();
    // Closes 2 hours before the start.
    at(
        "2026-12-08T16:30:00",
        &["rsvp", "2026-12-08", "m1@example.com"],
    )
    .code(1)
    .stderr_has("RSVPs closed on Tue Dec 8 16:30");
    at(
        "2026-12-08T16:29:00",
        &["rsvp", "2026-12-08", "m1@example.com"],
    )
    .success();
    g.fails(&["rsvp", "2026-12-15", "m0@example.com"], 1)
        .stderr_has("the event is cancelled");
    g.fails(&["rsvp", "2026-11-10", "m0@example.com"], 1)
        .stderr_has("already taken place");
    let g = Ug::with_group(&group(60, 3, "", ""));
    g.fails(&["rsvp", "2026-12-08", "GONE@example.com"], 1)
        .stderr_has("unsubscribed");
    // Without [signups], RSVPs open with the announcement (14d): Nov 24,
    // from the start of the day it goes out, and close 2 hours before the start.
    g.run_at("2026-11-23", &["rsvp", "2026-12-08", "m0@example.com"])
        .code(1)
        .stderr_has("RSVPs open on Tue Nov 24");
    g.run_at(
        "2026-12-08T16:45:00",
        &["rsvp", "2026-12-08", "m0@example.com"],
    )
    .code(1)
    .stderr_has("RSVPs closed on Tue Dec 8 16:30");
    // closes = "0m": until the start.
    let g = Ug::with_group(&group(60, 3, "", "closes = \"0m\""));
    g.run_at(
        "2026-12-08T18:29:00",
        &["rsvp", "2026-12-08", "m0@example.com"],
    )
    .success();
    g.run_at(
        "2026-12-08T18:30:00",
        &["rsvp", "2026-12-08", "m1@example.com"],
    )
    .code(1)
    .stderr_has("already taken place");
}

#[test]
fn raising_capacity_moves_the_waitlist_up_in_arrival_order() {
    let g = Ug::with_group(&group(2, 5, &yes_lines(2), ""));
    g.edit(&["rsvp", "2026-12-08", "m2@example.com"]);
    g.run_at("2026-11-27", &["rsvp", "2026-12-08", "m3@example.com"])
        .success();
    let (run, diff) = g.edit(&["events", "edit", "2026-12-08", "--capacity", "3"]);
    run.stdout_has("capacity 2 -> 3")
        .stdout_has("Moved up from the waitlist: m2@example.com");
    // The capacity line and m2's line, each in place.
    assert_eq!(diff.len(), 4, "{diff:?}");
    let v = rsvps(&g, "2026-12-08");
    assert_eq!(emails(&v["waitlist"]), ["m3@example.com"]);
    assert_eq!(v["waitlist"][0]["position"], 1);
    let j = g.json(&["events", "edit", "2026-12-08", "--capacity", "10"]);
    assert_eq!(j["rsvps"]["promoted"][0], "m3@example.com");
    assert_eq!(j["rsvps"]["notices"][0]["kind"], "promoted");
}

#[test]
fn checkin_marks_who_came_and_held_counts_them() {
    let g = Ug::with_group(&group(60, 5, "", ""));
    // RSVPs but no check-ins: held leaves attendance unset, as before.
    g.edit(&["events", "held", "2026-11-10"])
        .0
        .stdout_has("attendance not recorded");
    assert!(!g.text().contains("attendance"));
    let (run, diff) = g.edit(&[
        "rsvps",
        "checkin",
        "2026-11-10",
        "M1@example.com",
        "m2@example.com",
        "walkin@example.com",
    ]);
    run.stdout_has("Checked in 3 people")
        .stdout_has("Walk-ins without an RSVP, added as going: walkin@example.com");
    // Two marks in place, one new line.
    assert_eq!(diff.len(), 5, "{diff:?}");
    assert!(g.text().contains(
        "{ email = \"m1@example.com\", status = \"yes\", guests = 1, at = 2026-11-01T10:00:00, via = \"email\", attended = true },"
    ));
    let v = rsvps(&g, "2026-11-10");
    assert_eq!(emails(&v["no_shows"]), ["m3@example.com"]);
    // m1 +1, m2, the walk-in: 4 people.
    g.edit(&["events", "held", "2026-11-10"])
        .0
        .stdout_has("4 came");
    assert!(g.text().contains("attendance = 4\n"));
    // --attendance still wins; and without check-ins, held leaves it unset.
    g.edit(&["events", "held", "2026-11-10", "--attendance", "9"]);
    assert!(g.text().contains("attendance = 9\n"));
    g.fails(&["rsvps", "checkin", "2026-12-08", "m1@example.com"], 1)
        .stderr_has("check people in at the door");
    // An address that cannot be mailed is bad usage, as in `members add`.
    g.fails(&["rsvps", "checkin", "2026-11-10", "not-an-address"], 2)
        .stderr_has("invalid email address");
    g.fails(&["rsvp", "2026-12-08", "not-an-address"], 2);
}

#[test]
fn rsvps_lists_the_next_event_by_default_and_prints_a_sign_in_sheet() {
    let g = Ug::with_group(&group(2, 5, &yes_lines(2), ""));
    g.edit(&[
        "rsvp",
        "2026-12-08",
        "m2@example.com",
        "--name",
        "Zed, \"Z\"",
    ]);
    let run = g.run_with(["rsvps"]);
    run.success()
        .stdout_has("December talks (2026-12-08)")
        .stdout_has("Seats: 2, 2 taken, 0 left")
        .stdout_has("Going: 2 people")
        .stdout_has("  Member 0 <m0@example.com>")
        .stdout_has("Waitlist: 1")
        .stdout_has("  1. Zed, \"Z\" <m2@example.com>  since Thu Nov 26 00:00");
    let csv = g.run_with(["rsvps", "2026-12-08", "--csv"]);
    assert_eq!(
        csv.success().stdout,
        "name,email,guests,status,here\nMember 0,m0@example.com,0,yes,\nMember 1,m1@example.com,0,yes,\n\"Zed, \"\"Z\"\"\",m2@example.com,0,waitlist 1,\n"
    );
    // Held with check-ins: the no-shows.
    g.edit(&["rsvps", "checkin", "2026-11-10", "m1@example.com"]);
    g.run_with(["rsvps", "2026-11-10"])
        .success()
        .stdout_has("No-shows: 2")
        .stdout_has("  m3@example.com");
    g.fails(&["rsvps", "nope"], 1);
    let g = Ug::with_group(&group(60, 3, "", ""));
    g.run_with(["rsvps"])
        .success()
        .stdout_has("Seats: 60, 0 taken, 60 left")
        .stdout_has("No RSVPs yet");
    assert_eq!(g.json(&["rsvps"])["left"], 60);
}

/// Each fixture has one bad RSVP line; `ug check` points at it.
#[test]
fn bad_rsvp_lines_are_located() {
    let cases = [
        ("bad_status.toml", 12, "unknown RSVP status \"maybe\""),
        ("missing_at.toml", 12, "missing `at` in an RSVP in `rsvps`"),
        (
            "too_many_guests.toml",
            13,
            "more than [signups] guests = 1 allows",
        ),
        ("twice.toml", 13, "answered twice for event `2026-12-08`"),
        ("bad_via.toml", 12, "unknown RSVP `via` \"carrier-pigeon\""),
    ];
    for (file, line, msg) in cases {
        let text = support::repo_file(&format!("tests/fixtures/rsvp/{file}"));
        let g = Ug::with_group(&text);
        let run = g.run_with(["check"]);
        run.code(1).stderr_has(msg);
        let at = format!("group.toml:{line}:");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(&at) && l.contains(msg)),
            "{file}: no {at} ... {msg} in\n{}",
            run.stderr
        );
        // Every read command refuses the file the same way, without a panic.
        g.run_with(["rsvps", "2026-12-08"]).code(1);
    }
    // An address that cannot be mailed is a warning at its line, as a
    // member's is (SPEC §3): the RSVP counts, the file stays usable.
    let g = Ug::with_group(&support::repo_file("tests/fixtures/rsvp/bad_address.toml"));
    g.run_with(["check"])
        .success()
        .stderr_has("warning: group.toml:12:13: invalid email address \"ann-at-example.com\"");
    g.run_with(["rsvps", "2026-12-08"]).success();
}
