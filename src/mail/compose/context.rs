//! What a template sees: the group, the recipient, the event or the task,
//! as plain values (each kind's subject line is in `subjects`). Pure.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::agenda;
use crate::mail::blocked::Blocked;
use crate::mail::{Due, Kind};
use crate::model::{AgendaItem, Event, Group, Person, Task};

/// What replaces the open slots of an agenda in a member's mail.
pub const MORE_TALKS: &str = "More talks to be announced.";

/// The call for talks in a member's mail about an event with open slots
/// (SPEC §9): a reply in these words is read by `ug inbox` as a proposal.
pub const CALL_FOR_TALKS: &str = "Want to speak? Reply with the title and the kind (talk, lightning talk\nor tutorial), as in \"I'd like to give a lightning talk on ...\"";

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
    /// A nudge's tasks: every task due or overdue for the person (`task` is the first).
    pub tasks: Vec<TaskCtx>,
    /// For thanks: "hosting us at Acme Corp", "the pizza (Pizza Co)".
    pub thanks_for: Vec<String>,
    /// For thanks: every event thanked for in this mail (`event` is the first).
    pub thanks: Vec<ThanksCtx>,
    /// For blocked: why the announcement waits, and what unblocks it.
    pub blocked: Option<Blocked>,
    /// For mail about an event: the RSVP links and the recipient's answer.
    pub rsvp: Option<super::rsvp::RsvpCtx>,
    /// For a reply to a message `ug inbox` handled (closed: why).
    pub reply: Option<crate::mail::ReplyTo>,
    /// For talk-ask and talk-thanks: the talk.
    pub talk: Option<crate::mail::talks::TalkCtx>,
    /// For the organizers' digest: what waits for a person.
    pub items: Vec<crate::mail::digest::Item>,
    pub unsubscribe: Unsubscribe,
}

#[derive(Debug, Serialize)]
pub struct ThanksCtx {
    pub title: String,
    /// "Tue Dec 8"
    pub date: String,
    pub long_date: String,
    pub attendance: Option<u32>,
    pub thanks_for: Vec<String>,
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
    /// The first word of the name ("Marta"), or "there" without a name.
    pub first_name: String,
    pub address: String,
    /// An organizer or co-organizer (who has ug): told the command, not
    /// asked to reply.
    pub organizer: bool,
}

/// "Marta Diaz" -> "Marta", "Smith, John" -> "John" (`words::first_name`);
/// no name -> "there" ("Hi there,").
pub fn first_name(name: &str) -> String {
    crate::words::first_name(&one_line(name))
        .unwrap_or("there")
        .to_string()
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
    /// "Food and drinks: pizza and soft drinks, thanks to Pizza Co."
    pub sponsor_line: Option<String>,
    /// The agenda without its open slots (members never see those).
    pub agenda: Vec<SlotCtx>,
    /// True when open slots were left out: say "More talks to be announced."
    pub more_talks: bool,
    /// "More talks to be announced." when `more_talks`, else empty.
    pub more_talks_line: String,
    /// [`CALL_FOR_TALKS`] when `more_talks` (slots are open), else empty.
    pub call_for_talks: String,
    /// The iCalendar SEQUENCE: how many times the date, time or venue changed.
    pub sequence: u32,
    /// Since the members were last told: "moved from Acme Corp to ...".
    pub changes: Vec<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct TaskCtx {
    pub id: i64,
    pub title: String,
    /// "Tue Nov 17"
    pub due: Option<String>,
    /// "Tuesday, November 17"
    pub due_long: Option<String>,
    pub overdue: bool,
    pub days_overdue: i64,
    /// "due Tuesday, November 17", "due today", "3 days overdue (due Tuesday, ...)".
    pub when: String,
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

/// An agenda slot the planner left for someone to fill: "Talk 1 (open slot)"
/// with no speaker.
pub fn is_open_slot(item: &AgendaItem) -> bool {
    item.speaker.is_none() && item.title.to_ascii_lowercase().contains("(open slot)")
}

/// "Food and drinks: pizza and soft drinks, thanks to Pizza Co." (and a
/// "Thanks to ..." for sponsors that say nothing of what they provide).
pub fn sponsor_line(g: &Group, e: &Event) -> Option<String> {
    let mut provided = Vec::new();
    let mut others = Vec::new();
    for id in &e.sponsors {
        match g.sponsor(id) {
            Some(s) => match s
                .provides
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                Some(p) => provided.push(format!("{p}, thanks to {}", s.name)),
                None => others.push(s.name.clone()),
            },
            None => others.push(id.value.clone()),
        }
    }
    let mut parts = Vec::new();
    if !provided.is_empty() {
        parts.push(format!("Food and drinks: {}.", provided.join("; ")));
    }
    if !others.is_empty() {
        parts.push(format!(
            "Thanks to {} for their support.",
            and_list(&others)
        ));
    }
    (!parts.is_empty()).then(|| one_line(&parts.join(" ")))
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub fn event_ctx(g: &Group, e: &Event, today: NaiveDate) -> EventCtx {
    let view = agenda::build(g, e);
    let days = (e.start.date() - today).num_days();
    let open: Vec<bool> = e.agenda.iter().map(is_open_slot).collect();
    let more_talks = open.iter().any(|o| *o);
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
            -1 => "yesterday".into(),
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
        sponsor_line: sponsor_line(g, e),
        agenda: view
            .items
            .iter()
            .zip(&open)
            .filter(|(_, open)| !**open)
            .map(|(s, _)| SlotCtx {
                start: hhmm(s.start),
                end: hhmm(s.end),
                minutes: s.minutes,
                kind: s.kind.map(|k| k.to_string()),
                title: s.title.clone(),
                speaker: s.speaker_name.clone(),
            })
            .collect(),
        more_talks,
        more_talks_line: if more_talks {
            MORE_TALKS.to_string()
        } else {
            String::new()
        },
        call_for_talks: if more_talks {
            CALL_FOR_TALKS.to_string()
        } else {
            String::new()
        },
        sequence: e.sequence,
        changes: super::change::changes(g, e),
        status: e.status.as_str(),
        attendance: e.attendance,
    }
}

pub fn task_ctx(g: &Group, t: &Task, today: NaiveDate) -> TaskCtx {
    let overdue = t.due.is_some_and(|d| d < today);
    let days_overdue = t.due.map_or(0, |d| (today - d).num_days().max(0));
    let when = match t.due {
        None => "no due date".to_string(),
        Some(d) if d == today => "due today".to_string(),
        Some(d) if d > today => format!("due {}", d.format("%A, %B %-d")),
        Some(d) => format!(
            "{days_overdue} day{} overdue (it was due {})",
            if days_overdue == 1 { "" } else { "s" },
            d.format("%A, %B %-d")
        ),
    };
    TaskCtx {
        id: t.id.value,
        title: t.title.clone(),
        due: t.due.map(short_date),
        due_long: t.due.map(|d| d.format("%A, %B %-d").to_string()),
        overdue,
        days_overdue,
        when,
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

/// What a mail is about besides its event.
pub(super) struct About {
    /// A nudge's tasks (every task of the digest; the others have one at most).
    pub tasks: Vec<TaskCtx>,
    /// A thank-you's events.
    pub thanks: Vec<ThanksCtx>,
    /// A talk mail's talk (its `task` is the talk's id).
    pub talk: Option<crate::mail::talks::TalkCtx>,
}

pub(super) fn about(g: &Group, due: &Due, today: NaiveDate) -> crate::error::Result<About> {
    let mut out = About {
        tasks: Vec::new(),
        thanks: Vec::new(),
        talk: None,
    };
    if matches!(due.kind, Kind::TalkAsk | Kind::SpeakerThanks) {
        let t = due.task.and_then(|id| crate::talks::talk(g, id));
        let t = t.ok_or_else(|| super::unknown(due, "talk"))?;
        out.talk = Some(crate::mail::talks::talk_ctx(g, t));
        return Ok(out);
    }
    for id in std::iter::once(due.task)
        .chain(due.more.iter().map(|p| p.task))
        .flatten()
    {
        let t = g.task(id).ok_or_else(|| super::unknown(due, "task"))?;
        out.tasks.push(task_ctx(g, t, today));
    }
    if due.kind == Kind::Thanks {
        for id in std::iter::once(&due.event).chain(due.more.iter().map(|p| &p.event)) {
            if let Some(e) = id.as_deref().and_then(|id| g.event(id)) {
                out.thanks.push(thanks_ctx(g, e, &due.to.address));
            }
        }
    }
    Ok(out)
}

/// One event a contact is thanked for.
pub fn thanks_ctx(g: &Group, e: &Event, address: &str) -> ThanksCtx {
    ThanksCtx {
        title: e.title.clone(),
        date: short_date(e.start.date()),
        long_date: long_date(e.start.date()),
        attendance: e.attendance,
        thanks_for: thanks_for(g, e, address),
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
