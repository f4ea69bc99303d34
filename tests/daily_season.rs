//! Half a year of one cron line (issue 12): `ug daily` every morning from
//! 2026-11-01 to 2027-04-30 on a group that meets every six weeks and plans
//! 35 days ahead, against the harness's real SMTP server, which is down for
//! two days in the middle. The organizer only reacts to the mail ug sends
//! them: `ug tasks done N` when the organizers' digest names the venue task, `ug talks accept N`
//! when an event is planned, `ug events held ID --attendance N` on the night.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use support::{Server, Ug};

/// The group: four speakers with proposed talks, a venue with a contact, a
/// sponsor, five members, and a one-item checklist (confirm the venue).
const GROUP: &str = r#"[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann Organizer"
email = "ann@example.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Cohost"
email = "bo@example.org"
roles = ["co-organizer"]

[[people]]
id = "jane"
name = "Jane Venue"
email = "jane@venue.example"
roles = ["contact"]

[[people]]
id = "pat"
name = "Pat Pizza"
email = "pat@pizza.example"
roles = ["contact"]

[[people]]
id = "maria"
name = "Maria Speaker"
email = "maria@example.net"
roles = ["speaker"]

[[people]]
id = "li"
name = "Li Lightning"
email = "li@example.net"

[[people]]
id = "sam"
name = "Sam Speaker"
email = "sam@example.net"

[[people]]
id = "kim"
name = "Kim Lightning"
email = "kim@example.net"

[schedule]
rule = "every 6 weeks on tuesday"
since = 2026-12-01
time = "18:30"
duration = "2h30m"
formats = ["talks"]
plan_ahead = "35d"

[[venues]]
id = "hall"
name = "Town Hall"
address = "1 Market Square, Riverside"
capacity = 60
contact = "jane"

[[sponsors]]
id = "pizzaco"
name = "Pizza Co"
provides = "pizza and soft drinks"
contact = "pat"

[[members]]
email = "mia@members.example"

[[members]]
email = "noah@members.example"

[[members]]
email = "olga@members.example"

[[members]]
email = "paul@members.example"

[[members]]
email = "quinn@members.example"

[[talks]]
id = 1
title = "Async Rust in practice"
speaker = "maria"
minutes = 30
kind = "talk"
status = "proposed"

[[talks]]
id = 2
title = "Five minutes of cargo tricks"
speaker = "li"
minutes = 5
kind = "lightning"
status = "proposed"

[[talks]]
id = 3
title = "Embedded Rust on a budget"
speaker = "sam"
minutes = 30
kind = "talk"
status = "proposed"

[[talks]]
id = 4
title = "Clippy lints you should enable"
speaker = "kim"
minutes = 5
kind = "lightning"
status = "proposed"

[[talks]]
id = 5
title = "Writing a CLI people enjoy"
speaker = "maria"
minutes = 30
kind = "talk"
status = "proposed"

[[talks]]
id = 6
title = "Miri in five minutes"
speaker = "li"
minutes = 5
kind = "lightning"
status = "proposed"

[[talks]]
id = 7
title = "Rust in the kernel, a year on"
speaker = "sam"
minutes = 30
kind = "talk"
status = "proposed"

[[talks]]
id = 8
title = "cargo-deny and friends"
speaker = "kim"
minutes = 5
kind = "lightning"
status = "proposed"

[[checklist]]
title = "Confirm {venue} with {contact}"
owner = "organizer"
before = "21d"
confirms = "venue"

[[formats.talks]]
title = "Doors open, pizza"
kind = "social"
minutes = 30

[[formats.talks]]
title = "Talk (open slot)"
kind = "talk"
minutes = 30

[[formats.talks]]
title = "Lightning talk (open slot)"
kind = "lightning"
minutes = 5

[[formats.talks]]
title = "Drinks"
kind = "social"
minutes = 60

[reminders]
announce = "14d"
remind = "1d"
thanks = "1d"
nudge = "3d"

[email]
from = "Rust Riverside <organizers@riverside.example>"
transport = "smtp"

[email.smtp]
host = "127.0.0.1"
port = PORT
security = "none"
"#;

const MEMBERS: [&str; 5] = [
    "mia@members.example",
    "noah@members.example",
    "olga@members.example",
    "paul@members.example",
    "quinn@members.example",
];

/// Every six weeks from Dec 1; the last is planned within the season (Apr
/// 13 + 35 days) but held after it.
const DATES: [&str; 5] = [
    "2026-12-01",
    "2027-01-12",
    "2027-02-23",
    "2027-04-06",
    "2027-05-18",
];

/// The two days the SMTP server is down: the announcement of Jan 12 is due
/// on the first.
const OUTAGE: [&str; 2] = ["2026-12-29", "2026-12-30"];

/// What the organizer typed, in order, with the day.
#[derive(Default)]
struct Typed(Vec<(NaiveDate, String)>);

impl Typed {
    fn run(&mut self, ug: &Ug, now: &str, day: NaiveDate, args: &[&str]) {
        ug.run_at(now, args).success();
        self.0.push((day, args.join(" ")));
    }
}

/// Messages received, by the day `ug daily` sent them: (day, kind, the
/// Message-ID's middle, recipient).
type Sent = Vec<(NaiveDate, String, String, String)>;

fn kind_and_middle(message_id: &str) -> (String, String) {
    let id = message_id.trim_matches(|c| c == '<' || c == '>');
    let mut parts = id.split('.');
    let kind = parts.next().unwrap_or_default().to_string();
    let local = id.rsplit_once('@').map_or(id, |(l, _)| l);
    let middle = local
        .strip_prefix(&format!("{kind}."))
        .and_then(|m| m.rsplit_once('.'))
        .map_or(String::new(), |(m, _)| m.to_string());
    (kind, middle)
}

#[test]
fn half_a_year_of_daily_runs_with_an_smtp_outage() {
    let server = Server::plain();
    // All four steps run each morning: an (empty) inbox and a site too.
    let group = GROUP.replace("PORT", &server.port.to_string())
        + "\n[inbox]\nmaildir = \"mail/INBOX\"\n\n[site]\nurl = \"https://riverside.example\"\n";
    let ug = Ug::with_group(&group).env("UG_RETRY_BASE_MS", "20");
    for d in ["mail/INBOX/new", "mail/INBOX/cur", "mail/INBOX/tmp"] {
        std::fs::create_dir_all(ug.path(d)).unwrap();
    }
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2027, 4, 30).unwrap();
    let mut typed = Typed::default();
    let mut sent: Sent = Vec::new();
    let mut planned_on: BTreeMap<String, NaiveDate> = BTreeMap::new();
    let mut failed_days = Vec::new();
    let mut told: Vec<(NaiveDate, String)> = Vec::new();
    let mut day = first;
    let mut seen = 0;
    while day <= last {
        let down = OUTAGE.contains(&day.to_string().as_str());
        server.set_down(down);
        let now = format!("{day}T08:15:00");
        let before = ug.read("group.toml");
        let out = ug.run_at(&now, &["daily"]);
        out.assert_no_panic();
        if out.code != Some(0) {
            failed_days.push(day);
            assert!(
                out.stderr.contains("send:"),
                "{day}: only the send step may fail\n{}\n{}",
                out.stdout,
                out.stderr
            );
        }
        // Which mail arrived this morning.
        let mail = server.mail();
        for m in &mail[seen..] {
            let (kind, middle) = kind_and_middle(&m.message_id);
            sent.push((day, kind, middle, m.rcpt().to_string()));
            // The organizers' digest names the organizer's own tasks, with
            // the command (organizers get no nudge mail: SPEC 8).
            if m.message_id.starts_with("digest") && m.rcpt() == "ann@example.org" {
                let text = m.text.as_deref().unwrap_or_default();
                told.extend(
                    text.lines()
                        .filter_map(|l| l.trim().strip_prefix("ug tasks done "))
                        .map(|id| (day, id.to_string())),
                );
            }
        }
        seen = mail.len();
        // A new event in the file: when it was planned.
        for id in DATES {
            let line = format!("id = \"{id}\"");
            if !before.contains(&line) && ug.read("group.toml").contains(&line) {
                planned_on.insert(id.to_string(), day);
            }
        }
        organizer_reacts(&ug, &mut typed, day, &sent, &told, &planned_on);
        day = day + Days::new(1);
    }
    server.set_down(false);

    assert_eq!(
        failed_days,
        OUTAGE
            .iter()
            .map(|d| d.parse::<NaiveDate>().unwrap())
            .collect::<Vec<_>>(),
        "ug daily fails exactly on the days the server is down"
    );
    let file = ug.read("group.toml");
    each_date_planned_once_within_the_horizon(&file, &planned_on);
    each_mail_once(&sent);
    members_got_each_announcement_and_reminder(&sent);
    the_missed_announcement_went_when_the_server_was_back(&sent);
    hosts_and_speakers_thanked_once(&ug, &sent);

    // What the organizer typed for each held event: from the day it was
    // planned to its night (the venue task, two talks accepted, held).
    for id in &DATES[..4] {
        let date: NaiveDate = id.parse().unwrap();
        let for_it: Vec<&str> = typed
            .0
            .iter()
            .filter(|(d, _)| planned_on[*id] <= *d && *d <= date)
            .map(|(_, c)| c.as_str())
            .collect();
        eprintln!(
            "{id}: the organizer typed {} commands: {for_it:?}",
            for_it.len()
        );
        assert_eq!(for_it.len(), 4, "{id}: {for_it:?}");
    }
    eprintln!(
        "in all, {} commands over 181 days: {:?}",
        typed.0.len(),
        typed.0
    );
    assert_eq!(ug.read("group.daily.log").lines().count(), 181);
}

/// What the organizer does by hand, the same day, after the morning run:
/// finish the venue task the organizers' digest named (which confirms the event),
/// accept the two oldest proposed talks when an event is planned, and say
/// the event was held on its night.
fn organizer_reacts(
    ug: &Ug,
    typed: &mut Typed,
    day: NaiveDate,
    sent: &Sent,
    told: &[(NaiveDate, String)],
    planned_on: &BTreeMap<String, NaiveDate>,
) {
    let now = format!("{day}T20:00:00");
    let nudged = sent
        .iter()
        .filter(|(d, kind, _, to)| *d == day && kind == "nudge" && to == "ann@example.org")
        .map(|(_, _, middle, _)| middle.split('.').next().unwrap().to_string());
    let in_digest = told
        .iter()
        .filter(|(d, _)| *d == day)
        .map(|(_, id)| id.clone());
    for task in nudged.chain(in_digest) {
        typed.run(ug, &now, day, &["tasks", "done", &task]);
    }
    if planned_on.values().any(|d| *d == day) {
        let file = ug.read("group.toml");
        let proposed = talk_ids_with_status(&file, "proposed");
        let talk = proposed.iter().find(|(_, lightning)| !lightning);
        let lightning = proposed.iter().find(|(_, lightning)| *lightning);
        for (id, _) in talk.into_iter().chain(lightning) {
            typed.run(ug, &now, day, &["talks", "accept", &id.to_string()]);
        }
    }
    if let Some(id) = DATES.iter().find(|d| **d == day.to_string()) {
        typed.run(ug, &now, day, &["events", "held", id, "--attendance", "30"]);
    }
}

/// `[[talks]]` ids with this status, and whether each is a lightning talk.
fn talk_ids_with_status(file: &str, status: &str) -> Vec<(i64, bool)> {
    let doc = support::parse_toml(file);
    doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"].as_str() == Some(status))
        .map(|t| {
            (
                t["id"].as_integer().unwrap(),
                t["kind"].as_str() == Some("lightning"),
            )
        })
        .collect()
}

#[track_caller]
fn each_date_planned_once_within_the_horizon(file: &str, planned_on: &BTreeMap<String, NaiveDate>) {
    for id in DATES {
        assert_eq!(file.matches(&format!("id = \"{id}\"")).count(), 1, "{id}");
        let date: NaiveDate = id.parse().unwrap();
        let on = planned_on[id];
        let horizon = date - Days::new(35);
        assert!(
            on <= date - Days::new(21)
                && (on >= horizon || on == NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
            "{id} planned on {on}, not within 35 days ahead in time to confirm the venue"
        );
    }
    assert!(
        !file.contains("id = \"2027-06-29\""),
        "planned past the horizon"
    );
    let doc = support::parse_toml(file);
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), DATES.len());
}

#[track_caller]
fn each_mail_once(sent: &Sent) {
    let mut seen = BTreeMap::new();
    for (day, kind, middle, to) in sent {
        if let Some(first) = seen.insert((kind, middle, to), day) {
            panic!("{kind} {middle} to {to} sent on {first} and again on {day}");
        }
    }
}

#[track_caller]
fn members_got_each_announcement_and_reminder(sent: &Sent) {
    for id in &DATES[..4] {
        let middle = id.to_string();
        for kind in ["announce", "remind"] {
            let to: BTreeSet<&str> = sent
                .iter()
                .filter(|(_, k, m, _)| k == kind && *m == middle)
                .map(|(_, _, _, to)| to.as_str())
                .collect();
            assert_eq!(to, MEMBERS.into_iter().collect(), "{kind} of {id}");
        }
    }
}

/// Jan 12's announcement was due on Dec 29, the first day of the outage;
/// it went on Dec 31, the first morning the server was back.
#[track_caller]
fn the_missed_announcement_went_when_the_server_was_back(sent: &Sent) {
    let days: BTreeSet<NaiveDate> = sent
        .iter()
        .filter(|(_, k, m, _)| k == "announce" && m == "2027-01-12")
        .map(|(d, ..)| *d)
        .collect();
    assert_eq!(
        days,
        BTreeSet::from([NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()])
    );
}

/// After each held event: the venue's and the sponsor's contacts, and every
/// speaker of the night, thanked once; each speaker's talk `given`.
#[track_caller]
fn hosts_and_speakers_thanked_once(ug: &Ug, sent: &Sent) {
    for id in &DATES[..4] {
        let to: BTreeSet<&str> = sent
            .iter()
            .filter(|(_, k, m, _)| k == "thanks" && m == id)
            .map(|(_, _, _, to)| to.as_str())
            .collect();
        assert_eq!(
            to,
            BTreeSet::from(["jane@venue.example", "pat@pizza.example"]),
            "{id}"
        );
    }
    let file = ug.read("group.toml");
    let given = talk_ids_with_status(&file, "given");
    assert_eq!(
        given.len(),
        8,
        "two talks given at each of four events: {file}"
    );
    let thanked: Vec<&str> = sent
        .iter()
        .filter(|(_, k, ..)| k == "talk-thanks")
        .map(|(_, _, _, to)| to.as_str())
        .collect();
    assert_eq!(
        thanked.len(),
        8,
        "one thank-you per talk given: {thanked:?}"
    );
}

/// A speaker found by asking, end to end: `ug talks ask` mails Sam through
/// the real SMTP server; Sam's "yes" lands in the Maildir; the next
/// `ug daily` reads it (the talk is accepted) and puts the talk into the
/// planned event's open talk slot; after `ug events held` the talk is
/// `given` and Sam is thanked, once, however often cron runs.
#[test]
fn a_talk_asked_for_by_mail_is_accepted_scheduled_given_and_thanked() {
    let server = Server::plain();
    let group =
        GROUP.replace("PORT", &server.port.to_string()) + "\n[inbox]\nmaildir = \"mail/INBOX\"\n";
    let ug = Ug::with_group(&group).env("UG_RETRY_BASE_MS", "20");
    for d in ["mail/INBOX/new", "mail/INBOX/cur", "mail/INBOX/tmp"] {
        std::fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug.run_at("2026-11-01T08:15:00", &["daily"])
        .success()
        .stdout_has("plan: planned");
    ug.run_at(
        "2026-11-01T20:00:00",
        &[
            "talks",
            "ask",
            "sam",
            "--event",
            "2026-12-01",
            "--title",
            "Embedded Rust on a budget",
            "--yes",
        ],
    )
    .success();
    let asks: Vec<_> = server
        .mail()
        .into_iter()
        .filter(|m| m.message_id.starts_with("talk-ask."))
        .collect();
    assert_eq!(asks.len(), 1, "one personal ask");
    assert_eq!(asks[0].rcpt(), "sam@example.net");
    let talk = new_talk_id(&ug.read("group.toml"));
    assert_eq!(talk_status(&ug, talk), "asked");

    let reply = format!(
        "From: Sam Speaker <sam@example.net>\r\nTo: organizers@riverside.example\r\n\
         Subject: Re: {}\r\nMessage-ID: <sam-yes@example.net>\r\n\
         In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n\
         Date: Mon, 2 Nov 2026 07:30:00 +0100\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Yes, happy to!\r\n\r\n> Would you give a talk?\r\n",
        asks[0].subject,
        id = asks[0].message_id,
    );
    std::fs::write(ug.path("mail/INBOX/new/1793601000.M1P1.mx"), reply).unwrap();
    ug.run_at("2026-11-02T08:15:00", &["daily"]).success();
    assert_eq!(talk_status(&ug, talk), "scheduled");
    let doc = support::parse_toml(&ug.read("group.toml"));
    let agenda = doc["events"][0]["agenda"].as_array().unwrap();
    let slot = agenda
        .iter()
        .find(|a| a["title"].as_str() == Some("Embedded Rust on a budget"))
        .unwrap_or_else(|| panic!("the talk is in the agenda: {agenda:?}"));
    assert_eq!(slot["speaker"].as_str(), Some("sam"));
    assert_eq!(slot["kind"].as_str(), Some("talk"));

    ug.run_at(
        "2026-12-01T22:00:00",
        &["events", "held", "2026-12-01", "--attendance", "30"],
    )
    .success();
    assert_eq!(talk_status(&ug, talk), "given");
    for day in ["2026-12-02", "2026-12-03", "2026-12-04"] {
        ug.run_at(&format!("{day}T08:15:00"), &["daily"]).success();
    }
    let thanks: Vec<_> = server
        .mail()
        .into_iter()
        .filter(|m| m.message_id.starts_with("talk-thanks."))
        .collect();
    assert_eq!(thanks.len(), 1, "Sam is thanked once");
    assert_eq!(thanks[0].rcpt(), "sam@example.net");
    assert!(thanks[0].subject.contains("Thank"), "{}", thanks[0].subject);
}

/// The id of the talk `ug talks ask` added: the largest.
fn new_talk_id(file: &str) -> i64 {
    let doc = support::parse_toml(file);
    doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_integer().unwrap())
        .max()
        .unwrap()
}

fn talk_status(ug: &Ug, id: i64) -> String {
    let doc = support::parse_toml(&ug.read("group.toml"));
    doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"].as_integer() == Some(id))
        .and_then(|t| t["status"].as_str())
        .unwrap_or_default()
        .to_string()
}
