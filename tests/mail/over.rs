//! After the meetup: what stops (nudges for its day's tasks, asks) and what
//! goes on (a task due after it, like the recap).

use usergroup::mail::Kind;
use usergroup::mail::due::upcoming;

use crate::{at, due_with, edited, group};

/// The fixture with the December event in `status`, and a recap task due
/// after it.
fn after(status: &str) -> String {
    edited(
        "status = \"confirmed\"",
        &format!("status = \"{status}\""),
    )
    .replacen(
        "[[tasks]]\nid = 3",
        "[[tasks]]\nid = 5\ntitle = \"Write the recap\"\nowner = \"rosa\"\ndue = 2026-12-12\nevent = \"2026-12-08\"\nstatus = \"open\"\n\n[[tasks]]\nid = 3",
        1,
    )
}

/// Every key due at `now` (a digest's parts too), nothing sent.
fn all_keys(g: &usergroup::model::Group, now: &str) -> Vec<String> {
    due_with(g, now, &[])
        .iter()
        .flat_map(|d| d.keys().map(ToString::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn an_event_held_or_cancelled_stops_the_nudges_for_its_days_tasks() {
    // Before: the venue task (due 2026-11-20) nudges every 3 days, even
    // after the meetup; the recap (due 2026-12-12) is nudged too.
    let g = group(&after("confirmed"));
    let k = all_keys(&g, "2026-12-14");
    assert!(k.iter().any(|k| k.starts_with("nudge:1:")), "{k:?}");
    for status in ["held", "cancelled"] {
        let g = group(&after(status));
        for day in ["2026-12-09", "2026-12-14", "2027-03-01"] {
            let k = all_keys(&g, day);
            assert!(
                !k.iter().any(|k| k.starts_with("nudge:1:")),
                "{status} {day}: {k:?}"
            );
        }
        let k = all_keys(&g, "2026-12-14");
        assert!(
            k.iter().any(|k| k.starts_with("nudge:5:")),
            "{status}: the recap, due after the event, still nudges: {k:?}"
        );
        // `ug status`'s coming-up list agrees.
        let list = upcoming(&g, at("2026-12-09"), 30);
        let nudged: Vec<i64> = list
            .iter()
            .filter(|u| u.kind == Kind::Nudge)
            .flat_map(|u| u.tasks.clone())
            .collect();
        assert!(!nudged.contains(&1), "{status}: {list:?}");
        assert!(nudged.contains(&5), "{status}: {list:?}");
    }
}

#[test]
fn no_ask_for_a_meetup_that_is_over() {
    // Asked on 2026-11-25 to bring the name tags on 2026-12-08.
    let asks = |text: &str, now: &str| -> Vec<String> {
        due_with(&group(text), now, &[])
            .into_iter()
            .filter(|d| d.kind == Kind::Ask)
            .map(|d| d.key.to_string())
            .collect()
    };
    let confirmed = after("confirmed");
    assert_eq!(
        asks(&confirmed, "2026-12-07"),
        ["ask:2:2026-11-25:jonas@example.net"]
    );
    assert!(
        asks(&confirmed, "2026-12-08T18:30:00").is_empty(),
        "started"
    );
    assert!(asks(&after("held"), "2026-12-10").is_empty());
    assert!(asks(&after("cancelled"), "2026-12-01").is_empty());
}
