//! Editing through the store: an edit changes only the edited entry's lines
//! (before/after fixtures in `tests/fixtures/edit/`, compared byte for
//! byte), keeps the file's permissions, and never writes an invalid file or
//! over someone else's change.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;

use crate::support::*;

fn fixture(name: &str) -> String {
    repo_file(&format!("tests/fixtures/edit/{name}"))
}

/// Runs `args` on `before` as group.toml and requires the result to be `after`, byte for byte.
fn assert_edit(before: &str, args: &[&str], after: &str) -> Ug {
    let t = Ug::with_group(&fixture(before));
    t.run_with(args).success();
    let got = t.read("group.toml");
    let want = fixture(after);
    assert!(
        got == want,
        "`ug {}` on {before} differs from {after}:\n{}",
        args.join(" "),
        diff(&want, &got)
    );
    parse_toml(&got);
    t.run_with(["check"]).success();
    t
}

#[test]
fn done_changes_only_that_tasks_lines() {
    let t = assert_edit(
        "commented.before.toml",
        &["tasks", "done", "3"],
        "commented.done-3.after.toml",
    );
    let task = t.task(3);
    assert_eq!(task["status"].as_str(), Some("done"));
    assert_eq!(task["done_on"].to_string(), "2026-11-26");
}

#[test]
fn done_on_a_task_without_status_adds_the_keys_to_that_task() {
    assert_edit(
        "commented.before.toml",
        &["tasks", "done", "2", "4"],
        "commented.done-2-4.after.toml",
    );
}

#[test]
fn add_inserts_exactly_the_new_tasks_lines_after_the_last_task() {
    let args = [
        "tasks",
        "add",
        "Order pizza",
        "--owner",
        "bo",
        "--due",
        "2026-12-01",
        "--event",
        "2026-12-08",
        "--notes",
        "two vegan",
    ];
    let t = Ug::with_group(&fixture("commented.before.toml"));
    t.run_with(args)
        .success()
        .stdout_has("Added task 5 for Bo Example");
    let got = t.read("group.toml");
    let want = fixture("commented.add.after.toml");
    assert!(got == want, "{}", diff(&want, &got));
    t.run_with(["check"]).success();
}

#[test]
fn add_starts_the_task_list_in_a_file_without_tasks() {
    assert_edit(
        "no-tasks.before.toml",
        &[
            "tasks",
            "add",
            "Ask the pub about December",
            "--owner",
            "kim",
            "--due",
            "+7d",
        ],
        "no-tasks.add.after.toml",
    );
}

#[test]
fn done_on_the_bundled_group_changes_only_that_tasks_block() {
    let before = repo_file("group.toml");
    let before_doc = parse_toml(&before);
    let open = tasks(&before_doc)
        .into_iter()
        .find(|t| t.get("status").and_then(|s| s.as_str()) == Some("open"))
        .expect("group.toml has an open task");
    let id = open["id"].as_integer().unwrap();

    let t = Ug::with_group(&before);
    t.run_with(["tasks", "done", &id.to_string()]).success();
    let after = t.read("group.toml");

    // The changed lines must all lie within the task's [[tasks]] block.
    let b: Vec<&str> = before.lines().collect();
    let (prefix, changed_end) = changed_span(&before, &after);
    let suffix = b.len() - changed_end;
    let id_line = b
        .iter()
        .enumerate()
        .position(|(i, l)| {
            *l == format!("id = {id}")
                && b[..i].iter().rev().find(|l| l.starts_with('[')) == Some(&"[[tasks]]")
        })
        .expect("the task's id line");
    let start = b[..id_line]
        .iter()
        .rposition(|l| l.starts_with('['))
        .unwrap();
    let end = b[id_line..]
        .iter()
        .position(|l| l.starts_with('['))
        .map_or(b.len(), |n| id_line + n);
    assert!(
        prefix > start && b.len() - suffix <= end,
        "lines {}..{} changed, outside task {id}'s block (lines {}..{}):\n{}",
        prefix + 1,
        b.len() - suffix,
        start + 1,
        end,
        diff(&before, &after)
    );

    // And the only difference in the data is that task's status and done_on.
    let mut after_doc = parse_toml(&after);
    let list = after_doc
        .get_mut("tasks")
        .and_then(|v| v.as_array_mut())
        .unwrap();
    let task = list
        .iter_mut()
        .find(|t| t["id"].as_integer() == Some(id))
        .unwrap()
        .as_table_mut()
        .unwrap();
    assert_eq!(task["status"].as_str(), Some("done"));
    assert_eq!(task["done_on"].to_string(), "2026-11-26");
    task.insert("status".into(), open["status"].clone());
    match open.get("done_on") {
        Some(v) => task.insert("done_on".into(), v.clone()),
        None => task.remove("done_on"),
    };
    assert_eq!(after_doc, before_doc);
}

#[test]
fn edits_keep_the_files_permissions() {
    for mode in [0o640, 0o600] {
        let t = Ug::with_group(SMALL_GROUP);
        let path = t.path("group.toml");
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        t.run_with(["tasks", "done", "1"]).success();
        t.run_with([
            "tasks",
            "add",
            "Bring name tags",
            "--owner",
            "bo",
            "--due",
            "+3d",
        ])
        .success();
        let got = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(
            got, mode,
            "permissions {got:o} after editing a {mode:o} file"
        );
        assert_eq!(task_ids(&t.read("group.toml")), [1, 2, 3, 4]);
    }
}

#[test]
fn an_invalid_file_is_refused_and_left_untouched() {
    let text = SMALL_GROUP.replace("owner = \"bo\"", "owner = \"bob\"");
    let line = text.lines().position(|l| l == "owner = \"bob\"").unwrap() + 1;
    let t = Ug::with_group(&text);
    for args in [
        &["tasks", "done", "1"][..],
        &["tasks", "add", "x", "--owner", "ann", "--due", "+1d"],
    ] {
        t.run_with(args)
            .code(1)
            .stdout_empty()
            .stderr_has(&format!(
                "group.toml:{line}:9: unknown person `bob` in task 2; did you mean `bo`?"
            ))
            .stderr_has("ug check");
        assert_eq!(t.read("group.toml"), text);
        assert_eq!(t.leftovers(), Vec::<String>::new());
    }
}

#[test]
fn an_unknown_task_id_is_refused_with_the_nearest_ids() {
    let t = Ug::with_group(SMALL_GROUP);
    t.run_with(["tasks", "done", "2", "9"])
        .code(1)
        .stderr_has("there is no task 9")
        .stderr_has("2, 3");
    assert_eq!(
        t.read("group.toml"),
        SMALL_GROUP,
        "task 2 must not be marked done when 9 fails"
    );
}

#[test]
fn an_unknown_owner_is_refused_with_a_suggestion() {
    let t = Ug::with_group(SMALL_GROUP);
    t.run_with(["tasks", "add", "x", "--owner", "anne", "--due", "+1d"])
        .code(1)
        .stderr_has("did you mean `ann`?");
    assert_eq!(t.read("group.toml"), SMALL_GROUP);
}

#[test]
fn titles_with_quotes_and_unicode_are_stored_exactly() {
    let title = r#"Bring the "good" markers, café \ crème 🍕 # not a comment"#;
    let t = Ug::with_group(SMALL_GROUP);
    t.run_with([
        "tasks",
        "add",
        title,
        "--owner",
        "ann",
        "--due",
        "2026-12-01",
    ])
    .success()
    .stdout_has("Added task 4");
    let added = t.task(4);
    assert_eq!(added["title"].as_str(), Some(title));
    assert_eq!(added["owner"].as_str(), Some("ann"));
    assert!(
        t.read("group.toml").starts_with(SMALL_GROUP),
        "the existing lines must stay as they were"
    );
}

#[test]
fn a_title_with_a_newline_is_a_usage_error() {
    let t = Ug::with_group(SMALL_GROUP);
    t.run_with([
        "tasks",
        "add",
        "one\n[group]\nname = \"x\"",
        "--owner",
        "ann",
        "--due",
        "+1d",
    ])
    .code(2);
    assert_eq!(t.read("group.toml"), SMALL_GROUP);
}

#[test]
fn tasks_written_as_an_inline_array_cannot_be_added_to() {
    let head = SMALL_GROUP.split("[[tasks]]").next().unwrap();
    let text = format!(
        "tasks = [{{ id = 1, title = \"Confirm the room\", owner = \"ann\", due = 2026-11-20 }}]\n\n{head}"
    );
    let t = Ug::with_group(&text);
    t.run_with(["check"]).success();
    t.run_with(["tasks", "add", "x", "--owner", "ann", "--due", "+1d"])
        .code(1)
        .stderr_has("[[tasks]]");
    assert_eq!(t.read("group.toml"), text);
}

#[test]
fn a_file_changed_on_disk_during_an_edit_is_not_overwritten() {
    // Another editor (one that ignores ug's lock) appends a line while ug is
    // in the middle of an edit: at its confirmation prompt (stdin is a
    // terminal), where ug holds the lock and has read the file but written
    // nothing. ug must refuse, and write nothing.
    let text = large_group(300);
    let t = Ug::with_group(&text);
    let Some(mut term) = t.terminal(&["tasks", "done", "2"]) else {
        eprintln!("SKIPPED: util-linux `script` is not installed");
        return;
    };
    assert!(
        term.wait_for("Write this change?"),
        "ug did not ask:\n{}",
        term.seen
    );
    let note = "# a line added by hand while ug was running\n";
    OpenOptions::new()
        .append(true)
        .open(t.path("group.toml"))
        .unwrap()
        .write_all(note.as_bytes())
        .unwrap();
    term.answer("y\n");
    // On a terminal, stderr is shown with stdout.
    term.finish()
        .code(1)
        .stdout_has("changed on disk")
        .stdout_has("nothing was written");
    assert_eq!(
        t.read("group.toml"),
        format!("{text}{note}"),
        "ug wrote over the other editor's change"
    );
    assert_eq!(
        t.leftovers(),
        Vec::<String>::new(),
        "temporary files left behind"
    );
    // Nothing is corrupted: the file is valid, and running again works.
    t.run_with(["check"]).success();
    t.run_with(["tasks", "done", "2"]).success();
}

#[test]

fn editing_through_a_symlink_updates_the_target() {
    let t = Ug::new().file("real.toml", SMALL_GROUP);
    std::os::unix::fs::symlink("real.toml", t.path("group.toml")).unwrap();
    t.run_with(["tasks", "done", "1"]).success();
    assert!(
        fs::symlink_metadata(t.path("group.toml"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink was replaced"
    );
    assert!(
        t.read("real.toml").contains("done_on = 2026-11-26"),
        "the target was not edited"
    );
}

#[test]

fn a_due_date_toml_cannot_hold_is_refused() {
    let t = Ug::with_group(SMALL_GROUP);
    let out = t.run_with(["tasks", "add", "x", "--owner", "ann", "--due=-0001-01-01"]);
    assert_ne!(
        out.code,
        Some(0),
        "accepted a due date TOML cannot hold:\n{}",
        t.read("group.toml")
    );
    assert_eq!(t.read("group.toml"), SMALL_GROUP);
    let t = Ug::with_group(SMALL_GROUP).env("UG_NOW", "9999-12-31");
    t.run_with(["tasks", "add", "x", "--owner", "ann", "--due", "+1d"]);
    t.run_with(["check"]).success();
}

#[test]

fn adding_after_the_largest_possible_id_is_an_error_not_a_panic() {
    let text = SMALL_GROUP.replace("id = 3\n", &format!("id = {}\n", i64::MAX));
    let t = Ug::with_group(&text);
    t.run_with(["tasks", "add", "x", "--owner", "ann", "--due", "+1d"])
        .code(1);
    assert_eq!(t.read("group.toml"), text);
}
