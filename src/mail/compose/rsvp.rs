//! What a template sees about sign-ups (SPEC §4): the pre-filled `mailto:`
//! links ("RSVP yes 2026-12-08" to the signups address), and the
//! recipient's own answer (status, guests, place on the waitlist); and the
//! subjects of the sign-up mails. Pure.

use serde::Serialize;

use super::context::EventCtx;
use crate::events::rsvp::waitlist;
use crate::mail::{Due, Kind};
use crate::model::{Group, RsvpStatus};
use crate::token::{Keys, Purpose};

#[derive(Debug, Serialize)]
pub struct RsvpCtx {
    /// Where RSVP mail goes (`[signups] address`, else reply-to, else from).
    pub address: String,
    /// The subject that says yes: `RSVP yes 2026-12-08`.
    pub yes_subject: String,
    pub no_subject: String,
    /// `mailto:rsvp@example.org?subject=RSVP%20yes%202026-12-08`
    pub yes: String,
    pub no: String,
    /// The recipient's answer, if they gave one: `yes`, `waitlist`, `no`.
    pub status: Option<&'static str>,
    /// Their guests (0: alone).
    pub guests: u32,
    /// Their place on the waitlist (1 = next), if waitlisted.
    pub position: Option<usize>,
    /// Seats of the event (`None`: unlimited).
    pub seats: Option<u32>,
}

/// The sign-up context of a mail about an event, `None` without one (or
/// without an address to answer to).
pub fn rsvp_ctx(g: &Group, due: &Due, keys: &Keys) -> Option<RsvpCtx> {
    let e = g.event(due.event.as_deref()?)?;
    let address = g.signups_address()?.trim().to_string();
    let id = e.id.value.as_str();
    // The links carry the recipient's token (SPEC §11): an answer by them
    // proves its sender; the subjects shown to copy by hand do not.
    let tag = keys.tag(&Purpose::Rsvp(id), &due.to.address);
    let subject = |answer: &str| rsvp_subject(id, answer);
    let link = |s: &str| mailto(&address, &format!("{s} {tag}"));
    let mine = e.rsvps.iter().position(|r| r.is_from(&due.to.address));
    let r = mine.map(|i| &e.rsvps[i]);
    let position = mine.and_then(|i| {
        waitlist(&e.rsvps)
            .iter()
            .position(|(j, _)| *j == i)
            .map(|p| p + 1)
    });
    Some(RsvpCtx {
        yes: link(&subject("yes")),
        no: link(&subject("no")),
        yes_subject: subject("yes"),
        no_subject: subject("no"),
        address,
        status: r.map(|r| match r.status {
            RsvpStatus::Yes => "yes",
            RsvpStatus::Waitlist => "waitlist",
            RsvpStatus::No => "no",
        }),
        guests: r.map_or(0, |r| r.guests),
        position,
        seats: g.seats(e),
    })
}

/// The subject that answers for event `id`: `RSVP yes 2026-12-08`.
pub fn rsvp_subject(id: &str, answer: &str) -> String {
    format!("RSVP {answer} {id}")
}

/// A `mailto:` link to `address` with `subject` filled in (the mails' and
/// the site's RSVP links): `mailto:rsvp@example.org?subject=RSVP%20yes%202026-12-08`.
pub fn mailto(address: &str, subject: &str) -> String {
    format!("mailto:{address}?subject={}", encode(subject))
}

/// `s` percent-encoded for a URL's query (RFC 3986: all but the unreserved
/// characters), so `RSVP yes 2026-12-08` is `RSVP%20yes%202026-12-08`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The subject of a sign-up mail, `None` for other kinds.
pub fn subject(kind: Kind, e: &EventCtx, rsvp: Option<&RsvpCtx>) -> Option<String> {
    let at = match &e.venue {
        Some(v) => format!("{} at {}", e.title, v.name),
        None => e.title.clone(),
    };
    let n = rsvp
        .and_then(|r| r.position)
        .map_or_else(String::new, |n| format!(", number {n}"));
    Some(match kind {
        Kind::RsvpIn => format!("You're in: {} {}: {at}", e.date, e.start),
        Kind::RsvpPromoted => format!("A seat opened, you're in: {} {}: {at}", e.date, e.start),
        Kind::RsvpWaitlist => format!("You're on the waitlist{n}: {} on {}", e.title, e.date),
        Kind::Waiting => format!("Still on the waitlist{n}: {} on {}", e.title, e.date),
        Kind::Release => format!("Can't make it after all? {} on {}", e.title, e.date),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_percent_encoded() {
        assert_eq!(encode("RSVP yes 2026-12-08"), "RSVP%20yes%202026-12-08");
        assert_eq!(encode("a&b=c ü"), "a%26b%3Dc%20%C3%BC");
    }
}
