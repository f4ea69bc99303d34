//! `ug inbox`: reads the replies in `[inbox] maildir` (or over IMAP,
//! `[inbox.imap]`), says what each one
//! is, and lists the mail waiting for a person; `ug inbox done ID` closes
//! one. The reading and sorting live in `crate::inbox`.

use std::fmt::Write as _;

use clap::Subcommand;

use crate::error::Result;
use crate::inbox::log::Waiting;
use crate::inbox::run::{self, Outcome, short_id};
use crate::inbox::waiting;
use crate::{Ctx, print_json};

/// Read the replies in the inbox and act on them; list the mail that waits for a person.
///
/// Reads every message in `[inbox] maildir` (a Maildir as mbsync,
/// offlineimap or getmail keep one, relative to the group file), or over
/// IMAP from `[inbox.imap]` (host, port, security = tls | starttls | none,
/// username, password_env, password_cmd or oauth2_token_cmd, folder,
/// sent_folder, ca_file;
/// read-only: EXAMINE and BODY.PEEK, mail stays unread), not seen
/// before, and prints one line per message, what it is and what was done:
/// an RSVP (recorded on the event: "yes, seat taken", "waitlisted #3",
/// "not recorded: ..."), an answer to `ug tasks ask` (accepted or
/// declined), "done" for a task (marked done), unsubscribe
/// (`unsubscribed = true`), join (a new `[[members]]` entry; one who
/// unsubscribed is put back), a bounce (counted only when it proves it came
/// back from ug's mail: a second hard one within 30 days marks the member
/// `bounced`), an auto-reply (never answered), or mail that needs a person.
/// The changes are one edit of the group file (asked first on a terminal,
/// unless --yes), made durable before the log records the messages. Each message is
/// handled once, ever (the log `group.inbox.log` beside the group file);
/// ug never moves or deletes mail. Mail that needs a person is listed with
/// its id, age, sender and subject until an organizer's reply to it shows up
/// in `[inbox] sent_maildir` (or `sent_folder`), or `ug inbox done ID` closes
/// it. An unreadable message (a link, FIFO or anything but a regular
/// file) is reported with its file name (or UID) and skipped; one over
/// 25 MB waits for a person unread. A message arrived when it was
/// delivered (its Maildir name, else the file's time, or the IMAP internal
/// date), never when its Date or Received header says. At most 20 messages
/// a run from one address are acted on; the rest wait for a person.
/// `ug inbox` sends
/// no mail: the reply a message is owed ("RSVPs are closed" and why, a
/// welcome, "unsubscribed", thanks for a task done) is written on its log
/// line, and `ug remind --send` sends it, once; at most one such answer to
/// an address a day, none to automatic or list mail (RFC 3834). A "done" to a nudge digest
/// marks the tasks it names by number ("done 12 14"); a bare "done" for
/// several tasks waits for a person. A talk offered in a reply to an
/// announcement's call for talks ("I'd like to give a lightning talk on X",
/// also beside a yes) or in mail titled "Talk proposal: X" becomes a
/// `proposed` `[[talks]]` entry, its speaker a person (added to `[[people]]`
/// when the address is unknown), and waits for an organizer's answer.
/// `--json` prints
/// {dry_run, messages: [{id, file, from, name, subject, arrived, class,
/// proposal: {kind, title} (when it offers a talk), handled,
/// action: {done, changed, notices, reply}, ...}],
/// unreadable: [{file, why}], answered, waiting: [{id, message_id, from, name, subject,
/// arrived, age}]}.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Show what each new message is and what would be done; change nothing
    #[arg(long)]
    dry_run: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Close a message that waits for a person (you answered it another way)
    Done {
        /// Its id, as `ug inbox` lists it (or its Message-ID)
        id: String,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let group_file = &loaded.location.path;
    if let Some(Action::Done { id }) = args.action {
        let w = run::close(group_file, &id)?;
        if ctx.json {
            let now = ctx.clock.instant(g.tz()).timestamp();
            return print_json(&WaitingView::new(&w, now));
        }
        crate::outln!("Closed {}: {} ({})", short_id(&w.id), w.subject, sender(&w));
        return Ok(());
    }
    let domain = crate::mail::calendar::domain(g);
    let out = crate::inbox::handle(ctx, loaded, &domain, args.dry_run)?;
    let now = ctx.clock.instant(g.tz()).timestamp();
    if ctx.json {
        return print_json(&View {
            dry_run: args.dry_run,
            messages: &out.messages,
            unreadable: &out.unreadable,
            answered: out
                .answered
                .iter()
                .map(|w| WaitingView::new(w, now))
                .collect(),
            waiting: out
                .waiting
                .iter()
                .map(|w| WaitingView::new(w, now))
                .collect(),
        });
    }
    crate::write_stdout(&text(&out, args.dry_run, now));
    Ok(())
}

/// `ug inbox --json`.
#[derive(serde::Serialize)]
struct View<'a> {
    dry_run: bool,
    messages: &'a [run::Seen],
    unreadable: &'a [crate::inbox::Unreadable],
    answered: Vec<WaitingView<'a>>,
    waiting: Vec<WaitingView<'a>>,
}

/// A message waiting for a person, as `--json` shows it: `id` is the short
/// id `ug inbox done` takes.
#[derive(serde::Serialize)]
struct WaitingView<'a> {
    id: String,
    message_id: &'a str,
    from: &'a str,
    name: &'a str,
    subject: &'a str,
    /// When it arrived (UTC, RFC 3339).
    arrived: String,
    /// How long it has waited, in seconds.
    age: i64,
}

impl<'a> WaitingView<'a> {
    fn new(w: &'a Waiting, now: i64) -> Self {
        WaitingView {
            id: short_id(&w.id),
            message_id: &w.id,
            from: &w.from,
            name: &w.name,
            subject: &w.subject,
            arrived: chrono::DateTime::from_timestamp(w.arrived, 0)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            age: (now - w.arrived).max(0),
        }
    }
}

fn sender(w: &Waiting) -> String {
    if w.name.is_empty() {
        w.from.clone()
    } else {
        format!("{} <{}>", w.name, w.from)
    }
}

/// The text report: one line per new message, then what waits.
fn text(out: &Outcome, dry_run: bool, now: i64) -> String {
    let mut s = String::new();
    let n = out.messages.len();
    if n == 0 {
        s.push_str("No new mail.\n");
    } else {
        let _ = writeln!(s, "{n} new message{}:", if n == 1 { "" } else { "s" });
    }
    for m in &out.messages {
        let msg = &m.message;
        let from = if msg.from.is_empty() {
            "(no sender)"
        } else {
            &msg.from
        };
        let said = match &m.action {
            Some(a) if !a.done.is_empty() => a.done.as_str(),
            _ => msg.subject.as_str(),
        };
        let what = match (&msg.class, &msg.proposal) {
            (crate::inbox::Class::Person, Some(_)) => "talk proposal".to_string(),
            _ => msg.class.describe(),
        };
        let _ = writeln!(s, "  {what:<28} {from}: {said}");
    }
    for w in &out.answered {
        let _ = writeln!(s, "Answered: {} ({})", w.subject, sender(w));
    }
    if !out.waiting.is_empty() {
        let _ = writeln!(s, "\nWaiting for a person ({}):", out.waiting.len());
        for w in &out.waiting {
            let age = waiting::age(now - w.arrived);
            let _ = writeln!(
                s,
                "  {}  {age:>4}  {}: {}",
                short_id(&w.id),
                sender(w),
                w.subject
            );
        }
        s.push_str("Answer them (a reply in the sent folder closes one), or `ug inbox done ID`.\n");
    }
    if dry_run {
        s.push_str("Dry run: nothing recorded.\n");
    }
    s
}
