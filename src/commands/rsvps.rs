//! `ug rsvps [EVENT]` (who is going, the waitlist, seats left, no-shows;
//! `--csv` a sign-in sheet), `ug rsvps checkin EVENT EMAIL...` and
//! `ug rsvp EVENT EMAIL [--no] [--guests N] [--name NAME]`. The rules live
//! in `events::rsvp`; this file parses, edits through `Ctx::edit` and prints.

use std::fmt::{self, Write as _};

use chrono::NaiveDateTime;
use clap::Subcommand;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::next_event;
use crate::events::rsvp::{self, Answer, Outcome, RsvpChange};
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

/// Record an RSVP told in person or by phone (`via = "manual"`)
///
/// A "yes" takes a seat while the party (the person and their guests) fits,
/// else joins the waitlist; `--no` frees the seats, and the waitlist moves
/// up in arrival order. A repeated answer replaces the earlier one. The
/// rules of the inbox apply: no RSVP before `[signups] opens`, after
/// `closes`, for a cancelled or past event, or from an unsubscribed address.
/// The mails due (you're in, waitlisted, a seat opened) are listed.
#[derive(Debug, clap::Args)]
pub struct RsvpArgs {
    /// The event's id, e.g. 2026-12-08
    event: String,
    /// The person's address
    email: String,
    /// They are not coming (frees their seats)
    #[arg(long)]
    no: bool,
    /// Guests they bring (at most `[signups] guests`, default 1)
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    guests: u32,
    /// Their name (default: the member list's, or the earlier RSVP's)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        Some(Action::Checkin { event, emails }) => checkin(ctx, &event, &emails),
        None => list(ctx, args.event.as_deref(), args.csv),
    }
}

fn target<'g>(g: &'g Group, id: Option<&str>, now: NaiveDateTime) -> Result<&'g Event> {
    match id {
        Some(id) => super::find_event(g, id),
        None => next_event(g, now).ok_or_else(|| {
            Error::failed_with(
                "no upcoming event: nothing is planned",
                "name one: `ug rsvps EVENT` (`ug events` lists them)",
            )
        }),
    }
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

fn plural(n: usize, one: &str, many: &str) -> String {
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
        crate::term::write_data(&sign_in_sheet(&v));
        return Ok(());
    }
    render::show(&v, ctx.json)
}

/// The sign-in sheet: going by name, then the waitlist in order.
fn sign_in_sheet(v: &RsvpsView) -> String {
    let mut going: Vec<&Person> = v.going.iter().collect();
    going.sort_by_key(|p| p.name.unwrap_or(p.email).to_lowercase());
    let mut out = String::from("name,email,guests,status,here\n");
    let rows = going.into_iter().map(|p| (p, "yes".to_string())).chain(
        v.waitlist
            .iter()
            .map(|p| (p, format!("waitlist {}", p.position.unwrap_or(0)))),
    );
    for (p, status) in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            csv_field(p.name.unwrap_or("")),
            csv_field(p.email),
            p.guests,
            status,
            if p.attended { "yes" } else { "" }
        );
    }
    out
}

/// A CSV field (RFC 4180), with a formula's leading character defused for
/// spreadsheets.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The address, checked (exit 1 with the reason when it cannot be mailed).
fn address(email: &str) -> Result<String> {
    crate::model::units::parse_address(email).map_err(|e| {
        Error::failed_with(
            e.to_string(),
            "give the person's address, like ann@example.com",
        )
    })?;
    Ok(email.trim().to_string())
}

/// `ug rsvp`: one answer recorded by hand.
pub fn run_rsvp(args: RsvpArgs, ctx: &Ctx) -> Result<()> {
    let email = address(&args.email)?;
    let name = args
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let c = ctx.edit(|ed| {
        let g = ed.group;
        let e = super::find_event(g, &args.event)?;
        let limit = g.signups.guests;
        if !args.no && args.guests > limit {
            return Err(Error::failed_with(
                format!(
                    "--guests {}: this group allows at most {limit} guest{} per RSVP",
                    args.guests,
                    if limit == 1 { "" } else { "s" }
                ),
                "raise `guests` in [signups] to allow more",
            ));
        }
        let answer = Answer {
            email: email.clone(),
            name: name.clone(),
            yes: !args.no,
            guests: if args.no { 0 } else { args.guests },
            via: Via::Manual,
        };
        let c = rsvp::decide(e, g, &answer, ctx.now(g));
        if let Outcome::Refused { reason } = c.outcome {
            return Err(Error::failed_with(
                format!("not recorded: {reason} (event `{}`)", e.id.value),
                "RSVPs count for upcoming, live events within [signups] opens and closes, from subscribed addresses",
            ));
        }
        rsvp::apply(ed.doc, &c)?;
        Ok(c)
    })?;
    render::show(
        &ChangeView {
            c: &c,
            email: &email,
        },
        ctx.json,
    )
}

/// An RSVP change as printed: what happened, who moved up, the mails due.
#[derive(Serialize)]
#[serde(transparent)]
struct ChangeView<'a> {
    c: &'a RsvpChange,
    #[serde(skip)]
    email: &'a str,
}

impl fmt::Display for ChangeView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.c;
        let at = format!("{} ({})", c.title, c.event);
        match c.outcome {
            Outcome::Recorded { status, position } => match (status, position) {
                (RsvpStatus::Yes, _) => writeln!(f, "{} is going to {at}.", self.email)?,
                (RsvpStatus::Waitlist, n) => writeln!(
                    f,
                    "{} is on the waitlist of {at}, number {}: the event is full.",
                    self.email,
                    n.unwrap_or(0)
                )?,
                (RsvpStatus::No, _) => writeln!(f, "{} is not going to {at}.", self.email)?,
            },
            Outcome::Unchanged { status } => writeln!(
                f,
                "{} already answered {status} for {at}: nothing changed.",
                self.email
            )?,
            Outcome::Refused { reason } => writeln!(f, "Not recorded: {reason}.")?,
            Outcome::Seats => {}
        }
        if let Some(limit) = c.guests_capped {
            writeln!(f, "Guests capped at {limit} ([signups] guests).")?;
        }
        if !c.promoted.is_empty() {
            writeln!(f, "Moved up from the waitlist: {}.", c.promoted.join(", "))?;
        }
        match c.seats {
            Some(n) => writeln!(
                f,
                "Seats: {} of {n} taken, {} left.",
                c.taken,
                n.saturating_sub(c.taken)
            )?,
            None => writeln!(f, "Seats: unlimited, {} taken.", c.taken)?,
        }
        if !c.notices.is_empty() {
            writeln!(f, "Mail due ([signups] confirm):")?;
            for n in &c.notices {
                writeln!(f, "  {n}")?;
            }
        }
        Ok(())
    }
}

/// `ug rsvps checkin`: who came.
fn checkin(ctx: &Ctx, id: &str, emails: &[String]) -> Result<()> {
    let emails = emails
        .iter()
        .map(|e| address(e))
        .collect::<Result<Vec<_>>>()?;
    let c = ctx.edit(|ed| {
        let g = ed.group;
        let e = super::find_event(g, id)?;
        let now = ctx.now(g);
        if e.status == EventStatus::Cancelled {
            return Err(Error::failed(format!(
                "event `{id}` was cancelled: nobody came"
            )));
        }
        if now.date() < e.start.date() {
            return Err(Error::failed_with(
                format!(
                    "event `{id}` is on {}: check people in at the door or after",
                    e.start.format("%a %b %-d %Y")
                ),
                "`ug rsvps` lists who is going",
            ));
        }
        let c = rsvp::checkin(g, e, &emails, now);
        rsvp::apply(ed.doc, &c)?;
        Ok(c)
    })?;
    render::show(&CheckinView { c: &c }, ctx.json)
}

#[derive(Serialize)]
#[serde(transparent)]
struct CheckinView<'a> {
    c: &'a RsvpChange,
}

impl fmt::Display for CheckinView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.c;
        writeln!(
            f,
            "Checked in {} at {} ({}): {}.",
            plural(c.checked_in.len(), "person", "people"),
            c.title,
            c.event,
            c.checked_in.join(", ")
        )?;
        if !c.walk_ins.is_empty() {
            writeln!(
                f,
                "Walk-ins without an RSVP, added as going: {}.",
                c.walk_ins.join(", ")
            )?;
        }
        writeln!(
            f,
            "`ug events held {}` counts attendance from the check-ins.",
            c.event
        )
    }
}
