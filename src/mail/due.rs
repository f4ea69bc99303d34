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
//! - change: to members, for an announced event whose `sequence` is above 0
//!   (its date, time or venue changed), until it starts; once per sequence.
//! - cancel: for a cancelled event, until its start, to each member whose
//!   announcement (or reminder) the sent log holds: who never heard of the
//!   event hears nothing of its cancellation.
//! - thanks: to the venue's contact and each sponsor's contact, from
//!   `start + reminders.thanks` for 14 days, once the event is `held`.
//! - nudge: to an open task's owner, one round at `due − nudge`, then one
//!   every `nudge` days while overdue (`due + nudge`, `due + 2·nudge`, ...);
//!   only the current round is due, so a missed round is not sent late once
//!   the next has begun. Rounds are computed, never searched for.
//! - ask: the personal message for a task in status `asked`, to the asked
//!   person, from `asked_on`.
//!
//! One person gets at most one message a day for all their nudges (a
//! digest), and one for all their thank-yous: each part keeps its own log
//! key, and a day key (`day_key`) stops a second one the same day.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::events::timing::{mail_dates, thanks_from};
use crate::mail::blocked::{announcement_blocked, organizers};
use crate::mail::{Due, Kind, Part, Recipient};
use crate::model::{Event, EventStatus, Group, Person, Task, TaskStatus};

pub use crate::mail::address::{NO_ADDRESS, without_address};
pub(crate) use crate::mail::address::{address_of, has_address, identity};
pub use crate::mail::blocked::{Blocked, blocked_announcements};
pub(crate) use crate::mail::rounds::{next_nudge_round, nudge_round, nudged_lately};
pub use crate::mail::upcoming::{Upcoming, upcoming};

/// How long after `start + thanks` a thank-you still makes sense.
pub const THANKS_WINDOW_DAYS: i64 = 14;

/// The sent-log key of a message: `kind:subject:address` (address lowercased).
pub fn key(kind: Kind, subject: &str, address: &str) -> String {
    let mut key = String::new();
    key_into(&mut key, kind, subject, address);
    key
}

/// `key`, written into `buf` (reused: a large group makes tens of thousands).
pub(crate) fn key_into(buf: &mut String, kind: Kind, subject: &str, address: &str) {
    buf.clear();
    buf.push_str(kind.as_str());
    buf.push(':');
    buf.push_str(subject);
    buf.push(':');
    buf.extend(address.trim().chars().map(|c| c.to_ascii_lowercase()));
}

/// The key of `event`'s announcement to `address`.
pub fn announce_key(event: &str, address: &str) -> String {
    key(Kind::Announce, event, address)
}

/// Kinds merged into one message per recipient and day.
fn merged(kind: Kind) -> bool {
    matches!(kind, Kind::Nudge | Kind::Thanks)
}

/// The key that marks a person's merged message of `kind` as sent on `day`
/// (`nudge-day:2026-11-23:maya@example.org`): a second run that day sends
/// that person no second one; what is left goes the next day.
pub fn day_key(kind: Kind, day: NaiveDate, address: &str) -> String {
    let mut key = String::new();
    key.push_str(kind.as_str());
    key.push_str("-day:");
    key.push_str(&day.to_string());
    key.push(':');
    key.extend(address.trim().chars().map(|c| c.to_ascii_lowercase()));
    key
}

/// Every message due at `now` (local to the group) that `sent(key)` says has
/// not gone out, in file order: events (announce, blocked, remind, change,
/// cancel, thanks), then tasks (nudge, ask). A person's nudges come as one
/// message (the first task's, with the others in `more`), and so do their
/// thank-yous. Pure.
pub fn due(g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool) -> Vec<Due> {
    let mut out: Vec<Due> = Vec::new();
    let mut by_person: HashMap<(Kind, String), usize> = HashMap::new();
    each_due(g, now, sent, &mut |m| {
        let part = Part {
            event: m.event.map(str::to_string),
            task: m.task,
            key: m.key.to_string(),
        };
        let carried = m.with.map(|key| Part {
            event: m.event.map(str::to_string),
            task: None,
            key: key.to_string(),
        });
        if merged(m.kind) {
            let who = (m.kind, m.address.to_ascii_lowercase());
            if let Some(&i) = by_person.get(&who) {
                out[i].more.push(part);
                return;
            }
            by_person.insert(who, out.len());
        }
        out.push(Due {
            kind: m.kind,
            event: part.event,
            task: part.task,
            key: part.key,
            to: Recipient {
                name: m.name.to_string(),
                // Empty for a person without one (the key names them).
                address: if m.address.starts_with(NO_ADDRESS) {
                    String::new()
                } else {
                    m.address.to_string()
                },
            },
            more: carried.into_iter().collect(),
            day: merged(m.kind).then(|| day_key(m.kind, now.date(), m.address)),
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
        if merged(m.kind) && !people.insert((m.kind, m.address.to_ascii_lowercase())) {
            return;
        }
        match counts.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.kind, 1)),
        }
    });
    counts
}

/// One due message, borrowed from the model.
struct Found<'a> {
    kind: Kind,
    key: &'a str,
    event: Option<&'a str>,
    task: Option<i64>,
    name: &'a str,
    address: &'a str,
    /// A further key the message settles (a reminder a late announcement
    /// stands in for).
    with: Option<&'a str>,
}

/// True from `from` (a local date) until the event starts.
fn open(now: NaiveDateTime, from: Option<NaiveDate>, e: &Event) -> bool {
    from.is_some_and(|from| now.date() >= from) && now < e.start
}

/// The rules of what is due, shared by `due` and `count`. Keys are built in
/// one reused buffer. No key can come twice: event and task ids are unique,
/// and `members`/`thanks_recipients`/`organizers` drop repeated addresses.
fn each_due(
    g: &Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(Found),
) {
    let today = now.date();
    // The key's stand-in address of each person without one.
    let placeholders: HashMap<&str, String> = g
        .people
        .iter()
        .filter(|p| !has_address(p))
        .map(|p| (p.id.value.as_str(), format!("{NO_ADDRESS}{}", p.id.value)))
        .collect();
    let mut buf = String::new();
    let mut other = String::new();
    // The member list, deduplicated once and only if some event needs it.
    let mut list: Option<Vec<(&str, &str)>> = None;
    let mut offer = |buf: &mut String,
                     kind,
                     subject: &str,
                     event,
                     task,
                     name: &str,
                     address: &str,
                     with: Option<&str>| {
        key_into(buf, kind, subject, address);
        if !sent(buf) {
            if merged(kind) && sent(&day_key(kind, today, address)) {
                return;
            }
            emit(Found {
                kind,
                key: buf,
                event,
                task,
                name,
                address,
                with,
            });
        }
    };

    for e in &g.events {
        let id = e.id.value.as_str();
        let has_venue = e.venue.is_some();
        let dates = mail_dates(g, e);
        let announce_from = dates.announce;
        let announce = e.status == EventStatus::Confirmed && has_venue;
        let remind = matches!(e.status, EventStatus::Confirmed | EventStatus::Announced)
            && has_venue
            && open(now, dates.remind, e);
        let change = e.status == EventStatus::Announced && e.sequence > 0 && now < e.start;
        // `carry`: a kind due on the same day that this message stands in
        // for (settled with it), unless this one went out before.
        let mut to_members = |buf: &mut String,
                              other: &mut String,
                              kind: Kind,
                              subject: &str,
                              carry: Option<Kind>| {
            for &(name, address) in list.get_or_insert_with(|| members(g).collect()).iter() {
                let Some(carried) = carry else {
                    offer(buf, kind, subject, Some(id), None, name, address, None);
                    continue;
                };
                key_into(buf, kind, subject, address);
                if sent(buf) {
                    offer(buf, carried, subject, Some(id), None, name, address, None);
                    continue;
                }
                key_into(other, carried, subject, address);
                let with = (!sent(other)).then_some(other.as_str());
                offer(buf, kind, subject, Some(id), None, name, address, with);
            }
        };
        // A late announcement (confirmed inside the reminder's window) takes
        // the reminder's place: one mail, the reminder's key settled with it.
        if announce && open(now, announce_from, e) {
            let carry = remind.then_some(Kind::Remind);
            to_members(&mut buf, &mut other, Kind::Announce, id, carry);
        } else if remind {
            to_members(&mut buf, &mut other, Kind::Remind, id, None);
        }
        if change {
            to_members(&mut buf, &mut other, Kind::Change, &change_subject(e), None);
        }
        if open(now, announce_from, e) && announcement_blocked(g, e).is_some() {
            for p in organizers(g) {
                offer(
                    &mut buf,
                    Kind::Blocked,
                    id,
                    Some(id),
                    None,
                    &p.name,
                    mail_address(p, &placeholders),
                    None,
                );
            }
        }
        if e.status == EventStatus::Cancelled && now < e.start {
            for &(name, address) in list.get_or_insert_with(|| members(g).collect()).iter() {
                key_into(&mut other, Kind::Announce, id, address);
                let announced = sent(&other) || {
                    key_into(&mut other, Kind::Remind, id, address);
                    sent(&other)
                };
                if announced {
                    offer(
                        &mut buf,
                        Kind::Cancel,
                        id,
                        Some(id),
                        None,
                        name,
                        address,
                        None,
                    );
                }
            }
        }
        if let Some(from) = thanks_from(g, e)
            && today >= from
            && from
                .checked_add_signed(Duration::days(THANKS_WINDOW_DAYS))
                .is_none_or(|end| today < end)
            && now >= e.end(g.duration())
        {
            for p in thanks_recipients(g, e) {
                offer(
                    &mut buf,
                    Kind::Thanks,
                    id,
                    Some(id),
                    None,
                    &p.name,
                    mail_address(p, &placeholders),
                    None,
                );
            }
        }
    }
    for t in &g.tasks {
        let event = t.event.as_ref().map(|e| e.value.as_str());
        if let Some(p) = nudged(g, t)
            && let Some(round) = nudge_round(g, t, today)
            && !nudged_lately(g, t, round, mail_address(p, &placeholders), sent)
        {
            let subject = format!("{}:{round}", t.id.value);
            offer(
                &mut buf,
                Kind::Nudge,
                &subject,
                event,
                Some(t.id.value),
                &p.name,
                mail_address(p, &placeholders),
                None,
            );
        }
        if let Some((p, on)) = ask(g, t, now)
            && on.is_none_or(|d| today >= d)
        {
            let subject = format!("{}:{}", t.id.value, ask_date(on));
            offer(
                &mut buf,
                Kind::Ask,
                &subject,
                event,
                Some(t.id.value),
                &p.name,
                mail_address(p, &placeholders),
                None,
            );
        }
    }
}

/// A person's address, or the stand-in from `placeholders` without one.
fn mail_address<'a>(p: &'a Person, placeholders: &'a HashMap<&str, String>) -> &'a str {
    if has_address(p) {
        address_of(p)
    } else {
        placeholders
            .get(p.id.value.as_str())
            .map_or("", String::as_str)
    }
}

/// The middle of a change mail's key: `2026-12-08:1` for sequence 1.
fn change_subject(e: &Event) -> String {
    format!("{}:{}", e.id.value, e.sequence)
}

/// Mailable members (not unsubscribed, not bounced) with an address, in
/// file order, each address once.
pub(crate) fn members(g: &Group) -> impl Iterator<Item = (&str, &str)> + '_ {
    let mut seen = HashSet::with_capacity(g.members.len());
    g.members
        .iter()
        .filter(|m| m.is_mailable() && !m.email.value.trim().is_empty())
        .filter(move |m| {
            // Borrow addresses already in lower case (nearly all): no copy each.
            let a = m.email.value.trim();
            let a: std::borrow::Cow<str> = if a.bytes().any(|b| b.is_ascii_uppercase()) {
                a.to_ascii_lowercase().into()
            } else {
                a.into()
            };
            seen.insert(a)
        })
        .map(|m| (m.name.as_str(), m.email.value.trim()))
}

/// The venue's contact, then each sponsor's contact, each once (by
/// address; those without one are kept, to be reported, not mailed).
pub fn thanks_recipients<'g>(g: &'g Group, e: &Event) -> Vec<&'g Person> {
    let venue_contact = e
        .venue
        .as_ref()
        .and_then(|v| g.venue(v))
        .and_then(|v| v.contact.as_ref());
    let sponsor_contacts = e
        .sponsors
        .iter()
        .filter_map(|s| g.sponsor(s))
        .filter_map(|s| s.contact.as_ref());
    let mut seen = HashSet::new();
    venue_contact
        .into_iter()
        .chain(sponsor_contacts)
        .filter_map(|id| g.person(id))
        .filter(|p| seen.insert(identity(p)))
        .collect()
}

/// The owner to nudge (with an address or not): for an open task with a
/// due date, unless the task was for an event that is over (held or
/// cancelled) and due on or before its day: name tags for a meetup that has
/// happened are moot. A task due after the event (the recap) still nudges.
pub(crate) fn nudged<'g>(g: &'g Group, t: &Task) -> Option<&'g Person> {
    let due = t.due?;
    if t.status != TaskStatus::Open {
        return None;
    }
    let moot = event_of(g, t).is_some_and(|e| {
        matches!(e.status, EventStatus::Held | EventStatus::Cancelled) && due <= e.start.date()
    });
    if moot {
        return None;
    }
    owner(g, t)
}

/// The event a task belongs to, if the file has it.
fn event_of<'g>(g: &'g Group, t: &Task) -> Option<&'g Event> {
    t.event.as_ref().and_then(|id| g.event(&id.value))
}

fn owner<'g>(g: &'g Group, t: &Task) -> Option<&'g Person> {
    t.owner.as_ref().and_then(|o| g.person(o))
}

/// For an asked task: the person asked (with an address or not) and the day they
/// were asked; none once the task's event has started (or is held or
/// cancelled): nobody is asked to help with a meetup that is over.
pub(crate) fn ask<'g>(
    g: &'g Group,
    t: &Task,
    now: NaiveDateTime,
) -> Option<(&'g Person, Option<NaiveDate>)> {
    if t.status != TaskStatus::Asked {
        return None;
    }
    if event_of(g, t).is_some_and(|e| {
        matches!(e.status, EventStatus::Held | EventStatus::Cancelled) || now >= e.start
    }) {
        return None;
    }
    let p = t.asked.as_ref().and_then(|a| g.person(a))?;
    Some((p, t.asked_on))
}

/// The date part of an ask's key: `asked_on`, or `undated` when the file has none.
fn ask_date(on: Option<NaiveDate>) -> String {
    on.map_or_else(|| "undated".to_string(), |d| d.to_string())
}
