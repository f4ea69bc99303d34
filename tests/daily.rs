//! `ug daily` end to end (SPEC §8): the real binary with a Maildir inbox,
//! a site, and the harness's real SMTP server; each step's effect, reruns,
//! a failing step, `--dry-run`, two runs at once, the log `ug status`
//! reads, and a season of daily runs.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::Stdio;

use support::{MEMBERS, Server, UG, Ug, refusing_port};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";

/// A newcomer's reply to ug's request to confirm their "join" (SPEC 11:
/// a join takes effect on that reply): it answers the request's
/// Message-ID, whose token is the one ug gave that address.
fn join() -> String {
    let asked = support::ug_message_id("confirm", "2026-11-22.join", NEWBIE, "riverside.example");
    format!(
        "Return-Path: <{NEWBIE}>\r\n\
         Message-ID: <join-1@example.net>\r\n\
         In-Reply-To: <{asked}>\r\n\
         References: <{asked}>\r\n\
         Date: Mon, 23 Nov 2026 07:45:00 +0100\r\n\
         From: \"Noa Newbie\" <{NEWBIE}>\r\n\
         To: organizers@riverside.example\r\n\
         Subject: Re: Please confirm: joining the list of Rust Riverside (Rust Riverside)\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Yes, I'd like to be on the list.\r\n"
    )
}

const NEWBIE: &str = "newbie@example.net";

/// The remind fixture (an event on Dec 8, five subscribed members, SMTP on
/// `port`) with an `[inbox]` Maildir holding one confirmed join, a `[site]`, and
/// `schedule` lines added to `[schedule]`.
fn group(port: u16, schedule: &str) -> Ug {
    let ug = Ug::remind_fixture(port, |t| {
        t.replace(
            "duration = \"2h30m\"\n\n[[venues]]",
            &format!("duration = \"2h30m\"\n{schedule}\n[[venues]]"),
        ) + "\n[inbox]\nmaildir = \"mail/INBOX\"\n\n[site]\nurl = \"https://riverside.example\"\n"
    });
    for d in ["mail/INBOX/cur", "mail/INBOX/tmp", "mail/INBOX/new"] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug.file("mail/INBOX/new/1795420000.M1P1.mx", join())
}

/// Every file in the folder, by relative path, with its bytes.
fn tree(ug: &Ug) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(ug.dir(), ug.dir(), &mut out);
    out
}

/// How often each Message-ID arrived: every count must be 1.
#[track_caller]
fn assert_each_once(server: &Server) -> usize {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for m in server.mail() {
        *seen
            .entry(format!("{} {}", m.message_id, m.rcpt()))
            .or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    seen.len()
}

#[test]
fn daily_does_each_step_and_a_rerun_does_nothing_new() {
    let server = Server::plain();
    let ug = group(server.port, "");
    let out = ug.run_at(ANNOUNCE_DAY, &["daily"]);
    out.success()
        .stdout_has("inbox: 1 new message, 0 waiting")
        .stdout_has("plan: nothing to plan (2026-12-08 is planned")
        .stdout_has("send: sent 7 messages (6 announce, 1 welcome); 2026-12-08 announced")
        .stdout_has("site: ");
    // The join is a member now; the welcome and announcements went once.
    assert!(ug.read("group.toml").contains("newbie@example.net"));
    let rcpts: BTreeSet<String> = server.mail().iter().map(|m| m.rcpt().to_string()).collect();
    for m in MEMBERS {
        assert!(rcpts.contains(m), "{rcpts:?}");
    }
    assert!(rcpts.contains("newbie@example.net"), "{rcpts:?}");
    assert!(ug.path("public/index.html").exists());
    assert_eq!(assert_each_once(&server), 7);

    let file = ug.read("group.toml");
    ug.run_at(ANNOUNCE_DAY, &["daily"])
        .success()
        .stdout_has("inbox: 0 new messages, 0 waiting")
        .stdout_has("send: nothing due")
        .stdout_has("site: 0 written");
    assert_eq!(server.mail().len(), 7);
    assert_eq!(ug.read("group.toml"), file);
    let log = ug.read("group.daily.log");
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.lines()
            .all(|l| l.starts_with("2026-11-24T08:00:00Z\tok\t")),
        "{log}"
    );
}

#[test]
fn daily_plans_the_next_meetup_within_plan_ahead_and_not_before() {
    let server = Server::plain();
    let ug = group(server.port, "plan_ahead = \"20d\"");
    // Jan 12 is 34 days after Dec 9: not yet.
    ug.run_at("2026-12-09T09:00:00", &["daily"])
        .success()
        .stdout_has("plan: nothing to plan (next date Tue Jan 12 is 34 days away)");
    assert!(!ug.read("group.toml").contains("2027-01-12"));
    ug.run_at("2026-12-23T09:00:00", &["daily"])
        .success()
        .stdout_has("plan: planned January talks night on Tue Jan 12");
    let file = ug.read("group.toml");
    assert_eq!(file.matches("id = \"2027-01-12\"").count(), 1, "{file}");
    ug.run_at("2026-12-24T09:00:00", &["daily"])
        .success()
        .stdout_has("plan: nothing to plan (2027-01-12 is planned");
    assert_eq!(
        ug.read("group.toml").matches("id = \"2027-01-12\"").count(),
        1
    );
    assert_each_once(&server);
}

#[test]
fn a_failing_step_is_reported_and_the_others_still_run() {
    let closed = refusing_port();
    let ug = group(closed.port, "").env("UG_RETRY_BASE_MS", "1");
    let out = ug.run_at(ANNOUNCE_DAY, &["daily"]);
    out.code(1)
        .stdout_has("inbox: 1 new message")
        .stdout_has("site: ")
        .stderr_has("send: error: sending stopped");
    assert!(!out.stdout.contains("send:"), "{}", out.stdout);
    assert!(ug.read("group.toml").contains("newbie@example.net"));
    assert!(ug.path("public/index.html").exists());
    let log = ug.read("group.daily.log");
    assert!(log.starts_with("2026-11-24T08:00:00Z\tfailed\t"), "{log}");
    ug.run_at("2026-11-25", &["status"])
        .success()
        .stdout_has("Daily run  2026-11-24T08:00:00Z, failed");
}

#[test]
fn dry_run_changes_nothing() {
    let server = Server::plain();
    let ug = group(server.port, "plan_ahead = \"40d\"");
    let before = tree(&ug);
    ug.run_at("2026-12-09T09:00:00", &["daily", "--dry-run"])
        .success()
        .stdout_has("inbox: would handle 1 new message")
        .stdout_has("plan: would plan January talks night on Tue Jan 12")
        .stdout_has("send: would send")
        .stdout_has("site: would rebuild")
        .stdout_has("(dry run: nothing changed, sent or logged)");
    let after = tree(&ug);
    // Only the run's lock file is new.
    let new: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(new, ["group.daily.lock"]);
    assert!(before.iter().all(|(k, v)| after.get(k) == Some(v)));
    assert!(server.received().is_empty());
}

#[test]
fn json_gives_one_object_per_step() {
    let server = Server::plain();
    let ug = group(server.port, "");
    let v = ug
        .run_at(ANNOUNCE_DAY, &["--json", "daily"])
        .success()
        .json();
    assert_eq!(v["ok"], true);
    let names: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["inbox", "plan", "send", "digest", "site"]);
    assert_eq!(
        v["steps"][2]["summary"],
        "sent 7 messages (6 announce, 1 welcome); 2026-12-08 announced"
    );
}

/// Two co-organizers' crons fire at once, 20 times: on the announcement
/// day (seven messages due) and on a day the next meetup is due to be
/// planned (Jan 12, 33 days ahead). Nothing is sent twice, nothing planned
/// twice, the newcomer is added once.
#[test]
fn two_runs_at_once_never_send_or_plan_twice() {
    for round in 0..20 {
        let server = Server::plain();
        let ug = group(server.port, "");
        let (now, since) = if round % 2 == 0 {
            (ANNOUNCE_DAY, "2026-11-24T08:00:00Z")
        } else {
            ("2026-12-10T09:00:00", "2026-12-10T08:00:00Z")
        };
        let start = || {
            let mut cmd = ug.prepare(UG);
            cmd.args(["daily"])
                .env("UG_NOW", now)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        };
        let (a, b) = (start(), start());
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        for o in &outs {
            assert!(o.status.success(), "{o:?}");
        }
        let file = ug.read("group.toml");
        assert_eq!(file.matches("newbie@example.net").count(), 1, "{file}");
        let skipped = outs
            .iter()
            .filter(|o| {
                String::from_utf8_lossy(&o.stdout).contains(&format!(
                    "another ug daily is running (since {since}); skipped"
                ))
            })
            .count();
        assert!(skipped <= 1);
        let sent = assert_each_once(&server);
        if round % 2 == 0 {
            assert_eq!(sent, 7);
        } else {
            assert_eq!(file.matches("id = \"2027-01-12\"").count(), 1, "{file}");
            let planned = outs
                .iter()
                .filter(|o| String::from_utf8_lossy(&o.stdout).contains("plan: planned"))
                .count();
            assert_eq!(planned, 1, "{outs:?}");
        }
    }
}

#[test]
fn status_shows_the_last_run_and_warns_when_it_is_stale() {
    let server = Server::plain();
    let ug = group(server.port, "");
    let out = ug.run_at("2026-11-25", &["status"]);
    assert!(!out.stdout.contains("Daily run"), "{}", out.stdout);
    ug.run_at(ANNOUNCE_DAY, &["daily"]).success();
    let out = ug.run_at("2026-11-25T09:00:00", &["status"]);
    out.success()
        .stdout_has("Daily run  2026-11-24T08:00:00Z, ok (1 day ago)");
    assert!(!out.stdout.contains("last ran"), "{}", out.stdout);
    ug.run_at("2026-11-27T09:00:00", &["status"])
        .success()
        .stdout_has("warning: `ug daily` last ran 3 days ago (2026-11-24T08:00:00Z)");
    let v = ug
        .run_at("2026-11-27T09:00:00", &["--json", "status"])
        .json();
    assert_eq!(v["daily"]["ok"], true);
}

#[test]
fn a_season_of_daily_runs_plans_each_date_once_and_sends_each_mail_once() {
    let server = Server::plain();
    let ug = group(server.port, "");
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut confirmed = BTreeSet::from(["2026-12-08".to_string()]);
    for _ in 0..120 {
        let now = format!("{day}T09:00:00");
        let out = ug.run_at(&now, &["daily"]);
        assert_eq!(out.code, Some(0), "{now}: {}\n{}", out.stdout, out.stderr);
        // The organizer confirms each new event the day it is planned.
        if let Some(line) = out.stdout.lines().find(|l| l.starts_with("plan: planned")) {
            let file = ug.read("group.toml");
            let id = file
                .lines()
                .filter_map(|l| l.strip_prefix("id = \"20"))
                .map(|rest| format!("20{}", rest.trim_end_matches('"')))
                .find(|id| !confirmed.contains(id))
                .unwrap_or_else(|| panic!("{line}: no new event in the file"));
            ug.run_at(&now, &["events", "confirm", &id]).success();
            confirmed.insert(id);
        }
        day = day.succ_opt().unwrap();
    }
    let file = ug.read("group.toml");
    // Second Tuesdays from Dec 8 up to Mar 19 (the last run) + 35 days.
    let dates = [
        "2026-12-08",
        "2027-01-12",
        "2027-02-09",
        "2027-03-09",
        "2027-04-13",
    ];
    for id in dates {
        assert_eq!(file.matches(&format!("id = \"{id}\"")).count(), 1, "{id}");
    }
    assert!(!file.contains("2027-05-11"));
    assert_each_once(&server);
    // Each held-by-now event was announced and reminded to each member once
    // (the newcomer who joined on the first day included).
    let mail = server.mail();
    for id in &dates[..4] {
        for kind in ["announce", "remind"] {
            let to: Vec<&str> = mail
                .iter()
                .filter(|m| m.message_id.starts_with(&format!("{kind}.{id}.")))
                .map(|m| m.rcpt())
                .collect();
            let mut expected: Vec<&str> = MEMBERS.to_vec();
            expected.push("newbie@example.net");
            let mut got = to.clone();
            got.sort_unstable();
            expected.sort_unstable();
            assert_eq!(got, expected, "{kind} {id}");
        }
    }
    let log = ug.read("group.daily.log");
    assert_eq!(log.lines().count(), 120);
}

#[test]
fn a_run_while_another_holds_the_lock_is_skipped() {
    let server = Server::plain();
    let ug = group(server.port, "");
    fs::write(ug.path("group.daily.lock"), "2026-11-24T07:59:00Z").unwrap();
    let held = fs::File::open(ug.path("group.daily.lock")).unwrap();
    held.lock().unwrap();
    let file = ug.read("group.toml");
    ug.run_at(ANNOUNCE_DAY, &["daily"])
        .success()
        .stdout_has("another ug daily is running (since 2026-11-24T07:59:00Z); skipped");
    assert!(server.received().is_empty());
    assert_eq!(ug.read("group.toml"), file);
    assert!(!ug.path("group.daily.log").exists());
    held.unlock().unwrap();
    ug.run_at(ANNOUNCE_DAY, &["daily"])
        .success()
        .stdout_has("send: sent 7 messages");
}
