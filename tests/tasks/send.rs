//! `ug tasks ask ID PERSON --send`: the ask is recorded in the file, then
//! sent at once through `ug remind`'s mail layer (here the file transport).

use crate::common::*;
use crate::{team, team_ug};

#[test]
fn ask_send_records_the_ask_even_if_sending_fails() {
    // The team file has no [email] section: nothing can be sent, exit 1; the
    // ask is recorded so the next `ug remind --send` sends it.
    let t = team_ug();
    let out = t.run_with(["tasks", "ask", "3", "kim", "--send"]);
    out.code(1);
    let doc = parse_toml(&t.read("group.toml"));
    let task = tasks(&doc)
        .into_iter()
        .find(|t| t["id"].as_integer() == Some(3))
        .unwrap();
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
    let doc = parse_toml(&t.read("group.toml"));
    let task = tasks(&doc)
        .into_iter()
        .find(|t| t["id"].as_integer() == Some(3))
        .unwrap();
    assert_eq!(task["status"].as_str(), Some("asked"));
}
