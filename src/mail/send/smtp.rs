//! SMTP sending: N sessions (`--connections`) on a current-thread tokio
//! runtime, taking messages from one queue fed by the composer thread, with
//! retries, `--rate`, and the sent log's group commits.
//!
//! Why not lettre's blocking `SmtpTransport`: it never sets TCP_NODELAY and
//! writes a message's body and its final dot separately, so every message
//! waits ~40 ms on the server's delayed ACK. See `session` for what we do.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use indicatif::ProgressBar;
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::Notify;
use tokio::sync::mpsc::Receiver;
use tokio::time::{Instant, sleep, sleep_until, timeout};

use super::session::{CONNECT_TIMEOUT, Config, Conn, ConnectError, Fail, MESSAGE_TIMEOUT, connect};
use super::{ATTEMPTS, Feed, Report, backoff};
use crate::error::{Error, Result};
use crate::mail::Outgoing;
use crate::mail::log::{COMMIT_WINDOW, SentLog};

/// One message to send, and its tries so far.
struct Job {
    idx: usize,
    msg: Rc<Outgoing>,
    attempt: u32,
    ready: Instant,
}

/// What the workers share (one thread: cells, no locks).
struct Shared<'a> {
    cfg: &'a Config,
    hello: ClientId,
    /// Messages to retry, each with the time it may go again.
    retry: RefCell<VecDeque<Job>>,
    /// New messages from the composer, in order.
    fresh: RefCell<VecDeque<Job>>,
    /// Every message received so far, by index (the body dropped once done).
    seen: RefCell<Vec<Rc<Outgoing>>>,
    /// The composer is done: no message will be added to `fresh`.
    closed: Cell<bool>,
    /// Wakes waiting workers: a new message, or the end of the input.
    arrived: Notify,
    /// Wakes the feeder when every worker has stopped.
    finished: Notify,
    log: RefCell<&'a mut SentLog>,
    report: RefCell<Report>,
    interval: Option<Duration>,
    next_slot: Cell<Instant>,
    running: Cell<usize>,
    bar: &'a ProgressBar,
    fatal: RefCell<Option<Error>>,
}

enum Take {
    Job(Job),
    /// Nothing to do now: wait for a new message, or until this retry time.
    Wait(Option<Instant>),
    Done,
}

impl Shared<'_> {
    fn stopped(&self) -> bool {
        self.report.borrow().stopped.is_some() || self.fatal.borrow().is_some()
    }

    fn take(&self) -> Take {
        let mut retry = self.retry.borrow_mut();
        let now = Instant::now();
        if let Some(i) = retry.iter().position(|j| j.ready <= now) {
            return Take::Job(retry.remove(i).expect("index from position"));
        }
        if let Some(j) = self.fresh.borrow_mut().pop_front() {
            return Take::Job(j);
        }
        let next_retry = retry.iter().map(|j| j.ready).min();
        if self.closed.get() && next_retry.is_none() {
            Take::Done
        } else {
            Take::Wait(next_retry)
        }
    }

    /// The next message if one is ready now (never waits).
    fn take_now(&self) -> Option<Job> {
        match self.take() {
            Take::Job(j) => Some(j),
            Take::Wait(_) | Take::Done => None,
        }
    }

    /// Waits for this message's turn under `--rate`.
    async fn pace(&self) {
        if let Some(iv) = self.interval {
            let slot = self.next_slot.get().max(Instant::now());
            self.next_slot.set(slot + iv);
            sleep_until(slot).await;
        }
    }

    /// The message is done with: keep its description, free its bytes.
    fn release(&self, job: Job) {
        let Job { idx, msg, .. } = job;
        drop(msg);
        let mut seen = self.seen.borrow_mut();
        if let Some(m) = Rc::get_mut(&mut seen[idx]) {
            m.bytes = Vec::new();
        }
    }

    fn accepted(&self, job: Job) {
        let m = &job.msg;
        let mut log = self.log.borrow_mut();
        let result = log.record_message(m).and_then(|()| {
            if log.due(COMMIT_WINDOW) {
                log.commit()
            } else {
                Ok(())
            }
        });
        if let Err(e) = result {
            self.fatal.borrow_mut().get_or_insert(e);
        }
        self.report.borrow_mut().sent.push(job.idx);
        self.bar.inc(1);
        self.release(job);
    }

    fn failed(&self, job: Job, text: String) {
        self.report.borrow_mut().failed.push((job.idx, text));
        self.bar.inc(1);
        self.release(job);
    }

    /// A failed attempt: a permanent failure, or the last attempt, fails the
    /// message; otherwise it is retried after the backoff.
    fn attempt_failed(&self, job: Job, fail: Fail) {
        if fail.permanent {
            self.failed(job, fail.text);
        } else if job.attempt + 1 >= ATTEMPTS {
            let text = format!("{} (gave up after {ATTEMPTS} attempts)", fail.text);
            self.failed(job, text);
        } else {
            let attempt = job.attempt + 1;
            self.retry.borrow_mut().push_back(Job {
                attempt,
                ready: Instant::now() + backoff(attempt),
                ..job
            });
        }
    }

    fn stop(&self, why: String) {
        self.report.borrow_mut().stopped.get_or_insert(why);
    }
}

/// Opens a connection, retrying temporary failures; `Err` stops the run.
async fn open(sh: &Shared<'_>) -> Result<Conn, String> {
    let mut attempt = 0;
    loop {
        let e = match timeout(CONNECT_TIMEOUT, connect(sh.cfg, &sh.hello)).await {
            Ok(Ok(c)) => return Ok(c),
            Ok(Err(e)) => e,
            Err(_) => ConnectError {
                text: format!("no answer in {CONNECT_TIMEOUT:?}"),
                hopeless: false,
            },
        };
        attempt += 1;
        if e.hopeless || attempt >= ATTEMPTS || sh.stopped() {
            return Err(format!(
                "could not open an SMTP session with {}: {}",
                sh.cfg.name(),
                e.text
            ));
        }
        sleep(backoff(attempt)).await;
    }
}

async fn worker(sh: &Shared<'_>) {
    let mut conn: Option<Conn> = None;
    // The message whose envelope already went out with the last body.
    let mut ahead: Option<Job> = None;
    while !sh.stopped() {
        let job = match ahead.take() {
            Some(j) => j,
            None => match sh.take() {
                Take::Job(j) => j,
                Take::Wait(until) => {
                    // Created before any await: a notification cannot be missed.
                    let arrived = sh.arrived.notified();
                    match until {
                        Some(t) => tokio::select! {
                            () = arrived => {}
                            () = sleep_until(t) => {}
                        },
                        None => arrived.await,
                    }
                    continue;
                }
                Take::Done => break,
            },
        };
        let c = match &mut conn {
            Some(c) => c,
            None => match open(sh).await {
                Ok(c) => conn.insert(c),
                Err(why) => {
                    sh.retry.borrow_mut().push_front(job);
                    sh.stop(why);
                    break;
                }
            },
        };
        sh.pace().await;
        // Room in the sent log first: a log that cannot grow (a full disk)
        // stops the run before this message goes, not after.
        if let Err(e) = sh.log.borrow_mut().reserve(&job.msg) {
            sh.fatal.borrow_mut().get_or_insert(e);
            sh.fresh.borrow_mut().push_front(job);
            break;
        }
        // Under --rate the next message waits its turn: a server left
        // waiting for its data could time out, so no envelope goes ahead.
        let next = if c.pipelines() && sh.interval.is_none() {
            sh.take_now()
        } else {
            None
        };
        let sending = c.send(&job.msg, next.as_ref().map(|j| &*j.msg));
        let result = match timeout(MESSAGE_TIMEOUT, sending).await {
            Ok(r) => r,
            Err(_) => Err((
                Fail {
                    text: format!("no answer from {} in {MESSAGE_TIMEOUT:?}", sh.cfg.name()),
                    permanent: false,
                },
                false,
            )),
        };
        match result {
            Ok(()) => sh.accepted(job),
            Err((fail, usable)) => {
                sh.log.borrow_mut().release(&job.msg);
                if (!usable || !fail.permanent)
                    && let Some(mut old) = conn.take()
                {
                    old.abort().await;
                }
                sh.attempt_failed(job, fail);
            }
        }
        // `next` must go next on this session; without one, back in line.
        if let Some(n) = next {
            let answered = match &mut conn {
                Some(c) => timeout(MESSAGE_TIMEOUT, c.read_ahead()).await.is_ok(),
                None => false,
            };
            if answered {
                ahead = Some(n);
            } else {
                if let Some(mut old) = conn.take() {
                    old.abort().await;
                }
                sh.fresh.borrow_mut().push_front(n);
            }
        }
    }
    if let Some(n) = ahead {
        sh.fresh.borrow_mut().push_front(n);
    }
    if let Some(mut c) = conn {
        let _ = timeout(Duration::from_secs(5), c.quit()).await;
    }
    sh.running.set(sh.running.get() - 1);
    if sh.running.get() == 0 {
        sh.finished.notify_waiters();
    }
}

/// Moves composed messages from the channel to the workers' queue, until
/// the composer is done or every worker has stopped (then dropping the
/// receiver tells the composer to stop).
async fn feeder(sh: &Shared<'_>, mut rx: Receiver<Vec<Outgoing>>) {
    loop {
        let finished = sh.finished.notified();
        if sh.running.get() == 0 {
            break;
        }
        tokio::select! {
            batch = rx.recv() => match batch {
                Some(batch) => {
                    let mut seen = sh.seen.borrow_mut();
                    let mut fresh = sh.fresh.borrow_mut();
                    for m in batch {
                        let msg = Rc::new(m);
                        let idx = seen.len();
                        seen.push(Rc::clone(&msg));
                        fresh.push_back(Job { idx, msg, attempt: 0, ready: Instant::now() });
                    }
                }
                None => break,
            },
            () = finished => break,
        }
        sh.arrived.notify_waiters();
    }
    sh.closed.set(true);
    sh.arrived.notify_waiters();
}

/// Group commits for the log while the workers run: no accepted message
/// waits longer than the commit window for its fsync.
async fn committer(sh: &Shared<'_>) {
    while sh.running.get() > 0 {
        let finished = sh.finished.notified();
        tokio::select! {
            () = sleep(COMMIT_WINDOW / 2) => {}
            () = finished => {}
        }
        if let Err(e) = sh.log.borrow_mut().commit() {
            sh.fatal.borrow_mut().get_or_insert(e);
        }
    }
}

/// Polls every future until all are done (the runtime has one thread, so
/// they share it; no `'static` needed).
async fn join_all(mut futs: Vec<Pin<Box<dyn Future<Output = ()> + '_>>>) {
    std::future::poll_fn(|cx| {
        futs.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if futs.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

/// Sends what arrives on `rx` until it closes; returns every message seen
/// (bodies dropped) and what happened to each, by index.
pub(super) fn send_all(cfg: &Config, feed: Feed) -> Result<(Vec<Outgoing>, Report)> {
    let Feed {
        rx,
        log,
        settings,
        bar,
    } = feed;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::failed(format!("could not start the mail sender: {e}")))?;
    let workers = settings.connections.clamp(1, 64);
    rt.block_on(async {
        let sh = Shared {
            cfg,
            hello: ClientId::default(),
            retry: RefCell::new(VecDeque::new()),
            fresh: RefCell::new(VecDeque::new()),
            seen: RefCell::new(Vec::new()),
            closed: Cell::new(false),
            arrived: Notify::new(),
            finished: Notify::new(),
            log: RefCell::new(log),
            report: RefCell::new(Report::default()),
            interval: settings.rate.map(|r| r.interval()),
            next_slot: Cell::new(Instant::now()),
            running: Cell::new(workers),
            bar,
            fatal: RefCell::new(None),
        };
        let mut futs: Vec<Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
        futs.push(Box::pin(feeder(&sh, rx)));
        for _ in 0..workers {
            futs.push(Box::pin(worker(&sh)));
        }
        futs.push(Box::pin(committer(&sh)));
        join_all(futs).await;
        if let Some(e) = sh.fatal.into_inner() {
            return Err(e);
        }
        let seen = sh.seen.into_inner();
        let messages = seen
            .into_iter()
            .map(|m| {
                Rc::try_unwrap(m).unwrap_or_else(|m| Outgoing {
                    bytes: Vec::new(),
                    ..(*m).clone()
                })
            })
            .collect();
        Ok((messages, sh.report.into_inner()))
    })
}
