//! The sending service: what is due -> composed -> the transport -> the sent
//! log, and what a run comes to (`summary::Summary`). `ug remind` and `ug
//! tasks ask --send` call it (later `ug inbox` and `ug daily`); they parse
//! flags, ask before sending, and print the summary.
//!
//! Nothing holds every composed message: a preview composes each message
//! (or only its headline, for the table and `--json`) as it is shown, and a
//! send hands batches to the transport through a bounded channel.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::mail::compose::{self, Templates};
pub use crate::mail::filter::Filter;
use crate::mail::filter::Split;
use crate::mail::log::{self, SentLog};
use crate::mail::record::{mark_announced, with_sequences};
use crate::mail::send::{self, Report, Sent, Settings};
use crate::mail::summary::{Row, Skipped, Summary, complete_batches, counted};
use crate::mail::{Due, Outgoing, due, quota};
use crate::model::{Email, Group, Transport};
use crate::store::{Loaded, Location};
use crate::token::Keys;

/// Messages composed per hand-over to the sender (and per parallel step of
/// a preview that writes whole messages).
const COMPOSE_BATCH: usize = 32;

/// Composed batches waiting for the sender, at most: the channel is bounded,
/// so a slow transport holds back the composer, not memory.
const QUEUED_BATCHES: usize = 64;

/// The group file's folder: templates and `[email.file] dir` are beside it.
fn base_of(group_file: &Path) -> PathBuf {
    match group_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What a preview shows: the messages due now that the filter wants,
/// composed only as they are asked for.
pub struct Preview<'a> {
    /// The group, with a placeholder sender when the file has no `[email]`.
    group: Cow<'a, Group>,
    /// True when the sender is the placeholder.
    pub placeholder: bool,
    pub wanted: Vec<Due>,
    pub skipped: Vec<Skipped>,
    templates: Templates,
    /// The group's keys; a preview makes no `group.key` (see `Keys::load`).
    keys: Keys,
    instant: DateTime<Tz>,
}

/// What would go out now, without sending or recording anything: the sent
/// log is read without its lock. Needs no `[email]` section.
pub fn preview<'a>(loaded: &'a Loaded, clock: &Clock, filter: &Filter) -> Result<Preview<'a>> {
    let g = &loaded.group;
    let path = &loaded.location.path;
    let sent = log::read_keys(&log::path_for(path))?;
    let split = Split::of(
        all_due(g, path, clock.local(g.tz()), &|k| sent.contains(k))?,
        filter,
    );
    let placeholder = g.email.is_none();
    let changes = due::change_sequences(g, clock.local(g.tz()), &|k| sent.contains(k));
    let mut group = with_sequences(g, &changes);
    if placeholder {
        group = Cow::Owned(with_placeholder_sender(&group));
    }
    Ok(Preview {
        group,
        placeholder,
        skipped: split
            .skipped
            .into_iter()
            .map(|(d, why)| Skipped::of(&d, why))
            .collect(),
        wanted: split.wanted,
        templates: Templates::load(&base_of(path))?,
        keys: Keys::load(g, path, false)?,
        instant: clock.instant(g.tz()),
    })
}

impl Preview<'_> {
    /// Each wanted message's row (its headline: no body composed when the
    /// kind's templates were seen to work for one like it), in order.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row>> + '_ {
        self.wanted.iter().map(|d| {
            let (subject, message_id) =
                compose::headline(&self.group, d, self.instant, &self.templates, &self.keys)?;
            Ok(Row {
                kind: d.kind,
                key: d.key.to_string(),
                to: d.to.address.clone(),
                subject,
                message_id,
                event: d.event.clone(),
                task: d.task,
                error: None,
            })
        })
    }

    /// Each wanted message's subject (see `compose::subject`), in order.
    pub fn subjects(&self) -> impl Iterator<Item = Result<String>> + '_ {
        (self.wanted.iter())
            .map(|d| compose::subject(&self.group, d, self.instant, &self.templates, &self.keys))
    }

    /// Composes every wanted message, in order, handing each to `each` as
    /// soon as its batch is done (on both CPUs when there are many): at most
    /// a batch per CPU is held at once.
    pub fn messages(&self, mut each: impl FnMut(Outgoing) -> Result<()>) -> Result<()> {
        let compose =
            |d: &Due| compose::compose(&self.group, d, self.instant, &self.templates, &self.keys);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
        let step = COMPOSE_BATCH * 4 * threads;
        for chunk in self.wanted.chunks(step) {
            for m in compose_parallel(chunk, threads, &compose)? {
                each(m)?;
            }
        }
        Ok(())
    }
}

/// Composes `dues` in order, split over `threads` threads when there are many.
fn compose_parallel(
    dues: &[Due],
    threads: usize,
    compose: &(impl Fn(&Due) -> Result<Outgoing> + Sync),
) -> Result<Vec<Outgoing>> {
    if dues.len() < COMPOSE_BATCH * 2 || threads == 1 {
        return dues.iter().map(compose).collect();
    }
    let per = dues.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = dues
            .chunks(per)
            .map(|part| s.spawn(|| part.iter().map(compose).collect::<Result<Vec<_>>>()))
            .collect();
        let mut all = Vec::with_capacity(dues.len());
        for p in parts {
            all.extend(p.join().unwrap_or_else(|_| Err(composer_failed()))?);
        }
        Ok(all)
    })
}

fn composer_failed() -> Error {
    Error::failed("composing the messages failed (a bug in ug)")
}

/// The group with a placeholder `[email]` (`from` the group's name at
/// `organizers@example.invalid`), for a preview of a file that has none.
fn with_placeholder_sender(g: &Group) -> Group {
    let mut g = g.clone();
    g.email = Some(Email {
        from: crate::model::units::Mailbox {
            name: Some(g.group.name.clone()),
            address: "organizers@example.invalid".to_string(),
        },
        reply_to: None,
        unsubscribe_url: None,
        one_click: false,
        bounces: None,
        provider: None,
        transport: Transport::File,
        smtp: None,
        sendmail: None,
        file: None,
    });
    g
}

/// A sending run: the group as loaded, the clock, which messages, how.
pub struct Run<'a> {
    pub loaded: &'a Loaded,
    pub clock: &'a Clock,
    pub filter: &'a Filter,
    pub settings: Settings,
}

/// Sends every message due now that the filter wants, once ever (the sent
/// log), and marks each event whose announcement batch is complete
/// `announced`. `approve` is shown what is about to go (e.g. "About to send
/// 3 messages (3 announce) through SMTP mail.example.org.") and may refuse.
/// A skipped recipient is recorded once (and named in the summary). The
/// summary's [`Summary::result`] says how the run ends.
pub fn send(run: &Run, approve: impl FnOnce(&str) -> Result<()>) -> Result<Summary> {
    send_from(run, Source::Due, approve)
}

/// The messages a sending run considers, as `f(group, now, sent)` makes
/// them against the sent log.
pub type Make<'s> = dyn Fn(&Group, NaiveDateTime, &dyn Fn(&str) -> bool) -> Vec<Due> + 's;

/// Which messages a sending run considers.
#[derive(Clone, Copy)]
pub enum Source<'s> {
    /// Everything due (`ug remind`): `due::due` and the replies `ug inbox`
    /// owes; announcement batches are completed.
    Due,
    /// A service's own messages (the organizers' digest), sent the same
    /// way, once ever; no announcement is touched.
    Own(&'s Make<'s>),
}

/// [`send`], for the messages of `source`.
pub fn send_from(
    run: &Run,
    source: Source,
    approve: impl FnOnce(&str) -> Result<()>,
) -> Result<Summary> {
    let g = &run.loaded.group;
    let path = &run.loaded.location.path;
    let now = run.clock.local(g.tz());
    let of = |sent: &dyn Fn(&str) -> bool| -> Result<Vec<Due>> {
        match source {
            Source::Due => all_due(g, path, now, sent),
            Source::Own(make) => Ok(make(g, now, sent)),
        }
    };
    let Some(email) = g.email.as_ref() else {
        // Only sending needs [email], and only when something is due.
        let sent = log::read_keys(&log::path_for(path))?;
        if of(&|k| sent.contains(k))?
            .iter()
            .any(|d| run.filter.wants(d))
        {
            return Err(no_email(&run.loaded.location));
        }
        return Ok(nothing_due("now"));
    };
    let mut sent_log = SentLog::open(&log::path_for(path), *run.clock, g.tz())?;
    let mut split = Split::of(of(&|k| sent_log.contains(k))?, run.filter);
    // The "changed" mails due before this run sends: recorded once sent.
    let changes = match source {
        Source::Due => due::change_sequences(g, now, &|k| sent_log.contains(k)),
        Source::Own(_) => Vec::new(),
    };
    let quota = quota::hold(g, email, path, run.clock, &mut split.wanted)?;
    let templates = Templates::load(&base_of(path))?;
    let keys = Keys::load(g, path, true)?;
    let batches = matches!(source, Source::Due);
    // Each skipped recipient is reported once: recorded as skipped, its key
    // is settled, and the next run (cron, daily) does not report it again.
    for (d, why) in &split.skipped {
        for key in d.keys() {
            sent_log.record_skipped(&key.to_string(), &d.to.address, why)?;
        }
    }
    sent_log.commit()?;
    let skipped: Vec<Skipped> = split
        .skipped
        .iter()
        .map(|(d, why)| Skipped::of(d, why.clone()))
        .collect();
    if split.wanted.is_empty() && (!skipped.is_empty() || quota.is_some()) {
        return Ok(Summary {
            skipped,
            held: quota::held(quota, path, run.clock, g.tz())?,
            ..Summary::default()
        });
    }
    if split.wanted.is_empty() {
        // An earlier run may have sent a batch but failed to record it.
        let announced = match batches {
            true => complete_batches(g, &[], &Report::default(), &sent_log, split.all()),
            false => Vec::new(),
        };
        let told = due::changes_told(g, now, &|k| sent_log.contains(k), &changes);
        drop(sent_log);
        let mut summary = nothing_due(if split.all().next().is_none() {
            "now".to_string()
        } else {
            run.filter.describe()
        });
        summary.updated = mark_announced(run, &announced, &told)?;
        summary.announced = announced;
        return Ok(summary);
    }
    approve(&format!(
        "About to send {} through {}.",
        counted(split.wanted.iter().map(|d| d.kind)),
        via(email)
    ))?;
    let view = with_sequences(g, &changes);
    let (Sent { messages, report }, unbuilt) =
        transport(run, &view, &templates, &keys, &split.wanted, &mut sent_log)?;
    // A recipient no message could be built for: skipped and reported once,
    // as those the address check caught above; the others were sent.
    let mut skipped = skipped;
    let not_sent = split.wanted.len() - report.sent.len() - report.failed.len() - unbuilt.len();
    for (i, why) in unbuilt {
        let d = &split.wanted[i];
        for key in d.keys() {
            sent_log.record_skipped(&key.to_string(), &d.to.address, &why)?;
        }
        skipped.push(Skipped::of(d, why));
    }
    sent_log.commit()?;
    // An announcement batch is complete when nothing of it is due any more.
    let announced = match batches {
        true => {
            let still_due = due::due(g, now, &|k| sent_log.contains(k));
            complete_batches(g, &messages, &report, &sent_log, still_due.iter())
        }
        false => Vec::new(),
    };
    let told = due::changes_told(g, now, &|k| sent_log.contains(k), &changes);
    drop(sent_log);
    let updated = mark_announced(run, &announced, &told)?;
    let row = |i: usize| Row::of(&messages[i]);
    Ok(Summary {
        announced,
        failed: (report.failed.iter())
            .map(|(i, why)| Row {
                error: Some(why.clone()),
                ..row(*i)
            })
            .collect(),
        not_sent,
        sent: report.sent.iter().map(|&i| row(i)).collect(),
        skipped,
        stopped: report.stopped,
        nothing_due: None,
        updated,
        held: quota::held(quota, path, run.clock, g.tz())?,
    })
}

/// Everything due at `now`: `due::due`, then the replies `ug inbox` owes
/// (`replies`, from the inbox log beside `group_file`).
fn all_due(
    g: &Group,
    group_file: &Path,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
) -> Result<Vec<Due>> {
    let mut all = due::due(g, now, sent);
    all.extend(crate::mail::replies::due(g, group_file, now, sent)?);
    Ok(all)
}

fn nothing_due(what: impl Into<String>) -> Summary {
    Summary {
        nothing_due: Some(what.into()),
        ..Summary::default()
    }
}

/// Composes `wanted` on a second thread while this one sends: the two
/// overlap. In batches through a bounded channel: one wake-up of the sender
/// per batch, and never more than [`QUEUED_BATCHES`] composed ahead. Also
/// returns the messages that could not be built for their recipient (by
/// index in `wanted`, with why): left out, the others go.
fn transport(
    run: &Run,
    g: &Group,
    templates: &Templates,
    keys: &Keys,
    wanted: &[Due],
    sent_log: &mut SentLog,
) -> Result<(Sent, Vec<(usize, String)>)> {
    let Some(email) = g.email.as_ref() else {
        return Err(no_email(&run.loaded.location));
    };
    let base = base_of(&run.loaded.location.path);
    let instant = run.clock.instant(g.tz());
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<Outgoing>>(QUEUED_BATCHES);
    // One composer: a second one (on 2 CPUs) starves the sender and was slower.
    let (composed, sent) = std::thread::scope(|s| {
        // `move`: the composer owns `tx`, so the channel closes when it is done.
        let composer = s.spawn(move || -> Result<Vec<(usize, String)>> {
            let mut unbuilt = Vec::new();
            for (n, chunk) in wanted.chunks(COMPOSE_BATCH).enumerate() {
                let mut batch = Vec::with_capacity(chunk.len());
                for (i, d) in chunk.iter().enumerate() {
                    match compose::build(g, d, instant, templates, keys)? {
                        Ok(m) => batch.push(m),
                        Err(why) => unbuilt.push((n * COMPOSE_BATCH + i, why)),
                    }
                }
                if tx.blocking_send(batch).is_err() {
                    break; // the sender stopped
                }
            }
            Ok(unbuilt)
        });
        let sent = send::send_all(email, &base, rx, wanted.len(), sent_log, &run.settings);
        let composed = composer.join().unwrap_or_else(|_| Err(composer_failed()));
        (composed, sent)
    });
    let sent = sent?;
    Ok((sent, composed?))
}

/// The error of `--send` on a file without `[email]` while mail is due.
fn no_email(location: &Location) -> Error {
    Error::failed_with(
        format!(
            "{} has no [email] section: ug does not know how to send",
            location.display
        ),
        "add [email] with `from` and `transport` (and [email.smtp]); see the README, \"Sending mail\"",
    )
}

/// "SMTP mail.example.org", "sendmail", "the file transport".
fn via(email: &Email) -> String {
    match email.transport {
        Transport::Smtp => email
            .smtp
            .as_ref()
            .map_or("SMTP".into(), |s| format!("SMTP {}", s.host)),
        Transport::Sendmail => "sendmail".into(),
        Transport::File => "the file transport".into(),
    }
}
