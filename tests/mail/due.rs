//! What is due on each day of an event's life, and who gets it.

use usergroup::mail::due::{due, upcoming};
use usergroup::mail::{Kind, Recipient};

use crate::{GROUP, at, date, due_with, edited, group, keys};

fn with_prefix(keys: &[String], prefix: &str) -> Vec<String> {
    keys.iter()
        .filter(|k| k.starts_with(prefix))
        .cloned()
        .collect()
}

#[test]
fn the_announcement_goes_out_fourteen_days_before_to_subscribed_members() {
    let g = group(GROUP);
    assert!(with_prefix(&keys(&g, "2026-11-23"), "announce:").is_empty());
    let due = due_with(&g, "2026-11-24", &[]);
    let announce: Vec<_> = due.iter().filter(|d| d.kind == Kind::Announce).collect();
    assert_eq!(
        announce
            .iter()
            .map(|d| d.key.to_string())
            .collect::<Vec<_>>(),
        [
            "announce:2026-12-08:ann@example.com",
            "announce:2026-12-08:carla@example.com"
        ],
        "file order, the unsubscribed member left out, addresses lowercased in keys"
    );
    assert_eq!(
        announce[0].to,
        Recipient {
            name: "Ann Member".into(),
            address: "ann@example.com".into()
        }
    );
    assert_eq!(announce[1].to.address, "Carla@Example.com");
    assert_eq!(announce[0].event.as_deref(), Some("2026-12-08"));
    assert!(!due.iter().any(|d| d.to.address.contains("ben@")));
    assert!(!due.iter().any(|d| d.kind == Kind::Remind));
}

#[test]
fn no_venue_no_announcement() {
    let g = group(GROUP);
    // The January social has no venue: nothing to announce even inside its
    // window; the organizers hear why, once.
    for day in ["2026-12-29", "2027-01-11", "2027-01-12"] {
        let k = keys(&g, day);
        assert!(
            !k.iter().any(|k| k.contains("2027-01-12")
                && !k.starts_with("blocked:")
                && !k.starts_with("nudge")),
            "{day}: {k:?}"
        );
    }
    assert_eq!(
        with_prefix(&keys(&g, "2026-12-29"), "blocked:"),
        [
            "blocked:2027-01-12:maya@example.org",
            "blocked:2027-01-12:jonas@example.net"
        ]
    );
}

#[test]
fn the_day_before_brings_the_reminder_and_a_missed_announcement_takes_its_place() {
    let g = group(GROUP);
    // Cron missed the announcement (or the event was confirmed late): on
    // the reminder's day each member gets one mail, the announcement, which
    // settles the reminder too (it carries the event and the .ics).
    let due = due_with(&g, "2026-12-07", &[]);
    let announce: Vec<_> = due.iter().filter(|d| d.kind == Kind::Announce).collect();
    assert_eq!(announce.len(), 2, "{due:?}");
    assert!(due.iter().all(|d| d.kind != Kind::Remind), "{due:?}");
    assert_eq!(
        announce[0].keys().collect::<Vec<_>>(),
        [
            "announce:2026-12-08:ann@example.com",
            "remind:2026-12-08:ann@example.com"
        ]
    );
    let sent = [
        "announce:2026-12-08:ann@example.com",
        "announce:2026-12-08:carla@example.com",
    ];
    let due = due_with(&g, "2026-12-07", &sent);
    assert!(due.iter().all(|d| d.kind != Kind::Announce));
    assert_eq!(
        due.iter().filter(|d| d.kind == Kind::Remind).count(),
        2,
        "{due:?}"
    );
    // Sent together: nothing more for these members that day or the next.
    let both = [
        "announce:2026-12-08:ann@example.com",
        "remind:2026-12-08:ann@example.com",
    ];
    for day in ["2026-12-07", "2026-12-08"] {
        let due = due_with(&g, day, &both);
        assert!(
            !due.iter().any(|d| d.to.address == "ann@example.com"),
            "{day}: {due:?}"
        );
    }
}

#[test]
fn nothing_for_members_once_the_event_started() {
    let g = group(GROUP);
    let announced = [
        "announce:2026-12-08:ann@example.com",
        "announce:2026-12-08:carla@example.com",
    ];
    let due = due_with(&g, "2026-12-08T18:29:00", &announced);
    assert_eq!(due.iter().filter(|d| d.kind == Kind::Remind).count(), 2);
    for now in ["2026-12-08T18:30:00", "2026-12-08T20:00:00", "2026-12-09"] {
        let k = keys(&g, now);
        assert!(
            !k.iter()
                .any(|k| k.starts_with("announce:") || k.starts_with("remind:")),
            "{now}: {k:?}"
        );
    }
}

/// The fixture with the December event held.
pub fn held() -> String {
    edited("status = \"confirmed\"", "status = \"held\"")
}

#[test]
fn thanks_from_the_day_after_for_fourteen_days_to_venue_and_sponsor_contacts() {
    let g = group(&held());
    assert!(with_prefix(&keys(&g, "2026-12-08T22:00:00"), "thanks:2026-12-08").is_empty());
    let due = due_with(&g, "2026-12-09", &[]);
    let thanks: Vec<_> = due.iter().filter(|d| d.kind == Kind::Thanks).collect();
    assert_eq!(
        thanks.iter().map(|d| d.key.to_string()).collect::<Vec<_>>(),
        [
            "thanks:2026-12-08:priya.raman@example.com",
            "thanks:2026-12-08:dana@example.com"
        ]
    );
    assert_eq!(thanks[0].to.name, "Priya Raman");
    assert_eq!(with_prefix(&keys(&g, "2026-12-22"), "thanks:").len(), 2);
    assert!(
        with_prefix(&keys(&g, "2026-12-23"), "thanks:").is_empty(),
        "too late"
    );
    // The held November event's window: Nov 11 to Nov 24.
    assert_eq!(
        with_prefix(&keys(&g, "2026-11-24"), "thanks:2026-11-10").len(),
        2
    );
    assert!(with_prefix(&keys(&g, "2026-11-25"), "thanks:").is_empty());
}

#[test]
fn one_thank_you_for_a_contact_of_both_venue_and_sponsor() {
    let g = group(&held().replacen("contact = \"dana\"", "contact = \"priya\"", 1));
    assert_eq!(
        with_prefix(&keys(&g, "2026-12-09"), "thanks:"),
        ["thanks:2026-12-08:priya.raman@example.com"]
    );
}

#[test]
fn no_thanks_for_a_cancelled_event() {
    let g = group(&edited("status = \"confirmed\"", "status = \"cancelled\""));
    assert!(with_prefix(&keys(&g, "2026-12-09"), "thanks:").is_empty());
}

#[test]
fn a_cancellation_goes_only_to_members_who_were_announced() {
    let g = group(&edited("status = \"confirmed\"", "status = \"cancelled\""));
    assert!(
        with_prefix(&keys(&g, "2026-12-01"), "cancel:").is_empty(),
        "nobody was told"
    );
    let sent = ["announce:2026-12-08:ann@example.com"];
    let due = due_with(&g, "2026-12-01", &sent);
    let cancel: Vec<_> = due
        .iter()
        .filter(|d| d.kind == Kind::Cancel)
        .map(|d| d.key.to_string())
        .collect();
    assert_eq!(cancel, ["cancel:2026-12-08:ann@example.com"]);
    assert!(
        due_with(
            &g,
            "2026-12-01",
            &["cancel:2026-12-08:ann@example.com", sent[0]]
        )
        .iter()
        .all(|d| d.kind != Kind::Cancel)
    );
    assert!(
        due_with(&g, "2026-12-08T19:00:00", &sent)
            .iter()
            .all(|d| d.kind != Kind::Cancel),
        "after the start a cancellation is pointless"
    );
    assert!(
        !with_prefix(&keys(&g, "2026-11-25"), "announce:")
            .iter()
            .any(|k| k.contains("2026-12-08")),
        "a cancelled event is never announced"
    );
}

#[test]
fn nudges_come_as_one_digest_per_interval_and_a_missed_day_is_no_flood() {
    let g = group(GROUP);
    // Task 1 (Rosa's): due Nov 20, nudge 3d: in her digest from Nov 17,
    // then one digest every 3 days while it is open.
    assert!(with_prefix(&keys(&g, "2026-11-16"), "nudge:").is_empty());
    // (Task 4's owner has no address: see below.)
    let nudge = |now: &str, sent: &[&str]| -> Vec<String> {
        due_with(&g, now, sent)
            .into_iter()
            .filter(|d| d.kind == Kind::Nudge && !d.to.address.is_empty())
            .map(|d| d.key.to_string())
            .collect()
    };
    assert_eq!(
        nudge("2026-11-17", &[]),
        ["nudge:1:2026-11-17:rosa@example.org"]
    );
    let first = [
        "nudge:1:2026-11-17:rosa@example.org",
        "nudge-day:2026-11-17:rosa@example.org",
    ];
    assert!(nudge("2026-11-18", &first).is_empty());
    assert!(nudge("2026-11-19", &first).is_empty());
    assert_eq!(
        nudge("2026-11-20", &first),
        ["nudge:1:2026-11-20:rosa@example.org"]
    );
    // Cron did not run for ten days: one digest, not a flood.
    assert_eq!(
        nudge("2026-11-30", &first),
        ["nudge:1:2026-11-30:rosa@example.org"]
    );
    let d = &due_with(&g, "2026-11-30", &first)[0..];
    let n = d.iter().find(|d| d.kind == Kind::Nudge).unwrap();
    assert_eq!((n.task, n.event.as_deref()), (Some(1), Some("2026-12-08")));
    // Done tasks get nothing; an owner without an address is due a nudge
    // with no address (`ug remind` reports it instead of sending it).
    let k = keys(&g, "2026-11-30");
    assert!(!k.iter().any(|k| k.starts_with("nudge:3:")), "{k:?}");
    let nomail = due_with(&g, "2026-11-30", &first)
        .into_iter()
        .find(|d| d.task == Some(4))
        .expect("task 4's nudge is due");
    assert_eq!(nomail.key, "nudge:4:2026-11-30:no-email:nomail");
    assert_eq!(nomail.to.address, "");
    assert_eq!(
        usergroup::mail::due::without_address(&nomail),
        Some("nomail")
    );
    let done = group(&edited(
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"",
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"done\"",
    ));
    assert!(with_prefix(&keys(&done, "2026-11-30"), "nudge:1:").is_empty());
}

#[test]
fn an_ask_goes_to_the_asked_person_from_the_day_asked() {
    let g = group(GROUP);
    assert!(with_prefix(&keys(&g, "2026-11-24"), "ask:").is_empty());
    let due = due_with(&g, "2026-11-25", &[]);
    let ask: Vec<_> = due.iter().filter(|d| d.kind == Kind::Ask).collect();
    assert_eq!(ask.len(), 1);
    assert_eq!(ask[0].key, "ask:2:2026-11-25:jonas@example.net");
    assert_eq!(ask[0].to.name, "Jonas Lindqvist");
    assert_eq!(ask[0].task, Some(2));
    assert!(
        due_with(&g, "2026-11-27", &["ask:2:2026-11-25:jonas@example.net"])
            .iter()
            .all(|d| d.kind != Kind::Ask)
    );
    // An asked task is not nudged: its owner is waiting for the answer.
    assert!(
        !keys(&g, "2026-12-08")
            .iter()
            .any(|k| k.starts_with("nudge:2:"))
    );
}

#[test]
fn duplicate_member_addresses_get_one_message() {
    let g = group(&edited(
        "[[members]]\nname = \"Ben Gone\"",
        "[[members]]\nname = \"Ann Again\"\nemail = \"ANN@example.com\"\n\n[[members]]\nname = \"Ben Gone\"",
    ));
    assert_eq!(with_prefix(&keys(&g, "2026-11-24"), "announce:").len(), 2);
}

#[test]
fn due_is_deterministic_and_skips_what_was_sent() {
    let g = group(GROUP);
    assert_eq!(keys(&g, "2026-12-07"), keys(&g, "2026-12-07"));
    let due_now = due_with(&g, "2026-12-07", &[]);
    let sent: Vec<String> = due_now
        .iter()
        .flat_map(|d| d.keys())
        .map(ToString::to_string)
        .collect();
    assert!(due(&g, at("2026-12-07"), &|k| sent.iter().any(|s| s == k)).is_empty());
}

#[test]
fn upcoming_lists_the_next_send_dates_with_recipient_counts() {
    let g = group(GROUP);
    let list = upcoming(&g, at("2026-11-20"), 30);
    let brief: Vec<_> = list
        .iter()
        .map(|u| (u.kind, u.event.as_deref(), u.task, u.date, u.recipients))
        .collect();
    assert_eq!(
        brief,
        [
            (Kind::Nudge, None, Some(1), date("2026-11-23"), 1),
            (
                Kind::Announce,
                Some("2026-12-08"),
                None,
                date("2026-11-24"),
                2
            ),
            (Kind::Ask, None, Some(2), date("2026-11-25"), 1),
            (
                Kind::Remind,
                Some("2026-12-08"),
                None,
                date("2026-12-07"),
                2
            ),
        ]
    );
    // Thanks are planned only for a held event.
    let held = group(&held());
    let later = upcoming(&held, at("2026-12-01"), 30);
    assert!(
        later
            .iter()
            .any(|u| u.kind == Kind::Thanks && u.date == date("2026-12-09")),
        "{later:?}"
    );
    let json = serde_json::to_value(&list[1]).unwrap();
    assert_eq!(json["kind"], "announce");
    assert_eq!(json["date"], "2026-11-24");
}

#[test]
fn count_agrees_with_due_on_every_day_of_an_event() {
    let cancelled = group(&edited("status = \"confirmed\"", "status = \"cancelled\""));
    let sent = ["announce:2026-12-08:ann@example.com"];
    for g in [group(GROUP), cancelled] {
        for day in [
            "2026-11-20",
            "2026-11-24",
            "2026-12-01",
            "2026-12-07",
            "2026-12-09",
            "2026-12-30",
        ] {
            let listed = due_with(&g, day, &sent);
            let mut expected: Vec<(Kind, usize)> = Vec::new();
            for d in &listed {
                match expected.iter_mut().find(|(k, _)| *k == d.kind) {
                    Some((_, n)) => *n += 1,
                    None => expected.push((d.kind, 1)),
                }
            }
            let counted = usergroup::mail::due::count(&g, at(day), &|k| sent.contains(&k));
            assert_eq!(counted, expected, "on {day}");
        }
    }
}

#[test]
fn a_planned_event_is_not_announced_and_the_organizers_are_told_once() {
    let planned = edited("status = \"confirmed\"", "status = \"planned\"");
    let g = group(&planned);
    let k = keys(&g, "2026-11-24");
    assert!(with_prefix(&k, "announce:").is_empty(), "{k:?}");
    assert_eq!(
        with_prefix(&k, "blocked:2026-12-08"),
        [
            "blocked:2026-12-08:maya@example.org",
            "blocked:2026-12-08:jonas@example.net"
        ],
        "organizer and co-organizer"
    );
    let sent: Vec<&str> = k.iter().map(String::as_str).collect();
    assert!(
        due_with(&g, "2026-12-01", &sent)
            .iter()
            .all(|d| d.kind != Kind::Blocked),
        "once ever"
    );
    assert!(
        with_prefix(&keys(&g, "2026-11-23"), "blocked:").is_empty(),
        "not before the announcement is due"
    );
    // Confirmed: the announcement goes at once, still inside the window.
    let g = group(GROUP);
    assert_eq!(with_prefix(&keys(&g, "2026-12-01"), "announce:").len(), 2);
    assert!(with_prefix(&keys(&g, "2026-12-01"), "blocked:").is_empty());
    // Announced: the announcement is done.
    let g = group(&edited("status = \"confirmed\"", "status = \"announced\""));
    assert!(with_prefix(&keys(&g, "2026-12-01"), "announce:").is_empty());
    assert_eq!(with_prefix(&keys(&g, "2026-12-07"), "remind:").len(), 2);
}

#[test]
fn what_blocks_an_announcement_names_the_task_its_owner_and_the_command() {
    use usergroup::mail::due::blocked_announcements;
    let planned = edited("status = \"confirmed\"", "status = \"planned\"").replacen(
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"",
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"\nconfirms = \"venue\"",
        1,
    );
    let g = group(&planned);
    assert!(blocked_announcements(&g, at("2026-11-23")).is_empty());
    let b = blocked_announcements(&g, at("2026-11-24"));
    assert_eq!(b.len(), 1, "{b:?}");
    let line = b[0].line();
    for needle in [
        "2026-12-08",
        "Lakeview Analytics",
        "not confirmed",
        "task 1",
        "Confirm the room with Priya",
        "Rosa Helper",
        "`ug tasks done 1`",
        "`ug events confirm 2026-12-08`",
    ] {
        assert!(line.contains(needle), "no {needle:?} in {line}");
    }
    // The January social has no venue: that is what blocks it.
    let b = blocked_announcements(&g, at("2026-12-30"));
    assert!(
        b.iter()
            .any(|b| b.event == "2027-01-12" && b.reason.contains("no venue"))
    );
    assert!(blocked_announcements(&group(GROUP), at("2026-11-24")).is_empty());
}

#[test]
fn with_no_venue_in_the_file_the_blocked_line_says_to_add_one_first() {
    use usergroup::mail::due::blocked_announcements;
    let g = group(
        "[group]\nname = \"G\"\ntimezone = \"UTC\"\n\n[[people]]\nid = \"ann\"\nname = \"Ann\"\nemail = \"ann@example.org\"\nroles = [\"organizer\"]\n\n[[events]]\nid = \"2026-12-08\"\ntitle = \"Talks\"\nstart = 2026-12-08T18:30:00\nstatus = \"planned\"\n",
    );
    let b = blocked_announcements(&g, at("2026-11-24"));
    assert_eq!(b.len(), 1, "{b:?}");
    let line = b[0].line();
    assert!(line.contains("add a [[venues]] entry"), "{line}");
    assert!(
        line.contains("ug events edit 2026-12-08 --venue VENUE"),
        "{line}"
    );
}

#[test]
fn a_task_with_the_built_in_venue_title_is_named_as_what_confirms() {
    // Files planned before `confirms` existed: the planner's own title counts.
    use usergroup::mail::due::blocked_announcements;
    let planned = edited("status = \"confirmed\"", "status = \"planned\"");
    let g = group(&planned);
    let title = usergroup::model::venue_task_title(&g, g.venue("lakeview").unwrap());
    let g = group(&planned.replacen("Confirm the room with Priya", &title, 1));
    let b = blocked_announcements(&g, at("2026-11-24"));
    assert_eq!(b.len(), 1, "{b:?}");
    let line = b[0].line();
    assert!(line.contains("`ug tasks done 1`"), "{line}");
    assert!(line.contains(&title), "{line}");
}

#[test]
fn a_change_goes_once_per_sequence_to_members_of_an_announced_event() {
    let announced = edited("status = \"confirmed\"", "status = \"announced\"");
    assert!(with_prefix(&keys(&group(&announced), "2026-11-30"), "change:").is_empty());
    let g = group(&announced.replacen(
        "status = \"announced\"",
        "status = \"announced\"\nsequence = 1",
        1,
    ));
    // Only to those told of the event (their announcement is in the log).
    assert!(with_prefix(&keys(&g, "2026-11-30"), "change:").is_empty());
    let told = [
        "announce:2026-12-08:ann@example.com",
        "announce:2026-12-08:carla@example.com",
    ];
    let k: Vec<String> = due_with(&g, "2026-11-30", &told)
        .into_iter()
        .map(|d| d.key.to_string())
        .filter(|k| k.starts_with("change:"))
        .collect();
    assert_eq!(
        k,
        [
            "change:2026-12-08:1:ann@example.com",
            "change:2026-12-08:1:carla@example.com"
        ]
    );
    let sent: Vec<&str> = k.iter().map(String::as_str).chain(told).collect();
    assert!(
        due_with(&g, "2026-12-01", &sent)
            .iter()
            .all(|d| d.kind != Kind::Change)
    );
    let again = group(&announced.replacen(
        "status = \"announced\"",
        "status = \"announced\"\nsequence = 2",
        1,
    ));
    assert_eq!(
        due_with(&again, "2026-12-01", &sent)
            .iter()
            .filter(|d| d.kind == Kind::Change)
            .count(),
        2,
        "a second change is a new mail"
    );
    assert!(
        due_with(&g, "2026-12-08T19:00:00", &told)
            .iter()
            .all(|d| d.kind != Kind::Change),
        "not once it started"
    );
}

#[test]
fn no_thanks_until_the_event_is_held() {
    let g = group(GROUP);
    for day in ["2026-12-09", "2026-12-15"] {
        assert!(
            with_prefix(&keys(&g, day), "thanks:2026-12-08").is_empty(),
            "{day}: the event was never recorded as held"
        );
    }
    let g = group(&held());
    assert_eq!(
        with_prefix(&keys(&g, "2026-12-15"), "thanks:2026-12-08").len(),
        2
    );
}

#[test]
fn a_task_due_far_ahead_has_its_rounds_computed() {
    // Due 400 days out, and 400 days overdue: no search for a round, no panic.
    for due in ["2028-01-01", "2025-10-01"] {
        let g = group(&edited(
            "due = 2026-11-20\nevent",
            &format!("due = {due}\nevent"),
        ));
        let list = upcoming(&g, at("2026-11-01"), 30);
        let k = keys(&g, "2026-11-01");
        if due == "2028-01-01" {
            assert!(with_prefix(&k, "nudge:1:").is_empty(), "{k:?}");
            assert!(!list.iter().any(|u| u.task == Some(1)), "{list:?}");
        } else {
            // Overdue for 396 days: today's digest, the next in 3 days.
            assert_eq!(
                with_prefix(&k, "nudge:1:"),
                ["nudge:1:2026-11-01:rosa@example.org"]
            );
            assert!(
                list.iter()
                    .any(|u| u.task == Some(1) && u.date == date("2026-11-04"))
            );
        }
    }
}

#[test]
fn bounced_members_get_nothing() {
    let g = group(&edited(
        "name = \"Ann Member\"\nemail = \"ann@example.com\"",
        "name = \"Ann Member\"\nemail = \"ann@example.com\"\nbounced = true",
    ));
    let k = keys(&g, "2026-11-24");
    assert_eq!(
        with_prefix(&k, "announce:"),
        ["announce:2026-12-08:carla@example.com"]
    );
}

#[test]
fn every_day_of_a_year_on_the_bundled_files() {
    // The pure functions behind `ug status` and `ug remind`, on each day:
    // bounded (this finishes in well under a second) and consistent.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("group.toml")];
    for e in std::fs::read_dir(root.join("examples")).unwrap() {
        files.push(e.unwrap().path());
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let g = usergroup::store::check_text(&text, "group.toml", |_| at("2026-09-01"))
            .unwrap()
            .group;
        let mut day = date("2026-09-01");
        while day <= date("2027-08-31") {
            let now = day.and_hms_opt(9, 0, 0).unwrap();
            let listed = due(&g, now, &|_| false);
            let messages: usize = usergroup::mail::due::count(&g, now, &|_| false)
                .iter()
                .map(|(_, n)| n)
                .sum();
            assert_eq!(listed.len(), messages, "{} on {day}", path.display());
            let mut seen = std::collections::HashSet::new();
            for k in listed.iter().flat_map(|d| d.keys()) {
                assert!(seen.insert(k.to_string()), "{k} twice on {day}");
            }
            upcoming(&g, now, 30);
            usergroup::mail::due::blocked_announcements(&g, now);
            day = day.succ_opt().unwrap();
        }
    }
}
