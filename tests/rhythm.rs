//! The rhythm of `ug daily` (SPEC §8), through the real binary and the
//! harness's SMTP server: one nudge digest per `[reminders] nudge` interval
//! per person over a season, none to an organizer; and the organizers'
//! digest: what waits for a person, each item with the command that settles
//! it, told once and again a week later while it waits, never to anyone but
//! the organizers.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use chrono::{Duration, NaiveDate};
use support::{Mail, Server, Ug};

const HANA: &str = "hana@example.net";
const ANN: &str = "ann@example.org";
const BO: &str = "bo@example.org";

/// A group without events or schedule: Ann organizes, Bo co-organizes,
/// Hana helps, Maria speaks; mail over SMTP on `port`, an `[inbox]`
/// Maildir; `more` appended.
fn group(port: u16, more: &str) -> Ug {
    let text = format!(
        r#"[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann Organizer"
email = "{ANN}"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Cohost"
email = "{BO}"
roles = ["co-organizer"]

[[people]]
id = "hana"
name = "Hana Helper"
email = "{HANA}"
roles = ["helper"]

[[people]]
id = "maria"
name = "Maria Speaker"
email = "maria@example.net"
roles = ["speaker"]

[[members]]
name = "Mia Member"
email = "mia@members.example"

[reminders]
nudge = "3d"

[inbox]
answer_within = "2d"
maildir = "mail/INBOX"

[email]
from = "Rust Riverside <organizers@riverside.example>"
reply_to = "organizers@riverside.example"
transport = "smtp"

[email.smtp]
host = "127.0.0.1"
port = {port}
security = "none"
{more}"#
    );
    let ug = Ug::with_group(&text).env("UG_RETRY_BASE_MS", "20");
    for d in ["mail/INBOX/cur", "mail/INBOX/tmp", "mail/INBOX/new"] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Runs `ug daily` at 09:00 on `d`; it must succeed.
#[track_caller]
fn daily(ug: &Ug, d: NaiveDate) -> String {
    let out = ug.run_at(&format!("{d}T09:00:00"), &["daily"]);
    assert_eq!(out.code, Some(0), "{d}: {}\n{}", out.stdout, out.stderr);
    out.stdout
}

/// The Maildir file name of a message delivered at `d` 08:00 UTC (its
/// arrival, as `ug inbox` reads it).
fn maildir_name(d: NaiveDate, n: u32) -> String {
    let t = d.and_hms_opt(8, 0, 0).unwrap().and_utc().timestamp();
    format!("mail/INBOX/new/{t}.M{n}P1.mx")
}

// ---- nudges ---------------------------------------------------------------

/// Hana's tasks: (id, title, due, the day she is done with it).
const HELPER_TASKS: [(i64, &str, &str, &str); 3] = [
    (1, "Book the pizza", "2026-11-10", "2026-12-10"),
    (2, "Print the name tags", "2026-11-30", "2027-01-05"),
    (3, "Write the recap", "2026-12-25", "2027-01-25"),
];

fn tasks_toml() -> String {
    let mut s = String::new();
    for (id, title, due, _) in HELPER_TASKS {
        s.push_str(&format!(
            "\n[[tasks]]\nid = {id}\ntitle = \"{title}\"\nowner = \"hana\"\ndue = {due}\nstatus = \"open\"\n"
        ));
    }
    // The organizer's own tasks: overdue for weeks, never nudged by mail.
    s.push_str("\n[[tasks]]\nid = 4\ntitle = \"Find a sponsor\"\nowner = \"ann\"\ndue = 2026-11-05\nstatus = \"open\"\n");
    s.push_str("\n[[tasks]]\nid = 5\ntitle = \"Renew the domain\"\nowner = \"bo\"\ndue = 2026-12-01\nstatus = \"open\"\n");
    s
}

/// Hana's reply "done 1" to the nudge digest `to` (its Message-ID proves it).
fn done_reply(to: &Mail, d: NaiveDate) -> String {
    format!(
        "Return-Path: <{HANA}>\r\n\
         Message-ID: <done-1@example.net>\r\n\
         In-Reply-To: <{id}>\r\n\
         References: <{id}>\r\n\
         Date: {date}\r\n\
         From: \"Hana Helper\" <{HANA}>\r\n\
         To: organizers@riverside.example\r\n\
         Subject: Re: {subject}\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         done 1\r\n\r\n\
         > A friendly reminder\r\n",
        id = to.message_id,
        date = d.and_hms_opt(8, 0, 0).unwrap().and_utc().to_rfc2822(),
        subject = to.subject,
    )
}

/// 100 daily runs: Hana gets one digest every 3 days while a task of hers
/// is overdue or due within 3 days, each holding exactly those tasks (none
/// once done; task 1 is done by her reply "done 1" to a digest), never two
/// within 3 days; Ann and Bo, who own overdue tasks too, get no nudge.
#[test]
fn a_season_of_daily_runs_nudges_each_person_once_per_interval_with_all_their_tasks() {
    let server = Server::plain();
    let ug = group(server.port, &tasks_toml());
    let start = day("2026-11-01");
    let mut done: BTreeSet<i64> = BTreeSet::new();
    let mut digests: Vec<(NaiveDate, BTreeSet<i64>)> = Vec::new();
    let mut last_hana: Option<Mail> = None;
    for n in 0..100 {
        let d = start + Duration::days(n);
        // Hana is done: task 1 by replying to her last digest, the others
        // by the organizer's `ug tasks done`.
        for (id, _, _, finished) in HELPER_TASKS {
            if day(finished) != d {
                continue;
            }
            if id == 1 {
                let mail = last_hana.as_ref().expect("a digest before task 1 is done");
                fs::write(ug.path(&maildir_name(d, 1)), done_reply(mail, d)).unwrap();
            } else {
                ug.run_at(&d.to_string(), &["tasks", "done", &id.to_string()])
                    .success();
            }
            done.insert(id);
        }
        let before = server.mail().len();
        daily(&ug, d);
        if day("2026-12-10") == d {
            let t = ug.task(1);
            assert_eq!(
                t["status"].as_str(),
                Some("done"),
                "the reply \"done 1\" marks it"
            );
        }
        let new: Vec<Mail> = server.mail().split_off(before);
        let nudges: Vec<&Mail> = new
            .iter()
            .filter(|m| m.message_id.starts_with("nudge"))
            .collect();
        for m in &nudges {
            assert_eq!(m.rcpt(), HANA, "{d}: only Hana is nudged: {m:#?}");
        }
        assert!(nudges.len() <= 1, "{d}: {nudges:#?}");
        // What a digest today must hold: every open task of hers overdue
        // or due within 3 days.
        let window: BTreeSet<i64> = HELPER_TASKS
            .iter()
            .filter(|(id, _, due, _)| !done.contains(id) && day(due) - Duration::days(3) <= d)
            .map(|(id, ..)| *id)
            .collect();
        let last = digests.last().map(|(on, _)| *on);
        let quiet = last.is_none_or(|on| d - on >= Duration::days(3));
        if let Some(m) = nudges.first() {
            let text = m.text.as_deref().unwrap_or_default();
            let named: BTreeSet<i64> = HELPER_TASKS
                .iter()
                .filter(|(_, title, ..)| text.contains(title))
                .map(|(id, ..)| *id)
                .collect();
            assert_eq!(named, window, "{d}: the digest names what is due: {text}");
            assert!(quiet, "{d}: a digest within 3 days of {last:?}");
            digests.push((d, named));
            last_hana = Some((*m).clone());
        } else {
            assert!(
                window.is_empty() || !quiet,
                "{d}: tasks {window:?} wait and no digest went since {last:?}"
            );
        }
    }
    // The season: first digest when task 1 entered its window (Nov 7), the
    // last with task 3 before it was done (Jan 25); a digest every 3 days
    // between.
    assert_eq!(digests.first().map(|(d, _)| *d), Some(day("2026-11-07")));
    let gaps: BTreeSet<i64> = digests
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).num_days())
        .collect();
    assert_eq!(gaps, BTreeSet::from([3]), "{digests:?}");
    assert!(digests.len() >= 25, "{}", digests.len());
    assert!(digests.iter().any(|(_, t)| t.len() == 2), "{digests:?}");
    // No task is named after the day it was done.
    for (id, _, _, finished) in HELPER_TASKS {
        assert!(
            digests
                .iter()
                .all(|(d, t)| !t.contains(&id) || *d < day(finished)),
            "task {id}: {digests:?}"
        );
    }
    let mail = server.mail();
    for who in [ANN, BO] {
        assert!(
            !mail
                .iter()
                .any(|m| m.rcpt() == who && m.message_id.starts_with("nudge")),
            "{who} got a nudge"
        );
    }
    // The organizers' digest lists their own tasks instead.
    let to_ann: Vec<&Mail> = mail
        .iter()
        .filter(|m| m.rcpt() == ANN && m.message_id.starts_with("digest"))
        .collect();
    assert!(
        to_ann.iter().any(|m| {
            let text = m.text.as_deref().unwrap_or_default();
            text.contains("Find a sponsor") && text.contains("ug tasks done 4")
        }),
        "{to_ann:#?}"
    );
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in &mail {
        *seen
            .entry((m.message_id.clone(), m.rcpt().to_string()))
            .or_default() += 1;
    }
    assert!(seen.values().all(|n| *n == 1), "a message went twice");
}

// ---- the organizers' digest -----------------------------------------------

/// A stranger's question, delivered on `d`.
fn question(d: NaiveDate) -> String {
    format!(
        "Return-Path: <sam@example.com>\r\n\
         Message-ID: <q-1@example.com>\r\n\
         Date: {}\r\n\
         From: \"Sam Stranger\" <sam@example.com>\r\n\
         To: organizers@riverside.example\r\n\
         Subject: Can our company sponsor the pizza?\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Hello, we would like to sponsor. Whom do we talk to?\r\n",
        d.and_hms_opt(8, 0, 0).unwrap().and_utc().to_rfc2822()
    )
}

const PROPOSAL: &str = "\n[[talks]]\nid = 7\ntitle = \"Async views in practice\"\nspeaker = \"maria\"\nkind = \"talk\"\nstatus = \"proposed\"\n";

/// The digests received since `before`, by recipient.
fn digests_since(server: &Server, before: usize) -> Vec<Mail> {
    let mut all = server.mail();
    all.split_off(before)
        .into_iter()
        .filter(|m| m.message_id.starts_with("digest"))
        .collect()
}

/// The line of `text` that starts (after spaces) with `prefix`.
fn command_in(text: &str, prefix: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` in:\n{text}"))
        .to_string()
}

#[test]
fn the_organizers_are_told_once_then_weekly_until_it_is_settled() {
    let server = Server::plain();
    let ug = group(server.port, PROPOSAL);
    let start = day("2026-11-02");
    // The question came three days ago: longer than answer_within (2d).
    let ug = ug.file(&maildir_name(start - Duration::days(3), 1), question(start));

    // A dry run reads no mail into the inbox's log: the question is not
    // known to be waiting yet.
    let out = ug.run_at("2026-11-02T09:00:00", &["daily", "--dry-run"]);
    out.success()
        .stdout_has("digest: would send to 2 organizers (1 item): proposal.7");
    assert!(server.mail().is_empty());

    let said = daily(&ug, start);
    assert!(
        said.contains("digest: sent to 2 organizers (2 items)"),
        "{said}"
    );
    let first = digests_since(&server, 0);
    let to: BTreeSet<&str> = first.iter().map(Mail::rcpt).collect();
    assert_eq!(to, BTreeSet::from([ANN, BO]));
    for m in &first {
        let text = m.text.as_deref().unwrap();
        assert!(
            text.contains("Can our company sponsor the pizza?"),
            "{text}"
        );
        assert!(text.contains("Sam Stranger"), "{text}");
        assert!(text.contains("Async views in practice"), "{text}");
        assert!(text.contains("ug talks accept 7"), "{text}");
        assert!(
            m.html.as_deref().unwrap().contains("ug inbox done "),
            "{m:#?}"
        );
        assert!(m.defects.is_empty(), "{m:#?}");
    }
    let text = first[0].text.clone().unwrap();
    // Nobody but the organizers ever gets one.
    let everyone_else = |server: &Server| {
        server
            .mail()
            .iter()
            .filter(|m| m.message_id.starts_with("digest"))
            .all(|m| [ANN, BO].contains(&m.rcpt()))
    };

    // Nothing new for six days, though both still wait.
    for n in 1..7 {
        let d = start + Duration::days(n);
        let before = server.mail().len();
        let said = daily(&ug, d);
        assert!(
            said.contains("digest: nothing new (2 waiting"),
            "{d}: {said}"
        );
        assert!(digests_since(&server, before).is_empty(), "{d}");
    }
    // A week later: told again, both.
    let week = start + Duration::days(7);
    let before = server.mail().len();
    daily(&ug, week);
    let again = digests_since(&server, before);
    assert_eq!(again.len(), 2, "{again:#?}");
    for m in &again {
        let t = m.text.as_deref().unwrap();
        assert!(
            t.contains("Async views") && t.contains("sponsor the pizza"),
            "{t}"
        );
    }
    // A second run the same day sends nothing.
    let before = server.mail().len();
    daily(&ug, week);
    assert!(digests_since(&server, before).is_empty());

    // The organizer runs the commands the digest names.
    for prefix in ["ug talks accept 7", "answer it, then: ug inbox done "] {
        let line = command_in(&text, prefix);
        let cmd = line.split("ug ").nth(1).unwrap();
        let cmd = cmd.split("   ").next().unwrap();
        let args: Vec<&str> = cmd.split_whitespace().collect();
        ug.run_at(&format!("{week}T10:00:00"), &args).success();
    }
    for n in 8..30 {
        let d = start + Duration::days(n);
        let before = server.mail().len();
        let said = daily(&ug, d);
        assert!(
            said.contains("digest: nothing waits for a person"),
            "{d}: {said}"
        );
        assert!(digests_since(&server, before).is_empty(), "{d}");
    }
    assert!(everyone_else(&server));
    assert_eq!(
        server
            .mail()
            .iter()
            .filter(|m| m.message_id.starts_with("digest"))
            .count(),
        4
    );
}

#[test]
fn nothing_is_mailed_when_nothing_waits_and_json_has_the_step() {
    let server = Server::plain();
    // A task not due for months, a talk accepted: nothing waits.
    let ug = group(
        server.port,
        "\n[[tasks]]\nid = 1\ntitle = \"Write the recap\"\nowner = \"hana\"\ndue = 2027-06-01\nstatus = \"open\"\n\n[[talks]]\nid = 2\ntitle = \"Macros\"\nspeaker = \"maria\"\nkind = \"lightning\"\nstatus = \"accepted\"\n",
    );
    let start = day("2026-11-02");
    for n in 0..30 {
        let said = daily(&ug, start + Duration::days(n));
        assert!(
            said.contains("digest: nothing waits for a person"),
            "{said}"
        );
    }
    assert!(server.mail().is_empty(), "{:#?}", server.mail());
    let v = ug
        .run_at("2026-12-02T09:00:00", &["--json", "daily"])
        .success()
        .json();
    let names: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["inbox", "plan", "send", "digest", "site"]);
    assert_eq!(v["steps"][3]["summary"], "nothing waits for a person");
}

/// Each kind of item names its command: an ask unanswered for 3 days, a
/// task overdue by a week, a planned event within 21 days without a
/// confirmed venue (none, then one that has not said yes).
#[test]
fn each_kind_of_waiting_names_the_command_that_settles_it() {
    let server = Server::plain();
    let more = r#"
[[venues]]
id = "hall"
name = "Town Hall"
capacity = 60

[[events]]
id = "2026-11-20"
title = "November talks night"
start = 2026-11-20T18:30:00
duration = "2h"
status = "planned"

[[events]]
id = "2026-11-15"
title = "Mid-November social"
start = 2026-11-15T18:30:00
duration = "2h"
venue = "hall"
status = "planned"

[[tasks]]
id = 1
title = "Bring the projector"
owner = "hana"
due = 2026-10-25
status = "open"

[[tasks]]
id = 2
title = "Order drinks"
asked = "maria"
asked_on = 2026-10-29
status = "asked"
"#;
    let ug = group(server.port, more);
    daily(&ug, day("2026-11-02"));
    let to_ann: Vec<Mail> = digests_since(&server, 0)
        .into_iter()
        .filter(|m| m.rcpt() == ANN)
        .collect();
    assert_eq!(to_ann.len(), 1, "{to_ann:#?}");
    let text = to_ann[0].text.as_deref().unwrap();
    for expected in [
        "Bring the projector",
        "ug tasks done 1",
        "Order drinks",
        "ug tasks accept 2",
        "November talks night",
        "ug events edit 2026-11-20 --venue VENUE",
        "Mid-November social",
        "ug events confirm 2026-11-15",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    assert_eq!(
        to_ann[0].subject,
        "Rust Riverside: 4 things wait for an organizer"
    );
}
