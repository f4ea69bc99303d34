//! The sent log: one line per message a server accepted, beside the group
//! file, so a message is sent once, ever, even across crashes and reruns.
//!
//! Format (plain text, tab-separated, UTF-8):
//! `<UTC time, RFC 3339>\t<key>\t<message-id>\t<recipient>\n`; a message
//! that settles several keys (a nudge digest, its day key) writes one line
//! for each, with the same Message-ID.
//! A recipient no mail can reach (no address, or one the sending library
//! rejects) is recorded once as skipped, so a daily cron run reports it once:
//! `<UTC time>\t<key>\tskipped\t<recipient>\t<why>\n` (the third field is
//! `skipped`, never a Message-ID, which always holds an `@`). Its key, like a
//! sent one, is settled; the key holds the address, so a fixed address is a
//! new key and that mail goes.
//! A line is appended right after each acceptance and made durable at once
//! or in a group commit at most [`COMMIT_WINDOW`] later; a crash can repeat
//! only what the last window held (with the same Message-ID). A torn last
//! line (no newline: the crash hit mid-write) is ignored and cut off.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::events::MailKind;
use crate::mail::{Kind, SentKey};

/// The longest an accepted message stays in the log without an fsync.
pub const COMMIT_WINDOW: Duration = Duration::from_millis(50);

/// `group.sent.log` for `group.toml`: the same folder and stem.
pub fn path_for(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, "sent.log")
}

/// The third field of a skipped recipient's line, in place of a Message-ID.
pub const SKIPPED: &str = "skipped";

/// The settled keys of a log (sent or skipped), read without taking its
/// lock (for a preview).
pub fn read_keys(path: &Path) -> Result<HashSet<String>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let (mut keys, skipped, _) = parse(&bytes);
            keys.extend(skipped);
            Ok(keys)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(HashSet::new()),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

/// True when `keys` (a log's) hold a message of one of `kinds` about event
/// `event`, to anyone.
pub fn any_about(keys: &HashSet<String>, kinds: &[Kind], event: &str) -> bool {
    keys.iter()
        .filter_map(|k| k.parse::<SentKey>().ok())
        .any(|k| kinds.contains(&k.kind) && k.event() == Some(event))
}

/// What readiness asks of the log (`events::Readiness::with_sent`): was a
/// mail of this kind about this event sent, to anyone?
pub fn was_sent(keys: &HashSet<String>) -> impl Fn(MailKind, &str) -> bool + '_ {
    move |kind, event| {
        let kind = match kind {
            MailKind::Announce => Kind::Announce,
            MailKind::Remind => Kind::Remind,
            MailKind::Thanks => Kind::Thanks,
        };
        any_about(keys, &[kind], event)
    }
}

/// Parses the log: the keys of its complete lines, sent and skipped, and
/// the length of those lines (everything after is a torn final line).
fn parse(bytes: &[u8]) -> (HashSet<String>, HashSet<String>, usize) {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut sent = HashSet::new();
    let mut skipped = HashSet::new();
    for line in String::from_utf8_lossy(&bytes[..complete]).lines() {
        let mut fields = line.split('\t').skip(1);
        let Some(key) = fields.next().filter(|k| !k.is_empty()) else {
            continue;
        };
        if fields.next() == Some(SKIPPED) {
            skipped.insert(key.to_string());
        } else {
            sent.insert(key.to_string());
        }
    }
    (sent, skipped, complete)
}

/// The log opened for appending, under an exclusive lock held until drop:
/// two `ug remind --send` on one group never run at once.
#[derive(Debug)]
pub struct SentLog {
    file: File,
    path: PathBuf,
    keys: HashSet<String>,
    /// Keys recorded as skipped (settled, but nothing went out).
    skipped: HashSet<String>,
    /// Lines written since the last fsync, and when the oldest was written.
    dirty: Option<Instant>,
}

impl SentLog {
    /// Opens (or creates) the log and locks it; fails at once, with a clear
    /// message, when another process holds the lock.
    pub fn open(path: &Path) -> Result<SentLog> {
        let mut j = crate::store::journal::open(
            path,
            "ug remind --send",
            "wait for it to finish, then run this again (it will only send what is left)",
        )?;
        let (keys, skipped, complete) = parse(&j.bytes);
        j.cut_to(path, complete)?;
        let file = j.file;
        Ok(SentLog {
            file,
            path: path.to_path_buf(),
            keys,
            skipped,
            dirty: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when `key` is settled: sent, or skipped.
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key) || self.skipped.contains(key)
    }

    /// True when some message of `kind` about event `event` was sent (to
    /// anyone; skipped ones do not count).
    pub fn any_about(&self, kind: Kind, event: &str) -> bool {
        any_about(&self.keys, &[kind], event)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Appends one accepted message. The line reaches the kernel at once
    /// (a crash of ug loses nothing); it reaches the disk at the next
    /// [`commit`](Self::commit), which the caller runs within [`COMMIT_WINDOW`].
    pub fn record(&mut self, key: &str, message_id: &str, recipient: &str) -> Result<()> {
        self.append(&[key, message_id, recipient])?;
        self.keys.insert(key.to_string());
        Ok(())
    }

    /// Records a recipient no mail can reach, once: `key` is settled
    /// without a message, and `why` says what to fix.
    pub fn record_skipped(&mut self, key: &str, recipient: &str, why: &str) -> Result<()> {
        self.append(&[key, SKIPPED, recipient, why])?;
        self.skipped.insert(key.to_string());
        Ok(())
    }

    /// Appends one line: the time, then `fields`, tab-separated.
    fn append(&mut self, fields: &[&str]) -> Result<()> {
        let mut line = crate::clock::stamp();
        for f in fields {
            line.push('\t');
            line.push_str(&crate::mail::clean(f, Some(' ')));
        }
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| Error::io("append to", &self.path, e))?;
        self.dirty.get_or_insert_with(Instant::now);
        Ok(())
    }

    /// Records a sent message: its key, and the keys of its other parts.
    pub fn record_message(&mut self, m: &crate::mail::Outgoing) -> Result<()> {
        for k in std::iter::once(&m.key).chain(&m.also) {
            self.record(&k.to_string(), &m.message_id, &m.to)?;
        }
        Ok(())
    }

    /// True when written lines have waited for an fsync for `window` or more.
    pub fn due(&self, window: Duration) -> bool {
        self.dirty.is_some_and(|t| t.elapsed() >= window)
    }

    /// Makes every recorded line durable (one fsync for all of them).
    pub fn commit(&mut self) -> Result<()> {
        if self.dirty.take().is_some() {
            self.file
                .sync_data()
                .map_err(|e| Error::io("flush", &self.path, e))?;
        }
        Ok(())
    }
}

impl Drop for SentLog {
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_path_beside_group_file() {
        assert_eq!(
            path_for(Path::new("/x/group.toml")),
            Path::new("/x/group.sent.log")
        );
        assert_eq!(path_for(Path::new("club.toml")), Path::new("club.sent.log"));
    }

    #[test]
    fn records_survive_reopen_and_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sent.log");
        {
            let mut log = SentLog::open(&path).unwrap();
            log.record("announce:e:a@x", "id1@x", "a@x").unwrap();
            log.record("announce:e:b@x", "id2@x", "b@x").unwrap();
            log.commit().unwrap();
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(b"2026-01-01T00:00:00Z\tannounce:e:c@x\tid3")
            .unwrap();
        drop(f);
        let mut log = SentLog::open(&path).unwrap();
        assert!(log.contains("announce:e:a@x") && log.contains("announce:e:b@x"));
        assert!(!log.contains("announce:e:c@x"));
        log.record("announce:e:d@x", "id4@x", "d@x").unwrap();
        drop(log);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().all(|l| l.split('\t').count() == 4));
        assert_eq!(read_keys(&path).unwrap().len(), 3);
    }

    #[test]
    fn a_skipped_key_is_settled_but_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sent.log");
        {
            let mut log = SentLog::open(&path).unwrap();
            log.record("announce:e:a@x", "id1@x", "a@x").unwrap();
            log.record_skipped("announce:e:a..b@x", "a..b@x", "bad\taddress")
                .unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let skipped = text.lines().nth(1).unwrap();
        assert_eq!(skipped.split('\t').nth(2), Some(SKIPPED), "{skipped}");
        assert_eq!(skipped.split('\t').count(), 5, "{skipped}");
        let log = SentLog::open(&path).unwrap();
        assert!(log.contains("announce:e:a..b@x") && log.contains("announce:e:a@x"));
        assert_eq!(log.len(), 1, "one sent");
        drop(log);
        assert_eq!(read_keys(&path).unwrap().len(), 2, "both settled");
    }

    #[test]
    fn second_open_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sent.log");
        let _first = SentLog::open(&path).unwrap();
        let err = SentLog::open(&path).unwrap_err().to_string();
        assert!(
            err.contains("another `ug remind --send` is running"),
            "{err}"
        );
    }
}
