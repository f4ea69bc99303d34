//! The pure sorter: one parsed message and what ug knows about the group
//! ([`Context`]) to a [`Class`]. In order: ug's own message (a copy that
//! came back, e.g. through a list the organizers are on), a bounce (RFC 3464 report), an
//! automatic reply (never answered), a reply to one of ug's messages (an
//! RSVP, a task ask's answer, "done" to a nudge), the pre-filled RSVP
//! subject, unsubscribe, join, and everything else needs a person.

use mail_parser::{Message, MessagePart, MimeHeaders};

use super::reply::{Answer, above_quote, answer, first_line, starts_with_word};
use super::{Class, ugid};

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

pub fn classify(m: &Message<'_>, cx: &Context) -> Class {
    if m.message_id()
        .is_some_and(|id| ugid::parse(id, &cx.domain).is_some())
    {
        return Class::Own;
    }
    if let Some(bounce) = bounce(m) {
        return bounce;
    }
    if is_auto_reply(m) {
        return Class::AutoReply;
    }
    let subject = strip_prefixes(m.subject().unwrap_or(""));
    let text = reply_text(m);
    if let Some(class) = reply_to_ug(m, cx, &text) {
        return class;
    }
    if let Some(class) = rsvp_subject(&subject, &text, cx) {
        return class;
    }
    let first = first_line(&text);
    let says = |words: &[&str]| {
        words
            .iter()
            .any(|w| subject.eq_ignore_ascii_case(w) || first == *w)
    };
    if says(&["unsubscribe", "unsub", "remove me"]) {
        return Class::Unsubscribe;
    }
    if says(&["subscribe", "join"]) && to_signups(m, cx) {
        return Class::Join;
    }
    Class::Person
}

/// The reply's own words: the first text body (HTML made text), above the quote.
pub fn reply_text(m: &Message<'_>) -> String {
    m.body_text(0).map(|b| above_quote(&b)).unwrap_or_default()
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
/// `References` from the newest.
pub(super) fn ug_refs(m: &Message<'_>, cx: &Context) -> Vec<ugid::UgRef> {
    let mut ids: Vec<String> = Vec::new();
    for h in [m.in_reply_to(), m.references()] {
        if let Some(t) = h.as_text() {
            ids.push(t.to_string());
        } else if let Some(list) = h.as_text_list() {
            ids.extend(list.iter().rev().map(|s| s.to_string()));
        }
    }
    ids.iter()
        .filter_map(|id| ugid::parse(id, &cx.domain))
        .collect()
}

fn reply_to_ug(m: &Message<'_>, cx: &Context, text: &str) -> Option<Class> {
    let r = ug_refs(m, cx).into_iter().next()?;
    let events = cx.events.iter().map(String::as_str);
    let tasks = cx.tasks.iter().map(String::as_str);
    if EVENT_KINDS.contains(&r.kind.as_str()) {
        let event = ugid::find(&r.middle, events)?;
        return Some(match answer(text) {
            Some(Answer::Yes { guests }) => Class::Rsvp {
                event: event.to_string(),
                yes: true,
                guests,
            },
            Some(Answer::No) => Class::Rsvp {
                event: event.to_string(),
                yes: false,
                guests: 0,
            },
            None => Class::Person,
        });
    }
    if r.kind == "nudges" {
        return Some(digest_done(&r.middle, cx, text));
    }
    if r.kind == "talk-ask" {
        let talk = ugid::find(&r.middle, cx.talks.iter().map(String::as_str))?.to_string();
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
    let task = ugid::find(&r.middle, tasks)?.to_string();
    match r.kind.as_str() {
        "ask" => Some(match answer(text) {
            Some(a) => Class::TaskAsk {
                task,
                yes: matches!(a, Answer::Yes { .. }),
            },
            None => Class::Person,
        }),
        "nudge" => Some(if says_done(&first_line(text)) {
            Class::TaskDone { task }
        } else {
            Class::Person
        }),
        _ => None,
    }
}

/// "done" (and its other words) first in the reply.
fn says_done(first: &str) -> bool {
    [
        "done",
        "it's done",
        "its done",
        "all done",
        "finished",
        "erledigt",
        "fait",
    ]
    .iter()
    .any(|w| starts_with_word(first, w))
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
    if !says_done(&first) || listed.is_empty() {
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

/// A delivery status notification: `multipart/report;
/// report-type=delivery-status` (RFC 3464), hard when a recipient's
/// `Status` is 5.x.x; or a mailer daemon's plain failure notice (soft,
/// unknown recipient).
fn bounce(m: &Message<'_>) -> Option<Class> {
    let ct = m.content_type();
    let report = ct.is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && c.attribute("report-type")
                .is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    });
    if report {
        let status = m.parts.iter().find(|p| is_delivery_status(p));
        let (recipient, code) = status.map(|p| dsn_fields(p.contents())).unwrap_or_default();
        return Some(Class::Bounce {
            hard: code.as_deref().is_some_and(|c| c.starts_with('5')),
            recipient,
            status: code,
        });
    }
    let from = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or("")
        .to_ascii_lowercase();
    let daemon = from.starts_with("mailer-daemon@") || from.starts_with("postmaster@");
    let subject = m.subject().unwrap_or("").to_lowercase();
    let failed = [
        "undeliver",
        "delivery status",
        "failure notice",
        "returned mail",
        "delivery failure",
    ]
    .iter()
    .any(|w| subject.contains(w));
    (daemon && failed).then_some(Class::Bounce {
        hard: false,
        recipient: None,
        status: None,
    })
}

fn is_delivery_status(p: &MessagePart<'_>) -> bool {
    p.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("message")
            && c.subtype().is_some_and(|s| {
                s.eq_ignore_ascii_case("delivery-status")
                    || s.eq_ignore_ascii_case("global-delivery-status")
            })
    })
}

/// The first failed recipient and its status from a `message/delivery-status`
/// body: `Final-Recipient: rfc822; ann@example.com` (else `Original-Recipient`)
/// and `Status: 5.1.1`, preferring a recipient whose `Action` is `failed`.
fn dsn_fields(body: &[u8]) -> (Option<String>, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let mut best: (Option<String>, Option<String>) = (None, None);
    // Per-recipient groups are separated by blank lines; the first group is
    // per-message.
    for group in text.replace("\r\n", "\n").split("\n\n") {
        let field = |name: &str| {
            group.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let recipient = field("Final-Recipient")
            .or_else(|| field("Original-Recipient"))
            .map(|v| v.rsplit(';').next().unwrap_or("").trim().to_string())
            .filter(|v| v.contains('@'));
        let Some(recipient) = recipient else { continue };
        let status = field("Status").map(|s| s.split_whitespace().next().unwrap_or("").to_string());
        let failed = field("Action").is_some_and(|a| a.eq_ignore_ascii_case("failed"));
        if best.0.is_none() || failed {
            best = (Some(recipient), status);
            if failed {
                break;
            }
        }
    }
    best
}
