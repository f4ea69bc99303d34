//! A reply to `ug talks ask` (SPEC §9), acted on: "yes" accepts the talk
//! and "no" declines it, as `ug talks accept` / `decline` do; an answer
//! from anyone but the speaker is left for a person.

use toml_edit::DocumentMut;

use super::act::Action;
use super::{Class, Incoming};
use crate::error::Result;
use crate::model::Group;
use crate::talks;

/// Decides the answer to talk `talk` on `g` and writes it into `doc`.
pub(super) fn answer(
    g: &Group,
    doc: &mut DocumentMut,
    m: &mut Incoming,
    talk: &str,
    yes: bool,
) -> Result<Action> {
    let Some(t) = talk.parse().ok().and_then(|id| talks::talk(g, id)) else {
        return Ok(Action::said(format!("not changed: no talk {talk}")));
    };
    let id = t.id.value;
    // Only an asked talk is answered by mail: a proposal is an organizer's
    // to accept (SPEC §11).
    if t.status != crate::model::TalkStatus::Asked {
        m.class = Class::Person;
        return Ok(Action::said(format!(
            "about talk {id}, which was not asked for: left for a person"
        )));
    }
    if let Some(who) = talks::speaker_of(t)
        && super::rights::not_from(g, who, &m.from)
    {
        m.class = Class::Person;
        return Ok(Action::said(format!(
            "about talk {id}, but not from {who}: left for a person"
        )));
    }
    let decided = if yes {
        talks::accept(g, id)
    } else {
        talks::decline(g, id)
    };
    let change = match decided {
        Ok(c) => c,
        Err(e) => return Ok(Action::said(format!("not changed: {e}"))),
    };
    talks::apply(doc, &change)?;
    Ok(Action {
        done: change.message,
        changed: change.changed,
        ..Action::default()
    })
}
