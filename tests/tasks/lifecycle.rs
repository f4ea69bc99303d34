//! The lazy organizer's loop through tasks: `ug next-meetup` once, then
//! `ug tasks done N`; the venue task, done, confirms the event in the same
//! edit (issue 8, item 3). And the built-in checklist on a fresh file from
//! `ug init`: spread, no overload warning, late planning said (item 12).

use crate::support::*;

/// A team of four and one venue; no events, no tasks, no [[checklist]].
const PLANLESS: &str = r#"[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann Example"
email = "ann@example.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Example"
email = "bo@example.org"
roles = ["co-organizer"]

[[people]]
id = "cy"
name = "Cy Example"
email = "cy@example.org"
roles = ["helper"]

[[people]]
id = "vic"
name = "Vic Venue"
email = "vic@example.org"
roles = ["contact"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"

[[venues]]
id = "hall"
name = "Town Hall"
capacity = 60
contact = "vic"
"#;

fn event_status(t: &Ug, id: &str) -> String {
    let doc = parse_toml(&t.read("group.toml"));
    let events = doc["events"].as_array().unwrap();
    let e = events
        .iter()
        .find(|e| e["id"].as_str() == Some(id))
        .unwrap();
    e["status"].as_str().unwrap().to_string()
}

/// The lines only in `before`, and those only in `after` (as multisets, sorted).
fn line_changes<'a>(before: &'a str, after: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let minus = |a: &'a str, b: &'a str| {
        let mut rest: Vec<&str> = b.lines().collect();
        let mut only: Vec<&str> = a
            .lines()
            .filter(|l| match rest.iter().position(|r| r == l) {
                Some(i) => {
                    rest.remove(i);
                    false
                }
                None => true,
            })
            .collect();
        only.sort();
        only
    };
    (minus(before, after), minus(after, before))
}

/// The id of the task that `ug next-meetup` marked `confirms = "venue"`.
fn venue_task(t: &Ug) -> (i64, toml::Table) {
    let doc = parse_toml(&t.read("group.toml"));
    let found: Vec<toml::Table> = tasks(&doc)
        .into_iter()
        .filter(|t| t.get("confirms").and_then(|c| c.as_str()) == Some("venue"))
        .collect();
    assert_eq!(found.len(), 1, "one venue task: {found:?}");
    (found[0]["id"].as_integer().unwrap(), found[0].clone())
}

#[test]
fn the_venue_task_done_confirms_the_event_in_the_same_edit() {
    let t = Ug::with_group(PLANLESS).env("UG_NOW", "2026-11-11");
    t.run_with(["next-meetup", "--yes"]).success();
    assert_eq!(event_status(&t, "2026-12-08"), "planned");
    let (id, task) = venue_task(&t);
    assert_eq!(
        task["title"].as_str(),
        Some("Confirm Town Hall with Vic Venue")
    );
    let before = t.read("group.toml");
    t.run_with(["tasks", "done", &id.to_string()])
        .success()
        .stdout_has(&format!(
            "Done: task {id}, Confirm Town Hall with Vic Venue."
        ))
        .stdout_has("Event 2026-12-08 is confirmed: the announcement goes out on Tue Nov 24.");
    assert_eq!(event_status(&t, "2026-12-08"), "confirmed");
    // One edit: the task's status and done_on, the event's status; nothing else.
    let after = t.read("group.toml");
    assert_eq!(
        line_changes(&before, &after),
        (
            vec!["status = \"open\"", "status = \"planned\""],
            vec![
                "done_on = 2026-11-11",
                "status = \"confirmed\"",
                "status = \"done\""
            ]
        ),
        "{}",
        diff(&before, &after)
    );
    // The announcement is then due to members on its day, not before.
    t.run_with(["check"]).success();
}

#[test]
fn late_in_the_window_the_announcement_goes_with_the_next_send() {
    let t = Ug::with_group(PLANLESS).env("UG_NOW", "2026-11-11");
    t.run_with(["next-meetup", "--yes"]).success();
    let (id, _) = venue_task(&t);
    let late = t.env("UG_NOW", "2026-11-30");
    late.run_with(["tasks", "done", &id.to_string()])
        .success()
        .stdout_has(
            "Event 2026-12-08 is confirmed: the announcement goes out with the next `ug remind --send`.",
        );
}

#[test]
fn a_checklist_item_with_confirms_venue_is_carried_to_its_task() {
    let text = format!(
        "{PLANLESS}\n[[checklist]]\ntitle = \"Call {{contact}} about the room\"\nowner = \"bo\"\nbefore = \"3w\"\nconfirms = \"venue\"\n\n[[checklist]]\ntitle = \"Bring tags\"\nowner = \"helper\"\nbefore = \"1d\"\n"
    );
    let t = Ug::with_group(&text).env("UG_NOW", "2026-11-11");
    let plan = t.run_with(["--json", "next-meetup", "--yes"]);
    plan.success();
    let planned = plan.json();
    assert_eq!(planned["plan"]["tasks"][0]["confirms"], "venue");
    assert!(planned["plan"]["tasks"][1].get("confirms").is_none());
    let (id, task) = venue_task(&t);
    assert_eq!(
        task["title"].as_str(),
        Some("Call Vic Venue about the room")
    );
    t.run_with(["tasks", "done", &id.to_string()])
        .success()
        .stdout_has("Event 2026-12-08 is confirmed");
    assert_eq!(event_status(&t, "2026-12-08"), "confirmed");
}

#[test]
fn a_task_planned_before_confirms_existed_still_confirms_by_its_title() {
    let text = format!(
        "{PLANLESS}\n[[events]]\nid = \"2026-12-08\"\ntitle = \"December\"\nstart = 2026-12-08T18:30:00\nvenue = \"hall\"\nstatus = \"planned\"\n\n[[tasks]]\nid = 4\ntitle = \"Confirm Town Hall with Vic Venue\"\nowner = \"ann\"\ndue = 2026-11-17\nevent = \"2026-12-08\"\nstatus = \"open\"\n"
    );
    let t = Ug::with_group(&text).env("UG_NOW", "2026-11-10");
    t.run_with(["tasks", "done", "4"])
        .success()
        .stdout_has("Event 2026-12-08 is confirmed");
    assert_eq!(event_status(&t, "2026-12-08"), "confirmed");
}

#[test]
fn when_the_event_cannot_be_confirmed_the_task_is_done_and_the_reason_said() {
    let text = format!(
        "{PLANLESS}\n[[events]]\nid = \"2026-12-08\"\ntitle = \"December\"\nstart = 2026-12-08T18:30:00\nvenue = \"hall\"\nstatus = \"cancelled\"\n\n[[tasks]]\nid = 4\ntitle = \"Call the hall\"\nowner = \"ann\"\nevent = \"2026-12-08\"\nconfirms = \"venue\"\n"
    );
    let t = Ug::with_group(&text).env("UG_NOW", "2026-11-10");
    t.run_with(["tasks", "done", "4"])
        .success()
        .stdout_has("Done: task 4")
        .stderr_has("task 4 confirms the venue, but event `2026-12-08` is already cancelled");
    assert_eq!(event_status(&t, "2026-12-08"), "cancelled");
}

/// `ug init` in a temporary folder, as a new organizer would.
fn fresh(now: &str) -> Ug {
    let t = Ug::new().env("UG_NOW", now).env("NO_COLOR", "1");
    t.run_with([
        "init",
        "--name",
        "X",
        "--timezone",
        "Europe/Berlin",
        "--rule",
        "second tuesday monthly",
        "--time",
        "18:30",
        "--organizer-name",
        "A",
        "--organizer-email",
        "a@x.org",
        "--yes",
    ])
    .success();
    t
}

#[test]
fn a_fresh_file_raises_no_overload_warning_only_the_one_organizer_one() {
    let t = fresh("2026-11-10");
    t.run_with(["next-meetup", "--yes"]).success();
    for cmd in [&["check"][..], &["status"], &["tasks"]] {
        let out = t.run_with(cmd);
        out.success();
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(
            !all.contains("delegate") && !all.contains("holds"),
            "`ug {}`:\n{all}",
            cmd[0]
        );
        assert!(
            all.contains("find a co-organizer"),
            "`ug {}`:\n{all}",
            cmd[0]
        );
    }
}

#[test]
fn late_planning_says_on_stderr_which_tasks_were_compressed() {
    let t = fresh("2026-11-30");
    let out = t.run_with(["next-meetup", "--dry-run"]);
    out.success()
        .stderr_has("warning: planned late, 8 days before the event: 1 task would already be past due, so it is due today instead: \"Find speakers for 2026-12-08 (talks)\" (was due 2026-11-10)");
    assert!(!out.stdout.contains("warning"), "{}", out.stdout);
    // In time, nothing is compressed.
    let early = fresh("2026-12-09");
    let out = early.run_with(["next-meetup", "--dry-run"]);
    assert!(!out.stderr.contains("past due"), "{}", out.stderr);
}

#[test]
fn the_built_in_checklist_is_spread_over_the_team() {
    let t = Ug::with_group(PLANLESS).env("UG_NOW", "2026-11-01");
    let plan = t.run_with(["--json", "next-meetup", "--dry-run"]);
    plan.success();
    let j = plan.json();
    let owners: Vec<&str> = j["plan"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["owner"].as_str().unwrap())
        .collect();
    let count = |who| owners.iter().filter(|o| **o == who).count();
    assert_eq!(owners.len(), 5, "{owners:?}");
    for who in ["ann", "bo", "cy"] {
        assert!(
            count(who) >= 1 && count(who) * 2 <= owners.len(),
            "{owners:?}"
        );
    }
}

/// Issue 8, item 13: "1 people", "(in 0 days)", misaligned plan columns.
#[test]
fn counts_days_and_columns_read_right() {
    let t = fresh("2026-11-10");
    let plan = t.run_with(["next-meetup", "--yes"]);
    plan.success()
        .stdout_has("Expected about 30 people")
        .stdout_has("Added event 2026-11-10 and 4 tasks to group.toml.");
    // The plan's task rows: every title starts in the same column.
    let rows: Vec<&str> = plan
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    assert_eq!(rows.len(), 4, "{}", plan.stdout);
    let title_at = |row: &str, title: &str| row.find(title).unwrap();
    assert_eq!(
        title_at(rows[0], "Find a venue"),
        title_at(rows[3], "Post slides"),
        "{}",
        plan.stdout
    );
    // Due dates of different widths ("Mon Dec 7", "Fri Dec 11") stay aligned.
    let later = fresh("2026-11-30").run_with(["next-meetup", "--dry-run"]);
    let rows: Vec<&str> = later
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    let starts: Vec<usize> = rows.iter().map(|r| r.rfind("  ").unwrap()).collect();
    assert!(later.stdout.contains("Mon Dec 7"), "{}", later.stdout);
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{}", later.stdout);
    t.run_with(["check"])
        .success()
        .stdout_has("(1 person, 0 members, 1 event, 4 tasks)");
    let status = t.run_with(["status"]);
    status.success().stdout_has("planned (today)");
    assert!(!status.stdout.contains("in 0 days"), "{}", status.stdout);
}

#[test]
fn a_checklist_that_confirms_nothing_is_a_warning() {
    let item = "\n[[checklist]]\ntitle = \"Bring tags\"\nowner = \"helper\"\nbefore = \"1d\"\n";
    let t = Ug::with_group(&format!("{PLANLESS}{item}"));
    t.run_with(["check"])
        .success()
        .stderr_has("no [[checklist]] item confirms the venue")
        .stderr_has("add `confirms = \"venue\"`");
    let fixed = format!("{PLANLESS}{item}confirms = \"venue\"\n");
    let out = Ug::with_group(&fixed).run_with(["check"]);
    out.success();
    assert!(!out.stderr.contains("confirms the venue"), "{}", out.stderr);
    // The built-in checklist has its venue task.
    let out = Ug::with_group(PLANLESS).run_with(["check"]);
    assert!(!out.stderr.contains("confirms the venue"), "{}", out.stderr);
}
