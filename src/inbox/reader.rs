//! Every message of a source (a Maildir or an IMAP folder) not handled
//! yet, read and sorted: a message the log names (by unique name) is
//! skipped without being fetched, one the cache knows is not parsed again,
//! and a message whose id the log holds (the same mail under another name,
//! or in another source) is skipped after reading. An unreadable message
//! is reported with its file name or UID and skipped, never fatal.

use std::collections::{HashMap, HashSet};

use mail_parser::MessageParser;
use serde::{Deserialize, Serialize};

use super::log::State;
use super::proposal::{self, Proposal};
use super::source::{Item, Source};
use super::{Class, Context, classify, fnv1a, maildir};
use crate::error::Result;

/// A message not handled yet, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// Its Message-ID (without brackets), else `hash:<length>-<hash>`.
    pub id: String,
    /// `new/NAME` or `cur/NAME` in the Maildir, `INBOX UID 42` over IMAP.
    pub file: String,
    /// The file's unique name (stays when the file moves to `cur/`), or
    /// `imap:<folder>:<UIDVALIDITY>:<UID>`.
    pub unique: String,
    /// The sender's address ("" when it has none).
    pub from: String,
    /// The sender's name ("" when it has none).
    pub name: String,
    pub subject: String,
    /// When it arrived (unix seconds): the topmost `Received` header's
    /// date, else the time the file name starts with (or the IMAP internal
    /// date), else its `Date`.
    pub arrived: i64,
    #[serde(flatten)]
    pub class: Class,
    /// It must not be answered (RFC 3834: automatic or list mail, an empty
    /// return path; `noreply`): nothing is owed to its sender.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_reply: bool,
    /// A talk the message offers (SPEC §9), whatever its class (an RSVP
    /// yes may offer one too): it becomes a `proposed` talk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
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

/// How many messages are fetched at once (one IMAP command; a Maildir
/// reads them one by one).
const BATCH: usize = 200;

/// Reads `source`: every message the log `state` has not handled. What the
/// `cache` knows is taken from it (not fetched or parsed again).
pub fn read(
    source: &mut dyn Source,
    state: &State,
    cache: &mut HashMap<String, Incoming>,
    cx: &Context,
) -> Result<Read> {
    let mut out = Read::default();
    let mut known = Vec::new();
    let mut todo = Vec::new();
    let mut at = Vec::new();
    for (i, item) in source.list()?.into_iter().enumerate() {
        if state.files.contains(&item.unique) {
            continue;
        }
        match cache.remove(&item.unique) {
            Some(m) => known.push((
                i,
                Incoming {
                    file: item.file,
                    ..m
                },
            )),
            None => {
                at.push(i);
                todo.push(item);
            }
        }
    }
    for (n, batch) in todo.chunks(BATCH).enumerate() {
        let fetched = source.fetch(batch)?;
        for ((item, bytes), &i) in batch.iter().zip(fetched).zip(&at[n * BATCH..]) {
            let item = Item {
                arrived: source.arrived(item).max(item.arrived),
                ..item.clone()
            };
            match bytes.and_then(|b| parse_item(&b, &item, cx)) {
                Ok(m) => {
                    out.parsed += 1;
                    known.push((i, m));
                }
                Err(why) => out.unreadable.push(Unreadable {
                    file: item.file,
                    why,
                }),
            }
        }
    }
    // The source's order decides which copy of a message counts.
    known.sort_by_key(|(i, _)| *i);
    let mut ids: HashSet<String> = HashSet::new();
    for (_, m) in known {
        if state.handled.contains(&m.id) || !ids.insert(m.id.clone()) {
            continue;
        }
        out.incoming.push(m);
    }
    // Arrival order (the waitlist's); within one second, the fetcher's order
    // (a Maildir name's seconds; IMAP UIDs, shorter first, are in order).
    out.incoming.sort_by(|a, b| {
        let key = |m: &Incoming| (m.arrived, maildir::seconds(&m.unique), m.unique.len());
        key(a).cmp(&key(b)).then_with(|| a.unique.cmp(&b.unique))
    });
    Ok(out)
}

/// Parses one message's bytes as the file `entry`.
pub fn parse(
    bytes: &[u8],
    entry: &maildir::Entry,
    cx: &Context,
) -> std::result::Result<Incoming, String> {
    let item = Item {
        file: entry.file.clone(),
        unique: entry.unique.clone(),
        arrived: 0,
    };
    parse_item(bytes, &item, cx)
}

/// Parses one message's bytes as the source's `item`.
pub fn parse_item(
    bytes: &[u8],
    item: &Item,
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
    // When it arrived: the receiving server's stamp (the topmost Received,
    // else the IMAP internal date); else the sender's clock (Date), which
    // is nearer than when a fetcher (mbsync, getmail) wrote the file, maybe
    // hours later, as its Maildir name tells; that name comes last.
    let received = m.received_all().next().and_then(|r| r.date());
    let arrived = match received {
        Some(d) => d.to_timestamp(),
        None if item.arrived > 0 => item.arrived,
        None => m
            .date()
            .map(mail_parser::DateTime::to_timestamp)
            .filter(|&t| t > 0)
            .unwrap_or_else(|| i64::try_from(maildir::delivered(&item.unique)).unwrap_or(0)),
    };
    let class = classify(&m, cx);
    Ok(Incoming {
        id,
        file: item.file.clone(),
        unique: item.unique.clone(),
        from: from
            .and_then(|a| a.address())
            .unwrap_or("")
            .to_ascii_lowercase(),
        name: from.and_then(|a| a.name()).unwrap_or("").to_string(),
        subject: m.subject().unwrap_or("").to_string(),
        arrived,
        proposal: proposal::detect(&m, cx, &class),
        class,
        no_reply: super::noreply::must_not_answer(&m),
    })
}

/// A fingerprint of what sorting depends on, for the cache.
pub fn fingerprint(cx: &Context) -> u64 {
    // "tokens", "no-reply": caches written before proofs were checked, or
    // before what must not be answered was noted, are stale; and a new key
    // (or trusted server, or bounce mailbox) sorts differently.
    let mut s = format!(
        "tokens no-reply\n{}\n{:?}\n{}\n{:?}\n{:?}\n",
        cx.domain,
        cx.signups,
        cx.keys.token("cache", "", ""),
        cx.trust_authserv,
        cx.bounces
    );
    for e in &cx.events {
        s.push_str(e);
        s.push('\n');
    }
    s.push('\n');
    for t in &cx.tasks {
        s.push_str(t);
        s.push('\n');
    }
    // Replies to a talk ask are sorted by the file's talk ids.
    s.push('\n');
    for t in &cx.talks {
        s.push_str(t);
        s.push('\n');
    }
    fnv1a(s.as_bytes())
}
