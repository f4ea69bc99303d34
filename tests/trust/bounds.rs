//! SPEC §11 "Time" and "Bounds", played by a stranger who can write any
//! header and drop anything into a Maildir: a forged `Received` date does
//! not take a seat after RSVPs closed; a FIFO does not hang `ug inbox` and a
//! link to a file outside is not read; a 26 MB message waits for a person
//! unread; one address cannot have more than 20 messages acted on in a run;
//! bidi overrides and a 10,000-character subject are stripped and cut in
//! the file and the log; a forged copy of a Message-ID does not hide the
//! real mail.

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Ug, repo_file};

/// 2026-11-24 08:00 UTC (09:00 in Berlin, the group's zone).
const NOV24: u64 = 1_795_507_200;

/// The inbox fixtures' group, its event confirmed, with `extra` after it,
/// and an empty Maildir, at Nov 27 10:00.
fn inbox(extra: &str) -> Ug {
    let group = repo_file("tests/fixtures/inbox/group.toml")
        .replace("status = \"announced\"", "status = \"confirmed\"")
        + extra;
    let ug = Ug::with_group(&group).at("2026-11-27T10:00:00");
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

/// The Message-ID of ug's announcement to Ann (sent Nov 24 09:00).
fn announcement(ug: &Ug) -> String {
    ug.run_at("2026-11-24T09:00:00", &["remind", "--out", "out"])
        .success();
    fs::read_to_string(ug.path("out/announce_2026-12-08_ann.mueller@gmail.com.eml"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: <"))
        .and_then(|l| l.strip_suffix('>'))
        .expect("the announcement has a Message-ID")
        .to_string()
}

/// A Maildir file name delivered at `secs` (unix seconds), the `n`th.
fn name_at(secs: u64, n: usize) -> String {
    format!("{secs}.M{n}P77.mx")
}

/// A reply to `to_id` from `from`, with `headers` (Message-ID, Date,
/// Received...) and `body` above the quote.
fn reply(from: &str, to_id: &str, headers: &str, subject: &str, body: &str) -> String {
    format!(
        "{headers}From: {from}\r\nTo: Rust Lakeside <rsvp@example.org>\r\n\
         Subject: {subject}\r\nIn-Reply-To: <{to_id}>\r\nReferences: <{to_id}>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\r\n\
         On Tue, Nov 24, 2026 at 9:00 AM Rust Lakeside wrote:\r\n> Reply yes to save a seat.\r\n"
    )
}

fn deliver(ug: &Ug, name: &str, mail: &str) {
    fs::write(ug.path(&format!("mail/INBOX/new/{name}")), mail).unwrap();
}

fn log(ug: &Ug) -> String {
    fs::read_to_string(ug.path("group.inbox.log")).unwrap_or_default()
}

fn messages(v: &Value) -> &Vec<Value> {
    v["messages"].as_array().unwrap()
}

#[test]
fn a_forged_early_received_date_does_not_take_a_seat_after_rsvps_closed() {
    // RSVPs close a week before Dec 8 18:30: Dec 1 18:30 in Berlin.
    let ug = inbox("\n[signups]\ncloses = \"168h\"\n");
    let id = announcement(&ug);
    // Delivered Dec 2 (its Maildir name), but its Received and Date
    // headers, which the sender writes, say Nov 24, before the close.
    let forged = "Received: from mx.example.com by mx.example.org; Tue, 24 Nov 2026 10:00:00 +0100\r\n\
                  Message-ID: <late@mail.example.com>\r\nDate: Tue, 24 Nov 2026 09:59:00 +0100\r\n";
    deliver(
        &ug,
        &name_at(NOV24 + 8 * 86_400, 1),
        &reply(
            "Ann Müller <ann.mueller@gmail.com>",
            &id,
            forged,
            "Re: Async in practice",
            "Yes, see you there!",
        ),
    );
    let before = ug.text();
    let out = ug.run_at("2026-12-03T10:00:00", &["inbox", "--json"]);
    out.success();
    let v = out.json();
    let m = &messages(&v)[0];
    assert_eq!(m["class"], "rsvp");
    assert_eq!(m["arrived"], 1_796_198_400, "the Maildir name's seconds");
    let done = m["action"]["done"].as_str().unwrap();
    assert!(done.contains("not recorded: RSVPs closed"), "{done}");
    assert_eq!(ug.text(), before, "no seat taken");

    // The same reply honestly delivered before the close takes its seat.
    let ug = inbox("\n[signups]\ncloses = \"168h\"\n");
    let id = announcement(&ug);
    deliver(
        &ug,
        &name_at(NOV24 + 3600, 1),
        &reply(
            "Ann Müller <ann.mueller@gmail.com>",
            &id,
            "Message-ID: <early@mail.example.com>\r\n",
            "Re: Async in practice",
            "Yes, see you there!",
        ),
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("ann.mueller@gmail.com: yes, seat taken");
    assert!(ug.text().contains("at = 2026-11-24T10:00:00"));
}

/// `mkfifo(3)`, from the C library std already links.
fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    unsafe extern "C" {
        fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
    }
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c` is a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn a_fifo_and_a_link_to_a_file_outside_are_named_and_skipped_and_the_run_finishes() {
    let ug = inbox("");
    // A file outside the Maildir that looks like mail: never to be read.
    fs::write(
        ug.path("secret.txt"),
        "From: root <root@example.org>\r\nSubject: TOP SECRET\r\nMessage-ID: <secret@x>\r\n\r\nroot:x:0:0\r\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        ug.path("secret.txt"),
        ug.path(&format!("mail/INBOX/new/{}", name_at(NOV24, 1))),
    )
    .unwrap();
    mkfifo(&ug.path(&format!("mail/INBOX/new/{}", name_at(NOV24, 2))));
    deliver(
        &ug,
        &name_at(NOV24, 3),
        "From: Bo <bo@example.com>\r\nSubject: Parking?\r\nMessage-ID: <parking@example.com>\r\n\r\nIs there parking?\r\n",
    );
    // A FIFO opened for reading waits for a writer: the run must not.
    let out = watched(&ug, &["inbox"], "ug inbox hung on the FIFO");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    // Unreadable files are reported by name and skipped: not an error.
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "new/{}: not a mail file (a symbolic link)",
            name_at(NOV24, 1)
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "new/{}: not a mail file (a named pipe (FIFO))",
            name_at(NOV24, 2)
        )),
        "{stderr}"
    );
    assert!(stdout.contains("bo@example.com: Parking?"), "{stdout}");
    assert!(!stdout.contains("SECRET") && !log(&ug).contains("SECRET"));
    assert!(!log(&ug).contains("secret@x"), "the link was not read");
}

/// `ug ARGS`, killed (and the test failed with `hung`) when it has not
/// finished in 60 seconds: a guard against a hang, not a speed test.
fn watched(ug: &Ug, args: &[&str], hung: &str) -> std::process::Output {
    let mut child = ug
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{hung}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn mail_built_to_be_slow_to_read_is_read_in_one_pass_and_the_run_goes_on() {
    let ug = inbox("");
    let id = announcement(&ug);
    // Ann's HTML-only "Yes!" above a quote nested 300,000 deep (7 MB):
    // cutting the quote once per level took minutes; it is one pass.
    let depth = 300_000;
    let html = format!(
        "<html><body><div>Yes!</div>{}Reply yes to save a seat.{}</body></html>",
        "<blockquote type=\"cite\"><div>".repeat(depth),
        "</div></blockquote>".repeat(depth)
    );
    deliver(
        &ug,
        &name_at(NOV24 + 3600, 1),
        &format!(
            "From: Ann Müller <ann.mueller@gmail.com>\r\nTo: Rust Lakeside <rsvp@example.org>\r\n\
             Subject: Re: Async in practice\r\nMessage-ID: <deep@mail.example.com>\r\n\
             In-Reply-To: <{id}>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
        ),
    );
    // A stranger's 6 MB of short sentences ("yes. no. maybe?"), and a
    // million quote markers with an attribution between each.
    let chatter = "yes. no. maybe?\r\n".repeat(400_000);
    let quotes = "On Mon wrote:\r\n>\r\n".repeat(300_000);
    for (n, body) in [(2, chatter), (3, quotes)] {
        deliver(
            &ug,
            &name_at(NOV24 + 3600, n),
            &reply(
                "Mallory <mallory@example.net>",
                &id,
                &format!("Message-ID: <slow{n}@example.net>\r\n"),
                "Re: Async in practice",
                &body,
            ),
        );
    }
    let out = watched(
        &ug,
        &["inbox", "--json"],
        "ug inbox hung on mail built to be slow",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let classes: Vec<&str> = messages(&v)
        .iter()
        .map(|m| m["class"].as_str().unwrap())
        .collect();
    assert_eq!(classes, ["rsvp", "person", "person"], "{stdout}");
    let doc = crate::support::parse_toml(&ug.text());
    let rsvps = doc["events"].as_array().unwrap()[0]["rsvps"]
        .as_array()
        .unwrap();
    assert!(
        rsvps
            .iter()
            .any(|r| r["email"].as_str() == Some("ann.mueller@gmail.com")
                && r["status"].as_str() == Some("yes")),
        "Ann's yes above the deep quote is read: {rsvps:?}"
    );
}

#[test]
fn a_26_mb_message_waits_for_a_person_unread() {
    let ug = inbox("");
    let id = announcement(&ug);
    let big = ug.path(&format!("mail/INBOX/new/{}", name_at(NOV24, 1)));
    // A yes to the announcement, padded past 25 MB: were it read, Ann
    // would take a seat.
    fs::write(
        &big,
        reply(
            "Ann Müller <ann.mueller@gmail.com>",
            &id,
            "Message-ID: <big@example.com>\r\n",
            "Re: Async in practice",
            "Yes!",
        ),
    )
    .unwrap();
    fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(26 * 1024 * 1024)
        .unwrap();
    let before = ug.text();
    let out = ug.run_with(["inbox", "--json"]);
    out.success();
    let v = out.json();
    let m = &messages(&v)[0];
    assert_eq!(m["class"], "person");
    assert_eq!(m["from"], "", "not parsed");
    let subject = m["subject"].as_str().unwrap();
    assert!(
        subject.contains("not read: 26 MB, over the 25 MB limit"),
        "{subject}"
    );
    assert!(subject.contains(&name_at(NOV24, 1)), "{subject}");
    assert_eq!(ug.text(), before);
    let w = v["waiting"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    // It stays listed, and is not read again.
    ug.run_with(["inbox"])
        .success()
        .stdout_has("No new mail.")
        .stdout_has("not read: 26 MB");
}

#[test]
fn only_20_messages_from_one_address_are_acted_on_in_a_run() {
    let ug = inbox("");
    let id = announcement(&ug);
    for i in 0..25 {
        let answer = if i % 2 == 0 { "Yes!" } else { "No, sorry." };
        deliver(
            &ug,
            &name_at(NOV24 + 3600 + i as u64, i),
            &reply(
                "Ann Müller <ann.mueller@gmail.com>",
                &id,
                &format!("Message-ID: <flood{i}@mail.example.com>\r\n"),
                "Re: Async in practice",
                answer,
            ),
        );
    }
    let out = ug.run_with(["inbox", "--json"]);
    out.success();
    let v = out.json();
    let classes: Vec<&str> = messages(&v)
        .iter()
        .map(|m| m["class"].as_str().unwrap())
        .collect();
    assert_eq!(classes.len(), 25);
    assert_eq!(classes.iter().filter(|c| **c == "rsvp").count(), 20);
    assert_eq!(classes[20..], ["person"; 5], "the last five wait");
    assert_eq!(v["waiting"].as_array().unwrap().len(), 5);
    // The 20th answer (a no) is the one on file.
    assert!(ug.text().contains("status = \"no\""), "{}", ug.text());
}

#[test]
fn bidi_overrides_and_a_10000_character_subject_are_stripped_and_cut() {
    let ug = inbox("");
    let id = announcement(&ug);
    let name = format!("Ann\u{202E}nimda\u{202C} {}", "M".repeat(300));
    deliver(
        &ug,
        &name_at(NOV24 + 3600, 1),
        &reply(
            &format!("{name} <ann.mueller@gmail.com>"),
            &id,
            "Message-ID: <bidi-yes@mail.example.com>\r\n",
            "Re: Async in practice",
            "Yes!",
        ),
    );
    let subject = format!("\u{2066}Question\u{2069} {}", "x".repeat(10_000));
    deliver(
        &ug,
        &name_at(NOV24 + 3601, 2),
        &format!(
            "From: {name} <bidi@example.com>\r\nSubject: {subject}\r\n\
             Message-ID: <bidi-q@mail.example.com>\r\n\r\nHello?\r\n"
        ),
    );
    ug.run_with(["inbox"]).success();
    let text = ug.text();
    let kept = format!("Annnimda {}…", "M".repeat(90));
    assert_eq!(kept.chars().count(), 100);
    assert!(text.contains(&format!("name = \"{kept}\"")), "{text}");
    let log = log(&ug);
    for bidi in ['\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}'] {
        assert!(!text.contains(bidi) && !log.contains(bidi));
    }
    let line = log.lines().find(|l| l.contains("bidi-q@")).unwrap();
    let kept_subject = format!("Question {}…", "x".repeat(190));
    assert!(
        line.contains(&format!("\t{kept_subject}\t{kept}\t")),
        "{line}"
    );
    assert!(line.len() < 1_000, "{line}");
}

#[test]
fn a_forged_copy_of_a_message_id_does_not_hide_the_real_mail() {
    let ug = inbox("");
    let question = |body: &str| {
        format!(
            "From: Bo <bo@example.com>\r\nSubject: Parking?\r\n\
             Message-ID: <same@example.com>\r\n\r\n{body}\r\n"
        )
    };
    // The stranger's copy comes first, the real one after.
    deliver(&ug, &name_at(NOV24, 1), &question("Ignore the next mail."));
    deliver(&ug, &name_at(NOV24 + 60, 2), &question("Is there parking?"));
    // The real one again, delivered to the folder twice (another
    // Received header): the same message, handled once.
    deliver(
        &ug,
        &name_at(NOV24 + 120, 3),
        &format!(
            "Received: from b by c; Tue, 24 Nov 2026 10:02:00 +0100\r\n{}",
            question("Is there parking?")
        ),
    );
    let v = ug.run_with(["inbox", "--json"]).json();
    assert_eq!(messages(&v).len(), 2, "{v}");
    assert_eq!(v["waiting"].as_array().unwrap().len(), 2);
    // Closing one by its id leaves the other waiting.
    let short = v["waiting"][0]["id"].as_str().unwrap().to_string();
    ug.run_with(["inbox", "done", &short]).success();
    let v = ug.run_with(["inbox", "--json"]).json();
    assert_eq!(v["waiting"].as_array().unwrap().len(), 1);
}

#[test]
fn a_log_line_written_before_digests_still_counts_its_message_as_handled() {
    let ug = inbox("");
    fs::write(
        ug.path("group.inbox.log"),
        "2026-11-24T09:00:00Z\told@example.com\tperson\t1795000000.M1P1.mx\tbo@example.com\t1795000000\tParking?\tBo\n",
    )
    .unwrap();
    // The same mail under another name (copied): not handled again.
    deliver(
        &ug,
        &name_at(NOV24, 1),
        "From: Bo <bo@example.com>\r\nSubject: Parking?\r\nMessage-ID: <old@example.com>\r\n\r\nParking?\r\n",
    );
    ug.run_with(["inbox"])
        .success()
        .stdout_has("No new mail.")
        .stdout_has("Bo <bo@example.com>: Parking?");
}
