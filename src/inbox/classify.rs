//! The pure sorter: one parsed message and what ug knows about the group
//! ([`Context`]) to a [`Class`]. In order: ug's own message (a copy that
//! came back, e.g. through a list the organizers are on), a bounce (RFC 3464 report), an
//! automatic reply (never answered), a reply to one of ug's messages (an
//! RSVP, a task ask's answer, "done" to a nudge), the pre-filled RSVP
//! subject, unsubscribe, join, and everything else needs a person.

use mail_parser::Message;

use super::Class;
use super::reply::{Answer, answer, first_line, message_words, says_done, says_unsubscribe};
use crate::token::{self, Keys, Purpose, UgRef};

/// What the sorter needs to know about the group.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The domain of ug's Message-IDs (the From address's).
    pub domain: String,
    /// The file's event ids.
    pub events: Vec<String>,
    /// The file's task ids.
    pub tasks: Vec<String>,
    /// The file's talk ids.
    pub talks: Vec<String>,
    /// The sign-ups address (lowercased): "subscribe" or "join" sent there
    /// is a join.
    pub signups: Option<String>,
    /// The group's keys: a token proves a sender only when it verifies.
    pub keys: Keys,
    /// `[inbox] trust_authserv`: whose `Authentication-Results` prove an
    /// unsubscribe's sender.
    pub trust_authserv: Option<String>,
    /// `[email] bounces`: a report delivered to its VERP form proves a
    /// bounce (`inbox::bounce`).
    pub bounces: Option<String>,
}

/// Kinds of ug message a yes or no answers as an RSVP.
pub(super) const EVENT_KINDS: [&str; 8] = [
    "announce",
    "remind",
    "change",
    "release",
    "waiting",
    "rsvp-in",
    "rsvp-waitlist",
    "rsvp-promoted",
];

/// The kind of ug's confirmation requests (double opt-in, SPEC §11).
pub const CONFIRM: &str = "confirm";

pub fn classify(m: &Message<'_>, cx: &Context) -> Class {
    if is_own(m, cx) {
        return Class::Own;
    }
    if let Some(bounce) = super::bounce::bounce(m, cx) {
        return bounce;
    }
    if is_auto_reply(m) {
        return Class::AutoReply;
    }
    let from = sender(m);
    let raw_subject = strip_prefixes(m.subject().unwrap_or(""));
    let subject = token::untagged(&raw_subject);
    let text = reply_text(m);
    let refs = ug_refs(m, cx);
    if !refs.is_empty() {
        // A reply to ug's mail acts only on a token that verifies for its
        // sender; anything else is a stranger's, for a person.
        return match refs.iter().find(|r| cx.keys.proves(r, &from)) {
            Some(r) => proven_reply(r, cx, &subject, &text),
            None => Class::Person,
        };
    }
    let tagged = token::tag_in(&raw_subject).is_some();
    if let Some(class) = rsvp_subject(&subject, &text, cx) {
        return match class {
            Class::Rsvp { ref event, .. } if tagged => {
                if token::tag_proves(&cx.keys, &raw_subject, &Purpose::Rsvp(event), &from) {
                    proven(class)
                } else {
                    Class::Person
                }
            }
            class => class,
        };
    }
    let first = first_line(&text);
    if unsubscribe_said(&subject, &text) {
        if tagged {
            return if token::tag_proves(&cx.keys, &raw_subject, &Purpose::Unsubscribe, &from) {
                Class::Unsubscribe { proven: true }
            } else {
                Class::Person
            };
        }
        let authserv = cx.trust_authserv.as_deref();
        let proven = authserv.is_some_and(|a| super::authres::dmarc_pass(m, a, &from));
        return Class::Unsubscribe { proven };
    }
    let says = |words: &[&str]| {
        words
            .iter()
            .any(|w| subject.eq_ignore_ascii_case(w) || first == *w)
    };
    if says(&["subscribe", "join"]) && to_signups(m, cx) {
        return Class::Join { proven: false };
    }
    Class::Person
}

/// "unsubscribe" as the subject, or in the person's words ("please remove
/// me from this list": `reply::says_unsubscribe`).
fn unsubscribe_said(subject: &str, text: &str) -> bool {
    ["unsubscribe", "unsub", "remove me", "unsubscribe me"]
        .iter()
        .any(|w| subject.trim().eq_ignore_ascii_case(w))
        || says_unsubscribe(text)
}

/// `class` with its sender proven.
fn proven(class: Class) -> Class {
    match class {
        Class::Rsvp {
            event, yes, guests, ..
        } => Class::Rsvp {
            event,
            yes,
            guests,
            proven: true,
        },
        Class::Unsubscribe { .. } => Class::Unsubscribe { proven: true },
        Class::Join { .. } => Class::Join { proven: true },
        other => other,
    }
}

/// The sender's address, lowercased ("" when it has none).
pub(super) fn sender(m: &Message<'_>) -> String {
    m.from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or("")
        .trim()
        .to_lowercase()
}

/// One of ug's own messages come back (through a list the organizers are
/// on): its Message-ID is ug's and its token verifies for its recipient. A
/// Message-ID that only looks like ug's proves nothing: that mail is read
/// like any other.
fn is_own(m: &Message<'_>, cx: &Context) -> bool {
    let Some(r) = m.message_id().and_then(|id| token::parse(id, &cx.domain)) else {
        return false;
    };
    m.to()
        .into_iter()
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .take(10)
        .any(|to| cx.keys.proves(&r, to))
}

/// The reply's own words: the first text body (HTML with its quotes cut),
/// without what it quotes (SPEC 12, `reply`).
pub fn reply_text(m: &Message<'_>) -> String {
    message_words(m)
}

/// "Re: AW: Fwd: x" -> "x".
pub(super) fn strip_prefixes(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let rest = ["re:", "aw:", "sv:", "fw:", "fwd:", "wg:", "tr:", "réf:"]
            .iter()
            .find_map(|p| {
                let head = s.get(..p.len())?;
                (head.to_lowercase() == *p).then(|| &s[p.len()..])
            });
        match rest {
            Some(rest) => s = rest.trim_start(),
            None => return s.to_string(),
        }
    }
}

/// Is this addressed to the sign-ups address?
fn to_signups(m: &Message<'_>, cx: &Context) -> bool {
    let Some(signups) = &cx.signups else {
        return false;
    };
    m.to()
        .into_iter()
        .chain(m.cc())
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .any(|a| a.eq_ignore_ascii_case(signups))
}

/// ug's Message-IDs the message answers: `In-Reply-To` first, then
/// `References` from the newest (at most 50 looked at).
pub(super) fn ug_refs(m: &Message<'_>, cx: &Context) -> Vec<UgRef> {
    let mut ids: Vec<String> = Vec::new();
    for h in [m.in_reply_to(), m.references()] {
        if let Some(t) = h.as_text() {
            ids.push(t.to_string());
        } else if let Some(list) = h.as_text_list() {
            ids.extend(list.iter().rev().take(50).map(|s| s.to_string()));
        }
    }
    ids.iter()
        .filter_map(|id| token::parse(id, &cx.domain))
        .collect()
}

/// A reply to ug's message `r`, whose token proves the sender.
fn proven_reply(r: &UgRef, cx: &Context, subject: &str, text: &str) -> Class {
    let first = first_line(text);
    if r.kind == CONFIRM {
        return confirmed(r, cx, text);
    }
    if unsubscribe_said(subject, text) {
        return Class::Unsubscribe { proven: true };
    }
    if ["subscribe", "join"].contains(&first.as_str()) {
        return Class::Join { proven: true };
    }
    reply_to_ug(r, cx, text).unwrap_or(Class::Person)
}

/// A proven reply to a confirmation request: what it asked, unless the
/// reply says no. The request's middle is `DATE.ACTION[.EVENT]`, ACTION
/// `join`, `unsubscribe`, `rsvp-yes-GUESTS` or `rsvp-no`.
fn confirmed(r: &UgRef, cx: &Context, text: &str) -> Class {
    if matches!(answer(text), Some(Answer::No)) {
        return Class::Person;
    }
    let mut parts = r.middle.splitn(3, '.');
    let (_date, action, rest) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
    match action {
        Some("join") => Class::Join { proven: true },
        Some("unsubscribe") => Class::Unsubscribe { proven: true },
        Some(a) if a.starts_with("rsvp-") => {
            let Some(event) = token::find(rest, cx.events.iter().map(String::as_str)) else {
                return Class::Person;
            };
            let (yes, guests) = match a.strip_prefix("rsvp-yes-") {
                Some(n) => (true, n.parse().unwrap_or(0)),
                None if a == "rsvp-no" => (false, 0),
                None => return Class::Person,
            };
            Class::Rsvp {
                event: event.to_string(),
                yes,
                guests,
                proven: true,
            }
        }
        _ => Class::Person,
    }
}

/// The middle of a confirmation request for `class` asked on `date`:
/// `2026-12-06.rsvp-yes-1.2026-12-08` (see [`confirmed`]).
pub fn confirm_middle(class: &Class, date: chrono::NaiveDate) -> Option<String> {
    let action = match class {
        Class::Rsvp {
            event, yes, guests, ..
        } => {
            if *yes {
                format!("rsvp-yes-{guests}.{event}")
            } else {
                format!("rsvp-no.{event}")
            }
        }
        Class::Join { .. } => "join".into(),
        Class::Unsubscribe { .. } => "unsubscribe".into(),
        _ => return None,
    };
    Some(format!("{date}.{action}"))
}

fn reply_to_ug(r: &UgRef, cx: &Context, text: &str) -> Option<Class> {
    let events = cx.events.iter().map(String::as_str);
    let tasks = cx.tasks.iter().map(String::as_str);
    if EVENT_KINDS.contains(&r.kind.as_str()) {
        let event = token::find(&r.middle, events)?;
        return Some(match answer(text) {
            Some(Answer::Yes { guests }) => Class::Rsvp {
                event: event.to_string(),
                yes: true,
                guests,
                proven: true,
            },
            Some(Answer::No) => Class::Rsvp {
                event: event.to_string(),
                yes: false,
                guests: 0,
                proven: true,
            },
            None => Class::Person,
        });
    }
    if r.kind == "nudges" {
        return Some(digest_done(&r.middle, cx, text));
    }
    if r.kind == "talk-ask" {
        let talk = token::find(&r.middle, cx.talks.iter().map(String::as_str))?.to_string();
        return Some(match answer(text) {
            Some(a) => Class::TalkAsk {
                talk,
                yes: matches!(a, Answer::Yes { .. }),
            },
            None => Class::Person,
        });
    }
    if r.kind != "ask" && r.kind != "nudge" {
        return None;
    }
    let task = token::find(&r.middle, tasks)?.to_string();
    match r.kind.as_str() {
        "ask" => Some(match answer(text) {
            Some(a) => Class::TaskAsk {
                task,
                yes: matches!(a, Answer::Yes { .. }),
            },
            None => Class::Person,
        }),
        "nudge" => Some(if says_done(text) {
            Class::TaskDone { task }
        } else {
            Class::Person
        }),
        _ => None,
    }
}

/// A reply to a nudge digest (`nudges.12.14.ROUND...`: several tasks in
/// one mail). "done" with one task: that one; with several, the tasks the
/// reply names by number ("done 12 14"), among the digest's; a bare
/// "done" for several is left for a person rather than guessed.
fn digest_done(middle: &str, cx: &Context, text: &str) -> Class {
    let listed: Vec<&str> = middle
        .split('.')
        .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .filter(|id| cx.tasks.iter().any(|t| t == id))
        .collect();
    let first = first_line(text);
    if !says_done(text) || listed.is_empty() {
        return Class::Person;
    }
    let mut named: Vec<&str> = Vec::new();
    for n in first.split(|c: char| !c.is_ascii_digit()) {
        if let Some(id) = listed.iter().find(|id| **id == n)
            && !named.contains(id)
        {
            named.push(id);
        }
    }
    let tasks = match (listed.len(), named.is_empty()) {
        (1, _) => listed,
        (_, false) => named,
        _ => return Class::Person,
    };
    Class::TaskDone {
        task: tasks.join(" "),
    }
}

/// The pre-filled `mailto:` subject: `RSVP yes 2026-12-08` (`RSVP no ...`,
/// `RSVP yes +1 ...`); guests may also be in the body ("yes +1").
fn rsvp_subject(subject: &str, text: &str, cx: &Context) -> Option<Class> {
    let mut words = subject.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("rsvp") {
        return None;
    }
    let yes = match words.next()?.to_lowercase().as_str() {
        "yes" => true,
        "no" => false,
        _ => return None,
    };
    let mut guests = 0;
    let mut event = words.next()?;
    if let Some(n) = event.strip_prefix('+') {
        guests = n.parse().ok()?;
        event = words.next()?;
    }
    let event = cx.events.iter().find(|e| e.as_str() == event)?.clone();
    if yes
        && guests == 0
        && let Some(Answer::Yes { guests: g }) = answer(text)
    {
        guests = g;
    }
    Some(Class::Rsvp {
        event,
        yes,
        guests: if yes { guests } else { 0 },
        proven: false,
    })
}

/// `Auto-Submitted` other than `no`, `X-Autoreply` / `X-Autorespond`,
/// `Precedence: bulk | auto_reply | junk`, or a vacation subject.
fn is_auto_reply(m: &Message<'_>) -> bool {
    let raw = |name: &str| m.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    if raw("Auto-Submitted").is_some_and(|v| !v.starts_with("no")) {
        return true;
    }
    if raw("X-Autoreply").is_some() || raw("X-Autorespond").is_some() {
        return true;
    }
    if raw("Precedence").is_some_and(|v| ["bulk", "auto_reply", "junk"].contains(&v.as_str())) {
        return true;
    }
    let subject = m.subject().unwrap_or("").trim().to_lowercase();
    [
        "auto:",
        "automatic reply",
        "autoreply",
        "auto-reply",
        "out of office",
        "out of the office",
        "abwesenheitsnotiz",
        "automatische antwort",
        "réponse automatique",
        "absence",
        "vacation",
        "on vacation",
        "away from",
    ]
    .iter()
    .any(|p| subject.starts_with(p))
}
