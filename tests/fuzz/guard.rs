//! The hang guard: every case runs on one long-lived worker thread while the
//! test thread waits for it at most [`LIMIT`]. A panic in the case comes back
//! as an error (so proptest can shrink it); a case still running after the
//! limit is saved under `target/tmp/fuzz-hangs/` and fails the test at once
//! (the worker is stuck, nothing can run after it). This is a hang guard,
//! not a speed test: the limit is far above what a case takes.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// The longest one in-process case may take (SPEC: "returns within 1 s").
pub const LIMIT: Duration = Duration::from_secs(1);

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A worker thread and the slowest case it ran.
pub struct Guard {
    jobs: Sender<Job>,
    done: Receiver<Result<(), String>>,
    pub cases: usize,
    pub slowest: Duration,
    /// The slowest case's input, for the log.
    slowest_input: Vec<u8>,
}

impl Guard {
    pub fn new() -> Guard {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel();
        thread::Builder::new()
            .name("fuzz-case".into())
            .spawn(move || {
                for job in job_rx {
                    let r = catch_unwind(AssertUnwindSafe(job)).map_err(|e| {
                        e.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "a panic".into())
                    });
                    if done_tx.send(r).is_err() {
                        break;
                    }
                }
            })
            .expect("start the fuzz worker");
        Guard {
            jobs,
            done,
            cases: 0,
            slowest: Duration::ZERO,
            slowest_input: Vec::new(),
        }
    }

    /// Runs `job` on the worker: `Err(panic message)` if it panicked.
    /// Panics (failing the test) if it is still running after [`LIMIT`],
    /// after saving `input` (the case, as bytes) to reproduce it.
    pub fn run(
        &mut self,
        what: &str,
        input: &[u8],
        job: impl FnOnce() + Send + 'static,
    ) -> Result<(), String> {
        let started = Instant::now();
        self.jobs
            .send(Box::new(job))
            .expect("the fuzz worker is alive");
        match self.done.recv_timeout(LIMIT) {
            Ok(r) => {
                self.cases += 1;
                if started.elapsed() > self.slowest {
                    self.slowest = started.elapsed();
                    self.slowest_input = input.to_vec();
                }
                r
            }
            Err(RecvTimeoutError::Timeout) => {
                let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-hangs");
                let _ = fs::create_dir_all(&dir);
                let path = dir.join(format!("{what}-{}", std::process::id()));
                let _ = fs::write(&path, input);
                panic!(
                    "{what}: a case still ran after {LIMIT:?} (a hang); saved to {}",
                    path.display()
                );
            }
            Err(RecvTimeoutError::Disconnected) => panic!("{what}: the fuzz worker died"),
        }
    }

    /// One line for the log: how many cases, the slowest.
    pub fn summary(&self, what: &str) -> String {
        format!(
            "{what}: {} cases in-process, slowest {:.1} ms (limit {LIMIT:?}): {:?}",
            self.cases,
            self.slowest.as_secs_f64() * 1000.0,
            String::from_utf8_lossy(&self.slowest_input)
                .chars()
                .take(100)
                .collect::<String>()
        )
    }
}
