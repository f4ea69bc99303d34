//! `ug remind`: every email due now. A preview by default; `--send` sends
//! through the group's transport, once ever per message (the sent log).

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::commands::{Ctx, confirm};
use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::mail::run::{self, Filter, Run};
use crate::mail::send::{Rate, Settings};
use crate::mail::summary::Summary;
use crate::model::Group;
use crate::render;

mod preview;

/// Every email due now: announcements, reminders, cancellations, task
/// nudges, thank-yous and asks.
///
/// Without `--send` this is a preview: a table of what would go out, nothing
/// sent. With `--send` each message goes out through `[email] transport` and
/// is recorded in `<group>.sent.log` beside the group file; a message in that
/// log is never sent again, so `ug remind --send` is safe to run from cron
/// every day, and a run cut short is resumed by running it again.
/// Temporary SMTP failures are retried (after 0.5 s, 1 s, 2 s; the base is
/// `$UG_RETRY_BASE_MS`); permanent ones are reported per recipient at the end
/// (exit 1) and do not stop the others. So is an address that cannot receive
/// mail, or a person due mail who has no `email`: that recipient is
/// skipped and named (with the fix), the others get theirs; a
/// skipped recipient is recorded in the log and reported (exit 1) only once.
///
/// The announcement goes out once the event is confirmed; until then the
/// organizers get one mail saying what holds it up (`--kind blocked`). A
/// change to an announced event (its `sequence` raised) sends one "changed"
/// mail with the updated calendar (`--kind change`). A person gets one
/// nudge digest at most once per `[reminders] nudge` interval, holding
/// every task of theirs overdue or due within it (organizers and
/// co-organizers get none: `ug daily`'s organizers' digest lists their
/// tasks), and one mail a day for their thank-yous; a late announcement on
/// the reminder's day replaces the reminder.
///
/// Sign-ups: announcements and reminders carry `mailto:` links that answer
/// yes or no (subject `RSVP yes 2026-12-08`, to the signups address). Once
/// an event has RSVPs, the reminder goes to the "yes" people only, and the
/// waitlisted get a note that they still wait (`--kind waiting`);
/// `[signups] release` before the event, "yes" people are asked to reply no
/// if they can't come (`--kind release`). With `[signups] confirm`, each
/// answer in the file is answered once: `rsvp-in` (with the .ics),
/// `rsvp-waitlist` (number N), `rsvp-promoted` (a seat opened).
///
/// Replies `ug inbox` owes (written on its log, sent here once each,
/// threaded to the message they answer, for mail handled in the last 7
/// days): `closed` (an RSVP not recorded, and why; with `confirm`),
/// `welcome` (a join; once ever per address), `unsubscribed` (an
/// unsubscribe), `task-done` (thanks for a "done" that marked a task done).
///
/// The preview needs no `[email]` section; `--send` does, when something is due.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Send the messages (on a terminal, asks first unless --yes)
    #[arg(long)]
    send: bool,
    /// Only messages of this kind (repeatable)
    #[arg(long, value_enum, value_name = "KIND")]
    kind: Vec<Kind>,
    /// Only messages about this event (its id, e.g. 2026-12-08)
    #[arg(long, value_name = "ID")]
    event: Option<String>,
    /// Print the whole messages instead of the table
    #[arg(long, conflicts_with = "send")]
    show: bool,
    /// Write each message as a .eml file in DIR instead of sending it
    #[arg(long, value_name = "DIR", conflicts_with = "send")]
    out: Option<PathBuf>,
    /// SMTP connections in parallel, each taking the next message
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    connections: u16,
    /// At most this many messages per second or minute, for relays with a
    /// quota: `10/s`, `100/min`, `1000/h`
    #[arg(long, value_name = "N/UNIT")]
    rate: Option<Rate>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let filter = Filter {
        kinds: args.kind,
        event: args.event,
        task: None,
    };
    if !args.send {
        let loaded = ctx.load()?;
        check_filters(&loaded.group, &filter)?;
        let show = preview::Show {
            whole: args.show,
            out: args.out,
        };
        return preview::preview(ctx, loaded, &filter, &show);
    }
    send(ctx, &filter, usize::from(args.connections), args.rate)
}

/// Sends what is due now that `filter` wants (`ug remind --send`, `ug tasks
/// ask --send`): on a terminal, asks first (unless `--yes`); prints the
/// summary, then each failure and skipped recipient on stderr.
pub fn send(ctx: &Ctx, filter: &Filter, connections: usize, rate: Option<Rate>) -> Result<()> {
    let summary = send_summary(ctx, filter, connections, rate)?;
    render::show(&summary, ctx.json)?;
    eprint!("{}", summary.problems(ctx.err_style()));
    summary.result()
}

/// Sends as [`send`] does and returns the summary unprinted (`ug daily`
/// prints it as one line); only "Updated FILE" is said, on stderr.
pub fn send_summary(
    ctx: &Ctx,
    filter: &Filter,
    connections: usize,
    rate: Option<Rate>,
) -> Result<Summary> {
    let loaded = ctx.load()?;
    check_filters(&loaded.group, filter)?;
    let run = Run {
        loaded,
        clock: &ctx.clock,
        filter,
        settings: Settings {
            connections: connections.max(1),
            rate,
            progress: std::io::stderr().is_terminal() && !ctx.json,
        },
    };
    let summary = run::send(&run, |about| {
        if ctx.interactive && !ctx.yes {
            eprintln!("{about}");
            confirm(ctx, "Send them?")?;
        }
        Ok(())
    })?;
    if summary.updated {
        eprintln!("Updated {}", loaded.location.display);
    }
    Ok(summary)
}

/// `--event` and `--task` must name something in the file (a talk's mail,
/// sent by `ug talks ask`, names its talk in `task`).
fn check_filters(g: &Group, filter: &Filter) -> Result<()> {
    if let Some(id) = &filter.event {
        super::find_event(g, id)?;
    }
    let talks = !filter.kinds.is_empty()
        && filter
            .kinds
            .iter()
            .all(|k| matches!(k, Kind::TalkAsk | Kind::SpeakerThanks));
    if let Some(id) = filter.task
        && !talks
        && !g.tasks.iter().any(|t| *t.id == id)
    {
        return Err(Error::failed_with(
            format!("there is no task {id}"),
            "`ug tasks --all` lists every task",
        ));
    }
    Ok(())
}
