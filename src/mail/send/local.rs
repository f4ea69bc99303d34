//! The local transports: a `sendmail` command (the message on its stdin) and
//! a folder of `.eml` files (also what `ug remind --out DIR` writes).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use indicatif::ProgressBar;
use tokio::sync::mpsc::Receiver;

use super::{Feed, Report};
use crate::error::{Error, Result};
use crate::mail::Outgoing;
use crate::mail::log::SentLog;
use crate::secure::redact::redact;

/// Writes one message as `<key>.eml` in `dir` (atomically), and returns its path.
pub fn write_eml(dir: &Path, m: &Outgoing) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let path = dir.join(file_name(&m.key.to_string()));
    crate::store::write_atomic(&path, &m.bytes, None)?;
    Ok(path)
}

/// `announce:2026-12-08:ann@example.com` -> `announce_2026-12-08_ann@example.com.eml`:
/// only characters that are safe in a file name on every system.
fn file_name(key: &str) -> String {
    let mut s: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '@' | '+' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with('.') {
        s.insert(0, '_');
    }
    s.push_str(".eml");
    s
}

/// The messages of every batch, in order, until the channel closes.
fn batches(rx: &mut Receiver<Vec<Outgoing>>) -> impl Iterator<Item = Outgoing> + '_ {
    std::iter::from_fn(|| rx.blocking_recv()).flatten()
}

/// The messages a local transport went through (bodies dropped), and
/// what happened to each.
#[derive(Default)]
struct Tally {
    seen: Vec<Outgoing>,
    report: Report,
}

impl Tally {
    /// `m` was sent (recorded in the log at once, durably) or failed (`Err`).
    fn done(
        &mut self,
        mut m: Outgoing,
        sent: Result<(), String>,
        log: &mut SentLog,
        bar: &ProgressBar,
    ) -> Result<()> {
        let i = self.seen.len();
        match sent {
            Ok(()) => {
                log.record_message(&m)?;
                log.commit()?;
                self.report.sent.push(i);
            }
            Err(why) => {
                log.release(&m);
                self.report.failed.push((i, why));
            }
        }
        m.bytes = Vec::new();
        self.seen.push(m);
        bar.inc(1);
        Ok(())
    }
}

pub(super) fn file_all(dir: &Path, mut feed: Feed) -> Result<(Vec<Outgoing>, Report)> {
    let mut tally = Tally::default();
    for m in batches(&mut feed.rx) {
        feed.log.reserve(&m)?;
        write_eml(dir, &m)?;
        tally.done(m, Ok(()), feed.log, feed.bar)?;
    }
    Ok((tally.seen, tally.report))
}

/// `command -i -f FROM -- TO` with the message on stdin, once per message.
/// A non-zero exit is a failure for that recipient; a command that cannot
/// start stops the run.
pub(super) fn sendmail_all(command: &str, mut feed: Feed) -> Result<(Vec<Outgoing>, Report)> {
    let mut words = command.split_whitespace();
    let program = words.next().ok_or_else(|| {
        Error::failed_with(
            "[email.sendmail] command is empty",
            "set it to the sendmail program, e.g. command = \"/usr/sbin/sendmail\"",
        )
    })?;
    let extra: Vec<&str> = words.collect();
    let mut tally = Tally::default();
    let mut next = Instant::now();
    for m in batches(&mut feed.rx) {
        if let Some(rate) = feed.settings.rate {
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
            next = next.max(Instant::now()) + rate.interval();
        }
        // Room in the sent log first: a full disk stops the run before
        // this message goes, not after.
        feed.log.reserve(&m)?;
        let mut child = match Command::new(program)
            .args(&extra)
            .args(["-i", "-f", &m.from, "--", &m.to])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => {
                tally.report.stopped = Some(format!("could not run `{program}`: {e}"));
                break;
            }
        };
        let wrote = child
            .stdin
            .take()
            .map(|mut stdin| stdin.write_all(&m.bytes));
        let out = child
            .wait_with_output()
            .map_err(|e| Error::failed(format!("`{program}` failed: {e}")))?;
        let sent = if out.status.success() && matches!(wrote, Some(Ok(()))) {
            Ok(())
        } else {
            // What the command said may quote its server's reply: redacted.
            let err = redact(String::from_utf8_lossy(&out.stderr).trim());
            Err(format!("`{program}` exited with {}: {err}", out.status))
        };
        tally.done(m, sent, feed.log, feed.bar)?;
    }
    Ok((tally.seen, tally.report))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn safe_file_names() {
        assert_eq!(
            file_name("announce:2026-12-08:ann@example.com"),
            "announce_2026-12-08_ann@example.com.eml"
        );
        assert_eq!(file_name("../x/y"), "_.._x_y.eml");
    }
}
