//! What `ug tasks` shows, built once from the model: tasks grouped by person
//! (overdue, due within a week, later, no date), each person's load, the asks
//! to follow up, the team's health. `Display` for people, `Serialize` for `--json`.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Health, HealthKind, Urgency, display_name, follow_up_message, name_of, urgency};
use crate::model::{Event, Group, Task, TaskStatus};
use crate::term::Style;

/// Which tasks to show: `--person`, `--event`, `--all`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filter<'a> {
    pub person: Option<&'a str>,
    pub event: Option<&'a str>,
    pub all: bool,
}

#[derive(Debug, Serialize)]
pub struct TasksView {
    pub today: NaiveDate,
    pub next_event: Option<NextEvent>,
    pub people: Vec<PersonTasks>,
    pub follow_ups: Vec<FollowUp>,
    pub health: Vec<Health>,
}

#[derive(Debug, Serialize)]
pub struct NextEvent {
    pub id: String,
    pub title: String,
    pub start: NaiveDateTime,
}

/// One person's heading: their load over all their open tasks, and the tasks shown.
#[derive(Debug, Serialize)]
pub struct PersonTasks {
    /// `None` for tasks nobody owns.
    pub id: Option<String>,
    pub name: String,
    pub open: usize,
    pub overdue: usize,
    pub tasks: Vec<TaskRow>,
}

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: TaskStatus,
    pub urgency: Urgency,
    pub days_overdue: Option<i64>,
    pub event: Option<String>,
    /// Tied to the next event (marked ★).
    pub next_event: bool,
    pub asked: Option<String>,
    /// The name of the person asked.
    pub asked_name: Option<String>,
    pub asked_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub notes: Option<String>,
    /// The decline notes ("Kim declined: ask someone else"): it needs a new taker.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declines: Vec<String>,
}

/// An ask that has waited long enough to chase.
#[derive(Debug, Serialize)]
pub struct FollowUp {
    pub task: i64,
    pub title: String,
    pub asked: String,
    pub name: String,
    pub since: NaiveDate,
    pub days: i64,
    pub message: String,
}

impl TasksView {
    pub fn new(g: &Group, today: NaiveDate, next: Option<&Event>, f: Filter<'_>) -> TasksView {
        let next_id = next.map(|e| e.id.value.as_str());
        let mut load: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut groups: HashMap<Option<&str>, Vec<&Task>> = HashMap::new();
        let mut strangers: Vec<&str> = Vec::new();
        for t in &g.tasks {
            let owner = t.owner.as_ref().map(|o| o.value.as_str());
            let open = t.status.is_open();
            if open && let Some(o) = owner {
                let l = load.entry(o).or_default();
                l.0 += 1;
                l.1 += usize::from(t.due.is_some_and(|d| d < today));
            }
            let shown = (f.all || open)
                && f.person.is_none_or(|p| owner == Some(p))
                && f.event
                    .is_none_or(|e| t.event.as_ref().is_some_and(|te| te.value == e));
            if shown {
                let list = groups.entry(owner).or_default();
                if list.is_empty()
                    && let Some(o) = owner
                    && g.person(o).is_none()
                {
                    strangers.push(o);
                }
                list.push(t);
            }
        }

        let mut people = Vec::new();
        let mut heading = |id: Option<&str>, name: String, tasks: Vec<&Task>| {
            let (open, overdue) = id.and_then(|i| load.get(i)).copied().unwrap_or_default();
            let mut tasks: Vec<TaskRow> = tasks
                .into_iter()
                .map(|t| row(g, t, today, next_id))
                .collect();
            tasks.sort_by_key(|r| {
                let due = if r.urgency == Urgency::Closed {
                    None
                } else {
                    r.due
                };
                (r.urgency, due, r.id)
            });
            people.push(PersonTasks {
                id: id.map(str::to_string),
                name,
                open,
                overdue,
                tasks,
            });
        };
        for p in &g.people {
            let id = p.id.value.as_str();
            let tasks = groups.remove(&Some(id)).unwrap_or_default();
            let wanted = !tasks.is_empty()
                || f.person == Some(id)
                || (f.person.is_none() && f.event.is_none() && p.is_team());
            if wanted {
                heading(Some(id), display_name(p).to_string(), tasks);
            }
        }
        for id in strangers {
            let tasks = groups.remove(&Some(id)).unwrap_or_default();
            heading(Some(id), id.to_string(), tasks);
        }
        if let Some(tasks) = groups.remove(&None) {
            heading(None, "nobody".to_string(), tasks);
        }
        // The most overdue people first, then the most loaded; else file order.
        people.sort_by_key(|p| (std::cmp::Reverse(p.overdue), std::cmp::Reverse(p.open)));

        TasksView {
            today,
            next_event: next.map(|e| NextEvent {
                id: e.id.value.clone(),
                title: e.title.clone(),
                start: e.start,
            }),
            people,
            follow_ups: follow_ups(g, today, f),
            health: super::health(g, today)
                .into_iter()
                .filter(|h| h.kind != HealthKind::Waiting)
                .collect(),
        }
    }

    pub fn display(&self, style: Style) -> Display<'_> {
        Display { view: self, style }
    }
}

fn row(g: &Group, t: &Task, today: NaiveDate, next: Option<&str>) -> TaskRow {
    let urgency = urgency(t, today);
    TaskRow {
        id: t.id.value,
        title: t.title.clone(),
        owner: t.owner.as_ref().map(|o| o.value.clone()),
        due: t.due,
        status: t.status,
        urgency,
        days_overdue: (urgency == Urgency::Overdue)
            .then(|| t.due.map(|d| (today - d).num_days()))
            .flatten(),
        event: t.event.as_ref().map(|e| e.value.clone()),
        next_event: next.is_some() && t.event.as_ref().map(|e| e.value.as_str()) == next,
        asked: t.asked.as_ref().map(|a| a.value.clone()),
        asked_name: t.asked.as_ref().map(|a| name_of(g, &a.value).to_string()),
        asked_on: t.asked_on,
        done_on: t.done_on,
        notes: t.notes.clone(),
        declines: super::decline_notes(t)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

fn follow_ups(g: &Group, today: NaiveDate, f: Filter<'_>) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = super::stale_asks(g, today)
        .into_iter()
        .filter(|(t, who, _)| {
            f.person
                .is_none_or(|p| *who == p || t.owner.as_ref().is_some_and(|o| o.value == p))
                && f.event
                    .is_none_or(|e| t.event.as_ref().is_some_and(|te| te.value == e))
        })
        .map(|(t, who, since)| {
            let name = name_of(g, who);
            FollowUp {
                task: t.id.value,
                title: t.title.clone(),
                asked: who.to_string(),
                name: name.to_string(),
                since,
                days: (today - since).num_days(),
                message: follow_up_message(name, since, t),
            }
        })
        .collect();
    out.sort_by_key(|u| (u.since, u.task));
    out
}

/// The view for a terminal (`Display`) or as `--json` (`Serialize`, the view itself).
#[derive(Serialize)]
#[serde(transparent)]
pub struct Display<'a> {
    view: &'a TasksView,
    #[serde(skip)]
    style: Style,
}

/// A date as people read it: `Mon Nov 30`, with the year when it is not this one.
pub(super) fn day(d: NaiveDate, today: NaiveDate) -> String {
    if d.year() == today.year() {
        d.format("%a %b %-d").to_string()
    } else {
        d.format("%a %b %-d %Y").to_string()
    }
}

fn when(r: &TaskRow, today: NaiveDate) -> String {
    match (r.urgency, r.due) {
        (Urgency::Overdue, _) => format!("{}d overdue", r.days_overdue.unwrap_or(0)),
        (Urgency::Closed, Some(d)) => day(d, today),
        (_, Some(d)) if d == today => "due today".into(),
        (_, Some(d)) if today.succ_opt() == Some(d) => "tomorrow".into(),
        (_, Some(d)) => day(d, today),
        (Urgency::Closed, None) => "-".into(),
        (_, None) => "no due date".into(),
    }
}

fn state(r: &TaskRow) -> String {
    let asked = r.asked_name.as_deref().unwrap_or("?");
    let declined = || {
        if r.declines.is_empty() {
            String::new()
        } else {
            format!("  ({})", r.declines.join("; "))
        }
    };
    match r.status {
        TaskStatus::Asked => {
            let on = r.asked_on.map(|d| format!(" on {d}")).unwrap_or_default();
            format!("  (asked {asked}{on}){}", declined())
        }
        TaskStatus::Done => match r.done_on {
            Some(d) => format!("  [done {d}]"),
            None => "  [done]".into(),
        },
        // Written by older ug: the ask was answered, the task still needs a taker.
        TaskStatus::Declined => match &r.asked_name {
            Some(name) => format!("  (declined by {name}: ask someone else)"),
            None => "  (declined: ask someone else)".into(),
        },
        TaskStatus::Dropped => "  [dropped]".into(),
        TaskStatus::Open => declined(),
    }
}

impl fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (v, s) = (self.view, self.style);
        let rows = v.people.iter().flat_map(|p| &p.tasks);
        let id_w = rows
            .clone()
            .map(|r| r.id.to_string().len())
            .max()
            .unwrap_or(1);
        let when_w = rows
            .clone()
            .map(|r| when(r, v.today).len())
            .max()
            .unwrap_or(0);
        let marked = rows.clone().any(|r| r.next_event);
        let empty = v.people.iter().all(|p| p.tasks.is_empty());
        let mut out = String::new();
        if empty {
            out.push_str("\nNo open tasks.\n");
        }
        for p in v.people.iter().filter(|_| !empty) {
            let load = match (p.open, p.overdue) {
                (0, _) => "nothing open".to_string(),
                (n, 0) => format!("{n} open"),
                (n, o) => format!("{n} open, {}", s.red(&format!("{o} overdue"))),
            };
            let id =
                p.id.as_deref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default();
            let _ = writeln!(out, "\n{}{id} · {load}", s.bold(&p.name));
            for r in &p.tasks {
                let w = when(r, v.today);
                let pad = " ".repeat(when_w - w.len());
                let w = if r.urgency == Urgency::Overdue {
                    s.red(&w)
                } else {
                    w
                };
                let star = if r.next_event {
                    "★ "
                } else if marked {
                    "  "
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  {:>id_w$}  {w}{pad}  {star}{}{}",
                    r.id,
                    r.title,
                    state(r)
                );
            }
        }
        f.write_str(out.strip_prefix('\n').unwrap_or(&out))?;

        if marked && let Some(e) = &v.next_event {
            writeln!(
                f,
                "\n★ for the next event: {} ({})",
                e.title,
                day(e.start.date(), v.today)
            )?;
        }
        if !v.follow_ups.is_empty() {
            writeln!(f, "\nFollow up:")?;
            for u in &v.follow_ups {
                writeln!(f, "  {}", u.message)?;
            }
        }
        if !v.health.is_empty() {
            writeln!(f, "\nTeam health:")?;
            for h in &v.health {
                writeln!(f, "  {}: {}", s.warning("warning"), h.message)?;
            }
        }
        Ok(())
    }
}
