//! `ug events edit` as a decision: which keys of one event change, checked
//! against the file (venue, format, the date window), the open tasks' due
//! dates moved along, and `sequence` raised when an announced event moves.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Change, Key, TaskChange, check_date};
use crate::diag::nearest_n;
use crate::error::{Error, Result};
use crate::model::schema::{event, task};
use crate::model::{Event, EventStatus, Group, Told};

/// What `ug events edit` asks to change (its flags, as clap reads them);
/// `None` leaves a key as it is.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EventEdits {
    /// Move it to this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub date: Option<NaiveDate>,
    /// Start at this time (HH:MM, local to the group)
    #[arg(long, value_name = "HH:MM", value_parser = crate::model::units::parse_time)]
    pub time: Option<NaiveTime>,
    /// Meet at this venue id
    #[arg(long, value_name = "ID")]
    pub venue: Option<String>,
    /// A new title
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// A new format (e.g. talks, lightning, hack-night, social); the agenda stays as it is
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Seats, instead of the venue's capacity (1 to a million)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub capacity: Option<u32>,
}

impl EventEdits {
    pub fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.time.is_none()
            && self.venue.is_none()
            && self.title.is_none()
            && self.format.is_none()
            && self.capacity.is_none()
    }
}

const DAY: &str = "%a %b %-d %Y";

/// `ug events edit`: changes only the keys asked for, checked against the
/// file. A new date moves the event's open tasks' due dates by as many days
/// (a task that was not overdue is never moved into the past); the event
/// keeps its id. An announced event whose date, time or venue changes gets
/// `sequence` raised by one: members get a "changed" mail with the updated
/// calendar entry.
///
/// `heard`: whether the event as it stands (its `sequence`'s "changed"
/// mail) reached anyone. What the members were last told is recorded as
/// `told_start`/`told_venue`: the event before this edit when they heard
/// of it, else what was recorded (two changes before the next send make one
/// mail, old as told to new; a change back to what was told makes none).
pub fn decide_edit(
    g: &Group,
    e: &Event,
    req: &EventEdits,
    now: NaiveDateTime,
    heard: bool,
) -> Result<Change> {
    let id = e.id.value.as_str();
    let today = now.date();
    if !e.status.is_live() {
        let what = if e.status == EventStatus::Held {
            "was held: its record stays as it happened"
        } else {
            "is cancelled: plan a new one instead, with `ug next-meetup --date DATE`"
        };
        return Err(Error::failed_with(
            format!("event `{id}` {what}"),
            "`ug events edit` changes planned, confirmed and announced events",
        ));
    }
    let mut c = Change::new(e);
    let (date, moved) = edit_when(g, e, req, now, &mut c)?;
    let (venue, venue_changed) = edit_where(g, e, req, date, &mut c)?;
    edit_what(g, e, req, venue, &mut c)?;
    seats_grown(g, e, req.capacity, venue, &mut c);
    move_tasks(g, e, date - e.start.date(), today, &mut c);
    if e.status == EventStatus::Announced && (moved || venue_changed) {
        let next = e.sequence.saturating_add(1);
        c.set(event::SEQUENCE, Key::Int(i64::from(next)));
        let told = match e.told() {
            Some(t) if !heard => t,
            _ => {
                // The event as it stands was told with its sequence.
                let with = e.sequence;
                if with > 0 && e.told_sequence != Some(with) {
                    c.set(event::TOLD_SEQUENCE, Key::Int(i64::from(with)));
                }
                Told {
                    start: e.start,
                    venue: e.venue.as_ref().map(|v| v.value.clone()),
                }
            }
        };
        record_told(e, &told, &mut c);
        let now_is = Told {
            start: date.and_time(req.time.unwrap_or(e.start.time())),
            venue: venue.map(str::to_string),
        };
        if now_is == told {
            c.notes
                .push("that is what the members were told: no 'changed' mail goes out".to_string());
        } else {
            c.sequence = Some(next);
        }
    }
    Ok(c)
}

/// Writes `told_start`/`told_venue` where they differ from the file.
fn record_told(e: &Event, told: &Told, c: &mut Change) {
    if e.told_start != Some(told.start) {
        c.set(event::TOLD_START, Key::DateTime(told.start));
    }
    let recorded = e.told_venue.as_deref();
    if let Some(v) = told.venue.as_deref().filter(|v| Some(*v) != recorded) {
        c.set(event::TOLD_VENUE, Key::Text(v.to_string()));
    }
}

/// The new start (`--date`, `--time`): checked, said, and noted when it
/// falls on a skipped day or another event's. Returns the date and whether
/// the start moved.
fn edit_when(
    g: &Group,
    e: &Event,
    req: &EventEdits,
    now: NaiveDateTime,
    c: &mut Change,
) -> Result<(NaiveDate, bool)> {
    let id = e.id.value.as_str();
    let today = now.date();
    let old_date = e.start.date();
    let date = req.date.unwrap_or(old_date);
    if date != old_date {
        check_date(date, today, "--date")?;
    }
    let start = date.and_time(req.time.unwrap_or(e.start.time()));
    let moved = start != e.start;
    if moved {
        if start < now {
            return Err(Error::failed_with(
                format!(
                    "event `{id}` would start in the past ({})",
                    start.format("%a %Y-%m-%d %H:%M")
                ),
                "pick a later date or time",
            ));
        }
        c.set(event::START, Key::DateTime(start));
        c.edits.push(if date == old_date {
            format!(
                "time {} -> {}",
                e.start.format("%H:%M"),
                start.format("%H:%M")
            )
        } else {
            format!(
                "date {} -> {}",
                e.start.format("%a %b %-d %Y, %H:%M"),
                start.format("%a %b %-d %Y, %H:%M")
            )
        });
        if g.schedule.as_ref().is_some_and(|s| s.skip.contains(&date)) {
            c.notes.push(format!(
                "{} is in [schedule] skip: no meetup was meant to be on that day",
                date.format(DAY)
            ));
        }
        if let Some(other) = g
            .events
            .iter()
            .find(|o| o.id.value != id && o.status.is_live() && o.start.date() == date)
        {
            c.notes.push(format!(
                "event `{}` is on {} too",
                other.id.value,
                date.format(DAY)
            ));
        }
    }

    Ok((date, moved))
}

/// The new venue (`--venue`): known and free that day; its tasks renamed,
/// and a confirmed event planned again. Returns the venue and whether it changed.
fn edit_where<'g>(
    g: &'g Group,
    e: &'g Event,
    req: &EventEdits,
    date: NaiveDate,
    c: &mut Change,
) -> Result<(Option<&'g str>, bool)> {
    let id = e.id.value.as_str();
    let old_date = e.start.date();
    let old_venue = e.venue.as_ref().map(|v| v.value.as_str());
    let venue = match req.venue.as_deref() {
        Some(v) => Some(known_venue(g, v)?),
        None => old_venue,
    };
    if let Some(v) = venue.and_then(|v| g.venue(v))
        && v.unavailable.contains(&date)
        && (venue != old_venue || date != old_date)
    {
        let free: Vec<String> = g
            .venues
            .iter()
            .filter(|v| !v.unavailable.contains(&date))
            .map(|v| format!("`{}`", v.id.value))
            .collect();
        return Err(Error::failed_with(
            format!("venue `{}` is unavailable on {date}", v.id.value),
            if free.is_empty() {
                "no venue is free that day: pick another date".to_string()
            } else {
                format!("free that day: {}; pass one with --venue", free.join(", "))
            },
        ));
    }
    let venue_changed = venue != old_venue;
    if let Some(v) = venue.filter(|_| venue_changed) {
        c.set(event::VENUE, Key::Text(v.to_string()));
        let name = |id: Option<&str>| {
            id.map_or("no venue".to_string(), |id| {
                g.venue(id).map_or(id, |v| v.name.as_str()).to_string()
            })
        };
        c.edits
            .push(format!("venue {} -> {}", name(old_venue), name(venue)));
        let contact = g
            .venue(v)
            .and_then(|v| v.contact.as_ref())
            .and_then(|c| g.person(c))
            .map_or("its contact".to_string(), |p| p.name.clone());
        let confirming = venue_tasks(g, e, v, c);
        match e.status {
            EventStatus::Announced => c.notes.push(format!(
                "the event was confirmed for the old venue: check that {} can host it with {contact}",
                name(venue)
            )),
            EventStatus::Confirmed => {
                // Nobody confirmed the new venue: the announcement waits for it.
                c.set_status(EventStatus::Planned);
                c.edits.push("status confirmed -> planned".to_string());
                c.notes.push(match confirming {
                    Some(n) => format!(
                        "the event was confirmed for the old venue, so it is planned again: finishing task {n} (`ug tasks done {n}`) confirms it once {contact} says yes, or `ug events confirm {id}`"
                    ),
                    None => format!(
                        "the event was confirmed for the old venue, so it is planned again: once {contact} says yes, confirm it with `ug events confirm {id}`; the announcement waits until then"
                    ),
                });
            }
            _ => {}
        }
    }

    Ok((venue, venue_changed))
}

/// The title, format and capacity asked for, each checked.
fn edit_what(
    g: &Group,
    e: &Event,
    req: &EventEdits,
    venue: Option<&str>,
    c: &mut Change,
) -> Result<()> {
    let id = e.id.value.as_str();
    if let Some(t) = &req.title {
        let t = t.trim();
        if t.is_empty() || t.chars().any(char::is_control) {
            return Err(Error::usage(
                "--title must be one non-empty line",
                "e.g. --title \"December talks night\"",
            ));
        }
        if t != e.title {
            c.set(event::TITLE, Key::Text(t.to_string()));
            c.edits.push(format!("title \"{}\" -> \"{t}\"", e.title));
            c.title = t.to_string();
        }
    }
    if let Some(f) = req.format.as_deref().map(str::trim)
        && e.format.as_deref() != Some(f)
    {
        let known = known_formats(g);
        if !known.contains(&f) {
            let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
            return Err(Error::failed_with(
                format!("unknown format `{f}`"),
                format!("choose one of {}", list.join(", ")),
            ));
        }
        c.set(event::FORMAT, Key::Text(f.to_string()));
        c.edits.push(format!(
            "format {} -> {f}",
            e.format.as_deref().unwrap_or("none")
        ));
        if !e.agenda.is_empty() {
            c.notes.push(format!(
                "the agenda is unchanged: adjust it with `ug agenda {id}`, `ug agenda add` and `ug agenda remove`"
            ));
        }
    }
    if let Some(n) = req.capacity
        && e.capacity != Some(n)
    {
        c.set(event::CAPACITY, Key::Int(i64::from(n)));
        c.edits.push(format!(
            "capacity {} -> {n}",
            e.capacity
                .map_or("the venue's".to_string(), |c| c.to_string())
        ));
        if let Some(v) = venue.and_then(|v| g.venue(v))
            && v.capacity.is_some_and(|vc| vc < n)
        {
            c.notes.push(format!(
                "{} holds {}: more seats than the room has",
                v.name,
                v.capacity.unwrap_or(0)
            ));
        }
    }

    Ok(())
}

/// More seats (a raised capacity, or a roomier venue when the event has no
/// capacity of its own) move the waitlist up, in arrival order.
fn seats_grown(g: &Group, e: &Event, capacity: Option<u32>, venue: Option<&str>, c: &mut Change) {
    let seats = capacity
        .or(e.capacity)
        .or_else(|| venue.and_then(|v| g.venue(v)).and_then(|v| v.capacity));
    let grew = match (g.seats(e), seats) {
        (Some(old), Some(new)) => new > old,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if grew {
        let r = crate::events::rsvp::promote(g, e, seats);
        if r.changed() {
            c.changed = true;
            c.rsvps = Some(r);
        }
    }
}

/// The event's open tasks' due dates moved by `shift` (the event's move).
fn move_tasks(g: &Group, e: &Event, shift: Duration, today: NaiveDate, c: &mut Change) {
    if shift != Duration::zero() {
        for t in crate::events::open_tasks(g, &e.id.value) {
            let Some(due) = t.due else { continue };
            let Some(mut new_due) = due.checked_add_signed(shift) else {
                continue;
            };
            // Due dates keep their distance to the event; only a task that
            // was not overdue is kept out of the past (and that is said).
            if new_due < today && due >= today {
                c.notes.push(format!(
                    "task {} would be due {new_due}, in the past: due today instead",
                    t.id.value
                ));
                new_due = today;
            }
            if new_due == due {
                continue;
            }
            c.moved_tasks.push(TaskChange {
                new_due: Some(new_due),
                ..TaskChange::of(t, vec![(task::DUE, Key::Date(new_due))])
            });
            c.changed = true;
        }
    }
}

/// The event's open tasks titled for its venue get the new venue's titles,
/// as the planner would give them (the venue task: "Confirm {venue} with
/// {contact}"). Returns the id of the open task that confirms the event, if
/// any; a confirming task with a title of its own gets a note to update it.
fn venue_tasks(g: &Group, e: &Event, new: &str, c: &mut Change) -> Option<i64> {
    let id = e.id.value.as_str();
    let new_venue = g.venue(new)?;
    let mut confirming = None;
    for t in crate::events::open_tasks(g, id) {
        let confirms = crate::tasks::confirms_event(g, t).is_some();
        if confirms && confirming.is_none() {
            confirming = Some(t.id.value);
        }
        match crate::planner::retitle_for_venue(g, e, &t.title, new_venue) {
            Some(title) => {
                c.retitled_tasks.push(TaskChange {
                    new_title: Some(title.clone()),
                    ..TaskChange::of(t, vec![(task::TITLE, Key::Text(title))])
                });
                c.changed = true;
            }
            None if confirms => c.notes.push(format!(
                "task {} (\"{}\") confirms the event: update its title in the file for {}",
                t.id.value, t.title, new_venue.name
            )),
            None => {}
        }
    }
    confirming
}

/// The venue with this id, or an error naming the nearest ids.
fn known_venue<'g>(g: &'g Group, id: &str) -> Result<&'g str> {
    if let Some(v) = g.venue(id) {
        return Ok(v.id.value.as_str());
    }
    let near = nearest_n(id, g.venues.iter().map(|v| v.id.value.as_str()), 5);
    if near.is_empty() {
        return Err(Error::failed_with(
            format!("there is no venue `{id}`: the file has no venues yet"),
            "add one under [[venues]] with an id, name and capacity",
        ));
    }
    let list = near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
    Err(Error::failed_with(
        format!(
            "there is no venue `{id}`; the nearest ids are {}",
            list.join(", ")
        ),
        "`ug status` lists the venues; add a new one under [[venues]]",
    ))
}

/// Formats an event may take: the schedule's rotation, `[[formats.*]]`, the built-in ones.
fn known_formats(g: &Group) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let schedule = g
        .schedule
        .iter()
        .flat_map(|s| s.formats.iter().map(String::as_str));
    for f in schedule
        .chain(g.formats.keys().map(String::as_str))
        .chain(crate::model::BUILT_IN_FORMATS)
    {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}
