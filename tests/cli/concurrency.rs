//! Many writers and killed writers: the lock serialises edits so none is
//! lost, and the atomic replace leaves the old file or the new one, never a
//! partial one, whenever a writer dies.

use std::collections::BTreeSet;
use std::fs;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::support::*;

fn spawn(t: &Ug, args: &[&str]) -> Child {
    t.command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ug")
}

/// Waits for every child and requires each to have succeeded.
fn wait_all(children: Vec<(String, Child)>) {
    for (what, child) in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "`ug {what}` failed:\n{stderr}");
    }
}

#[test]
fn twenty_writers_at_once_lose_no_edit() {
    // A few hundred members make each edit take long enough to overlap.
    let t = Ug::with_group(&large_group(300));
    let children: Vec<(String, Child)> = (0..20)
        .map(|i| {
            let title = format!("Parallel task {i}");
            let child = spawn(
                &t,
                &["tasks", "add", &title, "--owner", "bo", "--due", "+3d"],
            );
            (format!("tasks add {title}"), child)
        })
        .collect();
    wait_all(children);

    let text = t.read("group.toml");
    let doc = parse_toml(&text);
    let all = tasks(&doc);
    let ids: Vec<i64> = all.iter().map(|t| t["id"].as_integer().unwrap()).collect();
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(ids.len(), 23, "expected 3 + 20 tasks, got ids {ids:?}");
    assert_eq!(
        unique,
        (1..=23).collect(),
        "ids must be unique and consecutive: {ids:?}"
    );
    for i in 0..20 {
        let title = format!("Parallel task {i}");
        let n = all
            .iter()
            .filter(|t| t["title"].as_str() == Some(&title))
            .count();
        assert_eq!(n, 1, "{title:?} appears {n} times");
    }
    assert!(
        text.starts_with(&large_group(300)),
        "the existing lines must stay as they were"
    );
    t.run_with(["check"]).success();
    assert_eq!(
        t.leftovers(),
        Vec::<String>::new(),
        "temporary files left behind"
    );
}

#[test]
fn adds_and_dones_at_once_are_all_applied() {
    let mut text = large_group(300);
    for id in 4..=10 {
        text.push_str(&format!("\n[[tasks]]\nid = {id}\ntitle = \"Task {id}\"\nowner = \"ann\"\ndue = 2026-12-01\nstatus = \"open\"\n"));
    }
    let t = Ug::with_group(&text);
    let mut children = Vec::new();
    for i in 1..=10 {
        let id = i.to_string();
        children.push((
            format!("tasks done {id}"),
            spawn(&t, &["tasks", "done", &id]),
        ));
        let title = format!("New task {i}");
        children.push((
            format!("tasks add {title}"),
            spawn(
                &t,
                &["tasks", "add", &title, "--owner", "bo", "--due", "+3d"],
            ),
        ));
    }
    wait_all(children);

    let doc = parse_toml(&t.read("group.toml"));
    let all = tasks(&doc);
    assert_eq!(all.len(), 20);
    for task in &all {
        let id = task["id"].as_integer().unwrap();
        let status = task["status"].as_str().unwrap();
        if id <= 10 {
            assert_eq!(status, "done", "task {id} lost its `done`");
            assert_eq!(task["done_on"].to_string(), "2026-11-26");
        } else {
            assert_eq!(status, "open");
            assert!(task["title"].as_str().unwrap().starts_with("New task "));
        }
    }
    t.run_with(["check"]).success();
}

/// The exact lines `ug tasks add TITLE --owner ann --due 2026-12-01` appends
/// when the tasks are the last thing in the file.
fn added_block(id: i64, title: &str) -> String {
    format!(
        "\n[[tasks]]\nid = {id}\ntitle = \"{title}\"\nowner = \"ann\"\ndue = 2026-12-01\nstatus = \"open\"\n"
    )
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    const RUNS: usize = 200;
    let t = Ug::with_group(&large_group(300));
    let path = t.path("group.toml");
    let mut rng = Rng::new(20_261_126);
    let mut next_id = 4;
    let (mut kept_old, mut got_new, mut killed, mut temps_seen) = (0, 0, 0, 0);

    for run in 0..RUNS {
        let old = fs::read_to_string(&path).unwrap();
        let title = format!("Kill test {run}");
        let mut child = t
            .command()
            .args([
                "tasks",
                "add",
                &title,
                "--owner",
                "ann",
                "--due",
                "2026-12-01",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(31)));
        let _ = child.kill(); // SIGKILL; fails harmlessly if it already exited
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            None => {
                killed += 1;
                temps_seen += usize::from(!t.leftovers().is_empty());
            }
            Some(0) => {}
            Some(code) => panic!(
                "run {run}: exit {code}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }

        let now = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("run {run}: group.toml unreadable: {e}"));
        let new = format!("{old}{}", added_block(next_id, &title));
        if now == old {
            assert!(
                out.status.code().is_none(),
                "run {run}: ug reported success but the file is unchanged"
            );
            kept_old += 1;
        } else if now == new {
            got_new += 1;
            next_id += 1;
        } else {
            panic!(
                "run {run}: the file is neither the old nor the new one:\n{}",
                diff(&new, &now)
            );
        }
        if run % 20 == 19 {
            parse_toml(&now);
            t.run_with(["check"]).success();
        }
    }

    eprintln!(
        "kill test: {killed} killed ({temps_seen} left a temporary file), {kept_old} kept the old file, {got_new} wrote the new one"
    );
    // Left-over temporary files from killed writers never break the next
    // writer, which also clears them away.
    t.run_with([
        "tasks",
        "add",
        "After the storm",
        "--owner",
        "ann",
        "--due",
        "2026-12-01",
    ])
    .success();
    assert_eq!(
        t.leftovers(),
        Vec::<String>::new(),
        "temporary files left behind"
    );
    let ids = task_ids(&t.read("group.toml"));
    assert_eq!(ids, (1..=next_id).collect::<Vec<_>>());
    assert!(
        killed >= 20 && kept_old >= 1 && got_new >= 1,
        "too few interesting runs: {killed} killed, {kept_old} old, {got_new} new"
    );
}
