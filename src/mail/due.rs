//! What mail is due (pure): from the model, "now" (local to the group) and
//! the sent log, every message that should go out now, each with its log key.
//!
//! Windows, by kind (dates are the group's local dates):
//! - announce: to mailable members, from `start − reminders.announce` until
//!   the event starts; only for a `confirmed` event with a venue (once it is
//!   `announced` the announcement is done).
//! - blocked: while the announcement is due but the event is not confirmed
//!   (or has no venue), one mail to each organizer and co-organizer saying
//!   what holds it up ([`announcement_blocked`]); once ever per event.
//! - remind: to members, from `start − reminders.remind`, for a confirmed or
//!   announced event with a venue.
//! - change: for an announced event whose date, time or venue differs from
//!   what was last told (`told_start`/`told_venue`), until it starts, once
//!   per sequence (`sequence`, or one above it for a change made by hand:
//!   see `due/change.rs`), to those a cancellation would go to.
//! - cancel: for a cancelled event, until its start, to each member whose
//!   announcement (or reminder) the sent log holds: who never heard of the
//!   event hears nothing of its cancellation; and to each other person
//!   whose RSVP line says yes or waitlist.
//! - thanks: to the venue's contact and each sponsor's contact, from
//!   `start + reminders.thanks` for 14 days, once the event is `held`.
//! - nudge: one digest per person (not an organizer or co-organizer: the
//!   organizers' digest lists theirs), at most once per `nudge` interval,
//!   holding every open task of theirs that is overdue or due within the
//!   interval (`rounds`); each task keyed by the digest's day.
//! - ask: the personal message for a task in status `asked`, to the asked
//!   person, from `asked_on`.
//! - talk-ask and talk-thanks: to a talk's speaker (see `talks`).
//!
//! A person's nudges come as one message (a digest), and so do their
//! thank-yous of a day: each part keeps its own log key, and a day key
//! (`day_key`) stops a second one the same day (for nudges, within the
//! interval). Keys are `key::SentKey`s.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::events::timing::{mail_dates, thanks_from};
use crate::mail::blocked::{announcement_blocked, organizers};
use crate::mail::key::{About, SentKey, To};
use crate::mail::{Due, Kind, Part, Recipient};
use crate::model::{Event, EventStatus, Group, Person, Task};

pub use crate::mail::address::without_address;
pub(crate) use crate::mail::address::{address_of, has_address};
pub use crate::mail::blocked::{Blocked, blocked_announcements};
pub use crate::mail::key::NO_ADDRESS;
pub(crate) use crate::mail::rounds::{in_window, last_digest, next_digest, nudged_by_mail};
pub use crate::mail::upcoming::{Upcoming, upcoming};
pub use change::{change_sequences, changes_told};
pub use whom::thanks_recipients;
pub(crate) use whom::{ask, mail_to, members, nudged};

mod change;
mod whom;

/// How long after `start + thanks` a thank-you still makes sense.
pub const THANKS_WINDOW_DAYS: i64 = 14;

/// Kinds merged into one message per recipient and day.
fn merged(kind: Kind) -> bool {
    matches!(kind, Kind::Nudge | Kind::Thanks)
}

/// The key that marks a person's merged message of `kind` as sent on `day`
/// (`nudge-day:2026-11-23:maya@example.org`): a second run that day sends
/// that person no second one; what is left goes the next day.
pub fn day_key<S>(kind: Kind, day: NaiveDate, to: To<S>) -> SentKey<S> {
    SentKey {
        kind,
        about: About::Day(day),
        to,
    }
}

/// Every message due at `now` (local to the group) that `sent(key)` says has
/// not gone out, in file order: events (announce, blocked, remind, change,
/// cancel, thanks), then tasks (nudge, ask), then talks. A person's nudges come as one
/// message (the first task's, with the others in `more`), and so do their
/// thank-yous. Pure.
pub fn due(g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool) -> Vec<Due> {
    let mut out: Vec<Due> = Vec::new();
    let mut by_person: HashMap<(Kind, String), usize> = HashMap::new();
    each_due(g, now, sent, &mut |m| {
        let part = Part {
            event: m.event.map(str::to_string),
            task: m.task,
            key: m.key.to_owned_key(),
        };
        let carried = m.with.as_ref().map(|key| Part {
            event: m.event.map(str::to_string),
            task: None,
            key: key.to_owned_key(),
        });
        if merged(m.kind()) {
            if let Some(&i) = by_person.get(&(m.kind(), m.who())) {
                out[i].more.push(part);
                return;
            }
            by_person.insert((m.kind(), m.who()), out.len());
        }
        out.push(Due {
            kind: m.kind(),
            event: part.event,
            task: part.task,
            to: Recipient {
                name: m.name.to_string(),
                // Empty for a person without one (the key names them).
                address: match m.key.to {
                    To::Address(a) => a.to_string(),
                    To::Nobody(_) => String::new(),
                },
            },
            day: merged(m.kind()).then(|| day_key(m.kind(), now.date(), m.key.to).to_owned_key()),
            key: part.key,
            more: carried.into_iter().collect(),
            reply: None,
            items: Vec::new(),
        })
    });
    out
}

/// How many messages of each kind `due` would return, without building them
/// (`ug status` on a group of thousands).
pub fn count(g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool) -> Vec<(Kind, usize)> {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    let mut people: HashSet<(Kind, String)> = HashSet::new();
    each_due(g, now, sent, &mut |m| {
        if merged(m.kind()) && !people.insert((m.kind(), m.who())) {
            return;
        }
        match counts.iter_mut().find(|(k, _)| *k == m.kind()) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.kind(), 1)),
        }
    });
    counts
}

/// One due message, borrowed from the model.
pub(super) struct Found<'a> {
    pub(super) key: SentKey<&'a str>,
    pub(super) event: Option<&'a str>,
    pub(super) task: Option<i64>,
    pub(super) name: &'a str,
    /// A further key the message settles (a reminder a late announcement
    /// stands in for).
    pub(super) with: Option<SentKey<&'a str>>,
}

impl Found<'_> {
    fn kind(&self) -> Kind {
        self.key.kind
    }

    /// Who it goes to, as one merged mail a day is counted: the address
    /// (lowercased) or the person without one.
    fn who(&self) -> String {
        match self.key.to {
            To::Address(a) => a.to_ascii_lowercase(),
            To::Nobody(p) => format!("{NO_ADDRESS}{p}").to_ascii_lowercase(),
        }
    }
}

/// True from `from` (a local date) until the event starts.
pub(super) fn open(now: NaiveDateTime, from: Option<NaiveDate>, e: &Event) -> bool {
    from.is_some_and(|from| now.date() >= from) && now < e.start
}

/// The walk over the model that finds what is due, shared by `due` and
/// `count`. Keys are written in one reused buffer. No key can come twice:
/// event and task ids are unique, and `members`/`thanks_recipients`/
/// `organizers` drop repeated addresses.
pub(super) struct Walk<'g, 'e> {
    pub(super) g: &'g Group,
    pub(super) now: NaiveDateTime,
    sent: &'e dyn Fn(&str) -> bool,
    emit: &'e mut dyn FnMut(Found<'g>),
    buf: String,
    /// The member list, deduplicated once and only if some event needs it.
    list: Option<Vec<(&'g str, &'g str)>>,
    /// The addresses (lowercased) of members who unsubscribed or bounced,
    /// once and only if some event's RSVPs need them (`signups`).
    pub(super) unmailable: Option<HashSet<String>>,
    /// When set, `offer` only counts: (messages, of them in the log), for
    /// the "changed" mail's sequence (`change`).
    probe: Option<(usize, usize)>,
}

fn each_due(
    g: &Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(Found),
) {
    let mut w = Walk {
        g,
        now,
        sent,
        emit,
        buf: String::new(),
        list: None,
        unmailable: None,
        probe: None,
    };
    for e in &g.events {
        w.event(e);
    }
    for t in &g.tasks {
        w.task(t);
    }
    w.nudges();
    for t in &g.talks {
        w.talk(t);
    }
}

impl<'g> Walk<'g, '_> {
    /// Whether the log holds `key`.
    pub(super) fn sent<S: AsRef<str>>(&mut self, key: &SentKey<S>) -> bool {
        key.write_into(&mut self.buf);
        (self.sent)(&self.buf)
    }

    /// Emits the message unless it (or, merged, that person's mail of the
    /// day) went out.
    pub(super) fn offer(&mut self, found: Found<'g>) {
        if let Some((all, sent)) = self.probe {
            let was = self.sent(&found.key);
            self.probe = Some((all + 1, sent + usize::from(was)));
            return;
        }
        if self.sent(&found.key) {
            return;
        }
        let kind = found.kind();
        if merged(kind) && self.sent(&day_key(kind, self.now.date(), found.key.to)) {
            return;
        }
        (self.emit)(found);
    }

    /// One message about event `id` to each person in `to`.
    fn mail_people(&mut self, kind: Kind, id: &'g str, to: Vec<&'g Person>) {
        for p in to {
            self.offer(Found {
                key: SentKey {
                    kind,
                    about: About::Event(id),
                    to: mail_to(p),
                },
                event: Some(id),
                task: None,
                name: &p.name,
                with: None,
            });
        }
    }

    fn event(&mut self, e: &'g Event) {
        let (g, now) = (self.g, self.now);
        let id = e.id.value.as_str();
        let has_venue = e.venue.is_some();
        let dates = mail_dates(g, e);
        let announce = e.status == EventStatus::Confirmed && has_venue;
        let remind = matches!(e.status, EventStatus::Confirmed | EventStatus::Announced)
            && has_venue
            && open(now, dates.remind, e);
        // A late announcement (confirmed inside the reminder's window) takes
        // the reminder's place: one mail, the reminder's key settled with it.
        // Once the event has RSVPs, the reminder goes to the "yes" people
        // only (and the waitlisted hear they still wait): see `signups`.
        let answered = !e.rsvps.is_empty();
        if announce && open(now, dates.announce, e) {
            let carry = (remind && !answered).then_some(Kind::Remind);
            self.mail_members(Kind::Announce, About::Event(id), carry);
        } else if remind && !answered {
            self.mail_members(Kind::Remind, About::Event(id), None);
        }
        if remind && answered {
            self.remind_going(e);
        }
        self.signups(e, remind && answered);
        if let Some(sequence) = self.change_due(e) {
            self.mail_told(e, Kind::Change, About::Change(id, sequence));
        }
        if open(now, dates.announce, e) && announcement_blocked(g, e).is_some() {
            self.mail_people(Kind::Blocked, id, organizers(g));
        }
        if e.status == EventStatus::Cancelled && now < e.start {
            self.mail_told(e, Kind::Cancel, About::Event(id));
        }
        if thanks_open(g, e, now) {
            self.mail_people(Kind::Thanks, id, thanks_recipients(g, e));
        }
    }

    /// One message to each member. `carry`: a kind due on the same day that
    /// this message stands in for (settled with it), unless this one went
    /// out before.
    fn mail_members(&mut self, kind: Kind, about: About<&'g str>, carry: Option<Kind>) {
        let list = self
            .list
            .take()
            .unwrap_or_else(|| members(self.g).collect());
        let event = match about {
            About::Event(e) | About::Change(e, _) => Some(e),
            _ => None,
        };
        for &(name, address) in &list {
            let key = |kind| SentKey {
                kind,
                about,
                to: To::Address(address),
            };
            let mut found = Found {
                key: key(kind),
                event,
                task: None,
                name,
                with: None,
            };
            if let Some(carried) = carry {
                if self.sent(&found.key) {
                    found.key = key(carried);
                } else if !self.sent(&key(carried)) {
                    found.with = Some(key(carried));
                }
            }
            self.offer(found);
        }
        self.list = Some(list);
    }

    /// A cancellation or change (`kind`, keyed by `about`) to each member
    /// whose announcement (or reminder) the log holds: who never heard of
    /// the event hears nothing of it; and to each other person who answered
    /// yes or is waitlisted (`signups`).
    pub(super) fn mail_told(&mut self, e: &'g Event, kind: Kind, about: About<&'g str>) {
        let id = e.id.value.as_str();
        let list = self
            .list
            .take()
            .unwrap_or_else(|| members(self.g).collect());
        let mut told = HashSet::new();
        for &(name, address) in &list {
            let key = |kind| SentKey {
                kind,
                about: About::Event(id),
                to: To::Address(address),
            };
            if self.sent(&key(Kind::Announce)) || self.sent(&key(Kind::Remind)) {
                told.insert(address.to_ascii_lowercase());
                self.offer(Found {
                    key: SentKey {
                        kind,
                        about,
                        to: To::Address(address),
                    },
                    event: Some(id),
                    task: None,
                    name,
                    with: None,
                });
            }
        }
        self.list = Some(list);
        self.told_answered(e, &told, kind, about);
    }

    /// The personal ask of a task in status `asked`, from its `asked_on`.
    fn task(&mut self, t: &'g Task) {
        if let Some((p, on)) = ask(self.g, t, self.now)
            && on.is_none_or(|d| self.now.date() >= d)
        {
            self.offer(Found {
                key: SentKey {
                    kind: Kind::Ask,
                    about: About::Task(t.id.value, on),
                    to: mail_to(p),
                },
                event: t.event.as_ref().map(|e| e.value.as_str()),
                task: Some(t.id.value),
                name: &p.name,
                with: None,
            });
        }
    }

    /// Each person's nudge digest (SPEC §8): every open task of theirs in
    /// the window (overdue or due within the interval), in file order,
    /// unless a digest went to them within the interval. Organizers and
    /// co-organizers are left out (the organizers' digest lists theirs).
    fn nudges(&mut self) {
        let (g, today) = (self.g, self.now.date());
        let mut people: Vec<(&'g Person, Vec<&'g Task>)> = Vec::new();
        let mut index: HashMap<&'g str, usize> = HashMap::new();
        for t in &g.tasks {
            let Some(p) = nudged(g, t).filter(|p| nudged_by_mail(p)) else {
                continue;
            };
            if !in_window(g, t, today) {
                continue;
            }
            match index.get(p.id.value.as_str()) {
                Some(&i) => people[i].1.push(t),
                None => {
                    index.insert(p.id.value.as_str(), people.len());
                    people.push((p, vec![t]));
                }
            }
        }
        for (p, tasks) in people {
            let to = mail_to(p);
            if last_digest(g, today, to, &mut |k| self.sent(k)).is_some() {
                continue;
            }
            for t in tasks {
                self.offer(Found {
                    key: SentKey {
                        kind: Kind::Nudge,
                        about: About::Task(t.id.value, Some(today)),
                        to,
                    },
                    event: t.event.as_ref().map(|e| e.value.as_str()),
                    task: Some(t.id.value),
                    name: &p.name,
                    with: None,
                });
            }
        }
    }
}

/// Whether an announced event differs from what its members were last
/// told (`told_start`/`told_venue`); without that record, whether its
/// `sequence` was raised (a file from before ug recorded it).
pub(super) fn changed(e: &Event) -> bool {
    match e.told() {
        Some(t) => {
            t.start != e.start || t.venue.as_deref() != e.venue.as_ref().map(|v| v.value.as_str())
        }
        None => e.sequence > 0,
    }
}

/// True while thank-yous for `e` are due at `now`: from `reminders.thanks`
/// after it, for [`THANKS_WINDOW_DAYS`], once it has ended.
pub(super) fn thanks_open(g: &Group, e: &Event, now: NaiveDateTime) -> bool {
    let today = now.date();
    thanks_from(g, e).is_some_and(|from| {
        today >= from
            && from
                .checked_add_signed(Duration::days(THANKS_WINDOW_DAYS))
                .is_none_or(|end| today < end)
            && now >= e.end(g.duration())
    })
}
