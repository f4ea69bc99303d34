//! `ug events`: every meetup, upcoming then past, and the edits that record
//! what happened to one (venue confirmed, held with its attendance, cancelled).

use chrono::NaiveDateTime;
use clap::Subcommand;
use comfy_table::{CellAlignment, Table, presets};
use serde::Serialize;
use toml_edit::Value;

use crate::error::{Error, Result};
use crate::model::{Event, EventStatus, Group};
use crate::{Ctx, edit, outln, print_json};

/// Upcoming events (soonest first), then past ones (latest first): date,
/// title, format, venue, status and attendance.
///
/// Subcommands record what happened to one event; each changes only that
/// event's lines in the group file.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// The venue said yes: set the event's status to `confirmed`
    Confirm {
        /// The event's id, e.g. 2026-12-08
        id: String,
    },
    /// It happened: set status `held` and record how many came
    Held {
        /// The event's id, e.g. 2026-11-10
        id: String,
        /// How many people came
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
        attendance: u32,
    },
    /// Call it off: set status `cancelled`; the notice goes out with the next `ug remind --send`
    Cancel {
        /// The event's id, e.g. 2026-12-08
        id: String,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => list(ctx),
        Some(Action::Confirm { id }) => confirm(ctx, &id),
        Some(Action::Held { id, attendance }) => held(ctx, &id, attendance),
        Some(Action::Cancel { id }) => cancel(ctx, &id),
    }
}

/// One row of `ug events`, and one object of `ug events --json`.
#[derive(Debug, Serialize)]
struct EventRow<'a> {
    id: &'a str,
    title: &'a str,
    start: NaiveDateTime,
    format: Option<&'a str>,
    venue: Option<&'a str>,
    venue_name: Option<&'a str>,
    status: &'static str,
    attendance: Option<u32>,
    capacity: Option<u32>,
    upcoming: bool,
}

/// Upcoming (not yet over) soonest first, then past latest first.
fn rows(g: &Group, now: NaiveDateTime) -> Vec<EventRow<'_>> {
    let length = g.duration();
    let (mut upcoming, mut past): (Vec<&Event>, Vec<&Event>) =
        g.events.iter().partition(|e| e.end(length) > now);
    upcoming.sort_by_key(|e| e.start);
    past.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out: Vec<EventRow> = upcoming.into_iter().map(|e| row(g, e, true)).collect();
    out.extend(past.into_iter().map(|e| row(g, e, false)));
    out
}

fn row<'g>(g: &'g Group, e: &'g Event, upcoming: bool) -> EventRow<'g> {
    let venue = e.venue.as_ref().map(|v| v.value.as_str());
    EventRow {
        id: e.id.value.as_str(),
        title: e.title.as_str(),
        start: e.start,
        format: e.format.as_deref(),
        venue,
        venue_name: venue.map(|v| g.venue(v).map_or(v, |v| v.name.as_str())),
        status: e.status.as_str(),
        attendance: e.attendance,
        capacity: e
            .capacity
            .or_else(|| venue.and_then(|v| g.venue(v)).and_then(|v| v.capacity)),
        upcoming,
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let rows = rows(g, ctx.now(g));
    if ctx.json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        outln!("No events yet: plan the first one with `ug next-meetup`.");
        return Ok(());
    }
    let style = ctx.out_style();
    let (upcoming, past): (Vec<&EventRow>, Vec<&EventRow>) = rows.iter().partition(|r| r.upcoming);
    for (heading, part) in [("Upcoming", upcoming), ("Past", past)] {
        outln!("{}", style.bold(heading));
        if part.is_empty() {
            outln!("  nothing planned: run `ug next-meetup`\n");
            continue;
        }
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        t.set_header(vec!["Date", "Title", "Format", "Venue", "Status", "Came"]);
        for r in part {
            t.add_row(vec![
                r.start.format("%a %Y-%m-%d %H:%M").to_string(),
                clean(r.title),
                clean(r.format.unwrap_or("-")),
                clean(r.venue_name.unwrap_or("no venue yet")),
                r.status.to_string(),
                r.attendance
                    .map_or_else(|| "-".to_string(), |n| n.to_string()),
            ]);
        }
        if let Some(c) = t.column_mut(5) {
            c.set_cell_alignment(CellAlignment::Right);
        }
        for line in t.lines() {
            outln!("{}", line.trim_end());
        }
        outln!();
    }
    Ok(())
}

/// Text from the file made safe for a terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// What an edit did, for the message and for `--json`.
#[derive(Debug, Serialize)]
struct Outcome {
    id: String,
    title: String,
    status: &'static str,
    attendance: Option<u32>,
    changed: bool,
}

/// Runs `decide` on the event (the new status, an error, or `None` for
/// "nothing to do") and writes the status and the attendance, if given.
fn update(
    ctx: &Ctx,
    id: &str,
    decide: impl FnOnce(&Event, NaiveDateTime) -> Result<Option<EventStatus>>,
    attendance: Option<u32>,
) -> Result<Outcome> {
    ctx.edit(|e| {
        let g = e.group;
        let ev = super::find_event(g, id)?;
        let mut out = Outcome {
            id: id.to_string(),
            title: ev.title.clone(),
            status: ev.status.as_str(),
            attendance: ev.attendance,
            changed: false,
        };
        let Some(status) = decide(ev, ctx.now(g))? else {
            return Ok(out);
        };
        let t = edit::find_mut(e.doc, "events", "id", &Value::from(id)).ok_or_else(|| {
            Error::failed(format!(
                "event `{id}` is not an [[events]] table; edit it by hand"
            ))
        })?;
        if status != ev.status {
            edit::set(t, "status", status.as_str());
        }
        if let Some(n) = attendance
            && ev.attendance != Some(n)
        {
            edit::set(t, "attendance", i64::from(n));
        }
        out.changed = status != ev.status || attendance.is_some_and(|n| ev.attendance != Some(n));
        out.status = status.as_str();
        out.attendance = attendance.or(ev.attendance);
        Ok(out)
    })
}

fn confirm(ctx: &Ctx, id: &str) -> Result<()> {
    let out = update(
        ctx,
        id,
        |ev, now| match ev.status {
            EventStatus::Held | EventStatus::Cancelled => Err(Error::failed(format!(
                "event `{id}` is already {}: there is no venue left to confirm",
                ev.status.as_str()
            ))),
            EventStatus::Confirmed | EventStatus::Announced => Ok(None),
            EventStatus::Planned if ev.venue.is_none() => Err(Error::failed_with(
                format!("event `{id}` has no venue yet: there is nothing to confirm"),
                format!(
                    "add `venue = \"<venue id>\"` to the [[events]] entry with id = \"{id}\", then confirm it"
                ),
            )),
            EventStatus::Planned if ev.start < now => Err(Error::failed_with(
                format!("event `{id}` has already started"),
                format!(
                    "record it with `ug events held {id} --attendance N`, or `ug events cancel {id}`"
                ),
            )),
            EventStatus::Planned => Ok(Some(EventStatus::Confirmed)),
        },
        None,
    )?;
    if ctx.json {
        return print_json(&out);
    }
    if out.changed {
        outln!(
            "Confirmed: {} ({}). The venue said yes: thank them now, and again the day after.",
            out.title,
            out.id
        );
    } else {
        outln!(
            "{} ({}) is already {}: nothing changed.",
            out.title,
            out.id,
            out.status
        );
    }
    Ok(())
}

fn held(ctx: &Ctx, id: &str, attendance: u32) -> Result<()> {
    let out = update(
        ctx,
        id,
        |ev, now| match ev.status {
            EventStatus::Cancelled => Err(Error::failed(format!(
                "event `{id}` was cancelled: it cannot have been held"
            ))),
            _ if ev.start > now => Err(Error::failed_with(
                format!(
                    "event `{id}` has not happened yet: it starts {}",
                    ev.start.format("%a %Y-%m-%d %H:%M")
                ),
                format!("record it after the meetup: `ug events held {id} --attendance N`"),
            )),
            _ => Ok(Some(EventStatus::Held)),
        },
        Some(attendance),
    )?;
    if ctx.json {
        return print_json(&out);
    }
    if out.changed {
        outln!(
            "Held: {} ({}), {attendance} came. `ug remind` sends the thank-yous to the venue and sponsors.",
            out.title,
            out.id
        );
    } else {
        outln!(
            "{} ({}) is already recorded as held with {attendance} attending: nothing changed.",
            out.title,
            out.id
        );
    }
    Ok(())
}

fn cancel(ctx: &Ctx, id: &str) -> Result<()> {
    let out = update(
        ctx,
        id,
        |ev, _| match ev.status {
            EventStatus::Held => Err(Error::failed(format!(
                "event `{id}` was held: it cannot be cancelled after the fact"
            ))),
            EventStatus::Cancelled => Ok(None),
            _ => Ok(Some(EventStatus::Cancelled)),
        },
        None,
    )?;
    if ctx.json {
        return print_json(&out);
    }
    if out.changed {
        outln!("Cancelled: {} ({}).", out.title, out.id);
        outln!("The cancellation notice goes out with the next `ug remind --send`.");
    } else {
        outln!(
            "{} ({}) is already cancelled: nothing changed.",
            out.title,
            out.id
        );
    }
    Ok(())
}
