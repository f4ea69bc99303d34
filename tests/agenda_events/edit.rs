//! `ug agenda add` and `ug agenda remove`: where the lines go, the overrun
//! warning, escaping of what was added, and the errors.

use super::*;

#[test]
fn add_inserts_only_the_new_item_where_asked() {
    let g = Ug::sample();
    let before = g.text();
    let (id, _) = december(&before);
    let django = line_of(&before, id, "title = \"Django 6.0: what changed and why\"");
    // --at 3: before the Django talk, whose header is the line above its title.
    let (run, changes) = g.edit(&[
        "agenda",
        "add",
        "Async views, revisited",
        "--kind",
        "talk",
        "--minutes",
        "20",
        "--speaker",
        "samir",
        "--at",
        "3",
    ]);
    assert!(
        run.stdout.contains("as item 3 of 4, 19:10–19:30"),
        "{}",
        run.stdout
    );
    let new = [
        "[[events.agenda]]",
        "title = \"Async views, revisited\"",
        "kind = \"talk\"",
        "minutes = 20",
        "speaker = \"samir\"",
    ];
    assert_eq!(g.text(), insert_lines(&before, django - 1, &new));
    assert!(
        changes.len() == new.len() && changes.iter().all(|l| l.0 == '+'),
        "{changes:?}"
    );

    // --at 1: right after the blank line under the event's keys.
    let text = g.text();
    let doors = line_of(&text, id, "title = \"Doors open, pizza\"");
    let (_, changes) = g.edit(&[
        "agenda",
        "add",
        "Setup",
        "--kind",
        "break",
        "--minutes",
        "10",
        "--at",
        "1",
    ]);
    let new = [
        "[[events.agenda]]",
        "title = \"Setup\"",
        "kind = \"break\"",
        "minutes = 10",
    ];
    assert_eq!(g.text(), insert_lines(&text, doors - 1, &new));
    assert_eq!(changes.len(), new.len(), "{changes:?}");
    assert_eq!(
        g.text().lines().nth(doors - 3),
        Some(""),
        "the blank line stays above the agenda"
    );

    // Default: at the end, after the Django talk's last line.
    let text = g.text();
    let last = line_of(&text, id, "speaker = \"elena\"");
    let (_, changes) = g.edit(&[
        "agenda",
        "add",
        "Wrap-up",
        "--kind",
        "social",
        "--minutes",
        "15",
    ]);
    let new = [
        "[[events.agenda]]",
        "title = \"Wrap-up\"",
        "kind = \"social\"",
        "minutes = 15",
    ];
    assert_eq!(g.text(), insert_lines(&text, last + 1, &new));
    assert_eq!(changes, lines('+', last + 1, &new));

    let titles: Vec<String> = g
        .agenda("2026-12-08")
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "Setup",
            "Doors open, pizza",
            "Welcome and news",
            "Async views, revisited",
            "Django 6.0: what changed and why",
            "Wrap-up"
        ]
    );
    let starts: Vec<String> = g.json(&["agenda"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["start"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        starts,
        ["18:30", "18:40", "19:10", "19:20", "19:40", "20:10"]
    );
    // Every other event's agenda is untouched.
    assert_eq!(g.agenda("2026-11-10").len(), 3);
}

#[test]
fn add_to_an_event_with_no_agenda() {
    let extra = "\n[[events]]\nid = \"2027-01-12\"\ntitle = \"January social\"\nstart = 2027-01-12T18:30:00\nformat = \"social\"\nstatus = \"planned\"\n";
    let g = Ug::with_group(&format!("{SAMPLE}{extra}"));
    let before = g.text();
    let end = before.lines().count();
    let (_, changes) = g.edit(&[
        "agenda",
        "add",
        "Board games",
        "--kind",
        "social",
        "--minutes",
        "90",
        "--event",
        "2027-01-12",
    ]);
    assert_eq!(
        changes,
        lines(
            '+',
            end + 1,
            &[
                "",
                "[[events.agenda]]",
                "title = \"Board games\"",
                "kind = \"social\"",
                "minutes = 90"
            ]
        )
    );
    // The event has no duration: the schedule's 2h30m applies.
    let v = g.json(&["agenda", "2027-01-12"]);
    assert_eq!(
        (v["duration_minutes"].as_u64(), v["free_minutes"].as_u64()),
        (Some(150), Some(60))
    );
    // Removing the only item leaves the event as it was.
    g.edit(&["agenda", "remove", "1", "--event", "2027-01-12"]);
    assert_eq!(g.text(), before);
}

#[test]
fn html_escapes_everything_from_the_file() {
    let g = Ug::sample();
    let hostile = "<script>alert(\"x\")</script> & co";
    g.edit(&[
        "agenda",
        "add",
        hostile,
        "--kind",
        "talk",
        "--minutes",
        "30",
        "--speaker",
        "samir",
    ]);
    assert_eq!(g.agenda("2026-12-08")[3]["title"].as_str(), Some(hostile));
    let run = g.run_with(["agenda", "--format", "html"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = &run.stdout;
    assert!(
        html.contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</td>"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<h2>December talks night</h2>"), "{html}");
    assert!(
        html.contains("<table>") && html.contains("</table>"),
        "{html}"
    );
    assert!(html.contains("<td>19:40</td>"), "{html}");
    let md = g.run_with(["agenda", "--format", "markdown"]).stdout;
    assert!(
        md.contains("\\<script\\>alert(\"x\")\\</script\\> \\& co"),
        "{md}"
    );
}

#[test]
fn overrun_warns_after_long_items() {
    let g = Ug::sample();
    let (run, _) = g.edit(&[
        "agenda",
        "add",
        "Keynote",
        "--kind",
        "talk",
        "--minutes",
        "60",
        "--speaker",
        "priya",
    ]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(run.stdout.contains("20 minutes free"), "{}", run.stdout);
    let (run, _) = g.edit(&[
        "agenda",
        "add",
        "Workshop",
        "--kind",
        "tutorial",
        "--minutes",
        "45",
    ]);
    assert!(
        run.stderr
            .contains("warning: the agenda runs 25 minutes over"),
        "{}",
        run.stderr
    );

    let view = g.run_with(["agenda"]);
    assert!(
        view.stdout
            .contains("warning: the agenda runs 25 minutes over"),
        "{}",
        view.stdout
    );
    assert!(
        view.stdout.contains("ending at 21:25 instead of 21:00"),
        "{}",
        view.stdout
    );
    let md = g.run_with(["agenda", "--format", "markdown"]);
    assert!(
        !md.stdout.contains("warning"),
        "the warning is not part of the page: {}",
        md.stdout
    );
    assert!(md.stderr.contains("25 minutes over"), "{}", md.stderr);
    let v = g.json(&["agenda"]);
    assert_eq!(v["overrun"], true);
    assert_eq!(v["over_minutes"], 25);
    assert_eq!(v["total_minutes"], 175);
}

#[test]
fn bad_kind_is_a_usage_error_with_a_suggestion() {
    let g = Ug::sample();
    let run = g.fails(
        &[
            "agenda",
            "add",
            "Pizza",
            "--kind",
            "brake",
            "--minutes",
            "10",
        ],
        2,
    );
    assert!(
        run.stderr.contains("did you mean `break`?"),
        "{}",
        run.stderr
    );
    let run = g.fails(
        &[
            "agenda",
            "add",
            "Pizza",
            "--kind",
            "party",
            "--minutes",
            "10",
        ],
        2,
    );
    assert!(
        run.stderr.contains("welcome, talk, lightning"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_speaker_position_and_minutes_are_errors() {
    let g = Ug::sample();
    let run = g.fails(
        &[
            "agenda",
            "add",
            "Talk",
            "--kind",
            "talk",
            "--minutes",
            "30",
            "--speaker",
            "sammir",
        ],
        1,
    );
    assert!(
        run.stderr.contains("did you mean `samir`?"),
        "{}",
        run.stderr
    );
    let run = g.fails(
        &[
            "agenda",
            "add",
            "Talk",
            "--kind",
            "talk",
            "--minutes",
            "30",
            "--at",
            "5",
        ],
        1,
    );
    assert!(run.stderr.contains("--at 1 to --at 4"), "{}", run.stderr);
    g.fails(
        &["agenda", "add", "Talk", "--kind", "talk", "--minutes", "0"],
        2,
    );
    g.fails(
        &[
            "agenda",
            "add",
            "Talk",
            "--kind",
            "talk",
            "--minutes",
            "30",
            "--at",
            "0",
        ],
        2,
    );
    g.fails(
        &["agenda", "add", " ", "--kind", "talk", "--minutes", "30"],
        2,
    );
    g.fails(&["agenda", "--format", "pdf"], 2);
    let run = g.fails(&["agenda", "remove", "4"], 1);
    assert!(run.stderr.contains("has 3 items"), "{}", run.stderr);
}

#[test]
fn remove_takes_out_only_that_item() {
    let g = Ug::sample();
    let before = g.text();
    let (id, _) = december(&before);
    let welcome = line_of(&before, id, "title = \"Welcome and news\"");
    let (run, changes) = g.edit(&["agenda", "remove", "2"]);
    assert!(
        run.stdout.contains("Removed item 2 (\"Welcome and news\")"),
        "{}",
        run.stdout
    );
    assert_eq!(g.text(), remove_lines(&before, welcome - 1, 4));
    assert!(
        changes.len() == 4 && changes.iter().all(|l| l.0 == '-'),
        "{changes:?}"
    );
    // The first item: the blank line above the agenda stays.
    let text = g.text();
    let doors = line_of(&text, id, "title = \"Doors open, pizza\"");
    let (_, changes) = g.edit(&["agenda", "remove", "1", "--event", "2026-12-08"]);
    assert_eq!(g.text(), remove_lines(&text, doors - 1, 4));
    assert_eq!(changes.len(), 4, "{changes:?}");
    let v = g.json(&["agenda"]);
    assert_eq!(v["items"][0]["title"], "Django 6.0: what changed and why");
    assert_eq!(v["items"][0]["start"], "18:30");
}

#[test]
fn add_with_a_speaker_fills_the_first_open_slot_of_its_kind() {
    let open = SAMPLE.replacen(
        "why\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n",
        "why\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n[[events.agenda]]\ntitle = \"Talk 2 (open slot)\"\nkind = \"talk\"\nminutes = 30\n[[events.agenda]]\ntitle = \"Wrap-up\"\nkind = \"social\"\nminutes = 10\n",
        1,
    );
    let g = Ug::with_group(&open);
    let before = g.text();
    let slot = line_of(&before, 0, "title = \"Talk 2 (open slot)\"");
    let (run, changes) = g.edit(&[
        "agenda",
        "add",
        "Async views",
        "--kind",
        "talk",
        "--minutes",
        "25",
        "--speaker",
        "samir",
    ]);
    assert!(
        run.stdout.contains(
            "Filled item 4 of December talks night (2026-12-08), \"Talk 2 (open slot)\", with \"Async views\" by Samir Haddad, 19:40–20:05."
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        changes,
        vec![
            Line('-', slot, "title = \"Talk 2 (open slot)\"".into()),
            Line('+', slot, "title = \"Async views\"".into()),
            Line('-', slot + 2, "minutes = 30".into()),
            Line('+', slot + 2, "minutes = 25".into()),
            Line('+', slot + 3, "speaker = \"samir\"".into()),
        ]
    );
    assert_eq!(g.agenda("2026-12-08").len(), 5, "filled, not appended");
    // No open talk slot is left: the next talk is added at the end.
    let (run, _) = g.edit(&[
        "agenda",
        "add",
        "Regex",
        "--kind",
        "talk",
        "--minutes",
        "20",
        "--speaker",
        "chris",
    ]);
    assert!(run.stdout.contains("as item 6 of 6"), "{}", run.stdout);
    // Without a speaker an item is added, never put into a slot.
    let (run, _) = g.edit(&[
        "agenda",
        "add",
        "Lightning",
        "--kind",
        "lightning",
        "--minutes",
        "5",
    ]);
    assert!(run.stdout.contains("as item 7 of 7"), "{}", run.stdout);
}
