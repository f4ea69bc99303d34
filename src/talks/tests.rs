//! The talk decisions without the binary: which accepted talk fills which
//! open slot, the ask's keys, and the answers' refusals.

use chrono::NaiveDate;

use super::*;

fn group(talks: &str) -> Group {
    let text = format!(
        r#"
[group]
name = "G"
timezone = "Europe/Berlin"
[[people]]
id = "ann"
name = "Ann Lee"
[[people]]
id = "bo"
name = "Bo"
[[events]]
id = "e1"
title = "First"
start = 2026-12-08T18:30:00
status = "planned"
[[events.agenda]]
title = "Talk 1 (open slot)"
kind = "talk"
minutes = 30
[[events.agenda]]
title = "Lightning talk 1 (open slot)"
kind = "lightning"
minutes = 5
[[events]]
id = "e2"
title = "Second"
start = 2027-01-12T18:30:00
status = "planned"
[[events.agenda]]
title = "Talk 1 (open slot)"
kind = "talk"
minutes = 30
{talks}"#
    );
    crate::model::from_document(&toml_edit::Document::parse(text).unwrap()).0
}

fn talk(id: i64, kind: &str, status: &str, extra: &str) -> String {
    format!(
        "[[talks]]\nid = {id}\ntitle = \"T{id}\"\nspeaker = \"ann\"\nkind = \"{kind}\"\nstatus = \"{status}\"\n{extra}\n"
    )
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap()
}

/// (talk, event, 1-based slot) of each fill.
fn placed(g: &Group) -> Vec<(i64, String, Option<usize>)> {
    fill_upcoming(g, now())
        .into_iter()
        .map(|f| (f.talk, f.event, f.position))
        .collect()
}

#[test]
fn oldest_first_soonest_event_first_and_kind_matched() {
    let talks = [
        talk(7, "talk", "accepted", ""),
        talk(3, "talk", "accepted", ""),
        talk(5, "lightning", "accepted", ""),
        talk(9, "talk", "accepted", ""),
        talk(2, "tutorial", "accepted", ""),
        talk(1, "talk", "proposed", ""),
    ]
    .concat();
    let g = group(&talks);
    assert_eq!(
        placed(&g),
        [
            (3, "e1".into(), Some(1)),
            (5, "e1".into(), Some(2)),
            (7, "e2".into(), Some(1)),
        ]
    );
}

#[test]
fn a_lightning_talk_never_takes_a_talk_slot() {
    let g = group(&talk(4, "lightning", "accepted", "event = \"e2\""));
    assert!(placed(&g).is_empty(), "e2 has only a talk slot");
    let (open, waiting) = waiting_for(&g, g.event("e2").unwrap());
    assert_eq!((open, waiting.len()), (1, 0));
}

#[test]
fn a_talk_asked_for_one_event_goes_only_there_and_first() {
    let talks = [
        talk(2, "talk", "accepted", ""),
        talk(8, "talk", "accepted", "event = \"e2\""),
        talk(9, "talk", "accepted", "event = \"e1\""),
    ]
    .concat();
    let g = group(&talks);
    // e1: talk 9 (asked for it) before the older talk 2; e2: talk 8.
    assert_eq!(
        placed(&g),
        [(9, "e1".into(), Some(1)), (8, "e2".into(), Some(1))]
    );
}

#[test]
fn the_slot_takes_the_talks_minutes_else_keeps_its_own() {
    let g = group(&talk(3, "talk", "accepted", "minutes = 45"));
    assert_eq!(fill_upcoming(&g, now())[0].minutes, 45);
    let g = group(&talk(3, "talk", "accepted", ""));
    assert_eq!(fill_upcoming(&g, now())[0].minutes, 30);
}

#[test]
fn schedule_by_hand_takes_a_slot_or_appends() {
    let g = group(
        &[
            talk(3, "tutorial", "accepted", ""),
            talk(4, "talk", "given", ""),
        ]
        .concat(),
    );
    let f = schedule(&g, 3, "e1").unwrap();
    assert_eq!(
        (f.position, f.minutes),
        (None, 60),
        "no tutorial slot: appended"
    );
    let e = schedule(&g, 9, "e1").unwrap_err();
    assert_eq!(
        e.to_string(),
        "there is no talk 9; the nearest ids are 3, 4"
    );
    let e = schedule(&g, 4, "e1").unwrap_err().to_string();
    assert!(e.contains("talk 4 (T4) is `given`"), "{e}");
}

#[test]
fn asks_and_answers() {
    let g = group(&talk(3, "talk", "asked", "asked_on = 2026-11-26"));
    // The same pending ask made again the same day: nothing changes.
    let c = ask(&g, "ann", &AskOptions::default(), now()).unwrap();
    assert!(!c.changed && !c.new && c.id == 3, "{c:?}");
    let c = ask(&g, "bo", &AskOptions::default(), now()).unwrap();
    assert!(c.new && c.id == 4);
    let keys: Vec<&str> = c.keys.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["speaker", "kind", "status", "asked_on"]);
    assert!(ask(&g, "cy", &AskOptions::default(), now()).is_err());
    assert!(accept(&g, 3).unwrap().changed);
    assert!(decline(&g, 3).unwrap().changed);
    let g = group(&talk(3, "talk", "given", ""));
    let e = accept(&g, 3).unwrap_err().to_string();
    assert!(
        e.contains("is `given`: only a talk that is asked or proposed can be accepted"),
        "{e}"
    );
    assert_eq!(next_id(&g), 4);
}
