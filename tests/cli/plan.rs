//! `ug next-meetup` and `ug status` momentum, end to end: plans written to the
//! file, twelve in a row, readiness of an upcoming event, overrides.

use crate::support::{Ug, parse_toml, repo_file};

/// A group with history but nothing upcoming (today is 2026-11-26).
const GROUP: &str = r#"# Rust Riverside: a fixture for planning.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "olga"
name = "Olga Organizer"
email = "olga@example.org"
roles = ["organizer"]

[[people]]
id = "cora"
name = "Cora Co"
email = "cora@example.org"
roles = ["co-organizer"]

[[people]]
id = "hal"
name = "Hal Helper"
email = "hal@example.org"
roles = ["helper"]

[[people]]
id = "vic"
name = "Vic Venue"
email = "vic@example.org"
roles = ["contact"]

[schedule]
rule = "last thursday monthly"  # the rhythm
time = "19:00"
duration = "2h"
skip = [2026-12-31]             # New Year's Eve
formats = ["talks", "hack-night", "social"]
expected = 25

# Venues: one big, one small, one that is away in February.
[[venues]]
id = "hall"
name = "Town Hall"
address = "1 Market Sq"
capacity = 60
contact = "vic"

[[venues]]
id = "loft"
name = "The Loft"
capacity = 30
contact = "vic"
unavailable = [2027-02-25]

[[venues]]
id = "booth"
name = "Phone Booth"
capacity = 4
contact = "vic"

[[sponsors]]
id = "pz"
name = "Pizza Co"
provides = "pizza"
contact = "vic"

[[events]]
id = "2026-10-29"
title = "October talks night"
start = 2026-10-29T19:00:00
format = "talks"
venue = "hall"
status = "held"
attendance = 24

[[checklist]]
title = "Confirm {venue} with {contact}"
owner = "organizer"
before = "14d"

[[checklist]]
title = "Bring name tags"
owner = "helper"
before = "1d"

[[checklist]]
title = "Post a recap of {date}"
owner = "co-organizer"
after = "2d"
"#;

/// Every line of `before` is still there, in order: the edit only added lines.
fn only_insertions(before: &str, after: &str) {
    let mut after_lines = after.lines();
    for line in before.lines() {
        assert!(
            after_lines.any(|l| l == line),
            "line {line:?} was changed or moved"
        );
    }
}

#[test]
fn plans_the_next_meetup_and_writes_it() {
    let t = Ug::with_group(GROUP);
    let out = t.run_with(["next-meetup"]);
    out.success()
        .stdout_has("Next meetup: November hack night")
        .stdout_has("Thu Nov 26 2026, 19:00")
        .stdout_has("The Loft")
        .stdout_has("Added event 2026-11-26");
    let doc = parse_toml(&t.read("group.toml"));
    let events = doc["events"].as_array().unwrap();
    let e = events.last().unwrap().as_table().unwrap();
    assert_eq!(e["id"].as_str(), Some("2026-11-26"));
    assert_eq!(e["format"].as_str(), Some("hack-night"));
    // Hall was used last (October); the Loft fits 25 and was never used.
    assert_eq!(e["venue"].as_str(), Some("loft"));
    assert_eq!(e["status"].as_str(), Some("planned"));
    assert_eq!(e["start"].to_string(), "2026-11-26T19:00:00");
    let slots: i64 = e["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["minutes"].as_integer().unwrap())
        .sum();
    assert_eq!(slots, 120, "the hack-night skeleton fills the 2h event");
    let tasks = doc["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(
        tasks[0]["title"].as_str(),
        Some("Confirm The Loft with Vic Venue")
    );
    assert_eq!(tasks[0]["owner"].as_str(), Some("olga"));
    assert_eq!(
        tasks[0]["due"].to_string(),
        "2026-11-26",
        "14 days before is past: today"
    );
    assert_eq!(tasks[2]["due"].to_string(), "2026-11-28");
    assert!(
        tasks
            .iter()
            .all(|t| t["event"].as_str() == Some("2026-11-26"))
    );
    // The file is still what the person wrote, plus the new entries.
    only_insertions(GROUP, &t.read("group.toml"));
    t.run_with(["check"]).success();
}

#[test]
fn dry_run_writes_nothing_and_json_describes_the_plan() {
    let t = Ug::with_group(GROUP);
    t.run_with(["next-meetup", "--dry-run"])
        .success()
        .stdout_has("dry run: nothing written");
    assert_eq!(t.read("group.toml"), GROUP);
    let out = t.run_with(["next-meetup", "--dry-run", "--json"]);
    let j = out.success().json();
    assert_eq!(j["planned"], true);
    assert_eq!(j["written"], false);
    assert_eq!(j["plan"]["id"], "2026-11-26");
    assert_eq!(j["plan"]["venue"], "loft");
    assert_eq!(j["plan"]["sponsors"][0], "pz");
    assert_eq!(t.read("group.toml"), GROUP);
}

#[test]
fn twelve_meetups_in_a_row() {
    let t = Ug::with_group(GROUP);
    for _ in 0..12 {
        t.run_with(["next-meetup", "--new", "--yes"]).success();
    }
    let text = t.read("group.toml");
    let doc = parse_toml(&text);
    let events: Vec<_> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_table().unwrap().clone())
        .collect();
    assert_eq!(events.len(), 13);
    let ids: Vec<&str> = events[1..]
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // Last Thursdays, skipping New Year's Eve.
    assert_eq!(
        ids,
        [
            "2026-11-26",
            "2027-01-28",
            "2027-02-25",
            "2027-03-25",
            "2027-04-29",
            "2027-05-27",
            "2027-06-24",
            "2027-07-29",
            "2027-08-26",
            "2027-09-30",
            "2027-10-28",
            "2027-11-25"
        ]
    );
    // The formats rotate after October's talks night.
    let formats: Vec<&str> = events[1..]
        .iter()
        .map(|e| e["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        &formats[..6],
        [
            "hack-night",
            "social",
            "talks",
            "hack-night",
            "social",
            "talks"
        ]
    );
    // Venues: never the booth (too small); never the Loft on its day away.
    for e in &events[1..] {
        let v = e["venue"].as_str().unwrap();
        assert_ne!(v, "booth");
        if e["id"].as_str() == Some("2027-02-25") {
            assert_eq!(v, "hall");
        }
    }
    // Every plan brought its three tasks, with unique increasing ids.
    let tasks = doc["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 36);
    let task_ids: Vec<i64> = tasks
        .iter()
        .map(|t| t["id"].as_integer().unwrap())
        .collect();
    assert_eq!(task_ids, (1..=36).collect::<Vec<_>>());
    // Helpers' name-tag tasks land the day before each event.
    assert!(
        tasks
            .iter()
            .filter(|t| t["title"].as_str() == Some("Bring name tags"))
            .all(|t| t["owner"].as_str() == Some("hal"))
    );
    t.run_with(["check"]).success();
    only_insertions(GROUP, &text);
}

#[test]
fn an_upcoming_event_gets_a_readiness_report() {
    let t = Ug::with_group(GROUP);
    t.run_with([
        "next-meetup",
        "--date",
        "2026-12-10",
        "--venue",
        "hall",
        "--format",
        "talks",
        "--yes",
    ])
    .success()
    .stderr_has("not on the schedule");
    let before = t.read("group.toml");
    let out = t.run_with(["next-meetup"]);
    out.success()
        .stdout_has("Upcoming: December talks night (in 14 days, planned)")
        .stdout_has("Town Hall, 1 Market Sq (contact Vic Venue): not confirmed")
        .stdout_has("2 open speaker slots")
        .stdout_has("announce Thu Nov 26 (due)");
    assert_eq!(t.read("group.toml"), before, "readiness writes nothing");
    let j = t.run_with(["next-meetup", "--json"]).success().json();
    assert_eq!(j["planned"], false);
    assert_eq!(j["readiness"]["venue_confirmed"], false);
    assert_eq!(j["readiness"]["days_to_go"], 14);
    assert_eq!(j["readiness"]["open_slots"], 2);
}

#[test]
fn bad_overrides_name_the_valid_choices() {
    let t = Ug::with_group(GROUP);
    t.run_with(["next-meetup", "--venue", "lofty", "--dry-run"])
        .code(1)
        .stderr_has("unknown venue `lofty`")
        .stderr_has("`loft`");
    t.run_with([
        "next-meetup",
        "--date",
        "2027-02-25",
        "--venue",
        "loft",
        "--dry-run",
    ])
    .code(1)
    .stderr_has("unavailable on 2027-02-25")
    .stderr_has("`hall`");
    t.run_with(["next-meetup", "--date", "2026-01-01", "--dry-run"])
        .code(1)
        .stderr_has("in the past");
    t.run_with(["next-meetup", "--format", "karaoke", "--dry-run"])
        .code(1)
        .stderr_has("`hack-night`");
    t.run_with(["next-meetup", "--date", "tomorrow"]).code(2);
    assert_eq!(t.read("group.toml"), GROUP);
}

#[test]
fn status_warns_when_the_rhythm_slips() {
    // Nothing planned, the next last-Thursday is today: say so.
    let t = Ug::with_group(GROUP);
    t.run_with(["status"])
        .success()
        .stdout_has("nothing is planned: run `ug next-meetup`");
    // Three months on, nothing held since October: keep it rolling.
    let later = Ug::with_group(GROUP).env("UG_NOW", "2027-01-20");
    let j = later.run_with(["status", "--json"]).success().json();
    assert_eq!(j["momentum"]["days_since_last"], 83);
    let warnings = j["warnings"].to_string();
    assert!(warnings.contains("keep it rolling"), "{warnings}");
    // Once planned, the warning goes.
    t.run_with(["next-meetup", "--yes"]).success();
    let j = t.run_with(["status", "--json"]).success().json();
    assert!(!j["warnings"].to_string().contains("nothing is planned"));
    assert_eq!(j["readiness"]["id"], "2026-11-26");
}

#[test]
fn the_bundled_group_reports_its_upcoming_meetup() {
    let t = Ug::with_group(&repo_file("group.toml"));
    t.run_with(["next-meetup"])
        .success()
        .stdout_has("Upcoming: December talks night (in 12 days, confirmed)");
    t.run_with(["next-meetup", "--new", "--dry-run"])
        .success()
        .stdout_has("Next meetup: January");
}

#[test]
fn status_lists_the_reminders_due_and_coming() {
    let t = Ug::with_group(&repo_file("group.toml"));
    t.run_with(["status"])
        .success()
        .stdout_has("due now: 39 announce");
    let j = t.run_with(["status", "--json"]).success().json();
    assert_eq!(j["reminders"]["due_today"][0]["kind"], "announce");
    assert_eq!(j["reminders"]["due_today"][0]["count"], 39);
    let upcoming = j["reminders"]["upcoming"].as_array().unwrap();
    assert!(
        upcoming
            .iter()
            .any(|u| u["kind"] == "remind" && u["date"] == "2026-12-07"),
        "{upcoming:?}"
    );
}

#[test]
fn out_of_range_dates_fail_the_same_with_and_without_dry_run() {
    let t = Ug::with_group(GROUP);
    for (date, says) in [
        ("9999-12-31", "is too far ahead"),
        ("2300-01-01", "is too far ahead"),
        ("2037-01-01", "is too far ahead"),
        ("0001-01-01", "is in the past"),
        ("2026-11-25", "is in the past"),
    ] {
        let written = t.run_with(["next-meetup", "--new", "--date", date, "--yes"]);
        let dry = t.run_with(["next-meetup", "--new", "--date", date, "--dry-run"]);
        for out in [&written, &dry] {
            out.code(1)
                .stdout_empty()
                .stderr_has(&format!("--date {date} {says}"));
        }
        assert_eq!(written.stderr, dry.stderr);
        assert_eq!(t.read("group.toml"), GROUP, "{date}: nothing written");
    }
    // Ten years out is still a date ug plans.
    t.run_with(["next-meetup", "--date", "2036-11-20", "--dry-run"])
        .success()
        .stdout_has("Thu Nov 20 2036");
}

#[test]
fn one_expected_guest_is_one_person() {
    let t = Ug::with_group(&GROUP.replace("attendance = 24", "attendance = 1"));
    t.run_with(["next-meetup", "--dry-run"])
        .success()
        .stdout_has("Expected about 1 person\n");
}

#[test]
fn a_new_meetup_on_the_day_of_a_live_event_is_refused() {
    let text = repo_file("group.toml");
    let t = Ug::with_group(&text);
    for extra in [&["--yes"][..], &["--dry-run"]] {
        let mut args = vec!["next-meetup", "--new", "--date", "2026-12-08"];
        args.extend_from_slice(extra);
        t.run_with(&args).code(1).stdout_empty().stderr_has(
            "event 2026-12-08 (December talks night) is already on that day: pick another --date, or change it with `ug events edit`",
        );
        assert_eq!(t.read("group.toml"), text, "{extra:?}: nothing written");
    }
}
