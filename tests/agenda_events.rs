//! `ug events` and `ug agenda`, run as the real binary on a copy of the sample
//! group.toml: the views, the errors, and that every edit changes exactly the
//! lines it should and leaves a file that `ug check` accepts.

use std::path::PathBuf;
use std::process::{Command, Stdio};

#[path = "agenda_events/edit.rs"]
mod edit;
#[path = "agenda_events/lifecycle.rs"]
mod lifecycle;
#[path = "agenda_events/status.rs"]
mod status;
#[path = "agenda_events/view.rs"]
mod view;

const SAMPLE: &str = include_str!("../group.toml");

struct Group {
    dir: tempfile::TempDir,
    now: String,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Group {
    fn new() -> Group {
        Group::with(SAMPLE)
    }

    fn with(text: &str) -> Group {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("group.toml"), text).unwrap();
        Group {
            dir,
            now: "2026-11-26".into(),
        }
    }

    fn at(mut self, now: &str) -> Group {
        self.now = now.into();
        self
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("group.toml")
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.path()).unwrap()
    }

    fn ug(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_ug"))
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("UG_NOW", &self.now)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs an edit that must succeed, and returns the changed lines.
    fn edit(&self, args: &[&str]) -> (Run, Vec<Line>) {
        let before = self.text();
        let run = self.ug(args);
        assert_eq!(
            run.code, 0,
            "ug {args:?} failed:\n{}{}",
            run.stdout, run.stderr
        );
        let changes = diff(&before, &self.text());
        self.assert_valid();
        (run, changes)
    }

    /// Runs a command that must fail with `code` and leave the file alone.
    fn fails(&self, args: &[&str], code: i32) -> Run {
        let before = self.text();
        let run = self.ug(args);
        assert_eq!(run.code, code, "ug {args:?}:\n{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("error"), "{}", run.stderr);
        assert_eq!(self.text(), before, "ug {args:?} changed the file");
        run
    }

    fn assert_valid(&self) {
        let check = self.ug(&["check"]);
        assert_eq!(
            check.code, 0,
            "ug check after an edit:\n{}{}",
            check.stdout, check.stderr
        );
        toml::from_str::<toml::Table>(&self.text()).expect("the file parses as TOML");
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = self.ug(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
    }

    /// The agenda of one event, parsed back from the file.
    fn agenda(&self, id: &str) -> Vec<toml::Table> {
        let doc: toml::Table = toml::from_str(&self.text()).unwrap();
        let events = doc["events"].as_array().unwrap();
        let ev = events
            .iter()
            .find(|e| e["id"].as_str() == Some(id))
            .unwrap();
        ev.get("agenda")
            .and_then(|a| a.as_array())
            .map(|a| a.iter().map(|t| t.as_table().unwrap().clone()).collect())
            .unwrap_or_default()
    }
}

/// One changed line: '-' with its line number in the old text, '+' with its
/// line number in the new text.
#[derive(Debug, PartialEq, Eq)]
struct Line(char, usize, String);

/// A line diff (longest common subsequence), like `git diff` without context.
fn diff(old: &str, new: &str) -> Vec<Line> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a2, b2) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut lcs = vec![vec![0usize; b2.len() + 1]; a2.len() + 1];
    for i in (0..a2.len()).rev() {
        for j in (0..b2.len()).rev() {
            lcs[i][j] = if a2[i] == b2[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a2.len() || j < b2.len() {
        if i < a2.len() && j < b2.len() && a2[i] == b2[j] {
            i += 1;
            j += 1;
        } else if i < a2.len() && (j == b2.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Line('-', pre + i + 1, a2[i].to_string()));
            i += 1;
        } else {
            out.push(Line('+', pre + j + 1, b2[j].to_string()));
            j += 1;
        }
    }
    out
}

fn lines(sign: char, first: usize, text: &[&str]) -> Vec<Line> {
    text.iter()
        .enumerate()
        .map(|(i, t)| Line(sign, first + i, t.to_string()))
        .collect()
}

/// `before` with `new` inserted so that its first line becomes line `at`.
/// (A line diff cannot tell which of two identical `[[events.agenda]]` lines
/// is new, so insertions and removals are checked against the whole text.)
fn insert_lines(before: &str, at: usize, new: &[&str]) -> String {
    let mut all: Vec<&str> = before.lines().collect();
    all.splice(at - 1..at - 1, new.iter().copied());
    all.join("\n") + "\n"
}

/// `before` without the `count` lines that start at line `at`.
fn remove_lines(before: &str, at: usize, count: usize) -> String {
    let mut all: Vec<&str> = before.lines().collect();
    all.drain(at - 1..at - 1 + count);
    all.join("\n") + "\n"
}

/// The 1-based line number of the first line equal to `line` after line `after`.
fn line_of(text: &str, after: usize, line: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| *l == line)
        .map(|(i, _)| i + 1)
        .unwrap()
}

/// Where the December event's header is, and its `status` line.
fn december(text: &str) -> (usize, usize) {
    let id = line_of(text, 0, "id = \"2026-12-08\"");
    (id, line_of(text, id, "status = \"confirmed\""))
}

// ---------------------------------------------------------------- ug events

#[test]
fn events_lists_upcoming_then_past() {
    let g = Group::new();
    let run = g.ug(&["events"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("no {s:?} in\n{out}"));
    assert!(pos("Upcoming") < pos("Tue 2026-12-08 18:30"));
    assert!(pos("Tue 2026-12-08 18:30") < pos("Past"));
    assert!(pos("Past") < pos("Tue 2026-11-10"));
    assert!(pos("Tue 2026-11-10") < pos("Tue 2026-10-13"));
    assert!(pos("Tue 2026-10-13") < pos("Tue 2025-12-09"));
    let december = out.lines().find(|l| l.contains("2026-12-08")).unwrap();
    for col in [
        "December talks night",
        "talks",
        "Lakeview Analytics",
        "confirmed",
    ] {
        assert!(december.contains(col), "{december}");
    }
    let november = out.lines().find(|l| l.contains("2026-11-10")).unwrap();
    for col in [
        "November social",
        "social",
        "The Foundry Coworking",
        "held",
        "36",
    ] {
        assert!(november.contains(col), "{november}");
    }
}

#[test]
fn events_json_is_a_list_of_objects() {
    let g = Group::new();
    let v = g.json(&["events"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 12);
    assert_eq!(list[0]["id"], "2026-12-08");
    assert_eq!(list[0]["upcoming"], true);
    assert_eq!(list[0]["status"], "confirmed");
    assert_eq!(list[0]["venue"], "lakeview");
    assert_eq!(list[0]["venue_name"], "Lakeview Analytics");
    assert_eq!(list[0]["start"], "2026-12-08T18:30:00");
    assert_eq!(list[0]["attendance"], serde_json::Value::Null);
    assert_eq!(list[1]["id"], "2026-11-10");
    assert_eq!(list[1]["upcoming"], false);
    assert_eq!(list[1]["attendance"], 36);
    assert_eq!(list[11]["id"], "2025-12-09");
}

#[test]
fn confirm_changes_only_the_status_and_keeps_its_comment() {
    let g = Group::with(&SAMPLE.replacen(
        "status = \"confirmed\"\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        "status = \"planned\"    # waiting for Priya\n\n[[events.agenda]]\ntitle = \"Doors open, pizza\"",
        1,
    ));
    let before = g.text();
    let id = line_of(&before, 0, "id = \"2026-12-08\"");
    let status = line_of(&before, id, "status = \"planned\"    # waiting for Priya");
    let (run, changes) = g.edit(&["events", "confirm", "2026-12-08"]);
    assert!(run.stdout.contains("Confirmed"), "{}", run.stdout);
    assert_eq!(
        changes,
        vec![
            Line(
                '-',
                status,
                "status = \"planned\"    # waiting for Priya".into()
            ),
            Line(
                '+',
                status,
                "status = \"confirmed\"    # waiting for Priya".into()
            ),
        ]
    );
    // Again: nothing to do, nothing written.
    let (run, changes) = g.edit(&["events", "confirm", "2026-12-08"]);
    assert!(run.stdout.contains("already confirmed"), "{}", run.stdout);
    assert!(changes.is_empty());
}

#[test]
fn confirm_refuses_held_and_cancelled_events() {
    let g = Group::new();
    let run = g.fails(&["events", "confirm", "2026-11-10"], 1);
    assert!(run.stderr.contains("already held"), "{}", run.stderr);
    g.edit(&["events", "cancel", "2026-12-08"]);
    let run = g.fails(&["events", "confirm", "2026-12-08"], 1);
    assert!(run.stderr.contains("cancelled"), "{}", run.stderr);
}

#[test]
fn held_sets_status_and_adds_attendance_after_the_event() {
    let g = Group::new().at("2026-12-09");
    let before = g.text();
    let (_, status) = december(&before);
    let (run, changes) = g.edit(&["events", "held", "2026-12-08", "--attendance", "57"]);
    assert!(run.stdout.contains("57 came"), "{}", run.stdout);
    assert_eq!(
        changes,
        vec![
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"held\"".into()),
            Line('+', status + 1, "attendance = 57".into()),
        ]
    );
    let v = g.json(&["events"]);
    let dec = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "2026-12-08")
        .unwrap()
        .clone();
    assert_eq!(dec["status"], "held");
    assert_eq!(dec["attendance"], 57);
}

#[test]
fn held_again_corrects_only_the_attendance() {
    let g = Group::new();
    let before = g.text();
    let line = line_of(
        &before,
        line_of(&before, 0, "id = \"2026-11-10\""),
        "attendance = 36",
    );
    let (_, changes) = g.edit(&["events", "held", "2026-11-10", "--attendance", "38"]);
    assert_eq!(
        changes,
        vec![
            Line('-', line, "attendance = 36".into()),
            Line('+', line, "attendance = 38".into())
        ]
    );
}

#[test]
fn held_on_a_future_event_is_an_error() {
    let g = Group::new();
    let run = g.fails(&["events", "held", "2026-12-08", "--attendance", "50"], 1);
    assert!(
        run.stderr.contains("has not happened yet"),
        "{}",
        run.stderr
    );
}

#[test]
fn held_without_attendance_records_the_status_and_asks_for_the_count() {
    let g = Group::new().at("2026-12-09");
    let (_, status) = december(&g.text());
    let (run, changes) = g.edit(&["events", "held", "2026-12-08"]);
    assert!(
        run.stdout.contains("add `--attendance N`"),
        "{}",
        run.stdout
    );
    assert_eq!(
        changes,
        vec![
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"held\"".into()),
        ]
    );
}

#[test]
fn cancel_changes_the_status_and_says_no_notice_goes_when_nobody_was_told() {
    let g = Group::new();
    let before = g.text();
    let (_, status) = december(&before);
    let (run, changes) = g.edit(&["events", "cancel", "2026-12-08"]);
    // No announcement in the sent log: members never heard of it.
    assert!(
        run.stdout.contains(
            "Members were never told about it (no announcement went out), so no cancellation notice goes."
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("ug remind --send"), "{}", run.stdout);
    assert_eq!(
        changes[..2],
        [
            Line('-', status, "status = \"confirmed\"".into()),
            Line('+', status, "status = \"cancelled\"".into())
        ]
    );
    let v = g.json(&["events", "cancel", "2026-12-08"]);
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["changed"], false);
}

#[test]
fn cancel_of_an_announced_event_points_at_remind() {
    let g = Group::new();
    std::fs::write(
        g.dir.path().join("group.sent.log"),
        "2026-11-24T15:00:00Z\tannounce:2026-12-08:ann@example.com\t<a@x>\tann@example.com\n",
    )
    .unwrap();
    let (run, _) = g.edit(&["events", "cancel", "2026-12-08"]);
    assert!(
        run.stdout.contains(
            "The cancellation notice goes out to the members who were told, with the next `ug remind --send`."
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn cancel_refuses_a_held_event() {
    let g = Group::new();
    let run = g.fails(&["events", "cancel", "2026-11-10"], 1);
    assert!(run.stderr.contains("was held"), "{}", run.stderr);
}

#[test]
fn unknown_event_ids_fail_with_the_nearest_ids() {
    let g = Group::new().at("2026-12-09");
    for args in [
        &["events", "confirm", "2026-12-8"][..],
        &["events", "held", "2026-12-8", "--attendance", "5"],
        &["events", "cancel", "2026-12-8"],
        &["agenda", "2026-12-8"],
        &[
            "agenda",
            "add",
            "Talk",
            "--kind",
            "talk",
            "--minutes",
            "5",
            "--event",
            "2026-12-8",
        ],
        &["agenda", "remove", "1", "--event", "2026-12-8"],
    ] {
        let run = g.fails(args, 1);
        assert!(
            run.stderr.contains("no event `2026-12-8`"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("`2026-12-08`"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
