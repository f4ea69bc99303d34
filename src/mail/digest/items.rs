//! What waits for a person (pure): the items of the organizers' digest,
//! each with the one command that settles it (SPEC §8 step 4).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::inbox::log::Waiting;
use crate::mail::compose::one_line;
use crate::mail::due::{ask, in_window, nudged, nudged_by_mail};
use crate::model::{EventStatus, Group, Talk, TalkStatus, Task, TaskStatus};
use crate::talks;

/// An ask (a task's or a talk's) unanswered this many days waits for a person.
pub const ASK_DAYS: i64 = 3;
/// A task overdue this many days waits for a person.
pub const OVERDUE_DAYS: i64 = 7;
/// A planned event this close without a confirmed venue waits for a person.
pub const VENUE_DAYS: i64 = 21;
/// At most this many mails waiting for a person are listed one by one (the
/// oldest); the rest are one item, counted: anyone can mail the inbox, so
/// its mail must not make the digest as long as they like (SPEC §11).
pub const INBOX_ITEMS: usize = 20;

/// One thing waiting for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its name in the sent log's keys (`digest-item:ID:DATE:ADDRESS`):
    /// `inbox.3fa9c2`, `ask.14`, `talk-ask.5`, `proposal.7`, `task.14`,
    /// `venue.2027-01-12`, `talk.3`.
    pub id: String,
    /// What waits, in words (one line).
    pub what: String,
    /// The command that settles it.
    pub command: String,
}

/// Everything waiting for a person at `now`, in this order: `late` (the
/// inbox's mail waiting longer than `answer_within`, oldest first), asks
/// unanswered for [`ASK_DAYS`], talk proposals, tasks overdue by
/// [`OVERDUE_DAYS`] (an organizer's own as soon as a nudge would name
/// them: overdue or due within the nudge interval, since organizers get no
/// nudge mail), planned events within [`VENUE_DAYS`] without a
/// confirmed venue, and accepted talks on no agenda while their event has
/// room for them (`unplaced_talk`). `unix_now` is `now` in unix seconds (the inbox's ages).
pub fn items(g: &Group, now: NaiveDateTime, unix_now: i64, late: &[Waiting]) -> Vec<Item> {
    let today = now.date();
    let mut out: Vec<Item> = late
        .iter()
        .take(INBOX_ITEMS)
        .map(|w| inbox_item(w, unix_now))
        .collect();
    if let Some(more) = late.len().checked_sub(INBOX_ITEMS).filter(|n| *n > 0) {
        out.push(Item {
            id: "inbox.more".into(),
            what: format!(
                "{more} more mail{} waiting for a person (the oldest are listed above)",
                if more == 1 { "" } else { "s" }
            ),
            command: "ug inbox   (lists every one, each with its id)".into(),
        });
    }
    let days_ago = |d: NaiveDate| (today - d).num_days();
    for t in &g.tasks {
        if let Some((p, Some(on))) = ask(g, t, now)
            && days_ago(on) >= ASK_DAYS
        {
            out.push(Item {
                id: format!("ask.{}", t.id.value),
                what: one_line(&format!(
                    "Task {} \"{}\": asked of {} on {}, no answer yet",
                    t.id.value,
                    t.title,
                    p.name,
                    short(on)
                )),
                command: format!(
                    "ug tasks accept {0}   (or: ug tasks decline {0})",
                    t.id.value
                ),
            });
        }
    }
    for t in &g.talks {
        let speaker = t
            .speaker
            .as_ref()
            .and_then(|s| g.person(s))
            .map_or_else(|| "?".to_string(), |p| p.name.clone());
        let title = t.title.as_deref().unwrap_or("(no title yet)");
        let asked = t.asked_on.filter(|on| days_ago(*on) >= ASK_DAYS);
        let what = match (t.status, asked) {
            (TalkStatus::Proposed, _) => format!(
                "Talk proposal {}: \"{title}\" ({}) by {speaker}",
                t.id.value,
                t.kind.as_str()
            ),
            (TalkStatus::Asked, Some(on)) => format!(
                "Talk {}: {speaker} was asked to speak on {}, no answer yet",
                t.id.value,
                short(on)
            ),
            _ => continue,
        };
        let id = match t.status {
            TalkStatus::Proposed => format!("proposal.{}", t.id.value),
            _ => format!("talk-ask.{}", t.id.value),
        };
        out.push(Item {
            id,
            what: one_line(&what),
            command: format!(
                "ug talks accept {0}   (or: ug talks decline {0})",
                t.id.value
            ),
        });
    }
    out.extend(g.tasks.iter().filter_map(|t| task_item(g, t, today)));
    out.extend(venue_items(g, now));
    out.extend(g.talks.iter().filter_map(|t| unplaced_talk(g, t, now)));
    out
}

/// An accepted talk on no agenda while its event (its own, else the next
/// one) has room for it and no open slot of its kind (`ug daily` fills
/// those itself): the speaker said yes and waits to hear when.
fn unplaced_talk(g: &Group, t: &Talk, now: NaiveDateTime) -> Option<Item> {
    if t.status != TalkStatus::Accepted {
        return None;
    }
    let e = talks::event_for(g, t, now)?;
    let kind = t.kind.agenda_kind();
    if talks::open_slots(e).iter().any(|(_, k)| *k == kind) {
        return None;
    }
    let length = e.duration.unwrap_or(g.duration()).0;
    let used: u32 = e.agenda.iter().map(|a| a.minutes).sum();
    let minutes = talks::minutes_of(t);
    if used.saturating_add(minutes) > length {
        return None;
    }
    let speaker = t
        .speaker
        .as_ref()
        .and_then(|s| g.person(s))
        .map_or_else(|| "?".to_string(), |p| p.name.clone());
    Some(Item {
        id: format!("talk.{}", t.id.value),
        what: one_line(&format!(
            "Talk {} \"{}\" by {speaker} is accepted and on no agenda; {} has {} free",
            t.id.value,
            talks::title_of(g, t),
            short(e.start.date()),
            crate::words::plural(i64::from(length - used), "minute")
        )),
        command: format!("ug talks schedule {} {}", t.id.value, e.id.value),
    })
}

/// "Tue Dec 8".
fn short(d: NaiveDate) -> String {
    d.format("%a %b %-d").to_string()
}

fn inbox_item(w: &Waiting, unix_now: i64) -> Item {
    let short_id = crate::inbox::run::short_id(&w.id);
    let from = match w.name.trim() {
        "" => w.from.clone(),
        name => format!("{name} <{}>", w.from),
    };
    Item {
        id: format!("inbox.{short_id}"),
        what: one_line(&format!(
            "Mail from {from}, waiting {}: \"{}\"",
            crate::inbox::waiting::age(unix_now - w.arrived),
            w.subject
        )),
        command: format!("answer it, then: ug inbox done {short_id}"),
    }
}

/// An open task overdue by [`OVERDUE_DAYS`]; an organizer's own one as
/// soon as it is in the nudge window.
fn task_item(g: &Group, t: &Task, today: NaiveDate) -> Option<Item> {
    let p = nudged(g, t)?;
    let due = t.due?;
    let late = (today - due).num_days();
    let organizers = !nudged_by_mail(p);
    if t.status != TaskStatus::Open
        || !(late >= OVERDUE_DAYS || organizers && in_window(g, t, today))
    {
        return None;
    }
    let when = match late {
        0 => "due today".to_string(),
        n if n < 0 => format!("due {}", short(due)),
        1 => format!("1 day overdue (due {})", short(due)),
        n => format!("{n} days overdue (due {})", short(due)),
    };
    Some(Item {
        id: format!("task.{}", t.id.value),
        what: one_line(&format!(
            "Task {} \"{}\" ({}): {when}",
            t.id.value, t.title, p.name
        )),
        command: format!("ug tasks done {}", t.id.value),
    })
}

/// Planned events within [`VENUE_DAYS`] whose venue has not confirmed (or
/// that have none).
fn venue_items(g: &Group, now: NaiveDateTime) -> impl Iterator<Item = Item> + '_ {
    let until = now.date() + Duration::days(VENUE_DAYS);
    g.events
        .iter()
        .filter(move |e| e.status == EventStatus::Planned && e.start > now)
        .filter(move |e| e.start.date() <= until)
        .map(|e| {
            let id = &e.id.value;
            let on = short(e.start.date());
            let (what, command) = match e.venue.as_ref() {
                None => (
                    format!("Event {id} \"{}\" on {on} has no venue yet", e.title),
                    format!("ug events edit {id} --venue VENUE"),
                ),
                Some(v) => {
                    let name = g.venue(v).map_or(v.value.as_str(), |v| v.name.as_str());
                    (
                        format!(
                            "Event {id} \"{}\" on {on}: {name} has not confirmed yet",
                            e.title
                        ),
                        format!("ug events confirm {id}"),
                    )
                }
            };
            Item {
                id: format!("venue.{id}"),
                what: one_line(&what),
                command,
            }
        })
}
