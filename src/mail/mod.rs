//! Email: what is due (pure), composing it (pure: model -> RFC 5322 bytes),
//! the event as iCalendar, the sent log that makes every message go out once,
//! and the transports that send.
//!
//! The pipeline, run by `run` (the sending service `ug remind`, `ug tasks
//! ask --send` and later `ug inbox` and `ug daily` call):
//! `due::due(group, now, &sent)` -> `Vec<Due>`
//! -> `compose::compose(group, &due, now, templates)` -> `Outgoing` each, as
//! needed (never all at once)
//! -> a preview, or `send::send_all(...)` through a bounded channel,
//! appending to the `log::SentLog`
//! -> `summary::Summary` (sent, failed, skipped, completed announcements).
//! `key::SentKey` is a message's key in the sent log, typed.
//! `upcoming` lists the next send dates and `blocked` says why an
//! announcement waits, for `ug status`.

pub mod address;
pub mod blocked;
pub mod calendar;
pub mod compose;
pub mod digest;
pub mod due;
pub mod filter;
pub mod key;
pub mod log;
pub mod now;
pub mod quota;
mod record;
pub mod replies;
pub mod rounds;
pub mod run;
pub mod send;
pub mod signups;
pub mod summary;
pub mod talks;
pub mod upcoming;

use serde::Serialize;

pub use key::SentKey;

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
    /// To a task's owner (not an organizer): one digest of their tasks
    /// overdue or due soon, at most once per `[reminders] nudge` interval.
    Nudge,
    /// To the venue's contact and the sponsors' contacts after a held event.
    Thanks,
    /// The personal message asking one person to take a task.
    Ask,
    /// To the organizers, once: the announcement is due but the event is
    /// not confirmed yet.
    Blocked,
    /// To a "yes" person, `[signups] release` before the event: reply "no"
    /// if you can't come (SPEC §4).
    Release,
    /// To a waitlisted person, instead of the reminder: still on the
    /// waitlist, number N.
    Waiting,
    /// With `[signups] confirm`: "you're in" (with the .ics), for one answer.
    #[serde(rename = "rsvp-in")]
    RsvpIn,
    /// With `[signups] confirm`: "you're on the waitlist, number N".
    #[serde(rename = "rsvp-waitlist")]
    RsvpWaitlist,
    /// With `[signups] confirm`: "a seat opened: you're in" (with the .ics).
    #[serde(rename = "rsvp-promoted")]
    RsvpPromoted,
    /// With `[signups] confirm`: "RSVPs are closed", and why, to an answer
    /// `ug inbox` did not record (a reply to it).
    Closed,
    /// To an address that joined by mail: welcome (once ever per address).
    Welcome,
    /// To a member who unsubscribed by mail: you're off the list (a reply).
    Unsubscribed,
    /// To an address whose RSVP, join or unsubscribe by mail was not proven
    /// (SPEC §11): reply to confirm (double opt-in; once a day per address
    /// and request).
    Confirm,
    /// To who answered "done" to a nudge: thanks, the task is marked done.
    #[serde(rename = "task-done")]
    TaskDone,
    /// The personal message asking one person to speak (`ug talks ask`).
    #[serde(rename = "talk-ask")]
    TalkAsk,
    /// To the speaker of a given talk, after the held event: thank you (once).
    #[serde(rename = "talk-thanks")]
    #[value(name = "talk-thanks")]
    SpeakerThanks,
    /// To the organizers, at most once a day from `ug daily`: what waits for
    /// a person, each item with the command that settles it (`digest`).
    #[value(skip)]
    Digest,
}

impl Kind {
    /// Every kind, in the order above.
    pub const ALL: [Kind; 21] = [
        Kind::Announce,
        Kind::Remind,
        Kind::Change,
        Kind::Cancel,
        Kind::Nudge,
        Kind::Thanks,
        Kind::Ask,
        Kind::Blocked,
        Kind::Release,
        Kind::Waiting,
        Kind::RsvpIn,
        Kind::RsvpWaitlist,
        Kind::RsvpPromoted,
        Kind::Closed,
        Kind::Welcome,
        Kind::Unsubscribed,
        Kind::Confirm,
        Kind::TaskDone,
        Kind::TalkAsk,
        Kind::SpeakerThanks,
        Kind::Digest,
    ];

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
            Kind::Release => "release",
            Kind::Waiting => "waiting",
            Kind::RsvpIn => "rsvp-in",
            Kind::RsvpWaitlist => "rsvp-waitlist",
            Kind::RsvpPromoted => "rsvp-promoted",
            Kind::Closed => "closed",
            Kind::Welcome => "welcome",
            Kind::Unsubscribed => "unsubscribed",
            Kind::Confirm => "confirm",
            Kind::TaskDone => "task-done",
            Kind::TalkAsk => "talk-ask",
            Kind::SpeakerThanks => "talk-thanks",
            Kind::Digest => "digest",
        }
    }

    /// A confirmation of one RSVP answer (keyed by the answer's `at`).
    pub fn is_answer(self) -> bool {
        matches!(self, Kind::RsvpIn | Kind::RsvpWaitlist | Kind::RsvpPromoted)
    }

    /// A reply to one message `ug inbox` handled (keyed by its Message-ID;
    /// a welcome by the address alone): see `replies`.
    pub fn is_reply(self) -> bool {
        matches!(
            self,
            Kind::Closed | Kind::Welcome | Kind::Unsubscribed | Kind::Confirm | Kind::TaskDone
        )
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
    /// The task's id; for `talk-ask` and `talk-thanks` the talk's.
    pub task: Option<i64>,
    pub to: Recipient,
    /// The sent-log key, stable across runs: e.g.
    /// `announce:2026-12-08:ann@example.com`, `nudge:12:2026-11-14:alex@example.org`
    /// (a nudge is keyed by its round, so the next round is a new message).
    pub key: SentKey,
    /// Further items in the same message (a person's nudge digest, several
    /// thank-yous), each with its own key: sending records them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<Part>,
    /// For a nudge or thank-you, and an automatic answer (`replies`): the
    /// key recorded with it that keeps that person to one such mail a day
    /// (see `due::day_key`).
    #[serde(skip)]
    pub day: Option<SentKey>,
    /// For a reply to a message `ug inbox` handled: what it answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<ReplyTo>,
    /// For the organizers' digest: what waits for a person (each with its
    /// key in `more`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<digest::Item>,
}

/// The message a reply answers (threading), and what the reply says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyTo {
    /// Its Message-ID, without brackets (`None`: it had none).
    pub message_id: Option<String>,
    /// For `closed`: why the answer was not recorded, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One more item of a merged message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub event: Option<String>,
    pub task: Option<i64>,
    pub key: SentKey,
}

impl Due {
    /// Every key this message settles: its own, then its parts'.
    pub fn keys(&self) -> impl Iterator<Item = &SentKey> {
        std::iter::once(&self.key).chain(self.more.iter().map(|p| &p.key))
    }
}

/// What [`clean`] puts for a control character in text for a terminal.
pub const TERMINAL: Option<char> = Some('\u{fffd}');

/// `s` with each control character (a line break, a tab, an escape)
/// replaced by `with`, or dropped (`None`): text from the file made safe for
/// a terminal ([`TERMINAL`]), a sent-log field (a space) or an iCalendar
/// value (dropped).
pub fn clean(s: &str, with: Option<char>) -> String {
    s.chars()
        .filter_map(|c| if c.is_control() { with } else { Some(c) })
        .collect()
}

/// Why a mail cannot be sent to `address` (what lettre, the library that
/// sends, says), or `None` when it can: the one address check of ug.
pub fn address_problem(address: &str) -> Option<String> {
    crate::model::units::check_address(address)
        .err()
        .map(|e| e.to_string())
}

/// A composed message, ready for a transport.
#[derive(Debug, Clone, Serialize)]
pub struct Outgoing {
    pub key: SentKey,
    /// The keys of the message's other parts (a digest), recorded with `key`.
    #[serde(skip)]
    pub also: Vec<SentKey>,
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
