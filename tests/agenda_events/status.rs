//! `ug status` and the readiness in `ug next-meetup`: the wording (today,
//! tomorrow, one person), nothing listed twice, the sent log consulted, the
//! "event is over" warning, and text from the file never obeyed by a terminal.

use super::*;

fn status(g: &Ug) -> String {
    let run = g.run_with(["status"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout
}

#[test]
fn status_says_today_tomorrow_and_yesterday() {
    let out = status(&Ug::sample().at("2026-12-08"));
    assert!(out.contains("confirmed (today)"), "{out}");
    let out = status(&Ug::sample().at("2026-12-07"));
    assert!(out.contains("confirmed (tomorrow)"), "{out}");
    let extra = SAMPLE.replacen(
        "# The next meetup.",
        "[[events]]\nid = \"2026-11-25\"\ntitle = \"Extra social\"\nstart = 2026-11-25T18:30:00\nstatus = \"held\"\nattendance = 12\n\n# The next meetup.",
        1,
    );
    let yesterday = Ug::with_group(&extra);
    assert!(status(&yesterday).contains("12 came (yesterday)"));
    let out = status(&Ug::sample().at("2026-11-12"));
    assert!(out.contains("36 came (2 days ago)"), "{out}");
    for g in [
        yesterday,
        Ug::sample().at("2026-12-07"),
        Ug::sample().at("2026-12-08"),
    ] {
        let (day, out) = (g.now(), status(&g));
        for bad in ["1 days", "0 days", "1 people"] {
            assert!(!out.contains(bad), "{day}: {bad:?} in\n{out}");
        }
    }
}

#[test]
fn status_lists_each_coming_reminder_once() {
    let out = status(&Ug::sample().at("2026-11-25"));
    let line = out.lines().find(|l| l.contains("Reminders")).unwrap();
    // Tasks 9 and 16 are the organizers' own: no nudge mail (the
    // organizers' digest lists them). Helpers' digests come one per day.
    assert!(line.contains("nudge Fri Dec 4 (task 12)"), "{line}");
    assert!(line.contains("nudge Sun Dec 6 (task 13)"), "{line}");
    assert_eq!(line.matches("Fri Dec 4").count(), 1, "{line}");
    assert!(!line.contains("Nov 28"), "{line}");
}

#[test]
fn a_speaker_with_two_slots_is_listed_once() {
    let two = SAMPLE.replacen(
        "why\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n",
        "why\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n[[events.agenda]]\ntitle = \"Django 6.0, part two\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n",
        1,
    );
    let g = Ug::with_group(&two);
    let v = g.json(&["status"]);
    assert_eq!(
        v["readiness"]["speakers"],
        serde_json::json!(["Elena Petrova"])
    );
    let run = g.run_with(["next-meetup"]);
    assert!(
        run.stdout.contains("Speakers Elena Petrova\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_sent_announcement_is_not_called_due() {
    let g = Ug::sample().at("2026-11-25");
    let run = g.run_with(["next-meetup"]);
    assert!(
        run.stdout.contains("announce Tue Nov 24 (due)"),
        "{}",
        run.stdout
    );
    std::fs::write(
        g.dir().join("group.sent.log"),
        "2026-11-24T15:00:00Z\tannounce:2026-12-08:ann@example.com\t<a@x>\tann@example.com\n",
    )
    .unwrap();
    let run = g.run_with(["next-meetup"]);
    assert!(
        run.stdout.contains("announce Tue Nov 24 (sent)"),
        "{}",
        run.stdout
    );
    let v = g.json(&["status"]);
    assert_eq!(v["readiness"]["reminders"][0]["kind"], "announce");
    assert_eq!(v["readiness"]["reminders"][0]["when"], "sent");
}

#[test]
fn status_says_a_past_event_must_be_recorded_once() {
    let g = Ug::sample().at("2026-12-09");
    let out = status(&g);
    let want = "the event is over: record it with `ug events held 2026-12-08 --attendance N`";
    assert_eq!(out.matches(want).count(), 1, "{out}");
    assert!(!out.contains("is over but still"), "said twice:\n{out}");
    let v = g.json(&["status"]);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.as_str().unwrap().contains(want))
            .count(),
        1
    );
    // Once held, it is not over-and-unrecorded any more.
    g.edit(&["events", "held", "2026-12-08", "--attendance", "50"]);
    assert!(!status(&g).contains("the event is over"));
}

/// Characters a terminal acts on instead of showing.
fn obeyed(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn text_from_the_file_is_shown_never_obeyed() {
    let hostile = "December\u{1b}]0;pwned\u{7} \u{1b}[2J talks\u{202e} night\u{85}";
    let toml_title = "December\\u001b]0;pwned\\u0007 \\u001b[2J talks\\u202e night\\u0085";
    let g = Ug::with_group(&SAMPLE.replacen(
        "title = \"December talks night\"",
        &format!("title = \"{toml_title}\""),
        1,
    ));
    for args in [
        &["status"][..],
        &["events"],
        &["next-meetup"],
        &["agenda"],
        &["next-meetup", "--new", "--dry-run"],
    ] {
        let run = g.run_with(args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(obeyed(&run.stdout), None, "{args:?}: {:?}", run.stdout);
        assert_eq!(obeyed(&run.stderr), None, "{args:?}: {:?}", run.stderr);
    }
    let out = status(&g);
    assert!(
        out.contains("December\\u{1b}]0;pwned\\u{7}"),
        "shown, escaped:\n{out}"
    );
    // JSON stays exact data.
    let v = g.json(&["events"]);
    assert_eq!(v[0]["title"].as_str(), Some(hostile));
    // And the error path: an id typed with an escape in it.
    let run = g.fails(&["events", "confirm", "\u{1b}[2Jx\u{202e}"], 1);
    assert_eq!(obeyed(&run.stderr), None, "{:?}", run.stderr);
    assert!(
        run.stderr.contains("\\u{1b}[2Jx\\u{202e}"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_open_venue_task_is_what_status_says_confirms_the_event() {
    // Task 10 still open, the event planned: finishing task 10 confirms it.
    let g = Ug::with_group(
        &SAMPLE
            .replacen(
                "status = \"done\"\ndone_on = 2026-11-16\n",
                "status = \"open\"\n",
                1,
            )
            .replacen(
                "status = \"confirmed\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
                "status = \"planned\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
                1,
            ),
    );
    let out = status(&g);
    assert!(
        out.contains(
            "confirm Lakeview Analytics with Priya Raman, then finish task 10 (it confirms the event): `ug tasks done 10`"
        ),
        "{out}"
    );
    let readiness = out.lines().find(|l| l.contains("Readiness")).unwrap();
    assert!(!readiness.contains("`ug events confirm"), "{readiness}");
    // Without such a task, `ug events confirm` is the way.
    let g = Ug::with_group(&SAMPLE.replacen(
        "status = \"confirmed\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        "status = \"planned\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        1,
    ));
    let out = status(&g);
    assert!(
        out.contains(
            "confirm Lakeview Analytics with Priya Raman, then `ug events confirm 2026-12-08`"
        ),
        "{out}"
    );
}
