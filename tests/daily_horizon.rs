//! `ug daily`'s planning horizon (SPEC §8 step 2): every schedule date
//! within `[schedule] plan_ahead` that has no event yet is planned, even
//! while an earlier one is still to come; the default horizon is the
//! checklist's longest `before` plus 7 days (at least 35), so no checklist
//! task is born overdue. A year of daily runs (the real binary, `UG_NOW`
//! each morning) with monthly and weekly schedules, reruns the same day, two
//! runs at once, an explicit `plan_ahead`, a cancelled and a moved event.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use support::{UG, Ug, parse_toml};

/// The checklist's longest `before`.
const LONGEST_BEFORE: i64 = 42;
/// The default horizon with that checklist: 42 + 7 days.
const DEFAULT_AHEAD: i64 = 49;

/// A group with `rule`, `schedule` lines added to `[schedule]`, two venues,
/// a checklist whose first task falls 42 days before the event, and mail
/// written to files (nudges monthly: nobody does the tasks here, and the
/// mail is not what is tested).
fn group(rule: &str, schedule: &str) -> Ug {
    Ug::with_group(&format!(
        r#"[group]
name = "Rust Harbour"
timezone = "Europe/Berlin"

[[people]]
id = "maya"
name = "Maya Organizer"
email = "maya@example.org"
roles = ["organizer"]

[[people]]
id = "sam"
name = "Sam Co"
email = "sam@example.org"
roles = ["co-organizer"]

[[people]]
id = "dana"
name = "Dana Helper"
email = "dana@example.org"
roles = ["helper"]

[schedule]
rule = "{rule}"
time = "18:30"
{schedule}

[[venues]]
id = "loft"
name = "The Loft"
capacity = 80
contact = "maya"

[[venues]]
id = "hall"
name = "Harbour Hall"
capacity = 120
contact = "sam"

[[checklist]]
title = "Find speakers for {{date}}"
owner = "organizer"
before = "42d"

[[checklist]]
title = "Confirm {{venue}} with {{contact}}"
owner = "organizer"
before = "21d"
confirms = "venue"

[[checklist]]
title = "Bring name tags for {{date}}"
owner = "helper"
before = "1d"

[reminders]
nudge = "30d"

[email]
from = "Rust Harbour <organizers@example.org>"
transport = "file"

[email.file]
dir = "outbox"
"#
    ))
}

/// One event as the file holds it.
#[derive(Debug, Clone)]
struct Event {
    id: String,
    date: NaiveDate,
    status: String,
}

/// The events of the group file, parsed back.
fn events(ug: &Ug) -> Vec<Event> {
    let doc = parse_toml(&ug.read("group.toml"));
    let Some(toml::Value::Array(list)) = doc.get("events") else {
        return Vec::new();
    };
    list.iter()
        .map(|e| {
            let start = e["start"].as_datetime().expect("a start").to_string();
            Event {
                id: e["id"].as_str().expect("an id").to_string(),
                date: start[..10].parse().expect("a date"),
                status: e
                    .get("status")
                    .and_then(|s| s.as_str())
                    .unwrap_or("planned")
                    .to_string(),
            }
        })
        .collect()
}

/// The due dates of event `id`'s tasks, by title.
fn task_dues(ug: &Ug, id: &str) -> BTreeMap<String, NaiveDate> {
    support::tasks(&parse_toml(&ug.read("group.toml")))
        .iter()
        .filter(|t| t.get("event").and_then(|e| e.as_str()) == Some(id))
        .map(|t| {
            let due = t["due"].as_datetime().expect("a due date").to_string();
            (
                t["title"].as_str().expect("a title").to_string(),
                due.parse().expect("a date"),
            )
        })
        .collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn morning(d: NaiveDate) -> String {
    format!("{d}T09:00:00")
}

/// The second Tuesday of each month, and every Wednesday, from `from` up
/// to `to` (computed here, not by ug).
fn expected_dates(rule: &str, from: NaiveDate, to: NaiveDate) -> BTreeSet<NaiveDate> {
    let mut out = BTreeSet::new();
    let mut d = from;
    while d <= to {
        let hit = match rule {
            "second tuesday monthly" => d.weekday() == Weekday::Tue && (8..=14).contains(&d.day()),
            "every wednesday" => d.weekday() == Weekday::Wed,
            _ => unreachable!("{rule}"),
        };
        if hit {
            out.insert(d);
        }
        d += Duration::days(1);
    }
    out
}

/// A year of daily runs: each date planned once, `DEFAULT_AHEAD` days
/// before it (the first run excepted: it catches up, naming the tasks born
/// late), every checklist task due on its own offset; a rerun the same day
/// plans nothing.
fn a_year_of(rule: &str) {
    let ug = group(rule, "");
    let first = day("2027-01-04");
    let last = first + Duration::days(364);
    let mut seen: BTreeMap<String, NaiveDate> = BTreeMap::new();
    let mut d = first;
    while d <= last {
        let now = morning(d);
        let out = ug.run_at(&now, &["daily"]);
        assert_eq!(out.code, Some(0), "{now}: {}\n{}", out.stdout, out.stderr);
        let planned_said = out.stdout.matches("planned ").count();
        let all = events(&ug);
        let new: Vec<&Event> = all.iter().filter(|e| !seen.contains_key(&e.id)).collect();
        assert_eq!(planned_said, new.len(), "{now}: {}", out.stdout);
        for e in &new {
            let ahead = (e.date - d).num_days();
            assert!(
                ahead <= DEFAULT_AHEAD,
                "{now}: {} is {ahead} days ahead",
                e.id
            );
            let dues = task_dues(&ug, &e.id);
            assert_eq!(dues.len(), 3, "{now}: {} {dues:?}", e.id);
            if d == first {
                // The first run catches up: what is late is due today, and named.
                for (title, due) in &dues {
                    assert!(*due >= d, "{now}: {title} due {due}");
                    if *due == d {
                        assert!(
                            out.stdout.contains(&format!("\"{title}\"")),
                            "{now}: {title} not named: {}",
                            out.stdout
                        );
                    }
                }
                continue;
            }
            // Planned as soon as it is within the horizon, and no task born late.
            assert_eq!(ahead, DEFAULT_AHEAD, "{now}: {}", e.id);
            assert!(ahead >= LONGEST_BEFORE);
            let speakers = format!("Find speakers for {}", e.date);
            assert_eq!(dues[&speakers], e.date - Duration::days(42), "{now}");
            assert!(dues.values().all(|due| *due > d), "{now}: {dues:?}");
            assert!(!out.stdout.contains("born late"), "{now}: {}", out.stdout);
        }
        for e in new {
            seen.insert(e.id.clone(), e.date);
        }
        if d.day() == 15 {
            // A second run the same day plans nothing more.
            let again = ug.run_at(&now, &["daily"]);
            assert_eq!(again.code, Some(0), "{}", again.stderr);
            assert!(
                !again.stdout.contains("planned "),
                "{now}: {}",
                again.stdout
            );
            assert!(
                again.stdout.contains("plan: nothing to plan"),
                "{}",
                again.stdout
            );
            assert_eq!(events(&ug).len(), seen.len());
        }
        d += Duration::days(1);
    }
    // Every date from the first run to the last run's horizon, each once.
    let all = events(&ug);
    let dates: Vec<NaiveDate> = all.iter().map(|e| e.date).collect();
    let unique: BTreeSet<NaiveDate> = dates.iter().copied().collect();
    assert_eq!(dates.len(), unique.len(), "a date planned twice: {dates:?}");
    let want = expected_dates(rule, first, last + Duration::days(DEFAULT_AHEAD));
    assert_eq!(unique, want);
    let ids: BTreeSet<&str> = all.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), all.len());
}

#[test]
fn a_year_of_daily_runs_plans_each_monthly_date_once_and_on_time() {
    a_year_of("second tuesday monthly");
}

#[test]
fn a_year_of_daily_runs_plans_each_weekly_date_once_and_on_time() {
    a_year_of("every wednesday");
}

#[test]
fn the_default_horizon_covers_the_longest_before_and_is_at_least_35_days() {
    // The longest `before` is 42 days: dates up to 49 days away are planned.
    let ug = group("every wednesday", "");
    let out = ug.run_at("2027-03-01T09:00:00", &["daily", "--dry-run"]);
    out.success();
    let would = out.stdout.matches("would plan ").count();
    assert_eq!(would, 7, "{}", out.stdout); // Mar 3 .. Apr 14
    assert!(out.stdout.contains("on Wed Apr 14"), "{}", out.stdout);
    assert!(events(&ug).is_empty(), "a dry run writes nothing");
    // A checklist due at most 21 days before (the venue): 28 days, so 35.
    let short = Ug::with_group(
        &group("every wednesday", "")
            .read("group.toml")
            .replace("before = \"42d\"", "before = \"14d\""),
    );
    let out = short.run_at("2027-03-01T09:00:00", &["daily"]);
    out.success();
    let dates: Vec<NaiveDate> = events(&short).iter().map(|e| e.date).collect();
    assert_eq!(dates.len(), 5, "{dates:?}"); // Mar 3 .. Mar 31; Apr 7 is 37 days away
    assert!(
        dates
            .iter()
            .all(|d| (*d - day("2027-03-01")).num_days() <= 35)
    );
}

#[test]
fn an_explicit_plan_ahead_is_honoured_and_a_late_task_is_still_made_and_named() {
    let ug = group("every wednesday", "plan_ahead = \"14d\"");
    let first = day("2027-03-01");
    let mut seen = BTreeSet::new();
    for n in 0..40 {
        let d = first + Duration::days(n);
        let now = morning(d);
        let out = ug.run_at(&now, &["daily"]);
        assert_eq!(out.code, Some(0), "{now}: {}", out.stderr);
        for e in events(&ug) {
            if !seen.insert(e.id.clone()) {
                continue;
            }
            let ahead = (e.date - d).num_days();
            assert!(ahead <= 14, "{now}: {} is {ahead} days ahead", e.id);
            if n > 0 {
                assert_eq!(ahead, 14, "{now}: {}", e.id);
            }
            // 14 days ahead, the 42-day task is born late: made, due today, named.
            let title = format!("Find speakers for {}", e.date);
            assert_eq!(task_dues(&ug, &e.id)[&title], d, "{now}");
            assert!(
                out.stdout.contains(&format!("\"{title}\"")),
                "{}",
                out.stdout
            );
            assert!(out.stderr.contains("planned late"), "{}", out.stderr);
        }
    }
    assert_eq!(
        seen.len(),
        expected_dates("every wednesday", first, first + Duration::days(39 + 14)).len()
    );
}

#[test]
fn a_cancelled_or_moved_events_date_is_not_planned_again() {
    let ug = group("second tuesday monthly", "");
    let first = day("2027-01-04");
    ug.run_at(&morning(first), &["daily"]).success();
    let planned = events(&ug);
    let ids: Vec<&str> = planned.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2027-01-12", "2027-02-09"], "{planned:?}");
    ug.run_at(&morning(first), &["events", "cancel", "2027-01-12"])
        .success();
    // Feb 9 moves a day later: it keeps its id, and stands for Feb 9.
    ug.run_at(
        &morning(first),
        &["events", "edit", "2027-02-09", "--date", "2027-02-10"],
    )
    .success();
    for n in 1..60 {
        let d = first + Duration::days(n);
        let out = ug.run_at(&morning(d), &["daily"]);
        assert_eq!(out.code, Some(0), "{d}: {}", out.stderr);
    }
    let all = events(&ug);
    let on = |date: &str| all.iter().filter(|e| e.date == day(date)).count();
    assert_eq!(on("2027-01-12"), 1, "{all:?}");
    assert_eq!(on("2027-02-09"), 0, "{all:?}");
    assert_eq!(on("2027-02-10"), 1, "{all:?}");
    let jan = all
        .iter()
        .find(|e| e.id == "2027-01-12")
        .expect("the cancelled event");
    assert_eq!(jan.status, "cancelled");
    // The dates after them are planned as usual: Mar 9 and Apr 13.
    assert_eq!(on("2027-03-09"), 1, "{all:?}");
    assert_eq!(on("2027-04-13"), 1, "{all:?}");
    assert_eq!(all.len(), 4, "{all:?}");
}

#[test]
fn two_runs_at_once_plan_each_date_once() {
    for round in 0..5 {
        let ug = group("every wednesday", "");
        let start = || {
            let mut cmd = ug.prepare(UG);
            cmd.args(["daily"])
                .env("UG_NOW", "2027-03-01T09:00:00")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        };
        let (a, b) = (start(), start());
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        for o in &outs {
            assert!(o.status.success(), "round {round}: {o:?}");
        }
        let said: usize = outs
            .iter()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .matches("planned ")
                    .count()
            })
            .sum();
        let dates: Vec<NaiveDate> = events(&ug).iter().map(|e| e.date).collect();
        let unique: BTreeSet<NaiveDate> = dates.iter().copied().collect();
        assert_eq!(dates.len(), 7, "round {round}: {dates:?}");
        assert_eq!(unique.len(), 7, "round {round}: {dates:?}");
        assert_eq!(said, 7, "round {round}: each planned date said once");
    }
}
