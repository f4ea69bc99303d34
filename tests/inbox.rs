//! `ug inbox`: real replies (tests/fixtures/inbox/*.eml, one per client and
//! case) in a Maildir beside a group file, sorted and listed; what waits for
//! a person until it is answered or closed; each message handled once, ever,
//! whatever happens to its file (moved to cur/, copied) and across a kill
//! (`inbox/kill.rs`). Runs the real binary through the shared harness
//! (`tests/support/`).

#[path = "support/mod.rs"]
mod support;

#[path = "inbox/kill.rs"]
mod kill;

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;
use support::{Ug, repo, repo_file};

/// 2026-11-24 08:00 UTC: the first fixture's arrival (in its file name).
const FIRST: u64 = 1_795_507_200;

/// The fixture group, with task 3 Aiko's: `nudge_done.eml` answers the
/// nudge ug sent her about it, and only a task's owner marks it done by
/// mail (a former owner's old nudge proves who they are, not that they
/// still may: SPEC 11).
fn group() -> String {
    repo_file("tests/fixtures/inbox/group.toml")
        .replacen("owner = \"dana\"", "owner = \"aiko\"", 1)
        .replacen(
            "[schedule]",
            "[[people]]\nid = \"aiko\"\nname = \"Aiko Tanaka\"\nemail = \"aiko.tanaka@gmail.com\"\nroles = [\"helper\"]\n\n[schedule]",
            1,
        )
}

/// Every `.eml` fixture, by name, in name order.
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(repo("tests/fixtures/inbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The Maildir file name a fetcher would give the `i`th message.
fn maildir_name(i: usize) -> String {
    format!("{}.M{i}P4242.mx", FIRST + i as u64 * 600)
}

/// The group and a Maildir holding `names` (fixtures), delivered to new/
/// ten minutes apart, with empty cur/, tmp/ and a sent Maildir.
fn inbox_with(names: &[&str]) -> Ug {
    let mut ug = Ug::with_group(&group()).at("2026-11-27T10:00:00");
    for d in [
        "mail/INBOX/cur",
        "mail/INBOX/tmp",
        "mail/Sent/cur",
        "mail/Sent/new",
    ] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    for (i, name) in names.iter().enumerate() {
        let bytes = repo_file(&format!("tests/fixtures/inbox/{name}"));
        ug = ug.file(&format!("mail/INBOX/new/{}", maildir_name(i)), bytes);
    }
    ug
}

fn all() -> Ug {
    let names: Vec<String> = fixtures().into_iter().map(|(n, _)| n).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    inbox_with(&refs)
}

/// Every file under `dir` with its bytes.
fn tree(ug: &Ug, dir: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["new", "cur", "tmp"] {
        let Ok(rd) = fs::read_dir(ug.path(&format!("{dir}/{sub}"))) else {
            continue;
        };
        for e in rd {
            let e = e.unwrap();
            out.insert(
                format!("{sub}/{}", e.file_name().to_string_lossy()),
                fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

fn log_lines(ug: &Ug) -> Vec<String> {
    fs::read_to_string(ug.path("group.inbox.log"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

/// `--json`'s messages as (from, class, extra) for comparison.
fn classes(v: &Value) -> BTreeMap<String, String> {
    v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mut c = m["class"].as_str().unwrap().to_string();
            for k in ["event", "yes", "guests", "task", "hard", "recipient"] {
                if let Some(x) = m.get(k).filter(|x| !x.is_null()) {
                    c.push_str(&format!(" {k}={x}"));
                }
            }
            (m["from"].as_str().unwrap().to_string(), c)
        })
        .collect()
}

#[test]
fn inbox_dry_run_says_what_each_reply_is_and_writes_nothing() {
    let ug = all();
    let before = tree(&ug, "mail/INBOX");
    let out = ug.run_with(["inbox", "--dry-run", "--json"]);
    out.success();
    let v = out.json();
    assert_eq!(v["dry_run"], true);
    let got = classes(&v);
    let want = [
        (
            "ann.mueller@gmail.com",
            "rsvp event=\"2026-12-08\" yes=true guests=0",
        ),
        (
            "kofi.mensah@gmail.com",
            "rsvp event=\"2026-12-08\" yes=true guests=2",
        ),
        (
            "jonas.schneider@contoso.com",
            "rsvp event=\"2026-12-08\" yes=false guests=0",
        ),
        (
            "m.kowalski@firma.example.pl",
            "rsvp event=\"2026-12-08\" yes=true guests=0",
        ),
        (
            "rosa.delgado@icloud.com",
            "rsvp event=\"2026-12-08\" yes=true guests=1",
        ),
        (
            "lena.vogel@posteo.de",
            "rsvp event=\"2026-12-08\" yes=false guests=0",
        ),
        (
            "camille.bernard@laposte.net",
            "rsvp event=\"2026-12-08\" yes=true guests=0",
        ),
        (
            "priya.n@outlook.com",
            "rsvp event=\"2026-12-08\" yes=true guests=0",
        ),
        (
            "tom.baker@fastmail.com",
            "rsvp event=\"2026-12-08\" yes=true guests=1",
        ),
        ("dana.w@gmail.com", "task-ask yes=true task=\"3\""),
        ("ben.okafor@proton.me", "task-ask yes=false task=\"7\""),
        ("aiko.tanaka@gmail.com", "task-done task=\"3\""),
        ("chris.p@example.com", "unsubscribe"),
        ("newbie@example.net", "join"),
        (
            "mailer-daemon@mx.example.org",
            "bounce hard=true recipient=\"gone@example.com\"",
        ),
        (
            "mailer-daemon@googlemail.com",
            "bounce hard=false recipient=\"full.box@gmail.com\"",
        ),
        ("elena.rossi@contoso.com", "auto-reply"),
        ("kai@mailbox.org", "auto-reply"),
        ("lukas@web.example.de", "auto-reply"),
        ("organizers@example.org", "own"),
        (
            "jonas.berg@me.com",
            "rsvp event=\"2026-12-08\" yes=false guests=0",
        ),
        ("samir.haddad@gmail.com", "person"),
        ("jose.nunez@correo.example.es", "person"),
        ("old.timer@example.net", "person"),
    ];
    for (from, class) in want {
        assert_eq!(
            got.get(from).map(String::as_str),
            Some(class),
            "{from}: {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len());
    assert!(
        !ug.path("group.inbox.log").exists(),
        "a dry run records nothing"
    );
    assert_eq!(
        tree(&ug, "mail/INBOX"),
        before,
        "mail is never moved or changed"
    );
    assert_eq!(ug.read("group.toml"), group());

    let text = ug.run_with(["inbox", "--dry-run"]);
    text.success()
        .stdout_has("24 new messages:")
        .stdout_has("RSVP yes +2 for 2026-12-08")
        .stdout_has("task 7 declined")
        .stdout_has("hard bounce for gone@example.com")
        .stdout_has("José Núñez <jose.nunez@correo.example.es>: Frage zur Anmeldung – Zugang für Rollstühle?")
        .stdout_has("Dry run: nothing recorded.");
}

#[test]
fn inbox_lists_what_waits_for_a_person_with_its_age() {
    let ug = inbox_with(&["question.eml", "gmail_yes.eml", "question_non_ascii.eml"]);
    let out = ug.run_with(["inbox"]);
    out.success()
        .stdout_has("3 new messages:")
        .stdout_has("Waiting for a person (2):")
        .stdout_has("3d  Samir Haddad <samir.haddad@gmail.com>: Re: Rust Lakeside: Async in practice, Tue 8 Dec")
        .stdout_has("`ug inbox done ID`");
    assert!(
        ug.read("group.toml").contains("{ email = \"ann.mueller@gmail.com\", name = \"Ann Müller\", status = \"yes\", at = 2026-11-24T09:10:00, via = \"email\" },"),
        "the RSVP is recorded, at its delivery (its Maildir name), not its Received stamp (10:15:42)"
    );
    let v = ug.run_with(["inbox", "--json"]).json();
    let waiting = v["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(
        waiting[0]["message_id"],
        "CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com"
    );
    // Delivered when its Maildir name says (08:00 UTC), not when its Date
    // header (11:20 in Berlin), which the sender writes, claims.
    assert_eq!(waiting[0]["arrived"], "2026-11-24T08:00:00Z");
    // Now is 10:00 in Berlin, 09:00 UTC: three days and an hour.
    assert_eq!(waiting[0]["age"], 3 * 86_400 + 3600);
}

#[test]
fn a_message_copied_in_by_hand_is_dated_by_its_file_time_not_its_headers() {
    // `1.eml` is no delivery time (the seconds a fetcher puts first): the
    // age comes from the file's modification time, not from 1970, nor from
    // the Date header the sender wrote (a week earlier here).
    let ug = inbox_with(&[]).file(
        "mail/INBOX/new/1.eml",
        "From: Ann Becker <ann@example.com>\r\nTo: rsvp@example.org\r\n\
         Subject: Parking?\r\nMessage-ID: <parking@example.com>\r\n\
         Date: Tue, 17 Nov 2026 10:00:00 +0100\r\n\r\nIs there parking near the venue?\r\n",
    );
    let delivered = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_510_800);
    fs::File::options()
        .write(true)
        .open(ug.path("mail/INBOX/new/1.eml"))
        .unwrap()
        .set_modified(delivered)
        .unwrap();
    let v = ug.run_with(["inbox", "--json"]).json();
    let waiting = v["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["arrived"], "2026-11-24T09:00:00Z");
    assert_eq!(waiting[0]["age"], 3 * 86_400);
}

#[test]
fn each_message_is_handled_once_even_when_its_file_moves_or_is_copied() {
    let ug = inbox_with(&[
        "question.eml",
        "bounce_hard.eml",
        "vacation_outlook.eml",
        "gmail_yes.eml",
    ]);
    ug.run_with(["inbox"]).success();
    let first = log_lines(&ug);
    assert_eq!(
        first.len(),
        4,
        "person, bounce, auto-reply, RSVP: {first:#?}"
    );
    // The mail program marks them seen (new/ -> cur/ with flags) and a
    // second copy of the question arrives under another name.
    for i in 0..4 {
        let name = maildir_name(i);
        fs::rename(
            ug.path(&format!("mail/INBOX/new/{name}")),
            ug.path(&format!("mail/INBOX/cur/{name}:2,S")),
        )
        .unwrap();
    }
    fs::copy(
        ug.path(&format!("mail/INBOX/cur/{}:2,S", maildir_name(0))),
        ug.path("mail/INBOX/new/1795600000.M99P1.mx"),
    )
    .unwrap();
    let out = ug.run_with(["inbox", "--json"]);
    out.success();
    let v = out.json();
    let new: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["class"].as_str().unwrap())
        .collect();
    assert!(new.is_empty(), "nothing new: {new:?}");
    assert_eq!(log_lines(&ug), first, "nothing logged twice");
    assert_eq!(v["waiting"].as_array().unwrap().len(), 1);
}

#[test]
fn a_reply_in_the_sent_folder_closes_a_waiting_message() {
    let ug = inbox_with(&["question.eml", "no_message_id.eml"]);
    ug.run_with(["inbox"])
        .success()
        .stdout_has("Waiting for a person (2):");
    let reply = "From: Maya <organizers@example.org>\r\nTo: samir.haddad@gmail.com\r\n\
Subject: Re: Rust Lakeside: Async in practice, Tue 8 Dec\r\n\
In-Reply-To: <CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com>\r\n\
References: <announce.2026-12-08.5c0f3b9d2e1a4f68@example.org>\r\n <CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com>\r\n\r\nYes, in the yard.\r\n";
    fs::write(ug.path("mail/Sent/cur/1795600000.M1P1.mx:2,S"), reply).unwrap();
    let out = ug.run_with(["inbox"]);
    out.success()
        .stdout_has("No new mail.")
        .stdout_has("Answered: Re: Rust Lakeside: Async in practice, Tue 8 Dec (Samir Haddad <samir.haddad@gmail.com>)")
        .stdout_has("Waiting for a person (1):")
        .stdout_has("old.timer@example.net: Talk idea");
    assert!(
        log_lines(&ug)
            .last()
            .unwrap()
            .ends_with("\tdone\t-\tanswered")
    );
    let again = ug.run_with(["inbox"]);
    assert!(
        !again.stdout.contains("Answered:"),
        "closed once: {}",
        again.stdout
    );
}

#[test]
fn inbox_done_closes_a_message_by_its_id() {
    let ug = inbox_with(&["no_message_id.eml", "question.eml"]);
    let v = ug.run_with(["inbox", "--json"]).json();
    let waiting = v["waiting"].as_array().unwrap();
    let old_timer = waiting
        .iter()
        .find(|w| w["from"] == "old.timer@example.net")
        .expect("the message without a Message-ID waits");
    let id = old_timer["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 6, "{id}");
    ug.run_with(["inbox", "done", &id])
        .success()
        .stdout_has(&format!("Closed {id}: Talk idea (old.timer@example.net)"));
    let v = ug.run_with(["inbox", "--json"]).json();
    assert_eq!(v["waiting"].as_array().unwrap().len(), 1);
    assert_eq!(v["waiting"][0]["from"], "samir.haddad@gmail.com");
    // By Message-ID, with its brackets, works too; closing twice is fine.
    ug.run_with(["inbox", "done", "<CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com>"])
        .success();
    ug.run_with(["inbox", "done", &id]).success();
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
    let bad = ug.run_with(["inbox", "done", "abc123"]);
    bad.code(1)
        .stderr_has("no message \"abc123\" is waiting for a person")
        .stderr_has("`ug inbox` lists them");
}

#[test]
fn an_unreadable_message_is_reported_with_its_file_and_skipped() {
    let ug = inbox_with(&["question.eml"]).file(
        "mail/INBOX/cur/1795509000.M7P7.mx:2,S",
        b"\x00\x01\x02binary junk",
    );
    let out = ug.run_with(["inbox"]);
    out.success()
        .stderr_has("cur/1795509000.M7P7.mx:2,S: not a mail message")
        .stderr_has("skipped")
        .stdout_has("Waiting for a person (1):");
    let v = ug.run_with(["inbox", "--json"]).json();
    assert_eq!(v["unreadable"][0]["file"], "cur/1795509000.M7P7.mx:2,S");
}

#[test]
fn inbox_without_a_maildir_says_how_to_configure_it() {
    let text = group();
    let cut = text.find("[inbox]").unwrap();
    let ug = Ug::with_group(&text[..cut]);
    ug.run_with(["inbox"])
        .code(1)
        .stderr_has("has no [inbox] maildir")
        .stderr_has("maildir = \"mail/INBOX\"");
    let ug = Ug::with_group(&group());
    ug.run_with(["inbox"])
        .code(1)
        .stderr_has("is not a Maildir")
        .stderr_has("mbsync");
}

#[test]
fn a_bad_inbox_entry_is_located() {
    let text = group()
        .replace("answer_within = \"2d\"", "answer_within = \"2x\"")
        .replace(
            "sent_maildir = \"mail/Sent\"",
            "sent_mailbox = \"mail/Sent\"",
        );
    let ug = Ug::with_group(&text);
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let out = ug.run_with(["check"]);
    out.code(1)
        .stderr_has(&format!("group.toml:{}:17", line("answer_within")))
        .stderr_has(&format!("group.toml:{}:1: unknown field `sent_mailbox` in [inbox]; did you mean `sent_maildir`?", line("sent_mailbox")));
}

#[test]
fn a_second_inbox_run_at_the_same_time_is_refused() {
    let ug = inbox_with(&["question.eml"]);
    let held = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(ug.path("group.inbox.log"))
        .unwrap();
    held.lock().unwrap();
    ug.run_with(["inbox"])
        .code(1)
        .stderr_has("another `ug inbox` is running")
        .stderr_has("run this again");
    // A dry run only reads: it goes ahead.
    ug.run_with(["inbox", "--dry-run"])
        .success()
        .stdout_has("needs a person");
    drop(held);
    ug.run_with(["inbox"])
        .success()
        .stdout_has("Waiting for a person (1):");
}

#[test]
fn inbox_help_names_the_forms() {
    let out = Ug::new().run_with(["inbox", "--help"]);
    out.success()
        .stdout_has("--dry-run")
        .stdout_has("done")
        .stdout_has("[inbox] maildir")
        .stdout_has("sent_maildir");
    let out = Ug::new().run_with(["inbox", "done", "--help"]);
    out.success().stdout_has("Its id, as `ug inbox` lists it");
}

#[test]
fn a_missing_sent_folder_is_a_warning_not_a_failure() {
    let ug = inbox_with(&["question.eml"]);
    fs::remove_dir_all(ug.path("mail/Sent")).unwrap();
    ug.run_with(["inbox"])
        .success()
        .stderr_has("mail/Sent is not a Maildir")
        .stderr_has("sent_maildir")
        .stdout_has("Waiting for a person (1):");
}

// ---- acting on what is sorted (SPEC §5): the group file changes ----

/// The inbox group with its event `confirmed` (so `ug remind` announces
/// it), `seats` seats, and `extra` appended (more members, tasks...).
fn acting_group(seats: u32, extra: &str) -> String {
    group()
        .replace("status = \"announced\"", "status = \"confirmed\"")
        .replace("capacity = 60", &format!("capacity = {seats}"))
        + extra
}

/// An inbox (empty Maildir) beside `group_text`, at Nov 27 10:00.
fn acting(group_text: &str) -> Ug {
    let ug = Ug::with_group(group_text).at("2026-11-27T10:00:00");
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

/// A plain reply from `from` to ug's message `to_id`, saying `body` above
/// the quote, delivered as the `i`th message (`maildir_name(i)`: Nov 24
/// 09:00 Berlin plus ten minutes each).
fn deliver(ug: &Ug, i: usize, from: &str, to_id: &str, body: &str) {
    let mail = format!(
        "From: {from}\r\nTo: Rust Lakeside <rsvp@example.org>\r\n\
         Subject: Re: Tue Dec 8: Async in practice\r\n\
         Message-ID: <reply{i}.{}@mail.example.com>\r\n\
         In-Reply-To: <{to_id}>\r\nReferences: <{to_id}>\r\n\
         Date: {}\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         {body}\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Rust Lakeside wrote:\r\n\
         > Reply yes to save a seat (or no).\r\n",
        fnv(from),
        sent_at(i)
    );
    fs::write(
        ug.path(&format!("mail/INBOX/new/{}", maildir_name(i))),
        mail,
    )
    .unwrap();
}

/// The Message-ID of the announcement of 2026-12-08 ug sent `to`: a reply
/// to it proves its sender (SPEC 11).
fn announce_to(to: &str) -> String {
    support::ug_message_id("announce", "2026-12-08", to, "example.org")
}

/// The `i`th message's Date: when its Maildir name says it came.
fn sent_at(i: usize) -> String {
    let secs = i64::try_from(FIRST + i as u64 * 600).unwrap();
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc2822()
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A fixture delivered as the `i`th message, with `from` in place of `to`.
fn deliver_fixture(ug: &Ug, i: usize, name: &str, swaps: &[(&str, &str)]) {
    let mut m = repo_file(&format!("tests/fixtures/inbox/{name}"));
    for (a, b) in swaps {
        m = m.replace(a, b);
    }
    fs::write(ug.path(&format!("mail/INBOX/new/{}", maildir_name(i))), m).unwrap();
}

/// The event's `rsvps`, each as `email status` (and `+guests`).
fn rsvps(ug: &Ug) -> Vec<String> {
    let doc = support::parse_toml(&ug.text());
    let events = doc["events"].as_array().unwrap();
    let Some(list) = events[0].get("rsvps").and_then(|r| r.as_array()) else {
        return Vec::new();
    };
    list.iter()
        .map(|r| {
            let g = r.get("guests").and_then(|g| g.as_integer()).unwrap_or(0);
            let plus = if g > 0 {
                format!(" +{g}")
            } else {
                String::new()
            };
            format!(
                "{} {}{plus}",
                r["email"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect()
}

/// What each message's line says was done, by sender, from `--json`.
fn done_by(v: &Value) -> BTreeMap<String, String> {
    v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["from"].as_str().unwrap().to_string(),
                m["action"]["done"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_yes_to_a_real_announcement_takes_a_seat_once() {
    let ug = acting(&acting_group(60, ""));
    ug.run_at("2026-11-24T09:00:00", &["remind", "--out", "out"])
        .success();
    let sent =
        fs::read_to_string(ug.path("out/announce_2026-12-08_ann.mueller@gmail.com.eml")).unwrap();
    let id = sent
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: <"))
        .and_then(|l| l.strip_suffix('>'))
        .expect("the announcement has a Message-ID")
        .to_string();
    deliver(
        &ug,
        6,
        "=?UTF-8?Q?Ann_M=C3=BCller?= <Ann.Mueller@gmail.com>",
        &id,
        "Yes! See you there.",
    );
    let before = ug.text();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("RSVP yes for 2026-12-08")
        .stdout_has("ann.mueller@gmail.com: yes, seat taken");
    let after = ug.text();
    let added = "rsvps = [\n  { email = \"ann.mueller@gmail.com\", name = \"Ann Müller\", status = \"yes\", at = 2026-11-24T10:00:00, via = \"email\" },\n]\n";
    assert!(after.contains(added), "{after}");
    assert_eq!(after.replace(added, ""), before, "only the RSVP was added");
    let log = log_lines(&ug);
    assert_eq!(log.len(), 1);
    assert!(
        log[0].contains("\trsvp\t") && log[0].contains("\tyes, seat taken\tsum="),
        "{log:?}"
    );

    // A rerun: nothing new, nothing changes.
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
    assert_eq!(ug.text(), after);
    // A crash after the edit, before the log line: the rerun handles the
    // message again and changes nothing.
    fs::remove_file(ug.path("group.inbox.log")).unwrap();
    fs::remove_file(ug.path("group.inbox.cache")).ok();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("unchanged (already yes)");
    assert_eq!(ug.text(), after);
    assert_eq!(log_lines(&ug).len(), 1);
}

#[test]
fn the_61st_yes_is_waitlisted_and_a_no_moves_them_up() {
    let ug = acting(&acting_group(60, ""));
    for i in 0..61 {
        let m = format!("m{i}@example.com");
        deliver(&ug, i, &m, &announce_to(&m), "yes");
    }
    let before = ug.text();
    let dry = ug.run_with(["inbox", "--dry-run", "--json"]);
    dry.success();
    assert_eq!(done_by(&dry.json())["m60@example.com"], "waitlisted #1");
    assert_eq!(ug.text(), before, "a dry run writes nothing");
    assert!(!ug.path("group.inbox.log").exists());

    let out = ug.run_with(["--json", "inbox"]);
    out.success();
    let v = out.json();
    let done = done_by(&v);
    assert_eq!(done["m0@example.com"], "yes, seat taken");
    assert_eq!(done["m59@example.com"], "yes, seat taken");
    assert_eq!(done["m60@example.com"], "waitlisted #1");
    let last = &v["messages"][60]["action"]["notices"][0];
    assert_eq!(last["kind"], "waitlisted");
    assert_eq!(last["n"], 1);
    let list = rsvps(&ug);
    assert_eq!(list.len(), 61);
    assert_eq!(list.iter().filter(|r| r.ends_with(" yes")).count(), 60);
    assert_eq!(list[60], "m60@example.com waitlist");

    // m3 can't come after all: m60 moves up at once.
    let m3 = "m3@example.com";
    deliver(&ug, 70, m3, &announce_to(m3), "Sorry, can't make it");
    ug.run_with(["inbox"])
        .success()
        .stdout_has("m3@example.com: no, recorded; moved up: m60@example.com");
    let list = rsvps(&ug);
    assert_eq!(list[3], "m3@example.com no");
    assert_eq!(list[60], "m60@example.com yes");
    let after = ug.text();
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
    assert_eq!(ug.text(), after, "a rerun changes nothing");
}

const ASKED: &str = "\n[[tasks]]\nid = 9\ntitle = \"Bring the projector\"\nowner = \"maya\"\ndue = 2026-12-07\nstatus = \"asked\"\nasked = \"dana\"\nasked_on = 2026-11-20\n\n\
[[tasks]]\nid = 10\ntitle = \"Order stickers\"\nowner = \"maya\"\ndue = 2026-12-07\nstatus = \"asked\"\nasked = \"ben\"\nasked_on = 2026-11-20\n\n\
[[tasks]]\nid = 11\ntitle = \"Film the talks\"\nowner = \"maya\"\ndue = 2026-12-07\nstatus = \"asked\"\nasked = \"ben\"\nasked_on = 2026-11-20\n";

#[test]
fn a_task_ask_answered_by_mail_is_accepted_or_declined() {
    let ug = acting(&acting_group(60, ASKED));
    // Each ask's Message-ID carries the token ug gave its recipient.
    let ask = |task: &str, to: &str| {
        support::ug_message_id("ask", &format!("{task}.2026-11-20"), to, "example.org")
    };
    deliver(
        &ug,
        0,
        "Dana Whitfield <dana.w@gmail.com>",
        &ask("9", "dana.w@gmail.com"),
        "Yes, happy to!",
    );
    deliver(
        &ug,
        1,
        "Ben Okafor <ben.okafor@proton.me>",
        &ask("10", "ben.okafor@proton.me"),
        "No, sorry, not this time.",
    );
    // Somebody else answering Ben's ask (one ug once sent her, before it
    // was Ben's): her token is good, but the task is asked of Ben: left
    // for a person.
    deliver(
        &ug,
        2,
        "Eve <eve@example.com>",
        &ask("11", "eve@example.com"),
        "yes",
    );
    // Ben's own ask, forwarded and answered by someone else: the token is
    // not theirs, so it proves nothing: left for a person.
    deliver(
        &ug,
        3,
        "Mallory <mallory@example.com>",
        &ask("11", "ben.okafor@proton.me"),
        "yes",
    );
    let out = ug.run_with(["inbox"]);
    out.success()
        .stdout_has("dana.w@gmail.com: Dana Whitfield took task 9, Bring the projector")
        .stdout_has("ben.okafor@proton.me: Ben Okafor declined task 10 (Order stickers)")
        .stdout_has("eve@example.com: about task 11, but not from ben: left for a person")
        .stdout_has("Waiting for a person (2):");
    let t9 = ug.task(9);
    assert_eq!(t9["owner"].as_str(), Some("dana"));
    assert_eq!(t9["status"].as_str(), Some("open"));
    assert!(t9.get("asked").is_none() && t9.get("asked_on").is_none());
    let t10 = ug.task(10);
    assert_eq!(t10["owner"].as_str(), Some("maya"));
    assert_eq!(t10["status"].as_str(), Some("open"));
    assert!(t10["notes"].as_str().unwrap().contains("Ben"), "{t10:?}");
    let t11 = ug.task(11);
    assert_eq!(t11["status"].as_str(), Some("asked"), "untouched");
    // Redone (a crash before the log line): nothing changes.
    let after = ug.text();
    fs::remove_file(ug.path("group.inbox.log")).unwrap();
    fs::remove_file(ug.path("group.inbox.cache")).ok();
    ug.run_with(["inbox"]).success().stdout_has("not changed:");
    assert_eq!(ug.text(), after);
}

#[test]
fn done_to_a_nudge_marks_the_task_done_once() {
    let ug = acting(&acting_group(60, ""));
    deliver_fixture(&ug, 0, "nudge_done.eml", &[]);
    ug.run_with(["inbox"])
        .success()
        .stdout_has("task 3 done")
        .stdout_has("Done: task 3, Book the pizza.");
    let t3 = ug.task(3);
    assert_eq!(t3["status"].as_str(), Some("done"));
    assert_eq!(t3["done_on"].to_string(), "2026-11-24");
    let after = ug.text();
    fs::remove_file(ug.path("group.inbox.log")).unwrap();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("was already done on 2026-11-24; left as it was");
    assert_eq!(ug.text(), after, "done stays done");
}

#[test]
fn unsubscribe_and_join_by_mail_change_the_member_list() {
    let members = "\n[[members]]\nname = \"Chris P\"\nemail = \"chris.p@example.com\"\njoined = 2025-01-10\n\n\
[[members]]\nname = \"Back Again\"\nemail = \"back@example.com\"\njoined = 2025-01-10\nunsubscribed = true\n";
    let ug = acting(&acting_group(60, members));
    // Chris clicked the unsubscribe link of ug's mail to him: its subject's
    // tag proves him (SPEC 11).
    let link = format!(
        "Subject: unsubscribe {}",
        support::unsubscribe_tag("chris.p@example.com")
    );
    deliver_fixture(
        &ug,
        0,
        "unsubscribe.eml",
        &[("Subject: unsubscribe", &link)],
    );
    // Noa answers ug's request to confirm her "join".
    let confirm = support::ug_message_id(
        "confirm",
        "2026-11-26.join",
        "newbie@example.net",
        "example.org",
    );
    let answer = format!("Subject: Re: Please confirm\nIn-Reply-To: <{confirm}>");
    deliver_fixture(&ug, 1, "join.eml", &[("Subject: join", &answer)]);
    // An unknown address unsubscribing: noted, nothing else.
    deliver_fixture(
        &ug,
        2,
        "unsubscribe.eml",
        &[
            ("chris.p@example.com", "stranger@example.com"),
            ("f00dbabe", "f00dbab2"),
        ],
    );
    // An unsubscribed member replying "join" to ug's "you're unsubscribed"
    // mail to them, as it says to: back on the list.
    let told = support::ug_message_id(
        "unsubscribed",
        "back-1.mail.example.com",
        "back@example.com",
        "example.org",
    );
    let reply = format!("Subject: Re: You're unsubscribed\nIn-Reply-To: <{told}>");
    deliver_fixture(
        &ug,
        3,
        "join.eml",
        &[
            ("newbie@example.net", "back@example.com"),
            ("0c9d8e7f", "0c9d8e70"),
            ("Subject: join", &reply),
            ("Hi! Saw you at RustFest", "join\n\nHi! Saw you at RustFest"),
        ],
    );
    // A member already on the list writing "join": untouched.
    deliver_fixture(
        &ug,
        4,
        "join.eml",
        &[
            ("newbie@example.net", "ann.mueller@gmail.com"),
            ("0c9d8e7f", "0c9d8e71"),
        ],
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("chris.p@example.com: unsubscribed: no more mail")
        // Joined the day it was delivered (its Maildir name), not its Date's.
        .stdout_has("newbie@example.net: added to the member list (joined 2026-11-24)")
        .stdout_has(
            "stranger@example.com: stranger@example.com is not on the member list: nothing to do",
        )
        .stdout_has("back@example.com: back on the member list")
        .stdout_has("ann.mueller@gmail.com: already on the member list: nothing changed");
    let text = ug.text();
    assert!(
        text.contains(
            "email = \"chris.p@example.com\"\njoined = 2025-01-10\nunsubscribed = true\n"
        ),
        "{text}"
    );
    assert!(text.contains("[[members]]\nname = \"Noa Newbie\"\nemail = \"newbie@example.net\"\njoined = 2026-11-24\n"), "{text}");
    assert!(
        text.contains("email = \"back@example.com\"\njoined = 2025-01-10\n"),
        "{text}"
    );
    assert!(
        !text.contains("unsubscribed = true\n\n[[members]]\nname = \"Noa"),
        "{text}"
    );
    assert_eq!(text.matches("ann.mueller@gmail.com").count(), 1);
    assert!(!text.contains("stranger@"));
    // Redone: nobody is added twice.
    fs::remove_file(ug.path("group.inbox.log")).unwrap();
    ug.run_with(["inbox"]).success();
    assert_eq!(ug.text(), text);
}

#[test]
fn two_hard_bounces_mark_a_member_bounced_and_auto_replies_are_never_acted_on() {
    let members =
        "\n[[members]]\nname = \"Gone\"\nemail = \"gone@example.com\"\njoined = 2025-01-10\n";
    let ug = acting(&acting_group(60, members));
    deliver_fixture(&ug, 0, "bounce_hard.eml", &[]);
    deliver_fixture(&ug, 1, "vacation_outlook.eml", &[]);
    deliver_fixture(&ug, 2, "bounce_soft.eml", &[]);
    let before = ug.text();
    ug.run_with(["inbox"])
        .success()
        .stdout_has("hard bounce #1 for gone@example.com (a second marks it bounced)")
        .stdout_has("elena.rossi@contoso.com: not answered");
    assert_eq!(
        ug.text(),
        before,
        "one hard bounce, an auto-reply: nothing changes"
    );
    // The second hard bounce, a later run: counted from the log.
    deliver_fixture(
        &ug,
        3,
        "bounce_hard.eml",
        &[("20261124080014.8A1F21C0062", "20261125080014.9B2F21C0063")],
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("hard bounce #2: gone@example.com marked bounced, no longer mailed");
    let text = ug.text();
    assert!(
        text.contains("email = \"gone@example.com\"\njoined = 2025-01-10\nbounced = true\n"),
        "{text}"
    );
    let lines = log_lines(&ug);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\tauto-reply\t") && l.contains("\tnot answered\tsum="))
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn status_warns_about_mail_waiting_longer_than_answer_within() {
    let ug = inbox_with(&["question.eml", "question_non_ascii.eml", "gmail_yes.eml"]);
    let quiet = ug.run_with(["status"]);
    quiet.success();
    assert!(
        !quiet.stdout.contains("waiting for a person"),
        "{}",
        quiet.stdout
    );
    ug.run_with(["inbox"]).success();
    ug.run_at("2026-11-28T10:00:00", &["status"]).success().stdout_has(
        "2 messages are waiting for a person longer than 2d (the oldest for 4d): answer them; `ug inbox` lists them",
    );
    // Within answer_within: no warning.
    let early = ug.run_at("2026-11-25T10:00:00", &["status"]);
    assert!(
        !early.stdout.contains("waiting for a person"),
        "{}",
        early.stdout
    );
    let v = ug.run_with(["inbox", "--json"]).json();
    for w in v["waiting"].as_array().unwrap() {
        ug.run_with(["inbox", "done", w["id"].as_str().unwrap()])
            .success();
    }
    let done = ug.run_with(["status"]);
    assert!(
        !done.stdout.contains("waiting for a person"),
        "{}",
        done.stdout
    );
}
