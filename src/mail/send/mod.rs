//! Sending composed messages through the group's transport, recording each
//! accepted one in the sent log at once. `smtp` is async (one current-thread
//! tokio runtime, N connections over a shared queue); `sendmail` and `file`
//! are plain loops.
//!
//! Retries: a temporary failure (4xx, a dropped connection, a connect error)
//! is retried on a fresh connection after 0.5 s, 1 s, 2 s (the base is
//! `$UG_RETRY_BASE_MS`, default 500, for tests); a permanent one (5xx) fails
//! that recipient only.

mod local;
mod oauth;
mod session;
mod smtp;

use std::path::Path;
use std::time::Duration;

use tokio::sync::mpsc::Receiver;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::{Error, Result};
use crate::mail::Outgoing;
use crate::mail::log::SentLog;
use crate::model::{Email, Transport};

pub use local::write_eml;

/// Attempts per message: the first and three retries.
pub const ATTEMPTS: u32 = 4;

/// How to send: parallel connections, an optional rate, a progress bar.
#[derive(Debug, Clone)]
pub struct Settings {
    pub connections: usize,
    pub rate: Option<Rate>,
    pub progress: bool,
}

/// At most `count` messages per `per`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    /// The gap between two messages.
    pub fn interval(self) -> Duration {
        self.per / self.count.max(1)
    }
}

impl std::str::FromStr for Rate {
    type Err = String;

    /// `10/s`, `100/min`, `1000/h`.
    fn from_str(s: &str) -> Result<Rate, String> {
        let bad = || format!("`{s}` is not a rate: write it as N/s, N/min or N/h (e.g. 100/min)");
        let (n, unit) = s.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        if count == 0 {
            return Err(bad());
        }
        Ok(Rate { count, per })
    }
}

/// What happened to the messages handed to [`send_all`], by index.
#[derive(Debug, Default)]
pub struct Report {
    /// Accepted by the server and recorded in the log.
    pub sent: Vec<usize>,
    /// Refused for good (or still failing after every retry): the reason,
    /// with the server's own words.
    pub failed: Vec<(usize, String)>,
    /// The run stopped early (no connection, authentication refused): why.
    /// Messages neither sent nor failed were not attempted.
    pub stopped: Option<String>,
}

/// The retry delay before attempt `attempt` (1-based): base, 2×base, 4×base.
pub fn backoff(attempt: u32) -> Duration {
    let base = std::env::var("UG_RETRY_BASE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(500);
    Duration::from_millis(base.saturating_mul(1 << attempt.saturating_sub(1).min(10)))
}

/// What each transport is handed: the composed batches (until the channel
/// closes), the log to append each accepted message to, how to send, and
/// the progress bar.
struct Feed<'a> {
    rx: Receiver<Vec<Outgoing>>,
    log: &'a mut SentLog,
    settings: &'a Settings,
    bar: &'a ProgressBar,
}

/// Every message handed to [`send_all`] (bodies dropped), and what happened.
#[derive(Debug, Default)]
pub struct Sent {
    pub messages: Vec<Outgoing>,
    pub report: Report,
}

/// Sends every message arriving on `rx` (in batches, from a composer on
/// another thread, so composing overlaps sending) until it closes, appending each
/// accepted one to `log` right away. `total` is for the progress bar;
/// `base` is the group file's folder (for `[email.file] dir`). When the run
/// stops early, `rx` is dropped: the composer's next send fails, and it stops.
pub fn send_all(
    email: &Email,
    base: &Path,
    rx: Receiver<Vec<Outgoing>>,
    total: usize,
    log: &mut SentLog,
    settings: &Settings,
) -> Result<Sent> {
    let bar = progress(total, settings.progress);
    let feed = Feed {
        rx,
        log: &mut *log,
        settings,
        bar: &bar,
    };
    let (messages, report) = match email.transport {
        Transport::Smtp => {
            let cfg = email.smtp.as_ref().ok_or_else(|| {
                Error::failed_with(
                    "`[email] transport = \"smtp\"` but there is no [email.smtp] section",
                    "add [email.smtp] with host, port and security (see the README)",
                )
            })?;
            let conn = session::Config::from_model(cfg, base)?;
            smtp::send_all(&conn, feed)?
        }
        Transport::Sendmail => {
            let command = email
                .sendmail
                .as_ref()
                .map_or("/usr/sbin/sendmail", |s| s.command.as_str());
            local::sendmail_all(command, feed)?
        }
        Transport::File => {
            let dir = email.file.as_ref().map_or("outbox", |f| f.dir.as_str());
            local::file_all(&base.join(dir), feed)?
        }
    };
    bar.finish_and_clear();
    log.commit()?;
    Ok(Sent { messages, report })
}

fn progress(len: usize, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} sending {pos}/{len} [{bar:30}] {per_sec} eta {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        let r: Rate = "10/s".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_millis(100));
        let r: Rate = "120/min".parse().unwrap();
        assert_eq!(r.interval(), Duration::from_millis(500));
        assert!("0/s".parse::<Rate>().is_err());
        assert!("fast".parse::<Rate>().is_err());
        assert!("5/week".parse::<Rate>().is_err());
    }
}
