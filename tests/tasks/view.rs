//! The `ug tasks` view on the team file with UG_NOW pinned to 2026-11-26:
//! grouping by person, the order inside a person, the ★ for the next event,
//! follow-ups, the filters, and `--json`.

use crate::support::*;
use crate::{team, team_ug};

/// What `ug tasks` prints for the team file, checked by hand: Jonas (two
/// overdue) before Sean (one); Sean's overdue first, then tomorrow, then
/// within a week, then later, then no date; the ★ on the next event's tasks.
const EXPECTED: &str = "\
Jonas Example (jonas) · 2 open, 2 overdue
   2  6d overdue        Find two speakers
   4  2d overdue        Bring name tags

Sean Example (sean) · 6 open, 1 overdue
   1  9d overdue      ★ Confirm the room with Jane
  10  tomorrow          Write the welcome slides
   6  Mon Nov 30        Print the agenda  (asked Kim Example on 2026-11-21)
   3  Mon Dec 7       ★ Order pizza
   7  Tue Jan 5 2027    Ask the pub about January  (asked Maria Example on 2026-11-25)
   5  no due date       Post the recap

Maria Example (maria) · nothing open

Kim Example (kim) · nothing open

★ for the next event: December talks (Tue Dec 8)

Follow up:
  waiting on Kim Example since 2026-11-21: follow up (task 6, Print the agenda)

Team health:
  warning: delegate: Sean Example holds 6 of 8 open tasks
  warning: Jonas Example has 2 overdue tasks
";

#[test]
fn the_view_groups_by_person_and_orders_by_urgency() {
    let out = team_ug().run_with(["tasks"]);
    out.success();
    assert!(out.stdout == EXPECTED, "{}", diff(EXPECTED, &out.stdout));
}

#[test]
fn the_view_is_plain_text_when_piped() {
    let out = team_ug().env_remove("NO_COLOR").run_with(["tasks"]);
    assert!(!out.stdout.contains('\x1b'), "{:?}", out.stdout);
    assert_eq!(out.stdout, EXPECTED);
}

#[test]
fn overdue_is_red_on_a_terminal() {
    let t = Ug::with_group(&crate::team());
    let Some(out) = t.run_in_terminal(&["tasks"]) else {
        eprintln!("note: util-linux `script` is not installed; colour is not tested");
        return;
    };
    assert!(
        out.stdout.contains("\x1b[31m9d overdue\x1b[0m"),
        "{:?}",
        out.stdout
    );
}

#[test]
fn a_later_day_moves_tasks_between_buckets() {
    // On Dec 1 the welcome slides (due Nov 27) are overdue, the pizza is due within a week.
    let out = team_ug()
        .env("UG_NOW", "2026-12-01")
        .run_with(["tasks", "--person", "sean"]);
    out.success();
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["1", "10", "6", "3", "7", "5"], "{}", out.stdout);
    out.stdout_has("14d overdue").stdout_has("4d overdue");
}

#[test]
fn person_filter_shows_only_their_tasks() {
    let out = team_ug().run_with(["tasks", "--person", "jonas"]);
    out.success()
        .stdout_has("Jonas Example (jonas) · 2 open, 2 overdue")
        .stdout_has("Find two speakers");
    assert!(
        !out.stdout.contains("Sean Example (sean)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Order pizza"), "{}", out.stdout);
}

#[test]
fn event_filter_shows_only_that_events_tasks() {
    let out = team_ug().run_with(["tasks", "--event", "2026-12-08"]);
    out.success();
    let rows: Vec<&str> = out.stdout.lines().filter(|l| l.contains('★')).collect();
    assert_eq!(rows.len(), 3, "two tasks and the legend:\n{}", out.stdout);
    assert!(
        !out.stdout.contains("Jonas Example (jonas)"),
        "{}",
        out.stdout
    );
}

#[test]
fn all_includes_done_and_dropped() {
    let t = team_ug();
    t.run_with(["tasks", "decline", "7"]).success();
    let open = t.run_with(["tasks"]);
    assert!(
        !open.stdout.contains("Book the video crew"),
        "{}",
        open.stdout
    );
    // A declined ask leaves the task open with its owner.
    open.stdout_has("Ask the pub about January  (Maria declined: ask someone else)");
    t.run_with(["tasks", "--all"])
        .success()
        .stdout_has("8  Sun Nov 15        Book the video crew  [done 2026-11-14]")
        .stdout_has("Write to the sponsor  [dropped]");
}

/// Older ug wrote `status = "declined"` and the task vanished. Such a task
/// still needs doing: it shows as open work of its owner, needing a taker,
/// and `ug status` counts it.
#[test]
fn a_legacy_declined_task_still_shows_as_needing_an_owner() {
    let text = team().replace(
        "status = \"asked\"\nasked = \"maria\"",
        "status = \"declined\"\nasked = \"maria\"",
    );
    assert!(text.contains("status = \"declined\""));
    let t = Ug::with_group(&text).env("NO_COLOR", "1");
    t.run_with(["tasks"])
        .success()
        .stdout_has("Ask the pub about January  (declined by Maria Example: ask someone else)");
    let j = t.run_with(["--json", "status"]).json();
    let base = team_ug().run_with(["--json", "status"]).json();
    assert_eq!(j["tasks"]["open"], base["tasks"]["open"]);
    // Reassigning it settles it: open, with its new owner.
    t.run_with(["tasks", "reassign", "7", "kim"]).success();
    let task = t.task(7);
    assert_eq!(task["status"].as_str(), Some("open"));
    assert_eq!(task["owner"].as_str(), Some("kim"));
}

#[test]
fn json_is_one_stable_object() {
    let out = team_ug().run_with(["tasks", "--json"]);
    out.success();
    let j = out.json();
    assert_eq!(j["today"], "2026-11-26");
    assert_eq!(j["next_event"]["id"], "2026-12-08");
    let people = j["people"].as_array().unwrap();
    let ids: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["jonas", "sean", "maria", "kim"]);
    let sean = &people[1];
    assert_eq!(sean["name"], "Sean Example");
    assert_eq!(sean["open"], 6);
    assert_eq!(sean["overdue"], 1);
    let first = &sean["tasks"][0];
    assert_eq!(first["id"], 1);
    assert_eq!(first["urgency"], "overdue");
    assert_eq!(first["days_overdue"], 9);
    assert_eq!(first["next_event"], true);
    assert_eq!(first["due"], "2026-11-17");
    let order: Vec<i64> = sean["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [1, 10, 6, 3, 7, 5]);
    assert_eq!(j["follow_ups"][0]["task"], 6);
    assert_eq!(j["follow_ups"][0]["asked"], "kim");
    assert_eq!(j["follow_ups"][0]["since"], "2026-11-21");
    assert_eq!(j["follow_ups"][0]["days"], 5);
    let kinds: Vec<&str> = j["health"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["delegate", "overdue"]);
}

#[test]
fn an_ask_under_three_days_old_is_not_flagged() {
    // Maria was asked on Nov 25: on Nov 27 that is two days, on Nov 28 three.
    let t = team_ug().env("UG_NOW", "2026-11-27");
    let out = t.run_with(["tasks"]);
    assert!(!out.stdout.contains("waiting on Maria"), "{}", out.stdout);
    let t = t.env("UG_NOW", "2026-11-28");
    t.run_with(["tasks"]).success().stdout_has(
        "waiting on Maria Example since 2026-11-25: follow up (task 7, Ask the pub about January)",
    );
}

#[test]
fn no_open_tasks_says_so() {
    let out = Ug::with_group(&SMALL_GROUP.replace("status = \"open\"", "status = \"done\""))
        .run_with(["tasks"]);
    out.success().stdout_has("No open tasks.");
}
