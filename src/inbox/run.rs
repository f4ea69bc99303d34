//! One pass of `ug inbox` over a source (a Maildir or IMAP): [`start`] reads what is new
//! (the log locked), the caller acts on it in the run's one edit of the
//! group file (`act`), then [`Pass::finish`] logs each message, closes what
//! an organizer answered and keeps the cache. This order is the log's
//! crash rule (see `log`): the file edit is durable before any log line.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::act::{self, Action};
use super::log::{self, InboxLog, State, Waiting};
use super::reader::{self, Incoming, Unreadable};
use super::source::Source;
use super::{Class, Context, fnv1a};
use crate::error::{Error, Result};

/// A message read this pass, whether it was recorded as handled, and what was done.
#[derive(Debug, Clone, Serialize)]
pub struct Seen {
    #[serde(flatten)]
    pub message: Incoming,
    pub handled: bool,
    /// What was done with it (or, in a dry run, would be).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// What a pass did.
#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    pub messages: Vec<Seen>,
    pub unreadable: Vec<Unreadable>,
    /// Closed this pass: an organizer's reply was in the sent folder.
    pub answered: Vec<Waiting>,
    /// Still waiting for a person, oldest first.
    pub waiting: Vec<Waiting>,
    /// Problems that did not stop the pass (a sent folder that is missing).
    pub warnings: Vec<String>,
    /// Files parsed (not known from the log or the cache).
    #[serde(skip)]
    pub parsed: usize,
}

/// The short id `ug inbox` shows for a waiting message (6 hex digits).
pub fn short_id(id: &str) -> String {
    format!("{:06x}", fnv1a(id.as_bytes()) & 0xff_ffff)
}

/// A pass begun: the log locked (unless a dry run), the new messages read
/// and sorted. The caller acts on them (`act`, in the run's one edit of the
/// group file), then [`Pass::finish`] writes their log lines.
#[derive(Debug)]
pub struct Pass {
    log: Option<InboxLog>,
    state: State,
    /// The messages not handled yet, in arrival order.
    pub incoming: Vec<Incoming>,
    unreadable: Vec<Unreadable>,
    parsed: usize,
    cached: usize,
    fingerprint: u64,
    cache_path: PathBuf,
    source: Box<dyn Source>,
}

/// Begins a pass over `source` for the group file `group_file` (the log
/// and the cache are beside it). With `dry_run` the log is read, not
/// locked, and nothing will be written.
pub fn start(
    group_file: &Path,
    mut source: Box<dyn Source>,
    cx: &Context,
    dry_run: bool,
) -> Result<Pass> {
    let log_path = log::path_for(group_file);
    let cache_path = log::cache_path_for(group_file);
    let log = if dry_run {
        None
    } else {
        Some(InboxLog::open(&log_path)?)
    };
    let state = match &log {
        Some(l) => l.state.clone(),
        None => log::read(&log_path)?,
    };
    let fingerprint = reader::fingerprint(cx);
    let mut cache = log::read_cache(&cache_path, fingerprint);
    let cached = cache.len();
    let read = reader::read(source.as_mut(), &state, &mut cache, cx)?;
    Ok(Pass {
        log,
        state,
        incoming: read.incoming,
        unreadable: read.unreadable,
        parsed: read.parsed,
        cached,
        fingerprint,
        cache_path,
        source,
    })
}

impl Pass {
    /// Whether acting on the new messages may edit the group file.
    pub fn needs_edit(&self) -> bool {
        self.incoming
            .iter()
            .any(|m| act::edits(&m.class) || m.proposal.is_some())
    }

    /// The arrival times of each address's hard bounces (lowercased), as
    /// the log holds them.
    pub fn hard_bounces(&self) -> &HashMap<String, Vec<i64>> {
        &self.state.hard_bounces
    }

    /// Ends the pass once the file edit is durable: each message's log line
    /// (`actions` in the order of `incoming`; a message without one stays
    /// new), then what an organizer answered, then the cache.
    pub fn finish(mut self, actions: Vec<Action>) -> Result<Outcome> {
        let mut out = Outcome {
            unreadable: std::mem::take(&mut self.unreadable),
            parsed: self.parsed,
            ..Outcome::default()
        };
        let mut actions = actions.into_iter();
        for m in std::mem::take(&mut self.incoming) {
            let action = actions.next();
            let handled = action.is_some();
            if let Some(a) = &action {
                match self.log.as_mut() {
                    Some(l) => l.record_reply(&m, &a.done, a.reply.as_deref())?,
                    None => state_record(&mut self.state, &m),
                }
            }
            out.messages.push(Seen {
                message: m,
                handled,
                action,
            });
        }
        if let Some(l) = &self.log {
            self.state = l.state.clone();
        }
        self.close_answered(&mut out)?;
        self.keep_cache(&out)?;
        Ok(out)
    }

    fn close_answered(&mut self, out: &mut Outcome) -> Result<()> {
        let ids: HashSet<&str> = self.state.waiting().iter().map(|w| w.id.as_str()).collect();
        let answered = self.source.answered(&ids).unwrap_or_else(|warning| {
            out.warnings.push(warning);
            HashSet::new()
        });
        for w in self.state.waiting() {
            if answered.contains(&w.id) {
                out.answered.push(w.clone());
            } else {
                out.waiting.push(w.clone());
            }
        }
        if let Some(l) = self.log.as_mut() {
            for w in &out.answered {
                l.close(&w.key, "answered")?;
            }
            l.commit()?;
        }
        Ok(())
    }

    /// The cache keeps what the log does not: the rest is skipped by name.
    fn keep_cache(&self, out: &Outcome) -> Result<()> {
        if self.log.is_none() {
            return Ok(());
        }
        let pending: Vec<&Incoming> = out
            .messages
            .iter()
            .filter(|m| !m.handled)
            .map(|m| &m.message)
            .collect();
        if self.parsed > 0 || self.cached != pending.len() {
            log::write_cache(&self.cache_path, self.fingerprint, pending.into_iter())?;
        }
        Ok(())
    }
}

/// A dry run's stand-in for a log line: the message counts as waiting.
fn state_record(state: &mut State, m: &Incoming) {
    if m.class == Class::Person || m.proposal.is_some() {
        state.person.push(Waiting {
            id: m.id.clone(),
            key: m.key(),
            from: m.from.clone(),
            name: m.name.clone(),
            subject: m.subject.clone(),
            arrived: m.arrived,
        });
    }
    state.handled.insert(m.key());
}

/// `ug inbox done ID`: closes a waiting message, by its short id or its
/// Message-ID (the first still open, when two share one). Returns it; an
/// unknown id is an error naming the fix.
pub fn close(group_file: &Path, id: &str) -> Result<Waiting> {
    let mut log = InboxLog::open(&log::path_for(group_file))?;
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let matches = |w: &&Waiting| w.id == id || short_id(&w.id) == id.to_ascii_lowercase();
    let found = log
        .state
        .person
        .iter()
        .filter(matches)
        .find(|w| !log.state.closed.contains(&w.key))
        .or_else(|| log.state.person.iter().find(matches))
        .cloned();
    let Some(w) = found else {
        return Err(Error::failed_with(
            format!("no message \"{id}\" is waiting for a person"),
            "`ug inbox` lists them, each with its id (the first column)",
        ));
    };
    if !log.state.closed.contains(&w.key) {
        log.close(&w.key, "closed")?;
        log.commit()?;
    }
    Ok(w)
}

/// Mail waiting for a person longer than `within` at `now` (unix seconds),
/// as the last `ug inbox` left the log: what `ug status` warns about
/// (SPEC §5). Reads the log without its lock.
pub fn overdue(group_file: &Path, within: crate::model::Days, now: i64) -> Result<Vec<Waiting>> {
    let state = log::read(&log::path_for(group_file))?;
    let limit = i64::from(within.0) * 86_400;
    Ok(state
        .waiting()
        .into_iter()
        .filter(|w| now - w.arrived > limit)
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_is_what_waited_longer_than_answer_within() {
        let d = tempfile::tempdir().unwrap();
        let group = d.path().join("g.toml");
        let mut log = InboxLog::open(&log::path_for(&group)).unwrap();
        for (id, arrived) in [("old@x", 0), ("new@x", 86_400 * 2)] {
            let m = Incoming {
                id: id.into(),
                digest: String::new(),
                file: String::new(),
                unique: id.into(),
                from: "a@x".into(),
                name: String::new(),
                subject: "?".into(),
                arrived,
                class: Class::Person,
                proposal: None,
                no_reply: false,
            };
            log.record(&m, "").unwrap();
        }
        drop(log);
        let late = overdue(&group, crate::model::Days(2), 86_400 * 3).unwrap();
        assert_eq!(
            late.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
            ["old@x"]
        );
        assert_eq!(short_id("old@x").len(), 6);
    }
}
