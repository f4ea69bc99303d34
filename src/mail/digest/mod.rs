//! The organizers' digest (SPEC §8 step 4): one mail a day at most to each
//! organizer and co-organizer, and only when something waits for a person,
//! each item naming the one command that settles it. `ug daily` calls
//! [`daily`], the one entry point.
//!
//! What waits is `items` (pure). Who is told what today is [`due`] (pure),
//! from the sent log: the mail is `digest-day:DATE:ADDRESS` (once a day),
//! each item in it `digest-item:ITEM:DATE:ADDRESS`; an item told to an
//! organizer is told to them again at most every [`RETELL_DAYS`] days, and
//! with nothing new-or-due-again there is no mail. It goes through
//! `mail::run`, the one sending service (sent once, ever; the sent log).

mod items;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::Result;
use crate::mail::blocked::organizers;
use crate::mail::due::{address_of, day_key};
use crate::mail::key::{About, To};
use crate::mail::run::{Filter, Run, Source, send_from};
use crate::mail::send::Settings;
use crate::mail::{Due, Kind, Part, Recipient, SentKey, log};
use crate::model::Group;
use crate::store::Loaded;

pub use items::{ASK_DAYS, Item, OVERDUE_DAYS, VENUE_DAYS, items};

/// An item already told to an organizer is told to them again after this
/// many days, if it still waits.
pub const RETELL_DAYS: i64 = 7;

/// The key of item `id` told to `to` on `day`.
fn item_key<'a>(id: &'a str, day: chrono::NaiveDate, to: To<&'a str>) -> SentKey<&'a str> {
    SentKey {
        kind: Kind::Digest,
        about: About::Item(id, day),
        to,
    }
}

/// The digest each organizer (and co-organizer) with an address gets at
/// `now`: the `items` not told to them in the last [`RETELL_DAYS`] days,
/// unless they had today's digest already or none is left. Pure.
pub fn due(g: &Group, now: NaiveDateTime, items: &[Item], sent: &dyn Fn(&str) -> bool) -> Vec<Due> {
    let today = now.date();
    let mut buf = String::new();
    let mut is_sent = |k: &SentKey<&str>| {
        k.write_into(&mut buf);
        sent(&buf)
    };
    let mut out = Vec::new();
    for p in organizers(g) {
        let to = To::Address(address_of(p));
        if is_sent(&day_key(Kind::Digest, today, to)) {
            continue;
        }
        let fresh: Vec<&Item> = items
            .iter()
            .filter(|i| {
                !(0..RETELL_DAYS).any(|back| {
                    today
                        .checked_sub_signed(Duration::days(back))
                        .is_some_and(|day| is_sent(&item_key(&i.id, day, to)))
                })
            })
            .collect();
        if fresh.is_empty() {
            continue;
        }
        out.push(Due {
            kind: Kind::Digest,
            event: None,
            task: None,
            to: Recipient {
                name: p.name.clone(),
                address: address_of(p).to_string(),
            },
            key: day_key(Kind::Digest, today, to).to_owned_key(),
            more: fresh
                .iter()
                .map(|i| Part {
                    event: None,
                    task: None,
                    key: item_key(&i.id, today, to).to_owned_key(),
                })
                .collect(),
            day: None,
            reply: None,
            items: fresh.into_iter().cloned().collect(),
        });
    }
    out
}

/// What the digest step did (or, in a dry run, would do): its line in `ug
/// daily` ("digest: sent to 2 organizers (3 items)").
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub dry_run: bool,
    /// The addresses it went (or would go) to.
    pub to: Vec<String>,
    /// The items told (to anyone), in order, each once.
    pub told: Vec<Item>,
    /// Everything waiting for a person now, told today or not.
    pub waiting: usize,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let organizers = crate::words::plural(self.to.len() as i64, "organizer");
        let told = crate::words::plural(self.told.len() as i64, "item");
        match (self.to.is_empty(), self.dry_run) {
            (true, _) if self.waiting == 0 => write!(f, "nothing waits for a person")?,
            (true, _) => write!(
                f,
                "nothing new ({} waiting, told within {RETELL_DAYS} days)",
                self.waiting
            )?,
            (false, true) => write!(f, "would send to {organizers} ({told})")?,
            (false, false) => write!(f, "sent to {organizers} ({told})")?,
        }
        if !self.to.is_empty() {
            let ids: Vec<&str> = self.told.iter().map(|i| i.id.as_str()).collect();
            write!(f, ": {}", ids.join(", "))?;
        }
        Ok(())
    }
}

/// The step of `ug daily`: mails the organizers today's digest, when
/// something waits for a person that they were not told of this week
/// (with `dry_run`, only says what it would send). Reads the inbox log (the
/// mail waiting longer than `[inbox] answer_within`) and the sent log.
pub fn daily(loaded: &Loaded, clock: &Clock, dry_run: bool) -> Result<Outcome> {
    let g = &loaded.group;
    let path = &loaded.location.path;
    let now = clock.local(g.tz());
    let unix_now = clock.instant(g.tz()).timestamp();
    let late = match &g.inbox {
        Some(inbox) => crate::inbox::run::overdue(path, inbox.answer_within, unix_now)?,
        None => Vec::new(),
    };
    let waiting = items(g, now, unix_now, &late);
    let outcome = |dues: &[Due]| Outcome {
        dry_run,
        to: dues.iter().map(|d| d.to.address.clone()).collect(),
        told: told(dues),
        waiting: waiting.len(),
    };
    if dry_run || waiting.is_empty() {
        let sent = log::read_keys(&log::path_for(path))?;
        return Ok(outcome(&due(g, now, &waiting, &|k| sent.contains(k))));
    }
    let dues = std::cell::RefCell::new(Vec::new());
    let make = |g: &Group, now: NaiveDateTime, sent: &dyn Fn(&str) -> bool| {
        let made = due(g, now, &waiting, sent);
        dues.replace(made.clone());
        made
    };
    let run = Run {
        loaded,
        clock,
        filter: &Filter::default(),
        settings: Settings {
            connections: 1,
            rate: None,
            progress: false,
        },
    };
    let summary = send_from(&run, Source::Own(&make), |_| Ok(()))?;
    summary.result()?;
    let dues = dues.into_inner();
    let sent: Vec<&Due> = dues
        .iter()
        .filter(|d| summary.sent.iter().any(|r| r.key == d.key.to_string()))
        .collect();
    Ok(Outcome {
        to: sent.iter().map(|d| d.to.address.clone()).collect(),
        told: told(sent.iter().copied()),
        ..outcome(&[])
    })
}

/// The items of `dues`, each once, in order.
fn told<'d>(dues: impl IntoIterator<Item = &'d Due>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for i in dues.into_iter().flat_map(|d| &d.items) {
        if !out.iter().any(|o| o.id == i.id) {
            out.push(i.clone());
        }
    }
    out
}
