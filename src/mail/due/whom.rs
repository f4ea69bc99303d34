//! Whom each kind of due mail goes to: the mailable members, the venue's
//! and sponsors' contacts for thank-yous, a task's owner to nudge, the
//! person asked for a task (`due` builds the messages from these).

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};

use crate::mail::address::{address_of, has_address, identity};
use crate::mail::key::To;
use crate::model::{Event, EventStatus, Group, Person, Task, TaskStatus};

/// Whom mail to a person goes to: their address, or, without one, them by id.
pub(crate) fn mail_to(p: &Person) -> To<&str> {
    if has_address(p) {
        To::Address(address_of(p))
    } else {
        To::Nobody(p.id.value.as_str())
    }
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
