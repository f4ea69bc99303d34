//! The digest's items and who is told what (pure), across many days.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::inbox::log::Waiting;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(9, 0, 0).unwrap()
}

const FILE: &str = r#"[group]
name = "G"
timezone = "UTC"

[[people]]
id = "ann"
name = "Ann"
email = "ann@x.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo"
email = "Bo@X.org"
roles = ["co-organizer"]

[[people]]
id = "cy"
name = "Cy"
roles = ["organizer"]

[[people]]
id = "hana"
name = "Hana"
email = "hana@x.org"
roles = ["helper"]

[[venues]]
id = "hall"
name = "Hall"

[[events]]
id = "2026-12-10"
title = "December"
start = 2026-12-10T18:30:00
duration = "2h"
venue = "hall"
status = "planned"

[[tasks]]
id = 1
title = "Pizza"
owner = "hana"
due = 2026-11-20
status = "open"

[[tasks]]
id = 2
title = "Sponsor"
owner = "ann"
due = 2026-11-25
status = "open"

[[talks]]
id = 3
title = "Macros"
speaker = "hana"
kind = "talk"
status = "proposed"
"#;

fn group() -> Group {
    crate::store::check_text(FILE, "group.toml", |_| at(d("2026-11-01")))
        .unwrap()
        .group
}

fn ids(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn what_waits_changes_with_the_day() {
    let g = group();
    let late = Waiting {
        id: "q@x".into(),
        key: "q@x".into(),
        from: "sam@x.org".into(),
        name: "Sam".into(),
        subject: "A question".into(),
        arrived: 0,
    };
    let on = |day: &str| {
        let now = at(d(day));
        let unix = now.and_utc().timestamp();
        items(&g, now, unix, std::slice::from_ref(&late))
    };
    let inbox = format!("inbox.{}", crate::inbox::run::short_id("q@x"));
    // Nov 1: the mail, the proposal.
    assert_eq!(ids(&on("2026-11-01")), [inbox.as_str(), "proposal.3"]);
    // Nov 19 (Dec 10 is 21 days away): the event's venue has not confirmed.
    assert_eq!(
        ids(&on("2026-11-19")),
        [inbox.as_str(), "proposal.3", "venue.2026-12-10"]
    );
    // Nov 22: Ann's own task is due within the nudge interval (3 days).
    assert_eq!(
        ids(&on("2026-11-22")),
        [inbox.as_str(), "proposal.3", "task.2", "venue.2026-12-10"]
    );
    // Nov 27: Hana's task is overdue by a week.
    let all = on("2026-11-27");
    assert_eq!(
        ids(&all),
        [
            inbox.as_str(),
            "proposal.3",
            "task.1",
            "task.2",
            "venue.2026-12-10"
        ]
    );
    let commands: Vec<&str> = all.iter().map(|i| i.command.as_str()).collect();
    assert!(commands[0].ends_with(&format!("ug inbox done {}", &inbox[6..])));
    assert_eq!(commands[2], "ug tasks done 1");
    assert_eq!(commands[4], "ug events confirm 2026-12-10");
    // The event has started: no longer waiting for a venue.
    assert!(!ids(&on("2026-12-11")).contains(&"venue.2026-12-10"));
}

/// Every day for 60 days, with one item always waiting and the mail sent
/// each time it is due: told on day 0, 7, 14, ...; the mail goes to the
/// organizers with an address, each once a day; nothing else.
#[test]
fn an_item_is_told_again_weekly_to_each_organizer_and_no_one_else() {
    let g = group();
    let item = Item {
        id: "proposal.3".into(),
        what: "Talk proposal 3".into(),
        command: "ug talks accept 3".into(),
    };
    let mut log: HashSet<String> = HashSet::new();
    let mut told_on = Vec::new();
    let start = d("2026-11-01");
    for n in 0..60 {
        let now = at(start + Duration::days(n));
        let dues = due(&g, now, std::slice::from_ref(&item), &|k| log.contains(k));
        if !dues.is_empty() {
            let to: Vec<&str> = dues.iter().map(|d| d.to.address.as_str()).collect();
            assert_eq!(to, ["ann@x.org", "Bo@X.org"]);
            told_on.push(n);
        }
        for d in &dues {
            assert_eq!(d.items, std::slice::from_ref(&item));
            log.extend(d.keys().map(|k| k.to_string()));
        }
        // A second run the same day: nothing.
        assert!(due(&g, now, std::slice::from_ref(&item), &|k| log.contains(k)).is_empty());
    }
    assert_eq!(told_on, (0..60).step_by(7).collect::<Vec<i64>>());
    assert!(log.contains("digest-item:proposal.3:2026-11-08:bo@x.org"));
    assert!(log.contains("digest-day:2026-11-08:ann@x.org"));
    // A new item is told at once, alone; the old one is not repeated.
    let new = Item {
        id: "task.1".into(),
        what: "Task 1".into(),
        command: "ug tasks done 1".into(),
    };
    let now = at(start + Duration::days(60));
    let dues = due(&g, now, &[item.clone(), new.clone()], &|k| log.contains(k));
    assert_eq!(dues.len(), 2);
    assert!(dues.iter().all(|d| d.items == std::slice::from_ref(&new)));
}

#[test]
fn an_accepted_talk_on_no_agenda_waits_while_its_event_has_room() {
    let talk = "\n[[talks]]\nid = 4\ntitle = \"Traits\"\nspeaker = \"hana\"\nkind = \"talk\"\nminutes = 30\nstatus = \"accepted\"\n";
    // An item with a speaker, or (without one) an open slot.
    let agenda = |minutes: u32, title: &str| {
        let speaker = if title.contains("(open slot)") {
            ""
        } else {
            "speaker = \"ann\"\n"
        };
        format!(
            "\n[[events.agenda]]\ntitle = \"{title}\"\nkind = \"talk\"\nminutes = {minutes}\n{speaker}"
        )
    };
    let with = |extra: &str| {
        let text = format!("{FILE}{talk}{extra}");
        crate::store::check_text(&text, "group.toml", |_| at(d("2026-11-01")))
            .unwrap()
            .group
    };
    let talk_items = |g: &Group, day: &str| -> Vec<Item> {
        let now = at(d(day));
        items(g, now, now.and_utc().timestamp(), &[])
            .into_iter()
            .filter(|i| i.id.starts_with("talk."))
            .collect()
    };
    // The 2h event has 90 minutes on its agenda: 30 free, room for it.
    let g = with(&agenda(90, "Keynote"));
    for day in ["2026-11-01", "2026-11-20", "2026-12-10"] {
        let found = talk_items(&g, day);
        assert_eq!(ids(&found), ["talk.4"], "{day}");
        assert_eq!(found[0].command, "ug talks schedule 4 2026-12-10");
        assert!(
            found[0].what.contains("Thu Dec 10 has 30 minutes free"),
            "{}",
            found[0].what
        );
    }
    // Once the event has started there is no event to put it on.
    assert!(talk_items(&g, "2026-12-11").is_empty());
    // 100 minutes on the agenda: no room for 30 more.
    assert!(talk_items(&with(&agenda(100, "Keynote")), "2026-11-20").is_empty());
    // An open slot of its kind: `ug daily` fills it, nobody need act.
    let open = with(&agenda(30, "Talk 1 (open slot)"));
    assert!(
        crate::talks::open_slots(&open.events[0]).len() == 1,
        "an open slot"
    );
    assert!(talk_items(&open, "2026-11-20").is_empty());
}
