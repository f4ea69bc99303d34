//! An event's life cycle as pure decisions, shared by the commands that move
//! it: `ug events confirm` and `ug tasks done` on the task that confirms the venue.

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::Error;
use crate::model::{Event, EventStatus, Group};

/// Why an event cannot be confirmed, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub message: String,
    pub hint: Option<String>,
}

impl From<Blocked> for Error {
    fn from(b: Blocked) -> Error {
        match b.hint {
            Some(h) => Error::failed_with(b.message, h),
            None => Error::failed(b.message),
        }
    }
}

/// Whether confirming `ev` at `now` changes it: `Ok(true)` planned becomes
/// confirmed, `Ok(false)` it already is (confirmed or announced), `Err` it
/// cannot be (no venue, already started, held or cancelled).
pub fn confirm(ev: &Event, now: NaiveDateTime) -> Result<bool, Blocked> {
    let id = ev.id.value.as_str();
    match ev.status {
        EventStatus::Held | EventStatus::Cancelled => Err(Blocked {
            message: format!(
                "event `{id}` is already {}: there is no venue left to confirm",
                ev.status.as_str()
            ),
            hint: None,
        }),
        EventStatus::Confirmed | EventStatus::Announced => Ok(false),
        EventStatus::Planned if ev.venue.is_none() => Err(Blocked {
            message: format!("event `{id}` has no venue yet: there is nothing to confirm"),
            hint: Some(format!(
                "add `venue = \"<venue id>\"` to the [[events]] entry with id = \"{id}\", then confirm it"
            )),
        }),
        EventStatus::Planned if ev.start < now => Err(Blocked {
            message: format!("event `{id}` has already started"),
            hint: Some(format!(
                "record it with `ug events held {id} --attendance N`, or `ug events cancel {id}`"
            )),
        }),
        EventStatus::Planned => Ok(true),
    }
}

/// The day the announcement of `ev` is due (`start − reminders.announce`).
pub fn announce_date(g: &Group, ev: &Event) -> NaiveDate {
    let d = ev.start.date();
    d.checked_sub_signed(g.reminders.announce.as_chrono())
        .unwrap_or(d)
}

/// "Event 2026-12-08 is confirmed: the announcement goes out on Tue Nov 24."
pub fn confirmed_message(g: &Group, ev: &Event, today: NaiveDate) -> String {
    let on = announce_date(g, ev);
    let when = if on <= today {
        "with the next `ug remind --send`".to_string()
    } else {
        format!("on {}", on.format("%a %b %-d"))
    };
    format!(
        "Event {} is confirmed: the announcement goes out {when}.",
        ev.id.value
    )
}
