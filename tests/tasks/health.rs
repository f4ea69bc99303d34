//! The team's health, the same findings in three places: the `ug tasks`
//! footer, `ug check` warnings (with the line they point at) and `ug status`.

use crate::support::*;
use crate::{team, team_ug};

const DELEGATE: &str = "delegate: Sean Example holds 6 of 8 open tasks";
const OVERDUE: &str = "Jonas Example has 2 overdue tasks";
const WAITING: &str =
    "waiting on Kim Example since 2026-11-21: follow up (task 6, Print the agenda)";

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l == needle).expect(needle) + 1
}

#[test]
fn check_warns_with_the_line_and_still_passes() {
    let text = team();
    let out = team_ug().run_with(["check"]);
    out.success()
        .stdout_has("ok")
        .stdout_has("3 warnings")
        .stderr_has(&format!(
            "warning: group.toml:{}:6: {DELEGATE}",
            line_of(&text, "id = \"sean\"")
        ))
        .stderr_has(&format!(
            "warning: group.toml:{}:6: {OVERDUE}",
            line_of(&text, "id = \"jonas\"")
        ))
        .stderr_has(&format!(
            "warning: group.toml:{}:9: {WAITING}",
            line_of(
                &text,
                "asked = \"kim\"            # asked at the last meetup"
            )
        ))
        .stderr_has("ug tasks accept 6");
}

#[test]
fn check_json_carries_the_warnings() {
    let out = team_ug().run_with(["check", "--json"]);
    out.success();
    let messages: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            d["message"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(messages, [DELEGATE, OVERDUE, WAITING]);
}

#[test]
fn status_lists_the_same_warnings() {
    team_ug()
        .run_with(["status"])
        .success()
        .stdout_has(DELEGATE)
        .stdout_has(OVERDUE)
        .stdout_has(WAITING);
}

#[test]
fn a_week_earlier_nothing_is_overdue_or_waiting() {
    let out = team_ug().env("UG_NOW", "2026-11-16").run_with(["check"]);
    out.success().stderr_has(DELEGATE);
    assert!(!out.stderr.contains("overdue"), "{}", out.stderr);
    assert!(!out.stderr.contains("waiting on"), "{}", out.stderr);
}

#[test]
fn one_overdue_task_is_shown_but_not_a_warning() {
    // Sean has one overdue task: his heading says so; the team is not warned.
    let out = team_ug().run_with(["tasks"]);
    out.stdout_has("Sean Example (sean) · 6 open, 1 overdue");
    assert!(!out.stdout.contains("Sean Example has"), "{}", out.stdout);
}

/// The team file with Jonas's tasks given to Sean: the co-organizer holds none.
fn lopsided() -> Ug {
    Ug::with_group(&team().replace("owner = \"jonas\"", "owner = \"sean\"")).env("NO_COLOR", "1")
}

const SHARE: &str = "the co-organizer holds no open tasks: share the work (Jonas Example)";

#[test]
fn a_co_organizer_with_no_tasks_is_flagged_everywhere() {
    let t = lopsided();
    t.run_with(["tasks"])
        .success()
        .stdout_has(&format!("warning: {SHARE}"))
        .stdout_has("delegate: Sean Example holds 8 of 8 open tasks");
    t.run_with(["check"])
        .success()
        .stderr_has(SHARE)
        .stderr_has("ug tasks ask ID jonas");
    t.run_with(["status"]).success().stdout_has(SHARE);
}

#[test]
fn asking_the_co_organizer_clears_the_share_warning() {
    let t = lopsided();
    t.run_with(["tasks", "ask", "3", "jonas"]).success();
    let out = t.run_with(["check"]);
    assert!(!out.stderr.contains("share the work"), "{}", out.stderr);
    t.run_with(["tasks", "accept", "3"]).success();
    let out = t.run_with(["tasks"]);
    assert!(!out.stdout.contains("share the work"), "{}", out.stdout);
    out.stdout_has("Jonas Example (jonas) · 1 open");
}

#[test]
fn a_single_organizer_is_told_to_find_a_co_organizer() {
    let text = team().replace("roles = [\"co-organizer\"]", "roles = [\"helper\"]");
    let t = Ug::with_group(&text).env("NO_COLOR", "1");
    t.run_with(["tasks"])
        .success()
        .stdout_has("warning: find a co-organizer");
    t.run_with(["check"])
        .success()
        .stderr_has("find a co-organizer");
    t.run_with(["status"])
        .success()
        .stdout_has("find a co-organizer");
}
