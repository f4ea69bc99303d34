//! `ug events`: every meetup, upcoming then past, and the edits that record
//! what happened to one (venue confirmed, held with its attendance, cancelled)
//! or change it (`edit`). The decisions live in `events::change`.

use std::fmt;

use chrono::NaiveDateTime;
use clap::Subcommand;
use comfy_table::{CellAlignment, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::change::{self as event_change, Change, EventEdits};
use crate::model::{Event, EventStatus, Group};
use crate::term::Style;
use crate::{Ctx, render};

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
    /// It happened: set status `held` and record how many came; its
    /// scheduled talks become `given` (each speaker is thanked once)
    Held {
        /// The event's id, e.g. 2026-11-10
        id: String,
        /// How many people came (recommended: `ug stats` counts on it); without it, the check-ins of `ug rsvps checkin` count (each with their guests), else only the status changes
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
        #[command(flatten)]
        edits: EventEdits,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => list(ctx),
        Some(Action::Confirm { id }) => confirm(ctx, &id),
        Some(Action::Held { id, attendance }) => held(ctx, &id, attendance),
        Some(Action::Cancel { id }) => cancel(ctx, &id),
        Some(Action::Edit { id, edits }) => {
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
    status: EventStatus,
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
        status: e.status,
        attendance: e.attendance,
        capacity: e
            .capacity
            .or_else(|| venue.and_then(|v| g.venue(v)).and_then(|v| v.capacity)),
        upcoming,
    }
}

/// `ug events`: the rows as tables, upcoming then past; `--json`: the rows.
#[derive(Serialize)]
#[serde(transparent)]
struct EventsView<'a> {
    rows: Vec<EventRow<'a>>,
    #[serde(skip)]
    style: Style,
}

impl fmt::Display for EventsView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rows.is_empty() {
            return writeln!(
                f,
                "No events yet: plan the first one with `ug next-meetup`."
            );
        }
        let (upcoming, past): (Vec<&EventRow>, Vec<&EventRow>) =
            self.rows.iter().partition(|r| r.upcoming);
        for (heading, part) in [("Upcoming", upcoming), ("Past", past)] {
            writeln!(f, "{}", self.style.bold(heading))?;
            if part.is_empty() {
                writeln!(f, "  nothing planned: run `ug next-meetup`\n")?;
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
                    r.status.as_str().to_string(),
                    r.attendance
                        .map_or_else(|| "-".to_string(), |n| n.to_string()),
                ]);
            }
            if let Some(c) = t.column_mut(5) {
                c.set_cell_alignment(CellAlignment::Right);
            }
            for line in t.lines() {
                writeln!(f, "{}", line.trim_end())?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let view = EventsView {
        rows: rows(g, ctx.now(g)),
        style: ctx.out_style(),
    };
    render::show(&view, ctx.json)
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

/// A life-cycle change as printed: what happened in words (the `Display`
/// of each action), or, with `--json`, the change itself.
#[derive(Serialize)]
#[serde(transparent)]
struct ChangeView<'a> {
    change: &'a Change,
    #[serde(skip)]
    action: Said,
}

/// Which life-cycle command made the change, and what it says beyond it.
#[derive(Clone, Copy)]
enum Said {
    Confirm,
    Held,
    /// With the line about the cancellation notice, when one applies.
    Cancel(Option<&'static str>),
    Edit(Style),
}

impl fmt::Display for ChangeView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.change;
        match self.action {
            Said::Confirm if c.changed => writeln!(
                f,
                "Confirmed: {} ({}). The venue said yes: thank them now, and again the day after.",
                c.title, c.id
            ),
            Said::Confirm => writeln!(
                f,
                "{} ({}) is already {}: nothing changed.",
                c.title,
                c.id,
                c.status.as_str()
            ),
            Said::Held => {
                let came = match c.attendance {
                    Some(n) => format!("{n} came"),
                    None => "attendance not recorded (add `--attendance N`)".into(),
                };
                if c.changed {
                    writeln!(
                        f,
                        "Held: {} ({}), {came}. `ug remind` sends the thank-yous to the venue and sponsors.",
                        c.title, c.id
                    )
                } else {
                    writeln!(
                        f,
                        "{} ({}) is already recorded as held, {came}: nothing changed.",
                        c.title, c.id
                    )
                }
            }
            Said::Cancel(notice) => cancelled(f, c, notice),
            Said::Edit(style) => f.write_str(&c.describe(style)),
        }
    }
}

/// What a cancel did: the event, its dropped tasks, and the notice.
fn cancelled(f: &mut fmt::Formatter<'_>, c: &Change, notice: Option<&str>) -> fmt::Result {
    if c.changed {
        writeln!(f, "Cancelled: {} ({}).", c.title, c.id)?;
    } else {
        writeln!(
            f,
            "{} ({}) is already cancelled: nothing changed.",
            c.title, c.id
        )?;
    }
    if !c.dropped_tasks.is_empty() {
        let n = c.dropped_tasks.len();
        let list: Vec<String> = c
            .dropped_tasks
            .iter()
            .map(|t| format!("{} ({})", t.title, t.id))
            .collect();
        writeln!(
            f,
            "Dropped {n} open task{} of {}: {}.",
            if n == 1 { "" } else { "s" },
            c.id,
            list.join(", ")
        )?;
    }
    match notice {
        Some(line) => writeln!(f, "{line}"),
        None => Ok(()),
    }
}

fn show(ctx: &Ctx, change: &Change, action: Said) -> Result<()> {
    render::show(&ChangeView { change, action }, ctx.json)
}

fn confirm(ctx: &Ctx, id: &str) -> Result<()> {
    let out = change(ctx, id, |_, ev, now| event_change::decide_confirm(ev, now))?;
    show(ctx, &out, Said::Confirm)
}

/// Held: the event's scheduled talks become `given` in the same edit, and
/// each speaker is thanked once by `ug remind --send` (`talk-thanks`).
fn held(ctx: &Ctx, id: &str, attendance: Option<u32>) -> Result<()> {
    let (out, given) = ctx.edit(|e| {
        let g = e.group;
        let ev = super::find_event(g, id)?;
        let c = event_change::decide_held(ev, attendance, ctx.now(g))?;
        event_change::apply(e.doc, &c)?;
        let given = crate::talks::given(g, &ev.id.value);
        for t in &given {
            crate::talks::apply(e.doc, t)?;
        }
        Ok((c, given))
    })?;
    show(ctx, &out, Said::Held)?;
    for t in &given {
        let line = format!("{} `ug remind` thanks the speaker.", t.message);
        // With --json, stdout holds the change alone.
        if ctx.json {
            eprintln!("{line}");
        } else {
            crate::outln!("{line}");
        }
    }
    Ok(())
}

fn cancel(ctx: &Ctx, id: &str) -> Result<()> {
    let mut before = None;
    let out = change(ctx, id, |g, ev, now| {
        before = Some((ev.status, ev.start > now));
        event_change::decide_cancel(g, ev, now.date())
    })?;
    // The sent log is read only when it decides the notice; a log that
    // cannot be read fails the command after what was done is said.
    let mut unread = None;
    let notice = match before {
        _ if ctx.json || !out.changed => None,
        None => None,
        Some((_, false)) => Some("It has already started: no cancellation notice goes out."),
        Some((status, true)) => {
            let told = status == EventStatus::Announced
                || told(ctx, id).unwrap_or_else(|e| {
                    unread = Some(e);
                    false
                });
            if unread.is_some() {
                None
            } else if told {
                Some(
                    "The cancellation notice goes out to the members who were told, with the next `ug remind --send`.",
                )
            } else {
                Some(
                    "Members were never told about it (no announcement went out), so no cancellation notice goes.",
                )
            }
        }
    };
    show(ctx, &out, Said::Cancel(notice))?;
    unread.map_or(Ok(()), Err)
}

/// Whether the sent log holds an announcement or reminder of event `id`:
/// `ug remind` sends the cancellation notice to those members only.
fn told(ctx: &Ctx, id: &str) -> Result<bool> {
    use crate::mail::{Kind, log};
    let log = log::read_keys(&log::path_for(&ctx.locate()?.path))?;
    Ok(log::any_about(&log, &[Kind::Announce, Kind::Remind], id))
}

fn edit_event(ctx: &Ctx, id: &str, edits: &EventEdits) -> Result<()> {
    use crate::mail::log;
    let sent = log::read_keys(&log::path_for(&ctx.locate()?.path))?;
    let out = change(ctx, id, |g, ev, now| {
        let heard = log::change_heard(&sent, &ev.id.value, ev.sequence);
        event_change::decide_edit(g, ev, edits, now, heard)
    })?;
    show(ctx, &out, Said::Edit(ctx.out_style()))
}
