//! An event's life cycle as decisions, then one write: confirm, held, cancel
//! (which drops the event's open tasks) and `ug events edit` (only the keys
//! named, the event's open due dates moved with its date, a confirmed event
//! planned again on a new venue, `sequence` raised when an announced event
//! moves). Deciders are pure; `apply` edits the document. A new event from
//! the planner is written by `write_plan`.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;
use toml_edit::{DocumentMut, Value};

use crate::edit;
use crate::model::schema::{event, task, top};

mod edit_event;
mod new_event;

use super::timing::announce_date;
use crate::error::{Error, Result};
use crate::model::{Event, EventStatus, Group, Task, TaskStatus};
use crate::term::Style;
pub use edit_event::{EventEdits, decide_edit};
pub use new_event::write_plan;

/// How far ahead an event may be planned or moved.
pub const MAX_DAYS_AHEAD: i64 = 3652;

/// The longest checklist offset (`Days` refuses more than ten years): a date
/// this close to the end of year 9999 could not hold its tasks.
const MAX_OFFSET_DAYS: i64 = 3660;

/// The date an event may take: from today, up to ten years ahead. `flag` names
/// it in the message (`--date`). The same rule for `next-meetup` (written or
/// `--dry-run`) and `events edit`, so a plan that prints is a plan that writes.
pub fn check_date(date: NaiveDate, today: NaiveDate, flag: &str) -> Result<()> {
    if date < today {
        return Err(Error::failed_with(
            format!("{flag} {date} is in the past (today is {today})"),
            format!("pick a date from {today} on"),
        ));
    }
    let end = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    let last_storable = end - Duration::days(MAX_OFFSET_DAYS);
    let last = today
        .checked_add_signed(Duration::days(MAX_DAYS_AHEAD))
        .map_or(last_storable, |d| d.min(last_storable));
    if last < today {
        // Only a clock set near the end of the calendar gets here.
        return Err(Error::failed_with(
            format!("{flag} {date}: ug cannot plan after {last}, and today is {today}"),
            "check the clock (or UG_NOW): the year looks wrong",
        ));
    }
    if date > last {
        return Err(Error::failed_with(
            format!(
                "{flag} {date} is too far ahead: ug plans meetups up to ten years out (until {last})"
            ),
            format!("check the year: a date from {today} to {last}"),
        ));
    }
    Ok(())
}

/// A `--date`: "2026-02-30 is not a date" for a day the calendar lacks,
/// instead of the library's "input is out of range".
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|e| {
        if e.kind() == chrono::format::ParseErrorKind::OutOfRange {
            format!("{t} is not a date in the calendar")
        } else {
            format!("write the date as YYYY-MM-DD, e.g. 2026-12-15 (not \"{t}\")")
        }
    })
}

/// A new value for one key.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// A task this change drops or moves.
#[derive(Debug, Clone, Serialize)]
pub struct TaskChange {
    pub id: i64,
    pub title: String,
    pub owner: Option<String>,
    /// The due date before and after (moved tasks; the same for dropped ones).
    pub due: Option<NaiveDate>,
    pub new_due: Option<NaiveDate>,
    /// The new title, when the event's new venue renames the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_title: Option<String>,
    #[serde(skip)]
    keys: Vec<(&'static str, Key)>,
}

impl TaskChange {
    /// Task `t` as it is, with the keys this change writes to it.
    fn of(t: &Task, keys: Vec<(&'static str, Key)>) -> TaskChange {
        TaskChange {
            id: t.id.value,
            title: t.title.clone(),
            owner: t.owner.as_ref().map(|o| o.value.clone()),
            due: t.due,
            new_due: t.due,
            new_title: None,
            keys,
        }
    }
}

/// What one life-cycle edit does to one event (and its tasks). Nothing to
/// write when `changed` is false; `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub title: String,
    pub status: EventStatus,
    pub attendance: Option<u32>,
    pub changed: bool,
    /// What changed, one phrase each: "date Tue Dec 8 2026 -> Tue Dec 15 2026".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<String>,
    /// Open and asked tasks set to `dropped` (cancel).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped_tasks: Vec<TaskChange>,
    /// Open tasks whose due date moved with the event's date (edit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved_tasks: Vec<TaskChange>,
    /// Open tasks renamed for the event's new venue (edit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retitled_tasks: Vec<TaskChange>,
    /// The new `sequence` when an announced event's date, time or venue changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<u32>,
    /// Things the organizer should know or do next.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The waitlist moved up by more seats (edit), with the notices due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsvps: Option<super::rsvp::RsvpChange>,
    #[serde(skip)]
    keys: Vec<(&'static str, Key)>,
}

impl Change {
    fn new(e: &Event) -> Change {
        Change {
            id: e.id.value.clone(),
            title: e.title.clone(),
            status: e.status,
            attendance: e.attendance,
            changed: false,
            edits: Vec::new(),
            dropped_tasks: Vec::new(),
            moved_tasks: Vec::new(),
            retitled_tasks: Vec::new(),
            sequence: None,
            notes: Vec::new(),
            rsvps: None,
            keys: Vec::new(),
        }
    }

    /// An edit in words, for `events edit` and `next-meetup --venue`: what
    /// changed, the tasks moved, the "changed" mail to come, and notes.
    pub fn describe(&self, style: Style) -> String {
        let mut o = String::new();
        if self.changed {
            let _ = writeln!(o, "Changed {} ({}):", self.title, self.id);
            for e in &self.edits {
                let _ = writeln!(o, "  {e}");
            }
        } else {
            let _ = writeln!(o, "{} ({}): nothing changed.", self.title, self.id);
        }
        if !self.moved_tasks.is_empty() {
            let n = self.moved_tasks.len();
            let s = if n == 1 { "" } else { "s" };
            let _ = writeln!(o, "Moved the due date{s} of {n} open task{s} with it:");
            // Columns padded by characters: ids and dates vary in width.
            let rows: Vec<[String; 4]> = self
                .moved_tasks
                .iter()
                .filter_map(|t| {
                    let (old, new) = (t.due?, t.new_due?);
                    Some([
                        format!("#{}", t.id),
                        old.format("%a %b %-d").to_string(),
                        new.format("%a %b %-d").to_string(),
                        t.title.clone(),
                    ])
                })
                .collect();
            let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max();
            let (w0, w1, w2) = (width(0), width(1), width(2));
            let pad = |s: &str, w: Option<usize>| {
                let n = w.unwrap_or(0).saturating_sub(s.chars().count());
                format!("{s}{}", " ".repeat(n))
            };
            for [id, old, new, title] in &rows {
                let _ = writeln!(
                    o,
                    "  {}  {} -> {}  {title}",
                    pad(id, w0),
                    pad(old, w1),
                    pad(new, w2)
                );
            }
        }
        for t in &self.retitled_tasks {
            if let Some(new) = &t.new_title {
                let _ = writeln!(o, "Renamed task {}: \"{}\" -> \"{new}\"", t.id, t.title);
            }
        }
        if let Some(n) = self.sequence {
            let _ = writeln!(
                o,
                "The event was announced: members will get a 'changed' mail with the updated calendar entry on the next `ug remind --send` (sequence {n})."
            );
        }
        if let Some(r) = self.rsvps.as_ref().filter(|r| !r.promoted.is_empty()) {
            let _ = writeln!(o, "Moved up from the waitlist: {}", r.promoted.join(", "));
        }
        for n in &self.notes {
            let _ = writeln!(o, "{}: {n}", style.warning("note"));
        }
        o
    }

    fn set(&mut self, key: &'static str, value: Key) {
        self.keys.push((key, value));
        self.changed = true;
    }

    /// The event's new status, written as its `status` key.
    fn set_status(&mut self, status: EventStatus) {
        self.set(event::STATUS, Key::Text(status.as_str().into()));
        self.status = status;
    }
}

/// `ug events confirm`: a planned event with a venue becomes `confirmed`.
/// Already confirmed or announced: no change. Held, cancelled, without a
/// venue, or already started: refused, saying what to do instead.
/// `ug tasks done` on a `confirms = "venue"` task can reuse this through
/// [`confirm_in`].
pub fn decide_confirm(e: &Event, now: NaiveDateTime) -> Result<Change> {
    let id = e.id.value.as_str();
    let mut c = Change::new(e);
    match e.status {
        EventStatus::Held | EventStatus::Cancelled => Err(Error::failed(format!(
            "event `{id}` is already {}: there is no venue left to confirm",
            e.status.as_str()
        ))),
        EventStatus::Confirmed | EventStatus::Announced => Ok(c),
        EventStatus::Planned if e.venue.is_none() => Err(Error::failed_with(
            format!("event `{id}` has no venue yet: there is nothing to confirm"),
            format!("give it one with `ug events edit {id} --venue VENUE`, then confirm it"),
        )),
        EventStatus::Planned if e.start < now => Err(Error::failed_with(
            format!("event `{id}` has already started"),
            format!(
                "record it with `ug events held {id} --attendance N`, or `ug events cancel {id}`"
            ),
        )),
        EventStatus::Planned => {
            c.set_status(EventStatus::Confirmed);
            Ok(c)
        }
    }
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

/// Confirms event `id` inside an edit in progress (decide, then apply).
pub fn confirm_in(
    doc: &mut DocumentMut,
    g: &Group,
    id: &str,
    now: NaiveDateTime,
) -> Result<Change> {
    let e = g
        .event(id)
        .ok_or_else(|| Error::failed(format!("there is no event `{id}`")))?;
    let c = decide_confirm(e, now)?;
    apply(doc, &c)?;
    Ok(c)
}

/// `ug events held`: status `held` and the attendance, once the event has started.
pub fn decide_held(e: &Event, attendance: Option<u32>, now: NaiveDateTime) -> Result<Change> {
    let id = e.id.value.as_str();
    if e.status == EventStatus::Cancelled {
        return Err(Error::failed(format!(
            "event `{id}` was cancelled: it cannot have been held"
        )));
    }
    if e.start > now {
        return Err(Error::failed_with(
            format!(
                "event `{id}` has not happened yet: it starts {}",
                e.start.format("%a %Y-%m-%d %H:%M")
            ),
            format!("record it after the meetup: `ug events held {id} --attendance N`"),
        ));
    }
    let mut c = Change::new(e);
    if e.status != EventStatus::Held {
        c.set_status(EventStatus::Held);
    }
    // Without --attendance, the check-ins count (each with their guests).
    match attendance.or_else(|| super::rsvp::attended(e)) {
        Some(n) if e.attendance != Some(n) => {
            c.set(event::ATTENDANCE, Key::Int(i64::from(n)));
            c.attendance = Some(n);
        }
        _ => c.attendance = e.attendance,
    }
    Ok(c)
}

/// `ug events cancel`: status `cancelled`, and every open or asked task of
/// the event `dropped` with a note saying why, so nobody is nudged for a
/// meetup that will not happen.
pub fn decide_cancel(g: &Group, e: &Event, today: NaiveDate) -> Result<Change> {
    let id = e.id.value.as_str();
    let mut c = Change::new(e);
    match e.status {
        EventStatus::Held => {
            return Err(Error::failed(format!(
                "event `{id}` was held: it cannot be cancelled after the fact"
            )));
        }
        EventStatus::Cancelled => {}
        _ => {
            c.set_status(EventStatus::Cancelled);
        }
    }
    let why = format!("dropped: the event was cancelled on {today}");
    for t in super::open_tasks(g, id) {
        let notes = match t.notes.as_deref().map(str::trim) {
            Some(old) if !old.is_empty() => format!("{}; {why}", old.trim_end_matches(['.', ';'])),
            _ => why.clone(),
        };
        c.dropped_tasks.push(TaskChange::of(
            t,
            vec![
                (task::STATUS, Key::Text(TaskStatus::Dropped.as_str().into())),
                (task::NOTES, Key::Text(notes)),
            ],
        ));
        c.changed = true;
    }
    Ok(c)
}

fn value(k: &Key) -> Result<Value> {
    Ok(match k {
        Key::Text(s) => Value::from(s.as_str()),
        Key::Int(n) => Value::from(*n),
        Key::Date(d) => edit::date(*d)?,
        Key::DateTime(t) => edit::datetime(*t)?,
    })
}

/// Writes a decided change: the event's keys and its tasks' keys, each in
/// place (comments and spacing kept); nothing else in the file moves.
pub fn apply(doc: &mut DocumentMut, c: &Change) -> Result<()> {
    if let Some(r) = &c.rsvps {
        super::rsvp::apply(doc, r)?;
    }
    if !c.keys.is_empty() {
        let t = edit::find_mut(doc, top::EVENTS, event::ID, &Value::from(c.id.as_str()))
            .ok_or_else(|| {
                Error::failed(format!(
                    "event `{}` is not an [[events]] table; edit it by hand",
                    c.id
                ))
            })?;
        for (k, v) in &c.keys {
            edit::set(t, k, value(v)?);
        }
    }
    for task in c
        .dropped_tasks
        .iter()
        .chain(&c.moved_tasks)
        .chain(&c.retitled_tasks)
    {
        let t =
            edit::find_mut(doc, top::TASKS, task::ID, &Value::from(task.id)).ok_or_else(|| {
                Error::failed(format!(
                    "task {} is not a [[tasks]] table; edit it by hand",
                    task.id
                ))
            })?;
        for (k, v) in &task.keys {
            edit::set(t, k, value(v)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const DOC: &str = "[group]\nname = \"G\"\ntimezone = \"Europe/Berlin\"\n\n[[venues]]\nid = \"hall\"\nname = \"Hall\"\n\n[[events]]\nid = \"e1\"\ntitle = \"One\"\nstart = 2026-12-08T18:30:00\nvenue = \"hall\"\nstatus = \"planned\" # waiting\n\n[[tasks]]\nid = 1\ntitle = \"Tags\"\nowner = \"x\"\ndue = 2026-12-07\nevent = \"e1\"\nstatus = \"open\"\nnotes = \"Bring markers.\"\n";

    fn load() -> (toml_edit::DocumentMut, Group) {
        let doc: toml_edit::DocumentMut = DOC.parse().unwrap();
        let (g, _) = crate::model::from_table(doc.as_table());
        (doc, g)
    }

    fn at(s: &str) -> NaiveDateTime {
        d(s).and_hms_opt(9, 0, 0).unwrap()
    }

    #[test]
    fn confirm_in_an_edit_in_progress_changes_only_the_status() {
        let (mut doc, g) = load();
        let c = confirm_in(&mut doc, &g, "e1", at("2026-11-26")).unwrap();
        assert!(c.changed);
        assert_eq!(
            doc.to_string(),
            DOC.replace("\"planned\" # waiting", "\"confirmed\" # waiting")
        );
        assert!(confirm_in(&mut doc, &g, "nope", at("2026-11-26")).is_err());
    }

    #[test]
    fn cancel_keeps_a_tasks_note_in_front_of_why() {
        let (mut doc, g) = load();
        let c = decide_cancel(&g, &g.events[0], d("2026-11-26")).unwrap();
        apply(&mut doc, &c).unwrap();
        let text = doc.to_string();
        assert!(text.contains("status = \"cancelled\" # waiting"), "{text}");
        assert!(
            text.contains(
                "status = \"dropped\"\nnotes = \"Bring markers; dropped: the event was cancelled on 2026-11-26\""
            ),
            "{text}"
        );
    }

    #[test]
    fn dates_from_today_up_to_ten_years() {
        let today = d("2026-11-10");
        assert!(check_date(today, today, "--date").is_ok());
        assert!(check_date(d("2036-11-01"), today, "--date").is_ok());
        for bad in [
            "2026-11-09",
            "0001-01-01",
            "2037-01-01",
            "2300-01-01",
            "9999-12-31",
        ] {
            let e = check_date(d(bad), today, "--date").unwrap_err();
            assert_eq!(e.exit_code(), 1, "{bad}");
            assert!(e.to_string().contains(bad), "{e}");
        }
        // Near the end of the calendar there is no room left at all, and no panic.
        let late = d("9999-12-01");
        let e = check_date(late, late, "--date").unwrap_err();
        assert!(e.to_string().contains("cannot plan after"), "{e}");
        assert!(e.hint().is_some_and(|h| h.contains("clock")), "{e}");
    }
}
