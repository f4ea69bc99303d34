//! The talk edits as pure decisions: which keys of one `[[talks]]` entry
//! change, or why the edit is refused (an [`Error`] with its hint). The
//! command applies them; nothing else in the file moves.

use std::fmt;

use serde::Serialize;
use toml_edit::{DocumentMut, Table, Value};

use super::{find, speaker_of, title_of};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::schema::{talk, top};
use crate::model::{Group, Talk, TalkStatus};
use crate::tasks::name_of;

/// What one edit does to one talk. `new`: the talk is added (an ask).
#[derive(Debug, Serialize)]
pub struct Change {
    pub id: i64,
    /// The keys set, in order (a new talk's in the order written).
    #[serde(skip)]
    pub keys: Vec<(&'static str, Value)>,
    #[serde(skip)]
    pub new: bool,
    pub changed: bool,
    pub message: String,
    /// Worth saying on stderr.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.message)
    }
}

impl Change {
    pub(super) fn new(id: i64, keys: Vec<(&'static str, Value)>, message: String) -> Change {
        Change {
            id,
            changed: !keys.is_empty(),
            keys,
            new: false,
            message,
            warnings: Vec::new(),
        }
    }
}

pub(super) fn status(s: TalkStatus) -> (&'static str, Value) {
    (talk::STATUS, Value::from(s.as_str()))
}

/// Writes `change` into the document: the keys of that one `[[talks]]`
/// table, or a new table after the last talk.
pub fn apply(doc: &mut DocumentMut, change: &Change) -> Result<()> {
    let id = change.id;
    if change.new {
        let mut t = Table::new();
        t.insert(talk::ID, toml_edit::value(id));
        set_keys(&mut t, &change.keys);
        return edit::push(doc, top::TALKS, t);
    }
    let t = edit::find_mut(doc, top::TALKS, talk::ID, &Value::from(id))
        .ok_or_else(|| not_a_table(id))?;
    set_keys(t, &change.keys);
    Ok(())
}

fn set_keys(t: &mut Table, keys: &[(&'static str, Value)]) {
    for (key, value) in keys {
        edit::set(t, key, value.clone());
    }
}

pub(super) fn not_a_table(id: i64) -> Error {
    Error::failed_with(
        format!("talk {id} is not a [[talks]] table, so ug cannot edit it"),
        "rewrite the talks as [[talks]] sections, or edit it by hand",
    )
}

/// The talk `id` when its status is one of `from`; else an error saying
/// what it is and what to do instead.
fn in_status<'g>(g: &'g Group, id: i64, from: &[TalkStatus], to: &str) -> Result<&'g Talk> {
    let t = find(g, id)?;
    if from.contains(&t.status) {
        return Ok(t);
    }
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    Err(Error::failed_with(
        format!(
            "talk {id} ({}) is `{}`: only a talk that is {} can be {to}",
            title_of(g, t),
            t.status.as_str(),
            allowed.join(" or ")
        ),
        "`ug talks` shows where each talk is",
    ))
}

fn who(g: &Group, t: &Talk) -> String {
    speaker_of(t).map_or_else(|| "The speaker".to_string(), |s| name_of(g, s).to_string())
}

/// Sets talk `id` to `to` from one of `from`, saying `said(speaker, title)`;
/// already `to`: nothing changes.
fn answer(
    g: &Group,
    id: i64,
    to: TalkStatus,
    from: &[TalkStatus],
    said: impl FnOnce(&str, &str) -> String,
) -> Result<Change> {
    let t = find(g, id)?;
    if t.status == to {
        let msg = format!("Talk {id} ({}) is already {}.", title_of(g, t), to.as_str());
        return Ok(Change::new(id, Vec::new(), msg));
    }
    let t = in_status(g, id, from, to.as_str())?;
    let msg = said(&who(g, t), &title_of(g, t));
    Ok(Change::new(id, vec![status(to)], msg))
}

/// `ug talks accept ID`: the speaker said yes (to an ask, or a proposal taken).
pub fn accept(g: &Group, id: i64) -> Result<Change> {
    use TalkStatus::*;
    answer(g, id, Accepted, &[Asked, Proposed], |who, title| {
        format!(
            "{who} will give talk {id}, {title}. Thank them! `ug daily` puts it in an open slot of its kind; with none, `ug talks schedule {id} EVENT` puts it on an agenda."
        )
    })
}

/// `ug talks decline ID`: the speaker said no (or the proposal is not taken).
pub fn decline(g: &Group, id: i64) -> Result<Change> {
    use TalkStatus::*;
    answer(
        g,
        id,
        Declined,
        &[Asked, Proposed, Accepted],
        |who, title| format!("{who} declined talk {id} ({title}); thank them for answering."),
    )
}

/// `ug talks withdraw ID`: the speaker pulled out. A scheduled talk's agenda
/// slot is left as it is, with a warning to fix it.
pub fn withdraw(g: &Group, id: i64) -> Result<Change> {
    use TalkStatus::*;
    let from = [Proposed, Asked, Accepted, Scheduled];
    let mut c = answer(g, id, Withdrawn, &from, |_, title| {
        format!("Talk {id} ({title}) is withdrawn.")
    })?;
    let t = find(g, id)?;
    if c.changed
        && t.status == Scheduled
        && let Some(e) = super::event_of(t)
    {
        c.warnings.push(format!(
            "it is still on the agenda of {e}: `ug agenda {e}` shows it; `ug agenda remove N --event {e}` takes it off"
        ));
    }
    Ok(c)
}

/// `ug events held ID`: that event's scheduled talks become `given`.
pub fn given(g: &Group, event: &str) -> Vec<Change> {
    g.talks
        .iter()
        .filter(|t| t.status == TalkStatus::Scheduled && super::event_of(t) == Some(event))
        .map(|t| {
            let msg = format!("Talk {} ({}) was given.", t.id.value, title_of(g, t));
            Change::new(t.id.value, vec![status(TalkStatus::Given)], msg)
        })
        .collect()
}
