//! Co-organizers in git (SPEC §10, issue 13): `ug merge` as git's merge
//! driver set up by `ug git-setup`, run by the real `git` on two clones that
//! edited the bundled group file at once; conflict markers named by `ug
//! check`; a property test of the merge on random concurrent edits; and a
//! 100-round two-clone run that loses no edit and sends no message twice.
//! `git` must be installed (these tests fail without it, saying so).

#[path = "merge/git.rs"]
mod git;
#[path = "merge/props.rs"]
mod props;
#[path = "merge/rounds.rs"]
mod rounds;

use std::collections::HashSet;

use git::{Clones, sent_keys};
use proptest::prelude::*;

const NOW: &str = "2026-11-26";

fn bundled() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/group.toml")).unwrap()
}

fn parse(text: &str) -> toml::Table {
    text.parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("the merged file does not parse: {e}\n{text}"))
}

fn entries<'t>(doc: &'t toml::Table, name: &str) -> Vec<&'t toml::Table> {
    doc.get(name)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn task<'t>(doc: &'t toml::Table, title: &str) -> &'t toml::Table {
    entries(doc, "tasks")
        .into_iter()
        .find(|t| t.get("title").and_then(|v| v.as_str()) == Some(title))
        .unwrap_or_else(|| panic!("no task {title:?}"))
}

fn rsvp_addresses(doc: &toml::Table, event: &str) -> Vec<String> {
    entries(doc, "events")
        .into_iter()
        .find(|e| e.get("id").and_then(|v| v.as_str()) == Some(event))
        .and_then(|e| e.get("rsvps"))
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|r| r.get("email").and_then(|e| e.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn two_clones_edit_at_once_and_git_merges_every_change() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let (a, b) = (c.a.clone(), c.b.clone());
    // A: a new task, a task done, an RSVP, and the announcement sent.
    c.ok(
        &a,
        NOW,
        &[
            "tasks",
            "add",
            "Bring name tags",
            "--owner",
            "maya",
            "--due",
            "+5d",
        ],
    );
    c.ok(&a, NOW, &["tasks", "done", "12"]);
    c.ok(&a, NOW, &["rsvp", "2026-12-08", "ann.becker@example.com"]);
    c.ok(&a, NOW, &["remind", "--send", "--yes"]);
    let a_sent = c.read(&a, "group.sent.log");
    assert!(a_sent.contains("announce:2026-12-08"), "{a_sent}");
    c.commit(&a, "A's edits");
    c.git(&a, &["push", "-q", "origin", "HEAD:main"]);
    // B, from the same start: a task with the same new id, task 12
    // reassigned, the next meetup planned, another RSVP, a new member.
    c.ok(
        &b,
        NOW,
        &[
            "tasks",
            "add",
            "Post the slides",
            "--owner",
            "jonas",
            "--due",
            "+9d",
        ],
    );
    c.ok(&b, NOW, &["tasks", "reassign", "12", "ben"]);
    let before = parse(&c.read(&b, "group.toml"));
    c.ok(&b, NOW, &["next-meetup", "--new", "--yes"]);
    let planned = parse(&c.read(&b, "group.toml"));
    let old_events: HashSet<String> = entries(&before, "events")
        .iter()
        .map(|e| e["id"].to_string())
        .collect();
    let new_event = entries(&planned, "events")
        .into_iter()
        .find(|e| !old_events.contains(&e["id"].to_string()))
        .expect("next-meetup planned an event")
        .clone();
    c.ok(&b, NOW, &["rsvp", "2026-12-08", "marcus.lee@example.net"]);
    c.ok(&b, NOW, &["members", "add", "new.person@example.org"]);
    c.commit(&b, "B's edits");
    let pull = c.git_status(&b, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert!(
        pull.status.success(),
        "git pull did not merge cleanly:\n{}{}\n{}",
        String::from_utf8_lossy(&pull.stdout),
        String::from_utf8_lossy(&pull.stderr),
        c.read(&b, "group.toml")
    );
    let merged_text = c.read(&b, "group.toml");
    assert!(!merged_text.contains("<<<<<<<"), "{merged_text}");
    c.ok(&b, NOW, &["check"]);
    let merged = parse(&merged_text);
    // Every change of both sides is there.
    let ids: Vec<i64> = entries(&merged, "tasks")
        .iter()
        .filter_map(|t| t["id"].as_integer())
        .collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "task ids clash: {ids:?}");
    task(&merged, "Bring name tags");
    task(&merged, "Post the slides");
    let t12 = entries(&merged, "tasks")
        .into_iter()
        .find(|t| t["id"].as_integer() == Some(12))
        .unwrap();
    assert_eq!(t12["status"].as_str(), Some("done"), "{t12:?}");
    assert_eq!(t12["owner"].as_str(), Some("ben"), "{t12:?}");
    let event = entries(&merged, "events")
        .into_iter()
        .find(|e| e["id"] == new_event["id"])
        .expect("B's planned event");
    assert_eq!(event, &new_event);
    let rsvps = rsvp_addresses(&merged, "2026-12-08");
    assert!(
        rsvps.contains(&"ann.becker@example.com".to_string()),
        "{rsvps:?}"
    );
    assert!(
        rsvps.contains(&"marcus.lee@example.net".to_string()),
        "{rsvps:?}"
    );
    let members = entries(&merged, "members");
    assert!(
        members
            .iter()
            .any(|m| m["email"].as_str() == Some("new.person@example.org"))
    );
    let december = entries(&merged, "events")
        .into_iter()
        .find(|e| e["id"].as_str() == Some("2026-12-08"))
        .unwrap();
    assert_eq!(december["status"].as_str(), Some("announced"));
    // The sent logs were merged as a union: B sends nothing A had sent.
    let union = c.read(&b, "group.sent.log");
    assert_eq!(union, a_sent, "B had sent nothing: the merged log is A's");
    c.ok(&b, NOW, &["remind", "--send", "--yes"]);
    let after = c.read(&b, "group.sent.log");
    let a_keys: HashSet<String> = sent_keys(&a_sent).into_iter().collect();
    let new_keys = sent_keys(&after[a_sent.len()..]);
    for k in &new_keys {
        assert!(!a_keys.contains(k), "sent again after the merge: {k}");
    }
}

/// `git pull` in `dir`, which must merge cleanly (through `ug merge`).
fn pull(c: &Clones, dir: &std::path::Path) {
    let out = c.git_status(dir, &["pull", "-q", "--no-edit", "origin", "main"]);
    let text = c.read(dir, "group.toml");
    assert!(
        out.status.success() && !text.contains("<<<<<<<"),
        "git pull did not merge cleanly in {}:\n{}{}\n{text}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}

/// Plans the next meetup when none is coming, then sends what is due.
fn send(c: &Clones, dir: &std::path::Path, day: chrono::NaiveDate) {
    let now = day.to_string();
    if rounds::next_event(&rounds::doc(dir), day).is_none() {
        c.ok(dir, &now, &["next-meetup", "--yes"]);
    }
    c.ok(dir, &now, &["remind", "--send", "--yes"]);
}

#[test]
fn a_hundred_rounds_of_two_clones_lose_no_edit_and_send_nothing_twice() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let (a, b) = (c.a.clone(), c.b.clone());
    let mut rng = rounds::Rng::new(13);
    let mut done = rounds::Done::default();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for round in 0..100 {
        let day = rounds::day(start, round);
        // A sends on odd rounds, from where it last pulled; B on even
        // rounds, after merging A's: each sends only what it has merged.
        rounds::edit(&c, &a, "a", day, round, &mut rng, &mut done);
        if round % 2 == 1 {
            send(&c, &a, day);
        }
        c.commit_tracked(&a, &format!("A, round {round}"));
        c.git(&a, &["push", "-q", "origin", "HEAD:main"]);
        rounds::edit(&c, &b, "b", day, round, &mut rng, &mut done);
        c.commit_tracked(&b, &format!("B, round {round}"));
        pull(&c, &b);
        if round % 2 == 0 {
            send(&c, &b, day);
            c.commit_tracked(&b, &format!("B sent, round {round}"));
        }
        c.git(&b, &["push", "-q", "origin", "HEAD:main"]);
        pull(&c, &a);
    }
    rounds::check(&a, &done);
    assert_eq!(c.read(&a, "group.toml"), c.read(&b, "group.toml"));
    let log = c.read(&a, "group.sent.log");
    assert_eq!(log, c.read(&b, "group.sent.log"));
    let keys = sent_keys(&log);
    let unique: HashSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "a message was sent twice");
    assert!(keys.len() > 100, "the rounds sent mail: {}", keys.len());
    assert!(done.added.len() > 50 && !done.rsvps.is_empty() && !done.done.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random concurrent edit pairs: every change that does not conflict is
    /// in the result, which parses; conflicts are exactly where both sides
    /// changed one key (or one RSVP line) differently, or deleted what the
    /// other changed; resolved either way, the file parses.
    #[test]
    fn random_concurrent_edits_keep_every_change_that_does_not_conflict(
        a in proptest::collection::vec(props::edit(), 0..6),
        b in proptest::collection::vec(props::edit(), 0..6),
    ) {
        let ours = props::apply("a", &a);
        let theirs = props::apply("b", &b);
        let m = usergroup::merge::merge(props::BASE, &ours, &theirs);
        let (want, n) = props::expected(
            &props::model(props::BASE),
            &props::model(&ours),
            &props::model(&theirs),
        );
        prop_assert_eq!(m.conflicts.len(), n, "{:?}\n{}", m.conflicts, m.text);
        prop_assert!(m.by_lines.is_none());
        if n == 0 {
            prop_assert_eq!(props::model(&m.text), want, "{}", m.text);
        } else {
            for side in [true, false] {
                let got = props::model(&props::resolve(&m.text, side));
                for (unit, fields) in &want {
                    prop_assert_eq!(got.get(unit), Some(fields), "{}: {}", unit, m.text);
                }
            }
        }
    }
}

#[test]
fn the_same_key_changed_two_ways_stops_git_with_a_block_around_it_that_ug_check_explains() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let (a, b) = (c.a.clone(), c.b.clone());
    c.ok(&a, NOW, &["tasks", "reassign", "16", "ben"]);
    c.commit(&a, "A: task 16 to Ben");
    c.git(&a, &["push", "-q", "origin", "HEAD:main"]);
    c.ok(&b, NOW, &["tasks", "reassign", "16", "rosa"]);
    c.ok(&b, NOW, &["tasks", "done", "17"]);
    c.commit(&b, "B: task 16 to Rosa");
    let pull = c.git_status(&b, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert!(!pull.status.success(), "git reports the conflict");
    let text = c.read(&b, "group.toml");
    let block = "<<<<<<< ours\nowner = \"rosa\"\n=======\nowner = \"ben\"\n>>>>>>> theirs\n";
    assert_eq!(text.matches("<<<<<<<").count(), 1, "{text}");
    assert!(text.contains(block), "{text}");
    // Around that line alone: the rest is B's file with A's no other change.
    let mine = std::fs::read_to_string(b.join("group.toml")).unwrap();
    assert_eq!(mine.replace(block, "owner = \"rosa\"\n"), {
        c.git(&b, &["show", "HEAD:group.toml"])
    });
    let line = text[..text.find("<<<<<<<").unwrap()].matches('\n').count() + 1;
    let check = c.ug(&b, NOW, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(
        err.contains(&format!("group.toml:{line}:1: conflict markers")),
        "{err}"
    );
    assert!(err.contains("git add"), "{err}");
    assert!(!err.contains("invalid TOML"), "{err}");
}

#[test]
fn logs_merge_as_unions_so_nothing_either_side_sent_goes_again() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let (a, b) = (c.a.clone(), c.b.clone());
    c.ok(
        &a,
        NOW,
        &["remind", "--send", "--yes", "--kind", "announce"],
    );
    c.commit(&a, "A sent the announcement");
    c.git(&a, &["push", "-q", "origin", "HEAD:main"]);
    c.ok(&b, NOW, &["remind", "--send", "--yes", "--kind", "ask"]);
    c.commit(&b, "B sent the ask");
    let (a_log, b_log) = (c.read(&a, "group.sent.log"), c.read(&b, "group.sent.log"));
    assert!(!a_log.is_empty() && !b_log.is_empty());
    pull(&c, &b);
    let union = c.read(&b, "group.sent.log");
    for line in a_log.lines().chain(b_log.lines()) {
        assert_eq!(union.lines().filter(|l| *l == line).count(), 1, "{line}");
    }
    assert_eq!(
        union.lines().count(),
        a_log.lines().count() + b_log.lines().count()
    );
    let again = c.ug(
        &b,
        NOW,
        &["remind", "--send", "--yes", "--kind", "announce"],
    );
    assert!(again.status.success());
    assert_eq!(c.read(&b, "group.sent.log"), union, "nothing sent twice");
}

#[test]
fn git_setup_says_what_it_did_then_that_it_is_set_up() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let attrs = c.read(&c.a, ".gitattributes");
    for line in [
        "group.toml merge=ug",
        "group.sent.log merge=union",
        "group.inbox.log merge=union",
        "group.daily.log merge=union",
    ] {
        assert_eq!(attrs.lines().filter(|l| *l == line).count(), 1, "{attrs}");
    }
    assert_eq!(
        c.git(&c.b, &["config", "--get", "merge.ug.driver"]).trim(),
        "ug merge %O %A %B"
    );
    let again = c.ok(&c.a, NOW, &["git-setup"]);
    assert!(again.contains("Already set up"), "{again}");
    assert_eq!(c.read(&c.a, ".gitattributes"), attrs);
    let json = c.ok(&c.a, NOW, &["git-setup", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["added"], serde_json::json!([]));
}

#[test]
fn git_setup_in_a_subfolder_names_the_file_from_the_root() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let sub = c.a.join("club");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(c.a.join("group.toml"), sub.join("group.toml")).unwrap();
    let out = c.ok(&sub, NOW, &["git-setup"]);
    assert!(out.contains("club/group.toml merge=ug"), "{out}");
    assert!(
        c.read(&c.a, ".gitattributes")
            .contains("club/group.sent.log merge=union\n")
    );
}

#[test]
fn git_setup_outside_a_repository_fails_clearly() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let outside = c.root.path().join("plain");
    std::fs::create_dir(&outside).unwrap();
    std::fs::copy(c.a.join("group.toml"), outside.join("group.toml")).unwrap();
    let out = c.ug(&outside, NOW, &["git-setup"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not in a git repository") && err.contains("git init"),
        "{err}"
    );
    assert!(!outside.join(".gitattributes").exists());
}

#[test]
fn merge_needs_no_group_file_and_fails_on_a_missing_version() {
    let Some(c) = Clones::new(&bundled()) else {
        return;
    };
    let dir = c.root.path();
    std::fs::write(dir.join("base"), "[group]\nname = \"a\"\n").unwrap();
    std::fs::write(dir.join("ours"), "[group]\nname = \"a\"\ncity = \"x\"\n").unwrap();
    std::fs::write(dir.join("theirs"), "[group]\nname = \"b\"\n").unwrap();
    c.ok(dir, NOW, &["merge", "base", "ours", "theirs"]);
    assert_eq!(c.read(dir, "ours"), "[group]\nname = \"b\"\ncity = \"x\"\n");
    let out = c.ug(dir, NOW, &["merge", "base", "ours", "nowhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(c.read(dir, "ours"), "[group]\nname = \"b\"\ncity = \"x\"\n");
}

/// Lines a random edit may put in: valid and broken TOML, markers.
const FRAGMENTS: [&str; 10] = [
    "[x]",
    "a = ",
    "}",
    "[[tasks]]",
    "id = 9",
    "<<<<<<< ours",
    "\"",
    "rsvps = [",
    "owner = \"zed\"",
    "# a comment",
];

/// `BASE` with random line edits: deleted, doubled, replaced, swapped.
fn mutate(ops: &[(usize, u8, usize)]) -> String {
    let mut lines: Vec<String> = props::BASE.lines().map(str::to_string).collect();
    for &(i, op, j) in ops {
        if lines.is_empty() {
            break;
        }
        let i = i % lines.len();
        match op {
            0 => {
                lines.remove(i);
            }
            1 => lines.insert(i, lines[i].clone()),
            2 => lines[i] = FRAGMENTS[j % FRAGMENTS.len()].to_string(),
            _ => {
                let j = j % lines.len();
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any two texts, valid TOML or not, merge without a panic; when all
    /// three parse and nothing conflicts, the result parses too; a text
    /// that does not parse is merged line by line.
    #[test]
    fn any_two_versions_merge_without_a_panic(
        a in proptest::collection::vec((0..60usize, 0..4u8, 0..60usize), 0..5),
        b in proptest::collection::vec((0..60usize, 0..4u8, 0..60usize), 0..5),
    ) {
        let (ours, theirs) = (mutate(&a), mutate(&b));
        let m = usergroup::merge::merge(props::BASE, &ours, &theirs);
        let parses = |t: &str| t.parse::<toml_edit::DocumentMut>().is_ok();
        if parses(&ours) && parses(&theirs) {
            prop_assert!(m.by_lines.is_none());
            if m.is_clean() {
                prop_assert!(parses(&m.text), "{}\n---\n{}\n---\n{}", ours, theirs, m.text);
            }
        } else if ours != props::BASE && theirs != props::BASE && ours != theirs {
            prop_assert!(m.by_lines.is_some());
        }
    }
}
