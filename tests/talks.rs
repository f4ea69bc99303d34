//! Speakers and talks (SPEC §9), through the real binary: `ug talks` and
//! its `--json`, the personal ask (one mail, sent once, over a real SMTP
//! server, parsed back), the answers by hand and by a reply in a Maildir,
//! scheduling by hand and by `ug next-meetup` / `ug daily` (oldest first,
//! kind matching kind), `ug events held` marking talks given, and the
//! speaker thanked once; edits change only their own lines.

#[path = "support/mod.rs"]
mod support;

use std::fs;

use support::{Mail, Server, Ug, parse_toml};

/// A group on `port` (the test SMTP server) with an upcoming talks night
/// that has a talk slot and a lightning slot open, a Maildir inbox, and a
/// pipeline of talks: 1 given, 2 asked (Nov 20), 3 proposed, 4 accepted
/// (lightning), 5 declined. UG_NOW is 2026-11-26 unless a test says otherwise.
fn group(port: u16) -> String {
    format!(
        r#"# Speakers test group.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann Example"
email = "ann@riverside.example"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Example"
email = "bo@riverside.example"
roles = ["co-organizer", "contact"]

[[people]]
id = "kofi"
name = "Kofi Mensah"
email = "kofi@example.net"
roles = ["speaker"]

[[people]]
id = "priya"
name = "Priya Raman"
email = "priya@example.net"
roles = ["speaker"]

[[people]]
id = "lee"
name = "Lee Park"
email = "lee@example.net"

[schedule]
rule = "second tuesday monthly"
time = "18:30"
duration = "2h30m"
formats = ["talks"]

[[venues]]
id = "hall"
name = "Town Hall"
address = "1 Main St, Riverside"
capacity = 60
contact = "bo"

[reminders]
thanks = "1d"

[email]
from = "Rust Riverside <organizers@riverside.example>"
transport = "smtp"

[email.smtp]
host = "127.0.0.1"
port = {port}
security = "none"

[inbox]
maildir = "mail/INBOX"
sent_maildir = "mail/Sent"

[[events]]
id = "2026-11-10"
title = "November social"
start = 2026-11-10T18:30:00
format = "social"
venue = "hall"
status = "held"
attendance = 30

[[events]]
id = "2026-12-08"
title = "December talks"
start = 2026-12-08T18:30:00
duration = "2h30m"
format = "talks"
venue = "hall"
status = "confirmed"

[[events.agenda]]
title = "Doors open"
kind = "social"
minutes = 30

[[events.agenda]]
title = "Talk 1 (open slot)"
kind = "talk"
minutes = 30

[[events.agenda]]
title = "Lightning talk 1 (open slot)"
kind = "lightning"
minutes = 5

[[events.agenda]]
title = "Wrap-up"
kind = "social"
minutes = 10

[[talks]]
id = 1
title = "Ownership for Pythonistas"
speaker = "priya"
minutes = 30
kind = "talk"
status = "given"
event = "2026-11-10"

[[talks]]
id = 2
title = "Async in practice"
speaker = "kofi"
minutes = 30
kind = "talk"
status = "asked"
asked_on = 2026-11-20

[[talks]]
id = 3
title = "Serde tricks"
speaker = "lee"
minutes = 5
kind = "lightning"
status = "proposed"

[[talks]]
id = 4
title = "Clippy in CI"
speaker = "priya"
minutes = 5
kind = "lightning"
status = "accepted"

[[talks]]
id = 5
title = "Embedded Rust"
speaker = "lee"
kind = "talk"
status = "declined"
"#
    )
}

/// The group beside an empty Maildir (new/, cur/, tmp/, and a sent one).
fn ug(port: u16) -> Ug {
    let ug = Ug::with_group(&group(port)).env("NO_COLOR", "1");
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

/// Talk `id` as the file holds it now.
fn talk(ug: &Ug, id: i64) -> toml::Table {
    let doc = parse_toml(&ug.text());
    let talks = doc["talks"].as_array().expect("[[talks]]");
    talks
        .iter()
        .map(|t| t.as_table().unwrap().clone())
        .find(|t| t["id"].as_integer() == Some(id))
        .unwrap_or_else(|| panic!("no talk {id}"))
}

/// Event `id`'s agenda: (title, kind, minutes, speaker) per item.
fn agenda(ug: &Ug, id: &str) -> Vec<(String, String, i64, Option<String>)> {
    let doc = parse_toml(&ug.text());
    let ev = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no event {id}"))
        .clone();
    ev.get("agenda")
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .map(|i| {
                    (
                        i["title"].as_str().unwrap().to_string(),
                        i["kind"].as_str().unwrap_or("").to_string(),
                        i["minutes"].as_integer().unwrap_or(0),
                        i.get("speaker").and_then(|s| s.as_str()).map(String::from),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The messages of one kind the server got: by the Message-ID's first part.
fn of_kind<'m>(mail: &'m [Mail], kind: &str) -> Vec<&'m Mail> {
    let prefix = format!("{kind}.");
    mail.iter()
        .filter(|m| m.message_id.starts_with(&prefix))
        .collect()
}

/// A plain reply from `from` to ug's message `to_id`, saying `body`.
fn deliver(ug: &Ug, i: usize, from: &str, to_id: &str, body: &str) {
    let mail = format!(
        "From: {from}\r\nTo: Rust Riverside <organizers@riverside.example>\r\n\
         Subject: Re: your ask\r\nMessage-ID: <reply{i}@mail.example.net>\r\n\
         In-Reply-To: {to_id}\r\nReferences: {to_id}\r\n\
         Date: Thu, 26 Nov 2026 12:00:00 +0100\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         {body}\r\n\r\n> Would you give a talk?\r\n"
    );
    let name = format!("{}.M{i}P1.mx", 1_795_690_000 + i as u64 * 60);
    fs::write(ug.path(&format!("mail/INBOX/new/{name}")), mail).unwrap();
}

#[test]
fn the_pipeline_lists_each_stage_and_flags_old_asks() {
    let ug = ug(1);
    let out = ug.run_with(["talks"]);
    out.success()
        .stdout_has("Proposed (1)")
        .stdout_has("Serde tricks")
        .stdout_has("Accepted, not on an agenda yet (1)")
        .stdout_has("Clippy in CI")
        .stdout_has("2026-12-08 December talks, 2 open slots")
        .stdout_has("Asked, waiting for an answer (1)")
        .stdout_has("asked 2026-11-20, 6 days ago: follow up with Kofi Mensah")
        .stdout_has("Given: 1; declined or withdrawn: 1");
    for line in out.stdout.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    let v = ug.run_with(["talks", "--json"]).json();
    assert_eq!(v["proposed"][0]["id"], 3);
    assert_eq!(v["accepted"][0]["title"], "Clippy in CI");
    assert_eq!(v["accepted"][0]["kind"], "lightning");
    assert_eq!(v["asked"][0]["speaker"], "kofi");
    assert_eq!(v["asked"][0]["waiting_days"], 6);
    assert_eq!(v["asked"][0]["follow_up"], true);
    assert_eq!(v["scheduled"][0]["event"], "2026-12-08");
    assert_eq!(v["scheduled"][0]["open_slots"], 2);
    assert_eq!(v["given"], 1);
    // Two days after the ask, it is not flagged yet.
    let v = ug.run_at("2026-11-22", &["talks", "--json"]).json();
    assert_eq!(v["asked"][0]["follow_up"], false);
}

#[test]
fn an_ask_sends_one_personal_mail_and_records_the_talk() {
    let server = Server::plain();
    let ug = ug(server.port);
    ug.run_with([
        "talks",
        "ask",
        "lee",
        "--event",
        "2026-12-08",
        "--kind",
        "lightning",
        "--title",
        "Serde in anger",
        "--minutes",
        "7",
    ])
    .success()
    .stdout_has("Asked Lee Park to give a lightning talk at 2026-12-08: talk 6.")
    .stdout_has("Sent 1 message");
    let t = talk(&ug, 6);
    assert_eq!(t["speaker"].as_str(), Some("lee"));
    assert_eq!(t["status"].as_str(), Some("asked"));
    assert_eq!(t["kind"].as_str(), Some("lightning"));
    assert_eq!(t["event"].as_str(), Some("2026-12-08"));
    assert_eq!(t["minutes"].as_integer(), Some(7));
    assert_eq!(t["asked_on"].to_string(), "2026-11-26");
    let mail = server.mail();
    assert_eq!(
        mail.len(),
        1,
        "one mail: {:?}",
        mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let m = &mail[0];
    assert!(m.defects.is_empty(), "{:?}", m.defects);
    assert_eq!(m.rcpt(), "lee@example.net");
    assert!(
        m.message_id.starts_with("talk-ask.6.2026-11-26."),
        "{}",
        m.message_id
    );
    assert!(
        m.message_id.ends_with("@riverside.example"),
        "{}",
        m.message_id
    );
    assert_eq!(
        m.subject,
        "Would you give a lightning talk at Rust Riverside on Tue Dec 8?"
    );
    let text = m.text.as_deref().unwrap();
    for want in [
        "Hi Lee,",
        "Tuesday, December 8, 2026, 18:30-21:00",
        "at Town Hall, 1 Main St, Riverside",
        "\"Serde in anger\": about 7 minutes",
        "reply yes or no",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }

    // Asked again the same day: no second talk, no second mail.
    let before = ug.text();
    ug.run_with(["talks", "ask", "lee", "--event", "2026-12-08"])
        .success()
        .stdout_has("Lee Park was already asked today (talk 6): not asked twice.")
        .stdout_has("Not sent again");
    assert_eq!(ug.text(), before);
    ug.run_with(["remind", "--send", "--kind", "talk-ask"])
        .success();
    let mail = server.mail();
    assert_eq!(
        of_kind(&mail, "talk-ask").len(),
        2,
        "talk 6 once, and talk 2's ask (asked Nov 20, never sent)"
    );
    assert_eq!(
        of_kind(&mail, "talk-ask")
            .iter()
            .filter(|m| m.rcpt() == "lee@example.net")
            .count(),
        1
    );
}

#[test]
fn without_email_the_ask_is_recorded_and_says_how_to_send_it() {
    let text = group(1);
    let at = text.find("[email]").unwrap();
    let end = text.find("[inbox]").unwrap();
    let text = format!("{}{}", &text[..at], &text[end..]);
    let ug = Ug::with_group(&text);
    ug.run_with(["talks", "ask", "lee", "--kind", "tutorial"])
        .success()
        .stdout_has("Asked Lee Park to give a tutorial at 2026-12-08 (the next meetup): talk 6.")
        .stdout_has("no mail went: the group file has no [email] section")
        .stdout_has("`ug remind --send --kind talk-ask`");
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("asked"));
    assert!(talk(&ug, 6).get("event").is_none());
}

#[test]
fn bad_ids_and_wrong_statuses_exit_1_and_write_nothing() {
    let ug = ug(1);
    let before = ug.text();
    let cases: [(&[&str], &str); 8] = [
        (
            &["talks", "ask", "kofy"],
            "unknown person `kofy`; did you mean `kofi`?",
        ),
        (
            &["talks", "accept", "9"],
            "there is no talk 9; the nearest ids are 3, 4, 5",
        ),
        (&["talks", "decline", "0"], "there is no talk 0"),
        (
            &["talks", "schedule", "9", "2026-12-08"],
            "there is no talk 9",
        ),
        (&["talks", "schedule", "4", "2026-12-09"], "2026-12-09"),
        (
            &["talks", "accept", "1"],
            "talk 1 (Ownership for Pythonistas) is `given`",
        ),
        (&["talks", "schedule", "1", "2026-12-08"], "is `given`"),
        (
            &["talks", "ask", "kofi", "--event", "2026-11-10"],
            "event 2026-11-10 is `held`",
        ),
    ];
    for (args, message) in cases {
        ug.run_with(args.iter().copied())
            .code(1)
            .stderr_has(message);
        assert_eq!(ug.text(), before, "{args:?} wrote");
    }
    ug.run_with(["talks", "ask", "kofi", "--kind", "keynote"])
        .code(2)
        .stderr_has("use talk, lightning or tutorial");
    assert_eq!(ug.text(), before);
}

#[test]
fn answers_and_scheduling_change_only_their_own_lines() {
    // Talk 5 is a proposal here: scheduled by hand straight from there.
    let text = group(1).replace(
        "kind = \"talk\"\nstatus = \"declined\"",
        "kind = \"talk\"\nstatus = \"proposed\"",
    );
    let ug = Ug::with_group(&text);
    let before = ug.text();
    ug.run_with(["talks", "accept", "2"])
        .success()
        .stdout_has("Kofi Mensah will give talk 2, Async in practice.");
    let want = before.replacen(
        "kind = \"talk\"\nstatus = \"asked\"",
        "kind = \"talk\"\nstatus = \"accepted\"",
        1,
    );
    assert_eq!(ug.text(), want, "only talk 2's status changed");

    ug.run_with(["talks", "decline", "3"])
        .success()
        .stdout_has("Lee Park declined talk 3 (Serde tricks)");
    let want = want.replacen("status = \"proposed\"", "status = \"declined\"", 1);
    assert_eq!(ug.text(), want);

    // By hand: talk 2 takes the talk slot; its title, speaker and minutes.
    ug.run_with(["talks", "schedule", "2", "2026-12-08"])
        .success()
        .stdout_has("Talk 2 (Async in practice, Kofi Mensah) fills slot 2 of 2026-12-08 (was \"Talk 1 (open slot)\").");
    let want = want
        .replacen(
            "title = \"Talk 1 (open slot)\"\nkind = \"talk\"\nminutes = 30\n",
            "title = \"Async in practice\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"kofi\"\n",
            1,
        )
        .replacen(
            "kind = \"talk\"\nstatus = \"accepted\"\nasked_on = 2026-11-20\n",
            "kind = \"talk\"\nstatus = \"scheduled\"\nasked_on = 2026-11-20\nevent = \"2026-12-08\"\n",
            1,
        );
    assert_eq!(ug.text(), want);
    // No talk slot is left: a second talk is added at the end of the agenda.
    ug.run_with(["talks", "schedule", "5", "2026-12-08"])
        .success()
        .stdout_has("is added to the agenda of 2026-12-08");
    let items = agenda(&ug, "2026-12-08");
    assert_eq!(items.len(), 5);
    assert_eq!(
        items[4],
        (
            "Embedded Rust".into(),
            "talk".into(),
            30,
            Some("lee".into())
        )
    );
    ug.run_with(["check"]).success();
}

#[test]
fn daily_fills_open_slots_oldest_first_and_kind_matched() {
    let server = Server::plain();
    let text = group(server.port)
        // Talk 6 (a lightning talk, newer than 4) and talk 7 (a talk asked
        // for the January event, which has no open slot) are accepted too.
        + "\n[[events]]\nid = \"2027-01-12\"\ntitle = \"January social\"\nstart = 2027-01-12T18:30:00\nformat = \"social\"\nvenue = \"hall\"\nstatus = \"planned\"\n"
        + "\n[[talks]]\nid = 6\ntitle = \"Macros 101\"\nspeaker = \"kofi\"\nkind = \"lightning\"\nstatus = \"accepted\"\n\
           \n[[talks]]\nid = 7\ntitle = \"For January\"\nspeaker = \"lee\"\nkind = \"talk\"\nstatus = \"accepted\"\nevent = \"2027-01-12\"\n";
    let ug = Ug::with_group(&text).env("NO_COLOR", "1");
    fs::create_dir_all(ug.path("mail/INBOX/new")).unwrap();
    fs::create_dir_all(ug.path("mail/INBOX/cur")).unwrap();
    let out = ug.run_with(["daily"]);
    out.stdout_has("filled: talk 4 (Clippy in CI, Priya Raman) fills slot 3 of 2026-12-08");
    let items = agenda(&ug, "2026-12-08");
    // The lightning slot takes the oldest lightning talk; no lightning talk
    // goes in the talk slot, and talk 7 waits for its own event.
    assert_eq!(
        items[2],
        (
            "Clippy in CI".into(),
            "lightning".into(),
            5,
            Some("priya".into())
        )
    );
    assert_eq!(items[1].0, "Talk 1 (open slot)");
    assert_eq!(items[1].3, None);
    assert_eq!(talk(&ug, 4)["status"].as_str(), Some("scheduled"));
    assert_eq!(talk(&ug, 4)["event"].as_str(), Some("2026-12-08"));
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("accepted"));
    assert_eq!(talk(&ug, 7)["status"].as_str(), Some("accepted"));
    // Idempotent: the next run fills nothing more.
    let after = ug.text();
    let out = ug.run_with(["daily"]);
    assert!(!out.stdout.contains("filled"), "{}", out.stdout);
    assert_eq!(ug.text(), after);
}

#[test]
fn next_meetup_fills_the_new_agenda_from_accepted_talks() {
    let text = group(1)
        .replace("status = \"confirmed\"", "status = \"held\"")
        .replace("status = \"asked\"", "status = \"accepted\"")
        + "\n[[talks]]\nid = 6\ntitle = \"Traits deep dive\"\nspeaker = \"lee\"\nminutes = 40\nkind = \"talk\"\nstatus = \"accepted\"\n";
    let ug = Ug::with_group(&text).at("2026-12-10").env("NO_COLOR", "1");
    ug.run_with(["next-meetup", "--yes"])
        .success()
        .stdout_has("Filled: talk 2 (Async in practice, Kofi Mensah) fills slot 3 of 2027-01-12 (was \"Talk 1 (open slot)\")")
        .stdout_has("Filled: talk 6 (Traits deep dive, Lee Park) fills slot 5 of 2027-01-12");
    let items = agenda(&ug, "2027-01-12");
    assert_eq!(
        items[2],
        (
            "Async in practice".into(),
            "talk".into(),
            30,
            Some("kofi".into())
        )
    );
    assert_eq!(
        items[4],
        (
            "Traits deep dive".into(),
            "talk".into(),
            40,
            Some("lee".into())
        )
    );
    // The built-in talks skeleton has no lightning slot: talk 4 waits.
    assert_eq!(talk(&ug, 4)["status"].as_str(), Some("accepted"));
    ug.run_with(["check"]).success();
}

#[test]
fn held_marks_talks_given_and_each_speaker_is_thanked_once() {
    let server = Server::plain();
    let ug = ug(server.port);
    ug.run_with(["talks", "schedule", "4", "2026-12-08"])
        .success();
    ug.run_at(
        "2026-12-09",
        &["events", "held", "2026-12-08", "--attendance", "41"],
    )
    .success()
    .stdout_has("Talk 4 (Clippy in CI) was given. `ug remind` thanks the speaker.");
    assert_eq!(talk(&ug, 4)["status"].as_str(), Some("given"));
    for day in [
        "2026-12-09T10:00:00",
        "2026-12-10T08:00:00",
        "2026-12-10T09:00:00",
    ] {
        ug.run_at(day, &["remind", "--send", "--yes"]).success();
        ug.run_at(day, &["daily"]);
    }
    let mail = server.mail();
    let thanks = of_kind(&mail, "talk-thanks");
    assert_eq!(
        thanks.len(),
        1,
        "{:?}",
        mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert_eq!(thanks[0].rcpt(), "priya@example.net");
    assert_eq!(thanks[0].subject, "Thank you for your talk: Clippy in CI");
    let text = thanks[0].text.as_deref().unwrap();
    assert!(text.contains("41 people came to hear it."), "{text}");
    // Talk 1 was given before at the November social: its window is long past.
    assert!(thanks.iter().all(|m| !m.subject.contains("Ownership")));
}

#[test]
fn ask_yes_by_mail_then_daily_then_held_then_thanked_end_to_end() {
    let server = Server::plain();
    let ug = ug(server.port);
    // 1. The ask: one mail.
    ug.run_with(["talks", "ask", "lee", "--title", "Serde in anger"])
        .success();
    let ask = of_kind(&server.mail(), "talk-ask")
        .into_iter()
        .find(|m| m.rcpt() == "lee@example.net")
        .expect("the ask to Lee")
        .message_id
        .clone();
    let ask = format!("<{ask}>");
    // 2. Lee's "yes" comes back; someone else's "yes" to it (the ask's
    // token is Lee's, so it proves nothing for her: SPEC 11) is left for a
    // person.
    deliver(&ug, 1, "Eve <eve@example.com>", &ask, "yes");
    deliver(&ug, 2, "Lee Park <lee@example.net>", &ask, "Yes, gladly!");
    ug.run_with(["inbox"])
        .success()
        .stdout_has("lee@example.net: Lee Park will give talk 6, Serde in anger.")
        .stdout_has("Waiting for a person (1):")
        .stdout_has("Eve <eve@example.com>: Re: your ask");
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("accepted"));
    // 3. The next daily run puts it in the agenda's talk slot.
    ug.run_at("2026-11-27", &["daily"])
        .stdout_has("filled: talk 6 (Serde in anger, Lee Park) fills slot 2 of 2026-12-08");
    assert_eq!(agenda(&ug, "2026-12-08")[1].3.as_deref(), Some("lee"));
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("scheduled"));
    // 4. Held: given; the thank-you goes once over repeated runs.
    ug.run_at("2026-12-08T22:00:00", &["events", "held", "2026-12-08"])
        .success();
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("given"));
    for day in ["2026-12-09T09:00:00", "2026-12-09T10:00:00", "2026-12-11"] {
        ug.run_at(day, &["daily"]);
    }
    let mail = server.mail();
    let to_lee: Vec<&Mail> = mail
        .iter()
        .filter(|m| m.rcpt() == "lee@example.net")
        .collect();
    let kinds: Vec<&str> = to_lee
        .iter()
        .map(|m| m.message_id.split('.').next().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        ["talk-ask", "talk-thanks"],
        "Lee got the ask and one thank-you"
    );
}

#[test]
fn a_failed_send_keeps_the_ask_and_the_next_remind_sends_it_once() {
    let down = support::refusing_port();
    let ug = ug(down.port).env("UG_RETRY_BASE_MS", "1");
    ug.run_with(["talks", "ask", "lee", "--json"])
        .code(1)
        .stderr_has("Asked Lee Park to give a talk")
        .stderr_has("could not open an SMTP session");
    assert_eq!(talk(&ug, 6)["status"].as_str(), Some("asked"));
    // The server is back: the ask goes with the next send, and only once.
    let server = Server::plain();
    let text = ug.text().replace(
        &format!("port = {}", down.port),
        &format!("port = {}", server.port),
    );
    fs::write(ug.path("group.toml"), text).unwrap();
    for _ in 0..2 {
        ug.run_with(["remind", "--send", "--kind", "talk-ask"])
            .success();
    }
    let mail = server.mail();
    let to_lee = of_kind(&mail, "talk-ask")
        .into_iter()
        .filter(|m| m.rcpt() == "lee@example.net")
        .count();
    assert_eq!(to_lee, 1);
}
