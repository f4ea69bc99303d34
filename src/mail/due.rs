//! What mail is due (pure): from the model, "now" (local to the group) and
//! the sent log, every message that should go out now, each with its log key.
//!
//! Windows, by kind (dates are the group's local dates):
//! - announce: to subscribed members, from `start − reminders.announce` until
//!   the event starts; only for a live event (planned, confirmed, announced)
//!   that has a venue.
//! - remind: the same members and conditions, from `start − reminders.remind`.
//! - cancel: for a cancelled event, until its start, to each subscribed member
//!   whose announcement (or reminder) the sent log holds: who never heard of
//!   the event hears nothing of its cancellation.
//! - thanks: to the venue's contact and each sponsor's contact (one message a
//!   person), from `start + reminders.thanks` for 14 days, once the event is
//!   over (held, or past and not cancelled).
//! - nudge: to an open task's owner, one round at `due − nudge`, then one
//!   every `nudge` days while overdue (`due + nudge`, `due + 2·nudge`, ...);
//!   only the current round is due, so a missed round is not sent late once
//!   the next has begun.
//! - ask: the personal message for a task in status `asked`, to the asked
//!   person, from `asked_on`.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::mail::{Due, Kind, Recipient};
use crate::model::{Event, EventStatus, Group, Person, Task, TaskStatus};

/// How long after `start + thanks` a thank-you still makes sense.
pub const THANKS_WINDOW_DAYS: i64 = 14;

/// A send date coming up, for `ug status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub kind: Kind,
    pub event: Option<String>,
    pub task: Option<i64>,
    pub date: NaiveDate,
    pub recipients: usize,
}

/// The sent-log key of a message: `kind:subject:address` (address lowercased).
pub fn key(kind: Kind, subject: &str, address: &str) -> String {
    let mut key = String::new();
    key_into(&mut key, kind, subject, address);
    key
}

/// `key`, written into `buf` (reused: a large group makes tens of thousands).
fn key_into(buf: &mut String, kind: Kind, subject: &str, address: &str) {
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

/// Every message due at `now` (local to the group) that `sent(key)` says has
/// not gone out, in file order: events (announce, remind, cancel, thanks),
/// then tasks (nudge, ask). Pure.
pub fn due(g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool) -> Vec<Due> {
    let mut out = Vec::new();
    each_due(g, now, sent, &mut |m| {
        out.push(Due {
            kind: m.kind,
            event: m.event.map(str::to_string),
            task: m.task,
            key: m.key.to_string(),
            to: Recipient {
                name: m.name.to_string(),
                address: m.address.to_string(),
            },
        })
    });
    out
}

/// How many messages of each kind `due` would return, without building them
/// (`ug status` on a group of thousands).
pub fn count(g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool) -> Vec<(Kind, usize)> {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    each_due(
        g,
        now,
        sent,
        &mut |m| match counts.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.kind, 1)),
        },
    );
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
}

/// The rules of what is due, shared by `due` and `count`. Keys are built in
/// one reused buffer. No key can come twice: event and task ids are unique,
/// and `members`/`thanks_recipients` drop repeated addresses.
fn each_due(
    g: &Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(Found),
) {
    let today = now.date();
    let mut buf = String::new();
    let mut other = String::new();
    // The member list, deduplicated once and only if some event needs it.
    let mut list: Option<Vec<(&str, &str)>> = None;
    let mut offer =
        |buf: &mut String, kind, subject: &str, event, task, name: &str, address: &str| {
            key_into(buf, kind, subject, address);
            if !sent(buf) {
                emit(Found {
                    kind,
                    key: buf,
                    event,
                    task,
                    name,
                    address,
                });
            }
        };
    for e in &g.events {
        let id = e.id.value.as_str();
        for kind in [Kind::Announce, Kind::Remind] {
            if member_window(g, e, kind).is_some_and(|from| today >= from) && now < e.start {
                for &(name, address) in list.get_or_insert_with(|| members(g).collect()).iter() {
                    offer(&mut buf, kind, id, Some(id), None, name, address);
                }
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
                    offer(&mut buf, Kind::Cancel, id, Some(id), None, name, address);
                }
            }
        }
        if let Some(from) = thanks_from(g, e)
            && today >= from
            && today < from + Duration::days(THANKS_WINDOW_DAYS)
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
                    address_of(p),
                );
            }
        }
    }
    for t in &g.tasks {
        let event = t.event.as_ref().map(|e| e.value.as_str());
        if let Some((round, p)) = nudge_round(g, t, today) {
            let subject = format!("{}:{round}", t.id.value);
            offer(
                &mut buf,
                Kind::Nudge,
                &subject,
                event,
                Some(t.id.value),
                &p.name,
                address_of(p),
            );
        }
        if let Some((p, on)) = ask(g, t)
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
                address_of(p),
            );
        }
    }
}

/// The next send dates after today and within `days` days, soonest first
/// (file order within a day), with how many people each goes to.
pub fn upcoming(g: &Group, now: NaiveDateTime, days: i64) -> Vec<Upcoming> {
    let today = now.date();
    let horizon = today + Duration::days(days.max(0));
    let in_range = |d: NaiveDate| d > today && d <= horizon;
    let member_count = members(g).count();
    let mut out = Vec::new();
    for e in &g.events {
        let event = Some(e.id.value.clone());
        for kind in [Kind::Announce, Kind::Remind] {
            if let Some(date) = member_window(g, e, kind)
                && in_range(date)
                && date.and_time(chrono::NaiveTime::MIN) < e.start
            {
                out.push(Upcoming {
                    kind,
                    event: event.clone(),
                    task: None,
                    date,
                    recipients: member_count,
                });
            }
        }
        if let Some(date) = thanks_from(g, e)
            && in_range(date)
        {
            out.push(Upcoming {
                kind: Kind::Thanks,
                event: event.clone(),
                task: None,
                date,
                recipients: thanks_recipients(g, e).len(),
            });
        }
    }
    for t in &g.tasks {
        if let Some(date) = nudge_rounds(g, t).find(|d| in_range(*d)) {
            out.push(Upcoming {
                kind: Kind::Nudge,
                event: None,
                task: Some(t.id.value),
                date,
                recipients: 1,
            });
        }
        if let Some((_, Some(date))) = ask(g, t)
            && in_range(date)
        {
            out.push(Upcoming {
                kind: Kind::Ask,
                event: None,
                task: Some(t.id.value),
                date,
                recipients: 1,
            });
        }
    }
    out.sort_by_key(|u| u.date);
    out
}

/// The first day an announcement or reminder may go out, if the event gets one.
fn member_window(g: &Group, e: &Event, kind: Kind) -> Option<NaiveDate> {
    if !e.status.is_live() || e.venue.is_none() {
        return None;
    }
    let before = match kind {
        Kind::Announce => g.reminders.announce,
        _ => g.reminders.remind,
    };
    Some(e.start.date() - before.as_chrono())
}

/// The first day of the thank-you window, for an event that is not cancelled.
fn thanks_from(g: &Group, e: &Event) -> Option<NaiveDate> {
    (e.status != EventStatus::Cancelled).then(|| e.start.date() + g.reminders.thanks.as_chrono())
}

/// Subscribed members with an address, in file order, each address once.
fn members(g: &Group) -> impl Iterator<Item = (&str, &str)> + '_ {
    let mut seen = HashSet::with_capacity(g.members.len());
    g.members
        .iter()
        .filter(|m| !m.unsubscribed && !m.email.value.trim().is_empty())
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

/// The venue's contact, then each sponsor's contact: people with an address, each once.
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
        .filter(|p| p.email.as_deref().is_some_and(|a| !a.trim().is_empty()))
        .filter(|p| seen.insert(p.email.as_deref().unwrap_or("").to_ascii_lowercase()))
        .collect()
}

/// Every nudge round of an open task with a due date and an owner who has an
/// address: `due − nudge`, then `due + k·nudge` for k ≥ 1 (every day when
/// `nudge` is 0d). Empty for any other task.
fn nudge_rounds<'a>(g: &Group, t: &'a Task) -> impl Iterator<Item = NaiveDate> + 'a {
    let every = i64::from(g.reminders.nudge.0);
    let first = (t.status == TaskStatus::Open && owner(g, t).is_some())
        .then_some(t.due)
        .flatten()
        .map(|due| (due, due - Duration::days(every)));
    first.into_iter().flat_map(move |(due, first)| {
        let step = every.max(1);
        std::iter::once(first).chain((1..).map(move |k| due + Duration::days(k * step)))
    })
}

/// The current nudge round (the latest one on or before today) and its recipient.
fn nudge_round<'g>(g: &'g Group, t: &Task, today: NaiveDate) -> Option<(NaiveDate, &'g Person)> {
    let round = nudge_rounds(g, t).take_while(|d| *d <= today).last()?;
    Some((round, owner(g, t)?))
}

fn owner<'g>(g: &'g Group, t: &Task) -> Option<&'g Person> {
    t.owner
        .as_ref()
        .and_then(|o| g.person(o))
        .filter(|p| p.email.as_deref().is_some_and(|a| !a.trim().is_empty()))
}

/// For an asked task: the person asked (with an address) and the day they were asked.
fn ask<'g>(g: &'g Group, t: &Task) -> Option<(&'g Person, Option<NaiveDate>)> {
    if t.status != TaskStatus::Asked {
        return None;
    }
    let p = t
        .asked
        .as_ref()
        .and_then(|a| g.person(a))
        .filter(|p| p.email.as_deref().is_some_and(|a| !a.trim().is_empty()))?;
    Some((p, t.asked_on))
}

/// The date part of an ask's key: `asked_on`, or `undated` when the file has none.
fn ask_date(on: Option<NaiveDate>) -> String {
    on.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn address_of(p: &Person) -> &str {
    p.email.as_deref().unwrap_or("").trim()
}
