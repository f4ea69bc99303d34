//! The `ug tasks` subcommands that change the file: each decides with a pure
//! function of `crate::tasks`, then sets or removes that one task's keys
//! through `crate::edit` (values keep their comments), under the store's lock.

use chrono::NaiveDate;
use toml_edit::{DocumentMut, Table};

use crate::commands::remind::{RemindOptions, remind};
use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::model::Group;
use crate::tasks::{self as domain, Change, Refusal, Value};
use crate::{Ctx, edit, outln, print_json};

fn today(ctx: &Ctx, g: &Group) -> NaiveDate {
    ctx.clock.today(g.tz())
}

fn refused(r: Refusal) -> Error {
    match r.hint {
        Some(hint) => Error::failed_with(r.message, hint),
        None => Error::failed(r.message),
    }
}

/// Writes one change's keys into that task's `[[tasks]]` table.
fn apply(doc: &mut DocumentMut, change: &Change) -> Result<()> {
    let id = change.id;
    let t = edit::find_mut(doc, "tasks", "id", &toml_edit::Value::from(id)).ok_or_else(|| {
        Error::failed_with(
            format!("task {id} is not a [[tasks]] table, so ug cannot edit it"),
            "rewrite the tasks as [[tasks]] sections, or edit it by hand",
        )
    })?;
    for (key, value) in &change.keys {
        match value {
            Value::Text(s) => edit::set(t, key, s.as_str()),
            Value::Date(d) => edit::set(t, key, edit::date(*d)?),
            Value::Remove => edit::remove(t, key),
        }
    }
    Ok(())
}

/// Decides and applies one change, then reports it.
pub fn one(
    ctx: &Ctx,
    decide: impl FnOnce(&Group, NaiveDate) -> Result<Change, Refusal>,
) -> Result<()> {
    let change = decide_and_apply(ctx, decide)?;
    report(ctx, &change)
}

fn decide_and_apply(
    ctx: &Ctx,
    decide: impl FnOnce(&Group, NaiveDate) -> Result<Change, Refusal>,
) -> Result<Change> {
    ctx.edit(|e| {
        let change = decide(e.group, today(ctx, e.group)).map_err(refused)?;
        apply(e.doc, &change)?;
        Ok(change)
    })
}

fn report(ctx: &Ctx, change: &Change) -> Result<()> {
    if ctx.json {
        return print_json(change);
    }
    outln!("{}", change.message);
    if !change.suggestions.is_empty() {
        outln!("Who else could take it (fewest open tasks first):");
        for s in &change.suggestions {
            outln!("  {} ({}): {} open", s.name, s.id, s.open);
        }
        outln!(
            "Ask one directly: ug tasks ask {} {}",
            change.id,
            change.suggestions[0].id
        );
    }
    Ok(())
}

/// `ug tasks ask ID PERSON [--send]`: records the ask; the email goes out
/// with the next `ug remind --send`, or now through `ug remind`'s own code.
pub fn ask(ctx: &Ctx, id: i64, person: String, send: bool) -> Result<()> {
    let change = decide_and_apply(ctx, |g, today| domain::ask(g, id, &person, today))?;
    // With --json --send, stdout is `ug remind`'s JSON alone: one document.
    if !(send && ctx.json) {
        report(ctx, &change)?;
    }
    if !send {
        if !ctx.json {
            outln!(
                "The personal email goes out with the next `ug remind --send` (preview: `ug remind`)."
            );
        }
        return Ok(());
    }
    let opts = RemindOptions {
        kinds: vec![Kind::Ask],
        task: Some(id),
        send: true,
        connections: 1,
        ..RemindOptions::default()
    };
    remind(ctx, &opts)
}

/// `ug tasks done ID...`: all of them or, if one id is unknown, none.
pub fn done(ctx: &Ctx, ids: Vec<i64>) -> Result<()> {
    let changes = ctx.edit(|e| {
        let today = today(ctx, e.group);
        let mut changes = Vec::new();
        for &id in &ids {
            let change = domain::done(e.group, id, today).map_err(refused)?;
            apply(e.doc, &change)?;
            changes.push(change);
        }
        Ok(changes)
    })?;
    let (made, kept): (Vec<_>, Vec<_>) = changes.into_iter().partition(|c| c.changed);
    if ctx.json {
        return print_json(&made.iter().map(|c| c.id).collect::<Vec<_>>());
    }
    for c in made.iter().chain(&kept) {
        outln!("{}", c.message);
    }
    Ok(())
}

/// `ug tasks add TITLE --owner ID|ROLE --due DATE|+Nd|+Nw [--event ID] [--notes TEXT]`.
pub fn add(
    ctx: &Ctx,
    title: String,
    owner: String,
    due: String,
    event: Option<String>,
    notes: Option<String>,
) -> Result<()> {
    if title.trim().is_empty() || title.chars().any(char::is_control) {
        return Err(Error::usage(
            "the task title must be one non-empty line",
            "e.g. ug tasks add \"Book the room\" --owner sean --due +7d",
        ));
    }
    let (id, who, due) = ctx.edit(|e| {
        let g = e.group;
        let due = domain::parse_due(&due, today(ctx, g))
            .map_err(|m| Error::usage(m, "e.g. --due 2026-12-01 or --due +7d"))?;
        let person = domain::resolve_owner(g, &owner).map_err(Error::failed)?;
        if let Some(ev) = &event
            && g.event(ev).is_none()
        {
            return Err(Error::failed_with(
                domain::unknown_event(g, ev),
                "`ug events` lists every event with its id",
            ));
        }
        let id = domain::next_id(g).map_err(Error::failed)?;
        let mut t = Table::new();
        t.insert("id", toml_edit::value(id));
        t.insert("title", toml_edit::value(title.trim()));
        t.insert("owner", toml_edit::value(person.id.value.as_str()));
        t.insert("due", toml_edit::Item::Value(edit::date(due)?));
        if let Some(ev) = &event {
            t.insert("event", toml_edit::value(ev.as_str()));
        }
        t.insert("status", toml_edit::value("open"));
        if let Some(n) = notes.as_deref().filter(|n| !n.trim().is_empty()) {
            t.insert("notes", toml_edit::value(n));
        }
        edit::push(e.doc, "tasks", t)?;
        Ok((id, domain::display_name(person).to_string(), due))
    })?;
    if ctx.json {
        print_json(&serde_json::json!({ "id": id, "owner": who, "due": due }))
    } else {
        outln!(
            "Added task {id} for {who}, due {}.",
            due.format("%a %b %-d")
        );
        Ok(())
    }
}
