//! `ug inbox` killed at the moments that matter, each one the test observes
//! (never a guessed delay): before the file edit (waiting for the group
//! file's lock, which the test holds), after the edit and before any log
//! line, mid log line (both killed by the kernel through `ulimit -f`, whose
//! limit sits where the log is), at once, and never. After each, a rerun
//! handles every message exactly once: the file's RSVP lines, the log's
//! lines, and the mail `ug remind --send` sends, are those of a run never
//! killed.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::Duration;

use super::*;
use crate::support::{UG, wait_until};

/// Questions handled before the kill: they make the log longer than the
/// group file, so a file-size limit can fall inside the log alone.
const QUESTIONS: usize = 200;
/// Yes replies then, on 5 seats (`m0`..`m4` in, the rest waitlisted), and
/// a no from `m2` (`m5` moves up).
const YES: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Moment {
    /// SIGKILL while it waits for the group file's lock: nothing edited.
    BeforeTheEdit,
    /// SIGXFSZ at its first log line (the log is already past the limit):
    /// the edit is durable, no line written.
    AfterTheEditBeforeTheLog,
    /// SIGXFSZ part-way into a log line: a torn last line.
    MidLogLine,
    /// SIGKILL at once, wherever it is.
    AtOnce,
    /// Not killed.
    Never,
}

/// The scene: the inbox group with 5 seats and `confirm`, whose log holds
/// the questions' lines; then the replies delivered, not yet handled.
fn scene() -> Ug {
    let ug = acting(&acting_group(5, "\n[signups]\nconfirm = true\n"));
    let q = repo_file("tests/fixtures/inbox/question.eml");
    for i in 0..QUESTIONS {
        let m = q.replace(
            "CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com",
            &format!("q{i}@mail.example.com"),
        );
        fs::write(ug.path(&format!("mail/INBOX/new/{}", maildir_name(i))), m).unwrap();
    }
    ug.run_with(["inbox"]).success();
    for i in 0..YES {
        let m = format!("m{i}@example.com");
        deliver(&ug, QUESTIONS + i, &m, &announce_to(&m), "yes");
    }
    let m2 = "m2@example.com";
    deliver(&ug, QUESTIONS + YES, m2, &announce_to(m2), "no, sorry");
    ug
}

/// True when /proc/locks shows process `pid` waiting for a lock.
fn waits_for_a_lock(pid: u32) -> bool {
    let locks = fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.get(1) == Some(&"->") && f.get(5) == Some(&pid.to_string().as_str())
    })
}

/// `ug inbox` under a file-size limit of `blocks` 512-byte blocks (dash's
/// `ulimit -f`): the kernel kills it (SIGXFSZ) at the write that crosses it.
fn inbox_limited(ug: &Ug, blocks: u64) {
    let out = ug
        .prepare("sh")
        .args(["-c", "ulimit -c 0; ulimit -f \"$1\"; exec \"$0\" inbox"])
        .arg(UG)
        .arg(blocks.to_string())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.signal(),
        Some(25),
        "not killed by SIGXFSZ:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `ug inbox` and makes it die at `moment`.
fn die(ug: &Ug, moment: Moment) {
    let log = fs::read(ug.path("group.inbox.log")).unwrap().len() as u64;
    let group = ug.text().len() as u64;
    match moment {
        Moment::BeforeTheEdit => {
            let held = File::open(ug.path("group.toml")).unwrap();
            held.lock().unwrap();
            let mut child = ug.spawn(&["inbox"]);
            let pid = child.id();
            wait_until(Duration::from_secs(20), "ug to wait for the lock", || {
                waits_for_a_lock(pid)
            });
            child.kill().unwrap();
            child.wait().unwrap();
            drop(held);
        }
        Moment::AfterTheEditBeforeTheLog => {
            let blocks = log / 512;
            assert!(
                group + 8192 < blocks * 512,
                "the group file fits under the limit"
            );
            inbox_limited(ug, blocks);
        }
        Moment::MidLogLine => inbox_limited(ug, log / 512 + 2),
        Moment::AtOnce => {
            let mut child = ug.spawn(&["inbox"]);
            let _ = child.kill(); // fails harmlessly if it already ended
            child.wait().unwrap();
        }
        Moment::Never => {
            ug.run_with(["inbox"]).success();
        }
    }
}

/// The log's message ids, in order.
fn log_ids(ug: &Ug) -> Vec<String> {
    log_lines(ug)
        .iter()
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect()
}

/// The outbox: every file `ug remind --send` wrote, with its recipient and subject.
fn outbox(ug: &Ug) -> Vec<String> {
    let Ok(rd) = fs::read_dir(ug.path("outbox")) else {
        return Vec::new();
    };
    let mut out: Vec<String> = rd
        .map(|e| {
            let text = fs::read_to_string(e.unwrap().path()).unwrap();
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .unwrap_or("")
                    .to_string()
            };
            format!("{} | {}", field("To: "), field("Subject: "))
        })
        .collect();
    out.sort();
    out
}

/// What a run never killed leaves: the group file, the log's ids, the mail.
fn finished(ug: &Ug) -> (String, Vec<String>, Vec<String>) {
    ug.run_with(["inbox"]).success();
    let text = ug.text();
    let ids = log_ids(ug);
    ug.run_with(["remind", "--send", "--yes"]).success();
    (text, ids, outbox(ug))
}

#[test]
fn a_killed_inbox_run_handles_every_message_once_when_run_again() {
    let (want_text, want_ids, want_mail) = finished(&scene());
    let mut want_rsvps: Vec<String> = (0..YES)
        .map(|i| {
            format!(
                "m{i}@example.com {}",
                if i < 6 { "yes" } else { "waitlist" }
            )
        })
        .collect();
    want_rsvps[2] = "m2@example.com no".into();
    let unique: BTreeSet<&String> = want_ids.iter().collect();
    assert_eq!(unique.len(), QUESTIONS + YES + 1, "a run never killed");
    assert_eq!(want_ids.len(), QUESTIONS + YES + 1);
    assert!(
        want_mail.iter().any(|m| m.contains("m5@example.com")),
        "m5 is told they moved up: {want_mail:?}"
    );

    for moment in [
        Moment::BeforeTheEdit,
        Moment::AfterTheEditBeforeTheLog,
        Moment::MidLogLine,
        Moment::AtOnce,
        Moment::Never,
    ] {
        let ug = scene();
        let old_text = ug.text();
        let old_log = fs::read(ug.path("group.inbox.log")).unwrap();
        die(&ug, moment);
        let text = ug.text();
        let log = fs::read(ug.path("group.inbox.log")).unwrap();
        match moment {
            Moment::BeforeTheEdit => {
                assert_eq!(text, old_text, "{moment:?}: nothing edited");
                assert_eq!(log, old_log, "{moment:?}: no log line");
            }
            Moment::AfterTheEditBeforeTheLog => {
                assert_eq!(rsvps(&ug), want_rsvps, "{moment:?}: the edit is durable");
                assert_eq!(log, old_log, "{moment:?}: no log line");
            }
            Moment::MidLogLine => {
                assert_eq!(rsvps(&ug), want_rsvps, "{moment:?}: the edit is durable");
                assert!(
                    log.len() > old_log.len() && !log.ends_with(b"\n"),
                    "{moment:?}: a torn last line"
                );
            }
            Moment::AtOnce => {
                let list = rsvps(&ug);
                assert!(list.is_empty() || list == want_rsvps, "all or nothing");
            }
            Moment::Never => assert_eq!(text, want_text),
        }
        let (text, ids, mail) = finished(&ug);
        assert_eq!(text, want_text, "{moment:?}: the file after the rerun");
        assert_eq!(
            ids, want_ids,
            "{moment:?}: each message logged once, in order"
        );
        assert_eq!(mail, want_mail, "{moment:?}: the mail sent");
        // And nothing more, ever.
        ug.run_with(["inbox"]).success().stdout_has("No new mail.");
        ug.run_with(["remind", "--send", "--yes"]).success();
        assert_eq!(outbox(&ug), want_mail, "{moment:?}: nothing sent twice");
        assert_eq!(log_ids(&ug), want_ids);
    }
}

#[test]
fn a_log_cut_at_any_byte_is_completed_by_the_rerun_without_a_change() {
    // The edit durable, the log lost at byte offsets (mid-line too), the
    // cache (written last) gone with it: the rerun redoes what the log
    // lost, and the file does not change.
    const N: usize = 400;
    let ug = acting(&acting_group(60, ""));
    for i in 0..N {
        let m = format!("m{i}@example.com");
        deliver(&ug, i, &m, &announce_to(&m), "yes");
    }
    ug.run_with(["inbox"]).success();
    let done = ug.text();
    let want: Vec<String> = (0..N)
        .map(|i| {
            format!(
                "m{i}@example.com {}",
                if i < 60 { "yes" } else { "waitlist" }
            )
        })
        .collect();
    assert_eq!(rsvps(&ug), want);
    let full = fs::read(ug.path("group.inbox.log")).unwrap();
    for cut in [0, 1, full.len() / 3 + 7, full.len() / 2, full.len() - 1] {
        fs::write(ug.path("group.inbox.log"), &full[..cut]).unwrap();
        let _ = fs::remove_file(ug.path("group.inbox.cache"));
        ug.run_with(["inbox"]).success();
        assert_eq!(log_lines(&ug).len(), N, "cut at {cut}");
        assert_eq!(ug.text(), done, "cut at {cut}");
    }
    let ids: BTreeSet<String> = log_ids(&ug).into_iter().collect();
    assert_eq!(ids.len(), N, "each once");
}
