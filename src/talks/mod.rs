//! Speakers and talks (SPEC §9) as pure functions of the model and "now":
//! the pipeline `ug talks` prints, the personal ask, the answers, and which
//! accepted talk fills which open agenda slot, and a talk proposed by mail
//! (`propose`, for `ug inbox`). Each edit is a [`Change`] (or [`Fill`]s)
//! that the command applies to the document.

mod ask;
mod change;
mod fill;
pub mod propose;
mod view;

#[cfg(test)]
mod tests;

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime};

use crate::diag::unknown_number;
use crate::error::{Error, Result};
use crate::model::{Event, Group, Talk, TalkKind, TalkStatus};

pub use ask::{AskOptions, ask};
pub use change::{Change, accept, apply, decline, given, withdraw};
pub use fill::{Fill, apply_fills, fill_upcoming, open_slots, schedule, waiting_for};
pub use view::{TalkRow, TalksView};

/// An ask waiting this many days or more with no answer is flagged (as task asks are).
pub const ASK_FOLLOW_UP_DAYS: i64 = crate::tasks::ASK_FOLLOW_UP_DAYS;

/// The talk with this id.
pub fn talk(g: &Group, id: i64) -> Option<&Talk> {
    g.talks.iter().find(|t| t.id.value == id)
}

/// The talk `id`, or an error naming the nearest ids.
pub fn find(g: &Group, id: i64) -> Result<&Talk> {
    talk(g, id).ok_or_else(|| {
        Error::failed_with(
            unknown_number("talk", g.talks.iter().map(|t| t.id.value), id),
            "`ug talks` lists the talks with their ids",
        )
    })
}

/// The id for a new talk: one more than the largest (`ug talks ask`, and
/// a proposal by reply). At `i64::MAX` it is that id again: see [`new_id`].
pub fn next_id(g: &Group) -> i64 {
    let max = g.talks.iter().map(|t| t.id.value).max().unwrap_or(0);
    max.saturating_add(1)
}

/// [`next_id`], or an error when no id is left after the largest.
pub fn new_id(g: &Group) -> Result<i64> {
    let id = next_id(g);
    match talk(g, id) {
        None => Ok(id),
        Some(_) => Err(Error::failed(format!(
            "the largest talk id is {id}: no id is left after it; renumber that talk"
        ))),
    }
}

/// The talk's speaker id, if it names one.
pub fn speaker_of(t: &Talk) -> Option<&str> {
    t.speaker.as_ref().map(|s| s.value.as_str())
}

/// The talk's event id, if it names one.
pub fn event_of(t: &Talk) -> Option<&str> {
    t.event.as_ref().map(|e| e.value.as_str())
}

/// "Async views in practice", or "A lightning talk by Priya" while untitled.
pub fn title_of(g: &Group, t: &Talk) -> String {
    match t.title.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => {
            let who = speaker_of(t).map_or("someone", |s| first_name_of(g, s));
            format!("{} by {who}", kind_phrase(t.kind))
        }
    }
}

/// "A talk", "A lightning talk", "A tutorial".
pub fn kind_phrase(k: TalkKind) -> &'static str {
    match k {
        TalkKind::Talk => "A talk",
        TalkKind::Lightning => "A lightning talk",
        TalkKind::Tutorial => "A tutorial",
    }
}

/// How long a talk of this kind takes when it does not say.
pub fn default_minutes(k: TalkKind) -> u32 {
    match k {
        TalkKind::Talk => 30,
        TalkKind::Lightning => 5,
        TalkKind::Tutorial => 60,
    }
}

/// The talk's length: its own `minutes`, else the kind's usual length.
pub fn minutes_of(t: &Talk) -> u32 {
    t.minutes.unwrap_or_else(|| default_minutes(t.kind))
}

fn first_name_of<'a>(g: &'a Group, id: &'a str) -> &'a str {
    g.person(id).map_or(id, crate::tasks::first_name)
}

/// Talk asks unanswered for [`ASK_FOLLOW_UP_DAYS`] or more, as `ug check`
/// and `ug status` warn about them (as about task asks): (message, hint,
/// where in the file).
pub fn follow_ups(g: &Group, today: NaiveDate) -> Vec<(String, String, Option<Range<usize>>)> {
    g.talks
        .iter()
        .filter(|t| t.status == TalkStatus::Asked)
        .filter_map(|t| {
            let since = t.asked_on?;
            ((today - since).num_days() >= ASK_FOLLOW_UP_DAYS).then_some((t, since))
        })
        .map(|(t, since)| {
            let id = t.id.value;
            let who = speaker_of(t).map_or("the speaker", |s| crate::tasks::name_of(g, s));
            (
                format!(
                    "waiting on {who} since {since}: follow up (talk {id}, {})",
                    title_of(g, t)
                ),
                format!(
                    "ask again in person; record the answer with `ug talks accept {id}` or `ug talks decline {id}`"
                ),
                t.id.span.clone(),
            )
        })
        .collect()
}

/// True for an event still to come (planned, confirmed or announced, not
/// started): one a speaker can be asked for.
pub fn to_come(e: &Event, now: NaiveDateTime) -> bool {
    e.status.is_live() && e.start > now
}

/// Events still to come ([`to_come`]), soonest first.
pub fn upcoming(g: &Group, now: NaiveDateTime) -> Vec<&Event> {
    let mut v: Vec<&Event> = g.events.iter().filter(|e| to_come(e, now)).collect();
    v.sort_by_key(|e| e.start);
    v
}

/// The event a talk is for: its own `event`, else the next upcoming one.
pub fn event_for<'g>(g: &'g Group, t: &Talk, now: NaiveDateTime) -> Option<&'g Event> {
    match event_of(t) {
        Some(id) => g.event(id),
        None => upcoming(g, now).into_iter().next(),
    }
}
