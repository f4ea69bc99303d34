//! The `ug tasks` subcommands that change the file: each decides with a pure
//! function of `crate::tasks`, then sets or removes that one task's keys
//! through `crate::edit` (values keep their comments), under the store's lock.

use chrono::NaiveDate;
use toml_edit::Table;

use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::model::schema::{task, top};
use crate::model::{Group, TaskStatus};
use crate::tasks::{self as domain, Change, Dates};
use crate::{Ctx, edit, outln, print_json};

fn today(ctx: &Ctx, g: &Group) -> NaiveDate {
    ctx.clock.today(g.tz())
}

/// Decides and applies one change, then reports it. `due` is `--due`, as given.
pub fn one(
    ctx: &Ctx,
    due: Option<&str>,
    decide: impl FnOnce(&Group, Dates) -> Result<Change>,
) -> Result<()> {
    let change = decide_and_apply(ctx, due, decide)?;
    report(ctx, &change)
}

fn decide_and_apply(
    ctx: &Ctx,
    due: Option<&str>,
    decide: impl FnOnce(&Group, Dates) -> Result<Change>,
) -> Result<Change> {
    ctx.edit(|e| {
        let today = today(ctx, e.group);
        // `--due DATE|+Nd`, parsed as `ug tasks add --due` parses it.
        let due = due.map(|d| domain::parse_due(d, today)).transpose()?;
        let change = decide(e.group, Dates { today, due })?;
        domain::apply(e.doc, &change)?;
        Ok(change)
    })
}

fn report(ctx: &Ctx, change: &Change) -> Result<()> {
    warn(ctx, &change.warnings);
    crate::render::show(change, ctx.json)
}

/// Warnings go to stderr, so `--json` and pipes stay clean.
pub(crate) fn warn(ctx: &Ctx, warnings: &[String]) {
    let style = ctx.err_style();
    for w in warnings {
        eprintln!("{}: {w}", style.warning("warning"));
    }
}

/// `ug tasks ask ID PERSON [--due D] [--send]`: records the ask; the email
/// goes out with the next `ug remind --send`, or now through `ug remind`'s own
/// code. When it cannot go now, the error says exactly why.
pub fn ask(ctx: &Ctx, id: i64, person: String, due: Option<String>, send: bool) -> Result<()> {
    let change = decide_and_apply(ctx, due.as_deref(), |g, dates| {
        domain::ask(g, id, &person, dates)
    })?;
    // With --json --send, stdout is `ug remind`'s JSON alone: one document.
    if !(send && ctx.json) {
        report(ctx, &change)?;
    } else {
        warn(ctx, &change.warnings);
    }
    if !send {
        if !ctx.json {
            outln!(
                "The personal email goes out with the next `ug remind --send` (preview: `ug remind`)."
            );
        }
        return Ok(());
    }
    if !super::send::why_not(ctx, id)? {
        return Ok(());
    }
    let filter = crate::mail::run::Filter {
        kinds: vec![Kind::Ask],
        event: None,
        task: Some(id),
    };
    crate::commands::remind::send(ctx, &filter, 1, None)
}

/// `ug tasks done ID...`: all of them or, if one id is unknown, none. Done,
/// the task that confirms the venue confirms its event in the same edit.
pub fn done(ctx: &Ctx, ids: Vec<i64>) -> Result<()> {
    let (changes, events) = ctx.edit(|e| {
        let g = e.group;
        let now = ctx.now(g);
        let today = now.date();
        let mut changes = Vec::new();
        let mut events: Vec<(String, Result<String, String>)> = Vec::new();
        for &id in &ids {
            let change = domain::done(g, id, today)?;
            domain::apply(e.doc, &change)?;
            let confirms = g
                .task(id)
                .filter(|_| change.changed)
                .and_then(|t| domain::confirms_event(g, t))
                .filter(|ev| !events.iter().any(|(id, _)| *id == ev.id.value));
            if let Some(ev) = confirms {
                let said = match crate::events::change::decide_confirm(ev, now) {
                    Ok(c) if c.changed => {
                        crate::events::change::apply(e.doc, &c)?;
                        Ok(crate::events::change::confirmed_message(g, ev, today))
                    }
                    Ok(_) => continue,
                    Err(err) => Err(format!(
                        "task {id} confirms the venue, but {err}{}",
                        err.hint().map(|h| format!(" ({h})")).unwrap_or_default()
                    )),
                };
                events.push((ev.id.value.clone(), said));
            }
            changes.push(change);
        }
        Ok((changes, events))
    })?;
    let (made, kept): (Vec<_>, Vec<_>) = changes.into_iter().partition(|c| c.changed);
    if ctx.json {
        print_json(&made.iter().map(|c| c.id).collect::<Vec<_>>())?;
    } else {
        for c in made.iter().chain(&kept) {
            outln!("{}", c.message);
        }
    }
    for (_, said) in events {
        match said {
            // With --json, stdout holds the JSON alone: the news goes to stderr.
            Ok(msg) if ctx.json => eprintln!("{msg}"),
            Ok(msg) => outln!("{msg}"),
            Err(w) => warn(ctx, &[w]),
        }
    }
    Ok(())
}

/// `ug tasks drop ID...`: all of them or, if one id is unknown (or a task is
/// done), none. One id prints its change as before (`--json`: the object);
/// several print one line each (`--json`: an array of the changes).
pub fn drop(ctx: &Ctx, mut ids: Vec<i64>) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    let changes = ctx.edit(|e| {
        let mut changes = Vec::new();
        for &id in &ids {
            let change = domain::drop_task(e.group, id)?;
            domain::apply(e.doc, &change)?;
            changes.push(change);
        }
        Ok(changes)
    })?;
    if let [one] = changes.as_slice() {
        return report(ctx, one);
    }
    for c in &changes {
        warn(ctx, &c.warnings);
    }
    if ctx.json {
        print_json(&changes)
    } else {
        for c in &changes {
            outln!("{}", c.message);
        }
        Ok(())
    }
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
    let (id, who, due, today) = ctx.edit(|e| {
        let g = e.group;
        let today = today(ctx, g);
        let due = domain::parse_due(&due, today)?;
        let person = domain::resolve_owner(g, &owner)?;
        if let Some(ev) = &event {
            g.find_event(ev)?;
        }
        let id = domain::next_id(g)?;
        let mut t = Table::new();
        t.insert(task::ID, toml_edit::value(id));
        t.insert(task::TITLE, toml_edit::value(title.trim()));
        t.insert(task::OWNER, toml_edit::value(person.id.value.as_str()));
        t.insert(task::DUE, toml_edit::Item::Value(edit::date(due)?));
        if let Some(ev) = &event {
            t.insert(task::EVENT, toml_edit::value(ev.as_str()));
        }
        t.insert(task::STATUS, toml_edit::value(TaskStatus::Open.as_str()));
        if let Some(n) = notes.as_deref().filter(|n| !n.trim().is_empty()) {
            t.insert(task::NOTES, toml_edit::value(n));
        }
        edit::push(e.doc, top::TASKS, t)?;
        Ok((id, domain::display_name(person).to_string(), due, today))
    })?;
    if due < today {
        warn(
            ctx,
            &[format!(
                "task {id} is already past due ({due}, {}): `ug tasks` lists it as overdue",
                crate::words::days_from_today((due - today).num_days())
            )],
        );
    }
    crate::render::show(
        &Added {
            due,
            id,
            owner: &who,
        },
        ctx.json,
    )
}

/// What `ug tasks add` did; `--json` prints `{due, id, owner}`.
#[derive(serde::Serialize)]
struct Added<'a> {
    due: chrono::NaiveDate,
    id: i64,
    owner: &'a str,
}

impl std::fmt::Display for Added<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Added task {} for {}, due {}.",
            self.id,
            self.owner,
            self.due.format("%a %b %-d")
        )
    }
}
