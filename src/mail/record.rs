//! What a sending run writes back to the group file: events whose
//! announcement went out become `announced`, with what the members were
//! told (`told_start`, `told_venue`); a "changed" mail that went to everyone
//! records its sequence and the event as told. And the group as a run's
//! messages describe it (`with_sequences`).

use std::borrow::Cow;

use chrono::NaiveDateTime;
use toml_edit::Value;

use crate::error::Result;
use crate::mail::run::Run;
use crate::model::{Event, EventStatus, Group};
use crate::store;

/// The group as the messages describe it: an event whose "changed" mail is
/// due (`changes`: event id, sequence, from `due::change_sequences`) at a
/// sequence the file does not hold yet (a change made by hand) carries that
/// sequence, in every calendar entry of the run: its SEQUENCE grows (RFC
/// 5546: clients ignore an update whose SEQUENCE did not).
pub(super) fn with_sequences<'g>(g: &'g Group, changes: &[(String, u32)]) -> Cow<'g, Group> {
    let raised = |e: &Event| {
        changes
            .iter()
            .any(|(id, n)| *id == e.id.value && *n != e.sequence)
    };
    if !g.events.iter().any(raised) {
        return Cow::Borrowed(g);
    }
    let mut g = g.clone();
    for e in &mut g.events {
        if let Some((_, n)) = changes.iter().find(|(id, _)| *id == e.id.value) {
            e.sequence = *n;
        }
    }
    Cow::Owned(g)
}

/// Marks events `announced` (those still planned or confirmed) in the group
/// file, recording what the members were told (`told_start`, `told_venue`)
/// where nothing is recorded; and for each change in `told` (event id, the
/// "changed" mail's sequence), the sequence and the event as told. What is
/// recorded is the event as this run loaded it: what its mails said. True
/// when the file was written.
pub(super) fn mark_announced(run: &Run, ids: &[String], told: &[(String, u32)]) -> Result<bool> {
    if ids.is_empty() && told.is_empty() {
        return Ok(false);
    }
    let sent = &run.loaded.group;
    let now = |g: &Group| -> NaiveDateTime { run.clock.local(g.tz()) };
    let ((), written) = store::edit(
        &run.loaded.location,
        now,
        |ed| {
            for id in ids {
                let live = ed.group.event(id).is_some_and(|e| {
                    matches!(e.status, EventStatus::Planned | EventStatus::Confirmed)
                });
                if !live {
                    continue;
                }
                let found =
                    crate::edit::find_mut(ed.doc, "events", "id", &Value::from(id.as_str()));
                if let Some(t) = found {
                    crate::edit::set(t, "status", "announced");
                    if let Some(e) = sent.event(id).filter(|e| e.told_start.is_none()) {
                        record_told(t, e, e.sequence)?;
                    }
                }
            }
            for (id, sequence) in told {
                let found =
                    crate::edit::find_mut(ed.doc, "events", "id", &Value::from(id.as_str()));
                if let (Some(t), Some(e)) = (found, sent.event(id)) {
                    crate::edit::set(t, "sequence", i64::from(*sequence));
                    record_told(t, e, *sequence)?;
                }
            }
            Ok(())
        },
        |_, _| Ok(()),
    )?;
    Ok(written)
}

/// Writes `e`'s start and venue as `told_start`/`told_venue` into its
/// table, told with `sequence` (`told_sequence`, written when not 0: absent
/// reads as 0 for an event announced with sequence 0).
fn record_told(t: &mut toml_edit::Table, e: &Event, sequence: u32) -> Result<()> {
    crate::edit::set(t, "told_start", crate::edit::datetime(e.start)?);
    match &e.venue {
        Some(v) => crate::edit::set(t, "told_venue", v.value.as_str()),
        None => crate::edit::remove(t, "told_venue"),
    }
    if sequence > 0 || e.told_sequence.is_some() {
        crate::edit::set(t, "told_sequence", i64::from(sequence));
    }
    Ok(())
}
