//! What a template sees: the group, the recipient, the event or the task,
//! as plain values; and each kind's subject line. Pure.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::agenda;
use crate::mail::{Due, Kind};
use crate::model::{Event, Group, Person, Task};

#[derive(Debug, Serialize)]
pub struct Context {
    pub kind: &'static str,
    pub subject: String,
    pub group: GroupCtx,
    pub to: ToCtx,
    /// Who signs list messages: the From name, else the group's name.
    pub sender: String,
    /// Who signs personal messages (nudge, ask, thanks): the first organizer,
    /// else the From name, else the group's name.
    pub organizer: String,
    pub event: Option<EventCtx>,
    pub task: Option<TaskCtx>,
    /// For thanks: "hosting us at Acme Corp", "the pizza (Pizza Co)".
    pub thanks_for: Vec<String>,
    pub unsubscribe: Unsubscribe,
}

#[derive(Debug, Serialize)]
pub struct GroupCtx {
    pub name: String,
    pub city: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ToCtx {
    pub name: String,
    pub address: String,
}

#[derive(Debug, Serialize)]
pub struct EventCtx {
    pub id: String,
    pub title: String,
    /// "Tue Dec 8"
    pub date: String,
    /// "Tuesday, December 8, 2026"
    pub long_date: String,
    /// "18:30"
    pub start: String,
    pub end: String,
    /// "tomorrow", "today", "in 5 days" (from the message's date)
    pub when: String,
    pub days_to_go: i64,
    pub venue: Option<VenueCtx>,
    /// "Pizza Co (pizza and soft drinks)"
    pub sponsors: Vec<String>,
    pub agenda: Vec<SlotCtx>,
    pub status: &'static str,
    pub attendance: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct VenueCtx {
    pub name: String,
    pub address: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SlotCtx {
    pub start: String,
    pub end: String,
    pub minutes: u32,
    pub kind: Option<String>,
    pub title: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TaskCtx {
    pub id: i64,
    pub title: String,
    /// "Tue Nov 17"
    pub due: Option<String>,
    /// "Tuesday, November 17"
    pub due_long: Option<String>,
    pub overdue: bool,
    pub days_overdue: i64,
    pub notes: Option<String>,
    pub event_title: Option<String>,
    pub owner: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Unsubscribe {
    /// `mailto:organizers@example.org?subject=unsubscribe`
    pub mailto: String,
    pub url: Option<String>,
}

pub fn short_date(d: NaiveDate) -> String {
    d.format("%a %b %-d").to_string()
}

fn long_date(d: NaiveDate) -> String {
    d.format("%A, %B %-d, %Y").to_string()
}

pub fn event_ctx(g: &Group, e: &Event, today: NaiveDate) -> EventCtx {
    let view = agenda::build(g, e);
    let days = (e.start.date() - today).num_days();
    EventCtx {
        id: e.id.value.clone(),
        title: e.title.clone(),
        date: short_date(e.start.date()),
        long_date: long_date(e.start.date()),
        start: hhmm(view.start),
        end: hhmm(view.end),
        when: match days {
            0 => "today".into(),
            1 => "tomorrow".into(),
            n if n < 0 => format!("{} days ago", -n),
            n => format!("in {n} days"),
        },
        days_to_go: days,
        venue: e.venue.as_ref().map(|id| match g.venue(id) {
            Some(v) => VenueCtx {
                name: v.name.clone(),
                address: v.address.clone(),
            },
            None => VenueCtx {
                name: id.value.clone(),
                address: None,
            },
        }),
        sponsors: e
            .sponsors
            .iter()
            .map(|s| match g.sponsor(s) {
                Some(s) => match &s.provides {
                    Some(p) => format!("{} ({p})", s.name),
                    None => s.name.clone(),
                },
                None => s.value.clone(),
            })
            .collect(),
        agenda: view
            .items
            .iter()
            .map(|s| SlotCtx {
                start: hhmm(s.start),
                end: hhmm(s.end),
                minutes: s.minutes,
                kind: s.kind.clone(),
                title: s.title.clone(),
                speaker: s.speaker_name.clone(),
            })
            .collect(),
        status: e.status.as_str(),
        attendance: e.attendance,
    }
}

pub fn task_ctx(g: &Group, t: &Task, today: NaiveDate) -> TaskCtx {
    let overdue = t.due.is_some_and(|d| d < today);
    TaskCtx {
        id: t.id.value,
        title: t.title.clone(),
        due: t.due.map(short_date),
        due_long: t.due.map(|d| d.format("%A, %B %-d").to_string()),
        overdue,
        days_overdue: t.due.map_or(0, |d| (today - d).num_days().max(0)),
        notes: t.notes.clone(),
        event_title: t.event.as_ref().map(|id| {
            g.event(id)
                .map_or_else(|| id.value.clone(), |e| e.title.clone())
        }),
        owner: t.owner.as_ref().map(|o| {
            g.person(o)
                .map_or_else(|| o.value.clone(), |p| p.name.clone())
        }),
    }
}

/// What a contact is thanked for: the venue they look after, the sponsors they speak for.
pub fn thanks_for(g: &Group, e: &Event, address: &str) -> Vec<String> {
    let is = |p: Option<&Person>| {
        p.and_then(|p| p.email.as_deref())
            .is_some_and(|a| a.trim().eq_ignore_ascii_case(address))
    };
    let mut out = Vec::new();
    if let Some(v) = e.venue.as_ref().and_then(|v| g.venue(v))
        && is(v.contact.as_ref().and_then(|c| g.person(c)))
    {
        out.push(format!("hosting us at {}", v.name));
    }
    for s in e.sponsors.iter().filter_map(|s| g.sponsor(s)) {
        if is(s.contact.as_ref().and_then(|c| g.person(c))) {
            out.push(match &s.provides {
                Some(p) => format!("the {p} from {}", s.name),
                None => format!("sponsoring us ({})", s.name),
            });
        }
    }
    if out.is_empty() {
        out.push("your help".into());
    }
    out
}

/// The subject line of a message: specific, so it reads well in a list of mails.
pub fn subject(g: &Group, due: &Due, event: Option<&EventCtx>, task: Option<&TaskCtx>) -> String {
    let at = |e: &EventCtx| match &e.venue {
        Some(v) => format!("{} at {}", e.title, v.name),
        None => e.title.clone(),
    };
    let s = match (due.kind, event, task) {
        (Kind::Announce, Some(e), _) => format!("{}: {}", e.date, at(e)),
        (Kind::Remind, Some(e), _) => match e.days_to_go {
            0 => format!("Today, {}: {}", e.start, at(e)),
            1 => format!("Tomorrow, {}: {}", e.start, at(e)),
            _ => format!("Reminder, {} {}: {}", e.date, e.start, at(e)),
        },
        (Kind::Cancel, Some(e), _) => format!("Cancelled: {}: {}", e.date, e.title),
        (Kind::Thanks, Some(e), _) => format!("Thank you! {} on {}", e.title, e.date),
        (Kind::Nudge, _, Some(t)) => match (&t.due, t.overdue) {
            (Some(d), true) => format!("Overdue since {d}: {}", t.title),
            (Some(d), false) => format!("Due {d}: {}", t.title),
            (None, _) => format!("Task: {}", t.title),
        },
        (Kind::Ask, _, Some(t)) => format!("Would you take this on? {}", t.title),
        _ => format!("{}: {}", g.group.name, due.kind.as_str()),
    };
    one_line(&s)
}

/// Text for a header: control characters (CR, LF, tabs, escapes) become
/// spaces, runs of spaces one.
pub fn one_line(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}
