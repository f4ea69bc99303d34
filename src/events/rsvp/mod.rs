//! Sign-ups (SPEC §4) as pure decisions: an answer (yes or no, guests) for
//! one event becomes an [`RsvpChange`]: the lines of the event's `rsvps` to
//! write, and the notices due ("you're in", "waitlisted, number N", "a seat
//! opened", "RSVPs are closed") for the mail step to send through the sent
//! log. Seats are the event's capacity, else its venue's (none: unlimited);
//! a party is the person and their guests; the waitlist moves up in arrival
//! order (`at`) whenever seats free up or capacity grows. `write` puts a
//! change in the file, one line per person. Nothing here prints, sends or
//! reads the clock.

mod decide;
mod write;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::model::{Event, Group, Rsvp, RsvpStatus, Via};

pub use decide::{checkin, decide, promote};
pub use write::apply;

/// One answer to record: from a reply (`via = "email"`) or `ug rsvp` (`manual`).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub email: String,
    pub name: Option<String>,
    pub yes: bool,
    pub guests: u32,
    pub via: Via,
}

/// Why an answer was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Closed {
    /// Before `[signups] opens`: RSVPs open at this time.
    NotOpen {
        opens: NaiveDateTime,
    },
    /// After `[signups] closes`: they closed at this time.
    Closed {
        closed: NaiveDateTime,
    },
    Cancelled,
    /// The event has started or was held.
    Past,
    /// The address unsubscribed from the list.
    Unsubscribed,
}

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |t: &NaiveDateTime| t.format("%a %b %-d %H:%M").to_string();
        match self {
            Closed::NotOpen { opens } => write!(f, "RSVPs open on {}", opens.format("%a %b %-d")),
            Closed::Closed { closed } => write!(f, "RSVPs closed on {}", at(closed)),
            Closed::Cancelled => f.write_str("the event is cancelled"),
            Closed::Past => f.write_str("the event has already taken place"),
            Closed::Unsubscribed => f.write_str("the address unsubscribed from the list"),
        }
    }
}

/// A mail due to one person because of a change (sent later, once, through
/// the sent log; only with `[signups] confirm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    /// "You're in" (with the .ics).
    In,
    /// "You're on the waitlist, number N".
    Waitlisted { n: usize },
    /// "A seat opened: you're in".
    Promoted,
    /// "RSVPs are closed", with why.
    Closed { reason: Closed },
}

/// `(kind, event, email, at)` names one change: the mail step keys its sent
/// log on it, so a change that happens twice is told twice, and the same
/// change replayed is not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub email: String,
    pub name: Option<String>,
    /// The answer this is about: its `at` (a promotion keeps the arrival
    /// time, and nobody is moved back down without a new answer); for a
    /// refused answer, when it came.
    pub at: NaiveDateTime,
    #[serde(flatten)]
    pub kind: NoticeKind,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            NoticeKind::In => "you're in".to_string(),
            NoticeKind::Waitlisted { n } => format!("you're on the waitlist, number {n}"),
            NoticeKind::Promoted => "a seat opened: you're in".to_string(),
            NoticeKind::Closed { reason } => format!("RSVPs are closed ({reason})"),
        };
        match &self.name {
            Some(n) => write!(f, "{n} <{}>: \"{what}\"", self.email),
            None => write!(f, "{}: \"{what}\"", self.email),
        }
    }
}

/// What happened to the answer itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Recorded with this status (a waitlisted answer has its place).
    Recorded {
        status: RsvpStatus,
        #[serde(skip_serializing_if = "Option::is_none")]
        position: Option<usize>,
    },
    /// The same answer as before: nothing changes.
    Unchanged { status: RsvpStatus },
    /// Not recorded.
    Refused { reason: Closed },
    /// No answer: capacity grew, or people checked in.
    Seats,
}

/// Where a written entry goes in the event's `rsvps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Replaces the entry at this index, in place.
    At(usize),
    /// A new line at the end.
    New,
}

/// One decision on one event's RSVPs: what to write, who moved up, and the
/// notices due. `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct RsvpChange {
    pub event: String,
    pub title: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The answer's guests when more were asked than `[signups] guests` allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guests_capped: Option<u32>,
    /// Moved up from the waitlist, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub promoted: Vec<String>,
    /// Checked in (`ug rsvps checkin`); `walk_ins` had no RSVP before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checked_in: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub walk_ins: Vec<String>,
    /// Mails due (the mail step sends them once, through the sent log).
    pub notices: Vec<Notice>,
    /// Seats (`None`: unlimited), and those taken after the change.
    pub seats: Option<u32>,
    pub taken: u32,
    #[serde(skip)]
    pub writes: Vec<(Slot, Rsvp)>,
}

impl RsvpChange {
    pub fn changed(&self) -> bool {
        !self.writes.is_empty()
    }
}

/// Seats taken: every "yes" party.
pub fn taken(rsvps: &[Rsvp]) -> u32 {
    rsvps
        .iter()
        .filter(|r| r.status == RsvpStatus::Yes)
        .map(Rsvp::party)
        .fold(0u32, u32::saturating_add)
}

/// The waitlist in order: arrival (`at`), then the file's order.
pub fn waitlist(rsvps: &[Rsvp]) -> Vec<(usize, &Rsvp)> {
    let mut w: Vec<(usize, &Rsvp)> = rsvps
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == RsvpStatus::Waitlist)
        .collect();
    w.sort_by_key(|(i, r)| (r.at, *i));
    w
}

/// Seats of event `e` (its capacity, else its venue's; `None`: unlimited).
pub fn seats(g: &Group, e: &Event) -> Option<u32> {
    g.seats(e)
}

/// How many came, from the `attended` marks (each with their guests);
/// `None` when nobody was checked in.
pub fn attended(e: &Event) -> Option<u32> {
    let came: Vec<&Rsvp> = e.rsvps.iter().filter(|r| r.attended).collect();
    (!came.is_empty()).then(|| came.iter().map(|r| r.party()).sum())
}

#[cfg(test)]
mod tests;
