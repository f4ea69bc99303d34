//! Mails merged per person: a nudge digest for all of someone's tasks, one
//! thank-you for several meetups, and at most one of each a day; each part
//! still has its own sent-log key.

use usergroup::mail::Kind;
use usergroup::mail::due::upcoming;

use crate::due::held;
use crate::{at, date, due_with, edited, group};

#[test]
fn one_thanks_mail_per_contact_for_several_events() {
    // Two held events a week apart, the same venue: on a day both are in
    // their window, each contact gets one message carrying both keys.
    let g = group(
        &held()
            .replacen("id = \"2026-11-10\"", "id = \"2026-12-01\"", 1)
            .replacen(
                "start = 2026-11-10T18:30:00",
                "start = 2026-12-01T18:30:00",
                1,
            ),
    );
    let due = due_with(&g, "2026-12-09", &[]);
    let thanks: Vec<_> = due.iter().filter(|d| d.kind == Kind::Thanks).collect();
    assert_eq!(thanks.len(), 2, "{thanks:#?}");
    for t in &thanks {
        let keys: Vec<String> = t.keys().map(ToString::to_string).collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert!(keys[0].starts_with("thanks:2026-12-01:"));
        assert!(keys[1].starts_with("thanks:2026-12-08:"));
    }
    // One of the two sent earlier: the other alone.
    let sent = ["thanks:2026-12-01:dana@example.com"];
    let dana: Vec<_> = due_with(&g, "2026-12-09", &sent)
        .into_iter()
        .filter(|d| d.kind == Kind::Thanks && d.to.address == "dana@example.com")
        .collect();
    assert_eq!(dana.len(), 1);
    assert_eq!(
        dana[0].keys().collect::<Vec<_>>(),
        ["thanks:2026-12-08:dana@example.com"]
    );
    let counted = usergroup::mail::due::count(&g, at("2026-12-09"), &|_| false);
    assert!(counted.contains(&(Kind::Thanks, 2)), "{counted:?}");
    // Dana had a thank-you today: the other waits for tomorrow.
    let today = [sent[0], "thanks-day:2026-12-09:dana@example.com"];
    let to_dana = |now: &str| {
        due_with(&g, now, &today)
            .into_iter()
            .filter(|d| d.kind == Kind::Thanks && d.to.address == "dana@example.com")
            .count()
    };
    assert_eq!(to_dana("2026-12-09T20:00:00"), 0, "one a day");
    assert_eq!(to_dana("2026-12-10"), 1);
}

#[test]
fn a_persons_nudges_come_as_one_digest_each_task_keyed_by_its_day() {
    let g = group(&edited(
        "[[tasks]]\nid = 2",
        "[[tasks]]\nid = 5\ntitle = \"Print the flyers\"\nowner = \"rosa\"\ndue = 2026-11-21\nstatus = \"open\"\n\n[[tasks]]\nid = 2",
    ));
    let due = due_with(&g, "2026-11-23", &[]);
    let nudges: Vec<_> = due
        .iter()
        .filter(|d| d.kind == Kind::Nudge && d.to.address == "rosa@example.org")
        .collect();
    assert_eq!(nudges.len(), 1, "{nudges:#?}");
    assert_eq!(
        nudges[0].keys().collect::<Vec<_>>(),
        [
            "nudge:1:2026-11-23:rosa@example.org",
            "nudge:5:2026-11-23:rosa@example.org"
        ]
    );
    // A digest went on Nov 21: the next goes on Nov 24, with both again.
    let sent = ["nudge-day:2026-11-21:rosa@example.org"];
    let rosa = |now: &str| -> Vec<String> {
        due_with(&g, now, &sent)
            .iter()
            .filter(|d| d.kind == Kind::Nudge && d.to.address == "rosa@example.org")
            .flat_map(|d| d.keys().map(ToString::to_string).collect::<Vec<_>>())
            .collect()
    };
    assert!(rosa("2026-11-23").is_empty());
    assert_eq!(
        rosa("2026-11-24"),
        [
            "nudge:1:2026-11-24:rosa@example.org",
            "nudge:5:2026-11-24:rosa@example.org"
        ]
    );
    let counted = usergroup::mail::due::count(&g, at("2026-11-23"), &|_| false);
    // Rosa's digest counts once; the other is task 4's owner, who has no
    // address (due, and reported by `ug remind` instead of sent).
    assert!(counted.contains(&(Kind::Nudge, 2)), "{counted:?}");
}

#[test]
fn nudges_and_thanks_due_on_one_day_are_listed_once() {
    // Two tasks of one owner with the same round: one mail, one entry.
    let g = group(&edited(
        "[[tasks]]\nid = 2",
        "[[tasks]]\nid = 5\ntitle = \"Print the flyers\"\nowner = \"rosa\"\ndue = 2026-11-20\nstatus = \"open\"\n\n[[tasks]]\nid = 2",
    ));
    let list = upcoming(&g, at("2026-11-20"), 30);
    let nudges: Vec<_> = list.iter().filter(|u| u.kind == Kind::Nudge).collect();
    assert_eq!(nudges.len(), 1, "{list:?}");
    assert_eq!(
        (nudges[0].date, nudges[0].recipients),
        (date("2026-11-23"), 1)
    );
}
