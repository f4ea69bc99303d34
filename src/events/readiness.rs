//! How ready the next event is: venue confirmed, agenda filled, speakers,
//! sponsor, open and overdue tasks, and when its reminders go out (pure).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::timing::{MailKind, mail_dates};
use crate::agenda::{is_open_slot, is_talk};
use crate::model::{Event, EventStatus, Group};

#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub id: String,
    pub title: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub days_to_go: i64,
    pub status: EventStatus,
    pub format: Option<String>,
    pub venue: Option<VenueInfo>,
    pub venue_confirmed: bool,
    pub sponsors: Vec<String>,
    pub agenda_minutes: u32,
    pub duration_minutes: u32,
    /// Talk-like slots with no speaker yet.
    pub open_slots: usize,
    /// Accepted talks that could fill those slots (`ug talks schedule`).
    pub accepted_talks: usize,
    pub speakers: Vec<String>,
    pub open_tasks: usize,
    pub overdue_tasks: usize,
    pub reminders: Vec<ReminderDate>,
    /// What still needs doing, most urgent first; empty when ready.
    pub todo: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VenueInfo {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReminderDate {
    pub kind: MailKind,
    pub date: NaiveDate,
    pub when: When,
}

/// Where a reminder stands. Serialized (and printed) in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    /// In the sent log.
    Sent,
    /// The event has started: too late for it.
    Past,
    /// Today, or missed but still useful.
    Due,
    Upcoming,
}

impl When {
    pub fn as_str(self) -> &'static str {
        match self {
            When::Sent => "sent",
            When::Past => "past",
            When::Due => "due",
            When::Upcoming => "upcoming",
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Readiness {
    /// Marks the reminders that `sent(kind, event)` (the sent log, read by
    /// `mail`) says have gone out, to anyone: `ug status` must not call a
    /// sent announcement "due". An announced event's announcement is sent by
    /// definition.
    pub fn with_sent(mut self, sent: &dyn Fn(MailKind, &str) -> bool) -> Self {
        for r in &mut self.reminders {
            let announced = r.kind == MailKind::Announce && self.status == EventStatus::Announced;
            if announced || sent(r.kind, &self.id) {
                r.when = When::Sent;
            }
        }
        self
    }
}

/// The event's venue as readiness shows it.
fn venue_info(g: &Group, e: &Event) -> Option<VenueInfo> {
    e.venue.as_ref().map(|id| {
        let v = g.venue(id);
        VenueInfo {
            id: id.value.clone(),
            name: v.map_or_else(|| id.value.clone(), |v| v.name.clone()),
            address: v.and_then(|v| v.address.clone()),
            contact: v
                .and_then(|v| v.contact.as_ref())
                .and_then(|c| g.person(c))
                .map(|p| p.name.clone()),
        }
    })
}

/// Each speaker of a talk once, in agenda order, however many slots they take.
fn speakers(g: &Group, e: &Event) -> Vec<String> {
    let mut speakers: Vec<String> = Vec::new();
    for s in e
        .agenda
        .iter()
        .filter(|a| is_talk(a))
        .filter_map(|a| a.speaker.as_ref())
    {
        let name = g
            .person(s)
            .map_or_else(|| s.value.clone(), |p| p.name.clone());
        if !speakers.contains(&name) {
            speakers.push(name);
        }
    }
    speakers
}

/// When the event's mails fall, and where each stands at `now`.
fn reminder_dates(g: &Group, e: &Event, now: NaiveDateTime) -> Vec<ReminderDate> {
    let today = now.date();
    let dates = mail_dates(g, e);
    [
        (MailKind::Announce, dates.announce),
        (MailKind::Remind, dates.remind),
        (MailKind::Thanks, dates.thanks),
    ]
    .into_iter()
    .filter_map(|(kind, date)| Some((kind, date?)))
    .map(|(kind, date)| {
        let when = if kind == MailKind::Thanks {
            if date > today {
                When::Upcoming
            } else {
                When::Due
            }
        } else if e.start <= now {
            When::Past
        } else if date <= today {
            When::Due
        } else {
            When::Upcoming
        };
        ReminderDate { kind, date, when }
    })
    .collect()
}

/// What the venue still needs: one to be found, or confirmed (by the task
/// that confirms the event, when there is one).
fn venue_todo(g: &Group, e: &Event, venue: Option<&VenueInfo>, confirmed: bool) -> Option<String> {
    match venue {
        None => Some(format!(
            "find a venue: `ug events edit {} --venue VENUE`, then confirm it",
            e.id.value
        )),
        Some(v) if !confirmed => {
            let with = v.contact.as_deref().unwrap_or("the venue");
            // The open task that confirms the event, if there is one: finishing it is the way.
            let task = g.tasks.iter().find(|t| {
                t.status.is_open()
                    && crate::tasks::confirms_event(g, t).is_some_and(|x| x.id.value == e.id.value)
            });
            Some(match task {
                Some(t) => format!(
                    "confirm {} with {with}, then finish task {} (it confirms the event): `ug tasks done {}`",
                    v.name, t.id.value, t.id.value
                ),
                None => format!(
                    "confirm {} with {with}, then `ug events confirm {}`",
                    v.name, e.id.value
                ),
            })
        }
        _ => None,
    }
}

pub fn readiness(g: &Group, e: &Event, now: NaiveDateTime) -> Readiness {
    let today = now.date();
    let duration = e.duration.unwrap_or(g.duration());
    let venue = venue_info(g, e);
    let venue_confirmed =
        venue.is_some() && matches!(e.status, EventStatus::Confirmed | EventStatus::Announced);
    let open_slots = e.agenda.iter().filter(|a| is_open_slot(a)).count();
    let speakers = speakers(g, e);
    let agenda_minutes: u32 = e.agenda.iter().map(|a| a.minutes).sum();
    let tasks = super::open_tasks(g, &e.id.value);
    let open_tasks = tasks.clone().count();
    let overdue_tasks = tasks.filter(|t| t.due.is_some_and(|d| d < today)).count();
    let reminders = reminder_dates(g, e, now);

    let mut todo = Vec::new();
    if overdue_tasks > 0 {
        todo.push(format!(
            "{overdue_tasks} overdue task{}: `ug tasks --event {}`",
            if overdue_tasks == 1 { "" } else { "s" },
            e.id.value
        ));
    }
    todo.extend(venue_todo(g, e, venue.as_ref(), venue_confirmed));
    let (_, waiting) = crate::talks::waiting_for(g, e);
    let accepted_talks = waiting.len();
    match waiting.first() {
        Some(t) if open_slots > 0 => todo.push(format!(
            "{}, {} waiting: `ug talks schedule {} {}`",
            crate::words::plural(open_slots as i64, "open slot"),
            crate::words::plural(accepted_talks as i64, "accepted talk"),
            t.id.value,
            e.id.value
        )),
        _ if open_slots > 0 => todo.push(format!(
            "{open_slots} open speaker slot{}: ask someone directly (`ug talks ask PERSON --event {}`)",
            if open_slots == 1 { "" } else { "s" },
            e.id.value
        )),
        _ => {}
    }
    if agenda_minutes < duration.0 {
        todo.push(format!(
            "agenda has {} free of {duration}",
            crate::words::plural(duration.0 - agenda_minutes, "minute")
        ));
    } else if agenda_minutes > duration.0 {
        todo.push(format!(
            "agenda overruns the {duration} event by {}",
            crate::words::plural(agenda_minutes - duration.0, "minute")
        ));
    }
    if e.sponsors.is_empty() && !g.sponsors.is_empty() {
        todo.push("no sponsor yet: ask one for food or drinks".into());
    }

    Readiness {
        id: e.id.value.clone(),
        title: e.title.clone(),
        start: e.start,
        end: e.end(g.duration()),
        days_to_go: (e.start.date() - today).num_days(),
        status: e.status,
        format: e.format.clone(),
        venue,
        venue_confirmed,
        sponsors: e
            .sponsors
            .iter()
            .map(|s| {
                g.sponsor(s)
                    .map_or_else(|| s.value.clone(), |s| s.name.clone())
            })
            .collect(),
        agenda_minutes,
        duration_minutes: duration.0,
        open_slots,
        accepted_talks,
        speakers,
        open_tasks,
        overdue_tasks,
        reminders,
        todo,
    }
}
