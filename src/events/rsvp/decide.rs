//! The rules of SPEC §4, decided on a copy of one event's RSVPs: an answer
//! takes a seat or joins the waitlist, a no frees seats, the waitlist moves
//! up in arrival order, a repeated answer replaces the earlier one.

use chrono::NaiveDateTime;

use super::{Answer, Closed, Notice, NoticeKind, Outcome, RsvpChange, Slot, taken, waitlist};
use crate::model::{Event, EventStatus, Group, Rsvp, RsvpStatus, Via};

/// Records `answer` for event `e` at `now`, by the rules: refused (with the
/// reason) for a cancelled or past event, an unsubscribed address, or
/// outside the `opens`/`closes` window; else a yes takes a seat while the
/// party fits, or joins the waitlist; a no frees seats, and whoever on the
/// waitlist now fits moves up. A repeated answer replaces the earlier line
/// (addresses compare without case); the same answer again changes nothing.
pub fn decide(e: &Event, g: &Group, answer: &Answer, now: NaiveDateTime) -> RsvpChange {
    let mut c = empty(g, e, Outcome::Seats);
    if let Some(reason) = refused(e, g, &answer.email, now) {
        c.outcome = Outcome::Refused { reason };
        c.notices.push(Notice {
            email: answer.email.trim().to_string(),
            name: answer.name.clone(),
            at: now,
            kind: NoticeKind::Closed { reason },
        });
        return finish(g, c);
    }
    let limit = g.signups.guests;
    let guests = answer.guests.min(limit);
    if guests < answer.guests {
        c.guests_capped = Some(limit);
    }
    let mut list = e.rsvps.clone();
    let old = list.iter().position(|r| r.is_from(&answer.email));
    if let Some(i) = old {
        let r = &list[i];
        let same = if answer.yes {
            r.status != RsvpStatus::No && r.guests == guests
        } else {
            r.status == RsvpStatus::No
        };
        if same {
            c.outcome = Outcome::Unchanged { status: r.status };
            c.taken = taken(&list);
            return finish(g, c);
        }
    }
    let prev = old.map(|i| list[i].clone());
    let mut r = Rsvp {
        email: prev
            .as_ref()
            .map_or_else(|| answer.email.trim().to_string(), |p| p.email.clone()),
        name: answer
            .name
            .clone()
            .or_else(|| prev.as_ref().and_then(|p| p.name.clone()))
            .or_else(|| member_name(g, &answer.email)),
        status: RsvpStatus::No,
        guests,
        at: now,
        via: Some(answer.via),
        attended: prev.as_ref().is_some_and(|p| p.attended),
        span: None,
    };
    let slot = match old {
        Some(i) => {
            list[i].status = RsvpStatus::No;
            Slot::At(i)
        }
        None => Slot::New,
    };
    if answer.yes {
        let fits = c
            .seats
            .is_none_or(|s| taken(&list).saturating_add(r.party()) <= s);
        r.status = if fits {
            RsvpStatus::Yes
        } else {
            RsvpStatus::Waitlist
        };
    }
    let at = match slot {
        Slot::At(i) => {
            list[i] = r.clone();
            i
        }
        Slot::New => {
            list.push(r.clone());
            list.len() - 1
        }
    };
    c.writes.push((slot, r.clone()));
    move_up(&mut list, &mut c);
    let position = position(&list, at);
    c.outcome = Outcome::Recorded {
        status: list[at].status,
        position,
    };
    if let Some(n) = told(&list[at], position) {
        c.notices.insert(0, n);
    }
    c.taken = taken(&list);
    finish(g, c)
}

/// Moves the waitlist up to the event's seats as they are now (after
/// `capacity` was raised, or a venue with more room): for `ug events edit`.
/// `seats` are the new seats.
pub fn promote(g: &Group, e: &Event, seats: Option<u32>) -> RsvpChange {
    let mut c = empty(g, e, Outcome::Seats);
    c.seats = seats;
    let mut list = e.rsvps.clone();
    if e.status.is_live() {
        move_up(&mut list, &mut c);
    }
    c.taken = taken(&list);
    finish(g, c)
}

/// `ug rsvps checkin`: marks each address `attended = true`; an address
/// without an RSVP is a walk-in, added as a yes (`via = "manual"`).
pub fn checkin(g: &Group, e: &Event, emails: &[String], now: NaiveDateTime) -> RsvpChange {
    let mut c = empty(g, e, Outcome::Seats);
    let mut list = e.rsvps.clone();
    for email in emails {
        let email = email.trim();
        match list.iter().position(|r| r.is_from(email)) {
            Some(i) => {
                if !list[i].attended {
                    list[i].attended = true;
                    c.writes.push((Slot::At(i), list[i].clone()));
                }
                c.checked_in.push(list[i].email.clone());
            }
            None => {
                let r = Rsvp {
                    email: email.to_string(),
                    name: member_name(g, email),
                    status: RsvpStatus::Yes,
                    guests: 0,
                    at: now,
                    via: Some(Via::Manual),
                    attended: true,
                    span: None,
                };
                list.push(r.clone());
                c.writes.push((Slot::New, r));
                c.walk_ins.push(email.to_string());
                c.checked_in.push(email.to_string());
            }
        }
    }
    c.taken = taken(&list);
    c
}

fn empty(g: &Group, e: &Event, outcome: Outcome) -> RsvpChange {
    RsvpChange {
        event: e.id.value.clone(),
        title: e.title.clone(),
        outcome,
        guests_capped: None,
        promoted: Vec::new(),
        checked_in: Vec::new(),
        walk_ins: Vec::new(),
        notices: Vec::new(),
        seats: g.seats(e),
        taken: taken(&e.rsvps),
        writes: Vec::new(),
    }
}

/// Notices go only with `[signups] confirm`.
fn finish(g: &Group, mut c: RsvpChange) -> RsvpChange {
    if !g.signups.confirm {
        c.notices.clear();
    }
    c
}

/// Why an answer from `email` for `e` at `now` is not recorded, if it is not.
fn refused(e: &Event, g: &Group, email: &str, now: NaiveDateTime) -> Option<Closed> {
    if e.status == EventStatus::Cancelled {
        return Some(Closed::Cancelled);
    }
    if e.status == EventStatus::Held || e.start <= now {
        return Some(Closed::Past);
    }
    let email = email.trim();
    if g.members
        .iter()
        .any(|m| m.unsubscribed && m.email.value.trim().eq_ignore_ascii_case(email))
    {
        return Some(Closed::Unsubscribed);
    }
    // Without `opens`, RSVPs open with the announcement: from the start of
    // the day it is due (as the mail windows count), not at the event's hour.
    let opens = match g.signups.opens {
        Some(before) => e.start - before.as_chrono(),
        None => crate::events::timing::announce_date(g, e).and_time(chrono::NaiveTime::MIN),
    };
    if now < opens {
        return Some(Closed::NotOpen { opens });
    }
    let closed = e.start - g.signups.closes.as_chrono();
    if g.signups.closes.0 > 0 && now >= closed {
        return Some(Closed::Closed { closed });
    }
    None
}

/// The first on the waitlist (arrival order) whose party fits moves up,
/// again and again while seats are left. Each move is written in place
/// (status only) and noticed.
/// Unlimited seats: everyone waiting is in.
fn move_up(list: &mut [Rsvp], c: &mut RsvpChange) {
    let seats = c.seats.unwrap_or(u32::MAX);
    loop {
        let left = seats.saturating_sub(taken(list));
        let Some(i) = waitlist(list)
            .into_iter()
            .find(|(_, r)| r.party() <= left)
            .map(|(i, _)| i)
        else {
            return;
        };
        list[i].status = RsvpStatus::Yes;
        let r = list[i].clone();
        match c.writes.iter_mut().find(|(s, _)| *s == Slot::At(i)) {
            Some(w) => w.1 = r.clone(),
            None => c.writes.push((Slot::At(i), r.clone())),
        }
        c.promoted.push(r.email.clone());
        c.notices.push(Notice {
            at: r.at,
            email: r.email,
            name: r.name,
            kind: NoticeKind::Promoted,
        });
    }
}

/// What the answerer is told: in, or their place on the waitlist (a no: nothing).
fn told(r: &Rsvp, position: Option<usize>) -> Option<Notice> {
    let kind = match r.status {
        RsvpStatus::Yes => NoticeKind::In,
        RsvpStatus::Waitlist => NoticeKind::Waitlisted { n: position? },
        RsvpStatus::No => return None,
    };
    Some(Notice {
        email: r.email.clone(),
        name: r.name.clone(),
        at: r.at,
        kind,
    })
}

/// A waitlisted entry's place (1 = next), if it is waitlisted.
fn position(list: &[Rsvp], at: usize) -> Option<usize> {
    waitlist(list)
        .iter()
        .position(|(i, _)| *i == at)
        .map(|p| p + 1)
}

/// The member's name for this address, if the list has one.
fn member_name(g: &Group, email: &str) -> Option<String> {
    let email = email.trim();
    g.members
        .iter()
        .find(|m| m.email.value.trim().eq_ignore_ascii_case(email))
        .map(|m| m.name.trim().to_string())
        .filter(|n| !n.is_empty())
}
