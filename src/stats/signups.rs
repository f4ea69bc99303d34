//! Sign-ups, once events have RSVPs: how many answered, how many of the
//! "yes" people came (attended / yes, over events checked in at the door),
//! the waitlist, and the share of first-timers.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::round1;
use crate::model::{Event, EventStatus, Group, RsvpStatus};

#[derive(Debug, Serialize)]
pub struct Signups {
    /// Events with RSVPs (answers that arrived by today), oldest first.
    pub events: Vec<EventSignups>,
    pub rsvps: usize,
    pub yes: usize,
    /// attended / yes in percent, over `show_up_over_events` held events
    /// where someone was checked in (`ug rsvps checkin`).
    pub show_up_percent: Option<f64>,
    pub show_up_over_events: usize,
    /// The next event's waitlist: how many wait now.
    pub waitlist_now: Option<usize>,
    /// "yes" answers from an address never seen saying yes before, in percent
    /// of all "yes" answers (every answer to the first event counts as new).
    pub first_timer_percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct EventSignups {
    pub id: String,
    pub date: NaiveDate,
    pub held: bool,
    pub yes: usize,
    pub guests: u32,
    pub waitlist: usize,
    pub no: usize,
    /// "yes" people checked in at the door; `None` when nobody was (not held, or not recorded).
    pub attended: Option<usize>,
    pub first_timers: usize,
}

pub(super) fn signups(g: &Group, now: NaiveDateTime) -> Option<Signups> {
    let today = now.date();
    let mut with: Vec<&Event> = g
        .events
        .iter()
        .filter(|e| e.rsvps.iter().any(|r| r.at.date() <= today))
        .collect();
    if with.is_empty() {
        return None;
    }
    with.sort_by_key(|e| e.start);
    let mut seen = BTreeSet::new();
    let events: Vec<EventSignups> = with
        .iter()
        .map(|e| event_signups(e, today, &mut seen))
        .collect();
    let checked: Vec<&EventSignups> = events.iter().filter(|e| e.attended.is_some()).collect();
    let yes_checked: usize = checked.iter().map(|e| e.yes).sum();
    let came: usize = checked.iter().filter_map(|e| e.attended).sum();
    let yes: usize = events.iter().map(|e| e.yes).sum();
    let first: usize = events.iter().map(|e| e.first_timers).sum();
    let next = crate::events::next_event(g, now);
    Some(Signups {
        rsvps: events.iter().map(|e| e.yes + e.waitlist + e.no).sum(),
        yes,
        show_up_percent: percent(came, yes_checked),
        show_up_over_events: checked.len(),
        waitlist_now: next
            .and_then(|n| events.iter().find(|e| e.id == n.id.value))
            .map(|e| e.waitlist),
        first_timer_percent: percent(first, yes),
        events,
    })
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round1(100.0 * part as f64 / whole as f64))
}

fn event_signups(e: &Event, today: NaiveDate, seen: &mut BTreeSet<String>) -> EventSignups {
    let rsvps: Vec<_> = e.rsvps.iter().filter(|r| r.at.date() <= today).collect();
    let count = |s: RsvpStatus| rsvps.iter().filter(|r| r.status == s).count();
    let yes: Vec<_> = rsvps
        .iter()
        .filter(|r| r.status == RsvpStatus::Yes)
        .collect();
    let held = e.status == EventStatus::Held && e.start.date() <= today;
    let attended = yes.iter().filter(|r| r.attended).count();
    let first_timers = yes
        .iter()
        .filter(|r| seen.insert(r.email.trim().to_lowercase()))
        .count();
    EventSignups {
        id: e.id.value.clone(),
        date: e.start.date(),
        held,
        yes: yes.len(),
        guests: yes.iter().map(|r| r.guests).sum(),
        waitlist: count(RsvpStatus::Waitlist),
        no: count(RsvpStatus::No),
        attended: (held && attended > 0).then_some(attended),
        first_timers,
    }
}
