//! Runs many `ug` processes in parallel, bounded: two worker threads per core,
//! each with its own folder (its own copy of the file under test) and a
//! scratch file for stderr. A run that outlives its time limit is killed and
//! reported as a hang. Stdout is discarded: these tests judge the exit code,
//! stderr and the file afterwards.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{UG, cleared};

/// The longest one run may take before it counts as a hang.
pub const LIMIT: Duration = Duration::from_secs(10);

/// What one run did.
#[derive(Debug)]
pub struct Run {
    /// `None` when killed by a signal (or by us, on a hang).
    pub code: Option<i32>,
    pub stderr: String,
    pub hung: bool,
}

impl Run {
    /// Why this run is a crash, if it is one: a panic (exit 101, or
    /// "panicked" on stderr), death by a signal, or a hang.
    pub fn crash(&self) -> Option<String> {
        if self.hung {
            return Some(format!("still running after {LIMIT:?} (killed)"));
        }
        if self.code == Some(101) || self.stderr.contains("panicked") {
            // "thread 'main' (1234) panicked at src/x.rs:1:2:" and the message
            // on the next line, without the thread id (so reports group).
            let mut lines = self.stderr.lines();
            let at = lines
                .by_ref()
                .find_map(|l| l.find("panicked").map(|i| &l[i..]))
                .unwrap_or("exit 101");
            let message = lines.next().unwrap_or("");
            return Some(format!("{at} {message}"));
        }
        match self.code {
            None => Some("killed by a signal".into()),
            _ => None,
        }
    }

    /// The first `error:` line with a message after it.
    pub fn error_line(&self) -> Option<&str> {
        self.stderr.lines().find(|l| {
            l.strip_prefix("error:")
                .is_some_and(|m| !m.trim().is_empty())
        })
    }

    /// The stderr's first lines, for a report.
    pub fn excerpt(&self) -> String {
        let lines: Vec<&str> = self.stderr.lines().take(4).collect();
        lines.join(" | ")
    }
}

/// One worker's folder.
pub struct Worker {
    pub dir: PathBuf,
    stderr: PathBuf,
}

impl Worker {
    /// `ug ARGS` in the worker's folder on the day `now`, environment cleared.
    pub fn ug(&self, args: &[&str], now: &str) -> Run {
        let err = fs::File::create(&self.stderr).expect("create the stderr file");
        let mut child = cleared(UG, &self.dir, now)
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .expect("start ug");
        let start = Instant::now();
        let mut nap = Duration::from_micros(200);
        let (code, hung) = loop {
            if let Some(status) = child.try_wait().expect("wait for ug") {
                break (status.code(), false);
            }
            if start.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                break (None, true);
            }
            std::thread::sleep(nap);
            nap = (nap * 2).min(Duration::from_millis(4));
        };
        let stderr = fs::read(&self.stderr).unwrap_or_default();
        Run {
            code,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            hung,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// What a whole batch found.
pub struct Report {
    pub failures: Vec<String>,
    /// Jobs done (fewer than asked when it stopped at `max_failures`).
    pub done: usize,
    pub runs: usize,
    pub elapsed: Duration,
}

/// Runs `job` on every item on bounded worker threads. A job returns its
/// failures and how many `ug` runs it made. Stops taking new items once
/// `max_failures` failures are in (a broken build fails fast).
pub fn parallel<J: Sync>(
    items: &[J],
    max_failures: usize,
    job: impl Fn(&J, &Worker) -> (Vec<String>, usize) + Sync,
) -> Report {
    // Two workers a core: a run spends part of its time in exec and page
    // faults, and on a shared machine the extra worker keeps the cores busy.
    let threads = 2 * std::thread::available_parallelism().map_or(2, |n| n.get());
    let root = tempfile::Builder::new()
        .prefix("ug-season-")
        .tempdir()
        .expect("a temporary folder");
    let next = AtomicUsize::new(0);
    let runs = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let start = Instant::now();
    std::thread::scope(|s| {
        for w in 0..threads {
            let (next, runs, failures, job) = (&next, &runs, &failures, &job);
            let dir = root.path().join(format!("w{w}"));
            s.spawn(move || {
                let worker = Worker {
                    stderr: root_file(&dir),
                    dir,
                };
                loop {
                    if failures.lock().unwrap().len() >= max_failures {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    let (found, n) = job(item, &worker);
                    runs.fetch_add(n, Ordering::Relaxed);
                    failures.lock().unwrap().extend(found);
                }
            });
        }
    });
    let done = next.load(Ordering::Relaxed).min(items.len());
    Report {
        failures: failures.into_inner().unwrap(),
        done,
        runs: runs.into_inner(),
        elapsed: start.elapsed(),
    }
}

/// Makes the worker folder; its stderr scratch file lives beside it, so the
/// folder holds only what ug may see.
fn root_file(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir).expect("create the worker folder");
    dir.with_extension("stderr")
}
