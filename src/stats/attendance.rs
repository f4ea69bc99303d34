//! Attendance: per held event over time with its trend, per format and per
//! venue (what draws people), and the audience against the room, with the
//! seed's advice when it is too big or too small.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{MIN_HISTORY, round1};
use crate::model::{Event, Group, RsvpStatus};

/// The trend is read over this many latest held events.
const TREND_OVER: usize = 6;
/// A room counts as full at this share of its seats.
const FULL: f64 = 0.9;
/// Fewer people than this, on average, is a group too small to last.
const SMALL: f64 = 10.0;
pub const TOO_BIG: &str = "too big: narrow the topic or find a bigger room";
pub const TOO_SMALL: &str = "too small: broaden the topic, try a social";
pub const NOT_ENOUGH: &str = "not enough history";

#[derive(Debug, Serialize)]
pub struct Attendance {
    /// Held events that say how many came, oldest first.
    pub events: Vec<EventPoint>,
    /// The mean over `over_events` held events (`None` with none).
    pub mean: Option<f64>,
    pub over_events: usize,
    pub trend: Trend,
    pub by_format: Vec<Draw>,
    pub by_venue: Vec<Draw>,
    pub viability: Viability,
}

#[derive(Debug, Serialize)]
pub struct EventPoint {
    pub id: String,
    pub date: NaiveDate,
    pub title: String,
    pub format: Option<String>,
    pub venue: Option<String>,
    pub attendance: u32,
    /// The room's seats (event capacity, else the venue's).
    pub seats: Option<u32>,
    /// People left on the waitlist.
    pub waitlist: usize,
}

/// Rising, falling or steady over the latest events; or "not enough history".
#[derive(Debug, Serialize)]
pub struct Trend {
    pub direction: &'static str,
    pub over_events: usize,
    /// The fitted change in people per event (least squares).
    pub per_event: Option<f64>,
}

/// One format's or venue's draw: how many events, their mean and best.
#[derive(Debug, Serialize)]
pub struct Draw {
    pub name: String,
    pub events: usize,
    pub mean: f64,
    pub best: u32,
}

/// The audience against the room, over the latest (up to 3) held events.
#[derive(Debug, Serialize)]
pub struct Viability {
    /// "too big", "too small", "fits the room" or "not enough history".
    pub verdict: &'static str,
    pub advice: Option<&'static str>,
    pub over_events: usize,
    pub mean: Option<f64>,
    /// Mean share of the seats taken, in percent, over events with a room size.
    pub fill_percent: Option<f64>,
    /// Of those events: how many filled the room (90 % of the seats or more).
    pub full_events: usize,
    /// ... and how many had a waitlist.
    pub waitlisted_events: usize,
}

pub(super) fn attendance(g: &Group, held: &[&Event]) -> Attendance {
    let events: Vec<EventPoint> = held.iter().map(|e| point(g, e)).collect();
    let counts: Vec<f64> = events.iter().map(|p| f64::from(p.attendance)).collect();
    let trend = trend(&counts);
    Attendance {
        mean: mean(&counts),
        over_events: counts.len(),
        by_format: draws(&events, |p| {
            p.format.clone().unwrap_or_else(|| "(no format)".into())
        }),
        by_venue: draws(&events, |p| {
            p.venue.clone().unwrap_or_else(|| "(no venue)".into())
        }),
        viability: viability(&events, &trend),
        trend,
        events,
    }
}

fn point(g: &Group, e: &Event) -> EventPoint {
    EventPoint {
        id: e.id.value.clone(),
        date: e.start.date(),
        title: e.title.clone(),
        format: e.format.clone(),
        venue: e.venue.as_ref().map(|v| {
            g.venue(v)
                .map_or_else(|| v.value.clone(), |v| v.name.clone())
        }),
        attendance: e.attendance.unwrap_or(0),
        seats: g.seats(e),
        waitlist: e
            .rsvps
            .iter()
            .filter(|r| r.status == RsvpStatus::Waitlist)
            .count(),
    }
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| round1(xs.iter().sum::<f64>() / xs.len() as f64))
}

/// The least-squares slope over the latest events, read against their mean:
/// a fitted change of more than a tenth of the mean is a trend.
pub(super) fn trend(counts: &[f64]) -> Trend {
    let ys = &counts[counts.len().saturating_sub(TREND_OVER)..];
    let n = ys.len();
    if n < MIN_HISTORY {
        return Trend {
            direction: NOT_ENOUGH,
            over_events: n,
            per_event: None,
        };
    }
    let xm = (n - 1) as f64 / 2.0;
    let ym = ys.iter().sum::<f64>() / n as f64;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - xm;
        num += dx * (y - ym);
        den += dx * dx;
    }
    let slope = num / den;
    let change = slope * (n - 1) as f64 / ym.max(1.0);
    let direction = if change > 0.1 {
        "rising"
    } else if change < -0.1 {
        "falling"
    } else {
        "steady"
    };
    Trend {
        direction,
        over_events: n,
        per_event: Some(round1(slope)),
    }
}

/// Events, mean and best per key, best mean first (ties by name).
fn draws(events: &[EventPoint], key: impl Fn(&EventPoint) -> String) -> Vec<Draw> {
    let mut by: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for p in events {
        by.entry(key(p)).or_default().push(p.attendance);
    }
    let mut draws: Vec<Draw> = by
        .into_iter()
        .map(|(name, xs)| Draw {
            events: xs.len(),
            mean: round1(f64::from(xs.iter().sum::<u32>()) / xs.len() as f64),
            best: xs.iter().copied().max().unwrap_or(0),
            name,
        })
        .collect();
    draws.sort_by(|a, b| b.mean.total_cmp(&a.mean).then_with(|| a.name.cmp(&b.name)));
    draws
}

fn viability(events: &[EventPoint], trend: &Trend) -> Viability {
    let recent = &events[events.len().saturating_sub(MIN_HISTORY)..];
    let counts: Vec<f64> = recent.iter().map(|p| f64::from(p.attendance)).collect();
    let fills: Vec<f64> = recent
        .iter()
        .filter_map(|p| {
            p.seats
                .filter(|s| *s > 0)
                .map(|s| f64::from(p.attendance) / f64::from(s))
        })
        .collect();
    let full = recent
        .iter()
        .filter(|p| {
            p.seats
                .is_some_and(|s| f64::from(p.attendance) >= FULL * f64::from(s))
        })
        .count();
    let waitlisted = recent.iter().filter(|p| p.waitlist > 0).count();
    let crowded = recent
        .iter()
        .filter(|p| {
            p.waitlist > 0
                || p.seats
                    .is_some_and(|s| f64::from(p.attendance) >= FULL * f64::from(s))
        })
        .count();
    let mean = mean(&counts);
    let (verdict, advice) = match mean {
        None => (NOT_ENOUGH, None),
        Some(_) if crowded * 2 > recent.len() => ("too big", Some(TOO_BIG)),
        Some(m) if m < SMALL || trend.direction == "falling" => ("too small", Some(TOO_SMALL)),
        Some(_) => ("fits the room", None),
    };
    Viability {
        verdict,
        advice,
        over_events: recent.len(),
        mean,
        fill_percent: (!fills.is_empty())
            .then(|| round1(100.0 * fills.iter().sum::<f64>() / fills.len() as f64)),
        full_events: full,
        waitlisted_events: waitlisted,
    }
}

#[cfg(test)]
mod tests {
    use super::trend;

    #[test]
    fn the_trend_needs_three_events_and_reads_the_fit_against_the_mean() {
        assert_eq!(trend(&[30.0, 40.0]).direction, "not enough history");
        assert_eq!(trend(&[30.0, 35.0, 40.0]).direction, "rising");
        assert_eq!(trend(&[40.0, 35.0, 30.0]).direction, "falling");
        assert_eq!(trend(&[40.0, 39.0, 41.0, 40.0]).direction, "steady");
        // Only the latest six count: an old slump does not make it rising.
        let t = trend(&[5.0, 5.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0]);
        assert_eq!(
            (t.direction, t.over_events, t.per_event),
            ("steady", 6, Some(0.0))
        );
    }
}
