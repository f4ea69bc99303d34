//! `ug calendar`: an event as iCalendar (RFC 5545), or a feed of every
//! event, to import into a calendar or publish on the group's website.

use serde::Serialize;

use crate::error::Result;
use crate::mail::calendar::{self, Method};
use crate::model::{Event, EventStatus, Group};
use crate::{Ctx, print_json};

/// Print an event as iCalendar (RFC 5545), to import into a calendar.
///
/// EVENT defaults to the next upcoming event. `--all` prints a feed of every
/// event in the file (METHOD:PUBLISH), e.g. to publish on the group's website:
/// `ug calendar --all > meetups.ics`. Times carry the group's time zone
/// (with its VTIMEZONE); a cancelled event is listed as STATUS:CANCELLED.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event's id, e.g. 2026-12-08 [default: the next upcoming event]
    #[arg(conflicts_with = "all")]
    event: Option<String>,
    /// A feed of every event in the file
    #[arg(long)]
    all: bool,
}

/// `ug calendar --json`: the calendar text and what it holds.
#[derive(Debug, Serialize)]
struct View {
    method: &'static str,
    events: Vec<Entry>,
    ics: String,
}

#[derive(Debug, Serialize)]
struct Entry {
    id: String,
    uid: String,
    status: EventStatus,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let now = ctx.clock.instant(g.tz());
    let (ics, events): (String, Vec<&Event>) = if args.all {
        (calendar::feed_ics(g, now), g.events.iter().collect())
    } else {
        let e = target(g, args.event.as_deref(), ctx.now(g))?;
        (calendar::event_ics(g, e, Method::Publish, now), vec![e])
    };
    if ctx.json {
        return print_json(&View {
            method: Method::Publish.as_str(),
            events: events
                .iter()
                .map(|e| Entry {
                    id: e.id.value.clone(),
                    uid: calendar::uid(g, e),
                    status: e.status,
                })
                .collect(),
            ics,
        });
    }
    crate::write_document(&ics);
    Ok(())
}

fn target<'g>(g: &'g Group, id: Option<&str>, now: chrono::NaiveDateTime) -> Result<&'g Event> {
    super::event_or_next(
        g,
        id,
        now,
        "no upcoming event to put in a calendar",
        "name one (`ug calendar EVENT`; `ug events` lists them), print every event with `ug calendar --all`, or plan the next with `ug next-meetup`",
    )
}
