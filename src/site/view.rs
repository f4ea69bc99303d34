//! What the site's templates see: the group and each event as plain,
//! serializable views (times already in the group's zone, links already
//! made), built once per run. Pure.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::agenda;
use crate::events::rsvp::taken;
use crate::mail::compose::{encode, is_open_slot, mailto, rsvp_subject};
use crate::model::{Event, EventStatus, Group};
use crate::stats::{EventTalk, talks_on};

/// The group, for every page.
#[derive(Debug, Serialize)]
pub struct GroupView {
    pub name: String,
    pub about: Option<String>,
    pub city: Option<String>,
    pub website: Option<String>,
    pub code_of_conduct: Option<String>,
    pub topics: Vec<String>,
    /// `America/Chicago`
    pub timezone: String,
    /// `mailto:` link that joins the list (subject "subscribe"), if ug reads mail.
    pub join: Option<String>,
    /// Where members write: the sign-ups address.
    pub address: Option<String>,
    pub organizers: Vec<String>,
    pub venues: Vec<PlaceView>,
    pub sponsors: Vec<SponsorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    pub name: String,
    pub address: Option<String>,
    /// An OpenStreetMap search for the address.
    pub map: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SponsorView {
    pub name: String,
    pub provides: Option<String>,
}

/// One agenda item with its clock times.
#[derive(Debug, Serialize)]
pub struct SlotView {
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: Option<String>,
    pub speaker: Option<String>,
}

/// One event, for its page, the index and the archive.
#[derive(Debug, Serialize)]
pub struct EventView {
    pub id: String,
    pub title: String,
    /// The page, relative to the site's root: `events/2026-12-08/`.
    pub path: String,
    /// `Tuesday 8 December 2026`
    pub date: String,
    /// `18:30–21:00`
    pub time: String,
    /// `America/Chicago, CST`
    pub zone: String,
    /// `2026-12-08T18:30:00-06:00`
    pub start: String,
    pub end: String,
    pub status: EventStatus,
    pub cancelled: bool,
    /// Over (held, or its end is before the build's time).
    pub past: bool,
    pub format: Option<String>,
    pub venue: Option<PlaceView>,
    /// The agenda without its open slots (members never see those).
    pub agenda: Vec<SlotView>,
    /// Open slots were left out: "More talks to be announced."
    pub more_talks: bool,
    /// The talks and their speakers: the agenda's and the `[[talks]]`
    /// scheduled or given on it, each once.
    pub talks: Vec<EventTalk>,
    /// The speakers' names, each once, in the order they speak.
    pub speakers: Vec<String>,
    pub sponsors: Vec<SponsorView>,
    pub seats: Option<u32>,
    pub seats_left: Option<u32>,
    pub attendance: Option<u32>,
    /// The RSVP links, for an event still ahead: `mailto:` with the subject filled in.
    pub rsvp: Option<RsvpView>,
}

#[derive(Debug, Serialize)]
pub struct RsvpView {
    pub address: String,
    pub yes_subject: String,
    pub yes: String,
    pub no: String,
}

/// The group's view.
pub fn group(g: &Group) -> GroupView {
    let site = g.site.clone().unwrap_or_default();
    let address = g.signups_address().map(|a| a.trim().to_string());
    GroupView {
        name: g.group.name.clone(),
        about: site.about,
        city: g.group.city.clone(),
        website: g.group.website.clone(),
        code_of_conduct: site.code_of_conduct,
        topics: g.group.topics.clone(),
        timezone: g.tz().name().to_string(),
        join: address.as_deref().map(|a| mailto(a, "subscribe")),
        address,
        organizers: g
            .people
            .iter()
            .filter(|p| p.is_lead())
            .map(|p| p.name.clone())
            .collect(),
        venues: g
            .venues
            .iter()
            .map(|v| place(&v.name, v.address.as_deref()))
            .collect(),
        sponsors: g
            .sponsors
            .iter()
            .map(|s| SponsorView {
                name: s.name.clone(),
                provides: s.provides.clone(),
            })
            .collect(),
    }
}

fn place(name: &str, address: Option<&str>) -> PlaceView {
    PlaceView {
        name: name.to_string(),
        address: address.map(str::to_string),
        map: address.map(|a| format!("https://www.openstreetmap.org/search?query={}", encode(a))),
    }
}

/// `t` in zone `tz` with its offset (the earlier of two in a repeated hour).
pub fn zoned(tz: Tz, t: NaiveDateTime) -> DateTime<Tz> {
    tz.from_local_datetime(&t)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&(t - tz.offset_from_utc_datetime(&t).fix())))
}

/// An event's view as of `now` (local to the group).
pub fn event(g: &Group, e: &Event, now: NaiveDateTime) -> EventView {
    let tz = g.tz();
    let a = agenda::build(g, e);
    let (start, end) = (zoned(tz, a.start), zoned(tz, a.end));
    let past = e.status == EventStatus::Held || a.end <= now;
    let seats = g.seats(e);
    let live = e.status.is_live() && !past;
    let id = e.id.value.clone();
    let talks = talks_on(g, e);
    EventView {
        path: format!("events/{}/", page_name(&id)),
        title: e.title.clone(),
        date: a.start.format("%A %-d %B %Y").to_string(),
        time: format!("{}–{}", a.start.format("%H:%M"), a.end.format("%H:%M")),
        zone: format!("{}, {}", tz.name(), start.format("%Z")),
        start: start.to_rfc3339(),
        end: end.to_rfc3339(),
        status: e.status,
        cancelled: e.status == EventStatus::Cancelled,
        past,
        format: e.format.clone(),
        venue: e.venue.as_ref().map(|v| match g.venue(v) {
            Some(v) => place(&v.name, v.address.as_deref()),
            None => place(v, None),
        }),
        more_talks: e.agenda.iter().any(is_open_slot),
        agenda: a
            .items
            .into_iter()
            .zip(&e.agenda)
            .filter(|(_, item)| !is_open_slot(item))
            .map(|(s, _)| SlotView {
                start: s.start.format("%H:%M").to_string(),
                end: s.end.format("%H:%M").to_string(),
                title: s.title,
                kind: s.kind.map(|k| k.as_str().to_string()),
                speaker: s.speaker_name,
            })
            .collect(),
        speakers: talks.iter().fold(Vec::new(), |mut v, t| {
            if !v.contains(&t.name) {
                v.push(t.name.clone());
            }
            v
        }),
        talks,
        sponsors: e
            .sponsors
            .iter()
            .map(|s| match g.sponsor(s) {
                Some(s) => SponsorView {
                    name: s.name.clone(),
                    provides: s.provides.clone(),
                },
                None => SponsorView {
                    name: s.value.clone(),
                    provides: None,
                },
            })
            .collect(),
        seats,
        seats_left: seats.map(|s| s.saturating_sub(taken(&e.rsvps))),
        attendance: e.attendance,
        rsvp: g
            .signups_address()
            .map(|a| a.trim().to_string())
            .filter(|_| live)
            .map(|address| RsvpView {
                yes_subject: rsvp_subject(&id, "yes"),
                yes: mailto(&address, &rsvp_subject(&id, "yes")),
                no: mailto(&address, &rsvp_subject(&id, "no")),
                address,
            }),
        id,
    }
}

pub use crate::mail::calendar::page_name;

/// One speaker on the speakers page: everyone who gave a talk.
#[derive(Debug, Serialize)]
pub struct SpeakerView {
    pub name: String,
    /// Newest first.
    pub talks: Vec<GivenView>,
}

/// One talk a speaker gave, with its event.
#[derive(Debug, Serialize)]
pub struct GivenView {
    pub title: String,
    pub kind: Option<&'static str>,
    pub minutes: Option<u32>,
    /// `lightning talk, 5 min`
    pub what: String,
    pub event: String,
    /// The event's page, relative to the site's root.
    pub path: String,
    /// `8 December 2026`
    pub date: String,
}

/// Everyone who gave a talk up to `today` (as `ug stats` counts them), by
/// name, each with their talks newest first.
pub fn speakers(g: &Group, events: &[EventView], today: chrono::NaiveDate) -> Vec<SpeakerView> {
    let mut by: std::collections::BTreeMap<(String, String), Vec<GivenView>> = Default::default();
    let mut given = crate::stats::talks_given(g, today);
    given.sort_by_key(|t| std::cmp::Reverse(t.date));
    for t in given {
        let Some(e) = events.iter().find(|e| e.id == t.event) else {
            continue;
        };
        by.entry((t.talk.name.clone(), t.talk.speaker.clone()))
            .or_default()
            .push(GivenView {
                title: t.talk.title,
                kind: t.talk.kind,
                minutes: t.talk.minutes,
                what: t.talk.what,
                event: e.title.clone(),
                path: e.path.clone(),
                date: t.date.format("%-d %B %Y").to_string(),
            });
    }
    by.into_iter()
        .map(|((name, _), talks)| SpeakerView { name, talks })
        .collect()
}
