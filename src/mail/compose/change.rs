//! What a "changed" mail says changed (SPEC §8): the event as the members
//! were last told it (`told_start`, `told_venue`) against the event as it
//! stands, one phrase each, old and new. Pure.

use crate::model::{Event, Group};

/// "moved from Acme Corp to Brooklyn Works Community Loft", "moved from
/// Tuesday, March 9 to Wednesday, March 10", "now starts at 19:00 instead
/// of 18:30": date (with the time when both moved), time, venue. Empty when
/// nothing was recorded as told, or nothing differs from it.
pub fn changes(g: &Group, e: &Event) -> Vec<String> {
    let Some(told) = e.told() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (was, now) = (told.start, e.start);
    let day = |t: chrono::NaiveDateTime| t.format("%A, %B %-d").to_string();
    let hhmm = |t: chrono::NaiveDateTime| t.format("%H:%M").to_string();
    if was.date() != now.date() {
        out.push(if was.time() == now.time() {
            format!("moved from {} to {}", day(was), day(now))
        } else {
            format!(
                "moved from {} at {} to {} at {}",
                day(was),
                hhmm(was),
                day(now),
                hhmm(now)
            )
        });
    } else if was.time() != now.time() {
        out.push(format!(
            "now starts at {} instead of {}",
            hhmm(now),
            hhmm(was)
        ));
    }
    let venue = e.venue.as_ref().map(|v| v.value.as_str());
    if told.venue.as_deref() != venue {
        let name = |id: Option<&str>| match id {
            Some(id) => g.venue(id).map_or(id, |v| v.name.as_str()).to_string(),
            None => "no venue".to_string(),
        };
        out.push(format!(
            "moved from {} to {}",
            name(told.venue.as_deref()),
            name(venue)
        ));
    }
    out
}
