//! The inbox (SPEC §5): replies read from a Maildir or over IMAP and
//! sorted, each message handled once, ever.
//!
//! - `source`: what a pass reads, a Maildir or an IMAP folder (one trait);
//! - `maildir`: the files of a Maildir (`new/`, `cur/`, flags in the name),
//!   read and never moved or deleted;
//! - `imap`: the same over IMAP (EXAMINE, `BODY.PEEK[]`: read-only, the
//!   `\Seen` flag untouched); `tls` its connection, TLS always verified;
//! - `classify`: the pure sorter, a parsed message and what ug knows
//!   ([`Context`]) to a [`Class`], on proof only (SPEC §11: `crate::token`
//!   reads ug's own Message-IDs in `In-Reply-To` / `References` and the
//!   tags of its `mailto:` subjects, and verifies them for the sender);
//!   `reply` reads the words above the quote; `authres` the
//!   `Authentication-Results` of the organizers' own mail server;
//!   `proposal` a talk offered in the words (SPEC §9), beside the class;
//!   `bounce` a delivery report, counted only on proof; `noreply` what
//!   must not be answered (RFC 3834);
//! - `log`: the inbox log beside the group file (what was handled, once,
//!   ever; the order of a file edit and its log line), and the cache that
//!   lets a rerun skip what it already read without parsing it;
//! - `reader`: every message not handled yet, as an [`Incoming`];
//! - `waiting`: the mail that needs a person, until it is answered;
//! - `act`: what is done with each message (an RSVP recorded, a task
//!   accepted, a member unsubscribed...), in the run's one file edit;
//!   `confirm` what is not proven: a confirmation request owed, or a person;
//!   `talk_answer` a reply to a talk ask (accepted or declined); `rights`
//!   who may answer what (the person asked, the task's owner);
//! - `run`: one pass of `ug inbox`, and `ug inbox done ID`; `handle` that
//!   pass with its file edit (`ug inbox`, `ug daily`);
//! - `bounds`: SPEC §11's limits (size, messages per sender) and the one
//!   cleaning of text taken from mail.

pub mod act;
pub mod authres;
pub mod bounce;
pub mod bounds;
pub mod classify;
pub mod confirm;
mod handle;
pub mod imap;
pub mod log;
pub mod maildir;
pub mod noreply;
pub mod proposal;
pub mod reader;
pub mod reply;
mod rights;
pub mod run;
pub mod source;
pub mod talk_answer;
pub mod tls;
pub mod waiting;

use serde::{Deserialize, Serialize};

pub use classify::{Context, classify};
pub use handle::handle;
pub use reader::{Incoming, Read, Unreadable, read};
pub use reply::Answer;

/// What a message is, and so what `ug inbox` does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "kebab-case")]
pub enum Class {
    /// A yes or no for an event.
    /// `proven`: the sender is proven (SPEC §11: a token that verifies
    /// for the From address); else the answer waits for their reply to a
    /// confirmation request (double opt-in).
    Rsvp {
        event: String,
        yes: bool,
        guests: u32,
        #[serde(default)]
        proven: bool,
    },
    /// An answer to `ug tasks ask`: yes accepts, no declines.
    TaskAsk { task: String, yes: bool },
    /// An answer to `ug talks ask`: yes accepts the talk, no declines it.
    TalkAsk { talk: String, yes: bool },
    /// "done" in reply to a nudge about a task.
    TaskDone { task: String },
    /// Take this address off the list (`proven` as for an RSVP; also by
    /// `[inbox] trust_authserv`).
    Unsubscribe {
        #[serde(default)]
        proven: bool,
    },
    /// Put this address on the list: only once `proven` (a reply to the
    /// confirmation request, or to any of ug's mail to that address).
    Join {
        #[serde(default)]
        proven: bool,
    },
    /// A delivery status notification (RFC 3464): never answered; a hard
    /// one (status 5.x.x) counts against the failed address.
    Bounce {
        hard: bool,
        recipient: Option<String>,
        status: Option<String>,
    },
    /// A vacation notice or other automatic reply: never answered.
    AutoReply,
    /// One of ug's own messages (its Message-ID is ug's): a copy that came
    /// back to the inbox, ignored.
    Own,
    /// Everything else: waits for an organizer.
    Person,
}

impl Class {
    /// The class's name in the log and in `--json` (`rsvp`, `task-ask`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Class::Rsvp { .. } => "rsvp",
            Class::TaskAsk { .. } => "task-ask",
            Class::TaskDone { .. } => "task-done",
            Class::TalkAsk { .. } => "talk-ask",
            Class::Unsubscribe { .. } => "unsubscribe",
            Class::Join { .. } => "join",
            Class::Bounce { .. } => "bounce",
            Class::AutoReply => "auto-reply",
            Class::Own => "own",
            Class::Person => "person",
        }
    }

    /// What it is, for a person: "RSVP yes +1 for 2026-12-08".
    pub fn describe(&self) -> String {
        match self {
            Class::Rsvp {
                event,
                yes,
                guests,
                proven,
            } => {
                let answer = if *yes { "yes" } else { "no" };
                let plus = if *guests > 0 {
                    format!(" +{guests}")
                } else {
                    String::new()
                };
                let later = if *proven { "" } else { " (to confirm)" };
                format!("RSVP {answer}{plus} for {event}{later}")
            }
            Class::TaskAsk { task, yes } => {
                let what = if *yes { "accepted" } else { "declined" };
                format!("task {task} {what}")
            }
            Class::TaskDone { task } => format!("task {task} done"),
            Class::TalkAsk { talk, yes } => {
                let what = if *yes { "accepted" } else { "declined" };
                format!("talk {talk} {what}")
            }
            Class::Unsubscribe { proven: true } => "unsubscribe".into(),
            Class::Unsubscribe { proven: false } => "unsubscribe (to confirm)".into(),
            Class::Join { proven: true } => "join".into(),
            Class::Join { proven: false } => "join (to confirm)".into(),
            Class::Bounce {
                hard, recipient, ..
            } => {
                let how = if *hard { "hard bounce" } else { "bounce" };
                match recipient {
                    Some(r) => format!("{how} for {r}"),
                    None => how.into(),
                }
            }
            Class::AutoReply => "auto-reply (not answered)".into(),
            Class::Own => "ug's own message (ignored)".into(),
            Class::Person => "needs a person".into(),
        }
    }
}

/// FNV-1a, 64 bits: a stable hash (the identity of a message with no
/// Message-ID is a hash of its bytes).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
