//! Accepted talks into open agenda slots: which talk fills which slot
//! (pure), and writing that into the event's `[[events.agenda]]` and the
//! talk's entry. Oldest talk (lowest id) first; a slot takes only a talk of
//! its kind; a talk asked for one event goes only there.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDateTime;
use serde::Serialize;
use toml_edit::{DocumentMut, Value as TomlValue};

use super::change::{Change, status};
use super::{event_of, find, minutes_of, speaker_of, title_of, upcoming};
use crate::agenda::{agenda_mut, insert_item, is_open_slot};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::schema::{agenda_item, event, talk, top};
use crate::model::{AgendaKind, Event, Group, Talk, TalkStatus};
use crate::tasks::name_of;

/// One talk put on one event's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fill {
    pub talk: i64,
    pub event: String,
    /// The open slot it takes (1-based, as `ug agenda` counts); `None`:
    /// added at the end of the agenda.
    pub position: Option<usize>,
    /// The open slot's title before ("Talk 1 (open slot)").
    pub replaced: Option<String>,
    pub title: String,
    pub kind: AgendaKind,
    pub minutes: u32,
    pub speaker: String,
    pub speaker_name: String,
}

impl fmt::Display for Fill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (id, ev) = (self.talk, &self.event);
        match (&self.position, &self.replaced) {
            (Some(n), Some(old)) => write!(
                f,
                "talk {id} ({}, {}) fills slot {n} of {ev} (was \"{old}\")",
                self.title, self.speaker_name
            ),
            _ => write!(
                f,
                "talk {id} ({}, {}) is added to the agenda of {ev}",
                self.title, self.speaker_name
            ),
        }
    }
}

/// The open slots of `e`: (index, kind), in agenda order.
pub fn open_slots(e: &Event) -> Vec<(usize, AgendaKind)> {
    e.agenda
        .iter()
        .enumerate()
        .filter(|(_, a)| is_open_slot(a))
        .filter_map(|(i, a)| Some((i, a.kind?)))
        .collect()
}

/// Accepted talks with a speaker that could go on `e`'s agenda, in the
/// order they are taken: those asked for `e` first, then by id.
fn candidates<'g>(g: &'g Group, e: &Event) -> Vec<&'g Talk> {
    let mut v: Vec<&Talk> = g
        .talks
        .iter()
        .filter(|t| t.status == TalkStatus::Accepted && speaker_of(t).is_some())
        .filter(|t| event_of(t).is_none_or(|id| id == e.id.value))
        .collect();
    v.sort_by_key(|t| (event_of(t).is_none(), t.id.value));
    v
}

/// `e`'s open slots and the accepted talks waiting that could fill them
/// (`ug status` and readiness: "2 open slots, 1 accepted talk waiting").
pub fn waiting_for<'g>(g: &'g Group, e: &Event) -> (usize, Vec<&'g Talk>) {
    let slots = open_slots(e);
    let kinds: HashSet<AgendaKind> = slots.iter().map(|(_, k)| *k).collect();
    let talks = candidates(g, e)
        .into_iter()
        .filter(|t| kinds.contains(&t.kind.agenda_kind()))
        .collect();
    (slots.len(), talks)
}

/// Every fill due: each upcoming event's open slots (soonest event first),
/// each from the oldest accepted talk of its kind not yet placed.
pub fn fill_upcoming(g: &Group, now: NaiveDateTime) -> Vec<Fill> {
    let mut used = HashSet::new();
    let mut fills = Vec::new();
    for e in upcoming(g, now) {
        let talks = candidates(g, e);
        for (i, kind) in open_slots(e) {
            let pick = talks
                .iter()
                .find(|t| t.kind.agenda_kind() == kind && !used.contains(&t.id.value));
            if let Some(t) = pick {
                used.insert(t.id.value);
                fills.push(fill_of(g, t, e, Some(i)));
            }
        }
    }
    fills
}

fn fill_of(g: &Group, t: &Talk, e: &Event, slot: Option<usize>) -> Fill {
    let speaker = speaker_of(t).unwrap_or_default().to_string();
    let item = slot.and_then(|i| e.agenda.get(i));
    Fill {
        talk: t.id.value,
        event: e.id.value.clone(),
        position: slot.map(|i| i + 1),
        replaced: item.map(|a| a.title.clone()),
        title: title_of(g, t),
        kind: t.kind.agenda_kind(),
        minutes: match (t.minutes, item) {
            (None, Some(a)) => a.minutes,
            _ => minutes_of(t),
        },
        speaker_name: name_of(g, &speaker).to_string(),
        speaker,
    }
}

/// `ug talks schedule ID EVENT`: the talk takes the event's first open slot
/// of its kind, else is added at the end of its agenda.
pub fn schedule(g: &Group, id: i64, event_id: &str) -> Result<Fill> {
    let t = find(g, id)?;
    let e = g.find_event(event_id)?;
    let title = title_of(g, t);
    if !matches!(
        t.status,
        TalkStatus::Accepted | TalkStatus::Proposed | TalkStatus::Asked
    ) {
        let hint = match (t.status, event_of(t)) {
            (TalkStatus::Scheduled, Some(on)) => format!(
                "it is on the agenda of {on}; to move it, take it off there (`ug agenda remove N --event {on}`) and set its status to accepted"
            ),
            _ => "`ug talks` shows where each talk is".to_string(),
        };
        return Err(Error::failed_with(
            format!(
                "talk {id} ({title}) is `{}`: only a proposed, asked or accepted talk can be scheduled",
                t.status.as_str()
            ),
            hint,
        ));
    }
    if speaker_of(t).is_none() {
        return Err(Error::failed_with(
            format!("talk {id} ({title}) has no speaker"),
            format!("add `speaker = \"PERSON\"` to talk {id} in the file"),
        ));
    }
    if !e.status.is_live() {
        return Err(Error::failed_with(
            format!(
                "event {event_id} is `{}`: talks go on an event still to come",
                e.status.as_str()
            ),
            "`ug events` lists the upcoming ones",
        ));
    }
    let kind = t.kind.agenda_kind();
    let slot = open_slots(e)
        .into_iter()
        .find(|(_, k)| *k == kind)
        .map(|(i, _)| i);
    Ok(fill_of(g, t, e, slot))
}

/// Writes the fills: each slot's title, minutes and speaker (or a new
/// agenda item at the end), and each talk `scheduled` on its event.
pub fn apply_fills(doc: &mut DocumentMut, fills: &[Fill]) -> Result<()> {
    for f in fills {
        let not_a_table = || {
            Error::failed_with(
                format!(
                    "the agenda of event `{}` is not written as [[events.agenda]] tables, so ug cannot edit it",
                    f.event
                ),
                "rewrite it as [[events.agenda]] sections under the event, or edit it by hand",
            )
        };
        let table = edit::find_mut(
            doc,
            top::EVENTS,
            event::ID,
            &TomlValue::from(f.event.as_str()),
        )
        .ok_or_else(not_a_table)?;
        let agenda = agenda_mut(table).ok_or_else(not_a_table)?;
        match f.position {
            Some(n) => {
                let item = agenda.get_mut(n - 1).ok_or_else(not_a_table)?;
                edit::set(item, agenda_item::TITLE, f.title.as_str());
                edit::set(item, agenda_item::MINUTES, i64::from(f.minutes));
                edit::set(item, agenda_item::SPEAKER, f.speaker.as_str());
            }
            None => {
                let mut t = toml_edit::Table::new();
                t.insert(agenda_item::TITLE, toml_edit::value(f.title.as_str()));
                t.insert(agenda_item::KIND, toml_edit::value(f.kind.as_str()));
                t.insert(agenda_item::MINUTES, toml_edit::value(i64::from(f.minutes)));
                t.insert(agenda_item::SPEAKER, toml_edit::value(f.speaker.as_str()));
                let len = agenda.len();
                insert_item(agenda, len, t);
            }
        }
        let keys = vec![
            status(TalkStatus::Scheduled),
            (talk::EVENT, TomlValue::from(f.event.as_str())),
        ];
        super::apply(doc, &Change::new(f.talk, keys, String::new()))?;
    }
    Ok(())
}
