//! Email: what is due (pure), composing it (pure: model -> RFC 5322 bytes),
//! the event as iCalendar, the sent log that makes every message go out once,
//! and the transports that send.
//!
//! The pipeline `ug remind` runs:
//! `due::due(group, now, &sent)` -> `Vec<Due>`
//! -> `compose::compose(group, &due, now, templates)` -> `Outgoing` each
//! -> preview, or `send::send_all(...)`, appending to the `log::SentLog`
//! -> `outcome` (the summary, skipped addresses, completed announcements).
//! `upcoming` lists the next send dates and `blocked` says why an
//! announcement waits, for `ug status`.

pub mod address;
pub mod blocked;
pub mod calendar;
pub mod compose;
pub mod due;
pub mod log;
pub mod outcome;
pub mod rounds;
pub mod send;
pub mod upcoming;

use serde::Serialize;

/// The kinds of message ug sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// To members, `reminders.announce` before a confirmed event.
    Announce,
    /// To members, `reminders.remind` before the event.
    Remind,
    /// To members, when an announced event's date, time or venue changed.
    Change,
    /// To members, for a cancelled event that had been announced.
    Cancel,
    /// To a task's owner before it is due, then again while overdue (one
    /// digest a day for all their tasks).
    Nudge,
    /// To the venue's contact and the sponsors' contacts after a held event.
    Thanks,
    /// The personal message asking one person to take a task.
    Ask,
    /// To the organizers, once: the announcement is due but the event is
    /// not confirmed yet.
    Blocked,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Announce => "announce",
            Kind::Remind => "remind",
            Kind::Change => "change",
            Kind::Cancel => "cancel",
            Kind::Nudge => "nudge",
            Kind::Thanks => "thanks",
            Kind::Ask => "ask",
            Kind::Blocked => "blocked",
        }
    }
}

/// Someone to write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    pub name: String,
    pub address: String,
}

/// One message that is due: what, about what, to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub kind: Kind,
    pub event: Option<String>,
    pub task: Option<i64>,
    pub to: Recipient,
    /// The sent-log key, stable across runs: e.g.
    /// `announce:2026-12-08:ann@example.com`, `nudge:12:2026-11-14:alex@example.org`
    /// (a nudge is keyed by its round, so the next round is a new message).
    pub key: String,
    /// Further items in the same message (a person's nudge digest, several
    /// thank-yous), each with its own key: sending records them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<Part>,
    /// For a nudge or thank-you: the key recorded with it that keeps that
    /// person to one such mail a day (see `due::day_key`).
    #[serde(skip)]
    pub day: Option<String>,
}

/// One more item of a merged message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub event: Option<String>,
    pub task: Option<i64>,
    pub key: String,
}

impl Due {
    /// Every key this message settles: its own, then its parts'.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.more.iter().map(|p| p.key.as_str()))
    }
}

/// Why a mail cannot be sent to `address` (what lettre, the library that
/// sends, says), or `None` when it can: the one address check of ug.
pub fn address_problem(address: &str) -> Option<String> {
    crate::model::units::parse_address(address)
        .err()
        .map(|e| e.to_string())
}

/// A composed message, ready for a transport.
#[derive(Debug, Clone, Serialize)]
pub struct Outgoing {
    pub key: String,
    /// The keys of the message's other parts (a digest), recorded with `key`.
    #[serde(skip)]
    pub also: Vec<String>,
    pub kind: Kind,
    pub event: Option<String>,
    pub task: Option<i64>,
    /// Without angle brackets, e.g. `announce.2026-12-08.3f9a...@example.org`.
    pub message_id: String,
    /// The envelope sender and recipient (bare addresses).
    pub from: String,
    pub to: String,
    pub subject: String,
    /// The whole message, RFC 5322, CRLF line endings.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}
