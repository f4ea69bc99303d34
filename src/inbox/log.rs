//! The inbox log: one line per message handled, beside the group file
//! (`group.inbox.log` for `group.toml`), so each message is handled once,
//! ever, across runs and crashes; and the cache of what a run read.
//!
//! Format (plain text, tab-separated, UTF-8), like the sent log's:
//! `<UTC time, RFC 3339>\t<id>\t<class>\t<unique file name>\t<details...>\n`
//! where `id` is the message's Message-ID (without brackets), or
//! `hash:<length>-<FNV-1a of its bytes>` for a message without one, and
//! `class` is a [`Class`](super::Class) name. Details by class:
//! - `person\t<unique>\t<from>\t<arrived, unix seconds>\t<subject>\t<name>`:
//!   waits for an organizer;
//! - `bounce\t<unique>\t<hard|soft>\t<recipient>\t<status>\t<done>\tarrived=<unix
//!   seconds>` (hard bounces are counted per address from these lines, at
//!   their arrival; an older line, without it, at its own time);
//! - any other class (`rsvp`, `task-ask`, `task-done`, `unsubscribe`,
//!   `join`, `auto-reply`, `own`): `<class>\t<unique>\t<from>\t<done>`,
//!   where `done` says what was done, in words;
//! - `done\t-\t<answered|closed>`: closes a `person` message (answered in
//!   the sent folder, or `ug inbox done ID`); its id field is the closed
//!   message's key (below).
//!
//! A message's line ends with `sum=<16 hex digits>`, the digest of its
//! content (SPEC §11: the same Message-ID with different content is a
//! different message): its key is `<id>#<sum>`. Older lines, without it,
//! are keyed by the id alone, and a message with that id counts as handled.
//! Every field is cleaned (`bounds::clean`: no control or bidi character).
//!
//! A message that offers a talk (SPEC §9) waits for a person: a `person`
//! line; or, when it is something else too (an RSVP yes that also offers a
//! talk), its class's line ends with `arrived=<unix seconds>`,
//! `waits=<subject>` and `name=<name>`, and counts as waiting as well.
//!
//! A line of a message that is owed a reply ends with two more fields,
//! `arrived=<unix seconds>\treply=<what>` (`closed:<event>:<why>`,
//! `welcome`, `unsubscribed`, `thanks:<task>`; see `act`): older lines,
//! without them, read as before. [`owed`] lists them for the mail step
//! (`mail::replies`), which sends each once through the sent log.
//!
//! **Order, and a crash between.** A message whose handling edits the group
//! file (an RSVP, a task's answer, an unsubscribe, a join, a second hard bounce) is
//! handled as: 1. the file edit (one for the whole run), written
//! atomically and made durable by the store; 2. this log's line, appended
//! and fsynced (one fsync at the end of the run). A SIGKILL before 1 loses
//! nothing (the message is still new). One between 1 and 2 leaves the edit
//! without its line: the next run handles the message again, and every such
//! action is idempotent (the same answer from the same address replaces the
//! earlier one with the same values, a task already done stays done, a
//! member already unsubscribed stays so); the mail it answers with goes
//! through the sent log with a stable key, so it is not sent twice. Lines
//! without a file edit (`person`, `bounce`, `auto-reply`, `done`) are the
//! action itself: they reach the kernel at once and the disk at the end of
//! the run (one fsync); a line lost to a crash is written again by the next
//! run, never twice for one message. A torn last line (the crash hit
//! mid-write) is ignored and cut off.
//!
//! The cache (`group.inbox.cache`, JSON lines) maps a file's unique name to
//! what reading it gave, so a rerun does not parse a message again; it is
//! disposable (lost or stale, it only costs time) and keyed on the group's
//! event and task ids, which the sorting depends on.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Incoming;
use crate::error::{Error, Result};

/// `group.inbox.log` for `group.toml`.
pub fn path_for(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, "inbox.log")
}

/// `group.inbox.cache` for `group.toml`.
pub fn cache_path_for(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, "inbox.cache")
}

/// A message's key in the log: its id and its content's digest (the id
/// alone for a line written before digests, or a message not read).
pub fn key(id: &str, digest: &str) -> String {
    if digest.is_empty() {
        id.to_string()
    } else {
        format!("{id}#{digest}")
    }
}

/// A message waiting for an organizer, as its `person` line holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Waiting {
    pub id: String,
    /// Its key ([`key`]): what closes it.
    #[serde(skip)]
    pub key: String,
    pub from: String,
    pub name: String,
    pub subject: String,
    /// Unix seconds.
    pub arrived: i64,
}

/// A reply owed to the sender of a message `ug inbox` handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// The message's id (its Message-ID, or `hash:...` without one).
    pub id: String,
    /// Its sender's address.
    pub from: String,
    /// What is owed: `closed:<event>:<why>`, `welcome`, `unsubscribed`,
    /// `thanks:<task>`.
    pub reply: String,
    /// When it was handled (unix seconds, from the line's time).
    pub handled: i64,
}

/// The prefix of the reply field of a line.
const REPLY: &str = "reply=";
/// The prefix of the arrival time (unix seconds) before it.
const ARRIVED: &str = "arrived=";
/// The prefix of the subject of a message that also waits for a person
/// (it offers a talk), and of its sender's name.
const WAITS: &str = "waits=";
const NAME: &str = "name=";
/// The prefix of the content's digest, the last field of a message's line.
const SUM: &str = "sum=";

/// What the log holds.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// Keys of handled messages ([`key`]; the bare id of an older line).
    pub handled: HashSet<String>,
    /// Unique file names of handled messages.
    pub files: HashSet<String>,
    /// `person` messages in log order, closed or not.
    pub person: Vec<Waiting>,
    /// Keys of closed `person` messages.
    pub closed: HashSet<String>,
    /// The arrival times (unix seconds) of each address's hard bounces
    /// (lowercased), in log order.
    pub hard_bounces: HashMap<String, Vec<i64>>,
    /// Replies owed, in log order.
    pub owed: Vec<Owed>,
}

impl State {
    /// Whether the message with `id` and `digest` was handled (a line of
    /// an older log, with its id alone, counts for any content).
    pub fn is_handled(&self, id: &str, digest: &str) -> bool {
        self.handled.contains(&key(id, digest)) || self.handled.contains(id)
    }

    /// The `person` messages not closed yet, oldest first.
    pub fn waiting(&self) -> Vec<&Waiting> {
        let mut w: Vec<&Waiting> = self
            .person
            .iter()
            .filter(|w| !self.closed.contains(&w.key))
            .collect();
        w.sort_by_key(|w| w.arrived);
        w
    }

    fn apply(&mut self, line: &str) {
        let mut f: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(class)) = (f.get(1).copied(), f.get(2).copied()) else {
            return;
        };
        // The digest, when the line ends with one (a `done` line has none).
        let sum = match f.last().and_then(|l| l.strip_prefix(SUM)) {
            Some(s) if f.len() > 4 && s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                f.pop();
                s
            }
            _ => "",
        };
        let id = id.to_string();
        let k = key(&id, sum);
        let field = |i: usize| f.get(i).copied().unwrap_or("").to_string();
        match class {
            "done" => {
                self.closed.insert(id);
                return;
            }
            "person" => self.person.push(Waiting {
                id: id.clone(),
                key: k.clone(),
                from: field(4),
                arrived: field(5).parse().unwrap_or(0),
                subject: field(6),
                name: field(7),
            }),
            "bounce" if field(4) == "hard" => {
                let arrived = f.iter().skip(8).find_map(|x| x.strip_prefix(ARRIVED));
                let at = match arrived.and_then(|a| a.parse::<i64>().ok()) {
                    Some(at) => at,
                    None => chrono::DateTime::parse_from_rfc3339(f[0]).map_or(0, |t| t.timestamp()),
                };
                self.hard_bounces
                    .entry(field(5).to_lowercase())
                    .or_default()
                    .push(at);
            }
            "bounce" | "auto-reply" | "own" => {}
            _ => {
                let extra = |p: &str| f.iter().skip(6).find_map(|x| x.strip_prefix(p));
                let arrived = extra(ARRIVED).and_then(|a| a.parse::<i64>().ok());
                if let Some(subject) = extra(WAITS) {
                    self.person.push(Waiting {
                        id: id.clone(),
                        key: k.clone(),
                        from: field(4),
                        arrived: arrived.unwrap_or(0),
                        subject: subject.to_string(),
                        name: extra(NAME).unwrap_or("").to_string(),
                    });
                }
                if let Some(reply) = extra(REPLY) {
                    // When it was handled: the line's time, or (a clock
                    // set back, `UG_NOW`) when it arrived, if later.
                    let stamp =
                        chrono::DateTime::parse_from_rfc3339(f[0]).map_or(0, |t| t.timestamp());
                    let handled = arrived.map_or(stamp, |a| a.max(stamp));
                    self.owed.push(Owed {
                        id: id.clone(),
                        from: field(4),
                        reply: reply.to_string(),
                        handled,
                    });
                }
            }
        }
        if let Some(file) = f.get(3).filter(|s| !s.is_empty() && **s != "-") {
            self.files.insert(file.to_string());
        }
        self.handled.insert(k);
    }
}

/// Parses the log's complete lines; returns the state and their length.
fn parse(bytes: &[u8]) -> (State, usize) {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut state = State::default();
    for line in String::from_utf8_lossy(&bytes[..complete]).lines() {
        state.apply(line);
    }
    (state, complete)
}

/// The replies owed for messages handled at or after `since` (unix
/// seconds): an old log never floods. Reads the log without its lock (a
/// missing log owes nothing).
pub fn owed(path: &Path, since: i64) -> Result<Vec<Owed>> {
    let mut owed = settle(read(path)?.owed);
    owed.retain(|o| o.handled >= since);
    Ok(owed)
}

/// Settles the replies owed "if not told before" (`welcome?`,
/// `unsubscribed?`, `thanks?:12`: the action found its work already done,
/// which is a crash replay of this message or a repeat of an earlier
/// one): owed only when no earlier line owes the same (a welcome or
/// "unsubscribed" to that address, thanks for that task).
fn settle(owed: Vec<Owed>) -> Vec<Owed> {
    let mut told: HashSet<(String, String)> = HashSet::new();
    let mut out = Vec::with_capacity(owed.len());
    for mut o in owed {
        let (what, rest) = o.reply.split_once(':').unwrap_or((o.reply.as_str(), ""));
        let (what, maybe) = match what.strip_suffix('?') {
            Some(w) => (w.to_string(), true),
            None => (what.to_string(), false),
        };
        let about = match what.as_str() {
            "thanks" => rest.to_string(),
            "closed" => {
                out.push(o);
                continue;
            }
            _ => o.from.to_lowercase(),
        };
        let key = (what.clone(), about);
        if maybe && told.contains(&key) {
            continue;
        }
        if maybe {
            o.reply = if rest.is_empty() {
                what
            } else {
                format!("{what}:{rest}")
            };
        }
        told.insert(key);
        out.push(o);
    }
    out
}

/// The log's state, read without its lock (for `--dry-run`).
pub fn read(path: &Path) -> Result<State> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(&bytes).0),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

/// The log opened for appending, under an exclusive lock held until drop:
/// two `ug inbox` on one group never run at once.
#[derive(Debug)]
pub struct InboxLog {
    file: File,
    path: PathBuf,
    pub state: State,
    dirty: bool,
}

impl InboxLog {
    /// Opens (or creates) and locks the log; a torn last line is cut off.
    pub fn open(path: &Path) -> Result<InboxLog> {
        let mut j = crate::store::journal::open(
            path,
            "ug inbox",
            "wait for it to finish, then run this again (it will only handle what is left)",
        )?;
        let (state, complete) = parse(&j.bytes);
        j.cut_to(path, complete)?;
        let file = j.file;
        Ok(InboxLog {
            file,
            path: path.to_path_buf(),
            state,
            dirty: false,
        })
    }

    /// Appends one line (`fields` after the time) and applies it.
    fn append(&mut self, fields: &[&str]) -> Result<()> {
        let mut line = crate::clock::stamp();
        for f in fields {
            line.push('\t');
            line.push_str(&super::bounds::clean(f, usize::MAX, false));
        }
        self.state.apply(&line);
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| Error::io("append to", &self.path, e))?;
        self.dirty = true;
        Ok(())
    }

    /// Records a message handled: its class's line (see the module doc);
    /// `done` is what was done with it, in words.
    pub fn record(&mut self, m: &Incoming, done: &str) -> Result<()> {
        self.record_reply(m, done, None)
    }

    /// As [`record`](Self::record), with the reply the message is owed
    /// (`Action::reply`) as the line's last field. Never on a person's
    /// mail, a bounce, an auto-reply or ug's own copy: those are not answered.
    pub fn record_reply(&mut self, m: &Incoming, done: &str, reply: Option<&str>) -> Result<()> {
        use super::Class;
        let id = m.id.as_str();
        let unique = m.unique.as_str();
        let sum = format!("{SUM}{}", m.digest);
        let sum = if m.digest.is_empty() {
            ""
        } else {
            sum.as_str()
        };
        let mut f: Vec<String> = match &m.class {
            Class::Person => {
                let arrived = m.arrived.to_string();
                [id, "person", unique, &m.from, &arrived, &m.subject, &m.name]
                    .map(String::from)
                    .to_vec()
            }
            Class::Bounce {
                hard,
                recipient,
                status,
            } => {
                let how = if *hard { "hard" } else { "soft" };
                let r = recipient.as_deref().unwrap_or("");
                let s = status.as_deref().unwrap_or("");
                let arrived = format!("{ARRIVED}{}", m.arrived);
                [id, "bounce", unique, how, r, s, done, &arrived]
                    .map(String::from)
                    .to_vec()
            }
            Class::AutoReply | Class::Own => [id, m.class.name(), unique, &m.from, done]
                .map(String::from)
                .to_vec(),
            other => {
                let mut f: Vec<String> = [id, other.name(), unique, &m.from, done]
                    .map(String::from)
                    .to_vec();
                if reply.is_some() || m.proposal.is_some() {
                    f.push(format!("{ARRIVED}{}", m.arrived));
                }
                if let Some(r) = reply {
                    f.push(format!("{REPLY}{r}"));
                }
                if m.proposal.is_some() {
                    // One line, so a crash keeps both or neither.
                    f.push(format!("{WAITS}{}", m.subject));
                    f.push(format!("{NAME}{}", m.name));
                }
                f
            }
        };
        if !sum.is_empty() {
            f.push(sum.to_string());
        }
        self.append(&f.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Closes a waiting message, by its key: `how` is `answered` or `closed`.
    pub fn close(&mut self, key: &str, how: &str) -> Result<()> {
        self.append(&[key, "done", "-", how])
    }

    /// Makes every appended line durable (one fsync).
    pub fn commit(&mut self) -> Result<()> {
        if std::mem::take(&mut self.dirty) {
            self.file
                .sync_data()
                .map_err(|e| Error::io("flush", &self.path, e))?;
        }
        Ok(())
    }
}

impl Drop for InboxLog {
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// The cache: unique file name to what reading it gave, valid for one
/// `context` fingerprint (a first line `#<fingerprint>`).
pub fn read_cache(path: &Path, context: u64) -> HashMap<String, Incoming> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(format!("#{context:016x}").as_str()) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| serde_json::from_str::<Incoming>(l).ok())
        .map(|m| (m.unique.clone(), m))
        .collect()
}

/// Writes the cache (atomically: a reader sees the old or the new one).
pub fn write_cache<'a>(
    path: &Path,
    context: u64,
    entries: impl Iterator<Item = &'a Incoming>,
) -> Result<()> {
    let mut text = format!("#{context:016x}\n");
    for m in entries {
        if let Ok(json) = serde_json::to_string(m) {
            text.push_str(&json);
            text.push('\n');
        }
    }
    let tmp = path.with_extension("cache.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Error::io("write", path, e))
}

#[cfg(test)]
#[path = "log_tests.rs"]
mod tests;
