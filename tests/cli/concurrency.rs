//! Many writers and killed writers: the lock serialises edits so none is
//! lost, and the atomic replace leaves the old file or the new one, never a
//! partial one, whenever a writer dies.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::support::*;

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
            let child = t.spawn(&["tasks", "add", &title, "--owner", "bo", "--due", "+3d"]);
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
        children.push((format!("tasks done {id}"), t.spawn(&["tasks", "done", &id])));
        let title = format!("New task {i}");
        children.push((
            format!("tasks add {title}"),
            t.spawn(&["tasks", "add", &title, "--owner", "bo", "--due", "+3d"]),
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

/// Where a writer dies. Each moment is one the test observes, never a guessed
/// delay, so what a run must leave is known in advance where it can be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Death {
    /// SIGKILL at once, wherever it is (most likely still starting).
    AtOnce,
    /// SIGKILL while it waits for the lock the test holds (seen in
    /// /proc/locks): it has written nothing.
    WaitingForTheLock,
    /// SIGKILL at the confirmation prompt (stdin a terminal): it holds the
    /// lock, has read the file and made the change in memory, written nothing.
    AtThePrompt,
    /// SIGKILL as soon as the test sees it hold the lock (reading, parsing,
    /// writing or renaming), or never if it ends first.
    HoldingTheLock,
    /// Killed by the kernel (SIGXFSZ, `ulimit -f`) half-way through writing
    /// its temporary file: a partial temporary file is left behind.
    MidWrite,
    /// Not killed: it ends by itself.
    Never,
}

const DEATHS: [Death; 6] = [
    Death::AtOnce,
    Death::WaitingForTheLock,
    Death::AtThePrompt,
    Death::HoldingTheLock,
    Death::MidWrite,
    Death::Never,
];

/// True when /proc/locks shows process `pid` waiting for a lock.
fn waits_for_a_lock(pid: u32) -> bool {
    let locks = fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.get(1) == Some(&"->") && f.get(5) == Some(&pid.to_string().as_str())
    })
}

/// True while another process holds the lock on `path`.
fn locked(path: &Path) -> bool {
    match File::open(path).unwrap().try_lock() {
        Ok(()) => false,
        Err(fs::TryLockError::WouldBlock) => true,
        Err(fs::TryLockError::Error(e)) => panic!("try_lock: {e}"),
    }
}

/// Runs one writer (`tasks add TITLE`) and makes it die as `death` says.
/// `None` when it needs `script` and there is none. Returns its exit code
/// (`None`: killed by a signal) and its stderr.
fn die(t: &Ug, death: Death, title: &str) -> Option<(Option<i32>, String)> {
    let args = [
        "tasks",
        "add",
        title,
        "--owner",
        "ann",
        "--due",
        "2026-12-01",
    ];
    let path = t.path("group.toml");
    let deadline = Duration::from_secs(20);
    let (status, stderr) = match death {
        Death::AtThePrompt => {
            let mut term = t.terminal(&args)?;
            assert!(term.wait_for("Write this change?"), "{}", term.seen);
            assert!(locked(&path), "ug asks without holding the lock");
            term.kill();
            let out = term.finish();
            return Some((out.code, out.stdout));
        }
        Death::WaitingForTheLock => {
            let held = File::open(&path).unwrap();
            held.lock().unwrap();
            let mut child = t.spawn(&args);
            let pid = child.id();
            wait_until(deadline, "ug to wait for the lock", || {
                waits_for_a_lock(pid)
            });
            child.kill().unwrap();
            drop(held);
            let out = child.wait_with_output().unwrap();
            (out.status, out.stderr)
        }
        Death::MidWrite => {
            // dash's `ulimit -f` counts 512-byte blocks: 2 KiB, far less than
            // the file. No core file either.
            let out = t
                .prepare("sh")
                .args(["-c", "ulimit -c 0; ulimit -f 4; exec \"$0\" \"$@\"", UG])
                .args(args)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert_eq!(out.status.signal(), Some(25), "not killed by SIGXFSZ");
            (out.status, out.stderr)
        }
        Death::AtOnce | Death::HoldingTheLock | Death::Never => {
            let mut child = t.spawn(&args);
            if death == Death::AtOnce {
                let _ = child.kill(); // fails harmlessly if it already exited
            } else if death == Death::HoldingTheLock {
                let mut ended = false;
                wait_until(deadline, "ug to take the lock or end", || {
                    ended = child.try_wait().unwrap().is_some();
                    ended || locked(&path)
                });
                if !ended {
                    let _ = child.kill();
                }
            }
            let out = child.wait_with_output().unwrap();
            (out.status, out.stderr)
        }
    };
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    Some((status.code(), stderr))
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    const ROUNDS: usize = 6;
    let t = Ug::with_group(&large_group(300));
    let path = t.path("group.toml");
    let mut next_id = 4;
    let mut seen: Vec<(Death, &str)> = Vec::new();

    for run in 0..ROUNDS * DEATHS.len() {
        let death = DEATHS[run % DEATHS.len()];
        let old = fs::read_to_string(&path).unwrap();
        let temps_before = t.leftovers().len();
        let title = format!("Kill test {run}");
        let Some((code, stderr)) = die(&t, death, &title) else {
            eprintln!("SKIPPED {death:?}: util-linux `script` is not installed");
            continue;
        };
        let killed = match code {
            None => true,
            Some(0) => false,
            Some(code) => panic!("run {run} ({death:?}): exit {code}:\n{stderr}"),
        };
        let now = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("run {run} ({death:?}): group.toml unreadable: {e}"));
        let new = format!("{old}{}", added_block(next_id, &title));
        let outcome = if now == old {
            assert!(
                killed,
                "run {run} ({death:?}): ug reported success but the file is unchanged:\n{stderr}"
            );
            "old"
        } else if now == new {
            next_id += 1;
            "new"
        } else {
            panic!(
                "run {run} ({death:?}): the file is neither the old nor the new one:\n{}",
                diff(&new, &now)
            );
        };
        // What each death must leave, whatever the machine's speed.
        match death {
            Death::WaitingForTheLock | Death::AtThePrompt => {
                assert!(
                    killed && outcome == "old",
                    "run {run} ({death:?}): {outcome}"
                );
                assert_eq!(t.leftovers().len(), temps_before, "run {run} ({death:?})");
            }
            Death::MidWrite => {
                assert_eq!(
                    outcome, "old",
                    "run {run}: a partial write replaced the file"
                );
                assert!(
                    t.leftovers().iter().any(|n| n.ends_with(".tmp")),
                    "run {run}: no partial temporary file: {:?}",
                    t.leftovers()
                );
            }
            Death::Never => {
                assert!(
                    !killed && outcome == "new",
                    "run {run}: {outcome}\n{stderr}"
                );
                // A writer clears what killed writers left.
                assert_eq!(t.leftovers(), Vec::<String>::new(), "run {run}");
            }
            Death::AtOnce | Death::HoldingTheLock => {}
        }
        seen.push((death, outcome));
        if run % DEATHS.len() == DEATHS.len() - 1 {
            parse_toml(&now);
            t.run_with(["check"]).success();
        }
    }

    eprintln!("kill test: {seen:?}");
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
}
