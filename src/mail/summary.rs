//! What a sending run comes to: the one summary of `ug remind --send` (and
//! of `ug tasks ask --send`), `Display` for the terminal and `Serialize` for
//! `--json`; the skipped recipients (an address no mail can reach); which
//! events' announcement batches are complete. Pure.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::error::Error;
use crate::mail::log::SentLog;
use crate::mail::send::Report;
use crate::mail::{Due, Kind, Outgoing, address_problem, due};
use crate::mail::{TERMINAL, clean};
use crate::model::{EventStatus, Group};
use crate::term::Style;

/// One message, as `--json` lists it (a preview's rows, a run's sent and
/// failed ones).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub kind: Kind,
    pub key: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub event: Option<String>,
    pub task: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Row {
    pub fn of(m: &Outgoing) -> Row {
        Row {
            kind: m.kind,
            key: m.key.to_string(),
            to: m.to.clone(),
            subject: m.subject.clone(),
            message_id: m.message_id.clone(),
            event: m.event.clone(),
            task: m.task,
            error: None,
        }
    }
}

/// A recipient no mail can reach, skipped and named (fields in the order
/// `--json` has always listed them).
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub error: String,
    pub event: Option<String>,
    pub key: String,
    pub kind: Kind,
    pub task: Option<i64>,
    pub to: String,
    /// The recipient's name.
    #[serde(skip)]
    pub name: String,
    /// For a person with no `email`: their id.
    #[serde(skip)]
    pub person: Option<String>,
}

impl Skipped {
    pub fn of(d: &Due, why: String) -> Skipped {
        Skipped {
            error: why,
            event: d.event.clone(),
            key: d.key.to_string(),
            kind: d.kind,
            task: d.task,
            to: d.to.address.clone(),
            name: d.to.name.clone(),
            person: due::without_address(d).map(str::to_string),
        }
    }

    /// The line on stderr: the address (or the name), the message, and why.
    pub fn line(&self, style: Style, sending: bool) -> String {
        let label = style.error(if sending { "skipped:" } else { "will skip:" });
        if self.person.is_some() {
            return format!(
                "{label} {} ({}): {}",
                clean(&self.name, TERMINAL),
                self.kind.as_str(),
                clean(&self.error, TERMINAL)
            );
        }
        format!(
            "{label} {} ({}, {}): cannot be mailed: {}",
            clean(&format!("{:?}", self.to.trim()), TERMINAL),
            clean(&self.name, TERMINAL),
            self.key,
            clean(&self.error, TERMINAL)
        )
    }
}

/// What a sending run did: the summary line (text) or object (`--json`),
/// the same data either way. Fields in the order `--json` lists them.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Events whose announcement batch completed: now `announced`.
    pub announced: Vec<String>,
    #[serde(serialize_with = "keys_sorted")]
    pub failed: Vec<Row>,
    /// Neither sent nor failed: the run stopped before them.
    pub not_sent: usize,
    #[serde(serialize_with = "keys_sorted")]
    pub sent: Vec<Row>,
    pub skipped: Vec<Skipped>,
    /// Why the run stopped early (no connection, authentication refused).
    pub stopped: Option<String>,
    /// Nothing was due: what narrowed it ("now", "of kind ask for task 9").
    #[serde(skip)]
    pub nothing_due: Option<String>,
    /// The group file was written (events marked announced).
    #[serde(skip)]
    pub updated: bool,
    /// Due, but held back by the sending quota: they go on a later run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<crate::mail::quota::Held>,
}

/// A run's rows as `--json` has always listed them: each row's keys in
/// alphabetical order (a preview lists them in the order of [`Row`]).
fn keys_sorted<S: serde::Serializer>(rows: &[Row], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    serde_json::to_value(rows)
        .map_err(S::Error::custom)?
        .serialize(s)
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.nothing_due {
            Some(what) if what == "now" => writeln!(f, "Nothing to send: nothing is due now.")?,
            Some(what) => writeln!(f, "Nothing to send: nothing due {what}.")?,
            None => {
                write!(f, "Sent {}", counted(self.sent.iter().map(|r| r.kind)))?;
                if !self.failed.is_empty() {
                    write!(f, "; {} failed", self.failed.len())?;
                }
                if !self.skipped.is_empty() {
                    write!(f, "; {} skipped", self.skipped.len())?;
                }
                if self.not_sent > 0 {
                    write!(f, "; {} not sent", self.not_sent)?;
                }
                writeln!(f)?;
            }
        }
        for id in &self.announced {
            writeln!(f, "Event {id} is now announced.")?;
        }
        if let Some(h) = &self.held {
            writeln!(f, "{}.", h.line())?;
        }
        Ok(())
    }
}

impl Summary {
    /// What goes to stderr: each failure, then (unless the run stopped)
    /// each skipped recipient.
    pub fn problems(&self, style: Style) -> String {
        let mut s = String::new();
        for r in &self.failed {
            let why = r.error.as_deref().unwrap_or_default();
            s.push_str(&format!(
                "{} {} ({}): {}\n",
                style.error("failed:"),
                r.to,
                r.key,
                clean(why, TERMINAL)
            ));
        }
        if self.stopped.is_none() {
            for k in &self.skipped {
                s.push_str(&k.line(style, true));
                s.push('\n');
            }
        }
        s
    }

    /// How the run ends: an error (exit 1) when it stopped, or some
    /// recipient failed or was skipped.
    pub fn result(&self) -> Result<(), Error> {
        if let Some(why) = &self.stopped {
            return Err(Error::failed_with(
                format!("sending stopped: {why}"),
                "fix the [email.smtp] settings or wait for the server, then run `ug remind --send` again: it sends only what is left",
            ));
        }
        if self.failed.is_empty() && !self.skipped.is_empty() {
            return Err(skipped_error(&self.skipped));
        }
        if !self.failed.is_empty() {
            return Err(Error::failed_with(
                format!(
                    "{} could not be delivered",
                    counted(self.failed.iter().map(|r| r.kind))
                ),
                "fix those addresses in the group file (or wait, for a temporary refusal); `ug remind --send` again sends only what is left",
            ));
        }
        Ok(())
    }
}

/// The error a run with skipped recipients ends with (exit 1).
fn skipped_error(skipped: &[Skipped]) -> Error {
    Error::failed_with(
        format!(
            "{} could not be sent: {} no address that can receive mail",
            counted(skipped.iter().map(|s| s.kind)),
            if skipped.len() == 1 {
                "a recipient has"
            } else {
                "some recipients have"
            }
        ),
        "fix those addresses in the group file (`ug check` lists every bad one): once fixed, they get what is still due (an announcement that went to everyone else is done); each is reported once",
    )
}

/// "41 messages (40 announce, 1 nudge)".
pub fn counted(kinds: impl Iterator<Item = Kind>) -> String {
    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut total = 0;
    for k in kinds {
        *by_kind.entry(k).or_default() += 1;
        total += 1;
    }
    let parts: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let noun = if total == 1 { "message" } else { "messages" };
    if parts.is_empty() {
        format!("{total} {noun}")
    } else {
        format!("{total} {noun} ({})", parts.join(", "))
    }
}

/// Planned or confirmed events whose announcements went out, none failed in
/// this run, and none is still due: they are now `announced`.
pub fn complete_batches<'d>(
    g: &Group,
    messages: &[Outgoing],
    report: &Report,
    sent_log: &SentLog,
    still_due: impl Iterator<Item = &'d Due> + Clone,
) -> Vec<String> {
    let failed: BTreeSet<&str> = report
        .failed
        .iter()
        .filter(|(i, _)| messages[*i].kind == Kind::Announce)
        .filter_map(|(i, _)| messages[*i].event.as_deref())
        .collect();
    g.events
        .iter()
        .filter(|e| matches!(e.status, EventStatus::Planned | EventStatus::Confirmed))
        .map(|e| e.id.value.as_str())
        .filter(|id| !failed.contains(id))
        // Some went out (in this run or an earlier one whose edit failed) ...
        .filter(|id| sent_log.any_about(Kind::Announce, id))
        // ... and none is left (but those no mail can reach).
        .filter(|id| {
            !still_due.clone().any(|d| {
                d.kind == Kind::Announce
                    && d.event.as_deref() == Some(*id)
                    && address_problem(&d.to.address).is_none()
            })
        })
        .map(str::to_string)
        .collect()
}
