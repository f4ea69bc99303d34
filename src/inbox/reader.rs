//! Every message of a source (a Maildir or an IMAP folder) not handled
//! yet, read and sorted: a message the log names (by unique name) is
//! skipped without being fetched, one the cache knows is not parsed again,
//! and a message whose identity the log holds (the same mail under another
//! name, or in another source) is skipped after reading. An unreadable
//! message is reported with its file name or UID and skipped, never fatal.
//!
//! Within SPEC §11's bounds: a message arrived when it was delivered (the
//! source's time, never a `Date` or `Received` header the sender writes);
//! its identity is its Message-ID and a digest of its content, so a forged
//! copy of a Message-ID does not hide the real mail; one over 25 MB waits
//! for a person unread; at most [`bounds::PER_SENDER`] a run from one
//! address are acted on (the rest wait for a person); its name, subject
//! and a talk's title are cleaned ([`bounds::clean`]) before anything
//! keeps them.

use std::collections::{HashMap, HashSet};

use mail_parser::MessageParser;
use serde::{Deserialize, Serialize};

use super::log::State;
use super::proposal::{self, Proposal};
use super::source::{Fetched, Item, Source};
use super::{Class, Context, bounds, classify, fnv1a, maildir};
use crate::error::Result;

/// A message not handled yet, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// Its Message-ID (without brackets), else `hash:<length>-<hash>` (of
    /// the bytes); one longer than [`bounds::MESSAGE_ID`] is
    /// `long:<length>-<hash>` (of the id).
    pub id: String,
    /// A digest of its content (sender, subject, body; 16 hex digits): with
    /// `id`, its identity. Empty for a message not read (over the limit).
    #[serde(default)]
    pub digest: String,
    /// `new/NAME` or `cur/NAME` in the Maildir, `INBOX UID 42` over IMAP.
    pub file: String,
    /// The file's unique name (stays when the file moves to `cur/`), or
    /// `imap:<folder>:<UIDVALIDITY>:<UID>`.
    pub unique: String,
    /// The sender's address ("" when it has none).
    pub from: String,
    /// The sender's name ("" when it has none), cleaned and cut.
    pub name: String,
    /// Its subject, cleaned and cut.
    pub subject: String,
    /// When it was delivered (unix seconds): the seconds its Maildir name
    /// starts with, else the file's modification time, or its IMAP internal
    /// date. Never its `Date` or `Received` headers.
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
            let parsed = match bytes {
                Fetched::Mail(b) => parse_item(&b, &item, cx),
                Fetched::TooBig(size) => Ok(too_big(&item, size)),
                Fetched::Unreadable(why) => Err(why),
            };
            match parsed {
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
        if state.is_handled(&m.id, &m.digest) || !ids.insert(m.key()) {
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
    hold_floods(&mut out.incoming);
    Ok(out)
}

/// At most [`bounds::PER_SENDER`] messages from one address are acted on
/// in a run, the first to arrive; the rest (and any talk they offer) wait
/// for a person. Mail that is not acted on anyway (a person's, an
/// auto-reply, ug's own copy) does not count.
fn hold_floods(incoming: &mut [Incoming]) {
    let mut acted: HashMap<String, usize> = HashMap::new();
    for m in incoming {
        let acts = !matches!(m.class, Class::Person | Class::AutoReply | Class::Own)
            || m.proposal.is_some();
        if !acts {
            continue;
        }
        let n = acted.entry(m.from.clone()).or_default();
        *n += 1;
        if *n > bounds::PER_SENDER {
            m.class = Class::Person;
            m.proposal = None;
        }
    }
}

/// A message over the size limit: waits for a person, unread (no sender,
/// no Message-ID: its file name says where it is).
fn too_big(item: &Item, size: u64) -> Incoming {
    let mb = size.div_ceil(1024 * 1024);
    Incoming {
        id: format!("unread:{}", item.unique),
        digest: String::new(),
        file: item.file.clone(),
        unique: item.unique.clone(),
        from: String::new(),
        name: String::new(),
        subject: format!(
            "(not read: {mb} MB, over the {} MB limit) {}",
            bounds::MAX_MESSAGE / (1024 * 1024),
            bounds::title(&item.file)
        ),
        arrived: item.arrived,
        class: Class::Person,
        proposal: None,
        // Unread: nothing is known of it, so nothing answers it.
        no_reply: true,
    }
}

impl Incoming {
    /// Its identity in the log: the Message-ID and the content's digest.
    pub fn key(&self) -> String {
        super::log::key(&self.id, &self.digest)
    }
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
        arrived: entry.delivered,
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
        Some(id) if id.len() > bounds::MESSAGE_ID => {
            format!("long:{}-{:016x}", id.len(), fnv1a(id.as_bytes()))
        }
        Some(id) => bounds::clean(id, usize::MAX, false),
        None => format!("hash:{}-{:016x}", bytes.len(), fnv1a(bytes)),
    };
    let address = from
        .and_then(|a| a.address())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = bounds::name(from.and_then(|a| a.name()).unwrap_or(""));
    let subject = m.subject().unwrap_or("");
    // What the message says, not how it travelled: the same mail in two
    // folders differs in its Received headers, not in this.
    let body = bytes
        .get(m.root_part().raw_body_offset() as usize..)
        .unwrap_or_default();
    let digest = [address.as_bytes(), subject.as_bytes(), body].iter().fold(
        0xcbf2_9ce4_8422_2325_u64,
        |h, part| {
            part.iter()
                .chain(&[0])
                .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
        },
    );
    let class = classify(&m, cx);
    Ok(Incoming {
        id,
        digest: format!("{digest:016x}"),
        file: item.file.clone(),
        unique: item.unique.clone(),
        from: bounds::clean(&address, usize::MAX, false),
        name,
        subject: bounds::title(subject),
        // When it was delivered: the source says (SPEC §11). A Date or
        // Received header is the sender's word, never taken.
        arrived: item.arrived,
        proposal: proposal::detect(&m, cx, &class),
        class,
        no_reply: super::noreply::must_not_answer(&m),
    })
}

/// A fingerprint of what sorting depends on, for the cache.
pub fn fingerprint(cx: &Context) -> u64 {
    // "tokens", "bounds", "no-reply": caches written before proofs were
    // checked, before arrival times, digests and cleaning (SPEC §11), or
    // before what must not be answered was noted, are stale; and a new key
    // (or trusted server, or bounce mailbox) sorts differently.
    let mut s = format!(
        "tokens bounds no-reply\n{}\n{:?}\n{}\n{:?}\n{:?}\n",
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
