//! The lazy organizer's month, end to end: `ug next-meetup` once, `ug tasks
//! done N` per finished task, `ug events held` once, and cron running
//! `ug remind --send` every day. The mail lands in the file transport's
//! outbox and is read back with a real RFC 5322 parser.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use chrono::{Duration, NaiveDate};

use crate::support::{Output, Ug, find_task, parse_toml, tasks};

const GROUP: &str = r#"# A lazy organizer's group: nothing planned yet.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann Organizer"
email = "ann@example.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Coorganizer"
email = "bo@example.org"
roles = ["co-organizer"]

[[people]]
id = "hal"
name = "Hal Helper"
email = "hal@example.org"
roles = ["helper"]

[[people]]
id = "vic"
name = "Vic Venue"
email = "vic@example.net"
roles = ["contact"]

[[people]]
id = "sam"
name = "Sam Sponsor"
email = "sam@example.net"
roles = ["contact"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"
duration = "2h30m"
formats = ["talks"]
expected = 30

[[venues]]
id = "hall"
name = "Town Hall"
address = "1 Market Square, Riverside"
capacity = 60
contact = "vic"

[[sponsors]]
id = "pizzaco"
name = "Pizza Co"
provides = "pizza and soft drinks"
contact = "sam"

[[members]]
name = "Mia One"
email = "mia@example.com"

[[members]]
name = "Noor Two"
email = "noor@example.com"

[[members]]
name = "Olle Three"
email = "olle@example.com"

[[members]]
name = "Pia Four"
email = "pia@example.com"
unsubscribed = true

[email]
from = "Rust Riverside <organizers@example.org>"
transport = "file"

[email.file]
dir = "outbox"
"#;

const MEMBERS: [&str; 3] = ["mia@example.com", "noor@example.com", "olle@example.com"];

/// One message found in the outbox: who it went to, what kind, which day.
#[derive(Debug)]
struct Sent {
    to: String,
    kind: String,
    day: NaiveDate,
}

/// Runs `ug` in the test's folder as if it were `now`.
fn at(ug: &Ug, now: &str, args: &[&str]) -> Output {
    let out = ug
        .command()
        .env("UG_NOW", now)
        .args(args)
        .output()
        .expect("run ug");
    let output = Output {
        command: format!("UG_NOW={now} ug {}", args.join(" ")),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    output.assert_no_panic();
    output
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

/// Reads the messages that appeared in the outbox since the last call.
fn collect_new(ug: &Ug, seen: &mut BTreeSet<String>, today: NaiveDate, out: &mut Vec<Sent>) {
    let Ok(entries) = fs::read_dir(ug.path("outbox")) else {
        return;
    };
    let mut names: Vec<_> = entries
        .map(|e| {
            e.expect("outbox entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".eml"))
        .collect();
    names.sort();
    for name in names {
        if !seen.insert(name.clone()) {
            continue;
        }
        let raw = fs::read(ug.path(&format!("outbox/{name}"))).expect("read .eml");
        let msg = mail_parser::MessageParser::default()
            .parse(&raw)
            .unwrap_or_else(|| panic!("{name} is not an RFC 5322 message"));
        let to = msg
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_else(|| panic!("{name} has no To address"))
            .to_string();
        let id = msg
            .message_id()
            .unwrap_or_else(|| panic!("{name} has no Message-ID"));
        let kind = id.split('.').next().unwrap_or_default().to_string();
        out.push(Sent {
            to,
            kind,
            day: today,
        });
    }
}

fn open_task_ids(text: &str) -> Vec<(i64, String, NaiveDate, Option<String>)> {
    tasks(&parse_toml(text))
        .into_iter()
        .filter(|t| t["status"].as_str() == Some("open"))
        .map(|t| {
            (
                t["id"].as_integer().expect("task id"),
                t["title"].as_str().unwrap_or_default().to_string(),
                day(&t["due"].as_datetime().expect("a due date").to_string()),
                t.get("confirms")
                    .and_then(|c| c.as_str())
                    .map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn a_lazy_month_sends_each_mail_once_and_thanks_after_the_event() {
    let ug = Ug::with_group(GROUP);
    let event = "2026-12-08";
    at(&ug, "2026-11-11", &["next-meetup"])
        .success()
        .stdout_has(event);

    let planned = ug.read("group.toml");
    let planned_tasks = open_task_ids(&planned);
    let venue_task = planned_tasks
        .iter()
        .find(|t| t.3.as_deref() == Some("venue"))
        .unwrap_or_else(|| panic!("the plan has no task with confirms = \"venue\":\n{planned}"))
        .clone();
    // The venue is confirmed late: after its due date and after the
    // announcement window opened (14 days before, 2026-11-24).
    let venue_done = day("2026-11-26");
    assert!(
        venue_task.2 < venue_done,
        "the venue task is due {}",
        venue_task.2
    );

    let mut seen = BTreeSet::new();
    let mut sent = Vec::new();
    let mut today = day("2026-11-11");
    while today <= day("2026-12-20") {
        let now = today.format("%Y-%m-%d").to_string();
        // The organizer marks each finished task done: the venue one late,
        // every other one on its due date.
        for (id, _, due, _) in open_task_ids(&ug.read("group.toml")) {
            let finish_on = if id == venue_task.0 { venue_done } else { due };
            if finish_on == today {
                at(&ug, &now, &["tasks", "done", &id.to_string()]).success();
            }
        }
        if today == day("2026-12-09") {
            at(&ug, &now, &["events", "held", event]).success();
        }
        // Cron, twice a day: the second run must find nothing left to send.
        at(&ug, &now, &["remind", "--send"]).success();
        collect_new(&ug, &mut seen, today, &mut sent);
        let before = sent.len();
        at(&ug, &now, &["remind", "--send"]).success();
        collect_new(&ug, &mut seen, today, &mut sent);
        assert_eq!(sent.len(), before, "a second run on {now} sent more mail");
        today += Duration::days(1);
    }

    let mut by_to: BTreeMap<&str, Vec<&Sent>> = BTreeMap::new();
    for s in &sent {
        by_to.entry(s.to.as_str()).or_default().push(s);
    }
    let summary = format!("{sent:#?}");

    // Every subscribed member gets exactly the announcement and the reminder;
    // the announcement waits for the venue, then goes the day it is confirmed.
    for m in MEMBERS {
        let got = by_to
            .get(m)
            .unwrap_or_else(|| panic!("{m} got nothing:\n{summary}"));
        let kinds: Vec<&str> = got.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["announce", "remind"], "{m}:\n{summary}");
        assert_eq!(got[0].day, venue_done, "{m}'s announcement:\n{summary}");
        assert_eq!(got[1].day, day("2026-12-07"), "{m}'s reminder:\n{summary}");
    }
    assert!(
        !by_to.contains_key("pia@example.com"),
        "an unsubscribed member got mail:\n{summary}"
    );

    // The organizers hear once that the announcement waits for the venue.
    let told: Vec<&&Sent> = by_to
        .get("ann@example.org")
        .into_iter()
        .flatten()
        .filter(|s| !matches!(s.kind.as_str(), "nudge"))
        .collect();
    assert_eq!(told.len(), 1, "ann (organizer):\n{summary}");
    assert!(
        told[0].day >= day("2026-11-24") && told[0].day < venue_done,
        "ann was told on {}:\n{summary}",
        told[0].day
    );

    // The late venue task's owner is nudged while it is open, never after;
    // an organizer (the checklist gives them the venue task) is not nudged
    // by mail at all (SPEC 8: the organizers' digest of `ug daily` lists it).
    let owner_id = find_task(&planned, venue_task.0)["owner"]
        .as_str()
        .map(str::to_string)
        .expect("the venue task has an owner");
    let owner_email = format!("{owner_id}@example.org");
    let nudges: Vec<NaiveDate> = sent
        .iter()
        .filter(|s| s.to == owner_email && s.kind == "nudge")
        .map(|s| s.day)
        .collect();
    if ["ann", "bo"].contains(&owner_id.as_str()) {
        assert!(nudges.is_empty(), "{owner_email} was nudged:\n{summary}");
    } else {
        assert!(
            nudges.iter().any(|d| *d > venue_task.2 && *d < venue_done),
            "{owner_email} was not nudged about the overdue venue task:\n{summary}"
        );
    }
    assert!(
        nudges.windows(2).all(|w| (w[1] - w[0]).num_days() >= 3),
        "{owner_email} got two nudge mails within 3 days:\n{summary}"
    );
    // Hal, the helper, is never nudged twice within the interval either.
    let hal: Vec<NaiveDate> = sent
        .iter()
        .filter(|s| s.to == "hal@example.org" && s.kind == "nudge")
        .map(|s| s.day)
        .collect();
    assert!(
        hal.windows(2).all(|w| (w[1] - w[0]).num_days() >= 3),
        "hal: {hal:?}\n{summary}"
    );

    // Venue and sponsor are thanked once each, after the event was held.
    for contact in ["vic@example.net", "sam@example.net"] {
        let thanks: Vec<&&Sent> = by_to
            .get(contact)
            .into_iter()
            .flatten()
            .filter(|s| s.kind == "thanks")
            .collect();
        assert_eq!(thanks.len(), 1, "{contact}:\n{summary}");
        assert!(thanks[0].day >= day("2026-12-09"), "{contact}:\n{summary}");
    }

    let after = parse_toml(&ug.read("group.toml"));
    let ev = after["events"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"].as_str() == Some(event)))
        .expect("the event is in the file");
    assert_eq!(ev["status"].as_str(), Some("held"));
}

#[test]
fn moving_an_event_does_not_nudge_about_a_task_again_the_next_day() {
    let ug = Ug::with_group(GROUP);
    at(&ug, "2026-11-11", &["next-meetup"]).success();
    // Nobody finishes anything; cron sends daily; on Nov 21, the day after
    // an overdue round went out, the event moves a day later (and its tasks).
    let mut seen_lines = 0;
    let mut nudged: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
    let mut today = day("2026-11-11");
    while today <= day("2026-12-05") {
        let now = today.format("%Y-%m-%d").to_string();
        if today == day("2026-11-21") {
            at(
                &ug,
                &now,
                &["events", "edit", "2026-12-08", "--date", "2026-12-09"],
            )
            .success();
        }
        at(&ug, &now, &["remind", "--send"]);
        let log = fs::read_to_string(ug.path("group.sent.log")).unwrap_or_default();
        for line in log.lines().skip(seen_lines) {
            let key = line.split('\t').nth(1).expect("a key");
            if let Some(rest) = key.strip_prefix("nudge:") {
                let task = rest.split(':').next().unwrap_or_default().to_string();
                nudged.entry(task).or_default().push(today);
            }
        }
        seen_lines = log.lines().count();
        today += Duration::days(1);
    }
    assert!(!nudged.is_empty(), "nobody was nudged");
    for (task, days) in &nudged {
        assert!(
            days.windows(2).all(|w| (w[1] - w[0]).num_days() >= 3),
            "task {task} was nudged on {days:?}: closer than the 3 days of `nudge`"
        );
    }
}
