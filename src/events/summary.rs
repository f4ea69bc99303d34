//! One event in a line's worth of facts: what `ug status` shows for the next
//! and the last event (and `--json` prints).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::{Event, EventStatus, Group};

#[derive(Debug, Serialize)]
pub struct EventSummary {
    pub id: String,
    pub title: String,
    pub start: NaiveDateTime,
    pub format: Option<String>,
    /// The venue's name (its id when the file has no such venue).
    pub venue: Option<String>,
    pub status: EventStatus,
    pub attendance: Option<u32>,
    /// Whole days from today to the event (negative: days since).
    pub days: i64,
}

/// Event `e` summed up as seen on `today`.
pub fn summary(g: &Group, e: &Event, today: NaiveDate) -> EventSummary {
    EventSummary {
        id: e.id.value.clone(),
        title: e.title.clone(),
        start: e.start,
        format: e.format.clone(),
        venue: e.venue.as_ref().map(|v| {
            g.venue(v)
                .map_or_else(|| v.value.clone(), |v| v.name.clone())
        }),
        status: e.status,
        attendance: e.attendance,
        days: (e.start.date() - today).num_days(),
    }
}

/// "in 3 days", "today", or "under way" once it has begun.
pub fn days_to_go(days: i64) -> String {
    match days {
        n if n < 0 => "under way".to_string(),
        n => crate::words::days_from_today(n),
    }
}
