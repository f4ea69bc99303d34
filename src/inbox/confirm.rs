//! An RSVP, join or unsubscribe whose sender is not proven (SPEC §11):
//! nothing changes yet; the address is asked once to confirm by replying
//! (the reply owed, `confirm:MIDDLE`, sent through the sent log by
//! `mail::replies`), and the confirmed reply does it.
//!
//! Nobody is asked what would change nothing (a stranger unsubscribing, a
//! member joining again). What cannot be asked waits for a person instead:
//! mail that must not be answered (RFC 3834: automatic or list mail,
//! `noreply`), and anything from an address that left or bounced, which
//! gets no mail but the one that said it left.

use chrono::NaiveDateTime;

use super::act::Action;
use super::{Class, Incoming};
use crate::members;
use crate::model::{Group, units};

/// What an unproven `class` (an RSVP, join or unsubscribe) in `m`, which
/// arrived `at`, comes to on the group `g`: a confirmation request owed,
/// nothing (also for an RSVP for an event not announced yet: no mail to
/// ask about it), or (`m` made [`Class::Person`]) a person's decision.
pub(super) fn ask(g: &Group, m: &mut Incoming, class: &Class, at: NaiveDateTime) -> Action {
    let key = members::key(&m.from);
    let member = g
        .members
        .iter()
        .find(|x| members::key(&x.email.value) == key);
    let gone = member.is_some_and(|x| x.unsubscribed || x.bounced);
    // Leaving again: nothing to ask (see below).
    let left_again =
        matches!(class, Class::Unsubscribe { .. }) && member.is_some_and(|x| x.unsubscribed);
    let waits = if m.no_reply {
        Some("not proven, and automatic or list mail is never answered: left for a person")
    } else if matches!(class, Class::Join { .. }) && gone {
        Some("asks to join again, not proven to come from that address: left for a person")
    } else if gone && !left_again {
        Some("not proven, and that address left or bounced (it is not mailed): left for a person")
    } else {
        None
    };
    if let Some(said) = waits {
        m.class = Class::Person;
        return Action::said(said);
    }
    let nothing = match class {
        _ if let Err(e) = units::check_address(&m.from) => Some(match class {
            Class::Join { .. } => format!("not added: {e}"),
            Class::Unsubscribe { .. } => format!("not changed: {e}"),
            _ => format!("not recorded: {e}"),
        }),
        Class::Rsvp { event, .. } => match g.event(event) {
            None => Some(format!("not recorded: no event {event} in the file")),
            Some(e) => super::rights::not_announced(e).map(|why| format!("not recorded: {why}")),
        },
        Class::Unsubscribe { .. } if member.is_none_or(|x| x.unsubscribed) => Some(format!(
            "{} is not on the member list: nothing to do",
            m.from
        )),
        Class::Join { .. } if member.is_some() => {
            Some("already on the member list: nothing changed".into())
        }
        _ => None,
    };
    if let Some(said) = nothing {
        return Action::said(said);
    }
    let Some(middle) = super::classify::confirm_middle(class, at.date()) else {
        return Action::default();
    };
    Action {
        reply: Some(format!("confirm:{middle}")),
        ..Action::said(format!(
            "not proven to come from {}: asked them to confirm by replying",
            m.from
        ))
    }
}
