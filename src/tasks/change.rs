//! The task edits as pure decisions: given the model, a task id and "today",
//! which keys of that one task change (or why the edit is refused: an
//! [`Error`] with its hint). The command applies them to the document;
//! nothing else in the file moves. Asking someone to take a task, and their
//! answer, are in `asking`.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use toml_edit::DocumentMut;

use super::handover::{clear_declines, due_note, new_due, past_due};
use super::{display_name, name_of, resolve_owner, unknown_task};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::schema::{task, top};
use crate::model::{Group, Task, TaskStatus};

/// A new value for one key of the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Date(NaiveDate),
    Remove,
}

/// What one edit does to one task. No keys: nothing to change (the message says why).
#[derive(Debug, Serialize)]
pub struct Change {
    pub id: i64,
    #[serde(skip)]
    pub keys: Vec<(&'static str, Value)>,
    pub changed: bool,
    pub message: String,
    /// For a decline: who else could take it, fewest open tasks first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// Worth saying on stderr: e.g. the task was due days ago.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub open: usize,
}

/// "Today", and the new due date given with a hand-over (`--due`), if any.
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    pub today: NaiveDate,
    pub due: Option<NaiveDate>,
}

/// What the edit did, in sentences; with a decline, who else could take it.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.message)?;
        let Some(first) = self.suggestions.first() else {
            return Ok(());
        };
        writeln!(f, "Who could take it instead (fewest open tasks first):")?;
        for s in &self.suggestions {
            writeln!(f, "  {} ({}): {} open", s.name, s.id, s.open)?;
        }
        writeln!(f, "Ask one directly: ug tasks ask {} {}", self.id, first.id)
    }
}

impl Change {
    pub(super) fn new(t: &Task, keys: Vec<(&'static str, Value)>, message: String) -> Change {
        Change {
            id: t.id.value,
            changed: !keys.is_empty(),
            keys,
            message,
            suggestions: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

pub(super) fn find(g: &Group, id: i64) -> Result<&Task> {
    g.task(id).ok_or_else(|| {
        Error::failed_with(
            unknown_task(g, id),
            "`ug tasks --all` lists every task with its id",
        )
    })
}

pub(super) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The `status` key set to `s`.
pub(super) fn status(s: TaskStatus) -> (&'static str, Value) {
    (task::STATUS, text(s.as_str()))
}

/// The keys that clear a pending ask: `asked` and `asked_on`.
pub(super) fn unask() -> [(&'static str, Value); 2] {
    [
        (task::ASKED, Value::Remove),
        (task::ASKED_ON, Value::Remove),
    ]
}

pub(super) fn owner_of(t: &Task) -> Option<&str> {
    t.owner.as_ref().map(|o| o.value.as_str())
}

pub(super) fn asked_of(t: &Task) -> Option<&str> {
    t.asked.as_ref().map(|o| o.value.as_str())
}

/// The task `id`, unless it is finished (done, or dropped): there is nothing to `what`.
pub(super) fn live<'g>(g: &'g Group, id: i64, what: &str) -> Result<&'g Task> {
    let t = find(g, id)?;
    match t.status {
        TaskStatus::Done => Err(Error::failed_with(
            format!(
                "task {id} ({}) is done: there is nothing to {what}",
                t.title
            ),
            "for new work, add a task: `ug tasks add TITLE --owner ID --due +7d`",
        )),
        TaskStatus::Dropped => Err(Error::failed_with(
            format!(
                "task {id} ({}) was dropped: there is nothing to {what}",
                t.title
            ),
            format!("to bring it back, set `status = \"open\"` in task {id}"),
        )),
        _ => Ok(t),
    }
}

/// `ug tasks done ID`: status done, done_on today. Already done: nothing changes.
pub fn done(g: &Group, id: i64, today: NaiveDate) -> Result<Change> {
    let t = find(g, id)?;
    if t.status == TaskStatus::Done {
        let on = t.done_on.map(|d| format!(" on {d}")).unwrap_or_default();
        let msg = format!(
            "Task {id} ({}) was already done{on}; left as it was.",
            t.title
        );
        return Ok(Change::new(t, Vec::new(), msg));
    }
    let keys = vec![
        status(TaskStatus::Done),
        (task::DONE_ON, Value::Date(today)),
    ];
    // A helper's finished work deserves a thank-you; an organizer's own
    // (most likely the one typing) does not need one from ug.
    let thanks = owner_of(t)
        .and_then(|o| g.person(o))
        .filter(|p| !p.is_lead())
        .map(|p| format!(" Thank {}!", super::first_name(p)))
        .unwrap_or_default();
    let msg = format!("Done: task {id}, {}.{thanks}", t.title);
    Ok(Change::new(t, keys, msg))
}

/// `ug tasks reassign ID PERSON [--due D]` (a person id, or a role's least-loaded person).
pub fn reassign(g: &Group, id: i64, who: &str, dates: Dates) -> Result<Change> {
    let (t, p) = (live(g, id, "reassign")?, resolve_owner(g, who)?);
    let to = p.id.value.as_str();
    // Handing a declined task to someone, or to the person asked, settles it.
    let settles = t.status == TaskStatus::Declined
        || (t.status == TaskStatus::Asked && asked_of(t) == Some(to));
    let name = display_name(p);
    let mut keys = Vec::new();
    let stays = owner_of(t) == Some(to) && !settles;
    if !stays {
        keys.push((task::OWNER, text(to)));
    }
    if settles {
        keys.push(status(TaskStatus::Open));
        keys.extend(unask());
    }
    if !stays {
        keys.extend(clear_declines(t));
    }
    keys.extend(new_due(t, dates.due));
    let msg = if stays && keys.is_empty() {
        format!(
            "Task {id} ({}) already belongs to {name}; nothing changed.",
            t.title
        )
    } else if stays {
        format!(
            "Task {id} ({}) stays with {name}{}.",
            t.title,
            due_note(dates)
        )
    } else {
        let was = match owner_of(t) {
            Some(o) if o != to => format!(" (was {})", name_of(g, o)),
            _ => String::new(),
        };
        format!(
            "Task {id} ({}) now belongs to {name}{was}{}.",
            t.title,
            due_note(dates)
        )
    };
    let mut change = Change::new(t, keys, msg);
    change.warnings.extend(past_due(t, dates, p));
    Ok(change)
}

/// `ug tasks drop ID`: nobody will do it, on purpose.
pub fn drop_task(g: &Group, id: i64) -> Result<Change> {
    let t = find(g, id)?;
    match t.status {
        TaskStatus::Dropped => {
            let msg = format!(
                "Task {id} ({}) was already dropped; left as it was.",
                t.title
            );
            Ok(Change::new(t, Vec::new(), msg))
        }
        TaskStatus::Done => Err(Error::failed_with(
            format!("task {id} ({}) is done: it cannot be dropped", t.title),
            "a done task stays done; nothing was changed",
        )),
        _ => {
            let msg = format!("Dropped task {id}, {}.", t.title);
            Ok(Change::new(t, vec![status(TaskStatus::Dropped)], msg))
        }
    }
}

/// Writes one change's keys into that task's `[[tasks]]` table (for `ug
/// tasks` and `ug inbox`).
pub fn apply(doc: &mut DocumentMut, change: &Change) -> Result<()> {
    let id = change.id;
    let t = edit::find_mut(doc, top::TASKS, task::ID, &toml_edit::Value::from(id)).ok_or_else(
        || {
            Error::failed_with(
                format!("task {id} is not a [[tasks]] table, so ug cannot edit it"),
                "rewrite the tasks as [[tasks]] sections, or edit it by hand",
            )
        },
    )?;
    for (key, value) in &change.keys {
        match value {
            Value::Text(s) => edit::set(t, key, s.as_str()),
            Value::Date(d) => edit::set(t, key, edit::date(*d)?),
            Value::Remove => edit::remove(t, key),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::asking::{accept, ask, decline};
    use super::*;

    fn group() -> Group {
        let text = r#"
[group]
name = "G"
timezone = "Europe/Berlin"
[[people]]
id = "ann"
name = "Ann"
roles = ["organizer"]
[[people]]
id = "bo"
name = "Bo"
roles = ["co-organizer"]
[[people]]
id = "cy"
name = "Cy"
roles = ["helper"]
[[tasks]]
id = 1
title = "Room"
owner = "ann"
status = "open"
[[tasks]]
id = 2
title = "Pizza"
owner = "ann"
status = "asked"
asked = "bo"
asked_on = 2026-11-20
[[tasks]]
id = 3
title = "Tags"
owner = "bo"
status = "done"
"#;
        crate::model::from_document(&toml_edit::Document::parse(text).unwrap()).0
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// Today, with this `--due`.
    fn due(due: Option<NaiveDate>) -> Dates {
        Dates {
            today: today(),
            due,
        }
    }

    #[test]
    fn accept_moves_the_task_to_the_person_asked() {
        let c = accept(&group(), 2, due(None)).unwrap();
        assert_eq!(c.keys[0], (task::OWNER, text("bo")));
        assert!(c.keys.contains(&(task::ASKED, Value::Remove)));
        assert!(
            accept(&group(), 1, due(None))
                .unwrap_err()
                .to_string()
                .contains("not `asked`")
        );
    }

    #[test]
    fn decline_suggests_the_least_loaded_but_not_the_decliner_nor_the_owner() {
        let c = decline(&group(), 2).unwrap();
        let ids: Vec<&str> = c.suggestions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["cy"]);
        assert!(c.keys.contains(&status(TaskStatus::Open)));
        assert!(
            c.keys
                .contains(&(task::NOTES, text("Bo declined: ask someone else")))
        );
    }

    #[test]
    fn due_moves_on_delegation_and_a_past_due_date_is_flagged() {
        let g = group();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Task 1 has no due date: asking warns about nothing.
        let c = ask(&g, 1, "cy", due(Some(d("2026-12-03")))).unwrap();
        assert!(c.keys.contains(&(task::DUE, Value::Date(d("2026-12-03")))));
        assert!(c.warnings.is_empty());
        let mut late = group();
        late.tasks[0].due = Some(d("2026-11-21"));
        let c = ask(&late, 1, "cy", due(None)).unwrap();
        assert_eq!(
            c.warnings,
            ["task 1 was due 2026-11-21, 5 days ago: pass --due +7d to give Cy time"]
        );
        assert!(!c.keys.iter().any(|(k, _)| *k == task::DUE));
        let c = reassign(&late, 1, "ann", due(Some(d("2026-11-30")))).unwrap();
        assert_eq!(c.keys, [(task::DUE, Value::Date(d("2026-11-30")))]);
        assert!(c.message.contains("stays with Ann"), "{}", c.message);
        assert!(c.warnings.is_empty());
        let c = accept(&late, 2, due(Some(d("2026-11-25")))).unwrap();
        assert!(
            c.warnings[0].contains("already past (yesterday)"),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn guards() {
        let g = group();
        assert!(
            ask(&g, 3, "cy", due(None))
                .unwrap_err()
                .to_string()
                .contains("is done")
        );
        assert!(
            ask(&g, 1, "ann", due(None))
                .unwrap_err()
                .to_string()
                .contains("already owns")
        );
        assert!(!reassign(&g, 1, "ann", due(None)).unwrap().changed);
        // Reassigning to the person asked settles the ask.
        let c = reassign(&g, 2, "bo", due(None)).unwrap();
        assert!(c.keys.contains(&status(TaskStatus::Open)));
        assert!(
            reassign(&g, 9, "bo", due(None))
                .unwrap_err()
                .to_string()
                .contains("no task 9")
        );
        assert!(!drop_task(&g, 1).unwrap().keys.is_empty());
        assert!(drop_task(&g, 3).is_err());
    }
}
