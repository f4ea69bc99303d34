//! The "changed" mail's sequence, and which changes the members have all
//! been told (so the file can record it).
//!
//! A change is due for an announced event whose start or venue differs from
//! what was last told (`changed`). Its sequence S, which keys the mail
//! (`change:ID:S`) and is the .ics SEQUENCE:
//! - `sequence` when it is past `told_sequence` (the sequence what was told
//!   went out with): `ug events edit` raised it for this change; or when
//!   nothing told is recorded (a file from before ug recorded it);
//! - else `sequence + 1`: the file was edited by hand after the
//!   announcement (or the last "changed" mail), which carried `sequence`.
//!
//! S depends on the file alone, so a run that sent the mails and stopped
//! before recording them computes the same S again: the keys are in the
//! sent log, nothing goes twice, and the record is written.

use chrono::NaiveDateTime;

use super::{Walk, changed};
use crate::mail::Kind;
use crate::mail::key::About;
use crate::model::{Event, EventStatus, Group};

impl<'g> Walk<'g, '_> {
    /// The sequence of the "changed" mail `e` owes now, if it owes one.
    pub(super) fn change_due(&self, e: &'g Event) -> Option<u32> {
        let owes = e.status == EventStatus::Announced && changed(e) && self.now < e.start;
        owes.then(|| self.change_sequence(e))
    }

    fn change_sequence(&self, e: &Event) -> u32 {
        let n = e.sequence;
        if e.told().is_none() {
            return n;
        }
        // What was told went out with `told_sequence`; a file from before
        // it was recorded had `told_*` written only by `ug events edit`,
        // which raised `sequence` one past it.
        let told_with = e.told_sequence.unwrap_or(n.saturating_sub(1));
        if n > told_with {
            n
        } else {
            n.saturating_add(1)
        }
    }

    /// How many "changed" mails at `sequence` `e` goes to, and how many of
    /// them the log holds.
    fn probe(&mut self, e: &'g Event, sequence: u32) -> (usize, usize) {
        self.probe = Some((0, 0));
        self.mail_told(e, Kind::Change, About::Change(&e.id.value, sequence));
        self.probe.take().unwrap_or_default()
    }
}

/// The "changed" mails due at `now` (event id, sequence) for the
/// announced events with a record of what was told, whether or not the log
/// holds them all. Pure.
pub fn change_sequences(
    g: &Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    walk(g, now, sent, &mut |w, e| {
        if let Some(sequence) = w.change_due(e) {
            out.push((e.id.value.clone(), sequence));
        }
    });
    out
}

/// Of `changes` (from [`change_sequences`] before a run sent them), those
/// whose "changed" mail went to everyone it goes to: the file records the
/// sequence and the event as it is as told. A run that sent the mails but
/// stopped before writing finds them again (the key at `sequence + 1` is
/// in the log). Pure.
pub fn changes_told(
    g: &Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
    changes: &[(String, u32)],
) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    walk(g, now, sent, &mut |w, e| {
        let due = changes.iter().find(|(id, _)| *id == e.id.value);
        if let Some((id, sequence)) = due {
            let (all, sent) = w.probe(e, *sequence);
            if all > 0 && sent == all {
                out.push((id.clone(), *sequence));
            }
        }
    });
    out
}

/// Calls `f` for each announced event with a record of what was told.
fn walk<'g>(
    g: &'g Group,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
    f: &mut dyn FnMut(&mut Walk<'g, '_>, &'g Event),
) {
    let mut w = Walk {
        g,
        now,
        sent,
        emit: &mut |_| {},
        buf: String::new(),
        list: None,
        unmailable: None,
        probe: None,
    };
    let told = |e: &&Event| e.status == EventStatus::Announced && e.told().is_some();
    for e in g.events.iter().filter(told) {
        f(&mut w, e);
    }
}
