//! Every edit on the commented team file, compared byte for byte with a
//! hand-checked `tests/fixtures/tasks/team.<edit>.after.toml`: only that
//! task's lines change; comments, spacing and key order elsewhere stay.

use crate::support::*;
use crate::{fixture, team, team_ug};

/// The line range (1-based, inclusive) of task `id`'s block in `text`: from
/// its `[[tasks]]` header to the line before the next header or comment block.
fn block(text: &str, id: i64) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let id_line = lines
        .iter()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("id") && l.split('=').nth(1).map(str::trim) == Some(&id.to_string())
        })
        .unwrap_or_else(|| panic!("no task {id}"));
    let start = lines[..id_line]
        .iter()
        .rposition(|l| l.starts_with("[[tasks]]"))
        .unwrap();
    let end = lines[id_line..]
        .iter()
        .position(|l| l.starts_with('[') || l.starts_with('#'))
        .map_or(lines.len(), |n| id_line + n);
    (start + 1, end)
}

/// Runs `args` on the team file; the result must be `after` byte for byte,
/// differ from the original only inside task `id`'s block, and pass `ug check`.
fn assert_edit(args: &[&str], after: &str, id: i64) -> Output {
    let t = team_ug();
    let out = t.run_with(args);
    out.success();
    let got = t.read("group.toml");
    let want = fixture(after);
    assert!(
        got == want,
        "`ug {}` differs from {after}:\n{}",
        args.join(" "),
        diff(&want, &got)
    );
    let before = team();
    let b: Vec<&str> = before.lines().collect();
    let (prefix, changed_end) = changed_span(&before, &got);
    let suffix = b.len() - changed_end;
    let (start, end) = block(&before, id);
    assert!(
        prefix >= start && b.len() - suffix <= end,
        "`ug {}` changed lines {}..{}, outside task {id} (lines {start}..{end})",
        args.join(" "),
        prefix + 1,
        b.len() - suffix
    );
    parse_toml(&got);
    t.run_with(["check"]).success();
    out
}

#[test]
fn add_appends_exactly_the_new_task_after_the_last_one() {
    let t = team_ug();
    t.run_with([
        "tasks",
        "add",
        "Thank the venue",
        "--owner",
        "co-organizer",
        "--due",
        "+2w",
        "--event",
        "2026-12-08",
        "--notes",
        "a card, signed by all",
    ])
    .success()
    .stdout_has("Added task 11 for Jonas Example, due Thu Dec 10.");
    let want = fixture("team.add.after.toml");
    let got = t.read("group.toml");
    assert!(got == want, "{}", diff(&want, &got));
    // The new lines are the only difference: the original is the file minus them.
    let added = "[[tasks]]\nid = 11\ntitle = \"Thank the venue\"\nowner = \"jonas\"\ndue = 2026-12-10\nevent = \"2026-12-08\"\nstatus = \"open\"\nnotes = \"a card, signed by all\"\n\n";
    assert_eq!(got.replacen(added, "", 1), team());
    t.run_with(["check"]).success();
}

#[test]
fn done_sets_status_and_done_on_keeping_value_comments() {
    let out = assert_edit(&["tasks", "done", "3"], "team.done-3.after.toml", 3);
    // Sean organizes: no thank-you to himself. Maria helps: thank her.
    assert!(
        out.stdout.contains("Done: task 3, Order pizza.") && !out.stdout.contains("Thank"),
        "{}",
        out.stdout
    );
    let t = team_ug();
    t.run_with(["tasks", "done", "9"])
        .success()
        .stdout_has("Thank Maria!");
    // Two tasks at once, one of them indented with a comment on its status.
    let t = team_ug();
    t.run_with(["tasks", "done", "1", "3"]).success();
    let want = fixture("team.done-1-3.after.toml");
    let got = t.read("group.toml");
    assert!(got == want, "{}", diff(&want, &got));
    assert!(got.contains("  status = \"done\"          # she prefers a phone call\n"));
}

#[test]
fn reassign_changes_only_the_owner_and_keeps_its_comment() {
    assert_edit(
        &["tasks", "reassign", "2", "maria"],
        "team.reassign-2.after.toml",
        2,
    )
    .stdout_has("Task 2 (Find two speakers) now belongs to Maria Example (was Jonas Example).");
}

#[test]
fn reassign_to_the_current_owner_changes_nothing() {
    let t = team_ug();
    t.run_with(["tasks", "reassign", "2", "jonas"])
        .success()
        .stdout_has("already belongs to Jonas Example; nothing changed");
    assert_eq!(t.read("group.toml"), team());
}

#[test]
fn ask_records_status_person_and_date() {
    let out = assert_edit(&["tasks", "ask", "3", "kim"], "team.ask-3.after.toml", 3);
    out.stdout_has("Asked Kim Example to take task 3 (Order pizza).")
        .stdout_has("ug remind --send");
    let task = find_task(&fixture("team.ask-3.after.toml"), 3);
    assert_eq!(task["status"].as_str(), Some("asked"));
    assert_eq!(task["asked"].as_str(), Some("kim"));
    assert_eq!(task["asked_on"].to_string(), "2026-11-26");
    assert_eq!(
        task["owner"].as_str(),
        Some("sean"),
        "the owner stays until accepted"
    );
}

#[test]
fn asking_someone_else_while_an_ask_is_pending_warns_who_was_waiting() {
    let t = team_ug();
    let out = t.run_with(["tasks", "ask", "6", "maria"]);
    out.success().stderr_has(
        "warning: task 6 was waiting on Kim Example since 2026-11-21; asking Maria instead — tell Kim",
    );
    out.stdout_has("Asked Maria Example to take task 6 (Print the agenda).");
    assert_eq!(t.task(6)["asked"].as_str(), Some("maria"));
    // Asking the same person again is no replacement: no warning.
    let out = t.run_with(["tasks", "ask", "6", "maria"]);
    assert!(!out.stderr.contains("was waiting on"), "{}", out.stderr);
}

#[test]
fn accept_makes_the_asked_person_the_owner() {
    assert_edit(&["tasks", "accept", "6"], "team.accept-6.after.toml", 6)
        .stdout_has("Kim Example took task 6, Print the agenda.");
    let task = find_task(&fixture("team.accept-6.after.toml"), 6);
    assert_eq!(task["owner"].as_str(), Some("kim"));
    assert_eq!(task["status"].as_str(), Some("open"));
    assert!(task.get("asked").is_none() && task.get("asked_on").is_none());
}

#[test]
fn decline_gives_the_task_back_to_its_owner_and_suggests_the_least_loaded() {
    let out = assert_edit(&["tasks", "decline", "6"], "team.decline-6.after.toml", 6);
    // Maria has no open task; Kim declined and Sean owns it, so neither is suggested.
    out.stdout_has("Kim Example declined task 6")
        .stdout_has("It is back with Sean Example, open: ask someone else.")
        .stdout_has("Maria Example (maria): 0 open")
        .stdout_has("ug tasks ask 6 maria");
    let lines: Vec<&str> = out.stdout.lines().collect();
    let maria = lines.iter().position(|l| l.contains("(maria)")).unwrap();
    let jonas = lines.iter().position(|l| l.contains("(jonas)")).unwrap();
    assert!(maria < jonas, "{}", out.stdout);
    assert!(!out.stdout.contains("(kim)"), "{}", out.stdout);
    assert!(!out.stdout.contains("(sean)"), "{}", out.stdout);
}

/// Issue 8, item 4: `ug tasks ask 9 marta; ug tasks decline 9` lost task 9
/// from `tasks`, `status` and `check`. A decline answers the ask, not the task.
#[test]
fn a_declined_ask_never_loses_the_task() {
    let t = team_ug();
    let before = t.run_with(["--json", "status"]);
    let open_before = before.json()["tasks"]["open"].as_u64().unwrap();
    t.run_with(["tasks", "ask", "3", "maria"]).success();
    t.run_with(["tasks", "decline", "3"])
        .success()
        .stdout_has("Maria Example declined task 3 (Order pizza)")
        .stdout_has("It is back with Sean Example, open");
    let task = t.task(3);
    assert_eq!(task["status"].as_str(), Some("open"));
    assert_eq!(task["owner"].as_str(), Some("sean"));
    assert!(task.get("asked").is_none() && task.get("asked_on").is_none());
    // The owner's notes stay; the decline is added to them.
    assert_eq!(
        task["notes"].as_str(),
        Some("two vegan; Maria declined: ask someone else")
    );
    // Still listed, with the note, in the owner's tasks; still counted by status.
    t.run_with(["tasks"])
        .success()
        .stdout_has("Order pizza  (Maria declined: ask someone else)");
    let after = t.run_with(["--json", "status"]);
    assert_eq!(after.json()["tasks"]["open"].as_u64().unwrap(), open_before);
    t.run_with(["check"]).success();
    // Once someone takes it, the decline note goes.
    t.run_with(["tasks", "ask", "3", "kim"]).success();
    t.run_with(["tasks", "accept", "3"]).success();
    let task = t.task(3);
    assert_eq!(task["owner"].as_str(), Some("kim"));
    assert_eq!(task["notes"].as_str(), Some("two vegan"));
}

#[test]
fn decline_json_lists_the_suggestions() {
    let t = team_ug();
    let out = t.run_with(["--json", "tasks", "decline", "6"]);
    out.success();
    let j = out.json();
    assert_eq!(j["id"], 6);
    assert_eq!(j["changed"], true);
    assert_eq!(j["suggestions"][0]["id"], "maria");
    assert_eq!(j["suggestions"][0]["open"], 0);
}

#[test]
fn drop_sets_the_status_keeping_the_comment() {
    assert_edit(&["tasks", "drop", "1"], "team.drop-1.after.toml", 1)
        .stdout_has("Dropped task 1, Confirm the room with Jane.");
}

/// Issue 20: `tasks drop` takes several ids, as `tasks done` does, all or nothing.
#[test]
fn drop_takes_several_ids_all_or_none() {
    let t = team_ug();
    t.run_with(["tasks", "drop", "1", "2"])
        .success()
        .stdout_has("Dropped task 1, Confirm the room with Jane.")
        .stdout_has("Dropped task 2, Find two speakers.");
    assert_eq!(t.task(1)["status"].as_str(), Some("dropped"));
    assert_eq!(t.task(2)["status"].as_str(), Some("dropped"));
    // The same bytes as dropping them one at a time.
    let got = t.read("group.toml");
    let one_by_one = team_ug();
    one_by_one.run_with(["tasks", "drop", "1"]).success();
    one_by_one.run_with(["tasks", "drop", "2"]).success();
    let want = one_by_one.read("group.toml");
    assert!(got == want, "{}", diff(&want, &got));
    parse_toml(&got);
    t.run_with(["check"]).success();

    // One unknown id (or a done task) among them: nothing is written.
    for args in [
        &["tasks", "drop", "1", "12"][..],
        &["tasks", "drop", "3", "8"],
    ] {
        let t = team_ug();
        t.run_with(args).code(1).stdout_empty();
        assert_eq!(
            t.read("group.toml"),
            team(),
            "`ug {}` wrote",
            args.join(" ")
        );
    }
    let t = team_ug();
    t.run_with(["tasks", "drop", "3", "12"])
        .code(1)
        .stderr_has("there is no task 12");
    // --json with several ids: one array of the changes.
    let t = team_ug();
    let out = t.run_with(["--json", "tasks", "drop", "1", "4"]);
    out.success();
    let j = out.json();
    assert_eq!(j[0]["id"], 1);
    assert_eq!(j[1]["id"], 4);
    assert_eq!(t.task(4)["status"].as_str(), Some("dropped"));
}

#[test]
fn a_declined_task_can_be_asked_again_then_accepted() {
    let t = team_ug();
    t.run_with(["tasks", "decline", "6"]).success();
    t.run_with(["tasks", "ask", "6", "maria"]).success();
    t.run_with(["tasks", "accept", "6"])
        .success()
        .stdout_has("Maria Example took task 6");
    let task = t.task(6);
    assert_eq!(task["owner"].as_str(), Some("maria"));
    assert_eq!(task["status"].as_str(), Some("open"));
    t.run_with(["check"]).success();
}

#[test]
fn guards_refuse_and_leave_the_file_alone() {
    let t = team_ug();
    let cases: [(&[&str], &str); 6] = [
        (
            &["tasks", "ask", "8", "maria"],
            "task 8 (Book the video crew) is done",
        ),
        (&["tasks", "accept", "1"], "is `open`, not `asked`"),
        (&["tasks", "decline", "2"], "is `open`, not `asked`"),
        (&["tasks", "accept", "8"], "is `done`, not `asked`"),
        (
            &["tasks", "ask", "2", "jonas"],
            "Jonas Example already owns task 2",
        ),
        (&["tasks", "drop", "8"], "is done: it cannot be dropped"),
    ];
    for (args, message) in cases {
        t.run_with(args).code(1).stdout_empty().stderr_has(message);
        assert_eq!(
            t.read("group.toml"),
            team(),
            "`ug {}` wrote",
            args.join(" ")
        );
    }
    t.run_with(["tasks", "drop", "9"])
        .success()
        .stdout_has("already dropped");
    assert_eq!(t.read("group.toml"), team());
}

/// Issue 8, item 8: due dates never moved on delegation.
#[test]
fn ask_accept_and_reassign_take_a_new_due_date() {
    let t = team_ug();
    t.run_with(["tasks", "ask", "2", "maria", "--due", "+7d"])
        .success()
        .stdout_has("Asked Maria Example to take task 2 (Find two speakers), due Thu Dec 3.");
    assert_eq!(t.task(2)["due"].to_string(), "2026-12-03");
    t.run_with(["tasks", "accept", "2", "--due", "2026-12-05"])
        .success()
        .stdout_has("Maria Example took task 2, Find two speakers, due Sat Dec 5.");
    assert_eq!(t.task(2)["due"].to_string(), "2026-12-05");
    assert_eq!(t.task(2)["owner"].as_str(), Some("maria"));
    t.run_with(["tasks", "reassign", "2", "kim", "--due", "tomorrow"])
        .success()
        .stdout_has("now belongs to Kim Example (was Maria Example), due Fri Nov 27.");
    assert_eq!(t.task(2)["due"].to_string(), "2026-11-27");
    // Only a new date: the owner stays.
    t.run_with(["tasks", "reassign", "2", "kim", "--due", "+2w"])
        .success()
        .stdout_has("Task 2 (Find two speakers) stays with Kim Example, due Thu Dec 10.");
    t.run_with(["check"]).success();
    // Another year's date says its year.
    t.run_with(["tasks", "reassign", "2", "kim", "--due", "2027-01-05"])
        .success()
        .stdout_has("stays with Kim Example, due Tue Jan 5 2027.");
}

#[test]
fn handing_on_a_task_already_past_due_warns_and_suggests_a_date() {
    let t = team_ug();
    // Task 2 was due 2026-11-20; today is 2026-11-26.
    let out = t.run_with(["tasks", "ask", "2", "maria"]);
    out.success().stderr_has(
        "warning: task 2 was due 2026-11-20, 6 days ago: pass --due +7d to give Maria time",
    );
    assert!(!out.stdout.contains("warning"), "{}", out.stdout);
    // With a new date, no warning.
    let out = t.run_with(["tasks", "ask", "2", "maria", "--due", "+7d"]);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    t.run_with(["tasks", "reassign", "4", "kim"])
        .success()
        .stderr_has("task 4 was due 2026-11-24, 2 days ago: pass --due +7d to give Kim time");
}

#[test]
fn a_bad_due_date_is_a_usage_error_and_writes_nothing() {
    let t = team_ug();
    for args in [
        &["tasks", "ask", "2", "maria", "--due", "someday"][..],
        &["tasks", "accept", "6", "--due", "+3x"],
        &["tasks", "reassign", "2", "kim", "--due", "2026-02-30"],
    ] {
        t.run_with(args)
            .code(2)
            .stdout_empty()
            .stderr_has("invalid due date");
        assert_eq!(
            t.read("group.toml"),
            team(),
            "`ug {}` wrote",
            args.join(" ")
        );
    }
}

#[test]
fn adding_a_task_already_past_due_says_so() {
    let t = team_ug();
    t.run_with([
        "tasks",
        "add",
        "Late",
        "--owner",
        "kim",
        "--due",
        "2026-11-25",
    ])
    .success()
    .stdout_has("Added task 11 for Kim Example, due Wed Nov 25.")
    .stderr_has("warning: task 11 is already past due (2026-11-25, yesterday)");
    let out = t.run_with(["tasks", "add", "Soon", "--owner", "kim", "--due", "today"]);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}
