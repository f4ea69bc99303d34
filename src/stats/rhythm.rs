//! Momentum: events held against the schedule since the first meetup: the
//! dates met, cancelled and missed (gaps), and the streak of months in
//! rhythm; with `events::momentum` (time since the last meetup, the next
//! date on the schedule) as `ug status` shows it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::events::Momentum;
use crate::model::{EventStatus, Group};
use crate::schedule::Rule;

#[derive(Debug, Serialize)]
pub struct Rhythm {
    /// The schedule's rule as written (`None`: no schedule, or one that does not parse).
    pub rule: Option<String>,
    /// Dates on the schedule from the first meetup to today, skips left out.
    pub scheduled: usize,
    /// Of those: met by a held event (within a week, or half the rhythm).
    pub held_on_schedule: usize,
    /// Of those: met by a cancelled event.
    pub cancelled: usize,
    /// Of those: with no event at all, latest last.
    pub gaps: Vec<NaiveDate>,
    /// Months in a row, back from the latest one with a date on the
    /// schedule, where every such date was met by a held event.
    pub streak_months: usize,
    #[serde(flatten)]
    pub momentum: Momentum,
}

pub(super) fn rhythm(g: &Group, now: NaiveDateTime) -> Rhythm {
    let today = now.date();
    let schedule = g.schedule.as_ref();
    let rule = schedule.and_then(|s| Rule::parse(&s.rule).ok());
    let skip = schedule.map(|s| s.skip.as_slice()).unwrap_or_default();
    let anchor = crate::model::anchor(g);
    let dates: Vec<NaiveDate> = match (&rule, anchor) {
        (Some(r), Some(a)) => r
            .dates_from(a, Some(a))
            .take_while(|d| *d <= today)
            .filter(|d| !skip.contains(d))
            .collect(),
        _ => Vec::new(),
    };
    let tolerance = rule.as_ref().map_or(7, |r| (r.rhythm_days() / 2).min(7));
    let near = |d: NaiveDate, status: EventStatus| {
        g.events
            .iter()
            .any(|e| e.status == status && (e.start.date() - d).num_days().abs() <= tolerance)
    };
    let met: Vec<(NaiveDate, bool)> = dates
        .iter()
        .map(|d| (*d, near(*d, EventStatus::Held)))
        .collect();
    let cancelled: Vec<NaiveDate> = met
        .iter()
        .filter(|(d, held)| !held && near(*d, EventStatus::Cancelled))
        .map(|(d, _)| *d)
        .collect();
    Rhythm {
        rule: rule.as_ref().and(schedule).map(|s| s.rule.value.clone()),
        scheduled: dates.len(),
        held_on_schedule: met.iter().filter(|(_, held)| *held).count(),
        cancelled: cancelled.len(),
        gaps: met
            .iter()
            .filter(|(d, held)| !held && !cancelled.contains(d))
            .map(|(d, _)| *d)
            .collect(),
        streak_months: streak(&met),
        momentum: crate::events::momentum(g, now),
    }
}

/// Months in a row, latest first, whose scheduled dates were all held.
fn streak(met: &[(NaiveDate, bool)]) -> usize {
    let mut months: Vec<((i32, u32), bool)> = Vec::new();
    for (d, held) in met {
        let key = (d.year(), d.month());
        match months.last_mut() {
            Some((k, all)) if *k == key => *all &= held,
            _ => months.push((key, *held)),
        }
    }
    months.iter().rev().take_while(|(_, all)| *all).count()
}
