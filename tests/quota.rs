//! The sending quota end to end (SPEC §13): the real binary against the
//! harness's SMTP server, on several mornings; `[email] provider` presets.

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::{Faults, Mail, Server, Ug, wait_until};

/// The fixture (5 subscribed members) with `extra` more and `quota` lines
/// added to [email.smtp].
fn group(port: u16, extra: usize, quota: &str) -> Ug {
    Ug::remind_fixture(port, |t| {
        let mut more = String::new();
        for i in 0..extra {
            more.push_str(&format!(
                "\n[[members]]\nname = \"Member {i}\"\nemail = \"m{i}@many.example\"\n"
            ));
        }
        let t = t.replacen("[[events]]", &format!("{more}\n[[events]]"), 1);
        t.replacen(
            "security = \"none\"",
            &format!("security = \"none\"\n{quota}"),
            1,
        )
    })
}

fn by_rcpt(mail: &[Mail]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for x in mail {
        *m.entry(x.rcpt().to_string()).or_default() += 1;
    }
    m
}

#[track_caller]
fn assert_once_each(mail: &[Mail], n: usize) {
    let counts = by_rcpt(mail);
    assert!(counts.values().all(|&c| c == 1), "sent twice: {counts:?}");
    assert_eq!(mail.len(), n);
}

#[test]
fn a_day_quota_sends_50_50_20_on_three_mornings_with_a_kill_on_the_second() {
    // 120 subscribed members; the announcement is due from 2026-11-24.
    // The server stalls after its 70th message: 20 into the second morning.
    let server = Server::start(Faults {
        stall_after: Some(70),
        ..Faults::default()
    });
    let g = group(server.port, 115, "max_per_day = 50");

    let day1 = g.run_at("2026-11-24T08:00:00", &["remind", "--send"]);
    day1.success();
    assert!(
        day1.stdout.contains("Sent 50 messages (50 announce)"),
        "{}",
        day1.stdout
    );
    assert!(
        day1.stdout
            .contains("70 held for the quota (50 a day): they go from 2026-11-25 08:00"),
        "{}",
        day1.stdout
    );
    assert_once_each(&server.mail(), 50);
    assert!(!g.text().contains("status = \"announced\""), "not all went");

    // The same morning again: nothing more goes.
    let again = g.run_at("2026-11-24T10:00:00", &["remind", "--send"]);
    again.success();
    assert!(
        again.stdout.contains("70 held for the quota"),
        "{}",
        again.stdout
    );
    assert_eq!(server.mail().len(), 50);

    // Second morning: killed after 20, then run again: 30 more, 50 that day.
    let mut child = g.spawn_at("2026-11-25T08:00:00", &["remind", "--send"]);
    server.wait_stalled();
    wait_until(Duration::from_secs(10), "70 lines in the sent log", || {
        g.log().len() >= 70
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(server.mail().len(), 70);
    server.release();
    let day2 = g.run_at("2026-11-25T08:05:00", &["remind", "--send"]);
    day2.success();
    assert!(day2.stdout.contains("Sent 30 messages"), "{}", day2.stdout);
    assert!(
        day2.stdout
            .contains("20 held for the quota (50 a day): they go from 2026-11-26 08:00"),
        "{}",
        day2.stdout
    );
    assert_once_each(&server.mail(), 100);

    // Third morning: the last 20, and the event is announced.
    let day3 = g.run_at("2026-11-26T08:00:00", &["remind", "--send"]);
    day3.success();
    assert!(day3.stdout.contains("Sent 20 messages"), "{}", day3.stdout);
    assert!(!day3.stdout.contains("held"), "{}", day3.stdout);
    assert_once_each(&server.mail(), 120);
    assert!(g.text().contains("status = \"announced\""));
    let none = g.run_at(
        "2026-11-27T08:00:00",
        &["remind", "--send", "--kind", "announce"],
    );
    none.success();
    assert_eq!(server.mail().len(), 120, "none lost, none twice");
}

#[test]
fn an_hour_quota_holds_the_rest_until_the_hour_is_over() {
    let server = Server::plain();
    let g = group(server.port, 20, "max_per_hour = 10");
    let first = g.run_at("2026-11-24T09:00:00", &["remind", "--send", "--json"]);
    first.success();
    let json: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    assert_eq!(json["sent"].as_array().unwrap().len(), 10, "{json}");
    assert_eq!(json["held"]["count"], 15, "{json}");
    assert_eq!(json["held"]["from"], "2026-11-24T10:00:00", "{json}");
    let soon = g.run_at("2026-11-24T09:59:00", &["remind", "--send"]);
    soon.success();
    assert!(
        soon.stdout
            .contains("15 held for the quota (10 an hour): they go from 2026-11-24 10:00"),
        "{}",
        soon.stdout
    );
    assert_eq!(server.mail().len(), 10);
    for (at, total) in [("2026-11-24T10:00:00", 20), ("2026-11-24T11:00:00", 25)] {
        g.run_at(at, &["remind", "--send"]).success();
        assert_once_each(&server.mail(), total);
    }
}
