//! `ug inbox`: real replies (tests/fixtures/inbox/*.eml, one per client and
//! case) in a Maildir beside a group file, sorted and listed; what waits for
//! a person until it is answered or closed; each message handled once, ever,
//! whatever happens to its file (moved to cur/, copied) and across a kill.
//! Runs the real binary through the shared harness (`tests/support/`).

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;
use support::{Ug, repo, repo_file};

/// 2026-11-24 08:00 UTC: the first fixture's arrival (in its file name).
const FIRST: u64 = 1_795_507_200;

fn group() -> String {
    repo_file("tests/fixtures/inbox/group.toml")
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
    assert_eq!(
        ug.read("group.toml"),
        group(),
        "an RSVP before RSVPs open is not recorded"
    );
    let v = ug.run_with(["inbox", "--json"]).json();
    let waiting = v["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(
        waiting[0]["message_id"],
        "CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com"
    );
    assert_eq!(waiting[0]["arrived"], "2026-11-24T08:00:00Z");
    // 10:00 in Berlin is 09:00 UTC: three days and an hour.
    assert_eq!(waiting[0]["age"], 3 * 86_400 + 3_600);
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
    assert_eq!(first.len(), 4, "person, bounce, auto-reply, RSVP: {first:#?}");
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
    let id = v["waiting"][0]["id"].as_str().unwrap().to_string();
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
fn a_killed_inbox_run_handles_every_message_once_when_run_again() {
    // Many questions, and kills later and later into the run, until a run
    // ends by itself.
    const N: usize = 3000;
    let mut ug = inbox_with(&[]);
    let q = repo_file("tests/fixtures/inbox/question.eml");
    for i in 0..N {
        let m = q.replace(
            "CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com",
            &format!("q{i}@mail.example.com"),
        );
        ug = ug.file(&format!("mail/INBOX/new/{}", maildir_name(i)), m);
    }
    let mut delay_ms = 2.0_f64;
    for _ in 0..40 {
        let mut child = ug.spawn(&["inbox"]);
        std::thread::sleep(std::time::Duration::from_secs_f64(delay_ms / 1000.0));
        delay_ms *= 1.25;
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    // And a kill at any point of the log's writing, exactly: the log as a
    // finished run left it, cut at byte offsets (mid-line too); the cache
    // (written last) gone with it.
    ug.run_with(["inbox"]).success();
    let full = fs::read(ug.path("group.inbox.log")).unwrap();
    for cut in [0, 1, full.len() / 3 + 7, full.len() / 2, full.len() - 1] {
        fs::write(ug.path("group.inbox.log"), &full[..cut]).unwrap();
        let _ = fs::remove_file(ug.path("group.inbox.cache"));
        ug.run_with(["inbox"]).success();
        assert_eq!(log_lines(&ug).len(), N, "cut at {cut}");
    }
    ug.run_with(["inbox"]).success();
    let ids: Vec<String> = log_lines(&ug)
        .iter()
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), N, "every message handled");
    assert_eq!(ids.len(), N, "each once");
    ug.run_with(["inbox"])
        .success()
        .stdout_has("No new mail.")
        .stdout_has(&format!("Waiting for a person ({N}):"));
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
