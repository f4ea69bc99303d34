//! What a plan chooses: the date, the venue, the format and the event id,
//! with overrides checked; and a year of days on the bundled files.

use super::*;

#[test]
fn date_is_the_first_free_occurrence_from_today() {
    let g = group(VENUES);
    let p = plan_on(&g, "2026-11-26");
    assert_eq!(p.start.to_string(), "2026-12-08 18:30:00");
    assert_eq!(p.id, "2026-12-08");
    // On the day itself, before the start: that day.
    let p = plan_on(&g, "2026-12-08");
    assert_eq!(p.start.date(), d("2026-12-08"));
    // After the start time: the next one.
    let late = d("2026-12-08").and_hms_opt(20, 0, 0).unwrap();
    assert_eq!(
        plan(&g, late, &Overrides::default()).unwrap().start.date(),
        d("2027-01-12")
    );
}

#[test]
fn skip_dates_and_taken_dates_are_passed_over() {
    let base = base().replace("expected = 30", "expected = 30\nskip = [2027-01-12]");
    let text = format!("{base}{VENUES}{}", held("2026-12-08", "big", "talks", 10));
    let checked = crate::store::check_text(&text, "t.toml", |_| NaiveDateTime::default()).unwrap();
    let p = plan(&checked.group, at("2026-11-26"), &Overrides::default()).unwrap();
    assert_eq!(p.start.date(), d("2027-02-09"));
}

#[test]
fn venue_fits_capacity_availability_and_least_recent_use() {
    // Expected 30: small (20) never fits; mid is unavailable on Dec 8; big is used.
    let g = group(VENUES);
    let p = plan_on(&g, "2026-11-26");
    assert_eq!(p.venue.as_deref(), Some("big"));
    // In January mid is free and never used while big was used in December.
    let g = group(&format!(
        "{VENUES}{}",
        held("2026-12-08", "big", "talks", 30)
    ));
    let p = plan_on(&g, "2026-12-09");
    assert_eq!(p.venue.as_deref(), Some("mid"));
    // Both used: the one used longest ago.
    let g = group(&format!(
        "{VENUES}{}{}",
        held("2026-10-13", "mid", "talks", 30),
        held("2026-11-10", "big", "talks", 30)
    ));
    let p = plan_with(
        &g,
        Overrides {
            date: Some(d("2027-01-12")),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.venue.as_deref(), Some("mid"));
}

#[test]
fn expected_attendance_is_the_mean_of_the_last_three() {
    let events = [
        ("2026-08-11", 5),
        ("2026-09-08", 10),
        ("2026-10-13", 20),
        ("2026-11-10", 30),
    ]
    .iter()
    .map(|(id, n)| held(id, "small", "talks", *n))
    .collect::<String>();
    let g = group(&format!("{VENUES}{events}"));
    assert_eq!(expected_attendance(&g, at("2026-11-26")), 20);
    // Mean 20 fits the small room (20), which was used least recently... but it
    // was used most recently here; mid is unavailable on Dec 8; big is free.
    let p = plan_on(&g, "2026-11-26");
    assert_eq!(p.expected, 20);
    assert_eq!(p.venue.as_deref(), Some("big"));
}

#[test]
fn no_venue_fits_plans_anyway_with_a_task() {
    let g = group(
        &VENUES
            .replace("capacity = 100", "capacity = 10")
            .replace("capacity = 50", "capacity = 10"),
    );
    let p = plan_on(&g, "2026-11-26");
    assert_eq!(p.venue, None);
    assert_eq!(p.tasks[0].title, "Find a venue for 2026-12-08");
    assert_eq!(p.tasks[0].due, d("2026-11-26"));
    assert!(
        p.warnings.iter().any(|w| w.contains("no venue")),
        "{:?}",
        p.warnings
    );
    // Venue-bound checklist items wait for the venue.
    assert!(
        !p.tasks
            .iter()
            .any(|t| t.title.contains("Confirm") && t.title.contains("with"))
    );
}

#[test]
fn format_rotates_after_the_last_event() {
    assert_eq!(plan_on(&group(VENUES), "2026-11-26").format, "talks");
    // After the last of the rotation, or a format not in it, it restarts.
    for (last, next) in [
        ("talks", "lightning"),
        ("social", "talks"),
        ("hack-night", "talks"),
    ] {
        let g = group(&format!("{VENUES}{}", held("2026-11-10", "big", last, 30)));
        assert_eq!(plan_on(&g, "2026-11-26").format, next, "after {last}");
    }
}

#[test]
fn overrides_are_checked() {
    let g = group(VENUES);
    let refused = [
        (
            Overrides {
                venue: Some("mid".into()),
                ..Default::default()
            },
            &["unavailable on 2026-12-08", "`big`"][..],
        ),
        (
            Overrides {
                venue: Some("bgi".into()),
                ..Default::default()
            },
            &["unknown venue `bgi`", "`big`"],
        ),
        (
            Overrides {
                date: Some(d("2026-11-01")),
                ..Default::default()
            },
            &["in the past"],
        ),
        (
            Overrides {
                format: Some("karaoke".into()),
                ..Default::default()
            },
            &["`talks`"],
        ),
    ];
    for (o, words) in refused {
        let err = plan_with(&g, o).unwrap_err();
        let err = err.to_string();
        assert!(words.iter().all(|w| err.contains(w)), "{err}");
    }
    // A date off the rule is allowed, with a warning.
    let p = plan_with(
        &g,
        Overrides {
            date: Some(d("2026-12-10")),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.id, "2026-12-10");
    assert!(p.warnings.iter().any(|w| w.contains("not on the schedule")));
}

#[test]
fn event_ids_get_a_suffix_when_taken() {
    let g = group(&format!(
        "{VENUES}{}",
        held("2026-12-08", "big", "talks", 30)
    ));
    let p = plan_with(
        &g,
        Overrides {
            date: Some(d("2026-12-08")),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.id, "2026-12-08-2");
}

#[test]
fn a_date_whose_event_moved_or_was_cancelled_is_not_free() {
    // Second Tuesdays: Dec 8, Jan 12, Feb 9.
    let moved = "[[events]]\nid = \"2026-12-08\"\ntitle = \"Moved\"\nstart = 2026-12-09T18:30:00\nstatus = \"planned\"\n";
    let cancelled = "[[events]]\nid = \"2027-01-12\"\ntitle = \"Off\"\nstart = 2027-01-12T18:30:00\nstatus = \"cancelled\"\n";
    let g = group(&format!("{moved}{cancelled}"));
    for day in ["2026-11-20", "2026-12-01", "2026-12-08", "2027-01-12"] {
        assert_eq!(
            next_free_date(&g, at(day)).unwrap(),
            NaiveDate::from_ymd_opt(2027, 2, 9),
            "{day}"
        );
        assert_eq!(plan_on(&g, day).id, "2027-02-09", "{day}");
    }
    let g = group("");
    assert_eq!(
        next_free_date(&g, at("2026-11-20")).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 8)
    );
}

/// Every day of a year on every bundled file: planning and the tasks view
/// answer (a plan or a reason), never panic. Pure functions: this runs fast.
#[test]
fn every_day_of_a_year_on_the_bundled_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("group.toml")];
    for e in std::fs::read_dir(root.join("examples")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            files.push(path);
        }
    }
    assert!(files.len() >= 4, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let g = crate::store::check_text(&text, "f.toml", |_| NaiveDateTime::default())
            .unwrap()
            .group;
        let first = d("2026-09-01");
        for n in 0..365 {
            let today = first + chrono::Duration::days(n);
            let now = today.and_hms_opt(9, 0, 0).unwrap();
            for o in [
                Overrides::default(),
                Overrides {
                    after_last: true,
                    ..Overrides::default()
                },
            ] {
                if let Ok(p) = plan(&g, now, &o) {
                    assert!(p.tasks.iter().all(|t| t.due >= today), "{path:?} {today}");
                    assert!(p.start.date() >= today, "{path:?} {today}");
                }
            }
            let next = crate::events::next_event(&g, now);
            let view = crate::tasks::TasksView::new(&g, today, next, Default::default());
            let _ = view.display(crate::term::Style::default()).to_string();
        }
    }
}
