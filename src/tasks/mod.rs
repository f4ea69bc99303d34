//! Delegated work as pure functions of the model and "today": who owes what,
//! who is least loaded, what is overdue, and the view `ug tasks` prints.

mod asking;
mod change;
mod handover;
mod health;
mod view;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{nearest, nearest_n};
use crate::error::{Error, Result};
use crate::model::{Confirms, Event, Group, Person, Task, TaskStatus};

/// The event that finishing `t` confirms: its event, when the task has
/// `confirms = "venue"`, or was planned before that key existed and carries
/// the built-in title "Confirm {venue} with {contact}" of that event's venue.
pub fn confirms_event<'g>(g: &'g Group, t: &Task) -> Option<&'g Event> {
    let ev = g.event(&t.event.as_ref()?.value)?;
    let legacy = || {
        t.confirms.is_none()
            && ev
                .venue
                .as_ref()
                .and_then(|v| g.venue(v))
                .is_some_and(|v| t.title == crate::model::venue_task_title(g, v))
    };
    (t.confirms == Some(Confirms::Venue) || legacy()).then_some(ev)
}

pub use crate::words::plural;
pub use asking::{accept, ask, decline};
pub use change::{Change, Dates, Suggestion, Value, apply, done, drop_task, reassign};
pub use handover::{DECLINED_NOTE, decline_notes, first_name, notes_without_declines};
pub use health::{Health, HealthKind, health};
pub use view::{Filter, FollowUp, PersonTasks, TaskRow, TasksView};

/// Open tasks per person id (open or asked; an asked task still counts for its owner).
pub fn open_load(g: &Group) -> HashMap<&str, usize> {
    let mut load = HashMap::new();
    for t in g.tasks.iter().filter(|t| t.status.is_open()) {
        if let Some(o) = &t.owner {
            *load.entry(o.value.as_str()).or_default() += 1;
        }
    }
    load
}

/// The person of `role` with the fewest open tasks; ties go to the first in the file.
pub fn least_loaded<'g>(
    g: &'g Group,
    role: &str,
    load: &HashMap<&str, usize>,
) -> Option<&'g Person> {
    g.people
        .iter()
        .filter(|p| p.has_role(role))
        .min_by_key(|p| load.get(p.id.value.as_str()).copied().unwrap_or(0))
}

/// Who could take a task: the team (organizers, co-organizers, helpers; else
/// everyone) with the fewest open tasks first, without the people in `exclude`.
pub fn suggest_takers<'g>(g: &'g Group, exclude: &[&str], n: usize) -> Vec<(&'g Person, usize)> {
    let load = open_load(g);
    let team = |p: &&Person| p.is_team();
    let free = |p: &&Person| !exclude.contains(&p.id.value.as_str());
    let mut pool: Vec<&Person> = g.people.iter().filter(team).filter(free).collect();
    if pool.is_empty() {
        pool = g.people.iter().filter(free).collect();
    }
    let mut ranked: Vec<(&Person, usize)> = pool
        .into_iter()
        .map(|p| (p, load.get(p.id.value.as_str()).copied().unwrap_or(0)))
        .collect();
    // A stable sort: ties stay in file order.
    ranked.sort_by_key(|&(_, n)| n);
    ranked.truncate(n);
    ranked
}

/// How a person is named in messages: their name, else their id.
pub fn display_name(p: &Person) -> &str {
    if p.name.trim().is_empty() {
        &p.id.value
    } else {
        &p.name
    }
}

/// The name of the person with this id, or the id itself.
pub fn name_of<'a>(g: &'a Group, id: &'a str) -> &'a str {
    g.person(id).map_or(id, display_name)
}

/// A person id, or a role resolved to its least-loaded person.
pub fn resolve_owner<'g>(g: &'g Group, who: &str) -> Result<&'g Person> {
    if let Some(p) = g.person(who) {
        return Ok(p);
    }
    if let Some(p) = least_loaded(g, who, &open_load(g)) {
        return Ok(p);
    }
    Err(Error::failed(unknown_person(g, who)))
}

/// A person id only (a direct ask goes to one person, never to a role).
pub fn resolve_person<'g>(g: &'g Group, who: &str) -> Result<&'g Person> {
    g.person(who)
        .ok_or_else(|| Error::failed(unknown(g, who, &format!("unknown person `{who}`"))))
}

pub fn unknown_person(g: &Group, who: &str) -> String {
    unknown(g, who, &format!("unknown person or role `{who}`"))
}

fn unknown(g: &Group, who: &str, head: &str) -> String {
    format!("{head}{}", nearest_people(g, who, "people are"))
}

/// What follows "unknown person `x`": "; did you mean `y`?", else a few ids
/// after `listing` ("; people are `a`, `b`"), else nothing.
pub fn nearest_people(g: &Group, who: &str, listing: &str) -> String {
    let ids = g.people.iter().map(|p| p.id.value.as_str());
    if let Some(n) = nearest(who, ids.clone()) {
        return format!("; did you mean `{n}`?");
    }
    let some = nearest_n(who, ids, 5);
    if some.is_empty() {
        return String::new();
    }
    let list: Vec<String> = some.iter().map(|s| format!("`{s}`")).collect();
    format!("; {listing} {}", list.join(", "))
}

pub fn unknown_task(g: &Group, id: i64) -> String {
    crate::diag::unknown_number("task", g.tasks.iter().map(|t| t.id.value), id)
}

/// The id for a new task: one more than the largest.
pub fn next_id(g: &Group) -> Result<i64> {
    let max = g.tasks.iter().map(|t| t.id.value).max().unwrap_or(0);
    max.checked_add(1).ok_or_else(|| {
        Error::failed(format!(
            "the largest task id is {max}: no id is left after it; renumber that task"
        ))
    })
}

/// Parses `--due`: `2026-12-01`, `+3d`, `+2w`, `today`, `tomorrow`. The
/// error is a usage error (exit 2) with an example.
pub fn parse_due(s: &str, today: NaiveDate) -> Result<NaiveDate> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.succ_opt().ok_or_else(|| bad_due(s)),
        _ => {}
    }
    if let Some(rel) = t.strip_prefix('+') {
        let days = crate::model::Days::parse(rel).map_err(|_| bad_due(s))?;
        return today
            .checked_add_signed(days.as_chrono())
            .ok_or_else(|| bad_due(s));
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad_due(s))
}

fn bad_due(s: &str) -> Error {
    Error::usage(
        format!(
            "invalid due date \"{s}\": write a date like 2026-12-01, or +3d, +2w, today, tomorrow"
        ),
        "e.g. --due 2026-12-01 or --due +7d",
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueSoon,
    Later,
    NoDueDate,
    Closed,
}

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

pub fn urgency(t: &Task, today: NaiveDate) -> Urgency {
    if !t.status.is_open() {
        return Urgency::Closed;
    }
    match t.due {
        Some(d) if d < today => Urgency::Overdue,
        Some(d) if (d - today).num_days() <= DUE_SOON_DAYS => Urgency::DueSoon,
        Some(_) => Urgency::Later,
        None => Urgency::NoDueDate,
    }
}

/// An ask waiting this many days or more with no answer is flagged.
pub const ASK_FOLLOW_UP_DAYS: i64 = 3;

/// Asks that have waited too long: (task, person asked, since).
pub fn stale_asks(g: &Group, today: NaiveDate) -> Vec<(&Task, &str, NaiveDate)> {
    g.tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Asked)
        .filter_map(|t| {
            let since = t.asked_on?;
            let who = t.asked.as_ref().map(|a| a.value.as_str()).unwrap_or("?");
            ((today - since).num_days() >= ASK_FOLLOW_UP_DAYS).then_some((t, who, since))
        })
        .collect()
}

/// The line that flags an unanswered ask, in `ug tasks` and `ug check` alike.
pub fn follow_up_message(name: &str, since: NaiveDate, task: &Task) -> String {
    format!(
        "waiting on {name} since {since}: follow up (task {}, {})",
        task.id.value, task.title
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_dates() {
        let today = day("2026-11-26");
        assert_eq!(parse_due("+3d", today).ok(), Some(day("2026-11-29")));
        assert_eq!(parse_due("+2w", today).ok(), Some(day("2026-12-10")));
        assert_eq!(parse_due("Tomorrow", today).ok(), Some(day("2026-11-27")));
        assert_eq!(parse_due("2026-12-01", today).ok(), Some(day("2026-12-01")));
        for bad in ["someday", "+3x", "2026-02-30", "+", "12/01"] {
            let e = parse_due(bad, today).unwrap_err();
            assert!(e.to_string().contains(bad), "{bad}");
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }
}
