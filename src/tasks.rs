//! Delegated work as pure functions of the model and "today": who owes what,
//! who is least loaded, what is overdue, and the view `ug tasks` prints.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{nearest, nearest_n};
use crate::model::{Group, Person, Task, TaskStatus};

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

/// A person id, or a role resolved to its least-loaded person.
pub fn resolve_owner<'g>(g: &'g Group, who: &str) -> Result<&'g Person, String> {
    if let Some(p) = g.person(who) {
        return Ok(p);
    }
    if let Some(p) = least_loaded(g, who, &open_load(g)) {
        return Ok(p);
    }
    Err(unknown_person(g, who))
}

pub fn unknown_person(g: &Group, who: &str) -> String {
    let ids = g.people.iter().map(|p| p.id.value.as_str());
    let mut msg = format!("unknown person or role `{who}`");
    match nearest(who, ids.clone()) {
        Some(n) => msg.push_str(&format!("; did you mean `{n}`?")),
        None => {
            let some = nearest_n(who, ids, 5);
            if !some.is_empty() {
                msg.push_str(&format!(
                    "; people are {}",
                    some.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    msg
}

pub fn unknown_task(g: &Group, id: i64) -> String {
    let mut near: Vec<i64> = g.tasks.iter().map(|t| t.id.value).collect();
    near.sort_by_key(|n| (n - id).abs());
    near.truncate(3);
    near.sort();
    let list = near
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if list.is_empty() {
        format!("there is no task {id}: the file has no tasks yet")
    } else {
        format!("there is no task {id}; the nearest ids are {list}")
    }
}

/// The id for a new task: one more than the largest.
pub fn next_id(g: &Group) -> Result<i64, String> {
    let max = g.tasks.iter().map(|t| t.id.value).max().unwrap_or(0);
    max.checked_add(1).ok_or_else(|| {
        format!("the largest task id is {max}: no id is left after it; renumber that task")
    })
}

/// Parses `--due`: `2026-12-01`, `+3d`, `+2w`, `today`, `tomorrow`.
pub fn parse_due(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return Ok(today + chrono::Duration::days(1)),
        _ => {}
    }
    if let Some(rel) = t.strip_prefix('+') {
        let days = crate::model::Days::parse(rel).map_err(|_| bad_due(s))?;
        return Ok(today + days.as_chrono());
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad_due(s))
}

fn bad_due(s: &str) -> String {
    format!("invalid due date \"{s}\": write a date like 2026-12-01, or +3d, +2w, today, tomorrow")
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

pub fn urgency(t: &Task, today: NaiveDate) -> Urgency {
    if !t.status.is_open() {
        return Urgency::Closed;
    }
    match t.due {
        Some(d) if d < today => Urgency::Overdue,
        Some(d) if d <= today + chrono::Duration::days(7) => Urgency::DueSoon,
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
