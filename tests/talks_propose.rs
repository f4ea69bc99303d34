//! The call for talks and proposals by reply (SPEC §9): an announcement
//! whose agenda has open slots asks members to speak; a reply "I'd like to
//! give a lightning talk on X", read by `ug inbox`, becomes a `proposed`
//! talk with its speaker a person (added when unknown), handled once
//! across reruns and a crash replay, beside the RSVP it may also be. The
//! mail is the real one `ug remind --out` writes, read back with a MIME
//! parser; the replies are delivered to a Maildir; the real binary runs.

#[path = "support/mod.rs"]
mod support;

use std::fs;

use support::{Line, Mail, Ug, line_diff, parse_mail, parse_toml, repo_file};

const ANNOUNCE_AT: &str = "2026-11-24T09:00:00";
const CALL: &str =
    "Want to speak? Reply with the title and the kind (talk, lightning talk or tutorial)";

/// The inbox fixtures' group, confirmed, with one talk (id 4) in the file;
/// with `open`, the agenda has an open slot.
fn group(open: bool) -> String {
    let slot = if open {
        "Talk 2 (open slot)"
    } else {
        "Testing async code"
    };
    let agenda = format!(
        "[[events.agenda]]\ntitle = \"Tokio in production\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"dana\"\n\n\
         [[events.agenda]]\ntitle = \"{slot}\"\nkind = \"talk\"\nminutes = 30\n\n[[tasks]]\nid = 3\n"
    );
    repo_file("tests/fixtures/inbox/group.toml")
        .replace("status = \"announced\"", "status = \"confirmed\"")
        .replace("[[tasks]]\nid = 3\n", &agenda)
        + "\n[[talks]]\nid = 4\ntitle = \"Full-text search\"\nspeaker = \"ben\"\nkind = \"talk\"\nstatus = \"accepted\"\n"
}

/// The group beside an empty Maildir, at Nov 27 10:00.
fn inbox(open: bool) -> Ug {
    let ug = Ug::with_group(&group(open)).at("2026-11-27T10:00:00");
    for d in [
        "mail/INBOX/new",
        "mail/INBOX/cur",
        "mail/INBOX/tmp",
        "mail/Sent/cur",
    ] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug
}

/// Sends the announcement to .eml files; returns it, as Ann's client reads it.
fn announced(ug: &Ug) -> Mail {
    ug.run_at(ANNOUNCE_AT, &["remind", "--out", "out"])
        .success();
    let file = ug.path("out/announce_2026-12-08_ann.mueller@gmail.com.eml");
    parse_mail(&[file]).pop().unwrap()
}

/// A reply from `from` to the message `to_id` (or, with `None`, a new mail
/// with `subject`), saying `body` above the quote, as the `i`th delivery.
fn deliver(ug: &Ug, i: usize, from: &str, to_id: Option<&str>, subject: &str, body: &str) {
    let refs = to_id.map_or(String::new(), |id| {
        format!("In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n")
    });
    let mail = format!(
        "From: {from}\r\nTo: Rust Lakeside <rsvp@example.org>\r\nSubject: {subject}\r\n\
         Message-ID: <talk{i}@mail.example.com>\r\n{refs}\
         Date: Wed, 25 Nov 2026 1{i}:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         {body}\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Rust Lakeside wrote:\r\n\
         > {CALL}, as in \"I'd like to give a lightning talk on ...\"\r\n"
    );
    let name = format!("1795590000.M{i}P77.mx");
    fs::write(ug.path(&format!("mail/INBOX/new/{name}")), mail).unwrap();
}

/// The file's talks and people, parsed.
fn entries(ug: &Ug, key: &str) -> Vec<toml::Table> {
    parse_toml(&ug.text())
        .get(key)
        .and_then(|t| t.as_array())
        .map(|a| a.iter().map(|t| t.as_table().unwrap().clone()).collect())
        .unwrap_or_default()
}

fn talk(ug: &Ug, id: i64) -> Option<toml::Table> {
    entries(ug, "talks")
        .into_iter()
        .find(|t| t["id"].as_integer() == Some(id))
}

fn added_only(changes: &[Line]) -> Vec<String> {
    assert!(
        changes.iter().all(|l| l.0 == '+'),
        "only lines added: {changes:?}"
    );
    changes.iter().map(|l| l.2.clone()).collect()
}

#[test]
fn announcement_and_reminder_with_open_slots_call_for_talks_and_without_do_not() {
    let m = announced(&inbox(true));
    for body in [m.text.clone().unwrap(), m.html.clone().unwrap()] {
        let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(CALL), "{body}");
        assert!(
            !body.contains("open slot"),
            "members never see open slots: {body}"
        );
    }
    let m = announced(&inbox(false));
    for body in [m.text.unwrap(), m.html.unwrap()] {
        assert!(!body.contains("Want to speak?"), "{body}");
    }
    // The reminder (the announcement sent first, through the file transport).
    let ug = inbox(true);
    ug.run_at(
        ANNOUNCE_AT,
        &["remind", "--send", "--yes", "--kind", "announce"],
    )
    .success();
    ug.run_at(
        "2026-12-07T09:00:00",
        &["remind", "--kind", "remind", "--out", "rem"],
    )
    .success();
    let file = ug.path("rem/remind_2026-12-08_ann.mueller@gmail.com.eml");
    let m = parse_mail(&[file]).pop().unwrap();
    for body in [m.text.unwrap(), m.html.unwrap()] {
        let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(CALL), "{body}");
    }
}

#[test]
fn a_reply_offering_a_lightning_talk_is_a_proposed_talk_by_a_new_person() {
    let ug = inbox(true);
    let ann = announced(&ug);
    deliver(
        &ug,
        1,
        "Maria Lopez <maria.lopez@example.com>",
        Some(&ann.message_id),
        "Re: Tue Dec 8: Async in practice",
        "Hi!\r\n\r\nI'd like to give a lightning talk on HTMX forms.\r\n\r\nMaria",
    );
    let before = ug.text();
    ug.run_with(["inbox"]).success().stdout_has(
        "proposal: lightning talk 5 \"HTMX forms\" from Maria Lopez (added to [[people]] as `maria`): `ug talks accept 5`",
    );
    let t = talk(&ug, 5).expect("talk 5 was added");
    assert_eq!(t["title"].as_str(), Some("HTMX forms"));
    assert_eq!(t["kind"].as_str(), Some("lightning"));
    assert_eq!(t["status"].as_str(), Some("proposed"));
    assert_eq!(t["speaker"].as_str(), Some("maria"));
    assert!(
        t["notes"]
            .as_str()
            .unwrap()
            .contains("by mail on 2026-11-25"),
        "{t:?}"
    );
    let maria = entries(&ug, "people")
        .into_iter()
        .find(|p| p["id"].as_str() == Some("maria"))
        .unwrap();
    assert_eq!(maria["email"].as_str(), Some("maria.lopez@example.com"));
    assert_eq!(maria["name"].as_str(), Some("Maria Lopez"));
    assert_eq!(maria["roles"].as_array().unwrap().len(), 1);
    let mut added = added_only(&line_diff(&before, &ug.text()));
    added.retain(|l| !l.is_empty());
    assert_eq!(
        added[..10],
        [
            "[[people]]",
            "id = \"maria\"",
            "name = \"Maria Lopez\"",
            "email = \"maria.lopez@example.com\"",
            "roles = [\"speaker\"]",
            "[[talks]]",
            "id = 5",
            "title = \"HTMX forms\"",
            "speaker = \"maria\"",
            "kind = \"lightning\"",
        ]
    );
    assert_eq!(added.len(), 12, "and its status and notes: {added:?}");
    ug.assert_valid();
    // It waits for a person (an organizer answers the speaker).
    let waiting = ug.json(&["inbox"])["waiting"].clone();
    assert_eq!(waiting[0]["from"], "maria.lopez@example.com", "{waiting}");
}

#[test]
fn a_known_sender_is_the_speaker_and_a_new_mail_titled_talk_proposal_counts() {
    let ug = inbox(false);
    deliver(
        &ug,
        1,
        "Dana W <Dana.W@gmail.com>",
        None,
        "Talk proposal: Structured concurrency",
        "Hello, I could do a tutorial about it if you have room in the spring.",
    );
    let before = ug.text();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("talk proposal                dana.w@gmail.com: proposal: tutorial 5 \"Structured concurrency\" from Dana Whitfield: `ug talks accept 5`");
    let t = talk(&ug, 5).unwrap();
    assert_eq!(
        (t["speaker"].as_str(), t["kind"].as_str()),
        (Some("dana"), Some("tutorial"))
    );
    let added = added_only(&line_diff(&before, &ug.text()));
    assert_eq!(
        added.len(),
        8,
        "the talk alone, a blank line before: {added:?}"
    );
    assert_eq!(entries(&ug, "people").len(), 3, "no person added");
}

#[test]
fn yes_and_a_talk_is_both_an_rsvp_and_a_proposal_and_plain_yes_only_an_rsvp() {
    let ug = inbox(true);
    // Bo is on the list, so he gets his own announcement: his reply to it
    // proves him (SPEC 11).
    ug.run_with(["members", "add", "bo@example.net", "--name", "Bo"])
        .success();
    let ann = announced(&ug);
    let bo = parse_mail(&[ug.path("out/announce_2026-12-08_bo@example.net.eml")])
        .pop()
        .unwrap();
    let re = "Re: Tue Dec 8: Async in practice";
    deliver(
        &ug,
        1,
        "Ann Müller <ann.mueller@gmail.com>",
        Some(&ann.message_id),
        re,
        "yes, and I'd like to give a talk on Django 6.0",
    );
    deliver(
        &ug,
        2,
        "Bo <bo@example.net>",
        Some(&bo.message_id),
        re,
        "Yes! See you there.",
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("yes, seat taken; proposal: talk 5 \"Django 6.0\" from Ann Müller");
    let rsvps: Vec<String> = parse_toml(&ug.text())["events"][0]["rsvps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["email"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rsvps, ["ann.mueller@gmail.com yes", "bo@example.net yes"]);
    let talks = entries(&ug, "talks");
    assert_eq!(talks.len(), 2, "talk 4 and Ann's: {talks:?}");
    assert_eq!(talks[1]["speaker"].as_str(), Some("ann"));
    assert!(
        entries(&ug, "people")
            .iter()
            .all(|p| p["id"].as_str() != Some("bo"))
    );
    // Ann's proposal waits for an organizer; Bo's plain yes does not.
    let waiting = ug.json(&["inbox"])["waiting"].clone();
    let from: Vec<&str> = waiting
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["from"].as_str().unwrap())
        .collect();
    assert_eq!(from, ["ann.mueller@gmail.com"]);
}

#[test]
fn a_proposal_is_handled_once_across_reruns_and_a_crash_replay() {
    let ug = inbox(true);
    let ann = announced(&ug);
    deliver(
        &ug,
        1,
        "Maria Lopez <maria.lopez@example.com>",
        Some(&ann.message_id),
        "Re: Dec 8",
        "I'd like to give a lightning talk on HTMX forms",
    );
    ug.run_with(["inbox"]).success();
    let after = ug.text();
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
    assert_eq!(ug.text(), after);
    // A crash after the file edit, before the log line: the next run reads
    // the message again and finds the talk and the person already there.
    fs::remove_file(ug.path("group.inbox.log")).unwrap();
    fs::remove_file(ug.path("group.inbox.cache")).ok();
    ug.run_with(["inbox"]).success().stdout_has(
        "proposal: lightning talk 5 \"HTMX forms\" from Maria Lopez (already in the file)",
    );
    assert_eq!(ug.text(), after);
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
}

#[test]
fn a_dry_run_says_what_it_would_propose_and_writes_nothing() {
    let ug = inbox(true);
    let ann = announced(&ug);
    deliver(
        &ug,
        1,
        "maria.lopez@example.com",
        Some(&ann.message_id),
        "Re: Dec 8",
        "Talk proposal: HTMX forms",
    );
    let before = ug.text();
    ug.run_with(["inbox", "--dry-run"])
        .success()
        .stdout_has("proposal: talk 5 \"HTMX forms\" from maria.lopez (added to [[people]] as `maria-lopez`)")
        .stdout_has("Dry run: nothing recorded.");
    assert_eq!(ug.text(), before);
    assert!(!ug.path("group.inbox.log").exists());
}

#[test]
fn a_reply_about_a_talk_that_offers_none_changes_nothing() {
    let ug = inbox(true);
    let ann = announced(&ug);
    deliver(
        &ug,
        1,
        "Bo <bo@example.net>",
        Some(&ann.message_id),
        "Re: Dec 8",
        "Will there be a talk on async traits? Can't wait for the talk on Tokio.",
    );
    let before = ug.text();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("needs a person");
    assert_eq!(ug.text(), before);
}

/// `ug inbox` under a file-size limit of `blocks` 512-byte blocks: the
/// kernel kills it (SIGXFSZ) at the first write past it.
fn inbox_limited(ug: &Ug, blocks: u64) {
    use std::os::unix::process::ExitStatusExt;
    let out = ug
        .prepare("sh")
        .args(["-c", "ulimit -c 0; ulimit -f \"$1\"; exec \"$0\" inbox"])
        .arg(support::UG)
        .arg(blocks.to_string())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.signal(),
        Some(25),
        "not killed by SIGXFSZ: {out:?}"
    );
}

/// The inbox with 200 questions handled (a log longer than the group
/// file), then two replies to the announcement that offer talks, one of
/// them also a yes.
fn crash_scene() -> Ug {
    let ug = inbox(true);
    let ann = announced(&ug);
    for i in 0..200 {
        let q = format!(
            "From: q{i}@example.net\r\nTo: rsvp@example.org\r\nSubject: Parking?\r\n\
             Message-ID: <q{i}@example.net>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n\r\nIs there parking?\r\n"
        );
        fs::write(ug.path(&format!("mail/INBOX/new/1795500000.Q{i}P1.mx")), q).unwrap();
    }
    ug.run_with(["inbox"]).success();
    let re = "Re: Tue Dec 8: Async in practice";
    let maria = "Maria Lopez <maria.lopez@example.com>";
    deliver(
        &ug,
        1,
        maria,
        Some(&ann.message_id),
        re,
        "I'd like to give a lightning talk on HTMX forms",
    );
    let ann_mail = "Ann Müller <ann.mueller@gmail.com>";
    deliver(
        &ug,
        2,
        ann_mail,
        Some(&ann.message_id),
        re,
        "yes, and a talk on Django 6.0",
    );
    ug
}

/// The ids of the mail waiting for a person, as `ug inbox --json` lists them.
fn waiting(ug: &Ug) -> Vec<String> {
    let v = ug.json(&["inbox"]);
    let mut ids: Vec<String> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn killed_after_the_edit_before_the_log_a_rerun_proposes_each_talk_once() {
    let never = crash_scene();
    never.run_with(["inbox"]).success();
    let want = never.text();
    let want_waiting = waiting(&never);
    assert_eq!(
        want_waiting.len(),
        202,
        "the questions and both proposals wait"
    );
    assert!(
        want_waiting.contains(&"talk2@mail.example.com".to_string()),
        "the yes with a talk waits too"
    );

    let ug = crash_scene();
    let log = fs::read(ug.path("group.inbox.log")).unwrap();
    inbox_limited(&ug, log.len() as u64 / 512);
    assert_eq!(ug.text(), want, "the edit was durable before the kill");
    assert_eq!(
        fs::read(ug.path("group.inbox.log")).unwrap(),
        log,
        "no log line"
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("unchanged (already yes); proposal: talk 6 \"Django 6.0\" from Ann Müller (already in the file)")
        .stdout_has("\"HTMX forms\" from Maria Lopez (already in the file)");
    assert_eq!(ug.text(), want, "nothing added twice");
    assert_eq!(waiting(&ug), want_waiting);
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
}

#[test]
fn the_talk_idea_fixture_is_a_lightning_talk_proposal_that_waits() {
    let ug = inbox(false);
    let mail = repo_file("tests/fixtures/inbox/no_message_id.eml");
    fs::write(ug.path("mail/INBOX/new/1795590000.M1P77.mx"), mail).unwrap();
    ug.run_with(["inbox"]).success().stdout_has(
        "proposal: lightning talk 5 \"embedded Rust\" from old.timer (added to [[people]] as `old-timer`)",
    );
    let t = talk(&ug, 5).unwrap();
    assert_eq!(
        (t["kind"].as_str(), t["speaker"].as_str()),
        (Some("lightning"), Some("old-timer"))
    );
    let waiting = ug.json(&["inbox"])["waiting"].clone();
    assert_eq!(waiting[0]["subject"], "Talk idea", "{waiting}");
    ug.assert_valid();
}
