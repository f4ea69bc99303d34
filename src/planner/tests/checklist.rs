//! The tasks a plan makes from the checklist: owners, placeholders, due
//! dates, the task that confirms the venue, and how far ahead `ug daily` plans.

use super::*;

#[test]
fn role_owners_are_balanced_by_open_tasks() {
    let checklist = r#"
[[checklist]]
title = "Bring name tags"
owner = "helper"
before = "1d"
[[checklist]]
title = "Bring markers"
owner = "helper"
before = "1d"
[[checklist]]
title = "Bring cables"
owner = "helper"
before = "1d"
[[tasks]]
id = 7
title = "Old chore"
owner = "hal"
due = 2026-12-01
"#;
    let g = group(&format!("{VENUES}{checklist}"));
    let p = plan_on(&g, "2026-11-26");
    let owners: Vec<&str> = p.tasks.iter().map(|t| t.owner.as_str()).collect();
    // Hal has one open task: Hana first, then a tie (file order: Hal), then Hana.
    assert_eq!(owners, ["hana", "hal", "hana"]);
    assert_eq!(p.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), [8, 9, 10]);
    assert!(p.tasks.iter().all(|t| t.due == d("2026-12-07")));
}

#[test]
fn checklist_placeholders_and_past_due_dates() {
    let checklist = r#"
[[sponsors]]
id = "pz"
name = "Pizza Co"
contact = "cora"
[[checklist]]
title = "Confirm {venue} with {contact} for {date} ({format}), thank {sponsor}"
owner = "olga"
before = "21d"
[[checklist]]
title = "Recap"
owner = "organizer"
after = "2d"
"#;
    let g = group(&format!("{VENUES}{checklist}"));
    let p = plan_on(&g, "2026-11-26");
    assert_eq!(
        p.tasks[0].title,
        "Confirm Big Hall with Olga for 2026-12-08 (talks), thank Pizza Co"
    );
    assert_eq!(
        p.tasks[0].due,
        d("2026-11-26"),
        "21 days before is past: today"
    );
    assert!(p.warnings.iter().any(|w| w.contains("due today instead")));
    assert_eq!(p.tasks[1].due, d("2026-12-10"));
    assert_eq!(p.sponsors, ["pz"]);
}

#[test]
fn the_venue_task_carries_confirms() {
    // Built in: "Confirm {venue} with {contact}" confirms; nothing else does.
    let g = group(VENUES);
    let p = plan_on(&g, "2026-11-01");
    let confirming: Vec<&str> = p
        .tasks
        .iter()
        .filter(|t| t.confirms == Some(crate::model::Confirms::Venue))
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(confirming, ["Confirm Big Hall with Olga"]);
    // From [[checklist]]: `confirms = "venue"`, or the built-in title.
    let checklist = r#"
[[checklist]]
title = "Call {contact}"
owner = "olga"
before = "3w"
confirms = "venue"
[[checklist]]
title = "Confirm {venue} with {contact}"
owner = "olga"
before = "3w"
[[checklist]]
title = "Tags"
owner = "helper"
before = "1d"
"#;
    let g = group(&format!("{VENUES}{checklist}"));
    let p = plan_on(&g, "2026-11-01");
    let confirms: Vec<bool> = p.tasks.iter().map(|t| t.confirms.is_some()).collect();
    assert_eq!(confirms, [true, true, false]);
    // Without a venue, nothing can be confirmed by a task.
    let g = group(checklist);
    let p = plan_on(&g, "2026-11-01");
    assert!(p.tasks.iter().all(|t| t.confirms.is_none()));
}

#[test]
fn the_built_in_checklist_spreads_and_names_what_it_compressed() {
    let g = group(VENUES);
    // 2026-11-26: the event is 2026-12-08, 12 days away.
    let p = plan_on(&g, "2026-11-26");
    let owners: Vec<&str> = p.tasks.iter().map(|t| t.owner.as_str()).collect();
    assert_eq!(owners, ["olga", "olga", "hal", "hana", "cora"]);
    let late: Vec<&String> = p
        .warnings
        .iter()
        .filter(|w| w.contains("past due"))
        .collect();
    assert_eq!(
        late,
        [
            "planned late, 12 days before the event: 2 tasks would already be past due, so they are due today instead: \"Find speakers for 2026-12-08 (talks)\" (was due 2026-11-10), \"Confirm Big Hall with Olga\" (was due 2026-11-17)"
        ]
    );
}

#[test]
fn plan_ahead_is_the_longest_before_plus_a_week_and_at_least_35_days() {
    // The built-in checklist's longest `before` is 28 days.
    assert_eq!(plan_ahead(&group("")), 35);
    let with = |before: &str, after: &str| {
        format!(
            "[[checklist]]\ntitle = \"Find speakers\"\nowner = \"organizer\"\nbefore = \"{before}\"\n\
             [[checklist]]\ntitle = \"Recap\"\nowner = \"helper\"\nafter = \"{after}\"\n"
        )
    };
    assert_eq!(plan_ahead(&group(&with("42d", "3d"))), 49);
    assert_eq!(plan_ahead(&group(&with("8w", "3d"))), 63);
    // Short offsets, and a long `after`, leave the least horizon.
    assert_eq!(plan_ahead(&group(&with("14d", "60d"))), 35);
    let text = base().replace("expected = 30\n", "expected = 30\nplan_ahead = \"14d\"\n");
    let g = crate::store::check_text(&text, "t.toml", |_| NaiveDateTime::default())
        .unwrap()
        .group;
    assert_eq!(plan_ahead(&g), 14);
}
