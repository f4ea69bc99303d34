//! `ug rsvps [EVENT]` (who is going, the waitlist, seats left, no-shows;
//! `--csv` a sign-in sheet), `ug rsvps checkin EVENT EMAIL...` and
//! `ug rsvp EVENT EMAIL [--no] [--guests N] [--name NAME]`. The rules live
//! in `events::rsvp`; this file parses and prints the views, `answer` the
//! two edits (through `Ctx::edit`).

mod answer;

pub use answer::{RsvpArgs, run_rsvp};

use std::fmt;

use chrono::NaiveDateTime;
use clap::Subcommand;
use serde::Serialize;

use crate::error::Result;
use crate::events::rsvp;
use crate::model::{Event, EventStatus, Group, Rsvp, RsvpStatus, Via};
use crate::term::Style;
use crate::{Ctx, render};

/// Who is coming to an event: going (with guests), the waitlist in order,
/// seats left, and the no-shows once it was held
///
/// The event is the next one unless named. Seats are the event's
/// `capacity`, else its venue's (neither: unlimited); a guest takes a seat.
/// `--csv` prints a sign-in sheet for the door (name, email, guests,
/// status, here), going first, then the waitlist in order.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// The event's id, e.g. 2026-12-08 [default: the next event]
    event: Option<String>,
    /// A sign-in sheet for the door, as CSV on stdout
    #[arg(long)]
    csv: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Mark who came (`attended = true`); `ug events held` then counts them
    ///
    /// An address without an RSVP is a walk-in: it is added as a "yes".
    Checkin {
        /// The event's id, e.g. 2026-12-08
        event: String,
        /// The addresses of the people who came
        #[arg(required = true, value_name = "EMAIL")]
        emails: Vec<String>,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        Some(Action::Checkin { event, emails }) => answer::checkin(ctx, &event, &emails),
        None => list(ctx, args.event.as_deref(), args.csv),
    }
}

fn target<'g>(g: &'g Group, id: Option<&str>, now: NaiveDateTime) -> Result<&'g Event> {
    super::event_or_next(
        g,
        id,
        now,
        "no upcoming event: nothing is planned",
        "name one: `ug rsvps EVENT` (`ug events` lists them)",
    )
}

/// One person in `ug rsvps`.
#[derive(Debug, Serialize)]
struct Person<'a> {
    email: &'a str,
    name: Option<&'a str>,
    guests: u32,
    at: NaiveDateTime,
    via: Option<Via>,
    attended: bool,
    /// Place on the waitlist (1 = next).
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl<'a> Person<'a> {
    fn of(r: &'a Rsvp, position: Option<usize>) -> Self {
        Person {
            email: &r.email,
            name: r.name.as_deref(),
            guests: r.guests,
            at: r.at,
            via: r.via,
            attended: r.attended,
            position,
        }
    }

    fn who(&self) -> String {
        match self.name {
            Some(n) => format!("{n} <{}>", self.email),
            None => self.email.to_string(),
        }
    }
}

/// `ug rsvps`: text, or with `--json` the same data.
#[derive(Serialize)]
struct RsvpsView<'a> {
    event: &'a str,
    title: &'a str,
    start: NaiveDateTime,
    status: EventStatus,
    /// `null`: unlimited.
    seats: Option<u32>,
    taken: u32,
    left: Option<u32>,
    going: Vec<Person<'a>>,
    waitlist: Vec<Person<'a>>,
    not_going: Vec<Person<'a>>,
    /// Once held with check-ins: "yes" people who did not come.
    no_shows: Option<Vec<Person<'a>>>,
    #[serde(skip)]
    style: Style,
}

fn view<'g>(g: &'g Group, e: &'g Event, style: Style) -> RsvpsView<'g> {
    let seats = g.seats(e);
    let taken = rsvp::taken(&e.rsvps);
    let mut going: Vec<&Rsvp> = e
        .rsvps
        .iter()
        .filter(|r| r.status == RsvpStatus::Yes)
        .collect();
    going.sort_by_key(|r| r.at);
    let held = e.status == EventStatus::Held && e.rsvps.iter().any(|r| r.attended);
    RsvpsView {
        event: &e.id.value,
        title: &e.title,
        start: e.start,
        status: e.status,
        seats,
        taken,
        left: seats.map(|s| s.saturating_sub(taken)),
        no_shows: held.then(|| {
            going
                .iter()
                .filter(|r| !r.attended)
                .map(|r| Person::of(r, None))
                .collect()
        }),
        going: going.iter().map(|r| Person::of(r, None)).collect(),
        waitlist: rsvp::waitlist(&e.rsvps)
            .into_iter()
            .enumerate()
            .map(|(n, (_, r))| Person::of(r, Some(n + 1)))
            .collect(),
        not_going: e
            .rsvps
            .iter()
            .filter(|r| r.status == RsvpStatus::No)
            .map(|r| Person::of(r, None))
            .collect(),
        style,
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for RsvpsView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.style;
        writeln!(
            f,
            "{} ({}), {}",
            s.bold(self.title),
            self.event,
            self.start.format("%a %b %-d %Y %H:%M")
        )?;
        match (self.seats, self.left) {
            (Some(n), Some(left)) => writeln!(f, "Seats: {n}, {} taken, {left} left", self.taken)?,
            _ => writeln!(f, "Seats: unlimited, {} taken", self.taken)?,
        }
        if self.going.is_empty() && self.waitlist.is_empty() && self.not_going.is_empty() {
            return writeln!(
                f,
                "\nNo RSVPs yet: members answer the announcement; `ug rsvp {} EMAIL` records one told in person.",
                self.event
            );
        }
        let guests: u32 = self.going.iter().map(|p| p.guests).sum();
        writeln!(
            f,
            "\n{} {}{}",
            s.bold("Going:"),
            plural(self.going.len(), "person", "people"),
            if guests > 0 {
                format!(" and {}", plural(guests as usize, "guest", "guests"))
            } else {
                String::new()
            }
        )?;
        for p in &self.going {
            let plus = if p.guests > 0 {
                format!(" +{}", p.guests)
            } else {
                String::new()
            };
            let here = if p.attended { "  (came)" } else { "" };
            writeln!(f, "  {}{plus}{here}", p.who())?;
        }
        writeln!(f, "\n{} {}", s.bold("Waitlist:"), self.waitlist.len())?;
        for p in &self.waitlist {
            let plus = if p.guests > 0 {
                format!(" +{}", p.guests)
            } else {
                String::new()
            };
            writeln!(
                f,
                "  {}. {}{plus}  since {}",
                p.position.unwrap_or(0),
                p.who(),
                p.at.format("%a %b %-d %H:%M")
            )?;
        }
        writeln!(f, "\n{} {}", s.bold("Not going:"), self.not_going.len())?;
        match &self.no_shows {
            Some(list) => {
                writeln!(f, "\n{} {}", s.bold("No-shows:"), list.len())?;
                for p in list {
                    writeln!(f, "  {}", p.who())?;
                }
            }
            None if self.status == EventStatus::Held => writeln!(
                f,
                "\nNo check-ins recorded: `ug rsvps checkin {} EMAIL...` marks who came.",
                self.event
            )?,
            None => {}
        }
        Ok(())
    }
}

fn list(ctx: &Ctx, id: Option<&str>, csv: bool) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let e = target(g, id, ctx.now(g))?;
    let v = view(g, e, ctx.out_style());
    if csv {
        crate::term::write_data(&sign_in_sheet(&v)?);
        return Ok(());
    }
    render::show(&v, ctx.json)
}

/// The sign-in sheet: going by name, then the waitlist in order, as CSV
/// (`crate::spreadsheet`: a name that looks like a formula stays text).
fn sign_in_sheet(v: &RsvpsView) -> Result<String> {
    let mut going: Vec<&Person> = v.going.iter().collect();
    going.sort_by_key(|p| p.name.unwrap_or(p.email).to_lowercase());
    let rows = going.into_iter().map(|p| (p, "yes".to_string())).chain(
        v.waitlist
            .iter()
            .map(|p| (p, format!("waitlist {}", p.position.unwrap_or(0)))),
    );
    let rows = rows.map(|(p, status)| {
        [
            p.name.unwrap_or("").to_string(),
            p.email.to_string(),
            p.guests.to_string(),
            status,
            if p.attended { "yes" } else { "" }.to_string(),
        ]
    });
    crate::spreadsheet::to_csv(&["name", "email", "guests", "status", "here"], rows)
}
