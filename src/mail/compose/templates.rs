//! The templates of a run: the built-in ones, overridden by files beside
//! the group file, parsed once; and what is made once per run and reused for
//! every member (the calendar attachment, a member mail's subject).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use chrono::DateTime;
use chrono_tz::Tz;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, SinglePart};
use minijinja::{Environment, UndefinedBehavior, Value};

use super::addressing::short;
use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::mail::calendar::{self, Method};
use crate::model::Group;

/// The built-in templates: every one can be overridden by a file of the same
/// name in `templates/` beside the group file. Each is whole (no `include` or
/// `extends`: minijinja's `multi_template` feature is off), so one file per
/// kind and part is all a user needs to copy.
const BUILT_IN: [(&str, &str); 42] = [
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
    ("release.txt", include_str!("../templates/release.txt")),
    ("release.html", include_str!("../templates/release.html")),
    ("waiting.txt", include_str!("../templates/waiting.txt")),
    ("waiting.html", include_str!("../templates/waiting.html")),
    ("rsvp-in.txt", include_str!("../templates/rsvp-in.txt")),
    ("rsvp-in.html", include_str!("../templates/rsvp-in.html")),
    (
        "rsvp-waitlist.txt",
        include_str!("../templates/rsvp-waitlist.txt"),
    ),
    (
        "rsvp-waitlist.html",
        include_str!("../templates/rsvp-waitlist.html"),
    ),
    (
        "rsvp-promoted.txt",
        include_str!("../templates/rsvp-promoted.txt"),
    ),
    (
        "rsvp-promoted.html",
        include_str!("../templates/rsvp-promoted.html"),
    ),
    ("closed.txt", include_str!("../templates/closed.txt")),
    ("closed.html", include_str!("../templates/closed.html")),
    ("welcome.txt", include_str!("../templates/welcome.txt")),
    ("welcome.html", include_str!("../templates/welcome.html")),
    (
        "unsubscribed.txt",
        include_str!("../templates/unsubscribed.txt"),
    ),
    (
        "unsubscribed.html",
        include_str!("../templates/unsubscribed.html"),
    ),
    ("confirm.txt", include_str!("../templates/confirm.txt")),
    ("confirm.html", include_str!("../templates/confirm.html")),
    ("task-done.txt", include_str!("../templates/task-done.txt")),
    (
        "task-done.html",
        include_str!("../templates/task-done.html"),
    ),
    ("talk-ask.txt", include_str!("../templates/talk-ask.txt")),
    ("talk-ask.html", include_str!("../templates/talk-ask.html")),
    (
        "talk-thanks.txt",
        include_str!("../templates/talk-thanks.txt"),
    ),
    (
        "talk-thanks.html",
        include_str!("../templates/talk-thanks.html"),
    ),
    ("digest.txt", include_str!("../templates/digest.txt")),
    ("digest.html", include_str!("../templates/digest.html")),
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
    pub(super) own_subject: Vec<String>,
    /// The subject of a mail to members, per (kind, event), once one such
    /// mail was composed whole: the same for every member (see `headline`).
    pub(super) subjects: Mutex<HashMap<Kind, HashMap<String, String>>>,
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
        let mut env = environment();
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

    pub(super) fn render(&self, name: &str, ctx: &Value) -> Result<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error(&self.origin, &e))
    }

    pub(super) fn ics(
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

/// The minijinja environment ug's templates (mails and site) share: an
/// undefined value is an error, block tags leave no blank lines, the final
/// newline is kept, errors carry their line.
pub fn environment() -> Environment<'static> {
    // `new` warns unless minijinja's (empty) `serde` feature is on; ug
    // passes serde values on purpose (`Value::from_serialize`).
    #[allow(deprecated)]
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_debug(true);
    env
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
        "use only the variables the built-in templates use (group, to, sender, organizer, subject, event, task, tasks, thanks_for, thanks, blocked, rsvp, talk, unsubscribe), or guard an optional one with `{% if ... %}`"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_parse() {
        let t = Templates::built_in().unwrap();
        assert_eq!(t.origin.len(), BUILT_IN.len());
    }
}
