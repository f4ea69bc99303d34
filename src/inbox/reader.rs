//! Every message of a Maildir not handled yet, read and sorted: a file the
//! log names (by unique name) is skipped without being opened, one the
//! cache knows is not parsed again, and a message whose id the log holds
//! (the same mail under another name) is skipped after reading. An
//! unreadable file is reported with its name and skipped, never fatal.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use mail_parser::MessageParser;
use serde::{Deserialize, Serialize};

use super::log::State;
use super::{Class, Context, classify, fnv1a, maildir};
use crate::error::Result;

/// A message not handled yet, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// Its Message-ID (without brackets), else `hash:<length>-<hash>`.
    pub id: String,
    /// `new/NAME` or `cur/NAME` in the Maildir.
    pub file: String,
    /// The file's unique name (stays when the file moves to `cur/`).
    pub unique: String,
    /// The sender's address ("" when it has none).
    pub from: String,
    /// The sender's name ("" when it has none).
    pub name: String,
    pub subject: String,
    /// When it arrived (unix seconds): the topmost `Received` header's
    /// date, else the time the file name starts with, else its `Date`.
    pub arrived: i64,
    #[serde(flatten)]
    pub class: Class,
}

/// A file that could not be read as mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub why: String,
}

/// What a pass over the Maildir found.
#[derive(Debug, Default)]
pub struct Read {
    /// Messages not handled yet, in arrival order.
    pub incoming: Vec<Incoming>,
    pub unreadable: Vec<Unreadable>,
    /// How many files were parsed (not skipped by the log or the cache).
    pub parsed: usize,
}

/// Reads `dir`: every message the log `state` has not handled. What the
/// `cache` knows is taken from it (not parsed again).
pub fn read(
    dir: &Path,
    state: &State,
    cache: &mut HashMap<String, Incoming>,
    cx: &Context,
) -> Result<Read> {
    let mut out = Read::default();
    let mut ids: HashSet<String> = HashSet::new();
    for entry in maildir::list(dir)? {
        if state.files.contains(&entry.unique) {
            continue;
        }
        let m = match cache.remove(&entry.unique) {
            Some(m) => Incoming {
                file: entry.file,
                ..m
            },
            None => match read_one(&entry, cx) {
                Ok(m) => {
                    out.parsed += 1;
                    m
                }
                Err(why) => {
                    out.unreadable.push(Unreadable {
                        file: entry.file,
                        why,
                    });
                    continue;
                }
            },
        };
        if state.handled.contains(&m.id) || !ids.insert(m.id.clone()) {
            continue;
        }
        out.incoming.push(m);
    }
    // Arrival order (the waitlist's); within one second, the fetcher's order.
    out.incoming.sort_by(|a, b| {
        let key = |m: &Incoming| (m.arrived, maildir::seconds(&m.unique), m.unique.len());
        key(a).cmp(&key(b)).then_with(|| a.unique.cmp(&b.unique))
    });
    Ok(out)
}

/// Reads and sorts one file.
fn read_one(entry: &maildir::Entry, cx: &Context) -> std::result::Result<Incoming, String> {
    let bytes = std::fs::read(&entry.path).map_err(|e| e.to_string())?;
    parse(&bytes, entry, cx)
}

/// Parses one message's bytes as the file `entry`.
pub fn parse(
    bytes: &[u8],
    entry: &maildir::Entry,
    cx: &Context,
) -> std::result::Result<Incoming, String> {
    let m = MessageParser::default()
        .parse(bytes)
        .ok_or("not a mail message (no headers)")?;
    let from = m.from().and_then(|a| a.first());
    if from.is_none() && m.message_id().is_none() && m.date().is_none() {
        return Err("not a mail message (no From, Message-ID or Date header)".into());
    }
    let id = match m.message_id().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        None => format!("hash:{}-{:016x}", bytes.len(), fnv1a(bytes)),
    };
    // The receiving server's stamp (the topmost Received) is when it
    // arrived; a fetcher's file name tells when it was fetched; the Date
    // header is the sender's clock.
    let received = m.received_all().next().and_then(|r| r.date());
    let named = i64::try_from(entry.arrived()).unwrap_or(0);
    let arrived = match received {
        Some(d) => d.to_timestamp(),
        None if named > 0 => named,
        None => m.date().map_or(0, mail_parser::DateTime::to_timestamp),
    };
    Ok(Incoming {
        id,
        file: entry.file.clone(),
        unique: entry.unique.clone(),
        from: from
            .and_then(|a| a.address())
            .unwrap_or("")
            .to_ascii_lowercase(),
        name: from.and_then(|a| a.name()).unwrap_or("").to_string(),
        subject: m.subject().unwrap_or("").to_string(),
        arrived,
        class: classify(&m, cx),
    })
}

/// A fingerprint of what sorting depends on, for the cache.
pub fn fingerprint(cx: &Context) -> u64 {
    let mut s = format!("{}\n{:?}\n", cx.domain, cx.signups);
    for e in &cx.events {
        s.push_str(e);
        s.push('\n');
    }
    s.push('\n');
    for t in &cx.tasks {
        s.push_str(t);
        s.push('\n');
    }
    fnv1a(s.as_bytes())
}
