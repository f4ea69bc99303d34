//! SPEC §11 attacked again (issue 19's audit), each hole found played as
//! mail dropped into the bundled group's Maildir and the real `ug inbox`,
//! `ug remind --send` and `ug daily`: a member acting beyond their rights
//! with a token that is really theirs, and strangers growing the file or
//! the organizers' digest without bound.

use crate::support::{self, parse_toml};

use super::proof::{DOMAIN, answering, deliver, inbox, kind, scene, send};

/// The Message-ID of the nudge about task 12 that ug sent `to` on Dec 4.
fn nudge_to(to: &str) -> String {
    support::ug_message_id("nudge", "12.2026-12-04", to, DOMAIN)
}

const ROSA: &str = "rosa.delgado@example.com";
const BEN: &str = "ben.whitaker@example.com";

#[test]
fn a_former_owners_done_to_an_old_nudge_waits_for_a_person() {
    // Task 12 confirms the venue, and was Rosa's: she had a nudge about it
    // (a token that really proves her). It is now Ben's.
    let ug = scene(|t| {
        t.replacen("status = \"confirmed\"", "status = \"planned\"", 1)
            .replacen(
                "title = \"Bring name tags and markers\"\nowner = \"rosa\"\ndue = 2026-12-07\n",
                "title = \"Bring name tags and markers\"\nowner = \"ben\"\ndue = 2026-12-07\nconfirms = \"venue\"\n",
                1,
            )
    });
    let file = ug.text();
    deliver(
        &ug,
        1,
        &format!("Rosa Delgado <{ROSA}>"),
        "Re: Bring name tags",
        &answering(&nudge_to(ROSA)),
        "done",
    );
    let v = inbox(&ug);
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("open"),
        "{v:#}"
    );
    assert_eq!(
        ug.text(),
        file,
        "the former owner's \"done\" changed the file"
    );
    let waiting: Vec<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["from"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, [ROSA], "{v:#}");
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // The owner's own "done" still does it all: the event is confirmed and
    // announced.
    deliver(
        &ug,
        2,
        &format!("Ben Whitaker <{BEN}>"),
        "Re: Bring name tags",
        &answering(&nudge_to(BEN)),
        "done",
    );
    inbox(&ug);
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("done")
    );
    let sent = send(&ug);
    assert!(sent.iter().filter(|m| kind(m) == "announce").count() > 30);
}

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

/// Ann's own Message-ID or token for mail of `kind` about `middle`.
fn anns(kind: &str, middle: &str) -> String {
    support::ug_message_id(kind, middle, ANN, DOMAIN)
}

const ANN: &str = "ann.becker@example.com";

#[test]
fn a_members_own_tokens_do_only_what_they_were_made_for() {
    let ug = scene(|t| t);
    let file = ug.text();
    let t = |kind: &str, middle: &str| support::token(kind, middle, ANN);
    let announce = anns("announce", super::proof::EVENT);
    let forged_nudge = format!("nudge.12.2026-12-04.k4jq7x2m3n5p6r8s9t2v@{DOMAIN}");
    // Each a reply from Ann, proven where its token is hers, asking for
    // what that token was not made for.
    let tries: Vec<(String, &str)> = vec![
        // Her announcement answered "done": no task is done by it.
        (super::proof::answering(&announce), "done"),
        // Her RSVP link's tag, her VERP return path's token and her
        // announcement's token, each put in a nudge's or a talk ask's id.
        (
            super::proof::answering(&format!(
                "nudge.12.2026-12-04.{}@{DOMAIN}",
                t("rsvp", EVENT_ID)
            )),
            "done",
        ),
        (
            super::proof::answering(&format!("nudge.12.2026-12-04.{}@{DOMAIN}", t("bounce", ""))),
            "done",
        ),
        (
            super::proof::answering(&format!("talk-ask.3.{}@{DOMAIN}", t("announce", EVENT_ID))),
            "yes",
        ),
        // Her own ids of other kinds, answered as if they were asks.
        (
            super::proof::answering(&format!("rsvp.{EVENT_ID}.{}@{DOMAIN}", t("rsvp", EVENT_ID))),
            "yes",
        ),
        (
            super::proof::answering(&format!("bounce.{}@{DOMAIN}", t("bounce", ""))),
            "done",
        ),
        // A confirmation request of hers (to join), its middle rewritten
        // into an RSVP with nine guests.
        (
            super::proof::answering(&format!(
                "confirm.2026-11-26.rsvp-yes-9.{EVENT_ID}.{}@{DOMAIN}",
                t("confirm", "2026-11-26.join")
            )),
            "yes",
        ),
        // Her real announcement beside a forged nudge: the proof is for the
        // announcement, which "done" does not answer.
        (
            format!(
                "In-Reply-To: <{forged_nudge}>\r\nReferences: <{announce}> <{forged_nudge}>\r\n"
            ),
            "done",
        ),
    ];
    for (n, (headers, body)) in tries.iter().enumerate() {
        deliver(
            &ug,
            n,
            &format!("Ann Becker <{ANN}>"),
            "Re: hello",
            headers,
            body,
        );
    }
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "{v:#}");
    assert_eq!(
        v["waiting"].as_array().unwrap().len(),
        tries.len(),
        "each waits for a person: {v:#}"
    );
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // What her announcement's token was made for it does: her own RSVP,
    // its guests capped at the file's one.
    deliver(
        &ug,
        20,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&announce),
        "yes, with 5 guests",
    );
    inbox(&ug);
    let rsvps = rsvps(&ug.text());
    assert_eq!(rsvps.len(), 1, "{rsvps:?}");
    assert_eq!(rsvps[0]["email"].as_str(), Some(ANN));
    assert_eq!(rsvps[0]["guests"].as_integer(), Some(1));
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("open")
    );
    // Her RSVP link's tag is hers too (so the tries above were proven and
    // refused, not merely unproven): in its own place it records her "no".
    deliver(
        &ug,
        21,
        &format!("Ann Becker <{ANN}>"),
        &format!("RSVP no {EVENT_ID} {}", support::rsvp_tag(EVENT_ID, ANN)),
        "",
        "",
    );
    inbox(&ug);
    assert!(
        ug.text().contains(&format!(
            "{{ email = \"{ANN}\", name = \"Ann Becker\", status = \"no\""
        )),
        "{}",
        ug.text()
    );
}

const EVENT_ID: &str = super::proof::EVENT;

#[test]
fn no_rsvp_by_mail_is_taken_for_an_event_not_announced_yet() {
    // 2026-12-08 is only planned (its venue not confirmed): nobody was told
    // of it, so nobody's RSVP counts yet, proven or not.
    let ug = scene(|t| t.replacen("status = \"confirmed\"", "status = \"planned\"", 1));
    let file = ug.text();
    let zed = "zed@stranger.example";
    deliver(&ug, 1, zed, &format!("RSVP yes {EVENT_ID}"), "", "yes");
    // A reply to a confirmation request for that RSVP (its token good).
    let asked = support::ug_message_id(
        "confirm",
        &format!("2026-11-26.rsvp-yes-0.{EVENT_ID}"),
        zed,
        DOMAIN,
    );
    deliver(
        &ug,
        2,
        zed,
        "Re: Please confirm",
        &super::proof::answering(&asked),
        "yes",
    );
    // A member's proven reply to an announcement of that event.
    deliver(
        &ug,
        3,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&anns("announce", EVENT_ID)),
        "yes, count me in",
    );
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "{v:#}");
    let said: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["action"]["done"].as_str().unwrap())
        .collect();
    assert!(
        said.iter().all(|s| s.contains("not announced yet")),
        "{said:#?}"
    );
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // Confirmed (and so announced), the same answers count.
    ug.run_with(["events", "confirm", EVENT_ID, "--yes"])
        .success();
    assert!(send(&ug).iter().any(|m| kind(m) == "announce"));
    deliver(
        &ug,
        4,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&anns("announce", EVENT_ID)),
        "yes, count me in",
    );
    deliver(&ug, 5, zed, &format!("RSVP yes {EVENT_ID}"), "", "yes");
    let v = inbox(&ug);
    let rsvps: Vec<String> = rsvps(&ug.text())
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["email"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rsvps, [format!("{ANN} yes")], "{v:#}");
    let sent = send(&ug);
    assert!(
        sent.iter().any(|m| kind(m) == "confirm" && m.rcpt() == zed),
        "{sent:#?}"
    );
}

/// The RSVPs of the December event.
fn rsvps(text: &str) -> Vec<toml::Value> {
    parse_toml(text)["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some(EVENT_ID))
        .and_then(|e| e.get("rsvps"))
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default()
}

#[test]
fn a_stranger_named_like_a_role_never_takes_the_roles_checklist_tasks() {
    // The checklist gives "organizer", "co-organizer" and "helper" tasks
    // (one confirms the venue) to whoever holds the role, unless a person
    // has that id. A stranger proposing a talk under such a name must not
    // become that person.
    let ug = scene(|t| t);
    let names = ["Organizer", "Co-Organizer", "helper", "Speaker", "Contact"];
    for (i, name) in names.iter().enumerate() {
        deliver(
            &ug,
            i,
            &format!("{name} <r{i}@evil.example>"),
            &format!("Talk proposal: thing {i}"),
            "",
            &format!("I'd like to give a talk on thing {i}."),
        );
    }
    inbox(&ug);
    let doc = parse_toml(&ug.text());
    let strangers: Vec<String> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["email"]
                .as_str()
                .is_some_and(|e| e.ends_with("@evil.example"))
        })
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(strangers.len(), names.len(), "{strangers:?}");
    for id in &strangers {
        assert!(
            !["organizer", "co-organizer", "helper", "speaker", "contact"].contains(&id.as_str()),
            "a stranger became person `{id}`"
        );
    }
    // The next meetup is planned: each of its tasks goes to a person of
    // the group, none to a stranger.
    ug.run_at("2026-12-10T09:00:00", &["daily"]).success();
    let doc = parse_toml(&ug.text());
    let owners: Vec<(String, String)> = doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("event").and_then(|e| e.as_str()) == Some("2027-01-12"))
        .map(|t| {
            (
                t["title"].as_str().unwrap().to_string(),
                t.get("owner")
                    .and_then(|o| o.as_str())
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert!(owners.len() >= 5, "{owners:?}");
    for (title, owner) in &owners {
        assert!(
            !strangers.contains(owner),
            "\"{title}\" went to the stranger `{owner}`"
        );
    }
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
    let waiting: Vec<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["from"].as_str().unwrap())
        .collect();
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
