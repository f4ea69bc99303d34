//! Composing a message (pure: model -> RFC 5322 bytes): minijinja templates
//! (built in, overridable beside the group file), plain text plus an HTML
//! alternative, the event as a `text/calendar` attachment, and the headers.
//!
//! Text from the file never reaches a header raw: display names and subjects
//! lose their control characters, and lettre's typed headers encode the rest
//! (RFC 2047). The HTML templates auto-escape everything (names end in `.html`).

mod context;
mod headers;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use lettre::Message;
use lettre::message::MessageBuilder;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::error::{Error, Result};
use crate::mail::calendar::{self, Method};
use crate::mail::{Due, Kind, Outgoing, SentKey};
use crate::model::{Email, Group};

pub use context::{Context, MORE_TALKS, first_name, is_open_slot, one_line, sponsor_line};

/// The built-in templates: every one can be overridden by a file of the same
/// name in `templates/` beside the group file. Each is whole (no `include` or
/// `extends`: minijinja's `multi_template` feature is off), so one file per
/// kind and part is all a user needs to copy.
const BUILT_IN: [(&str, &str); 16] = [
    ("announce.txt", include_str!("../templates/announce.txt")),
    ("announce.html", include_str!("../templates/announce.html")),
    ("remind.txt", include_str!("../templates/remind.txt")),
    ("remind.html", include_str!("../templates/remind.html")),
    ("cancel.txt", include_str!("../templates/cancel.txt")),
    ("cancel.html", include_str!("../templates/cancel.html")),
    ("nudge.txt", include_str!("../templates/nudge.txt")),
    ("nudge.html", include_str!("../templates/nudge.html")),
    ("thanks.txt", include_str!("../templates/thanks.txt")),
    ("thanks.html", include_str!("../templates/thanks.html")),
    ("ask.txt", include_str!("../templates/ask.txt")),
    ("ask.html", include_str!("../templates/ask.html")),
    ("change.txt", include_str!("../templates/change.txt")),
    ("change.html", include_str!("../templates/change.html")),
    ("blocked.txt", include_str!("../templates/blocked.txt")),
    ("blocked.html", include_str!("../templates/blocked.html")),
];

/// The templates of one run, parsed once; and the calendar attachments
/// already made (the same for every member).
pub struct Templates {
    env: Environment<'static>,
    /// Template name -> where it came from, for error messages.
    origin: HashMap<String, String>,
    /// The calendar attachment per (event, method, stamp), built and encoded
    /// once: it is the same for every member.
    ics: Mutex<HashMap<(String, Method, i64), SinglePart>>,
    /// The text templates whose output may start with `Subject:` (and so
    /// set a subject of their own, maybe a different one for each person).
    own_subject: Vec<String>,
    /// The subject of a mail to members, per (kind, event), once one such
    /// mail was composed whole: the same for every member (see `headline`).
    subjects: Mutex<HashMap<Kind, HashMap<String, String>>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// Built-in templates, overridden by `templates/<kind>.txt` / `<kind>.html`
    /// in `dir` (the group file's folder) when present. A template that does not parse is an
    /// error naming the file and line.
    pub fn load(dir: &Path) -> Result<Templates> {
        Templates::build(Some(dir))
    }

    /// The built-in templates only.
    pub fn built_in() -> Result<Templates> {
        Templates::build(None)
    }

    fn build(dir: Option<&Path>) -> Result<Templates> {
        // `new` warns unless minijinja's (empty) `serde` feature is on; ug
        // passes serde values on purpose (`Value::from_serialize`).
        #[allow(deprecated)]
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_debug(true);
        let mut origin = HashMap::new();
        let mut own_subject = Vec::new();
        for (name, source) in BUILT_IN {
            let path = dir.map(|d| d.join("templates").join(name));
            let (source, from) = if let Some(path) = path.filter(|p| p.is_file()) {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::io("read", path.clone(), e))?;
                (text, path.display().to_string())
            } else {
                (source.to_string(), format!("the built-in template {name}"))
            };
            origin.insert(name.to_string(), from);
            if name.ends_with(".txt") && may_set_subject(&source) {
                own_subject.push(name.trim_end_matches(".txt").to_string());
            }
            env.add_template_owned(name, source)
                .map_err(|e| template_error(&origin, &e))?;
        }
        Ok(Templates {
            env,
            origin,
            ics: Mutex::new(HashMap::new()),
            own_subject,
            subjects: Mutex::new(HashMap::new()),
        })
    }

    fn render(&self, name: &str, ctx: &Value) -> Result<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error(&self.origin, &e))
    }

    fn ics(
        &self,
        g: &Group,
        event: &str,
        method: Method,
        now: DateTime<Tz>,
    ) -> Result<Option<SinglePart>> {
        let key = (event.to_string(), method, now.timestamp());
        let mut cache = self.ics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(part) = cache.get(&key) {
            return Ok(Some(part.clone()));
        }
        let Some(e) = g.event(event) else {
            return Ok(None);
        };
        let ics = calendar::event_ics(g, e, method, now);
        let ctype = ContentType::parse(&format!(
            "text/calendar; charset=utf-8; method={}",
            method.as_str()
        ))
        .map_err(|e| Error::failed(format!("could not make the calendar part: {e}")))?;
        let file = format!("{}.ics", short(&calendar::slug(event)));
        let part = Attachment::new(file).body(ics, ctype);
        cache.insert(key, part.clone());
        Ok(Some(part))
    }
}

/// Whether a text template's output may begin with `Subject:`: its text
/// before the first tag could (conservative: any tag first counts).
fn may_set_subject(source: &str) -> bool {
    const SUBJECT: &str = "Subject:";
    let literal = source.split('{').next().unwrap_or_default();
    literal.starts_with(SUBJECT) || SUBJECT.starts_with(literal)
}

/// "templates/announce.txt:3: undefined value `event.speaker`", with a hint.
fn template_error(origin: &HashMap<String, String>, e: &minijinja::Error) -> Error {
    let name = e.name().unwrap_or("template");
    let file = origin.get(name).map_or(name, String::as_str);
    let at = e.line().map_or(String::new(), |l| format!(":{l}"));
    let mut what = e.detail().unwrap_or_else(|| kind_text(e)).to_string();
    if let (Some(src), Some(range)) = (e.template_source(), e.range())
        && let Some(expr) = src.get(range)
    {
        what = format!("{what} in `{expr}`");
    }
    let hint = if e.kind() == minijinja::ErrorKind::UndefinedError {
        "use only the variables the built-in templates use (group, to, sender, organizer, subject, event, task, tasks, thanks_for, thanks, blocked, unsubscribe), or guard an optional one with `{% if ... %}`"
    } else {
        "fix the template's syntax (minijinja, like Jinja2), or delete the file to use the built-in one"
    };
    Error::failed_with(format!("{file}{at}: {what}"), hint)
}

fn kind_text(e: &minijinja::Error) -> &'static str {
    match e.kind() {
        minijinja::ErrorKind::UndefinedError => "undefined value",
        minijinja::ErrorKind::SyntaxError => "syntax error",
        _ => "template error",
    }
}

/// The stable Message-ID for a key (no angle brackets): the kind, the event
/// or task, a hash of the whole key (which hides the address), and the From
/// domain. E.g. `announce.2026-12-08.5c0f3b9d2e1a4f67@example.org`.
pub fn message_id(g: &Group, key: &SentKey) -> String {
    let key = &key.to_string();
    let kind = key.split(':').next().unwrap_or("ug");
    let middle = key
        .split_once(':')
        .and_then(|(_, rest)| rest.rsplit_once(':'))
        .map_or("", |(m, _)| m);
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '.'
                }
            })
            .collect::<String>()
            .split('.')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(".")
    };
    let mut local = clean(kind);
    // The hash keeps it unique: the readable part is kept short (a long
    // event id must not make a header line too long).
    let middle: String = clean(middle).chars().take(64).collect();
    let middle = middle.trim_end_matches('.');
    if !middle.is_empty() {
        local.push('.');
        local.push_str(middle);
    }
    format!("{local}.{:016x}@{}", fnv1a(key), calendar::domain(g))
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
) -> Result<(String, String)> {
    let (subject, id) = known_subject(g, due, now, templates)?;
    Ok((subject, id.unwrap_or_else(|| message_id(g, &due.key))))
}

/// The subject that [`compose`] gives `due`, without composing it when that
/// is sure to change nothing: for a mail to members (announce, remind,
/// change, cancel) once one of the same kind and event was composed whole
/// (its templates work for it; its subject is the same for every member),
/// unless the text template may set the subject. Any other message is
/// composed (and its errors returned) as by `compose`.
pub fn subject(g: &Group, due: &Due, now: DateTime<Tz>, templates: &Templates) -> Result<String> {
    Ok(known_subject(g, due, now, templates)?.0)
}

/// The subject, and the Message-ID when the message had to be composed.
fn known_subject(
    g: &Group,
    due: &Due,
    now: DateTime<Tz>,
    templates: &Templates,
) -> Result<(String, Option<String>)> {
    let to_members = matches!(
        due.kind,
        Kind::Announce | Kind::Remind | Kind::Change | Kind::Cancel
    ) && !templates.own_subject.iter().any(|k| k == due.kind.as_str());
    let event = due.event.as_deref().unwrap_or_default();
    let lock = || templates.subjects.lock().unwrap_or_else(|p| p.into_inner());
    if to_members && let Some(subject) = lock().get(&due.kind).and_then(|m| m.get(event)) {
        return Ok((subject.clone(), None));
    }
    let m = compose(g, due, now, templates)?;
    if to_members {
        let mut subjects = lock();
        let of_kind = subjects.entry(due.kind).or_default();
        of_kind.insert(event.to_string(), m.subject.clone());
    }
    Ok((m.subject, Some(m.message_id)))
}

/// What the templates see for `due`: the event, the tasks, the thank-yous,
/// the recipient, the sender, the subject and the unsubscribe links.
fn context_of(g: &Group, email: &Email, due: &Due, today: NaiveDate) -> Result<Context> {
    let event = due.event.as_deref().and_then(|id| g.event(id));
    let personal = matches!(due.kind, Kind::Nudge | Kind::Ask);
    let event_ctx = event
        .filter(|_| !personal)
        .map(|e| context::event_ctx(g, e, today));
    // A nudge lists every task of the digest; the others have one task at most.
    let mut tasks = Vec::new();
    for id in std::iter::once(due.task)
        .chain(due.more.iter().map(|p| p.task))
        .flatten()
    {
        let t = g.task(id).ok_or_else(|| unknown(due, "task"))?;
        tasks.push(context::task_ctx(g, t, today));
    }
    let mut thanks = Vec::new();
    if due.kind == Kind::Thanks {
        for id in std::iter::once(&due.event).chain(due.more.iter().map(|p| &p.event)) {
            if let Some(e) = id.as_deref().and_then(|id| g.event(id)) {
                thanks.push(context::thanks_ctx(g, e, &due.to.address));
            }
        }
    }
    if event_ctx.is_none() && !personal {
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
        .filter(|u| !u.is_empty());
    let mailto = format!("mailto:{}?subject=unsubscribe", reply.address);
    let sender = email
        .from
        .name
        .clone()
        .unwrap_or_else(|| g.group.name.clone());
    let organizer = g
        .organizers()
        .next()
        .map_or_else(|| sender.clone(), |p| p.name.clone());
    let subject = context::subject(g, due, event_ctx.as_ref(), &tasks, &thanks);
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
        unsubscribe: context::Unsubscribe {
            mailto: mailto.clone(),
            url: unsubscribe_url.clone(),
        },
    })
}

/// Composes one message. `now` is the instant for the Date header. Errors
/// (no `[email]` section, a template that fails: named with its line) are
/// `Error::Failed` with a hint.
pub fn compose(g: &Group, due: &Due, now: DateTime<Tz>, templates: &Templates) -> Result<Outgoing> {
    let Some(email) = &g.email else {
        return Err(Error::failed_with(
            "the group file has no [email] section, so ug does not know who sends the mail",
            "add one to the group file:\n\n    [email]\n    from = \"Your Group <organizers@example.org>\"\n    transport = \"file\"   # or smtp, sendmail",
        ));
    };
    let ctx = context_of(g, email, due, now.naive_local().date())?;
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

    let id = message_id(g, &due.key);
    let hash = fnv1a(&due.key.to_string());
    let to = mailbox(Some(&due.to.name), &due.to.address, due)?;
    let from = mailbox(email.from.name.as_deref(), &email.from.address, due)?;
    // Text lettre would write badly (a word too long for a line, an
    // encoded-word look-alike) is written as encoded words instead.
    let from_header = headers::mailbox("From", &from);
    let to_header = headers::mailbox("To", &to);
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(now.timestamp().max(0).unsigned_abs()))
        .message_id(Some(format!("<{id}>")));
    b = match headers::text("Subject", &subject) {
        Some(h) => b.raw_header(h),
        None => b.subject(subject.clone()),
    };
    for h in [from_header, to_header].into_iter().flatten() {
        b = b.raw_header(h);
    }
    if let Some(r) = &email.reply_to {
        let reply = mailbox(r.name.as_deref(), &r.address, due)?;
        let header = headers::mailbox("Reply-To", &reply);
        b = b.reply_to(reply);
        if let Some(h) = header {
            b = b.raw_header(h);
        }
    }
    let to_members = matches!(
        due.kind,
        Kind::Announce | Kind::Remind | Kind::Change | Kind::Cancel
    );
    if to_members {
        b = list_headers(b, g, &mailto, unsubscribe_url.as_deref());
    }
    let alternative = MultiPart::alternative()
        .boundary(format!("=_ug_{hash:016x}_alt"))
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html));
    let method = match due.kind {
        Kind::Announce | Kind::Remind | Kind::Change => Some(Method::Publish),
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
    }
    .map_err(|e| Error::failed(format!("could not build the message {}: {e}", due.key)))?;
    Ok(Outgoing {
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
        from: email.from.address.clone(),
        to: due.to.address.clone(),
        subject,
        bytes: message.formatted(),
    })
}

/// The headers of a mail to the list of members: its id, and how to leave.
fn list_headers(
    mut b: MessageBuilder,
    g: &Group,
    mailto: &str,
    unsubscribe_url: Option<&str>,
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
    if unsubscribe_url.is_some() {
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

/// A typed mailbox: the display name loses control characters, lettre encodes the rest.
fn mailbox(name: Option<&str>, address: &str, due: &Due) -> Result<Mailbox> {
    let addr = address.trim().parse().map_err(|e| {
        Error::failed_with(
            format!(
                "cannot write to \"{}\" ({}): {e}",
                address.escape_debug(),
                due.key
            ),
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
    fn built_in_templates_parse() {
        let t = Templates::built_in().unwrap();
        assert_eq!(t.origin.len(), BUILT_IN.len());
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
