//! The `ug` binary on a sample of the generated files: every read command and
//! a few write commands that fail (an unknown task or event) or may succeed
//! (`next-meetup --yes`). Each run must exit 0 or 1 (never 101, 2 or a
//! signal), within a hang guard; a read command, and a write that exits 1,
//! must leave the file byte for byte as it was, and no other file behind.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::UG;

/// A run still going after this is a hang. The binary is a debug build that
/// shares two cores with other tests: generous, a guard not a speed test
/// (the 1 s limit is measured in-process, where nothing else competes).
const LIMIT: Duration = Duration::from_secs(10);

/// (arguments, whether it only reads).
const COMMANDS: [(&[&str], bool); 9] = [
    (&["check"], true),
    (&["status", "--json"], true),
    (&["next-meetup", "--dry-run"], true),
    (&["calendar", "--all"], true),
    (&["remind"], true),
    (&["tasks"], true),
    (&["tasks", "done", "999999"], false),
    (&["events", "confirm", "no-such-event"], false),
    (&["next-meetup", "--yes"], false),
];

/// Runs every command on `bytes` in a fresh folder; the problems found.
pub fn problems(bytes: &[u8], now: &str) -> Vec<String> {
    let dir = tempfile::Builder::new()
        .prefix("ug-fuzz-")
        .tempdir()
        .expect("a temporary folder");
    let file = dir.path().join("group.toml");
    let mut found = Vec::new();
    for (args, reads) in COMMANDS {
        fs::write(&file, bytes).expect("write the case");
        let (code, stderr) = run(dir.path(), args, now);
        let what = format!("ug {}", args.join(" "));
        match code {
            Some(0 | 1) => {}
            Some(c) => found.push(format!("{what}: exit {c}: {}", first_lines(&stderr))),
            None => found.push(format!(
                "{what}: killed (a signal, or a hang over {LIMIT:?})"
            )),
        }
        if stderr.contains("panicked") {
            found.push(format!("{what}: {}", first_lines(&stderr)));
        }
        if (reads || code == Some(1)) && fs::read(&file).ok().as_deref() != Some(bytes) {
            found.push(format!("{what}: exit {code:?}, and the file changed"));
        }
        let others: Vec<String> = fs::read_dir(dir.path())
            .expect("list the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n != "group.toml" && !(code == Some(0) && !reads && n.ends_with(".log")))
            .collect();
        if reads && !others.is_empty() {
            found.push(format!("{what}: left {others:?} behind"));
        }
    }
    found
}

fn first_lines(s: &str) -> String {
    s.lines().take(3).collect::<Vec<_>>().join(" / ")
}

/// One run: its exit code (None: a signal or killed on a hang) and stderr.
fn run(dir: &Path, args: &[&str], now: &str) -> (Option<i32>, String) {
    let err_path = dir.join("..").join(format!(
        "{}.stderr",
        dir.file_name().unwrap_or_default().to_string_lossy()
    ));
    let err = fs::File::create(&err_path).expect("a stderr file");
    let mut child = Command::new(UG)
        .args(["--file", "group.toml", "--no-color"])
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("UG_NOW", now)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .expect("start ug");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for ug") {
            break Some(s);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(2));
    };
    let stderr = fs::read_to_string(&err_path).unwrap_or_default();
    let _ = fs::remove_file(&err_path);
    (status.and_then(|s| s.code()), stderr)
}

/// Runs the sample on two threads; every problem, with the case's index.
pub fn sample(cases: &[Vec<u8>]) -> Vec<String> {
    let nows = ["2026-11-26", "2026-12-08T19:00:00", "2026-10-02"];
    let half = cases.len().div_ceil(2).max(1);
    thread::scope(|s| {
        let workers: Vec<_> = cases
            .chunks(half)
            .enumerate()
            .map(|(w, chunk)| {
                s.spawn(move || {
                    let mut found = Vec::new();
                    for (i, bytes) in chunk.iter().enumerate() {
                        let index = w * half + i;
                        for p in problems(bytes, nows[index % nows.len()]) {
                            found.push(format!("case {index}: {p}"));
                        }
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a sample worker"))
            .collect()
    })
}
