//! Who may answer what by mail, once a token proved who sent it (SPEC §11):
//! a proof says the sender is who ug mailed, not that they still may act.
//! An ask is answered by the person asked; a task is done by its owner
//! (a nudge sent to a former owner, before the task was reassigned, proves
//! them and no more). Anyone else's answer is left for a person. And an
//! RSVP by mail counts only once the event is announced.

use crate::model::{Event, EventStatus, Group};

/// Whether person `who` has an address and `from` is not it: their answer
/// came from someone else, and is left for a person.
pub(super) fn not_from(g: &Group, who: &str, from: &str) -> bool {
    let email = g.person(who).and_then(|p| p.email.as_deref());
    email.is_some_and(|e| !e.trim().eq_ignore_ascii_case(from.trim()))
}

/// Why `from` may not answer task `id` (`done`: true for "done", else an
/// ask's yes or no), if they may not: the person asked answers an ask, the
/// owner says "done".
pub(super) fn task_refused(g: &Group, id: i64, done: bool, from: &str) -> Option<String> {
    let t = g.task(id)?;
    let who = if done {
        t.owner.as_ref()?
    } else {
        t.asked.as_ref()?
    };
    not_from(g, &who.value, from).then(|| {
        format!(
            "about task {id}, but not from {}: left for a person",
            who.value
        )
    })
}

/// Why no RSVP by mail is taken for `e` yet: it is only planned, and
/// RSVPs open with its announcement (SPEC 4: `opens` counts from the
/// announcement, which waits for the event to be confirmed).
pub(super) fn not_announced(e: &Event) -> Option<String> {
    (e.status == EventStatus::Planned).then(|| {
        format!(
            "{} is not announced yet (RSVPs open with its announcement)",
            e.id.value
        )
    })
}
