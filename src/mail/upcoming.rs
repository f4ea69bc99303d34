//! The send dates coming up (pure), for `ug status`: every date computed
//! from the event or the task, never searched for, so it is quick for any
//! file on any day. One entry per kind and day where one mail goes to each
//! person (nudge digests, thank-yous). Sign-ups: the reminder counts the
//! "yes" and waitlisted people once an event has RSVPs, and the release
//! request the "yes" people (who answered before it).

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::events::timing::{mail_dates, thanks_from};
use crate::mail::Kind;
use crate::mail::due::{
    address_of, ask, has_address, members, next_digest, nudged, nudged_by_mail, thanks_recipients,
};
use crate::mail::signups::release_from;
use crate::model::{Event, EventStatus, Group, RsvpStatus, Task};

/// A send date coming up, for `ug status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub kind: Kind,
    pub event: Option<String>,
    pub task: Option<i64>,
    /// Every task a nudge digest of that day covers (the first is `task`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<i64>,
    pub date: NaiveDate,
    pub recipients: usize,
}

/// The next send dates after today and within `days` days, soonest first
/// (file order within a day), with how many people each goes to. Every date
/// is computed, so this is quick for any file and any day.
pub fn upcoming(g: &Group, now: NaiveDateTime, days: i64) -> Vec<Upcoming> {
    let today = now.date();
    let horizon = today
        .checked_add_signed(Duration::days(days.clamp(0, 3660)))
        .unwrap_or(NaiveDate::MAX);
    let in_range = |d: NaiveDate| d > today && d <= horizon;
    let member_count = members(g).count();
    let mut out = Vec::new();
    let mut thanks: Vec<(NaiveDate, String, HashSet<String>)> = Vec::new();
    for e in &g.events {
        let event = Some(e.id.value.clone());
        if e.venue.is_none() {
            continue;
        }
        let dates = mail_dates(g, e);
        for (kind, day, statuses) in [
            (
                Kind::Announce,
                dates.announce,
                &[EventStatus::Planned, EventStatus::Confirmed][..],
            ),
            (
                Kind::Remind,
                dates.remind,
                &[
                    EventStatus::Planned,
                    EventStatus::Confirmed,
                    EventStatus::Announced,
                ][..],
            ),
        ] {
            if statuses.contains(&e.status)
                && let Some(date) = day
                && in_range(date)
                && date.and_time(chrono::NaiveTime::MIN) < e.start
            {
                // Once there are RSVPs, the reminder goes to those who
                // answered yes (and the note to the waitlisted).
                let recipients = match kind {
                    Kind::Remind if !e.rsvps.is_empty() => e
                        .rsvps
                        .iter()
                        .filter(|r| r.status != RsvpStatus::No)
                        .count(),
                    _ => member_count,
                };
                out.push(Upcoming {
                    kind,
                    event: event.clone(),
                    task: None,
                    tasks: Vec::new(),
                    date,
                    recipients,
                });
            }
        }
        out.extend(release(g, e).filter(|u| in_range(u.date)));
        if let Some(date) = thanks_from(g, e)
            && in_range(date)
        {
            let people = thanks_recipients(g, e)
                .into_iter()
                .filter(|p| has_address(p))
                .map(|p| address_of(p).to_ascii_lowercase());
            match thanks.iter_mut().find(|(d, _, _)| *d == date) {
                Some((_, _, seen)) => seen.extend(people),
                None => thanks.push((date, e.id.value.clone(), people.collect())),
            }
        }
    }
    // Thank-yous to one person on one day are one mail: one entry a day.
    out.extend(thanks.into_iter().map(|(date, event, people)| Upcoming {
        kind: Kind::Thanks,
        event: Some(event),
        task: None,
        tasks: Vec::new(),
        date,
        recipients: people.len(),
    }));
    out.extend(task_dates(g, now, &in_range));
    // Stable: file order within a day (events, then asks, nudges, thanks).
    out.sort_by_key(|u| u.date);
    out
}

/// The asks (in file order), then a nudge digest per day: each person's
/// next digest (see `rounds::next_digest`: one interval after today's when
/// a task of theirs is in the window now), one entry per day counting
/// people, not tasks.
fn task_dates(
    g: &Group,
    now: NaiveDateTime,
    in_range: &dyn Fn(NaiveDate) -> bool,
) -> Vec<Upcoming> {
    let today = now.date();
    let mut asks = Vec::new();
    // Each person's tasks (by address, lowercased), people in file order.
    let mut people: Vec<(String, Vec<&Task>)> = Vec::new();
    for t in &g.tasks {
        if let Some(p) = nudged(g, t).filter(|p| has_address(p) && nudged_by_mail(p)) {
            let who = address_of(p).to_ascii_lowercase();
            match people.iter_mut().find(|(w, _)| *w == who) {
                Some((_, tasks)) => tasks.push(t),
                None => people.push((who, vec![t])),
            }
        }
        if let Some((p, Some(date))) = ask(g, t, now)
            && has_address(p)
            && in_range(date)
        {
            asks.push(Upcoming {
                kind: Kind::Ask,
                event: None,
                task: Some(t.id.value),
                tasks: Vec::new(),
                date,
                recipients: 1,
            });
        }
    }
    let mut nudges: Vec<(NaiveDate, Vec<i64>, usize)> = Vec::new();
    for (_, tasks) in &people {
        let Some(date) = next_digest(g, tasks.iter().copied(), today).filter(|d| in_range(*d))
        else {
            continue;
        };
        let ids = tasks
            .iter()
            .filter(|t| crate::mail::due::in_window(g, t, date))
            .map(|t| t.id.value);
        match nudges.iter_mut().find(|(d, _, _)| *d == date) {
            Some((_, all, n)) => {
                all.extend(ids);
                *n += 1;
            }
            None => nudges.push((date, ids.collect(), 1)),
        }
    }
    asks.extend(nudges.into_iter().map(|(date, tasks, people)| Upcoming {
        kind: Kind::Nudge,
        event: None,
        task: tasks.first().copied(),
        tasks,
        date,
        recipients: people,
    }));
    asks
}

/// The release request of `e` (`[signups] release`), to the "yes" people
/// who answered before it, if there are any.
fn release(g: &Group, e: &Event) -> Option<Upcoming> {
    if !matches!(e.status, EventStatus::Confirmed | EventStatus::Announced) {
        return None;
    }
    let from = release_from(g, e).filter(|from| *from < e.start)?;
    let going = e.rsvps.iter().filter(|r| r.status == RsvpStatus::Yes);
    let recipients = going.filter(|r| r.at < from).count();
    (recipients > 0).then(|| Upcoming {
        kind: Kind::Release,
        event: Some(e.id.value.clone()),
        task: None,
        tasks: Vec::new(),
        date: from.date(),
        recipients,
    })
}
