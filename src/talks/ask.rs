//! `ug talks ask PERSON`: one personal ask to speak, recorded as a talk in
//! status `asked` (a new entry, or the same pending ask made again).

use chrono::NaiveDateTime;

use toml_edit::Value;

use super::change::{Change, status};
use super::{event_of, kind_phrase, new_id, speaker_of, to_come, upcoming};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::schema::talk;
use crate::model::{Group, TalkKind, TalkStatus};
use crate::tasks::{display_name, resolve_person};

/// What `ug talks ask` was told besides the person.
#[derive(Debug, Clone, Default)]
pub struct AskOptions {
    /// `--event ID`: the event asked for (else the next upcoming one).
    pub event: Option<String>,
    pub kind: Option<TalkKind>,
    pub title: Option<String>,
    pub minutes: Option<u32>,
}

/// Decides the ask: a new `[[talks]]` entry (next id, status `asked`,
/// `asked_on` today), or, when the same person already has a pending ask
/// for the same event, that ask renewed (`asked_on` today; unchanged when
/// it was made today, so the mail is not sent twice).
pub fn ask(g: &Group, who: &str, o: &AskOptions, now: NaiveDateTime) -> Result<Change> {
    let p = resolve_person(g, who)?;
    let id_of = p.id.value.as_str();
    let name = display_name(p);
    if let Some(e) = &o.event {
        let ev = g.find_event(e)?;
        if !to_come(ev, now) {
            return Err(Error::failed_with(
                format!(
                    "event {e} is `{}` and starts {}: ask someone for an event still to come",
                    ev.status.as_str(),
                    ev.start.date()
                ),
                "leave out --event to ask for the next upcoming one (`ug events` lists them)",
            ));
        }
    }
    let today = now.date();
    let pending = g.talks.iter().find(|t| {
        t.status == TalkStatus::Asked
            && speaker_of(t) == Some(id_of)
            && event_of(t) == o.event.as_deref()
    });
    // On a renewed ask, only what differs from the talk as it is changes.
    let title = o.title.as_deref().map(str::trim);
    let title = title.filter(|t| pending.is_none_or(|p| p.title.as_deref() != Some(*t)));
    let minutes = o
        .minutes
        .filter(|m| pending.is_none_or(|p| p.minutes != Some(*m)));
    let kind = o.kind.filter(|k| pending.is_none_or(|p| p.kind != *k));
    let mut keys = Vec::new();
    if let Some(t) = title {
        keys.push((talk::TITLE, Value::from(t)));
    }
    if let Some(m) = minutes {
        keys.push((talk::MINUTES, Value::from(i64::from(m))));
    }
    if let Some(t) = pending {
        let id = t.id.value;
        if let Some(k) = kind {
            keys.push((talk::KIND, Value::from(k.as_str())));
        }
        if t.asked_on == Some(today) {
            let msg = if keys.is_empty() {
                format!("{name} was already asked today (talk {id}): not asked twice.")
            } else {
                format!("Updated talk {id}; {name} was already asked today: not asked twice.")
            };
            return Ok(Change::new(id, keys, msg));
        }
        keys.push((talk::ASKED_ON, edit::date(today)?));
        let since = t
            .asked_on
            .map(|d| format!(" (first asked {d})"))
            .unwrap_or_default();
        let msg = format!("Asked {name} again to speak (talk {id}){since}.");
        return Ok(Change::new(id, keys, msg));
    }
    let id = new_id(g)?;
    let kind = o.kind.unwrap_or(TalkKind::Talk);
    let at_speaker = usize::from(title.is_some());
    keys.insert(at_speaker, (talk::SPEAKER, Value::from(id_of)));
    keys.push((talk::KIND, Value::from(kind.as_str())));
    keys.push(status(TalkStatus::Asked));
    if let Some(e) = &o.event {
        keys.push((talk::EVENT, Value::from(e.as_str())));
    }
    keys.push((talk::ASKED_ON, edit::date(today)?));
    let at = match &o.event {
        Some(e) => format!(" at {e}"),
        None => match upcoming(g, now).first() {
            Some(e) => format!(" at {} (the next meetup)", e.id.value),
            None => String::new(),
        },
    };
    let msg = format!(
        "Asked {name} to give {}{at}: talk {id}.",
        kind_phrase(kind).to_ascii_lowercase()
    );
    let mut c = Change::new(id, keys, msg);
    c.new = true;
    if p.email.as_deref().is_none_or(|a| a.trim().is_empty()) {
        c.warnings.push(format!(
            "{id_of} has no email address: add `email = \"...\"` to their [[people]] entry, or ask them in person"
        ));
    }
    Ok(c)
}
