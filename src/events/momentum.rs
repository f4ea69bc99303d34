//! The rhythm of the group for `ug status`: time since the last meetup
//! against the schedule's, the next date on it, and past events not recorded.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{last_held, next_event};
use crate::model::{Event, Group};
use crate::schedule::Rule;

/// "the event is over: record it", for each past event still planned,
/// confirmed or announced, oldest first.
pub fn over_warnings(g: &Group, now: NaiveDateTime) -> Vec<String> {
    let mut over: Vec<&Event> = g
        .events
        .iter()
        .filter(|e| e.status.is_live() && e.end(g.duration()) <= now)
        .collect();
    over.sort_by_key(|e| e.start);
    over.iter()
        .map(|e| {
            format!(
                "the event is over: record it with `ug events held {} --attendance N` ({}, {}, still {})",
                e.id.value,
                e.title,
                e.start.format("%a %b %-d %Y"),
                e.status.as_str()
            )
        })
        .collect()
}

/// Keeping the rhythm: time since the last meetup against the schedule's.
#[derive(Debug, Serialize)]
pub struct Momentum {
    pub days_since_last: Option<i64>,
    pub rhythm_days: Option<i64>,
    /// The schedule's next date with no event yet.
    pub next_on_schedule: Option<NaiveDate>,
    pub warnings: Vec<String>,
}

pub fn momentum(g: &Group, now: NaiveDateTime) -> Momentum {
    let today = now.date();
    let rule = g.schedule.as_ref().and_then(|s| Rule::parse(&s.rule).ok());
    let days_since_last = last_held(g, now).map(|e| (today - e.start.date()).num_days());
    let rhythm_days = rule.as_ref().map(Rule::rhythm_days);
    let planned = next_event(g, now).is_some();
    let next_on_schedule = rule.as_ref().and_then(|r| {
        let skip = g
            .schedule
            .as_ref()
            .map(|s| s.skip.as_slice())
            .unwrap_or_default();
        r.dates_from(today, crate::model::anchor(g))
            .take_while(|d| (*d - today).num_days() <= 3 * 366)
            .find(|d| !skip.contains(d) && !g.events.iter().any(|e| e.start.date() == *d))
    });
    let mut warnings = Vec::new();
    if let (Some(since), Some(rhythm)) = (days_since_last, rhythm_days)
        && !planned
        && since > rhythm + rhythm / 2
    {
        warnings.push(format!("keep it rolling: {since} days since the last meetup, and the schedule's rhythm is about {rhythm}"));
    }
    if let Some(next) = next_on_schedule
        && !planned
        && (next - today).num_days() < 21
    {
        warnings.push(format!(
            "the next meetup on the schedule is {} ({}) and nothing is planned: run `ug next-meetup`",
            next.format("%a %b %-d"),
            crate::words::days_from_today((next - today).num_days())
        ));
    }
    Momentum {
        days_since_last,
        rhythm_days,
        next_on_schedule,
        warnings,
    }
}
