//! `ug remind`: every email due now. A preview by default; `--send` sends
//! through the group's transport, once ever per message (the sent log).

use std::io::IsTerminal;
use std::path::PathBuf;

use serde::Serialize;
use toml_edit::Value;

use crate::commands::confirm;
use crate::error::{Error, Result};
use crate::mail::outcome::{complete_batches, counted, skipped_error, skipped_rows};
use crate::mail::send::{self, Rate, Report, Sent, Settings};
use crate::mail::{Due, Kind, Outgoing, compose, due, log};
use crate::model::{EventStatus, Group};
use crate::{Ctx, edit, outln, print_json};

mod preview;

use preview::{
    clean, compose_all, preview, recipient_problem, report_skipped, with_placeholder_sender,
};

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
/// mail with the updated calendar (`--kind change`). A person gets at most
/// one mail a day for all their task nudges, and one for their thank-yous;
/// a late announcement on the reminder's day replaces the reminder.
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

/// Messages composed per hand-over to the sender.
const COMPOSE_BATCH: usize = 32;

/// What `ug remind` does; `ug tasks ask ID PERSON --send` builds one too.
#[derive(Debug, Clone, Default)]
pub struct RemindOptions {
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<Kind>,
    pub event: Option<String>,
    pub task: Option<i64>,
    pub send: bool,
    pub show: bool,
    pub out: Option<PathBuf>,
    pub connections: usize,
    pub rate: Option<Rate>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    remind(
        ctx,
        &RemindOptions {
            kinds: args.kind,
            event: args.event,
            task: None,
            send: args.send,
            show: args.show,
            out: args.out,
            connections: usize::from(args.connections),
            rate: args.rate,
        },
    )
}

/// One message, as `--json` lists it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    kind: Kind,
    key: &'a str,
    to: &'a str,
    subject: &'a str,
    message_id: &'a str,
    event: Option<&'a str>,
    task: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn of(m: &'a Outgoing) -> Row<'a> {
        Row {
            kind: m.kind,
            key: &m.key,
            to: &m.to,
            subject: &m.subject,
            message_id: &m.message_id,
            event: m.event.as_deref(),
            task: m.task,
            error: None,
        }
    }
}

pub fn remind(ctx: &Ctx, opts: &RemindOptions) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let group_path = loaded.location.path.as_path();
    let base = match group_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let no_email = || {
        Error::failed_with(
            format!(
                "{} has no [email] section: ug does not know how to send",
                loaded.location.display
            ),
            "add [email] with `from` and `transport` (and [email.smtp]); see the README, \"Sending mail\"",
        )
    };
    check_filters(g, opts)?;
    // Only sending needs [email]: a preview shows what is due without it,
    // and with nothing due there is nothing to send.
    if opts.send && g.email.is_none() {
        let sent = log::read_keys(&log::path_for(group_path))?;
        let due_now = due::due(g, ctx.now(g), &|k| sent.contains(k));
        if due_now.iter().any(|d| wanted_by(opts, d)) {
            return Err(no_email());
        }
        outln!("Nothing to send: nothing is due now.");
        return Ok(());
    }

    let log_path = log::path_for(group_path);
    let mut sent_log = None;
    let mut sent_keys = Default::default();
    if opts.send {
        sent_log = Some(log::SentLog::open(&log_path)?);
    } else {
        sent_keys = log::read_keys(&log_path)?;
    }
    let is_sent = |k: &str| match &sent_log {
        Some(l) => l.contains(k),
        None => sent_keys.contains(k),
    };
    let now = ctx.now(g);
    let all_due = due::due(g, now, &is_sent);
    let templates = compose::Templates::load(&base)?;
    let instant = ctx.clock.instant(g.tz());
    let mut wanted: Vec<&Due> = all_due.iter().filter(|d| wanted_by(opts, d)).collect();
    // A recipient whose address cannot receive mail is skipped and named;
    // the others go out.
    let mut skipped: Vec<(&Due, String)> = Vec::new();
    wanted.retain(|d| match recipient_problem(d) {
        Some(why) => {
            skipped.push((d, why));
            false
        }
        None => true,
    });

    let Some(mut sent_log) = sent_log else {
        // Without [email], the preview's messages come from a placeholder
        // sender (said on stderr).
        let placeholder = g.email.is_none().then(|| with_placeholder_sender(g));
        let from = placeholder.as_ref().unwrap_or(g);
        let messages = compose_all(&wanted, |d| compose::compose(from, d, instant, &templates))?;
        report_skipped(ctx, &skipped, false);
        if placeholder.is_some() && !messages.is_empty() {
            eprintln!(
                "{} {} has no [email] section: this preview uses a placeholder sender; `--send` needs [email] (see the README, \"Sending mail\")",
                ctx.err_style().warning("note:"),
                loaded.location.display
            );
        }
        return preview(ctx, &messages, opts);
    };
    let Some(email) = g.email.as_ref() else {
        return Err(no_email());
    };
    // Each skipped recipient is reported once: recorded as skipped, its key
    // is settled, and the next run (cron, daily) does not report it again.
    for (d, why) in &skipped {
        for key in d.keys() {
            sent_log.record_skipped(key, &d.to.address, why)?;
        }
    }
    sent_log.commit()?;
    if wanted.is_empty() && !skipped.is_empty() {
        report_skipped(ctx, &skipped, true);
        if ctx.json {
            print_json(&serde_json::json!({
                "sent": [], "failed": [], "not_sent": 0, "announced": [],
                "skipped": skipped_rows(&skipped),
            }))?;
        } else {
            outln!("Sent 0 messages; {} skipped", skipped.len());
        }
        return Err(skipped_error(&skipped));
    }
    if wanted.is_empty() {
        // An earlier run may have sent a batch but failed to record it.
        let announced = complete_batches(g, &[], &Report::default(), &sent_log, &all_due);
        drop(sent_log);
        if !announced.is_empty() {
            mark_announced(ctx, &announced)?;
        }
        if ctx.json {
            return print_json(&serde_json::json!({
                "sent": [], "failed": [], "not_sent": 0, "announced": announced,
            }));
        }
        if all_due.is_empty() {
            outln!("Nothing to send: nothing is due now.");
        } else {
            outln!("Nothing to send: nothing due {}.", filters(opts));
        }
        for id in &announced {
            outln!("Event {id} is now announced.");
        }
        return Ok(());
    }
    if ctx.interactive && !ctx.yes {
        eprintln!(
            "About to send {} through {}.",
            counted(wanted.iter().map(|d| d.kind)),
            via(email)
        );
        confirm(ctx, "Send them?")?;
    }
    let settings = Settings {
        connections: opts.connections.max(1),
        rate: opts.rate,
        progress: std::io::stderr().is_terminal() && !ctx.json,
    };
    // Compose on a second thread while this one sends: the two overlap.
    // In batches: one wake-up of the sender per batch, not per message.
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<Outgoing>>(64);
    let total = wanted.len();
    let wanted_ref = &wanted;
    // One composer: a second one (on 2 CPUs) starves the sender and was slower.
    let (composed, sent) = std::thread::scope(|s| {
        let composer = s.spawn(move || -> Result<()> {
            for chunk in wanted_ref.chunks(COMPOSE_BATCH) {
                let batch = chunk
                    .iter()
                    .map(|d| compose::compose(g, d, instant, &templates))
                    .collect::<Result<Vec<Outgoing>>>()?;
                if tx.blocking_send(batch).is_err() {
                    break; // the sender stopped
                }
            }
            Ok(())
        });
        let sent = send::send_all(email, &base, rx, total, &mut sent_log, &settings);
        let composed = composer
            .join()
            .unwrap_or_else(|_| Err(Error::failed("composing the messages failed (a bug in ug)")));
        (composed, sent)
    });
    let Sent { messages, report } = sent?;
    composed?;
    let not_sent = wanted.len() - report.sent.len() - report.failed.len();

    // An announcement batch is complete when nothing of it is due any more.
    let still_due = due::due(g, now, &|k| sent_log.contains(k));
    let announced = complete_batches(g, &messages, &report, &sent_log, &still_due);
    drop(sent_log);
    if !announced.is_empty() {
        mark_announced(ctx, &announced)?;
    }
    finish(ctx, &messages, &report, not_sent, &announced, &skipped)
}

/// True when `d` passes the `--kind`, `--event` and `--task` filters.
fn wanted_by(opts: &RemindOptions, d: &Due) -> bool {
    (opts.kinds.is_empty() || opts.kinds.contains(&d.kind))
        && (opts.event.is_none()
            || d.event == opts.event
            || d.more.iter().any(|p| p.event == opts.event))
        && (opts.task.is_none() || d.task == opts.task)
}

/// "for task 9", "of kind announce about event 2026-12-08": what narrowed it.
fn filters(opts: &RemindOptions) -> String {
    let mut parts = Vec::new();
    if !opts.kinds.is_empty() {
        let kinds: Vec<&str> = opts.kinds.iter().map(|k| k.as_str()).collect();
        parts.push(format!("of kind {}", kinds.join(" or ")));
    }
    if let Some(e) = &opts.event {
        parts.push(format!("about event {e}"));
    }
    if let Some(t) = opts.task {
        parts.push(format!("for task {t}"));
    }
    if parts.is_empty() {
        "now".to_string()
    } else {
        parts.join(" ")
    }
}

/// `--event` and `--task` must name something in the file.
fn check_filters(g: &Group, opts: &RemindOptions) -> Result<()> {
    if let Some(id) = &opts.event {
        super::find_event(g, id)?;
    }
    if let Some(id) = opts.task
        && !g.tasks.iter().any(|t| *t.id == id)
    {
        return Err(Error::failed_with(
            format!("there is no task {id}"),
            "`ug tasks --all` lists every task",
        ));
    }
    Ok(())
}

fn via(email: &crate::model::Email) -> String {
    use crate::model::Transport;
    match email.transport {
        Transport::Smtp => email
            .smtp
            .as_ref()
            .map_or("SMTP".into(), |s| format!("SMTP {}", s.host)),
        Transport::Sendmail => "sendmail".into(),
        Transport::File => "the file transport".into(),
    }
}

fn mark_announced(ctx: &Ctx, ids: &[String]) -> Result<()> {
    ctx.edit_confirmed(|ed| {
        for id in ids {
            let live = ed
                .group
                .event(id)
                .is_some_and(|e| matches!(e.status, EventStatus::Planned | EventStatus::Confirmed));
            if !live {
                continue;
            }
            if let Some(t) = edit::find_mut(ed.doc, "events", "id", &Value::from(id.as_str())) {
                edit::set(t, "status", "announced");
            }
        }
        Ok(())
    })
}

/// The summary (stdout) and each failure (stderr); exit 1 if any failed.
fn finish(
    ctx: &Ctx,
    messages: &[Outgoing],
    report: &Report,
    not_sent: usize,
    announced: &[String],
    skipped: &[(&Due, String)],
) -> Result<()> {
    if ctx.json {
        let failed: Vec<Row> = report
            .failed
            .iter()
            .map(|(i, why)| Row {
                error: Some(why),
                ..Row::of(&messages[*i])
            })
            .collect();
        let sent: Vec<Row> = report.sent.iter().map(|&i| Row::of(&messages[i])).collect();
        print_json(&serde_json::json!({
            "sent": sent,
            "failed": failed,
            "not_sent": not_sent,
            "announced": announced,
            "stopped": report.stopped,
            "skipped": skipped_rows(skipped),
        }))?;
    } else {
        let mut line = format!(
            "Sent {}",
            counted(report.sent.iter().map(|&i| messages[i].kind))
        );
        if !report.failed.is_empty() {
            line.push_str(&format!("; {} failed", report.failed.len()));
        }
        if !skipped.is_empty() {
            line.push_str(&format!("; {} skipped", skipped.len()));
        }
        if not_sent > 0 {
            line.push_str(&format!("; {not_sent} not sent"));
        }
        outln!("{line}");
        for id in announced {
            outln!("Event {id} is now announced.");
        }
    }
    let style = ctx.err_style();
    for (i, why) in &report.failed {
        let m = &messages[*i];
        eprintln!(
            "{} {} ({}): {}",
            style.error("failed:"),
            m.to,
            m.key,
            clean(why)
        );
    }
    if let Some(why) = &report.stopped {
        return Err(Error::failed_with(
            format!("sending stopped: {why}"),
            "fix the [email.smtp] settings or wait for the server, then run `ug remind --send` again: it sends only what is left",
        ));
    }
    report_skipped(ctx, skipped, true);
    if report.failed.is_empty() && !skipped.is_empty() {
        return Err(skipped_error(skipped));
    }
    if !report.failed.is_empty() {
        return Err(Error::failed_with(
            format!(
                "{} could not be delivered",
                counted(report.failed.iter().map(|(i, _)| messages[*i].kind))
            ),
            "fix those addresses in the group file (or wait, for a temporary refusal); `ug remind --send` again sends only what is left",
        ));
    }
    Ok(())
}
