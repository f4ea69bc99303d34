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
//! The time is the run's: its [`Clock`]'s instant when the line is
//! written, the real time, or `UG_NOW` when that pins the run (as every
//! other time in the run), so the sending quota (`mail::quota`) counts in
//! the run's time. Times need not grow from line to line (a run pinned
//! earlier than the last, a clock set back, two logs merged as a union):
//! no reader relies on their order. Logs written before this rule may have
//! a fifth field on a sent line, the pinned instant (their first field
//! was the real time then): it is read as the line's time, never written.
//! A line is appended right after each acceptance and made durable at once
//! or in a group commit at most [`COMMIT_WINDOW`] later; a crash can repeat
//! only what the last window held (with the same Message-ID). A torn last
//! line (no newline: the crash hit mid-write) is ignored and cut off.
//!
//! Room first (SPEC §11: a failed write of the log stops the send at once):
//! before a message goes out, [`SentLog::reserve`] grows the file by its
//! line's length in zero bytes, a write that fails on a full disk *before*
//! the message is sent; the line, once the server accepted it, overwrites
//! those zeros in place, which needs no new room. Zeros left after the last
//! line (a crash, a message refused) are after the last newline: a torn
//! line, cut off at the next open, and cut at close.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono_tz::Tz;

use crate::clock::Clock;
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

/// Whether `keys` (a log's) hold a "changed" mail about event `id` at
/// `sequence`, to anyone: the members heard of the event as it stands.
pub fn change_heard(keys: &HashSet<String>, id: &str, sequence: u32) -> bool {
    let prefix = format!("{}:{id}:{sequence}:", Kind::Change.as_str());
    keys.iter().any(|k| {
        k.starts_with(&prefix)
            && k.parse::<SentKey>()
                .is_ok_and(|k| k.about == crate::mail::key::About::Change(id.to_string(), sequence))
    })
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
    /// The locked file (opened to append: the lock is on it).
    file: File,
    /// The same file opened without append, to write lines at `end`.
    writer: File,
    /// The length of the log's lines; zeros (room) may follow.
    end: u64,
    /// Zero bytes written after `end`, for lines to come.
    room: u64,
    /// The part of `room` promised to messages sent and not yet recorded.
    promised: u64,
    path: PathBuf,
    keys: HashSet<String>,
    /// Keys recorded as skipped (settled, but nothing went out).
    skipped: HashSet<String>,
    /// Lines written since the last fsync, and when the oldest was written.
    dirty: Option<Instant>,
    /// The run's clock and the group's zone: each line's time.
    clock: Clock,
    tz: Tz,
}

impl SentLog {
    /// Opens (or creates) the log and locks it; fails at once, with a clear
    /// message, when another process holds the lock. Lines are stamped with
    /// `clock`'s instant (the run's time) in UTC; `tz` is the group's zone,
    /// which a pinned clock's local time is in.
    pub fn open(path: &Path, clock: Clock, tz: Tz) -> Result<SentLog> {
        let mut j = crate::store::journal::open(
            path,
            "ug remind --send",
            "wait for it to finish, then run this again (it will only send what is left)",
        )?;
        let (keys, skipped, complete) = parse(&j.bytes);
        j.cut_to(path, complete)?;
        let file = j.file;
        let writer = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io("open", path, e))?;
        Ok(SentLog {
            file,
            writer,
            end: complete as u64,
            room: 0,
            promised: 0,
            path: path.to_path_buf(),
            keys,
            skipped,
            dirty: None,
            clock,
            tz,
        })
    }

    /// The time a line written now records: the run's clock, in UTC to the
    /// millisecond.
    fn stamp(&self) -> String {
        self.clock.stamp(self.tz)
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
        self.append(&[key, message_id, recipient], true)?;
        self.keys.insert(key.to_string());
        Ok(())
    }

    /// Records a recipient no mail can reach, once: `key` is settled
    /// without a message, and `why` says what to fix.
    pub fn record_skipped(&mut self, key: &str, recipient: &str, why: &str) -> Result<()> {
        self.append(&[key, SKIPPED, recipient, why], false)?;
        self.skipped.insert(key.to_string());
        Ok(())
    }

    /// Appends one line: the time, then `fields`, tab-separated, written
    /// over the room made for it: `promised` by [`reserve`](Self::reserve),
    /// else made now.
    fn append(&mut self, fields: &[&str], promised: bool) -> Result<()> {
        let line = line(&self.stamp(), fields);
        let len = line.len() as u64;
        if promised {
            self.promised = self.promised.saturating_sub(len);
        }
        self.grow(len)?;
        self.writer
            .write_all_at(line.as_bytes(), self.end)
            .map_err(|e| Error::io("append to", &self.path, e))?;
        self.end += len;
        self.room -= len;
        self.dirty.get_or_insert_with(Instant::now);
        Ok(())
    }

    /// Makes sure `room` holds `len` bytes besides what is promised: zeros
    /// written after the lines (this is the write a full disk fails).
    fn grow(&mut self, len: u64) -> Result<()> {
        let free = self.room - self.promised.min(self.room);
        if free >= len {
            return Ok(());
        }
        // Just what is missing: on a nearly full disk, every line that
        // fits is one more message sent.
        let more = len - free;
        let zeros = vec![0u8; more as usize];
        let at = self.end + self.room;
        if let Err(e) = self.writer.write_all_at(&zeros, at) {
            // A part written is cut off: the room stays as it was.
            let _ = self.writer.set_len(at);
            return Err(Error::failed_with(
                format!(
                    "could not write to the sent log {} ({e}): stopped before sending more; every message sent is recorded",
                    self.path.display()
                ),
                "make room on the disk, then run the command again: it sends only what is left",
            ));
        }
        self.room += more;
        Ok(())
    }

    /// Makes room for `m`'s lines before it is sent: `Err` (a full disk)
    /// means it must not be sent, since it could not be recorded. The room
    /// is used by [`record_message`](Self::record_message), or given back
    /// by [`release`](Self::release) when the message did not go.
    pub fn reserve(&mut self, m: &crate::mail::Outgoing) -> Result<()> {
        let len = self.message_len(m);
        self.grow(len)?;
        self.promised += len;
        Ok(())
    }

    /// Gives back the room [`reserve`](Self::reserve) made for `m`, which
    /// was not sent.
    pub fn release(&mut self, m: &crate::mail::Outgoing) {
        self.promised = self.promised.saturating_sub(self.message_len(m));
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

/// One line of the log: the time `stamp`, then `fields`, tab-separated.
fn line(stamp: &str, fields: &[&str]) -> String {
    let mut line = stamp.to_string();
    for f in fields {
        line.push('\t');
        line.push_str(&crate::mail::clean(f, Some(' ')));
    }
    line.push('\n');
    line
}

impl SentLog {
    /// The length of the lines recording `m`, stamped now: a stamp's length
    /// does not change between now and when they are written (RFC 3339 in
    /// UTC to the millisecond, the same for every year from 0 to 9999).
    fn message_len(&self, m: &crate::mail::Outgoing) -> u64 {
        let stamp = self.stamp();
        std::iter::once(&m.key)
            .chain(&m.also)
            .map(|k| line(&stamp, &[&k.to_string(), &m.message_id, &m.to]).len() as u64)
            .sum()
    }
}

impl Drop for SentLog {
    fn drop(&mut self) {
        // The room left over is cut off: shrinking a file needs no room.
        if self.room > 0 && self.writer.set_len(self.end).is_ok() {
            self.room = 0;
            self.dirty.get_or_insert_with(Instant::now);
        }
        let _ = self.commit();
    }
}

#[cfg(test)]
mod tests;
