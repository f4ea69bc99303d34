//! Composing a message (pure: model -> RFC 5322 bytes): minijinja templates
//! (built in, overridable beside the group file), plain text plus an HTML
//! alternative, the event as a `text/calendar` attachment, and the headers.
//!
//! Text from the file never reaches a header raw: display names and subjects
//! lose their control characters, and lettre's typed headers encode the rest
//! (RFC 2047). The HTML templates auto-escape everything (names end in `.html`).

mod change;
mod context;
mod headers;
pub(crate) use headers::base64;
mod rsvp;
mod templates;

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use lettre::Message;
use lettre::address::Envelope;
use lettre::message::MessageBuilder;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use minijinja::Value;

use crate::error::{Error, Result};
use crate::mail::calendar::{self, Method};

use crate::mail::key::To;
use crate::mail::{Due, Kind, Outgoing, SentKey};
use crate::model::{Email, Group};
use crate::token::{Keys, Purpose};
pub use templates::{Templates, environment};

pub use change::changes;
pub use rsvp::{RsvpCtx, encode, mailto, rsvp_subject};

pub use context::{Context, MORE_TALKS, first_name, is_open_slot, one_line, sponsor_line};

/// The stable Message-ID for a key (no angle brackets): the kind, the
/// event or task, the token (SPEC §11: a MAC over those and the recipient,
/// which hides the address), and the From domain. E.g.
/// `announce.2026-12-08.k3j5...@example.org`. The format is `token`'s.
pub fn message_id(g: &Group, keys: &Keys, key: &SentKey) -> String {
    let text = key.to_string();
    let kind = text.split(':').next().unwrap_or("ug");
    let middle = text
        .split_once(':')
        .and_then(|(_, rest)| rest.rsplit_once(':'))
        .map_or("", |(m, _)| m);
    let to = match &key.to {
        To::Address(a) => a.as_str(),
        To::Nobody(p) => p.as_str(),
    };
    keys.message_id(kind, middle, to, &calendar::domain(g))
}

/// The Message-ID of a nudge digest (several tasks in one mail), which
/// names every task so a "done 12 14" reply can say which:
/// `nudges.12.14.2026-11-14.<token>@domain` (at most 20 tasks named).
/// `None` for any other message.
fn digest_id(g: &Group, keys: &Keys, due: &Due) -> Option<String> {
    if due.kind != Kind::Nudge || due.more.is_empty() {
        return None;
    }
    let tasks: Vec<String> = std::iter::once(due.task)
        .chain(due.more.iter().map(|p| p.task))
        .flatten()
        .take(20)
        .map(|t| t.to_string())
        .collect();
    let round = match &due.key.about {
        crate::mail::key::About::Task(_, Some(d)) => d.to_string(),
        _ => "undated".to_string(),
    };
    let middle = format!("{}.{round}", tasks.join("."));
    Some(keys.message_id("nudges", &middle, &due.to.address, &calendar::domain(g)))
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The subject and Message-ID that [`compose`] gives `due`, without
/// composing it when that is sure to change nothing (see [`subject`]).
pub fn headline(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
    keys: &Keys,
) -> Result<(String, String)> {
    let (subject, id) = known_subject(g, due, now, templates, keys)?;
    Ok((subject, id.unwrap_or_else(|| message_id(g, keys, &due.key))))
}

/// The subject that [`compose`] gives `due`, without composing it when that
/// is sure to change nothing: for a mail to members (announce, remind,
/// change, cancel) once one of the same kind and event was composed whole
/// (its templates work for it; its subject is the same for every member),
/// unless the text template may set the subject. Any other message is
/// composed (and its errors returned) as by `compose`.
pub fn subject(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
    keys: &Keys,
) -> Result<String> {
    Ok(known_subject(g, due, now, templates, keys)?.0)
}

/// The subject, and the Message-ID when the message had to be composed.
fn known_subject(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
    keys: &Keys,
) -> Result<(String, Option<String>)> {
    let own = templates.own_subject.iter().any(|k| k == due.kind.as_str());
    let event = due.event.as_deref().unwrap_or_default();
    // Whose subject is the same for many: a mail to members (per event),
    // and a sign-up notice (per event and waitlist number: "You're in: Tue
    // Dec 8 18:30: ..." names nobody).
    let shared = match due.kind {
        _ if own => None,
        Kind::Announce | Kind::Remind | Kind::Change | Kind::Cancel => Some(event.to_string()),
        Kind::RsvpIn | Kind::RsvpPromoted | Kind::RsvpWaitlist | Kind::Waiting | Kind::Release => {
            match rsvp::rsvp_ctx(g, due, keys).and_then(|r| r.position) {
                Some(n) => Some(format!("{event}#{n}")),
                None => Some(event.to_string()),
            }
        }
        _ => None,
    };
    let lock = || templates.subjects.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(key) = &shared
        && let Some(subject) = lock().get(&due.kind).and_then(|m| m.get(key))
    {
        return Ok((subject.clone(), None));
    }
    let m = compose(g, due, now, templates, keys)?;
    if let Some(key) = shared {
        let mut subjects = lock();
        let of_kind = subjects.entry(due.kind).or_default();
        of_kind.insert(key, m.subject.clone());
    }
    Ok((m.subject, Some(m.message_id)))
}

/// What the templates see for `due`: the event, the tasks, the thank-yous,
/// the recipient, the sender, the subject and the unsubscribe links.
fn context_of(
    g: &Group,
    email: &Email,
    due: &Due,
    today: NaiveDate,
    keys: &Keys,
) -> Result<Context> {
    let event = due.event.as_deref().and_then(|id| g.event(id));
    let personal = matches!(due.kind, Kind::Nudge | Kind::Ask | Kind::TaskDone);
    let context::About {
        tasks,
        thanks,
        talk,
    } = context::about(g, due, today)?;
    // A reply may be about an event the file no longer has: it goes anyway;
    // so may a talk ask (no event may be planned yet).
    let reply = due.reply.is_some() || talk.is_some();
    let event_ctx = event
        .filter(|_| !personal)
        .map(|e| context::event_ctx(g, e, today));
    if event_ctx.is_none() && !personal && !reply && due.kind != Kind::Digest {
        return Err(unknown(due, "event"));
    }
    if tasks.is_empty() && personal {
        return Err(unknown(due, "task"));
    }
    let blocked = match (due.kind, event) {
        (Kind::Blocked, Some(e)) => crate::mail::blocked::announcement_blocked(g, e),
        _ => None,
    };
    let reply = email.reply_to.as_ref().unwrap_or(&email.from);
    let unsubscribe_url = email
        .unsubscribe_url
        .as_deref()
        .map(|u| {
            u.chars()
                .filter(|c| !c.is_control() && !c.is_whitespace() && *c != '<' && *c != '>')
                .collect::<String>()
        })
        .filter(|u| !u.is_empty())
        .map(|u| match email.one_click {
            // RFC 8058: the endpoint is POSTed to with nothing but the URL,
            // so the URL says who (and proves it with the token).
            true => {
                let sep = if u.contains('?') { '&' } else { '?' };
                let token = keys.token("unsubscribe", "", &due.to.address);
                format!("{u}{sep}ug={token}&to={}", encode(due.to.address.trim()))
            }
            false => u,
        });
    let mailto = mailto(
        &reply.address,
        &format!(
            "unsubscribe {}",
            keys.tag(&Purpose::Unsubscribe, &due.to.address)
        ),
    );
    let sender = email
        .from
        .name
        .clone()
        .unwrap_or_else(|| g.group.name.clone());
    let organizer = g
        .organizers()
        .next()
        .map_or_else(|| sender.clone(), |p| p.name.clone());
    let rsvp = rsvp::rsvp_ctx(g, due, keys);
    let subject = event_ctx
        .as_ref()
        .and_then(|e| rsvp::subject(due.kind, e, rsvp.as_ref()))
        .map(|s| one_line(&s))
        .unwrap_or_else(|| match &talk {
            Some(t) => context::talk_subject(g, due.kind, event_ctx.as_ref(), t),
            None => context::subject(g, due, event_ctx.as_ref(), &tasks, &thanks),
        });
    Ok(Context {
        kind: due.kind.as_str(),
        subject: subject.clone(),
        group: context::GroupCtx {
            name: g.group.name.clone(),
            city: g.group.city.clone(),
            website: g.group.website.clone(),
        },
        to: context::ToCtx {
            name: one_line(&due.to.name),
            first_name: first_name(&due.to.name),
            address: due.to.address.clone(),
            organizer: g
                .people
                .iter()
                .filter(|p| p.has_role("organizer") || p.has_role("co-organizer"))
                .filter_map(|p| p.email.as_deref())
                .any(|a| a.trim().eq_ignore_ascii_case(due.to.address.trim())),
        },
        sender: one_line(&sender),
        organizer: one_line(&organizer),
        thanks_for: thanks
            .first()
            .map(|t| t.thanks_for.clone())
            .unwrap_or_default(),
        event: event_ctx,
        task: tasks.first().cloned(),
        tasks,
        thanks,
        blocked,
        rsvp,
        reply: due.reply.clone(),
        talk,
        items: due.items.clone(),
        unsubscribe: context::Unsubscribe {
            mailto: mailto.clone(),
            url: unsubscribe_url.clone(),
        },
    })
}

/// Composes one message. `now` is the instant for the Date header. Errors
/// (no `[email]` section, a template that fails: named with its line; a
/// recipient no message can be built for) are `Error::Failed` with a hint.
pub fn compose(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
    keys: &Keys,
) -> Result<Outgoing> {
    build(g, due, now, templates, keys)?.map_err(|why| {
        Error::failed_with(
            format!(
                "cannot write to \"{}\" ({}): {why}",
                due.to.address.escape_debug(),
                due.key
            ),
            "fix the address in the group file; `ug check` lists every bad one",
        )
    })
}

/// [`compose`], with a message that cannot be built for its recipient told
/// apart as `Ok(Err(why))` (an address ug's one check refuses, or a message
/// lettre will not build from what that recipient's fields make): a send
/// skips that recipient and sends the others. `Err` fails every message
/// alike (no `[email]`, a template that fails).
pub fn build(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
    keys: &Keys,
) -> Result<Result<Outgoing, String>> {
    let Some(email) = &g.email else {
        return Err(Error::failed_with(
            "the group file has no [email] section, so ug does not know who sends the mail",
            "add one to the group file:\n\n    [email]\n    from = \"Your Group <organizers@example.org>\"\n    transport = \"file\"   # or smtp, sendmail",
        ));
    };
    let ctx = context_of(g, email, due, now.naive_local().date(), keys)?;
    let mailto = ctx.unsubscribe.mailto.clone();
    let unsubscribe_url = ctx.unsubscribe.url.clone();
    let subject = ctx.subject.clone();
    let value = Value::from_serialize(&ctx);
    let kind = due.kind.as_str();
    let mut text = line_breaks(&templates.render(&format!("{kind}.txt"), &value)?);
    let html = line_breaks(&templates.render(&format!("{kind}.html"), &value)?);
    // A text template may set its own subject with a first line `Subject: ...`.
    let mut subject = subject;
    if let Some(rest) = text.strip_prefix("Subject:") {
        let (line, body) = rest.split_once('\n').unwrap_or((rest, ""));
        subject = one_line(line);
        text = body.trim_start_matches(['\r', '\n']).to_string();
    }

    let id = digest_id(g, keys, due).unwrap_or_else(|| message_id(g, keys, &due.key));
    let hash = fnv1a(&due.key.to_string());
    let to = match crate::model::units::parse_address(&due.to.address) {
        Ok(a) => Mailbox::new(Some(one_line(&due.to.name)).filter(|n| !n.is_empty()), a),
        Err(e) => return Ok(Err(e.to_string())),
    };
    let from = mailbox(email.from.name.as_deref(), &email.from.address, due)?;
    // The envelope from the typed addresses: lettre would otherwise read it
    // back from the headers, where a display name could lose the recipient.
    let envelope = Envelope::new(Some(from.email.clone()), vec![to.email.clone()])
        .map_err(|e| Error::failed(format!("could not build the message {}: {e}", due.key)))?;
    // Text lettre would write badly (a word too long for a line, an
    // encoded-word look-alike) is written as encoded words instead.
    let from_header = headers::mailbox("From", &from);
    let to_header = headers::mailbox("To", &to);
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(now.timestamp().max(0).unsigned_abs()))
        .message_id(Some(format!("<{id}>")))
        .envelope(envelope);
    b = match headers::text("Subject", &subject) {
        Some(h) => b.raw_header(h),
        None => b.subject(subject.clone()),
    };
    for h in [from_header, to_header].into_iter().flatten() {
        b = b.raw_header(h);
    }
    b = reply_headers(b, email, due)?;
    let to_members = matches!(
        due.kind,
        Kind::Announce | Kind::Remind | Kind::Change | Kind::Cancel
    );
    if to_members {
        b = list_headers(b, g, &mailto, unsubscribe_url.as_deref(), email.one_click);
    }
    let alternative = MultiPart::alternative()
        .boundary(format!("=_ug_{hash:016x}_alt"))
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html));
    let method = match due.kind {
        Kind::Announce | Kind::Remind | Kind::Change => Some(Method::Publish),
        Kind::RsvpIn | Kind::RsvpPromoted => Some(Method::Publish),
        Kind::Cancel => Some(Method::Cancel),
        _ => None,
    };
    let ics = match (method, due.event.as_deref()) {
        (Some(m), Some(event)) => templates.ics(g, event, m, now)?,
        _ => None,
    };
    let message = match ics {
        Some(part) => b.multipart(
            MultiPart::mixed()
                .boundary(format!("=_ug_{hash:016x}_mix"))
                .multipart(alternative)
                .singlepart(part),
        ),
        None => b.multipart(alternative),
    };
    let message = match message {
        Ok(m) => m,
        Err(e) => return Ok(Err(format!("the message could not be built: {e}"))),
    };
    Ok(Ok(Outgoing {
        key: due.key.clone(),
        also: due
            .more
            .iter()
            .map(|p| p.key.clone())
            .chain(due.day.clone())
            .collect(),
        kind: due.kind,
        event: due.event.clone(),
        task: due.task,
        message_id: id,
        from: match &email.bounces {
            Some(b) => keys.verp(b, &due.to.address),
            None => email.from.address.clone(),
        },
        to: due.to.address.clone(),
        subject,
        bytes: message.formatted(),
    }))
}

/// `Reply-To` (from `[email]`), and for a reply to a message `ug inbox`
/// handled, `In-Reply-To` / `References` naming it.
fn reply_headers(mut b: MessageBuilder, email: &Email, due: &Due) -> Result<MessageBuilder> {
    if let Some(r) = &email.reply_to {
        let reply = mailbox(r.name.as_deref(), &r.address, due)?;
        let header = headers::mailbox("Reply-To", &reply);
        b = b.reply_to(reply);
        if let Some(h) = header {
            b = b.raw_header(h);
        }
    }
    if let Some(id) = due.reply.as_ref().and_then(|r| r.message_id.as_deref()) {
        b = headers::in_reply_to(b, id);
    }
    if due.reply.is_some() {
        // An automatic answer to a mail (RFC 3834 5.2): no responder answers
        // it, and in a sent folder it is not an organizer's reply (`inbox::waiting`).
        b = b.raw_header(raw("Auto-Submitted", "auto-replied".to_string()));
    }
    Ok(b)
}

/// The headers of a mail to the list of members: its id, and how to leave.
fn list_headers(
    mut b: MessageBuilder,
    g: &Group,
    mailto: &str,
    unsubscribe_url: Option<&str>,
    one_click: bool,
) -> MessageBuilder {
    b = b.raw_header(raw(
        "List-Id",
        format!(
            "<{}.{}>",
            short(&calendar::slug(&g.group.name)),
            calendar::domain(g)
        ),
    ));
    let mut links = format!("<{mailto}>");
    if let Some(u) = unsubscribe_url {
        links.push_str(&format!(", <{u}>"));
    }
    b = b.raw_header(raw("List-Unsubscribe", links));
    // A static page cannot take RFC 8058's POST: without `one_click` a
    // mail client's unsubscribe button uses the mailto, which ug handles.
    if unsubscribe_url.is_some() && one_click {
        b = b.raw_header(raw(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ));
    }
    b
}

/// At most 60 characters of a slug (ASCII), for identifiers in headers.
fn short(slug: &str) -> &str {
    slug.get(..60).unwrap_or(slug).trim_end_matches('-')
}

/// Line breaks as LF only: a CR from the file (alone or before LF) would
/// otherwise reach the message as a lone CR.
fn line_breaks(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

fn raw(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), one_line(&value))
}

/// A typed mailbox, its address through ug's one address check
/// (`units::parse_address`, as every intake and `ug check` use it): the
/// display name loses control characters, lettre encodes the rest.
fn mailbox(name: Option<&str>, address: &str, due: &Due) -> Result<Mailbox> {
    let addr = crate::model::units::parse_address(address).map_err(|e| {
        Error::failed_with(
            format!("cannot write to {e} ({})", due.key),
            "fix the address in the group file; `ug check` lists every bad one",
        )
    })?;
    let name = name.map(one_line).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, addr))
}

fn unknown(due: &Due, what: &str) -> Error {
    Error::failed_with(
        format!("{} refers to an unknown {what}", due.key),
        "run `ug check`: the group file may have changed since this message was planned",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
