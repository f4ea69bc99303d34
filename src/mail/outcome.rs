//! What a sending run comes to: the summary counts, the skipped
//! recipients (an address no mail can reach), and which events' announcement
//! batches are complete. Pure.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::mail::log::SentLog;
use crate::mail::send::Report;
use crate::mail::{Due, Kind, Outgoing, address_problem};
use crate::model::{EventStatus, Group};

/// The skipped recipients, as `--json` lists them.
pub fn skipped_rows(skipped: &[(&Due, String)]) -> Vec<serde_json::Value> {
    skipped
        .iter()
        .map(|(d, why)| {
            serde_json::json!({
                "kind": d.kind, "key": d.key, "to": d.to.address,
                "event": d.event, "task": d.task, "error": why,
            })
        })
        .collect()
}

/// The error a run with skipped recipients ends with (exit 1).
pub fn skipped_error(skipped: &[(&Due, String)]) -> Error {
    Error::failed_with(
        format!(
            "{} could not be sent: {} no address that can receive mail",
            counted(skipped.iter().map(|(d, _)| d.kind)),
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
pub fn complete_batches(
    g: &Group,
    messages: &[Outgoing],
    report: &Report,
    sent_log: &SentLog,
    still_due: &[Due],
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
        .filter(|id| sent_log.has_prefix(&format!("{}:{id}:", Kind::Announce.as_str())))
        // ... and none is left (but those no mail can reach).
        .filter(|id| {
            !still_due.iter().any(|d| {
                d.kind == Kind::Announce
                    && d.event.as_deref() == Some(*id)
                    && address_problem(&d.to.address).is_none()
            })
        })
        .map(str::to_string)
        .collect()
}
