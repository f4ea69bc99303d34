//! The replies `ug inbox` owes (SPEC §4-5), found in the inbox log
//! (`inbox::log::owed`) and offered like any due mail, each once through
//! the sent log:
//! - `closed`: "RSVPs are closed", and why, to an answer that was not
//!   recorded (with `[signups] confirm`; the inbox decides that);
//! - `welcome`: to an address that joined by mail, once ever per address
//!   (`welcome:ADDRESS`);
//! - `unsubscribed`: to a member who unsubscribed by mail: they are off the
//!   list;
//! - `task-done`: thanks to who answered "done" to a nudge.
//!
//! Each but the welcome is keyed by the incoming message's id
//! (`closed:MESSAGE-ID:ADDRESS`): a message handled again after a crash is
//! the same key, so the reply goes once. Each goes To the sender,
//! In-Reply-To (and References) the message it answers. Only messages
//! handled in the last [`WINDOW_DAYS`] days are answered: an old log
//! never floods.
//!
//! These are automatic answers (SPEC §11, RFC 3834), bounded whatever
//! arrives: at most one of them to a mailbox a day (an address without its
//! `+tag`, `address::mailbox_of`; the first owed; each
//! records its day key, `confirm-day:2026-12-04:ann@example.com`, and any
//! [`AUTOMATIC`] kind's day key sent that day holds back the rest, which may
//! go on a later day of the window); never to a bounced address; to an
//! unsubscribed one only the confirmation that they are off the list; a
//! welcome not to one who has left again since. Mail that must not be
//! answered (automatic or list mail) owes nothing (`inbox::noreply`).

use std::collections::HashSet;
use std::path::Path;

use chrono::{NaiveDateTime, TimeZone};

use crate::error::Result;
use crate::inbox::log::{self, Owed};
use crate::mail::address::mailbox_of;
use crate::mail::due::day_key;
use crate::mail::key::{About, SentKey, To};
use crate::mail::{Due, Kind, Part, Recipient, ReplyTo};
use crate::model::Group;

/// How long after its message was handled a reply is still sent.
pub const WINDOW_DAYS: i64 = 7;

/// The kinds of automatic answer: at most one of them to an address a day.
pub const AUTOMATIC: [Kind; 5] = [
    Kind::Confirm,
    Kind::Welcome,
    Kind::Unsubscribed,
    Kind::Closed,
    Kind::TaskDone,
];

/// The replies due at `now` (local to the group) that `sent(key)` says
/// have not gone out, in the inbox log's order, for the group file at
/// `group_file` (its inbox log is beside it).
pub fn due(
    g: &Group,
    group_file: &Path,
    now: NaiveDateTime,
    sent: &dyn Fn(&str) -> bool,
) -> Result<Vec<Due>> {
    let unix = g
        .tz()
        .from_local_datetime(&now)
        .earliest()
        .map_or(0, |t| t.timestamp());
    let owed = log::owed(&log::path_for(group_file), unix - WINDOW_DAYS * 86_400)?;
    let today = now.date();
    let told_today = |address: &str| {
        AUTOMATIC
            .iter()
            .any(|&k| sent(&day_key(k, today, To::Address(address)).to_string()))
    };
    let mut seen = HashSet::new();
    let mut told = HashSet::new();
    let mut out = Vec::new();
    for o in &owed {
        let Some(mut d) = reply(g, o) else { continue };
        let text = d.key.to_string();
        if !seen.insert(text.clone()) || sent(&text) {
            continue;
        }
        // Counted by mailbox: `ann+1@` and `ann+2@` are both Ann's.
        let address = mailbox_of(&d.to.address);
        if told.contains(&address) || told_today(&address) {
            continue;
        }
        d.day = Some(day_key(d.kind, today, To::Address(address.clone())));
        told.insert(address);
        out.push(d);
    }
    Ok(out)
}

/// What a confirmation request asks, in words: "your RSVP yes +1 for
/// Django NYC on 2026-12-08", "joining Django NYC's list".
fn confirm_what(g: &Group, middle: &str) -> Option<String> {
    let mut parts = middle.splitn(3, '.');
    let (_date, action, rest) = (parts.next()?, parts.next()?, parts.next().unwrap_or(""));
    let name = &g.group.name;
    Some(match action {
        "join" => format!("joining the list of {name}"),
        "unsubscribe" => format!("leaving the list of {name}"),
        a if a.starts_with("rsvp-") => {
            let event = crate::token::find(rest, g.events.iter().map(|e| e.id.value.as_str()))?;
            let answer = match a.strip_prefix("rsvp-yes-") {
                Some("0") => "yes".to_string(),
                Some(n) => format!("yes +{n}"),
                None => "no".to_string(),
            };
            format!("your RSVP {answer} for {name} on {event}")
        }
        _ => return None,
    })
}

/// The mail one owed reply is, `None` when it cannot or must not go.
fn reply(g: &Group, o: &Owed) -> Option<Due> {
    let address = o.from.trim();
    let member = g
        .members
        .iter()
        .find(|m| m.email.value.trim().eq_ignore_ascii_case(address));
    if address.is_empty() || member.is_some_and(|m| m.bounced) {
        return None;
    }
    let (what, rest) = o.reply.split_once(':').unwrap_or((o.reply.as_str(), ""));
    // An address that left gets no mail but the one that says it has.
    if what != "unsubscribed" && member.is_some_and(|m| m.unsubscribed) {
        return None;
    }
    let (mut event, mut task, mut reason) = (None, None, None);
    let mut more = Vec::new();
    let kind = match what {
        "welcome" => Kind::Welcome,
        "unsubscribed" => Kind::Unsubscribed,
        "confirm" => {
            // `confirm:DATE.ACTION[.EVENT]` (see `inbox::classify::confirmed`):
            // keyed by what is asked that day, not by the message, so many
            // asks of one thing in a day are asked once.
            reason = Some(confirm_what(g, rest)?);
            event = rest
                .split('.')
                .nth(1)
                .filter(|a| a.starts_with("rsvp-"))
                .and_then(|_| {
                    let at = rest.splitn(3, '.').nth(2)?;
                    crate::token::find(at, g.events.iter().map(|e| e.id.value.as_str()))
                })
                .map(str::to_string);
            Kind::Confirm
        }
        "thanks" => {
            // `thanks:12` or, for a digest, `thanks:12 14`: one mail.
            let mut ids = rest.split_whitespace().filter_map(|t| {
                let id: i64 = t.parse().ok()?;
                g.task(id).map(|t| t.id.value)
            });
            task = Some(ids.next()?);
            more = ids
                .map(|t| Part {
                    event: None,
                    task: Some(t),
                    key: SentKey {
                        kind: Kind::TaskDone,
                        about: About::Reply(format!("{}#{t}", o.id)),
                        to: To::Address(address.to_string()),
                    },
                })
                .collect();
            Kind::TaskDone
        }
        "closed" => {
            // `EVENT:WHY`: the event is the file's id the text starts with.
            let e = g.events.iter().find(|e| {
                rest.strip_prefix(e.id.value.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            });
            let why = match e {
                Some(e) => &rest[e.id.value.len() + 1..],
                None => rest.split_once(':').map_or(rest, |(_, w)| w),
            };
            event = e.map(|e| e.id.value.clone());
            reason = Some(why.to_string());
            Kind::Closed
        }
        _ => return None,
    };
    let about = match kind {
        Kind::Welcome => About::Ever,
        Kind::Confirm => About::Reply(rest.to_string()),
        _ => About::Reply(o.id.clone()),
    };
    let name = member
        .map(|m| m.name.clone())
        .or_else(|| {
            g.people
                .iter()
                .find(|p| {
                    p.email
                        .as_deref()
                        .is_some_and(|e| e.trim().eq_ignore_ascii_case(address))
                })
                .map(|p| p.name.clone())
        })
        .unwrap_or_default();
    Some(Due {
        kind,
        event,
        task,
        to: Recipient {
            name,
            address: address.to_string(),
        },
        key: SentKey {
            kind,
            about,
            to: To::Address(address.to_string()),
        },
        more,
        day: None,
        reply: Some(ReplyTo {
            message_id: (!o.id.starts_with("hash:")).then(|| o.id.clone()),
            reason,
        }),
        items: Vec::new(),
    })
}
