//! `ug tasks ask ID PERSON --send`: the ask is recorded in the file, then
//! sent at once through `ug remind`'s mail layer (here the file transport).

use crate::support::*;
use crate::{team, team_ug};

#[test]
fn ask_send_records_the_ask_even_if_sending_fails() {
    // The team file has no [email] section: nothing can be sent, exit 1; the
    // ask is recorded so the next `ug remind --send` sends it.
    let t = team_ug();
    let out = t.run_with(["tasks", "ask", "3", "kim", "--send"]);
    out.code(1);
    let task = t.task(3);
    assert_eq!(task["status"].as_str(), Some("asked"));
    assert_eq!(task["asked"].as_str(), Some("kim"));
}

#[test]
fn ask_send_sends_the_one_ask_at_once() {
    let email = "\n[email]\nfrom = \"Rust Riverside <org@example.org>\"\ntransport = \"file\"\n\n[email.file]\ndir = \"outbox\"\n";
    let t = Ug::with_group(&format!("{}{email}", team()));
    t.run_with(["tasks", "ask", "3", "kim", "--send", "--yes"])
        .success()
        .stdout_has("Asked Kim Example to take task 3");
    let sent: Vec<String> = std::fs::read_dir(t.path("outbox"))
        .expect("an outbox folder")
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(sent.len(), 1, "one message, the ask: {sent:?}");
    let to = sent[0]
        .lines()
        .find(|l| l.starts_with("To:"))
        .unwrap_or_default();
    assert!(to.contains("kim@example.org"), "{}", sent[0]);
    assert!(sent[0].contains("Order pizza"), "{}", sent[0]);
    // Only the ask went out: the overdue tasks' nudges wait for `ug remind --send`.
    let task = t.task(3);
    assert_eq!(task["status"].as_str(), Some("asked"));
}

/// Issue 8, item 6: `--send` to someone with no address printed "Nothing to
/// send: nothing due matches --kind/--event", naming flags nobody gave.
#[test]
fn ask_send_to_someone_without_an_address_says_why_and_how_to_fix_it() {
    let email = "\n[email]\nfrom = \"Rust Riverside <org@example.org>\"\ntransport = \"file\"\n\n[email.file]\ndir = \"outbox\"\n";
    let text = format!("{}{email}", team()).replace("email = \"kim@example.org\"\n", "");
    let t = Ug::with_group(&text);
    let out = t.run_with(["tasks", "ask", "3", "kim", "--send", "--yes"]);
    out.code(1)
        .stdout_has("Asked Kim Example to take task 3")
        .stderr_has("kim has no email address: add `email = \"...\"` to their [[people]] entry (group.toml:27:1), then run `ug remind --send --kind ask`");
    assert!(!out.stderr.contains("--kind/--event"), "{}", out.stderr);
    assert!(
        !t.path("outbox").exists() || std::fs::read_dir(t.path("outbox")).unwrap().count() == 0
    );
    // The ask is recorded: once the address is added, `ug remind --send` sends it.
    let task = t.task(3);
    assert_eq!(task["asked"].as_str(), Some("kim"));
}

#[test]
fn ask_send_twice_on_one_day_says_it_already_went() {
    let email = "\n[email]\nfrom = \"Rust Riverside <org@example.org>\"\ntransport = \"file\"\n\n[email.file]\ndir = \"outbox\"\n";
    let t = Ug::with_group(&format!("{}{email}", team()));
    t.run_with(["tasks", "ask", "3", "kim", "--send", "--yes"])
        .success();
    t.run_with(["tasks", "ask", "3", "kim", "--send", "--yes"])
        .success()
        .stdout_has("Not sent again: the ask to kim for task 3 on 2026-11-26 already went out");
    assert_eq!(std::fs::read_dir(t.path("outbox")).unwrap().count(), 1);
}

/// Issue 8, item 6: people ug must mail (owners, people asked, venue and
/// sponsor contacts) with no `email` are named, with their line and the fix.
#[test]
fn people_ug_must_mail_without_an_address_are_warned_in_check_and_status() {
    let text = team()
        .replace("email = \"kim@example.org\"\n", "")
        .replace("email = \"jonas@example.org\"\n", "")
        .replace("email = \"maria@example.org\"\n", "");
    let t = Ug::with_group(&text).env("NO_COLOR", "1");
    let check = t.run_with(["check"]);
    check.success().stderr_has(
        "group.toml:15:1: jonas has no email address, so ug can never mail them (owns tasks 2 and 4): add `email = \"...\"` to [[people]] id = \"jonas\"",
    )
    .stderr_has("kim has no email address, so ug can never mail them (is asked to take task 6)")
    .stderr_has("maria has no email address, so ug can never mail them (is asked to take task 7)");
    t.run_with(["status"])
        .success()
        .stdout_has("group.toml:15:1: jonas has no email address");
    // Someone ug never mails needs no address.
    let quiet = team()
        .replace("email = \"sean@example.org\"\n", "")
        .replace("owner = \"sean\"", "owner = \"jonas\"");
    let out = Ug::with_group(&quiet).run_with(["check"]);
    assert!(!out.stderr.contains("sean has no email"), "{}", out.stderr);
}
