//! A new event from a plan: the `[[events]]` table (with its agenda) and its
//! `[[tasks]]`, appended to the document (`ug next-meetup`).

use toml_edit::{Array, ArrayOfTables, Item, Table, value};

use crate::edit;
use crate::error::Result;
use crate::model::{EventStatus, TaskStatus};
use crate::planner::Plan;

/// Appends the event (with its agenda) and its tasks to the document.
pub fn write_plan(doc: &mut toml_edit::DocumentMut, plan: &Plan) -> Result<()> {
    let mut t = Table::new();
    t.insert("id", value(plan.id.as_str()));
    t.insert("title", value(plan.title.as_str()));
    t.insert("start", Item::Value(edit::datetime(plan.start)?));
    t.insert("duration", value(plan.duration.to_string()));
    t.insert("format", value(plan.format.as_str()));
    if let Some(v) = &plan.venue {
        t.insert("venue", value(v.as_str()));
    }
    if !plan.sponsors.is_empty() {
        t.insert(
            "sponsors",
            value(plan.sponsors.iter().map(String::as_str).collect::<Array>()),
        );
    }
    t.insert("status", value(EventStatus::Planned.as_str()));
    let mut agenda = ArrayOfTables::new();
    for slot in &plan.agenda {
        let mut a = Table::new();
        a.insert("title", value(slot.title.as_str()));
        a.insert("kind", value(slot.kind.as_str()));
        a.insert("minutes", value(i64::from(slot.minutes)));
        agenda.push(a);
    }
    if !agenda.is_empty() {
        t.insert("agenda", Item::ArrayOfTables(agenda));
    }
    edit::push(doc, "events", t)?;
    for task in &plan.tasks {
        let mut t = Table::new();
        t.insert("id", value(task.id));
        t.insert("title", value(task.title.as_str()));
        t.insert("owner", value(task.owner.as_str()));
        t.insert("due", Item::Value(edit::date(task.due)?));
        t.insert("event", value(plan.id.as_str()));
        t.insert("status", value(TaskStatus::Open.as_str()));
        if let Some(c) = task.confirms {
            t.insert("confirms", value(c.as_str()));
        }
        edit::push(doc, "tasks", t)?;
    }
    Ok(())
}
