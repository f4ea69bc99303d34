//! `ug events cancel` and `ug events edit` (and `next-meetup --venue` on an
//! upcoming event): what changes in the file, what is said, what is refused.

use super::*;

/// An event of the file, parsed back.
fn event(g: &Ug, id: &str) -> toml::Table {
    let doc: toml::Table = toml::from_str(&g.text()).unwrap();
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_table().unwrap())
        .find(|t| t["id"].as_str() == Some(id))
        .unwrap()
        .clone()
}

fn due(g: &Ug, id: i64) -> String {
    g.task(id)["due"].to_string()
}

#[test]
fn cancel_drops_the_events_open_and_asked_tasks_in_the_same_edit() {
    let g = Ug::sample();
    assert_eq!(g.json(&["status"])["tasks"]["open"], 7);
    let (run, _) = g.edit(&["events", "cancel", "2026-12-08"]);
    assert!(
        run.stdout
            .contains("Dropped 5 open tasks of 2026-12-08: Find speakers"),
        "{}",
        run.stdout
    );
    // Open (9, 12, 13, 14) and asked (15) tasks of the event are dropped, with why.
    for id in [9, 12, 13, 14, 15] {
        let t = g.task(id);
        assert_eq!(t["status"].as_str(), Some("dropped"), "task {id}");
        let notes = t["notes"].as_str().unwrap();
        assert!(
            notes.ends_with("dropped: the event was cancelled on 2026-11-26"),
            "task {id}: {notes}"
        );
    }
    // An existing note is kept in front.
    assert!(
        g.task(9)["notes"]
            .as_str()
            .unwrap()
            .starts_with("Elena has the first slot.")
    );
    // Done tasks of the event and tasks of no event are left alone.
    assert_eq!(g.task(10)["status"].as_str(), Some("done"));
    assert_eq!(g.task(16)["status"].as_str(), Some("open"));
    // Nobody is nudged about them any more: five fewer open tasks.
    assert_eq!(g.json(&["status"])["tasks"]["open"], 2);
}

#[test]
fn edit_moves_the_date_and_the_open_tasks_with_it_and_keeps_the_id() {
    let g = Ug::sample();
    let before = g.text();
    let (id, _) = december(&before);
    let start = line_of(&before, id, "start = 2026-12-08T18:30:00");
    let (run, changes) = g.edit(&["events", "edit", "2026-12-08", "--date", "2026-12-15"]);
    assert!(
        run.stdout
            .contains("date Tue Dec 8 2026, 18:30 -> Tue Dec 15 2026, 18:30"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Moved the due dates of 5 open tasks"),
        "{}",
        run.stdout
    );
    // One column each for ids, old dates and new dates, however wide.
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(" -> ") && l.contains('#'))
        .collect();
    assert_eq!(rows.len(), 5, "{}", run.stdout);
    let columns = |row: &str| {
        let arrow = row.find(" -> ").unwrap();
        let gap = arrow + 4 + row[arrow + 4..].find("  ").unwrap();
        let title = row.len() - row[gap..].trim_start().len();
        (arrow, title)
    };
    for row in &rows {
        assert_eq!(columns(row), columns(rows[0]), "{}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("  #9   Tue Nov 10 -> Tue Nov 17  Find speakers"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  #12  Mon Dec 7  -> Mon Dec 14  Bring name tags"),
        "{}",
        run.stdout
    );
    // The start line and five due lines, nothing else.
    assert_eq!(changes.len(), 12, "{changes:?}");
    assert_eq!(
        changes[0],
        Line('-', start, "start = 2026-12-08T18:30:00".into())
    );
    assert_eq!(
        changes[1],
        Line('+', start, "start = 2026-12-15T18:30:00".into())
    );
    assert!(
        changes[2..].iter().all(|l| l.2.starts_with("due = ")),
        "{changes:?}"
    );
    let e = event(&g, "2026-12-08");
    assert_eq!(e["start"].to_string(), "2026-12-15T18:30:00");
    assert!(
        e.get("sequence").is_none(),
        "a confirmed event has no sequence yet"
    );
    assert_eq!(due(&g, 12), "2026-12-14");
    assert_eq!(due(&g, 13), "2026-12-16");
    assert_eq!(due(&g, 14), "2026-12-18");
    assert_eq!(due(&g, 15), "2026-12-08");
    // An overdue task keeps its distance to the event too.
    assert_eq!(due(&g, 9), "2026-11-17");
    // Done tasks keep their dates.
    assert_eq!(due(&g, 10), "2026-11-17");
    // Moved back a week, a task is never put in the past unless it was overdue.
    let (run, _) = g.edit(&["events", "edit", "2026-12-08", "--date", "2026-12-01"]);
    assert_eq!(due(&g, 12), "2026-11-30");
    assert_eq!(due(&g, 15), "2026-11-26", "{}", run.stdout);
    assert!(
        run.stdout
            .contains("task 15 would be due 2026-11-24, in the past: due today instead"),
        "{}",
        run.stdout
    );
    assert_eq!(due(&g, 9), "2026-11-03");
}

#[test]
fn an_announced_event_that_moves_gets_a_new_sequence() {
    let g = Ug::with_group(&SAMPLE.replacen(
        "status = \"confirmed\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        "status = \"announced\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        1,
    ));
    let (run, _) = g.edit(&["events", "edit", "2026-12-08", "--time", "19:00"]);
    assert!(run.stdout.contains("time 18:30 -> 19:00"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "members will get a 'changed' mail with the updated calendar entry on the next `ug remind --send`"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(event(&g, "2026-12-08")["sequence"].as_integer(), Some(1));
    g.edit(&["events", "edit", "2026-12-08", "--venue", "foundry"]);
    let e = event(&g, "2026-12-08");
    assert_eq!(e["sequence"].as_integer(), Some(2));
    assert_eq!(e["venue"].as_str(), Some("foundry"));
    assert_eq!(e["status"].as_str(), Some("announced"));
    // A new title is not a change members need a new calendar entry for.
    let (run, _) = g.edit(&["events", "edit", "2026-12-08", "--title", "December talks"]);
    assert!(!run.stdout.contains("'changed' mail"), "{}", run.stdout);
    assert_eq!(event(&g, "2026-12-08")["sequence"].as_integer(), Some(2));
    let v = g.json(&["events", "edit", "2026-12-08", "--date", "2026-12-10"]);
    assert_eq!(v["sequence"], 3);
    assert_eq!(v["changed"], true);
}

#[test]
fn edit_changes_only_the_keys_given_and_keeps_comments() {
    let g = Ug::with_group(&SAMPLE.replacen(
        "title = \"December talks night\"",
        "title = \"December talks night\"   # the usual",
        1,
    ));
    let before = g.text();
    let title = line_of(&before, 0, "title = \"December talks night\"   # the usual");
    let (_, changes) = g.edit(&[
        "events",
        "edit",
        "2026-12-08",
        "--title",
        "Holiday talks",
        "--format",
        "lightning",
    ]);
    let format = line_of(&before, title, "format = \"talks\"");
    assert_eq!(
        changes,
        vec![
            Line(
                '-',
                title,
                "title = \"December talks night\"   # the usual".into()
            ),
            Line('+', title, "title = \"Holiday talks\"   # the usual".into()),
            Line('-', format, "format = \"talks\"".into()),
            Line('+', format, "format = \"lightning\"".into()),
        ]
    );
    // The same values again: nothing to write.
    let (run, changes) = g.edit(&["events", "edit", "2026-12-08", "--title", "Holiday talks"]);
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert!(changes.is_empty());
}

#[test]
fn edit_refuses_bad_input_and_writes_nothing() {
    let g = Ug::sample();
    let cases: [(&[&str], &str); 8] = [
        (&["--venue", "lakevue"], "the nearest ids are `lakeview`"),
        (&["--date", "2026-11-01"], "is in the past"),
        (&["--date", "0001-01-01"], "is in the past"),
        (&["--date", "9999-12-31"], "too far ahead"),
        (&["--date", "2300-01-01"], "too far ahead"),
        (&["--format", "karaoke"], "unknown format `karaoke`"),
        (
            &["--date", "2027-01-12"],
            "`lakeview` is unavailable on 2027-01-12",
        ),
        (&["--title", " "], "one non-empty line"),
    ];
    for (flags, says) in cases {
        let mut args = vec!["events", "edit", "2026-12-08"];
        args.extend_from_slice(flags);
        let code = if flags[0] == "--title" { 2 } else { 1 };
        let run = g.fails(&args, code);
        assert!(run.stderr.contains(says), "{flags:?}: {}", run.stderr);
    }
    let noon = Ug::sample().at("2026-11-26T12:00:00");
    let run = noon.fails(
        &[
            "events",
            "edit",
            "2026-12-08",
            "--date",
            "2026-11-26",
            "--time",
            "06:00",
        ],
        1,
    );
    assert!(
        run.stderr.contains("would start in the past"),
        "{}",
        run.stderr
    );
    let run = g.fails(&["events", "edit", "2026-12-08"], 2);
    assert!(run.stderr.contains("nothing to change"), "{}", run.stderr);
    g.fails(&["events", "edit", "2026-12-08", "--time", "25:00"], 2);
    // Numbers and dates clap can refuse are usage errors, never "a bug in ug".
    for (flags, says) in [
        (
            &["--capacity", "4000000000"][..],
            "4000000000 is not in 1..=1000000",
        ),
        (&["--capacity", "1000001"], "1000001 is not in 1..=1000000"),
        (&["--date", "2026-02-30"], "2026-02-30 is not a date"),
    ] {
        let mut args = vec!["events", "edit", "2026-12-08"];
        args.extend_from_slice(flags);
        let run = g.fails(&args, 2);
        assert!(run.stderr.contains(says), "{flags:?}: {}", run.stderr);
        assert!(!run.stderr.contains("bug in ug"), "{}", run.stderr);
        assert!(!run.stderr.contains("out of range"), "{}", run.stderr);
    }
    let run = g.fails(&["next-meetup", "--new", "--date", "2027-02-29"], 2);
    assert!(
        run.stderr.contains("2027-02-29 is not a date"),
        "{}",
        run.stderr
    );
    let run = g.fails(&["events", "edit", "2026-11-10", "--date", "2026-12-01"], 1);
    assert!(run.stderr.contains("was held"), "{}", run.stderr);
    g.edit(&["events", "cancel", "2026-12-08"]);
    let run = g.fails(&["events", "edit", "2026-12-08", "--date", "2026-12-15"], 1);
    assert!(run.stderr.contains("is cancelled"), "{}", run.stderr);
}

#[test]
fn next_meetup_venue_moves_the_upcoming_event_instead_of_being_ignored() {
    let g = Ug::sample();
    let before = g.text();
    let run = g.run_with(["next-meetup", "--venue", "foundry", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("venue Lakeview Analytics -> The Foundry Coworking"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dry run: nothing written"),
        "{}",
        run.stdout
    );
    assert_eq!(g.text(), before);

    let (run, changes) = g.edit(&["next-meetup", "--venue", "foundry"]);
    assert!(
        run.stdout.contains("ug events edit 2026-12-08"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("The Foundry Coworking"),
        "{}",
        run.stdout
    );
    let venue = line_of(
        &before,
        line_of(&before, 0, "id = \"2026-12-08\""),
        "venue = \"lakeview\"",
    );
    let cleanup = "title = \"Leave Lakeview Analytics clean and tell Priya Raman it's done\"";
    let task = line_of(&before, 0, cleanup);
    assert_eq!(
        changes,
        vec![
            Line('-', venue, "venue = \"lakeview\"".into()),
            Line('+', venue, "venue = \"foundry\"".into()),
            Line('-', venue + 2, "status = \"confirmed\"".into()),
            Line('+', venue + 2, "status = \"planned\"".into()),
            Line('-', task, cleanup.into()),
            Line(
                '+',
                task,
                "title = \"Leave The Foundry Coworking clean and tell Kofi Mensah it's done\""
                    .into()
            ),
        ]
    );
    let run = g.fails(&["next-meetup", "--venue", "nowhere"], 1);
    assert!(run.stderr.contains("no venue `nowhere`"), "{}", run.stderr);
}

#[test]
fn a_confirmed_event_that_changes_venue_is_planned_again_and_not_announced() {
    let g = Ug::sample();
    let (run, _) = g.edit(&["events", "edit", "2026-12-08", "--venue", "library"]);
    assert!(
        run.stdout.contains("status confirmed -> planned"),
        "{}",
        run.stdout
    );
    // The venue task (10) is done: `ug events confirm` is what confirms it now.
    assert!(
        run.stdout.contains(
            "so it is planned again: once Tom Berg says yes, confirm it with `ug events confirm 2026-12-08`"
        ),
        "{}",
        run.stdout
    );
    let e = event(&g, "2026-12-08");
    assert_eq!(e["status"].as_str(), Some("planned"));
    assert_eq!(e["venue"].as_str(), Some("library"));
    // Nobody confirmed the library: no announcement goes to the members.
    let remind = g.run_with(["remind"]);
    assert_eq!(remind.code, Some(0), "{}", remind.stderr);
    assert!(!remind.stdout.contains("announce "), "{}", remind.stdout);
    assert!(
        remind.stdout.contains("Not announced yet"),
        "{}",
        remind.stdout
    );
    // Once it is confirmed, the announcement is due again.
    g.edit(&["events", "confirm", "2026-12-08"]);
    assert!(g.run_with(["remind"]).stdout.contains("39 announce"));
}

#[test]
fn the_open_venue_task_is_renamed_for_the_new_venue_and_confirms_it() {
    let g = Ug::with_group(&SAMPLE.replacen(
        "status = \"done\"\ndone_on = 2026-11-16\n",
        "status = \"open\"\n",
        1,
    ));
    let (run, _) = g.edit(&["events", "edit", "2026-12-08", "--venue", "library"]);
    assert!(
        run.stdout.contains(
            "Renamed task 10: \"Confirm Lakeview Analytics with Priya Raman\" -> \"Confirm Central Library, Community Room with Tom Berg\""
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("finishing task 10 (`ug tasks done 10`) confirms it once Tom Berg says yes"),
        "{}",
        run.stdout
    );
    assert_eq!(
        g.task(10)["title"].as_str(),
        Some("Confirm Central Library, Community Room with Tom Berg")
    );
    assert_eq!(event(&g, "2026-12-08")["status"].as_str(), Some("planned"));
    g.edit(&["tasks", "done", "10"]);
    assert_eq!(
        event(&g, "2026-12-08")["status"].as_str(),
        Some("confirmed")
    );
}
