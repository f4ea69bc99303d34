//! Who speaks (SPEC §9, issue 12): the talks of an event (its agenda's items
//! with a speaker, and the `[[talks]]` scheduled or given on it that the
//! agenda does not already list), which the site shows; and over the group's
//! history, talks per speaker and the new voices: speakers whose first talk
//! falls in the last 12 months, per event, and the share of talks they gave.
//! A talk counts once: an agenda item and a `[[talks]]` entry with the same
//! speaker and title on the same event are one talk.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::{AgendaItem, Event, EventStatus, Group, Talk, TalkKind, TalkStatus};
use crate::tasks::name_of;

/// Talks per speaker: the top this many.
pub const TOP: usize = 10;
/// New voices are counted over this many months back from today.
pub const MONTHS: u32 = 12;

/// One talk on an event, as the site lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EventTalk {
    /// The talk's title (`A lightning talk` when a `[[talks]]` entry has none).
    pub title: String,
    /// The speaker's person id.
    pub speaker: String,
    /// The speaker's name (the id when the person is unknown).
    pub name: String,
    /// `talk`, `lightning` or `tutorial`; `None` when the agenda item has no kind.
    pub kind: Option<&'static str>,
    pub minutes: Option<u32>,
    /// Kind and length in words: `lightning talk, 5 min`.
    pub what: String,
}

impl EventTalk {
    fn new(
        g: &Group,
        title: String,
        speaker: &str,
        kind: Option<&'static str>,
        minutes: Option<u32>,
    ) -> Self {
        let kind_words = kind.map(|k| {
            if k == "lightning" {
                "lightning talk"
            } else {
                k
            }
        });
        let what = [
            kind_words.map(str::to_string),
            minutes.map(|m| format!("{m} min")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        EventTalk {
            title,
            speaker: speaker.to_string(),
            name: name_of(g, speaker).to_string(),
            kind,
            minutes,
            what,
        }
    }
}

/// The talks on `e`, in agenda order, then the `[[talks]]` scheduled or
/// given on `e` that no agenda item lists (an item lists a talk by the same
/// speaker with the same title; a talk with no title, an item by its
/// speaker that no titled talk claimed). Never a proposed, asked, accepted,
/// declined or withdrawn talk, nor an open slot.
pub fn talks_on(g: &Group, e: &Event) -> Vec<EventTalk> {
    let items: Vec<&AgendaItem> = e
        .agenda
        .iter()
        .filter(|i| i.speaker.is_some() && i.kind.is_none_or(|k| k.is_talk()))
        .collect();
    let on_e: Vec<&Talk> = g
        .talks
        .iter()
        .filter(|t| {
            matches!(t.status, TalkStatus::Scheduled | TalkStatus::Given)
                && t.event.as_ref().is_some_and(|ev| ev.value == e.id.value)
                && t.speaker.is_some()
        })
        .collect();
    // Titled talks match first, so an untitled one takes an item no title claimed.
    let mut matched = vec![false; items.len()];
    let mut listed = vec![false; on_e.len()];
    for titled in [true, false] {
        for (k, t) in on_e.iter().enumerate() {
            if t.title.is_some() != titled {
                continue;
            }
            let same = (0..items.len()).find(|&n| {
                !matched[n]
                    && items[n].speaker.as_ref().map(|s| &s.value)
                        == t.speaker.as_ref().map(|s| &s.value)
                    && t.title
                        .as_deref()
                        .is_none_or(|title| same_title(title, &items[n].title))
            });
            if let Some(n) = same {
                matched[n] = true;
                listed[k] = true;
            }
        }
    }
    let mut talks: Vec<EventTalk> = items
        .iter()
        .map(|i| {
            let id = i.speaker.as_ref().map_or("", |s| s.value.as_str());
            EventTalk::new(
                g,
                i.title.clone(),
                id,
                i.kind.map(|k| k.as_str()),
                Some(i.minutes),
            )
        })
        .collect();
    talks.extend(
        on_e.iter()
            .zip(listed)
            .filter(|(_, listed)| !listed)
            .map(|(t, _)| from_talk(g, t)),
    );
    talks
}

fn from_talk(g: &Group, t: &Talk) -> EventTalk {
    let id = t.speaker.as_ref().map_or("", |s| s.value.as_str());
    let title = t.title.clone().unwrap_or_else(|| match t.kind {
        TalkKind::Talk => "A talk".into(),
        TalkKind::Lightning => "A lightning talk".into(),
        TalkKind::Tutorial => "A tutorial".into(),
    });
    EventTalk::new(g, title, id, Some(t.kind.as_str()), t.minutes)
}

/// Titles compared as people read them: case and spacing aside.
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    norm(a) == norm(b)
}

/// The speakers part of `ug stats`.
#[derive(Debug, Serialize)]
pub struct Speakers {
    /// Talks given: held events' talks and `given` talks, each once.
    pub talks: usize,
    /// Distinct speakers of those talks.
    pub speakers: usize,
    /// The speakers with the most talks, at most 10; most first.
    pub top: Vec<SpeakerTalks>,
    /// New voices count from this day on (12 months before today).
    pub since: NaiveDate,
    /// Held events since then that had talks, oldest first.
    pub events: Vec<EventVoices>,
    /// Speakers whose first talk was since then.
    pub new_voices: usize,
    /// Talks given since then, and how many of them by a first-time speaker.
    pub recent_talks: usize,
    pub first_time_talks: usize,
    /// `first_time_talks` of `recent_talks`, in percent; `None` with no talk.
    pub first_time_percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct SpeakerTalks {
    pub id: String,
    pub name: String,
    pub talks: usize,
    /// The day of their first and of their latest talk.
    pub first: NaiveDate,
    pub last: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct EventVoices {
    pub event: String,
    pub date: NaiveDate,
    pub talks: usize,
    /// Speakers giving their first talk, and those who spoke before.
    pub first_time: usize,
    pub returning: usize,
    /// The first-time speakers' names.
    pub new: Vec<String>,
}

/// One talk given: on which event and day, and the talk.
#[derive(Debug, Clone, Serialize)]
pub struct GivenTalk {
    pub event: String,
    pub date: NaiveDate,
    pub talk: EventTalk,
}

pub(super) fn speakers(g: &Group, today: NaiveDate) -> Speakers {
    let talks = talks_given(g, today);
    let mut first: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for t in &talks {
        first
            .entry(t.talk.speaker.as_str())
            .and_modify(|d| *d = (*d).min(t.date))
            .or_insert(t.date);
    }
    let is_first = |t: &GivenTalk| first[t.talk.speaker.as_str()] == t.date;
    let since = today
        .checked_sub_months(Months::new(MONTHS))
        .unwrap_or(today);
    let recent: Vec<&GivenTalk> = talks.iter().filter(|t| t.date > since).collect();
    let first_time_talks = recent.iter().filter(|t| is_first(t)).count();
    Speakers {
        talks: talks.len(),
        speakers: first.len(),
        top: top(&talks),
        since,
        events: voices(g, &recent, &is_first),
        new_voices: first.values().filter(|d| **d > since).count(),
        recent_talks: recent.len(),
        first_time_talks,
        first_time_percent: (!recent.is_empty())
            .then(|| super::round1(first_time_talks as f64 * 100.0 / recent.len() as f64)),
    }
}

/// Every talk given up to `today`, oldest first: the talks on held events,
/// and the `given` talks on an event that is not marked held (a given talk
/// always names its event: `ug check` says so).
pub fn talks_given(g: &Group, today: NaiveDate) -> Vec<GivenTalk> {
    let mut out = Vec::new();
    let mut held = BTreeSet::new();
    for e in &g.events {
        if e.status == EventStatus::Held && e.start.date() <= today {
            held.insert(e.id.value.as_str());
            out.extend(talks_on(g, e).into_iter().map(|talk| GivenTalk {
                date: e.start.date(),
                event: e.id.value.clone(),
                talk,
            }));
        }
    }
    for t in g.talks.iter().filter(|t| t.status == TalkStatus::Given) {
        let Some(e) = t.event.as_ref().and_then(|e| g.event(e)) else {
            continue;
        };
        if held.contains(e.id.value.as_str()) || e.start.date() > today || t.speaker.is_none() {
            continue;
        }
        out.push(GivenTalk {
            date: e.start.date(),
            event: e.id.value.clone(),
            talk: from_talk(g, t),
        });
    }
    // Stable: an event's talks keep their agenda order.
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.event.cmp(&b.event)));
    out
}

fn top(talks: &[GivenTalk]) -> Vec<SpeakerTalks> {
    let mut by: BTreeMap<&str, SpeakerTalks> = BTreeMap::new();
    for t in talks {
        let s = by
            .entry(t.talk.speaker.as_str())
            .or_insert_with(|| SpeakerTalks {
                id: t.talk.speaker.clone(),
                name: t.talk.name.clone(),
                talks: 0,
                first: t.date,
                last: t.date,
            });
        s.talks += 1;
        s.first = s.first.min(t.date);
        s.last = s.last.max(t.date);
    }
    let mut all: Vec<SpeakerTalks> = by.into_values().collect();
    all.sort_by(|a, b| {
        b.talks
            .cmp(&a.talks)
            .then(b.last.cmp(&a.last))
            .then(a.name.cmp(&b.name))
    });
    all.truncate(TOP);
    all
}

/// Per event (held, with talks, in the window): first-time and returning speakers.
fn voices(
    g: &Group,
    recent: &[&GivenTalk],
    is_first: &dyn Fn(&GivenTalk) -> bool,
) -> Vec<EventVoices> {
    let mut by: BTreeMap<(NaiveDate, &str), Vec<&GivenTalk>> = BTreeMap::new();
    for t in recent {
        by.entry((t.date, t.event.as_str())).or_default().push(t);
    }
    by.into_iter()
        .map(|((date, event), talks)| {
            let mut new = BTreeSet::new();
            let mut returning = BTreeSet::new();
            for t in &talks {
                if is_first(t) {
                    new.insert(t.talk.speaker.as_str());
                } else {
                    returning.insert(t.talk.speaker.as_str());
                }
            }
            EventVoices {
                event: event.to_string(),
                date,
                talks: talks.len(),
                first_time: new.len(),
                returning: returning.len(),
                new: new.iter().map(|id| name_of(g, id).to_string()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::talks_on;
    use crate::model::{Group, from_document};

    fn group(talks: &str) -> Group {
        let text = format!(
            r#"[group]
name = "G"
timezone = "Europe/Berlin"

[[people]]
id = "ann"
name = "Ann"

[[people]]
id = "bo"
name = "Bo"

[[events]]
id = "2026-03-02"
title = "March"
start = 2026-03-02T18:30:00
status = "held"

[[events.agenda]]
title = "Welcome"
kind = "welcome"
minutes = 10
speaker = "ann"
[[events.agenda]]
title = "Rust  in Production"
kind = "talk"
minutes = 30
speaker = "ann"
[[events.agenda]]
title = "Lightning talk 1 (open slot)"
kind = "lightning"
minutes = 5
{talks}"#
        );
        from_document(&toml_edit::Document::parse(text).unwrap()).0
    }

    fn titles(g: &Group) -> Vec<(String, String, String)> {
        talks_on(g, &g.events[0])
            .into_iter()
            .map(|t| (t.title, t.name, t.what))
            .collect()
    }

    #[test]
    fn an_agenda_item_and_its_talk_are_one_talk_and_pending_ones_are_left_out() {
        let talk = |id: u32, title: &str, who: &str, status: &str| {
            format!(
                "\n[[talks]]\nid = {id}\n{title}speaker = \"{who}\"\nkind = \"lightning\"\nminutes = 5\nstatus = \"{status}\"\nevent = \"2026-03-02\"\n"
            )
        };
        let agenda_only = (
            "Rust  in Production".into(),
            "Ann".into(),
            "talk, 30 min".into(),
        );
        // An untitled talk by the agenda's speaker is the agenda's item.
        let g = group(&talk(1, "", "ann", "scheduled"));
        assert_eq!(titles(&g), std::slice::from_ref(&agenda_only));
        // A titled one claims the item first (case and spaces aside), so the
        // untitled one before it in the file is another talk; bo's given talk
        // missing from the agenda is listed, his accepted one is not.
        let g = group(
            &[
                talk(1, "", "ann", "scheduled"),
                talk(2, "title = \"rust in production\"\n", "ann", "given"),
                talk(3, "title = \"Async\"\n", "bo", "given"),
                talk(4, "title = \"Not yet\"\n", "bo", "accepted"),
            ]
            .concat(),
        );
        let lightning =
            |title: &str, who: &str| (title.into(), who.into(), "lightning talk, 5 min".into());
        assert_eq!(
            titles(&g),
            [
                agenda_only,
                lightning("A lightning talk", "Ann"),
                lightning("Async", "Bo"),
            ]
        );
    }
}
