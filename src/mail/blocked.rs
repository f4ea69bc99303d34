//! Why an event's announcement cannot go out yet (pure): the event is not
//! confirmed, or has no venue; which task would confirm it, who owns it, and
//! the command that unblocks it. `ug status` shows it; `ug remind` mails it
//! once to the organizers while the announcement is due.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use crate::model::{Event, EventStatus, Group, Person, TaskStatus};

/// An announcement held up: the event, why, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub event: String,
    pub title: String,
    /// "it has no venue", "the venue (Acme Corp) is not confirmed".
    pub reason: String,
    /// Open tasks whose completion confirms the event.
    pub tasks: Vec<BlockingTask>,
    /// The command that unblocks it when no task does.
    pub command: String,
}

/// A task that confirms the venue when done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockingTask {
    pub id: i64,
    pub title: String,
    /// The owner's name (the id when unknown).
    pub owner: Option<String>,
}

impl Blocked {
    /// "the venue (Acme Corp) is not confirmed: finish task 12 “Confirm ...”
    /// (Alex Kim), or run `ug events confirm 2026-12-08`".
    pub fn what_to_do(&self) -> String {
        let mut s = self.reason.clone();
        let tasks: Vec<String> = self
            .tasks
            .iter()
            .map(|t| match &t.owner {
                Some(o) => format!("task {} \u{201c}{}\u{201d} ({o})", t.id, t.title),
                None => format!("task {} \u{201c}{}\u{201d}", t.id, t.title),
            })
            .collect();
        if tasks.is_empty() {
            s.push_str(&format!(": run `{}`", self.command));
        } else {
            s.push_str(&format!(
                ": finish {} (`ug tasks done {}`), or run `{}`",
                tasks.join(" or "),
                self.tasks[0].id,
                self.command
            ));
        }
        s
    }

    /// One line for `ug status`.
    pub fn line(&self) -> String {
        format!(
            "the announcement of {} ({}) is waiting: {}",
            self.event,
            crate::mail::compose::one_line(&self.title),
            self.what_to_do()
        )
    }
}

/// Why `e`'s announcement cannot go out, for an event that is still to be
/// announced: planned (not confirmed), or confirmed without a venue. `None`
/// for any other event (confirmed with a venue, announced, held, cancelled).
pub fn announcement_blocked(g: &Group, e: &Event) -> Option<Blocked> {
    let id = e.id.value.clone();
    let (reason, command) = match (e.status, &e.venue) {
        (EventStatus::Planned | EventStatus::Confirmed, None) if g.venues.is_empty() => (
            "it has no venue, and the file lists none yet".to_string(),
            format!(
                "add a [[venues]] entry to the group file, then ug events edit {id} --venue VENUE"
            ),
        ),
        (EventStatus::Planned | EventStatus::Confirmed, None) => (
            "it has no venue".to_string(),
            format!("ug events edit {id} --venue VENUE"),
        ),
        (EventStatus::Planned, Some(v)) => {
            let name = g.venue(v).map_or(v.value.as_str(), |v| v.name.as_str());
            (
                format!("the venue ({name}) is not confirmed"),
                format!("ug events confirm {id}"),
            )
        }
        _ => return None,
    };
    let tasks = if e.venue.is_some() {
        g.tasks
            .iter()
            .filter(|t| t.status.is_open())
            .filter(|t| crate::tasks::confirms_event(g, t).is_some_and(|ev| ev.id.value == *id))
            .map(|t| {
                let who = if t.status == TaskStatus::Asked {
                    t.asked.as_ref().or(t.owner.as_ref())
                } else {
                    t.owner.as_ref()
                };
                BlockingTask {
                    id: t.id.value,
                    title: t.title.clone(),
                    owner: who.map(|o| g.person(o).map_or(o.value.clone(), |p| p.name.clone())),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Blocked {
        event: id,
        title: e.title.clone(),
        reason,
        tasks,
        command,
    })
}

/// The announcements that are due now (their window opened and the event has
/// not started) but held up, in file order.
pub fn blocked_announcements(g: &Group, now: NaiveDateTime) -> Vec<Blocked> {
    let before: Duration = g.reminders.announce.as_chrono();
    g.events
        .iter()
        .filter(|e| now < e.start)
        .filter(|e| {
            e.start
                .date()
                .checked_sub_signed(before)
                .is_some_and(|from| now.date() >= from)
        })
        .filter_map(|e| announcement_blocked(g, e))
        .collect()
}

/// The organizers and co-organizers with an address, each address once.
pub fn organizers(g: &Group) -> Vec<&Person> {
    let mut seen = HashSet::new();
    g.people
        .iter()
        .filter(|p| p.has_role("organizer") || p.has_role("co-organizer"))
        .filter(|p| crate::mail::due::has_address(p))
        .filter(|p| seen.insert(crate::mail::due::address_of(p).to_ascii_lowercase()))
        .collect()
}
