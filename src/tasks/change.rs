//! The task edits as pure decisions: given the model, a task id and "today",
//! which keys of that one task change (or why the edit is refused). The
//! command applies them to the document; nothing else in the file moves.

use chrono::NaiveDate;
use serde::Serialize;

use super::handover::{clear_declines, due_note, first_name, new_due, past_due, with_decline};
use super::{display_name, name_of, resolve_owner, resolve_person, suggest_takers, unknown_task};
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

/// Why an edit was refused, and what to do instead.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub hint: Option<String>,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal {
            message,
            hint: None,
        }
    }
}

fn refuse(message: String, hint: impl Into<String>) -> Refusal {
    Refusal {
        message,
        hint: Some(hint.into()),
    }
}

impl Change {
    fn new(t: &Task, keys: Vec<(&'static str, Value)>, message: String) -> Change {
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

fn find(g: &Group, id: i64) -> Result<&Task, Refusal> {
    g.task(id).ok_or_else(|| {
        refuse(
            unknown_task(g, id),
            "`ug tasks --all` lists every task with its id",
        )
    })
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn owner_of(t: &Task) -> Option<&str> {
    t.owner.as_ref().map(|o| o.value.as_str())
}

fn asked_of(t: &Task) -> Option<&str> {
    t.asked.as_ref().map(|o| o.value.as_str())
}

/// Refuses edits of a task that is finished: done, or dropped.
fn still_alive(t: &Task, what: &str) -> Result<(), Refusal> {
    let id = t.id.value;
    match t.status {
        TaskStatus::Done => Err(refuse(
            format!(
                "task {id} ({}) is done: there is nothing to {what}",
                t.title
            ),
            "for new work, add a task: `ug tasks add TITLE --owner ID --due +7d`",
        )),
        TaskStatus::Dropped => Err(refuse(
            format!(
                "task {id} ({}) was dropped: there is nothing to {what}",
                t.title
            ),
            format!("to bring it back, set `status = \"open\"` in task {id}"),
        )),
        _ => Ok(()),
    }
}

/// `ug tasks done ID`: status done, done_on today. Already done: nothing changes.
pub fn done(g: &Group, id: i64, today: NaiveDate) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    if t.status == TaskStatus::Done {
        let on = t.done_on.map(|d| format!(" on {d}")).unwrap_or_default();
        let msg = format!(
            "Task {id} ({}) was already done{on}; left as it was.",
            t.title
        );
        return Ok(Change::new(t, Vec::new(), msg));
    }
    let keys = vec![("status", text("done")), ("done_on", Value::Date(today))];
    // A helper's finished work deserves a thank-you; an organizer's own
    // (most likely the one typing) does not need one from ug.
    let thanks = owner_of(t)
        .and_then(|o| g.person(o))
        .filter(|p| !p.has_role("organizer") && !p.has_role("co-organizer"))
        .map(|p| format!(" Thank {}!", super::first_name(p)))
        .unwrap_or_default();
    let msg = format!("Done: task {id}, {}.{thanks}", t.title);
    Ok(Change::new(t, keys, msg))
}

/// `ug tasks reassign ID PERSON [--due D]` (a person id, or a role's least-loaded person).
pub fn reassign(
    g: &Group,
    id: i64,
    who: &str,
    today: NaiveDate,
    due: Option<NaiveDate>,
) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    still_alive(t, "reassign")?;
    let p = resolve_owner(g, who)?;
    let to = p.id.value.as_str();
    // Handing a declined task to someone, or to the person asked, settles it.
    let settles = t.status == TaskStatus::Declined
        || (t.status == TaskStatus::Asked && asked_of(t) == Some(to));
    let name = display_name(p);
    let mut keys = Vec::new();
    let stays = owner_of(t) == Some(to) && !settles;
    if !stays {
        keys.push(("owner", text(to)));
    }
    if settles {
        keys.push(("status", text("open")));
        keys.push(("asked", Value::Remove));
        keys.push(("asked_on", Value::Remove));
    }
    if !stays {
        keys.extend(clear_declines(t));
    }
    keys.extend(new_due(t, due));
    let msg = if stays && keys.is_empty() {
        format!(
            "Task {id} ({}) already belongs to {name}; nothing changed.",
            t.title
        )
    } else if stays {
        format!(
            "Task {id} ({}) stays with {name}{}.",
            t.title,
            due_note(due, today)
        )
    } else {
        let was = match owner_of(t) {
            Some(o) if o != to => format!(" (was {})", name_of(g, o)),
            _ => String::new(),
        };
        format!(
            "Task {id} ({}) now belongs to {name}{was}{}.",
            t.title,
            due_note(due, today)
        )
    };
    let mut change = Change::new(t, keys, msg);
    change.warnings.extend(past_due(t, due, today, p));
    Ok(change)
}

/// `ug tasks drop ID`: nobody will do it, on purpose.
pub fn drop_task(g: &Group, id: i64) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    match t.status {
        TaskStatus::Dropped => {
            let msg = format!(
                "Task {id} ({}) was already dropped; left as it was.",
                t.title
            );
            Ok(Change::new(t, Vec::new(), msg))
        }
        TaskStatus::Done => Err(refuse(
            format!("task {id} ({}) is done: it cannot be dropped", t.title),
            "a done task stays done; nothing was changed",
        )),
        _ => {
            let msg = format!("Dropped task {id}, {}.", t.title);
            Ok(Change::new(t, vec![("status", text("dropped"))], msg))
        }
    }
}

/// `ug tasks ask ID PERSON [--due D]`: a direct, personal ask to one person.
pub fn ask(
    g: &Group,
    id: i64,
    who: &str,
    today: NaiveDate,
    due: Option<NaiveDate>,
) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    still_alive(t, "ask for")?;
    let p = resolve_person(g, who)?;
    let to = p.id.value.as_str();
    let name = display_name(p);
    if owner_of(t) == Some(to) && t.status != TaskStatus::Asked {
        return Err(refuse(
            format!("{name} already owns task {id} ({})", t.title),
            format!(
                "`ug remind` nudges owners before the due date; to hand it on, `ug tasks ask {id} PERSON` someone else"
            ),
        ));
    }
    let again = t.status == TaskStatus::Asked && asked_of(t) == Some(to);
    let mut keys = vec![
        ("status", text("asked")),
        ("asked", text(to)),
        ("asked_on", Value::Date(today)),
    ];
    keys.extend(new_due(t, due));
    let msg = if again {
        let since = t
            .asked_on
            .map(|d| format!(" (first asked {d})"))
            .unwrap_or_default();
        format!(
            "Asked {name} again to take task {id} ({}){since}{}.",
            t.title,
            due_note(due, today)
        )
    } else {
        format!(
            "Asked {name} to take task {id} ({}){}.",
            t.title,
            due_note(due, today)
        )
    };
    let mut change = Change::new(t, keys, msg);
    // A pending ask to someone else is replaced: they are still waiting to
    // answer, so say who, and that they should hear it from the organizer.
    if t.status == TaskStatus::Asked
        && let Some(before) = asked_of(t).filter(|b| *b != to)
    {
        let old = g.person(before);
        let since = t
            .asked_on
            .map(|d| format!(" since {d}"))
            .unwrap_or_default();
        change.warnings.push(format!(
            "task {id} was waiting on {}{since}; asking {} instead — tell {}",
            old.map_or(before, display_name),
            first_name(p),
            old.map_or(before, first_name)
        ));
    }
    change.warnings.extend(past_due(t, due, today, p));
    Ok(change)
}

fn asked_person<'t>(t: &'t Task, what: &str) -> Result<&'t str, Refusal> {
    let id = t.id.value;
    if t.status != TaskStatus::Asked {
        return Err(refuse(
            format!(
                "task {id} ({}) is `{}`, not `asked`: there is no ask to {what}",
                t.title,
                t.status.as_str()
            ),
            format!("ask someone first: `ug tasks ask {id} PERSON`"),
        ));
    }
    match asked_of(t) {
        Some(a) => Ok(a),
        None => Err(refuse(
            format!("task {id} is `asked` but names nobody in `asked`"),
            format!("`ug tasks ask {id} PERSON` records who was asked"),
        )),
    }
}

/// `ug tasks accept ID [--due D]`: the person asked takes the task.
pub fn accept(
    g: &Group,
    id: i64,
    today: NaiveDate,
    due: Option<NaiveDate>,
) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    let who = asked_person(t, "accept")?;
    let mut keys = vec![
        ("owner", text(who)),
        ("status", text("open")),
        ("asked", Value::Remove),
        ("asked_on", Value::Remove),
    ];
    keys.extend(clear_declines(t));
    keys.extend(new_due(t, due));
    let msg = format!(
        "{} took task {id}, {}{}. Thank them!",
        name_of(g, who),
        t.title,
        due_note(due, today)
    );
    let mut change = Change::new(t, keys, msg);
    if let Some(p) = g.person(who) {
        change.warnings.extend(past_due(t, due, today, p));
    }
    Ok(change)
}

/// `ug tasks decline ID`: the person asked said no. That answers the ask,
/// not the task: it goes back to its owner, open, with a note, and the
/// least-loaded people are suggested to ask next.
pub fn decline(g: &Group, id: i64) -> Result<Change, Refusal> {
    let t = find(g, id)?;
    let who = asked_person(t, "decline")?;
    let first = g.person(who).map_or(who, first_name);
    let keys = vec![
        ("status", text("open")),
        ("asked", Value::Remove),
        ("asked_on", Value::Remove),
        ("notes", text(&with_decline(t.notes.as_deref(), first))),
    ];
    let back = match owner_of(t) {
        Some(o) => format!("It is back with {}, open: ask someone else.", name_of(g, o)),
        None => format!("It has no owner: `ug tasks reassign {id} PERSON`."),
    };
    let msg = format!(
        "{} declined task {id} ({}); thank them for answering. {back}",
        name_of(g, who),
        t.title,
    );
    let mut exclude = vec![who];
    exclude.extend(owner_of(t));
    let mut change = Change::new(t, keys, msg);
    change.suggestions = suggest_takers(g, &exclude, 3)
        .into_iter()
        .map(|(p, open)| Suggestion {
            id: p.id.value.clone(),
            name: display_name(p).to_string(),
            open,
        })
        .collect();
    Ok(change)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn accept_moves_the_task_to_the_person_asked() {
        let c = accept(&group(), 2, today(), None).unwrap();
        assert_eq!(c.keys[0], ("owner", text("bo")));
        assert!(c.keys.contains(&("asked", Value::Remove)));
        assert!(
            accept(&group(), 1, today(), None)
                .unwrap_err()
                .message
                .contains("not `asked`")
        );
    }

    #[test]
    fn decline_suggests_the_least_loaded_but_not_the_decliner_nor_the_owner() {
        let c = decline(&group(), 2).unwrap();
        let ids: Vec<&str> = c.suggestions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["cy"]);
        assert!(c.keys.contains(&("status", text("open"))));
        assert!(
            c.keys
                .contains(&("notes", text("Bo declined: ask someone else")))
        );
    }

    #[test]
    fn due_moves_on_delegation_and_a_past_due_date_is_flagged() {
        let g = group();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Task 1 has no due date: asking warns about nothing.
        let c = ask(&g, 1, "cy", today(), Some(d("2026-12-03"))).unwrap();
        assert!(c.keys.contains(&("due", Value::Date(d("2026-12-03")))));
        assert!(c.warnings.is_empty());
        let mut late = group();
        late.tasks[0].due = Some(d("2026-11-21"));
        let c = ask(&late, 1, "cy", today(), None).unwrap();
        assert_eq!(
            c.warnings,
            ["task 1 was due 2026-11-21, 5 days ago: pass --due +7d to give Cy time"]
        );
        assert!(!c.keys.iter().any(|(k, _)| *k == "due"));
        let c = reassign(&late, 1, "ann", today(), Some(d("2026-11-30"))).unwrap();
        assert_eq!(c.keys, [("due", Value::Date(d("2026-11-30")))]);
        assert!(c.message.contains("stays with Ann"), "{}", c.message);
        assert!(c.warnings.is_empty());
        let c = accept(&late, 2, today(), Some(d("2026-11-25"))).unwrap();
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
            ask(&g, 3, "cy", today(), None)
                .unwrap_err()
                .message
                .contains("is done")
        );
        assert!(
            ask(&g, 1, "ann", today(), None)
                .unwrap_err()
                .message
                .contains("already owns")
        );
        assert!(!reassign(&g, 1, "ann", today(), None).unwrap().changed);
        // Reassigning to the person asked settles the ask.
        let c = reassign(&g, 2, "bo", today(), None).unwrap();
        assert!(c.keys.contains(&("status", text("open"))));
        assert!(
            reassign(&g, 9, "bo", today(), None)
                .unwrap_err()
                .message
                .contains("no task 9")
        );
        assert!(!drop_task(&g, 1).unwrap().keys.is_empty());
        assert!(drop_task(&g, 3).is_err());
    }
}
