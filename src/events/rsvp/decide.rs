//! The rules of SPEC §4, decided over one event's RSVPs as read (the
//! change's writes laid over them, never a copy of the list): an answer
//! takes a seat or joins the waitlist, a no frees seats, the waitlist moves
//! up in arrival order, a repeated answer replaces the earlier one.

use chrono::NaiveDateTime;

use super::{Answer, Closed, Notice, NoticeKind, Outcome, RsvpChange, Slot, taken};
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
    let list = &e.rsvps;
    let old = list.iter().position(|r| r.is_from(&answer.email));
    let prev = old.map(|i| &list[i]);
    if let Some(r) = prev {
        let same = if answer.yes {
            r.status != RsvpStatus::No && r.guests == guests
        } else {
            r.status == RsvpStatus::No
        };
        if same {
            c.outcome = Outcome::Unchanged { status: r.status };
            return finish(g, c);
        }
        // The earlier answer no longer holds a seat.
        if r.status == RsvpStatus::Yes {
            c.taken = c.taken.saturating_sub(r.party());
        }
    }
    let mut r = Rsvp {
        email: prev.map_or_else(|| answer.email.trim().to_string(), |p| p.email.clone()),
        name: answer
            .name
            .clone()
            .or_else(|| prev.and_then(|p| p.name.clone()))
            .or_else(|| member_name(g, &answer.email)),
        status: RsvpStatus::No,
        guests,
        at: now,
        via: Some(answer.via),
        attended: prev.is_some_and(|p| p.attended),
        span: None,
    };
    if answer.yes {
        let fits = c
            .seats
            .is_none_or(|s| c.taken.saturating_add(r.party()) <= s);
        if fits {
            r.status = RsvpStatus::Yes;
            c.taken = c.taken.saturating_add(r.party());
        } else {
            r.status = RsvpStatus::Waitlist;
        }
    }
    let (slot, at) = match old {
        Some(i) => (Slot::At(i), i),
        None => (Slot::New, list.len()),
    };
    c.writes.push((slot, r));
    let position = move_up(list, Some(at), &mut c);
    let status = c.writes[0].1.status;
    c.outcome = Outcome::Recorded { status, position };
    if let Some(n) = told(&c.writes[0].1, position) {
        c.notices.insert(0, n);
    }
    finish(g, c)
}

/// Moves the waitlist up to the event's seats as they are now (after
/// `capacity` was raised, or a venue with more room): for `ug events edit`.
/// `seats` are the new seats.
pub fn promote(g: &Group, e: &Event, seats: Option<u32>) -> RsvpChange {
    let mut c = empty(g, e, Outcome::Seats);
    c.seats = seats;
    if e.status.is_live() {
        move_up(&e.rsvps, None, &mut c);
    }
    finish(g, c)
}

/// `ug rsvps checkin`: marks each address `attended = true`; an address
/// without an RSVP is a walk-in, added as a yes (`via = "manual"`).
pub fn checkin(g: &Group, e: &Event, emails: &[String], now: NaiveDateTime) -> RsvpChange {
    let mut c = empty(g, e, Outcome::Seats);
    let list = &e.rsvps;
    for email in emails {
        let email = email.trim();
        let found = entries(list, &c.writes).find(|(_, r)| r.is_from(email));
        match found.map(|(i, r)| (i, r.attended, r.email.clone())) {
            Some((i, attended, address)) => {
                if !attended {
                    let mut r = list[i].clone();
                    r.attended = true;
                    c.writes.push((Slot::At(i), r));
                }
                c.checked_in.push(address);
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
                c.taken = c.taken.saturating_add(r.party());
                c.writes.push((Slot::New, r));
                c.walk_ins.push(email.to_string());
                c.checked_in.push(email.to_string());
            }
        }
    }
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
    // RSVPs open from the start of a day, as the mail windows count: the
    // announcement goes out that morning, not at the event's hour. Without
    // `opens`, on the day the announcement is due.
    let opens = match g.signups.opens {
        Some(before) => (e.start - before.as_chrono()).date(),
        None => crate::events::timing::announce_date(g, e),
    }
    .and_time(chrono::NaiveTime::MIN);
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
/// again and again while seats are left: one sweep in arrival order, as
/// seats only shrink while people move up. `list` is the event's RSVPs as
/// read, with `c.writes` over them (`Slot::New` ones at the end); `c.taken`
/// is the seats taken so far. Each move is written in place (status only)
/// and noticed. Unlimited seats: everyone waiting is in. Returns the place
/// on the waitlist (1 = next) of the entry at `answer`, if it still waits.
fn move_up(list: &[Rsvp], answer: Option<usize>, c: &mut RsvpChange) -> Option<usize> {
    // (arrival, index, party) of everyone waiting, as the change leaves them.
    let mut waiting: Vec<(NaiveDateTime, usize, u32)> = Vec::new();
    for (i, r) in entries(list, &c.writes) {
        if r.status == RsvpStatus::Waitlist {
            waiting.push((r.at, i, r.party()));
        }
    }
    let mut left = c.seats.unwrap_or(u32::MAX).saturating_sub(c.taken);
    if left > 0 && !waiting.is_empty() {
        waiting.sort_unstable_by_key(|&(at, i, _)| (at, i));
        waiting.retain(|&(_, i, party)| {
            if party > left {
                return true;
            }
            left -= party;
            c.taken = c.taken.saturating_add(party);
            promote_one(list, i, c);
            false
        });
    }
    let key = waiting.iter().find(|w| Some(w.1) == answer)?;
    Some(
        1 + waiting
            .iter()
            .filter(|w| (w.0, w.1) < (key.0, key.1))
            .count(),
    )
}

/// Entry `i` moves up from the waitlist: written (status only) and noticed.
fn promote_one(list: &[Rsvp], i: usize, c: &mut RsvpChange) {
    let w = match written(list.len(), &c.writes, i) {
        Some(k) => k,
        None => {
            c.writes.push((Slot::At(i), list[i].clone()));
            c.writes.len() - 1
        }
    };
    c.writes[w].1.status = RsvpStatus::Yes;
    let r = &c.writes[w].1;
    c.promoted.push(r.email.clone());
    c.notices.push(Notice {
        at: r.at,
        email: r.email.clone(),
        name: r.name.clone(),
        kind: NoticeKind::Promoted,
    });
}

/// The event's RSVPs as read, with `writes` over them: `(index, entry)` in
/// the file's order, new entries last.
fn entries<'a>(
    list: &'a [Rsvp],
    writes: &'a [(Slot, Rsvp)],
) -> impl Iterator<Item = (usize, &'a Rsvp)> + 'a {
    let new = writes.iter().filter(|(s, _)| *s == Slot::New).map(|w| &w.1);
    list.iter()
        .enumerate()
        .map(move |(i, r)| match written(list.len(), writes, i) {
            Some(k) => (i, &writes[k].1),
            None => (i, r),
        })
        .chain(new.enumerate().map(move |(k, r)| (list.len() + k, r)))
}

/// Which of `writes` holds entry `i` of a list of `len` (new entries
/// numbered on from `len`), if one does.
fn written(len: usize, writes: &[(Slot, Rsvp)], i: usize) -> Option<usize> {
    match i.checked_sub(len) {
        None => writes.iter().position(|(s, _)| *s == Slot::At(i)),
        Some(k) => writes
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| *s == Slot::New)
            .nth(k)
            .map(|(w, _)| w),
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

/// The member's name for this address, if the list has one.
fn member_name(g: &Group, email: &str) -> Option<String> {
    let email = email.trim();
    g.members
        .iter()
        .find(|m| m.email.value.trim().eq_ignore_ascii_case(email))
        .map(|m| m.name.trim().to_string())
        .filter(|n| !n.is_empty())
}
