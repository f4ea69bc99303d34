//! A new event from a plan: the `[[events]]` table (with its agenda) and its
//! `[[tasks]]`, appended to the document (`ug next-meetup`).

use toml_edit::{Array, ArrayOfTables, Item, Table, value};

use crate::edit;
use crate::error::Result;
use crate::model::schema::{agenda_item, event, task, top};
use crate::model::{EventStatus, TaskStatus};
use crate::planner::Plan;

/// Appends the event (with its agenda) and its tasks to the document.
pub fn write_plan(doc: &mut toml_edit::DocumentMut, plan: &Plan) -> Result<()> {
    let mut t = Table::new();
    t.insert(event::ID, value(plan.id.as_str()));
    t.insert(event::TITLE, value(plan.title.as_str()));
    t.insert(event::START, Item::Value(edit::datetime(plan.start)?));
    t.insert(event::DURATION, value(plan.duration.to_string()));
    t.insert(event::FORMAT, value(plan.format.as_str()));
    if let Some(v) = &plan.venue {
        t.insert(event::VENUE, value(v.as_str()));
    }
    if !plan.sponsors.is_empty() {
        t.insert(
            event::SPONSORS,
            value(plan.sponsors.iter().map(String::as_str).collect::<Array>()),
        );
    }
    t.insert(event::STATUS, value(EventStatus::Planned.as_str()));
    let mut agenda = ArrayOfTables::new();
    for slot in &plan.agenda {
        let mut a = Table::new();
        a.insert(agenda_item::TITLE, value(slot.title.as_str()));
        a.insert(agenda_item::KIND, value(slot.kind.as_str()));
        a.insert(agenda_item::MINUTES, value(i64::from(slot.minutes)));
        agenda.push(a);
    }
    if !agenda.is_empty() {
        t.insert(event::AGENDA, Item::ArrayOfTables(agenda));
    }
    edit::push(doc, top::EVENTS, t)?;
    for task in &plan.tasks {
        let mut t = Table::new();
        t.insert(task::ID, value(task.id));
        t.insert(task::TITLE, value(task.title.as_str()));
        t.insert(task::OWNER, value(task.owner.as_str()));
        t.insert(task::DUE, Item::Value(edit::date(task.due)?));
        t.insert(task::EVENT, value(plan.id.as_str()));
        t.insert(task::STATUS, value(TaskStatus::Open.as_str()));
        if let Some(c) = task.confirms {
            t.insert(task::CONFIRMS, value(c.as_str()));
        }
        edit::push(doc, top::TASKS, t)?;
    }
    Ok(())
}
