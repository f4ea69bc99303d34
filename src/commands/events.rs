//! `ug events`: every meetup, upcoming then past, and the edits that record
//! what happened to one (venue confirmed, held with its attendance, cancelled)
//! or change it (`edit`). The decisions live in `events::change`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::Subcommand;
use comfy_table::{CellAlignment, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::change::{self as event_change, Change, EventEdits};
use crate::model::{Event, EventStatus, Group};
use crate::{Ctx, outln, print_json};

/// Upcoming events (soonest first), then past ones (latest first): date,
/// title, format, venue, status and attendance.
///
/// Subcommands record what happened to one event (confirmed, held,
/// cancelled) or change it (edit); each changes only that event's lines in
/// the group file, and its tasks' lines where they follow it (a cancel drops
/// the open tasks, a new date moves their due dates).
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
        /// How many people came (recommended: `ug stats` counts on it); without it, only the status changes
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
        attendance: Option<u32>,
    },
    /// Call it off: set status `cancelled` and drop its open tasks; members who were told get a notice with the next `ug remind --send`
    Cancel {
        /// The event's id, e.g. 2026-12-08
        id: String,
    },
    /// Change a planned, confirmed or announced event: only the keys given change
    ///
    /// A new --date moves the event's open tasks' due dates by as many days.
    /// The event keeps its id (ids are names, not dates: tasks, the sent log
    /// and calendar entries refer to it). When an announced event's date, time
    /// or venue changes, its `sequence` goes up by one and members get a
    /// "changed" mail with the updated calendar entry on the next `ug remind --send`.
    /// A confirmed event that gets a new venue goes back to `planned` until the
    /// new venue says yes (finish its venue task, or `ug events confirm ID`).
    Edit {
        /// The event's id, e.g. 2026-12-08
        id: String,
        /// Move it to this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Start at this time (HH:MM, local to the group)
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        time: Option<NaiveTime>,
        /// Meet at this venue id
        #[arg(long, value_name = "ID")]
        venue: Option<String>,
        /// A new title
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// A new format (e.g. talks, lightning, hack-night, social); the agenda stays as it is
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Seats, instead of the venue's capacity (1 to a million)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        capacity: Option<u32>,
    },
}

fn parse_time(s: &str) -> std::result::Result<NaiveTime, String> {
    crate::model::units::parse_time(s)
}

/// A `--date`: "2026-02-30 is not a date" for a day the calendar lacks,
/// instead of the library's "input is out of range".
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|e| {
        if e.kind() == chrono::format::ParseErrorKind::OutOfRange {
            format!("{t} is not a date in the calendar")
        } else {
            format!("write the date as YYYY-MM-DD, e.g. 2026-12-15 (not \"{t}\")")
        }
    })
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => list(ctx),
        Some(Action::Confirm { id }) => confirm(ctx, &id),
        Some(Action::Held { id, attendance }) => held(ctx, &id, attendance),
        Some(Action::Cancel { id }) => cancel(ctx, &id),
        Some(Action::Edit {
            id,
            date,
            time,
            venue,
            title,
            format,
            capacity,
        }) => {
            let edits = EventEdits {
                date,
                time,
                venue,
                title,
                format,
                capacity,
            };
            if edits.is_empty() {
                return Err(Error::usage(
                    "nothing to change: give at least one of --date, --time, --venue, --title, --format, --capacity",
                    format!("e.g. `ug events edit {id} --date 2026-12-15`"),
                ));
            }
            edit_event(ctx, &id, &edits)
        }
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
                r.title.to_string(),
                r.format.unwrap_or("-").to_string(),
                r.venue_name.unwrap_or("no venue yet").to_string(),
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

/// Decides a change on the event under the file's lock and writes it.
fn change(
    ctx: &Ctx,
    id: &str,
    decide: impl FnOnce(&Group, &Event, NaiveDateTime) -> Result<Change>,
) -> Result<Change> {
    ctx.edit(|e| {
        let g = e.group;
        let ev = super::find_event(g, id)?;
        let c = decide(g, ev, ctx.now(g))?;
        event_change::apply(e.doc, &c)?;
        Ok(c)
    })
}

fn confirm(ctx: &Ctx, id: &str) -> Result<()> {
    let out = change(ctx, id, |_, ev, now| event_change::decide_confirm(ev, now))?;
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

fn held(ctx: &Ctx, id: &str, attendance: Option<u32>) -> Result<()> {
    let out = change(ctx, id, |_, ev, now| {
        event_change::decide_held(ev, attendance, now)
    })?;
    if ctx.json {
        return print_json(&out);
    }
    let came = match out.attendance {
        Some(n) => format!("{n} came"),
        None => "attendance not recorded (add `--attendance N`)".into(),
    };
    if out.changed {
        outln!(
            "Held: {} ({}), {came}. `ug remind` sends the thank-yous to the venue and sponsors.",
            out.title,
            out.id
        );
    } else {
        outln!(
            "{} ({}) is already recorded as held, {came}: nothing changed.",
            out.title,
            out.id
        );
    }
    Ok(())
}

fn cancel(ctx: &Ctx, id: &str) -> Result<()> {
    let mut before = None;
    let out = change(ctx, id, |g, ev, now| {
        before = Some((ev.status, ev.start > now));
        event_change::decide_cancel(g, ev, now.date())
    })?;
    if ctx.json {
        return print_json(&out);
    }
    if out.changed {
        outln!("Cancelled: {} ({}).", out.title, out.id);
    } else {
        outln!(
            "{} ({}) is already cancelled: nothing changed.",
            out.title,
            out.id
        );
    }
    if !out.dropped_tasks.is_empty() {
        let n = out.dropped_tasks.len();
        let list: Vec<String> = out
            .dropped_tasks
            .iter()
            .map(|t| format!("{} ({})", t.title, t.id))
            .collect();
        outln!(
            "Dropped {n} open task{} of {}: {}.",
            if n == 1 { "" } else { "s" },
            out.id,
            list.join(", ")
        );
    }
    if out.changed
        && let Some((status, upcoming)) = before
    {
        if !upcoming {
            outln!("It has already started: no cancellation notice goes out.");
        } else if status == EventStatus::Announced || told(ctx, id)? {
            outln!(
                "The cancellation notice goes out to the members who were told, with the next `ug remind --send`."
            );
        } else {
            outln!(
                "Members were never told about it (no announcement went out), so no cancellation notice goes."
            );
        }
    }
    Ok(())
}

/// Whether the sent log holds an announcement or reminder of event `id`:
/// `ug remind` sends the cancellation notice to those members only.
fn told(ctx: &Ctx, id: &str) -> Result<bool> {
    use crate::mail::{Kind, log};
    let log = log::read_keys(&log::path_for(&ctx.locate()?.path))?;
    Ok(log::any_about(&log, &[Kind::Announce, Kind::Remind], id))
}

fn edit_event(ctx: &Ctx, id: &str, edits: &EventEdits) -> Result<()> {
    let out = change(ctx, id, |g, ev, now| {
        event_change::decide_edit(g, ev, edits, now)
    })?;
    if ctx.json {
        return print_json(&out);
    }
    crate::out!("{}", out.describe(ctx.out_style()));
    Ok(())
}
