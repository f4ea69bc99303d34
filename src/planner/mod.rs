//! Planning the next meetup as a pure function of the model and "now": the
//! date from the schedule, a venue that fits, the next format, a sponsor, an
//! agenda skeleton and the checklist's tasks, each delegated to a person.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::diag::nearest_n;
use crate::error::{Error, Result};
use crate::model::{BUILT_IN_FORMATS, Confirms, Event, Group, Minutes, Schedule, anchor};
use crate::schedule::Rule;

mod checklist;
mod skeleton;

use checklist::checklist_tasks;
pub use checklist::{longest_before, retitle_for_venue};
pub use skeleton::{built_in, format_title, skeleton};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub date: Option<NaiveDate>,
    pub venue: Option<String>,
    pub format: Option<String>,
    /// `--new`: plan the one after the last planned event.
    pub after_last: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub start: NaiveDateTime,
    pub duration: Minutes,
    pub format: String,
    pub venue: Option<String>,
    pub sponsors: Vec<String>,
    /// The attendance the venue was chosen for.
    pub expected: u32,
    pub agenda: Vec<Slot>,
    pub tasks: Vec<PlannedTask>,
    /// The titles of tasks born late: due today, their date already past.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub late: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Slot {
    pub title: String,
    pub kind: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlannedTask {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    /// `Some(Venue)`: finishing the task confirms the event (`confirms = "venue"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirms: Option<Confirms>,
}

/// The plan cannot be made: the message says why and what to do.
fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error::failed(msg.into()))
}

/// The formats rotated through when `[schedule] formats` is not given.
pub const DEFAULT_FORMATS: [&str; 1] = ["talks"];

pub fn plan(g: &Group, now: NaiveDateTime, o: &Overrides) -> Result<Plan> {
    let Some(schedule) = &g.schedule else {
        return fail(
            "the group file has no [schedule]: add one with `rule` and `time`, e.g. rule = \"second tuesday monthly\"",
        );
    };
    let rule = Rule::parse(&schedule.rule)?;
    let today = now.date();
    let mut warnings = Vec::new();
    let date = pick_date(g, schedule, &rule, now, o, &mut warnings)?;
    let start = date.and_time(schedule.time);
    let duration = schedule.duration;
    let format = pick_format(g, schedule, o, start)?;
    let expected = expected_attendance(g, start);
    let venue = pick_venue(g, date, start, expected, o, &mut warnings)?;
    let sponsor = pick_sponsor(g, start);

    // --- agenda and tasks
    let agenda = skeleton(g, &format, duration, &mut warnings);
    let id = event_id(g, date);
    let title = format!("{} {}", date.format("%B"), format_title(&format));
    let (tasks, late) = checklist_tasks(
        g,
        date,
        today,
        venue.as_deref(),
        sponsor.as_deref(),
        &format,
        &mut warnings,
    )?;

    Ok(Plan {
        id,
        title,
        start,
        duration,
        format,
        venue,
        sponsors: sponsor.into_iter().collect(),
        expected,
        agenda,
        tasks,
        late,
        warnings,
    })
}

/// The event's date: `--date` (checked), else the schedule's next free date
/// from today (or after the last live event, with `--new`).
fn pick_date(
    g: &Group,
    schedule: &Schedule,
    rule: &Rule,
    now: NaiveDateTime,
    o: &Overrides,
    warnings: &mut Vec<String>,
) -> Result<NaiveDate> {
    let today = now.date();
    match o.date {
        Some(d) => {
            if d < today {
                return fail(format!(
                    "--date {d} is in the past (today is {today}); pick a later date"
                ));
            }
            if let Some(e) = g
                .events
                .iter()
                .find(|e| e.status.is_live() && e.start.date() == d)
            {
                return fail(format!(
                    "event {} ({}) is already on that day: pick another --date, or change it with `ug events edit`",
                    e.id.value, e.title
                ));
            }
            if !rule.matches(d, anchor(g)) || schedule.skip.contains(&d) {
                warnings.push(format!(
                    "{d} is not on the schedule ({}): planning it anyway",
                    rule.describe()
                ));
            }
            Ok(d)
        }
        None => {
            let from = if o.after_last {
                g.events
                    .iter()
                    .filter(|e| e.status.is_live())
                    .map(|e| e.start.date() + chrono::Duration::days(1))
                    .max()
                    .map_or(today, |d| d.max(today))
            } else {
                today
            };
            match free_dates(g, schedule, rule, from, now).next() {
                Some(d) => Ok(d),
                None => fail(format!(
                    "the schedule ({}) has no date in the next three years",
                    rule.describe()
                )),
            }
        }
    }
}

/// The schedule's dates from `from` (within three years: the search is
/// bounded) that are not skipped, not past at `now`, and have no event: none
/// on that day, and none planned for it and moved (an event keeps the id of
/// the date it was planned for). A cancelled event's date stays taken.
fn free_dates<'a>(
    g: &'a Group,
    schedule: &'a Schedule,
    rule: &'a Rule,
    from: NaiveDate,
    now: NaiveDateTime,
) -> impl Iterator<Item = NaiveDate> + 'a {
    let taken: Vec<NaiveDate> = g
        .events
        .iter()
        .flat_map(|e| [Some(e.start.date()), planned_for(&e.id.value)])
        .flatten()
        .collect();
    rule.dates_from(from, anchor(g))
        .filter(|d| !schedule.skip.contains(d))
        .filter(move |d| d.and_time(schedule.time) >= now)
        .filter(move |d| !taken.contains(d))
        .take_while(move |d| (*d - from).num_days() <= 3 * 366)
}

/// The date an event id names (`2026-12-08`, `2026-12-08-2`).
fn planned_for(id: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(id.get(..10)?, "%Y-%m-%d").ok()
}

/// The schedule's next date from today with no event (as `ug next-meetup`
/// would plan it); `None` without a schedule or a date in three years.
pub fn next_free_date(g: &Group, now: NaiveDateTime) -> Result<Option<NaiveDate>> {
    let Some(schedule) = &g.schedule else {
        return Ok(None);
    };
    let rule = Rule::parse(&schedule.rule)?;
    Ok(free_dates(g, schedule, &rule, now.date(), now).next())
}

/// The least default `plan_ahead`, in days.
pub const PLAN_AHEAD_MIN_DAYS: u32 = 35;
/// The days the default `plan_ahead` adds to the checklist's longest `before`.
pub const PLAN_AHEAD_MARGIN_DAYS: u32 = 7;

/// How far ahead `ug daily` plans, in days: `[schedule] plan_ahead`, else
/// the checklist's longest `before` plus 7 days, at least 35, so that no
/// checklist task is born overdue.
pub fn plan_ahead(g: &Group) -> u32 {
    let default = longest_before(g)
        .saturating_add(PLAN_AHEAD_MARGIN_DAYS)
        .max(PLAN_AHEAD_MIN_DAYS);
    g.schedule
        .as_ref()
        .and_then(|s| s.plan_ahead)
        .map_or(default, |d| d.0)
}

/// The event's format: `--format` (a known one), else the next in the rotation.
fn pick_format(
    g: &Group,
    schedule: &Schedule,
    o: &Overrides,
    start: NaiveDateTime,
) -> Result<String> {
    let formats: Vec<&str> = if schedule.formats.is_empty() {
        DEFAULT_FORMATS.to_vec()
    } else {
        schedule.formats.iter().map(String::as_str).collect()
    };
    match &o.format {
        Some(f) => {
            let known: Vec<&str> = formats
                .iter()
                .copied()
                .chain(g.formats.keys().map(String::as_str))
                .chain(BUILT_IN_FORMATS)
                .collect();
            if !known.contains(&f.as_str()) {
                return fail(format!(
                    "unknown format `{f}`; choose one of {}",
                    known_list(&dedup(known))
                ));
            }
            Ok(f.clone())
        }
        None => Ok(next_format(g, &formats, start)),
    }
}

/// The event's venue: `--venue` (known, free that day), else the free venue
/// with room for `expected` used least recently; `None` with a warning.
fn pick_venue(
    g: &Group,
    date: NaiveDate,
    start: NaiveDateTime,
    expected: u32,
    o: &Overrides,
    warnings: &mut Vec<String>,
) -> Result<Option<String>> {
    let venue_use = last_use(g, start, |e| {
        e.venue.iter().map(|v| v.value.as_str()).collect()
    });
    let venue = match &o.venue {
        Some(id) => {
            let Some(v) = g.venue(id) else {
                let ids = g.venues.iter().map(|v| v.id.value.as_str());
                return fail(format!(
                    "unknown venue `{id}`; choose one of {}",
                    known_list(&nearest_n(id, ids, 10))
                ));
            };
            if v.unavailable.contains(&date) {
                let free: Vec<&str> = g
                    .venues
                    .iter()
                    .filter(|v| !v.unavailable.contains(&date))
                    .map(|v| v.id.value.as_str())
                    .collect();
                return fail(format!(
                    "venue `{id}` is unavailable on {date}; available that day: {}",
                    if free.is_empty() {
                        "none".to_string()
                    } else {
                        known_list(&free)
                    }
                ));
            }
            if v.capacity.is_some_and(|c| c < expected) {
                warnings.push(format!(
                    "{} holds {} but about {expected} are expected",
                    v.name,
                    v.capacity.unwrap_or(0)
                ));
            }
            Some(v.id.value.clone())
        }
        None => {
            let fits = g
                .venues
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.unavailable.contains(&date))
                .filter(|(_, v)| v.capacity.is_none_or(|c| c >= expected))
                .min_by_key(|(i, v)| (venue_use.get(v.id.value.as_str()).copied(), *i));
            fits.map(|(_, v)| v.id.value.clone())
        }
    };
    if venue.is_none() {
        warnings.push(if g.venues.is_empty() {
            "no venues in the file: add one under [[venues]]; planned without a venue".to_string()
        } else {
            format!("no venue is free on {date} with room for {expected}: planned without a venue")
        });
    }

    Ok(venue)
}

/// The sponsor used least recently (never used first, then file order).
fn pick_sponsor(g: &Group, start: NaiveDateTime) -> Option<String> {
    let sponsor_use = last_use(g, start, |e| {
        e.sponsors.iter().map(|s| s.value.as_str()).collect()
    });
    g.sponsors
        .iter()
        .enumerate()
        .min_by_key(|(i, s)| (sponsor_use.get(s.id.value.as_str()).copied(), *i))
        .map(|(_, s)| s.id.value.clone())
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(*x);
        new
    });
    v
}

fn known_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The format after the last event's (before `start`) in the rotation.
pub fn next_format(g: &Group, formats: &[&str], start: NaiveDateTime) -> String {
    let last = g
        .events
        .iter()
        .filter(|e| e.start < start && e.status != crate::model::EventStatus::Cancelled)
        .max_by_key(|e| e.start)
        .and_then(|e| e.format.as_deref());
    let i = last
        .and_then(|f| formats.iter().position(|x| *x == f))
        .map_or(0, |i| (i + 1) % formats.len());
    formats[i].to_string()
}

/// The mean attendance of the last three held events before `start`, else
/// `schedule.expected`, else 0 (any venue fits).
pub fn expected_attendance(g: &Group, start: NaiveDateTime) -> u32 {
    let mut held: Vec<&Event> = g
        .events
        .iter()
        .filter(|e| {
            e.start < start && e.attendance.is_some() && e.status == crate::model::EventStatus::Held
        })
        .collect();
    held.sort_by_key(|e| std::cmp::Reverse(e.start));
    let last: Vec<u32> = held.iter().take(3).filter_map(|e| e.attendance).collect();
    if last.is_empty() {
        g.schedule.as_ref().and_then(|s| s.expected).unwrap_or(0)
    } else {
        (last.iter().sum::<u32>() as f64 / last.len() as f64).round() as u32
    }
}

/// When each id (venue or sponsor) was last used by an event before `start`;
/// never used is absent, which sorts first (`None < Some`).
fn last_use<'g>(
    g: &'g Group,
    start: NaiveDateTime,
    ids: impl Fn(&'g Event) -> Vec<&'g str>,
) -> HashMap<&'g str, NaiveDateTime> {
    let mut out: HashMap<&str, NaiveDateTime> = HashMap::new();
    for e in g
        .events
        .iter()
        .filter(|e| e.start < start && e.status != crate::model::EventStatus::Cancelled)
    {
        for id in ids(e) {
            let t = out.entry(id).or_insert(e.start);
            *t = (*t).max(e.start);
        }
    }
    out
}

/// The date as id, with `-2`, `-3` ... when taken.
pub fn event_id(g: &Group, date: NaiveDate) -> String {
    let base = date.format("%Y-%m-%d").to_string();
    if g.event(&base).is_none() {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| g.event(id).is_none())
        .unwrap_or(base)
}

#[cfg(test)]
mod tests;
