//! `ug events` and `ug agenda`, run as the real binary on a copy of the sample
//! group.toml: the views, the errors, and that every edit changes exactly the
//! lines it should and leaves a file that `ug check` accepts.

#[path = "support/mod.rs"]
mod support;

#[path = "agenda_events/edit.rs"]
mod edit;
#[path = "agenda_events/lifecycle.rs"]
mod lifecycle;
#[path = "agenda_events/status.rs"]
mod status;
#[path = "agenda_events/view.rs"]
mod view;

use support::{Line, SAMPLE, Ug, insert_lines, line_of, lines, remove_lines};

/// Where the December event's header is, and its `status` line.
fn december(text: &str) -> (usize, usize) {
    let id = line_of(text, 0, "id = \"2026-12-08\"");
    (id, line_of(text, id, "status = \"confirmed\""))
}

/// The `status` line of the sample's talk scheduled on 2026-12-08 (talk 2).
fn december_talk(text: &str) -> usize {
    let talks = line_of(text, 0, "[[talks]]");
    let two = line_of(text, talks, "id = 2");
    line_of(text, two, "status = \"scheduled\"")
}

// ---------------------------------------------------------------- ug events

#[test]
fn events_lists_upcoming_then_past() {
    let g = Ug::sample();
    let run = g.run_with(["events"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("no {s:?} in\n{out}"));
    assert!(pos("Upcoming") < pos("Tue 2026-12-08 18:30"));
    assert!(pos("Tue 2026-12-08 18:30") < pos("Past"));
    assert!(pos("Past") < pos("Tue 2026-11-10"));
    assert!(pos("Tue 2026-11-10") < pos("Tue 2026-10-13"));
    assert!(pos("Tue 2026-10-13") < pos("Tue 2025-12-09"));
    let december = out.lines().find(|l| l.contains("2026-12-08")).unwrap();
    for col in [
        "December talks night",
        "talks",
        "Lakeview Analytics",
        "confirmed",
    ] {
        assert!(december.contains(col), "{december}");
    }
    let november = out.lines().find(|l| l.contains("2026-11-10")).unwrap();
    for col in [
        "November social",
        "social",
        "The Foundry Coworking",
        "held",
        "36",
    ] {
        assert!(november.contains(col), "{november}");
    }
}

#[test]
fn events_json_is_a_list_of_objects() {
    let g = Ug::sample();
    let v = g.json(&["events"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 12);
    assert_eq!(list[0]["id"], "2026-12-08");
    assert_eq!(list[0]["upcoming"], true);
    assert_eq!(list[0]["status"], "confirmed");
    assert_eq!(list[0]["venue"], "lakeview");
    assert_eq!(list[0]["venue_name"], "Lakeview Analytics");
    assert_eq!(list[0]["start"], "2026-12-08T18:30:00");
    assert_eq!(list[0]["attendance"], serde_json::Value::Null);
    assert_eq!(list[1]["id"], "2026-11-10");
    assert_eq!(list[1]["upcoming"], false);
    assert_eq!(list[1]["attendance"], 36);
    assert_eq!(list[11]["id"], "2025-12-09");
}

#[test]
fn confirm_changes_only_the_status_and_keeps_its_comment() {
    let g = Ug::with_group(&SAMPLE.replacen(
        "status = \"confirmed\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        "status = \"planned\"    # waiting for Priya\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        1,
    ));
    let before = g.text();
    let id = line_of(&before, 0, "id = \"2026-12-08\"");
    let status = line_of(&before, id, "status = \"planned\"    # waiting for Priya");
    let (run, changes) = g.edit(&["events", "confirm", "2026-12-08"]);
    assert!(run.stdout.contains("Confirmed"), "{}", run.stdout);
    assert_eq!(
        changes,
        vec![
            Line(
                '-',
                status,
                "status = \"planned\"    # waiting for Priya".into()
            ),
            Line(
                '+',
                status,
                "status = \"confirmed\"    # waiting for Priya".into()
            ),
        ]
    );
    // Again: nothing to do, nothing written.
    let (run, changes) = g.edit(&["events", "confirm", "2026-12-08"]);
    assert!(run.stdout.contains("already confirmed"), "{}", run.stdout);
    assert!(changes.is_empty());
}

#[test]
fn confirm_refuses_held_and_cancelled_events() {
    let g = Ug::sample();
    let run = g.fails(&["events", "confirm", "2026-11-10"], 1);
    assert!(run.stderr.contains("already held"), "{}", run.stderr);
    g.edit(&["events", "cancel", "2026-12-08"]);
    let run = g.fails(&["events", "confirm", "2026-12-08"], 1);
    assert!(run.stderr.contains("cancelled"), "{}", run.stderr);
}

#[test]
fn held_sets_status_and_adds_attendance_after_the_event() {
    let g = Ug::sample().at("2026-12-09");
    let before = g.text();
    let (_, status) = december(&before);
    let talk = december_talk(&before);
    let (run, changes) = g.edit(&["events", "held", "2026-12-08", "--attendance", "57"]);
    assert!(run.stdout.contains("57 came"), "{}", run.stdout);
    // Its scheduled talk was given (SPEC §9): that one line too.
    assert_eq!(
        changes,
        vec![
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"held\"".into()),
            Line('+', status + 1, "attendance = 57".into()),
            Line('-', talk, "status = \"scheduled\"".into()),
            Line('+', talk + 1, "status = \"given\"".into()),
        ]
    );
    let v = g.json(&["events"]);
    let dec = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2026-12-08")
        .unwrap()
        .clone();
    assert_eq!(dec["status"], "held");
    assert_eq!(dec["attendance"], 57);
}

#[test]
fn held_again_corrects_only_the_attendance() {
    let g = Ug::sample();
    let before = g.text();
    let line = line_of(
        &before,
        line_of(&before, 0, "id = \"2026-11-10\""),
        "attendance = 36",
    );
    let (_, changes) = g.edit(&["events", "held", "2026-11-10", "--attendance", "38"]);
    assert_eq!(
        changes,
        vec![
            Line('-', line, "attendance = 36".into()),
            Line('+', line, "attendance = 38".into())
        ]
    );
}

#[test]
fn held_on_a_future_event_is_an_error() {
    let g = Ug::sample();
    let run = g.fails(&["events", "held", "2026-12-08", "--attendance", "50"], 1);
    assert!(
        run.stderr.contains("has not happened yet"),
        "{}",
        run.stderr
    );
}

#[test]
fn held_without_attendance_records_the_status_and_asks_for_the_count() {
    let g = Ug::sample().at("2026-12-09");
    let (_, status) = december(&g.text());
    let talk = december_talk(&g.text());
    let (run, changes) = g.edit(&["events", "held", "2026-12-08"]);
    assert!(
        run.stdout.contains("add `--attendance N`"),
        "{}",
        run.stdout
    );
    assert_eq!(
        changes,
        vec![
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"held\"".into()),
            Line('-', talk, "status = \"scheduled\"".into()),
            Line('+', talk, "status = \"given\"".into()),
        ]
    );
}

#[test]
fn cancel_changes_the_status_and_says_no_notice_goes_when_nobody_was_told() {
    let g = Ug::sample();
    let before = g.text();
    let (_, status) = december(&before);
    let (run, changes) = g.edit(&["events", "cancel", "2026-12-08"]);
    // No announcement in the sent log: members never heard of it.
    assert!(
        run.stdout.contains(
            "Members were never told about it (no announcement went out), so no cancellation notice goes."
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("ug remind --send"), "{}", run.stdout);
    assert_eq!(
        changes[..2],
        [
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"cancelled\"".into())
        ]
    );
    let v = g.json(&["events", "cancel", "2026-12-08"]);
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["changed"], false);
}

#[test]
fn cancel_of_an_announced_event_points_at_remind() {
    let g = Ug::sample();
    std::fs::write(
        g.dir().join("group.sent.log"),
        "2026-11-24T15:00:00Z\tannounce:2026-12-08:ann@example.com\t<a@x>\tann@example.com\n",
    )
    .unwrap();
    let (run, _) = g.edit(&["events", "cancel", "2026-12-08"]);
    assert!(
        run.stdout.contains(
            "The cancellation notice goes out to the members who were told, with the next `ug remind --send`."
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn cancel_refuses_a_held_event() {
    let g = Ug::sample();
    let run = g.fails(&["events", "cancel", "2026-11-10"], 1);
    assert!(run.stderr.contains("was held"), "{}", run.stderr);
}

#[test]
fn unknown_event_ids_fail_with_the_nearest_ids() {
    let g = Ug::sample().at("2026-12-09");
    for args in [
        &["events", "confirm", "2026-12-8"][..],
        &["events", "held", "2026-12-8", "--attendance", "5"],
        &["events", "cancel", "2026-12-8"],
        &["agenda", "2026-12-8"],
        &[
            "agenda",
            "add",
            "Talk",
            "--kind",
            "talk",
            "--minutes",
            "5",
            "--event",
            "2026-12-8",
        ],
        &["agenda", "remove", "1", "--event", "2026-12-8"],
    ] {
        let run = g.fails(args, 1);
        assert!(
            run.stderr.contains("no event `2026-12-8`"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("`2026-12-08`"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
