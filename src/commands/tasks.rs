//! `ug tasks`: who owes what, and the edits that keep it current.

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use toml_edit::{Table, Value};

use crate::error::{Error, Result};
use crate::model::{Group, Task, TaskStatus};
use crate::tasks::{self as domain, Urgency};
use crate::{Ctx, edit, print_json};

/// Open tasks by person: overdue first, then due within a week, then later.
///
/// Each person's load (open, overdue) is shown; asks with no answer for three
/// days are flagged. Subcommands change one task and leave the rest of the file as it was.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Only this person's tasks
    #[arg(long)]
    person: Option<String>,
    /// Only tasks for this event
    #[arg(long)]
    event: Option<String>,
    /// Include done, dropped and declined tasks
    #[arg(long)]
    all: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Add a task: `ug tasks add "Book the room" --owner sean --due +7d`
    Add {
        /// What needs doing
        title: String,
        /// A person id, or a role (goes to that role's least-loaded person)
        #[arg(long)]
        owner: String,
        /// 2026-12-01, +3d, +2w, today or tomorrow
        #[arg(long)]
        due: String,
        /// The event it belongs to
        #[arg(long)]
        event: Option<String>,
        /// Anything the owner should know
        #[arg(long)]
        notes: Option<String>,
    },
    /// Mark tasks done (sets done_on to today)
    Done {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => view(&args.person, &args.event, args.all, ctx),
        Some(Action::Add {
            title,
            owner,
            due,
            event,
            notes,
        }) => add(ctx, title, owner, due, event, notes),
        Some(Action::Done { ids }) => done(ctx, ids),
    }
}

fn today(ctx: &Ctx, g: &Group) -> NaiveDate {
    ctx.clock.today(g.tz())
}

fn add(
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
        let today = today(ctx, g);
        let due = domain::parse_due(&due, today)
            .map_err(|m| Error::usage(m, "e.g. --due 2026-12-01 or --due +7d"))?;
        let person = domain::resolve_owner(g, &owner).map_err(Error::failed)?;
        if let Some(ev) = &event
            && g.event(ev).is_none()
        {
            let ids = g.events.iter().map(|e| e.id.value.as_str());
            let near = crate::diag::nearest_n(ev, ids, 3).join(", ");
            return Err(Error::failed(format!(
                "unknown event `{ev}`; nearest: {near}"
            )));
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
        Ok((id, person.name.clone(), due))
    })?;
    if ctx.json {
        print_json(&serde_json::json!({ "id": id, "owner": who, "due": due }))
    } else {
        crate::outln!(
            "Added task {id} for {who}, due {}.",
            due.format("%a %b %-d")
        );
        Ok(())
    }
}

fn done(ctx: &Ctx, ids: Vec<i64>) -> Result<()> {
    let titles = ctx.edit(|e| {
        let today = today(ctx, e.group);
        let mut titles = Vec::new();
        let mut already = Vec::new();
        for &id in &ids {
            let Some(task) = e.group.task(id) else {
                return Err(Error::failed(domain::unknown_task(e.group, id)));
            };
            if task.status == TaskStatus::Done {
                already.push((id, task.title.clone(), task.done_on));
                continue;
            }
            titles.push((id, task.title.clone()));
            let t = edit::find_mut(e.doc, "tasks", "id", &Value::from(id)).ok_or_else(|| {
                Error::failed(format!(
                    "task {id} is not a [[tasks]] table; edit it by hand"
                ))
            })?;
            edit::set(t, "status", "done");
            edit::set(t, "done_on", edit::date(today)?);
        }
        Ok((titles, already))
    })?;
    let (titles, already) = titles;
    if ctx.json {
        return print_json(&titles.iter().map(|(id, _)| id).collect::<Vec<_>>());
    }
    for (id, title) in titles {
        crate::outln!("Done: task {id}, {title}. Thank them!");
    }
    for (id, title, on) in already {
        let on = on.map(|d| format!(" on {d}")).unwrap_or_default();
        crate::outln!("Task {id} ({title}) was already done{on}; left as it was.");
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct TaskRow<'a> {
    id: i64,
    title: &'a str,
    owner: Option<&'a str>,
    due: Option<NaiveDate>,
    status: &'static str,
    urgency: Urgency,
    days_overdue: Option<i64>,
    event: Option<&'a str>,
}

fn view(person: &Option<String>, event: &Option<String>, all: bool, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let today = today(ctx, g);
    if let Some(p) = person
        && g.person(p).is_none()
    {
        return Err(Error::failed(domain::unknown_person(g, p)));
    }
    let mut tasks: Vec<&Task> = g
        .tasks
        .iter()
        .filter(|t| all || t.status.is_open())
        .filter(|t| {
            person
                .as_ref()
                .is_none_or(|p| t.owner.as_ref().is_some_and(|o| &o.value == p))
        })
        .filter(|t| {
            event
                .as_ref()
                .is_none_or(|e| t.event.as_ref().is_some_and(|te| &te.value == e))
        })
        .collect();
    tasks.sort_by_key(|t| (urgency_rank(t, today), t.due, t.id.value));
    let rows: Vec<TaskRow> = tasks
        .iter()
        .map(|t| TaskRow {
            id: t.id.value,
            title: &t.title,
            owner: t.owner.as_ref().map(|o| o.value.as_str()),
            due: t.due,
            status: t.status.as_str(),
            urgency: domain::urgency(t, today),
            days_overdue: t
                .due
                .filter(|d| *d < today && t.status.is_open())
                .map(|d| (today - d).num_days()),
            event: t.event.as_ref().map(|e| e.value.as_str()),
        })
        .collect();
    if ctx.json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        crate::outln!("No open tasks.");
        return Ok(());
    }
    let style = ctx.out_style();
    for r in &rows {
        let due = match (r.due, r.days_overdue) {
            (Some(_), Some(n)) => style.red(&format!("{n}d overdue")),
            (Some(d), None) => d.format("%a %b %-d").to_string(),
            (None, _) => "no due date".into(),
        };
        let status = if r.status == TaskStatus::Open.as_str() {
            String::new()
        } else {
            format!(" [{}]", r.status)
        };
        crate::outln!(
            "{:>4}  {:<12} {:<14} {}{status}",
            r.id,
            r.owner.unwrap_or("-"),
            due,
            r.title
        );
    }
    Ok(())
}

fn urgency_rank(t: &Task, today: NaiveDate) -> Urgency {
    domain::urgency(t, today)
}
