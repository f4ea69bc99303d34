//! Mistakes on the command line: an unknown task id or person names the
//! nearest matches (exit 1), a malformed `--due` is bad usage (exit 2), and
//! none of them writes anything.

use crate::{team, team_ug};

#[test]
fn an_unknown_task_id_names_the_nearest() {
    let t = team_ug();
    for args in [
        &["tasks", "reassign", "12", "maria"][..],
        &["tasks", "drop", "12"],
        &["tasks", "ask", "12", "maria"],
        &["tasks", "accept", "12"],
        &["tasks", "decline", "12"],
        &["tasks", "done", "12"],
    ] {
        t.run_with(args)
            .code(1)
            .stdout_empty()
            .stderr_has("there is no task 12; the nearest ids are 8, 9, 10");
        assert_eq!(t.read("group.toml"), team());
    }
}

#[test]
fn an_unknown_person_names_the_nearest() {
    let t = team_ug();
    t.run_with(["tasks", "reassign", "2", "mari"])
        .code(1)
        .stderr_has("unknown person or role `mari`; did you mean `maria`?");
    t.run_with(["tasks", "ask", "2", "jonsa"])
        .code(1)
        .stderr_has("unknown person `jonsa`; did you mean `jonas`?");
    t.run_with(["tasks", "add", "x", "--owner", "kimm", "--due", "+1d"])
        .code(1)
        .stderr_has("did you mean `kim`?");
    // Nothing near: the people are listed instead.
    t.run_with(["tasks", "ask", "2", "zzzzzzzz"])
        .code(1)
        .stderr_has("people are `");
    assert_eq!(t.read("group.toml"), team());
}

#[test]
fn an_ask_goes_to_a_person_not_a_role() {
    let t = team_ug();
    t.run_with(["tasks", "ask", "2", "helper"])
        .code(1)
        .stderr_has("unknown person `helper`");
    assert_eq!(t.read("group.toml"), team());
}

#[test]
fn unknown_filters_name_the_nearest() {
    let t = team_ug();
    t.run_with(["tasks", "--person", "shaun"])
        .code(1)
        .stdout_empty()
        .stderr_has("unknown person `shaun`; did you mean `sean`?");
    t.run_with(["tasks", "--event", "2026-12-09"])
        .code(1)
        // One wording for an unknown event in every command (it was
        // "unknown event `x`; the nearest are ..." here only).
        .stderr_has("there is no event `2026-12-09`; the nearest ids are `2026-12-08`");
}

#[test]
fn a_malformed_due_is_a_usage_error() {
    let t = team_ug();
    for due in ["someday", "+3x", "2026-02-30", "12/01/2026", "+"] {
        t.run_with(["tasks", "add", "x", "--owner", "sean", "--due", due])
            .code(2)
            .stdout_empty()
            .stderr_has(&format!("invalid due date \"{due}\""));
    }
    assert_eq!(t.read("group.toml"), team());
}

#[test]
fn a_non_numeric_id_is_a_usage_error() {
    let t = team_ug();
    for args in [
        &["tasks", "drop", "one"][..],
        &["tasks", "reassign", "x", "maria"],
        &["tasks", "accept"],
    ] {
        t.run_with(args).code(2);
    }
    assert_eq!(t.read("group.toml"), team());
}
