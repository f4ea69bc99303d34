//! `ug remind`: every email due now. A preview by default; `--send` sends
//! through the group's transport, once ever per message (the sent log).

use std::path::PathBuf;

use crate::commands::Ctx;
use crate::error::Result;
use crate::mail::Kind;
use crate::mail::run::Filter;
use crate::mail::send::Rate;

mod preview;

/// Every email due now: announcements, reminders, cancellations, task
/// nudges, thank-yous and asks.
///
/// Without `--send` this is a preview: a table of what would go out, nothing
/// sent. With `--send` each message goes out through `[email] transport` and
/// is recorded in `<group>.sent.log` beside the group file (with the run's
/// time: `$UG_NOW` when that pins it, else the real time); a message in that
/// log is never sent again, so `ug remind --send` is safe to run from cron
/// every day, and a run cut short is resumed by running it again.
/// Temporary SMTP failures are retried (after 0.5 s, 1 s, 2 s; the base is
/// `$UG_RETRY_BASE_MS`); permanent ones are reported per recipient at the end
/// (exit 1) and do not stop the others. So is an address that cannot receive
/// mail, or a person due mail who has no `email`: that recipient is
/// skipped and named (with the fix), the others get theirs; a
/// skipped recipient is recorded in the log and reported (exit 1) only once.
///
/// A sending quota (`[email.smtp] max_per_day` / `max_per_hour`, or the
/// `[email] provider`'s, e.g. Gmail 500 a day) is counted from the log: a
/// run that reaches it sends what fits (time-critical mail and
/// announcements first) and exits 0, saying how many are held and from when
/// they go; the next run sends them.
///
/// The announcement goes out once the event is confirmed; until then the
/// organizers get one mail saying what holds it up (`--kind blocked`). A
/// change to an announced event's date, time or venue (by `ug events edit`
/// or by hand in the file) sends one "changed" mail with the updated
/// calendar (`--kind change`). A person gets one
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
        crate::mail::now::check_filters(&loaded.group, &filter)?;
        let show = preview::Show {
            whole: args.show,
            out: args.out,
        };
        return preview::preview(ctx, loaded, &filter, &show);
    }
    super::send_due(ctx, &filter, usize::from(args.connections), args.rate)
}
