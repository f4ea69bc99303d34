//! The sign-up mails that are due (SPEC §4), found from the file's RSVP
//! lines and the sent log, as part of `due`'s walk over the events:
//! - remind, once an event has RSVPs: to the "yes" people only; the
//!   waitlisted get `waiting` ("still on the waitlist, number N") instead;
//! - release: `[signups] release` before the event, to each "yes" person
//!   who answered before then: reply "no" if you can't come; once each (a
//!   confirmation due then carries it: it says so too);
//! - with `[signups] confirm`, one mail per answer, keyed by the answer's
//!   `at` (`About::Answer`): `rsvp-waitlist` for a waitlisted line,
//!   `rsvp-in` for a "yes", or `rsvp-promoted` for a "yes" whose
//!   waitlist mail went out (a promotion keeps `at`). The same line
//!   replayed is the same key (sent once); a new answer is a new one.
//!   Answers that were refused ("RSVPs are closed") leave no line, so they
//!   are not mailed from here; nor are imported lines (`via = "import"`).
//!
//! - cancel and change: a cancelled or changed event's "yes" and
//!   waitlisted people hear of it too (members who heard of the event are
//!   told by `due` already).
//!
//! Who gets these: the address on the RSVP line, unless a member with that
//! address unsubscribed or bounced.

use std::collections::HashSet;

use chrono::{Days, NaiveDateTime, NaiveTime};

use crate::mail::Kind;
use crate::mail::due::{Found, Walk, open};
use crate::mail::key::{About, SentKey, To};
use crate::model::{Event, EventStatus, Group, Rsvp, RsvpStatus, Via};

/// When `[signups] release` falls for `e`: the start of that local day.
pub fn release_from(g: &Group, e: &Event) -> Option<NaiveDateTime> {
    e.start
        .date()
        .checked_sub_days(Days::new(u64::from(g.signups.release.0)))
        .map(|d| d.and_time(NaiveTime::MIN))
}

impl<'g> Walk<'g, '_> {
    /// Whether mail to `address` about RSVPs may go: not to an unsubscribed
    /// or bounced member, nor to no address.
    fn mailable(&mut self, address: &str) -> bool {
        let g = self.g;
        let a = address.trim();
        let unmailable = self.unmailable.get_or_insert_with(|| {
            g.members
                .iter()
                .filter(|m| !m.is_mailable())
                .map(|m| m.email.value.trim().to_ascii_lowercase())
                .collect()
        });
        !a.is_empty() && !unmailable.contains(&a.to_ascii_lowercase())
    }

    /// One message of `kind` about `e` to the person who gave answer `r`.
    fn answer(&mut self, kind: Kind, e: &'g Event, r: &'g Rsvp) {
        let id = e.id.value.as_str();
        self.offer(Found {
            key: SentKey {
                kind,
                about: About::Event(id),
                to: To::Address(r.email.trim()),
            },
            event: Some(id),
            task: None,
            name: r.name.as_deref().unwrap_or_default(),
            with: None,
        });
    }

    /// The reminder of an event with RSVPs: to "yes" people; the
    /// waitlisted are told they still wait.
    pub(super) fn remind_going(&mut self, e: &'g Event) {
        for r in &e.rsvps {
            if !self.mailable(&r.email) {
                continue;
            }
            match r.status {
                RsvpStatus::Yes => self.answer(Kind::Remind, e, r),
                // Their "waitlist, number N" is due too: it says the same,
                // and settles this one (see `signups`).
                RsvpStatus::Waitlist if self.confirming(Kind::RsvpWaitlist, e, r) => {}
                RsvpStatus::Waitlist => self.answer(Kind::Waiting, e, r),
                RsvpStatus::No => {}
            }
        }
    }

    /// Whether the confirmation `kind` of answer `r` is due (with `[signups]
    /// confirm`, not imported, not sent yet).
    fn confirming(&mut self, kind: Kind, e: &'g Event, r: &'g Rsvp) -> bool {
        let key = SentKey {
            kind,
            about: About::Answer(e.id.value.as_str(), r.at),
            to: To::Address(r.email.trim()),
        };
        self.g.signups.confirm && r.via != Some(Via::Import) && !self.sent(&key)
    }

    /// The cancellation or change (`kind`, keyed by `about`) to each person
    /// whose answer is yes or waitlist and who was not `told` (lowercased
    /// addresses) as a member.
    pub(super) fn told_answered(
        &mut self,
        e: &'g Event,
        told: &HashSet<String>,
        kind: Kind,
        about: About<&'g str>,
    ) {
        for r in &e.rsvps {
            if !self.mailable(&r.email) {
                continue;
            }
            let waiting = matches!(r.status, RsvpStatus::Yes | RsvpStatus::Waitlist);
            if waiting && !told.contains(&r.email.trim().to_ascii_lowercase()) {
                self.offer(Found {
                    key: SentKey {
                        kind,
                        about,
                        to: To::Address(r.email.trim()),
                    },
                    event: Some(e.id.value.as_str()),
                    task: None,
                    name: r.name.as_deref().unwrap_or_default(),
                    with: None,
                });
            }
        }
    }

    /// Release requests and answer confirmations for `e`. A confirmation
    /// due while the release request is (a promotion two days before)
    /// stands in for it: it says "reply no if you can't come" too; a
    /// "waitlist, number N" due while the reminder is (`reminding`) stands
    /// in for the "still on the waitlist, number N" note: one of them a run.
    pub(super) fn signups(&mut self, e: &'g Event, reminding: bool) {
        let (g, now) = (self.g, self.now);
        let live = matches!(e.status, EventStatus::Confirmed | EventStatus::Announced);
        if !live || now >= e.start {
            return;
        }
        let release = release_from(g, e);
        let asking = e.venue.is_some() && open(now, release.map(|r| r.date()), e);
        let id = e.id.value.as_str();
        for r in &e.rsvps {
            if !self.mailable(&r.email) {
                continue;
            }
            let to = To::Address(r.email.trim());
            let key = |kind, about| SentKey { kind, about, to };
            let released = key(Kind::Release, About::Event(id));
            let ask = asking
                && r.status == RsvpStatus::Yes
                && release.is_some_and(|from| r.at < from)
                && !self.sent(&released);
            let confirm = g.signups.confirm && r.via != Some(Via::Import);
            let answer = About::Answer(id, r.at);
            let kind = match r.status {
                RsvpStatus::Waitlist => Kind::RsvpWaitlist,
                RsvpStatus::Yes if self.sent(&key(Kind::RsvpWaitlist, answer)) => {
                    Kind::RsvpPromoted
                }
                RsvpStatus::Yes => Kind::RsvpIn,
                RsvpStatus::No => continue,
            };
            let told = key(kind, answer);
            if confirm && !self.sent(&told) {
                let waiting = key(Kind::Waiting, About::Event(id));
                let with = if kind == Kind::RsvpWaitlist {
                    (reminding && !self.sent(&waiting)).then_some(waiting)
                } else {
                    ask.then_some(released)
                };
                self.offer(Found {
                    key: told,
                    event: Some(id),
                    task: None,
                    name: r.name.as_deref().unwrap_or_default(),
                    with,
                });
            } else if ask {
                self.answer(Kind::Release, e, r);
            }
        }
    }
}
