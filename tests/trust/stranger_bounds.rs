//! SPEC §11's bounds attacked again (issue 19's audit): strangers, each
//! with an address of their own, growing the group file, the organizers'
//! digest, the inbox log or the output without bound, or closing someone
//! else's waiting mail; played as mail dropped into the bundled group's
//! Maildir and the real `ug inbox`, `ug remind --send` and `ug daily`.

use crate::support::parse_toml;

use super::proof::{deliver, inbox, kind, scene, send, waiting_in};

/// The talks of the file with this status.
fn talks(text: &str, status: &str) -> usize {
    parse_toml(text)["talks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"].as_str() == Some(status))
        .count()
}

#[test]
fn a_crowd_of_strangers_proposing_talks_cannot_grow_the_file_without_bound() {
    let ug = scene(|t| t);
    let people = parse_toml(&ug.text())["people"].as_array().unwrap().len();
    let before = talks(&ug.text(), "proposed");
    let n = 60;
    for i in 0..n {
        deliver(
            &ug,
            i,
            &format!("Person {i} <p{i}@crowd{i}.example>"),
            &format!("Talk proposal: cheap watches {i}"),
            "",
            &format!("I'd like to give a talk on cheap watches number {i}."),
        );
    }
    let v = inbox(&ug);
    let text = ug.text();
    let proposed = talks(&text, "proposed");
    // At most 20 proposals wait for review in the file (the bundled one
    // included); every other offer is still listed for a person.
    assert_eq!(proposed, 20, "{v:#}");
    assert!(proposed > before);
    let added = parse_toml(&text)["people"].as_array().unwrap().len() - people;
    assert_eq!(added, proposed - before);
    assert_eq!(v["waiting"].as_array().unwrap().len(), n, "{v:#}");
    assert!(
        v["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["action"]["done"]
                .as_str()
                .is_some_and(|d| d.contains("talks already wait for review"))),
        "{v:#}"
    );
    // A second crowd the next day adds nothing either.
    for i in n..2 * n {
        deliver(
            &ug,
            i,
            &format!("Person {i} <p{i}@crowd{i}.example>"),
            &format!("Talk proposal: cheap watches {i}"),
            "",
            &format!("I'd like to give a talk on cheap watches number {i}."),
        );
    }
    inbox(&ug);
    assert_eq!(talks(&ug.text(), "proposed"), 20);
    // Once an organizer has reviewed them, proposals by mail are recorded again.
    let ids: Vec<i64> = parse_toml(&ug.text())["talks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"].as_str() == Some("proposed"))
        .map(|t| t["id"].as_integer().unwrap())
        .collect();
    for id in &ids {
        ug.run_with(["talks", "decline", &id.to_string(), "--yes"])
            .success();
    }
    deliver(
        &ug,
        3 * n,
        "Real Speaker <speaker@example.net>",
        "Talk proposal: HTMX forms",
        "",
        "I'd like to give a lightning talk on HTMX forms.",
    );
    inbox(&ug);
    assert_eq!(talks(&ug.text(), "proposed"), 1);
    assert!(ug.text().contains("HTMX forms"));
}

#[test]
fn a_flood_of_strangers_mail_keeps_the_organizers_digest_short() {
    let ug = scene(|t| t);
    let n = 120;
    for i in 0..n {
        deliver(
            &ug,
            i,
            &format!("Spammer {i} <s{i}@flood{i}.example>"),
            &format!("Question number {i} about nothing"),
            "",
            "Hello, is this the right address for questions?",
        );
    }
    inbox(&ug);
    // Three days later the mail waits longer than `answer_within`.
    let later = "2026-11-30T09:00:00";
    let out = ug.run_at(later, &["daily"]);
    let stdout = out.success().stdout.clone();
    let digest = stdout
        .lines()
        .find(|l| l.starts_with("digest:"))
        .unwrap_or_else(|| panic!("no digest line: {stdout}"));
    assert!(digest.len() < 2_000, "the daily line is huge: {digest}");
    let sent = super::proof::all_sent(&ug);
    let digests: Vec<_> = sent.iter().filter(|m| kind(m) == "digest-day").collect();
    assert_eq!(digests.len(), 2, "one digest per organizer");
    for d in digests {
        let text = d.text.as_deref().unwrap();
        let listed = text.matches("ug inbox done ").count();
        assert!(listed <= 20, "{listed} mails listed one by one:\n{text}");
        assert!(listed > 0, "{text}");
        assert!(
            text.contains(&format!("{} more", n - listed)),
            "the rest is not counted:\n{text}"
        );
        assert!(d.raw.len() < 30_000, "digest of {} bytes", d.raw.len());
    }
}

#[test]
fn a_huge_message_id_cannot_grow_the_inbox_log_or_the_output() {
    let ug = scene(|t| t);
    let id = format!("{}@evil.example", "x".repeat(2_000_000));
    let raw = format!(
        "From: Eve <eve@evil.example>\r\nTo: {}\r\nSubject: hello\r\nMessage-ID: <{id}>\r\n\
         Date: Thu, 26 Nov 2026 15:00:00 +0000\r\n\r\nIs this the right address?\r\n",
        super::proof::GROUP
    );
    super::proof::deliver_raw(&ug, 1, &raw);
    let out = ug.run_with(["inbox", "--json"]);
    let json = out.success().stdout.clone();
    assert!(json.len() < 20_000, "--json is {} bytes", json.len());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let waiting = v["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 1, "{v:#}");
    assert_eq!(waiting[0]["from"], "eve@evil.example");
    assert!(waiting[0]["message_id"].as_str().unwrap().len() <= 998);
    let log = std::fs::metadata(ug.path("group.inbox.log")).unwrap().len();
    assert!(log < 20_000, "the inbox log is {log} bytes");
    // The same mail again, under another name: still the same message.
    super::proof::deliver_raw(&ug, 2, &raw);
    let v = super::proof::inbox(&ug);
    assert_eq!(v["messages"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(v["waiting"].as_array().unwrap().len(), 1, "{v:#}");
    // An organizer closes it by the short id the list shows.
    let short = waiting[0]["id"].as_str().unwrap().to_string();
    ug.run_with(["inbox", "done", &short]).success();
    let v = super::proof::inbox(&ug);
    assert!(v["waiting"].as_array().unwrap().is_empty(), "{v:#}");
}

#[test]
fn ugs_own_answer_in_the_sent_folder_closes_nobodys_question() {
    // Mail services such as Gmail keep what ug sends through them in the
    // sent folder. A stranger copies the Message-ID of a member's question
    // into a "join": ug's confirmation request answers that id.
    let ug = scene(|t| t);
    for d in ["mail/Sent/new", "mail/Sent/cur", "mail/Sent/tmp"] {
        std::fs::create_dir_all(ug.path(d)).unwrap();
    }
    let marcus = "marcus.lee@example.net";
    let question = deliver(&ug, 1, marcus, "Parking?", "", "Where can I park on Dec 8?");
    super::proof::deliver_raw(
        &ug,
        2,
        &format!(
            "From: <eve@evil.example>\r\nTo: {}\r\nSubject: join\r\nMessage-ID: <{question}>\r\n\
             Date: Thu, 26 Nov 2026 15:02:00 +0000\r\n\r\njoin\r\n",
            super::proof::GROUP
        ),
    );
    inbox(&ug);
    let sent = send(&ug);
    let confirm = sent
        .iter()
        .find(|m| kind(m) == "confirm" && m.rcpt() == "eve@evil.example")
        .unwrap_or_else(|| panic!("{sent:#?}"));
    assert_eq!(
        confirm.header("In-Reply-To"),
        Some(format!("<{question}>").as_str())
    );
    assert_eq!(confirm.header("Auto-Submitted"), Some("auto-replied"));
    std::fs::write(
        ug.path("mail/Sent/cur/1795700000.M1P1.gmail:2,S"),
        &confirm.raw,
    )
    .unwrap();
    let v = inbox(&ug);
    let waiting = waiting_in(&v);
    assert_eq!(waiting, [marcus], "{v:#}");
    // An organizer's own reply closes it.
    std::fs::write(
        ug.path("mail/Sent/cur/1795700100.M2P1.gmail:2,S"),
        format!(
            "From: Maya <maya.okafor@example.org>\r\nTo: {marcus}\r\nSubject: Re: Parking?\r\n\
             In-Reply-To: <{question}>\r\nReferences: <{question}>\r\n\r\nThe lot behind.\r\n"
        ),
    )
    .unwrap();
    let v = inbox(&ug);
    assert!(v["waiting"].as_array().unwrap().is_empty(), "{v:#}");
    assert_eq!(v["answered"].as_array().unwrap().len(), 1, "{v:#}");
}

#[test]
fn a_forged_reports_recipient_cannot_flood_the_output_or_the_log() {
    let ug = scene(|t| t);
    let huge = format!(
        "\u{1b}[2J\u{1b}[31mvictim{}@x.example\u{202e}",
        "y".repeat(50_000)
    );
    super::proof::deliver_raw(
        &ug,
        1,
        &format!(
            "From: MAILER-DAEMON@mx.evil.example\r\nTo: {}\r\nSubject: Undelivered Mail\r\n\
             Message-ID: <dsn1@evil.example>\r\nDate: Thu, 26 Nov 2026 15:01:00 +0000\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
             --B\r\nContent-Type: text/plain\r\n\r\ngone\r\n\
             --B\r\nContent-Type: message/delivery-status\r\n\r\n\
             Reporting-MTA: dns; mx.evil.example\r\n\r\n\
             Final-Recipient: rfc822; {huge}\r\nAction: failed\r\nStatus: 5.1.1{}\r\n\r\n--B--\r\n",
            super::proof::GROUP,
            "9".repeat(50_000)
        ),
    );
    let out = ug.run_with(["inbox"]);
    let stdout = out.success().stdout.clone();
    assert!(
        stdout.len() < 2_000,
        "{} bytes:\n{}",
        stdout.len(),
        &stdout[..300]
    );
    assert!(!stdout.contains('\u{1b}'));
    assert!(stdout.contains("bounce"), "{stdout}");
    let log = std::fs::metadata(ug.path("group.inbox.log")).unwrap().len();
    assert!(log < 5_000, "the inbox log is {log} bytes");
    assert!(!ug.text().contains("bounced = true"));
}
