//! Who carries the group: tasks done per person over the last 6 months,
//! what each has open, and the direct asks they answered. An accepted ask
//! becomes the person's own task (`ug tasks accept` clears `asked`), so
//! "accepted" counts only asks the file still shows as answered yes; a
//! decline stays as a note on the task until someone takes it.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::{Group, Person, Task, TaskStatus};
use crate::tasks::{DECLINED_NOTE, decline_notes, first_name};

/// Tasks done count over this many months back from today.
pub const MONTHS: u32 = 6;

#[derive(Debug, Serialize)]
pub struct Team {
    /// Tasks done from this day on (6 months before today) count.
    pub since: NaiveDate,
    /// Organizers, co-organizers, helpers, and anyone else who did or owns
    /// a task; most done first.
    pub people: Vec<TeamMember>,
    /// Done in the window by all of them.
    pub done: usize,
}

#[derive(Debug, Serialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub done: usize,
    pub open: usize,
    /// Asks waiting for this person's answer.
    pub asked: usize,
    pub accepted: usize,
    pub declined: usize,
}

pub(super) fn team(g: &Group, today: NaiveDate) -> Team {
    let since = today
        .checked_sub_months(Months::new(MONTHS))
        .unwrap_or(today);
    let mut people: Vec<TeamMember> = g
        .people
        .iter()
        .filter(|p| p.is_team() || g.tasks.iter().any(|t| owns(t, p)))
        .map(|p| member(g, p, since, today))
        .collect();
    people.sort_by(|a, b| b.done.cmp(&a.done).then_with(|| b.open.cmp(&a.open)));
    Team {
        since,
        done: people.iter().map(|p| p.done).sum(),
        people,
    }
}

fn owns(t: &Task, p: &Person) -> bool {
    t.owner.as_ref().is_some_and(|o| o.value == p.id.value)
}

fn asked_of(t: &Task, p: &Person) -> bool {
    t.asked.as_ref().is_some_and(|a| a.value == p.id.value)
}

fn member(g: &Group, p: &Person, since: NaiveDate, today: NaiveDate) -> TeamMember {
    let tasks = || g.tasks.iter();
    let note = format!("{}{DECLINED_NOTE}", first_name(p));
    let declined_notes = tasks()
        .filter(|t| decline_notes(t).iter().any(|n| *n == note))
        .count();
    let declined_legacy = tasks()
        .filter(|t| t.status == TaskStatus::Declined && asked_of(t, p))
        .count();
    TeamMember {
        id: p.id.value.clone(),
        name: p.name.clone(),
        done: tasks()
            .filter(|t| {
                owns(t, p)
                    && t.status == TaskStatus::Done
                    && t.done_on.is_some_and(|d| d > since && d <= today)
            })
            .count(),
        open: tasks().filter(|t| owns(t, p) && t.status.is_open()).count(),
        asked: tasks()
            .filter(|t| t.status == TaskStatus::Asked && asked_of(t, p))
            .count(),
        accepted: tasks()
            .filter(|t| {
                matches!(t.status, TaskStatus::Open | TaskStatus::Done)
                    && asked_of(t, p)
                    && owns(t, p)
            })
            .count(),
        declined: declined_notes + declined_legacy,
    }
}
