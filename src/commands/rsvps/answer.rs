//! The two edits of sign-ups: `ug rsvp` (one answer, by the rules of
//! `events::rsvp`) and `ug rsvps checkin` (who came), each printed as what
//! happened, who moved up and the mails due (or `--json`: the change).

use std::fmt;

use serde::Serialize;

use super::plural;
use crate::error::{Error, Result};
use crate::events::rsvp::{self, Answer, Outcome, RsvpChange};
use crate::model::{EventStatus, RsvpStatus, Via};
use crate::{Ctx, render};

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
    /// Guests they bring (at most `[signups] guests`, which is 1 unless set)
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    guests: u32,
    /// Their name (default: the member list's, or the earlier RSVP's)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

/// The address, checked: one that cannot be mailed is bad usage (exit 2,
/// with the reason), as in `ug members add`.
fn address(email: &str) -> Result<String> {
    crate::model::units::parse_address(email).map_err(|e| {
        Error::usage(
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
        let e = super::super::find_event(g, &args.event)?;
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
pub(super) fn checkin(ctx: &Ctx, id: &str, emails: &[String]) -> Result<()> {
    let emails = emails
        .iter()
        .map(|e| address(e))
        .collect::<Result<Vec<_>>>()?;
    let c = ctx.edit(|ed| {
        let g = ed.group;
        let e = super::super::find_event(g, id)?;
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
