//! The group file as Rust types: every section of SPEC §1. Built from the
//! parsed TOML by `read`, checked across sections by `validate`. The file's
//! names (sections, keys, the values of statuses and kinds) are in `schema`;
//! finding an entry by id, with the error naming the nearest, in `lookup`.

mod address;
mod derived;
mod email;
mod inbox;
mod lookup;
pub mod provider;
mod read;
pub mod schema;
mod talk;
pub mod units;
mod validate;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

pub use derived::{VENUE_TASK, anchor, fill_venue, item_confirms, venue_task_title};
pub use email::{Email, FileTransport, Sendmail, Smtp};
pub use inbox::{Imap, Inbox, is_loopback};
pub use lookup::unknown_event;
pub use read::{from_document, from_table};
pub use schema::{
    AgendaKind, BUILT_IN_FORMATS, Confirms, EventStatus, Provider, Role, RsvpStatus, Security,
    TalkKind, TalkStatus, TaskStatus, Transport, Via,
};
pub use talk::Talk;
pub use units::{Days, Mailbox, Minutes};
pub use validate::validate;

/// A value with the byte range it came from in the file, so a later check can
/// point at it (`group.toml:40:7`). Serializes as the bare value.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Option<Range<usize>>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Option<Range<usize>>) -> Self {
        Spanned { value, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

pub type Id = Spanned<String>;

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub group: GroupInfo,
    pub people: Vec<Person>,
    pub schedule: Option<Schedule>,
    pub venues: Vec<Venue>,
    pub sponsors: Vec<Sponsor>,
    pub members: Vec<Member>,
    pub events: Vec<Event>,
    pub tasks: Vec<Task>,
    /// `[[talks]]`: the speakers' pipeline (SPEC §9).
    pub talks: Vec<Talk>,
    pub checklist: Vec<ChecklistItem>,
    pub formats: BTreeMap<String, Vec<AgendaItem>>,
    pub reminders: Reminders,
    pub email: Option<Email>,
    pub inbox: Option<Inbox>,
    pub signups: Signups,
    /// `[site]`: the website `ug site` writes (SPEC §6).
    pub site: Option<Site>,
}

/// `[site]` (SPEC §6): every key optional.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Site {
    /// The site's address, for absolute links in the feed, sitemap and JSON-LD.
    pub url: Option<String>,
    /// Where `ug site` writes, relative to the group file (default `public`);
    /// located, for `ug check`'s word on the folder.
    pub out: Option<Spanned<String>>,
    pub about: Option<String>,
    pub code_of_conduct: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupInfo {
    pub name: String,
    /// `None` when the file names a zone that does not exist (reported by `read`).
    #[serde(serialize_with = "ser_tz")]
    pub timezone: Option<Tz>,
    pub city: Option<String>,
    pub website: Option<String>,
    pub topics: Vec<String>,
}

fn ser_tz<S: Serializer>(tz: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
    match tz {
        Some(tz) => s.serialize_str(tz.name()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Person {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
    }

    pub fn is(&self, role: Role) -> bool {
        self.has_role(role.as_str())
    }

    /// An organizer or co-organizer: who runs the group.
    pub fn is_lead(&self) -> bool {
        self.is(Role::Organizer) || self.is(Role::CoOrganizer)
    }

    /// The team that takes tasks: organizers, co-organizers and helpers.
    pub fn is_team(&self) -> bool {
        self.is_lead() || self.is(Role::Helper)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub rule: Spanned<String>,
    #[serde(serialize_with = "ser_time")]
    pub time: NaiveTime,
    pub duration: Minutes,
    pub skip: Vec<NaiveDate>,
    pub formats: Vec<String>,
    pub expected: Option<u32>,
    pub since: Option<NaiveDate>,
    /// How far ahead `ug daily` plans every schedule date (SPEC §8);
    /// `None`: the checklist's longest `before` plus 7 days, at least 35
    /// (`planner::plan_ahead`).
    pub plan_ahead: Option<Days>,
}

fn ser_time<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format("%H:%M"))
}

/// When no `[schedule] duration` is given.
pub const DEFAULT_DURATION: Minutes = Minutes(150);

#[derive(Debug, Clone, Serialize)]
pub struct Venue {
    pub id: Id,
    pub name: String,
    pub address: Option<String>,
    pub capacity: Option<u32>,
    pub kind: Option<String>,
    pub contact: Option<Id>,
    pub notes: Option<String>,
    pub unavailable: Vec<NaiveDate>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sponsor {
    pub id: Id,
    pub name: String,
    pub provides: Option<String>,
    pub contact: Option<Id>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub name: String,
    pub email: Spanned<String>,
    pub joined: Option<NaiveDate>,
    pub unsubscribed: bool,
    /// Set after two hard bounces: not mailed.
    pub bounced: bool,
}

impl Member {
    /// Wants and can receive the group's mail.
    pub fn is_mailable(&self) -> bool {
        !self.unsubscribed && !self.bounced
    }
}

impl EventStatus {
    /// Still going to happen (or happening): not held, not cancelled.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Planned | Self::Confirmed | Self::Announced)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: Id,
    pub title: String,
    pub start: NaiveDateTime,
    pub duration: Option<Minutes>,
    pub format: Option<String>,
    pub venue: Option<Id>,
    pub sponsors: Vec<Id>,
    pub status: EventStatus,
    pub capacity: Option<u32>,
    pub attendance: Option<u32>,
    /// Raised each time an announced event's date, time or venue changes:
    /// the iCalendar SEQUENCE, and the key of the "changed" mail.
    pub sequence: u32,
    /// What the members were last told of an announced event's start and
    /// venue, written by ug when they change: the "changed" mail says "from
    /// what was told to what is" ([`Event::told`]).
    pub told_start: Option<NaiveDateTime>,
    /// A venue id, beside `told_start`.
    pub told_venue: Option<String>,
    /// The `sequence` that what was told went out with (absent: 0, or one
    /// less than `sequence` in a file from before ug recorded it).
    pub told_sequence: Option<u32>,
    pub agenda: Vec<AgendaItem>,
    /// Who answered, one entry per person, in the order they arrived.
    pub rsvps: Vec<Rsvp>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

/// An announced event's start and venue as the members were last told them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Told {
    pub start: NaiveDateTime,
    /// A venue id.
    pub venue: Option<String>,
}

impl Event {
    /// What the members were last told, when recorded (`told_start`, with
    /// `told_venue`).
    pub fn told(&self) -> Option<Told> {
        self.told_start.map(|start| Told {
            start,
            venue: self.told_venue.clone(),
        })
    }

    pub fn end(&self, default: Minutes) -> NaiveDateTime {
        self.start + self.duration.unwrap_or(default).as_chrono()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    pub title: String,
    pub kind: Option<AgendaKind>,
    pub minutes: u32,
    pub speaker: Option<Id>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl TaskStatus {
    /// Work still owed: open, or asked and waiting for an answer. A legacy
    /// `declined` (older ug wrote it when an ask was declined) is owed too: the
    /// ask was answered, the task is back with its owner and still needs doing.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::Asked | Self::Declined)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: Spanned<i64>,
    pub title: String,
    pub owner: Option<Id>,
    pub due: Option<NaiveDate>,
    pub event: Option<Id>,
    pub status: TaskStatus,
    pub done_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub asked: Option<Id>,
    pub asked_on: Option<NaiveDate>,
    /// `Some(Confirms::Venue)`: finishing this task confirms its event.
    pub confirms: Option<Confirms>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

/// A task template that `ug next-meetup` instantiates for every new event.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    pub title: String,
    /// A person id or a role.
    pub owner: Spanned<String>,
    pub before: Option<Days>,
    pub after: Option<Days>,
    /// Carried to the task: finishing it confirms the event.
    pub confirms: Option<Confirms>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reminders {
    pub announce: Days,
    pub remind: Days,
    pub thanks: Days,
    pub nudge: Days,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            announce: Days(14),
            remind: Days(1),
            thanks: Days(1),
            nudge: Days(3),
        }
    }
}

impl Group {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| *p.id == id)
    }
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| *v.id == id)
    }
    pub fn sponsor(&self, id: &str) -> Option<&Sponsor> {
        self.sponsors.iter().find(|s| *s.id == id)
    }
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| *e.id == id)
    }
    pub fn task(&self, id: i64) -> Option<&Task> {
        self.tasks.iter().find(|t| *t.id == id)
    }
    /// The group's zone; UTC only when the file names a zone that does not exist
    /// (which `ug check` reports as an error, so no command acts on it).
    pub fn tz(&self) -> Tz {
        self.group.timezone.unwrap_or(Tz::UTC)
    }
    pub fn duration(&self) -> Minutes {
        self.schedule
            .as_ref()
            .map_or(DEFAULT_DURATION, |s| s.duration)
    }
    pub fn organizers(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| p.is(Role::Organizer))
    }
    pub fn co_organizers(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| p.is(Role::CoOrganizer))
    }
}

// ---- sign-ups (SPEC §4)

/// `[signups]`, with the defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Signups {
    /// Where RSVP mail goes; `None`: `email.reply_to`, else `email.from`
    /// (see [`Group::signups_address`]).
    pub address: Option<String>,
    /// RSVPs count from this long before the event; `None`: from the
    /// announcement (`reminders.announce`).
    pub opens: Option<Days>,
    /// ... until this long before its start (`"0m"`: until it starts).
    pub closes: Minutes,
    /// How many guests one RSVP may bring.
    pub guests: u32,
    /// Mail each person what happened to their answer.
    pub confirm: bool,
    /// Ask "yes" people to free their seat this long before, if they can't come.
    pub release: Days,
}

/// Guests one RSVP may bring when `[signups] guests` is not given.
pub const DEFAULT_GUESTS: u32 = 1;

impl Default for Signups {
    fn default() -> Self {
        Signups {
            address: None,
            opens: None,
            closes: Minutes(120),
            guests: DEFAULT_GUESTS,
            confirm: true,
            release: Days(2),
        }
    }
}

/// One person's answer for one event: a line of its `rsvps`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rsvp {
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub status: RsvpStatus,
    /// Guests beyond the person (0: alone).
    pub guests: u32,
    /// When the answer arrived: the waitlist's order.
    pub at: NaiveDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    pub attended: bool,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Rsvp {
    /// Seats this answer takes when it is a yes: the person and their guests.
    pub fn party(&self) -> u32 {
        1 + self.guests
    }

    /// The same address, compared without regard to case.
    pub fn is_from(&self, email: &str) -> bool {
        self.email.trim().eq_ignore_ascii_case(email.trim())
    }
}

impl Group {
    /// Where RSVP mail goes: `[signups] address`, else `email.reply_to`, else `email.from`.
    pub fn signups_address(&self) -> Option<String> {
        if let Some(a) = &self.signups.address {
            return Some(a.clone());
        }
        let email = self.email.as_ref()?;
        Some(
            email
                .reply_to
                .as_ref()
                .unwrap_or(&email.from)
                .address
                .to_string(),
        )
    }

    /// Seats of an event: its `capacity`, else its venue's; `None`: unlimited.
    pub fn seats(&self, e: &Event) -> Option<u32> {
        e.capacity.or_else(|| {
            e.venue
                .as_ref()
                .and_then(|v| self.venue(v))
                .and_then(|v| v.capacity)
        })
    }
}
