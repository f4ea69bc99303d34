//! Asking one person to take a task, and their answer: `ug tasks ask`,
//! `accept` and `decline`, as pure decisions like the other task edits.

use super::change::{
    Change, Dates, Suggestion, Value, asked_of, find, live, owner_of, status, text, unask,
};
use super::handover::{clear_declines, due_note, first_name, new_due, past_due, with_decline};
use super::{display_name, name_of, resolve_person, suggest_takers};
use crate::error::{Error, Result};
use crate::model::schema::task;
use crate::model::{Group, Task, TaskStatus};

/// `ug tasks ask ID PERSON [--due D]`: a direct, personal ask to one person.
pub fn ask(g: &Group, id: i64, who: &str, dates: Dates) -> Result<Change> {
    let t = live(g, id, "ask for")?;
    let p = resolve_person(g, who)?;
    let to = p.id.value.as_str();
    let name = display_name(p);
    if owner_of(t) == Some(to) && t.status != TaskStatus::Asked {
        return Err(Error::failed_with(
            format!("{name} already owns task {id} ({})", t.title),
            format!(
                "`ug remind` nudges owners before the due date; to hand it on, `ug tasks ask {id} PERSON` someone else"
            ),
        ));
    }
    let again = t.status == TaskStatus::Asked && asked_of(t) == Some(to);
    let mut keys = vec![
        status(TaskStatus::Asked),
        (task::ASKED, text(to)),
        (task::ASKED_ON, Value::Date(dates.today)),
    ];
    keys.extend(new_due(t, dates.due));
    let msg = if again {
        let since = t
            .asked_on
            .map(|d| format!(" (first asked {d})"))
            .unwrap_or_default();
        format!(
            "Asked {name} again to take task {id} ({}){since}{}.",
            t.title,
            due_note(dates)
        )
    } else {
        format!(
            "Asked {name} to take task {id} ({}){}.",
            t.title,
            due_note(dates)
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
    change.warnings.extend(past_due(t, dates, p));
    Ok(change)
}

/// The person a task in `asked` waits on; an error when it is not asked.
fn asked_person<'t>(t: &'t Task, what: &str) -> Result<&'t str> {
    let id = t.id.value;
    if t.status != TaskStatus::Asked {
        return Err(Error::failed_with(
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
        None => Err(Error::failed_with(
            format!("task {id} is `asked` but names nobody in `asked`"),
            format!("`ug tasks ask {id} PERSON` records who was asked"),
        )),
    }
}

/// `ug tasks accept ID [--due D]`: the person asked takes the task.
pub fn accept(g: &Group, id: i64, dates: Dates) -> Result<Change> {
    let t = find(g, id)?;
    let who = asked_person(t, "accept")?;
    let mut keys = vec![(task::OWNER, text(who)), status(TaskStatus::Open)];
    keys.extend(unask());
    keys.extend(clear_declines(t));
    keys.extend(new_due(t, dates.due));
    let msg = format!(
        "{} took task {id}, {}{}. Thank them!",
        name_of(g, who),
        t.title,
        due_note(dates)
    );
    let mut change = Change::new(t, keys, msg);
    if let Some(p) = g.person(who) {
        change.warnings.extend(past_due(t, dates, p));
    }
    Ok(change)
}

/// `ug tasks decline ID`: the person asked said no. That answers the ask,
/// not the task: it goes back to its owner, open, with a note, and the
/// least-loaded people are suggested to ask next.
pub fn decline(g: &Group, id: i64) -> Result<Change> {
    let t = find(g, id)?;
    let who = asked_person(t, "decline")?;
    let first = g.person(who).map_or(who, first_name);
    let mut keys = vec![status(TaskStatus::Open)];
    keys.extend(unask());
    keys.push((task::NOTES, text(&with_decline(t.notes.as_deref(), first))));
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
