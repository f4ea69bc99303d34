//! Builds the model from a parsed TOML document, collecting every problem
//! (unknown keys with a suggestion, wrong types, bad values) instead of
//! stopping at the first, each with the byte span it came from.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveTime;
use toml_edit::{Item, Table, TableLike, Value};

use super::schema::{
    self, checklist, event, group, member, person, reminders, schedule, sponsor, task, top, venue,
};
use super::units;
use super::*;
use crate::diag::{Diagnostic, nearest};

mod email;
mod getters;
mod inbox;
mod plans;
mod signups;
mod site;
mod talks;

pub(crate) use getters::list;
use getters::{describe, empty_group_info, item_span, table_of};

type Span = Option<Range<usize>>;

/// Reads a parsed document into the model. Returns the model (with defaults
/// where values were bad) and every problem found, unsorted.
pub fn from_document<S: AsRef<str>>(doc: &toml_edit::Document<S>) -> (Group, Vec<Diagnostic>) {
    from_table(doc.as_table())
}

/// Same, from any root table (an edited `DocumentMut` has no spans).
pub fn from_table(root: &Table) -> (Group, Vec<Diagnostic>) {
    let mut r = Reader { diags: Vec::new() };
    let group = r.group(root);
    (group, r.diags)
}

struct Reader {
    diags: Vec<Diagnostic>,
}

/// One table being read: remembers which keys were used so the rest can be
/// reported as unknown.
struct Fields<'t, 'w> {
    table: &'t dyn TableLike,
    span: Span,
    what: &'w str,
    known: &'w [&'w str],
    /// The table's items by their index in `known`, found in one pass over
    /// the table (cheaper than hashing each key again: files hold thousands of tables).
    items: [Option<&'t Item>; MAX_FIELDS],
}

const MAX_FIELDS: usize = 16;

/// The longest agenda item: a day.
const MAX_ITEM_MINUTES: u32 = 24 * 60;

impl<'t> Fields<'t, '_> {
    fn get(&self, key: &str) -> Option<&'t Item> {
        match self.known.iter().position(|k| *k == key) {
            Some(i) if i < MAX_FIELDS => self.items[i],
            _ => self.table.get(key),
        }
    }
}

impl Reader {
    fn err(&mut self, msg: impl Into<String>, span: Span) {
        self.diags.push(Diagnostic::error(msg, span));
    }

    fn fields<'t, 'w>(
        &mut self,
        table: &'t dyn TableLike,
        span: Span,
        what: &'w str,
        known: &'w [&'w str],
    ) -> Fields<'t, 'w> {
        let mut items = [None; MAX_FIELDS];
        for (key, item) in table.iter() {
            if let Some(i) = known.iter().position(|k| *k == key) {
                if i < MAX_FIELDS {
                    items[i] = Some(item);
                }
            } else {
                let kspan = table.key(key).and_then(|k| k.span());
                let mut msg = format!("unknown field `{key}` in {what}");
                match nearest(key, known.iter().copied()) {
                    Some(near) => msg.push_str(&format!("; did you mean `{near}`?")),
                    None => msg.push_str(&format!("; known fields are {}", list(known))),
                }
                self.err(msg, kspan.or(span.clone()));
            }
        }
        Fields {
            table,
            span,
            what,
            known,
            items,
        }
    }

    fn group(&mut self, root: &Table) -> Group {
        let root_fields = self.fields(root, None, top::WHAT, top::KEYS);
        let group = match root.get(top::GROUP) {
            Some(item) => match table_of(item) {
                Some((t, span)) => self.group_info(t, span),
                None => {
                    self.type_err(&root_fields, top::GROUP, item, "a table: [group]");
                    empty_group_info()
                }
            },
            None => {
                self.err(
                    "missing [group] section: every group file needs one with `name` and `timezone`",
                    Some(0..0),
                );
                empty_group_info()
            }
        };
        let people = self.array(root, top::PEOPLE, person::WHAT, Self::person);
        let schedule = self.section(root, top::SCHEDULE, schedule::WHAT, Self::schedule);
        let venues = self.array(root, top::VENUES, venue::WHAT, Self::venue);
        let sponsors = self.array(root, top::SPONSORS, sponsor::WHAT, Self::sponsor);
        let members = self.array(root, top::MEMBERS, member::WHAT, Self::member);
        let events = self.array(root, top::EVENTS, event::WHAT, Self::event);
        let tasks = self.array(root, top::TASKS, task::WHAT, Self::task);
        let talks = self.array(root, top::TALKS, schema::talk::WHAT, Self::talk);
        let checklist = self.array(root, top::CHECKLIST, checklist::WHAT, Self::checklist_item);
        let formats = self.formats(root);
        self.rotation_names(root, &formats);
        let reminders = self
            .section(root, top::REMINDERS, reminders::WHAT, Self::reminders)
            .unwrap_or_default();
        let email = self.section(root, top::EMAIL, schema::email::WHAT, Self::email);
        let inbox = self.section(root, top::INBOX, schema::inbox::WHAT, Self::inbox);
        let signups = self
            .section(root, top::SIGNUPS, schema::signups::WHAT, Self::signups)
            .unwrap_or_default();
        self.guest_limits(&signups, &events);
        let site = self.section(root, top::SITE, schema::site::WHAT, Self::site);
        Group {
            group,
            people,
            schedule,
            venues,
            sponsors,
            members,
            events,
            tasks,
            talks,
            checklist,
            formats,
            reminders,
            email,
            inbox,
            signups,
            site,
        }
    }

    /// Each name in `[schedule] formats` must be a built-in format or a
    /// `[[formats.NAME]]`: `ug next-meetup` would plan an unknown one with
    /// no agenda (and refuses it as `--format`).
    fn rotation_names(&mut self, root: &Table, formats: &BTreeMap<String, Vec<AgendaItem>>) {
        let Some(names) = root
            .get(top::SCHEDULE)
            .and_then(table_of)
            .and_then(|(t, _)| t.get(schedule::FORMATS))
            .and_then(Item::as_array)
        else {
            return;
        };
        let builtin = schema::BUILT_IN_FORMATS;
        for v in names.iter() {
            let Some(name) = v.as_str() else { continue };
            if builtin.contains(&name) || formats.contains_key(name) {
                continue;
            }
            let known: Vec<&str> = builtin
                .iter()
                .copied()
                .chain(formats.keys().map(String::as_str))
                .collect();
            let mut msg = format!("unknown format \"{name}\" in [schedule] formats");
            if let Some(n) = nearest(name, known.iter().copied()) {
                msg.push_str(&format!("; did you mean \"{n}\"?"));
            }
            self.diags.push(Diagnostic::error(msg, v.span()).with_hint(format!(
                "formats are the built-in ones ({}) or a [[formats.NAME]] agenda skeleton in this file",
                list(&builtin)
            )));
        }
    }

    fn type_err(&mut self, f: &Fields, key: &str, item: &Item, expected: &str) {
        let found = describe(item);
        self.err(
            format!("`{key}` in {} must be {expected}, not {found}", f.what),
            item_span(item).or(f.span.clone()),
        );
    }

    fn section<T>(
        &mut self,
        root: &Table,
        key: &str,
        what: &str,
        read: fn(&mut Self, &dyn TableLike, Span) -> T,
    ) -> Option<T> {
        let item = root.get(key)?;
        match table_of(item) {
            Some((t, span)) => Some(read(self, t, span)),
            None => {
                let span = item_span(item);
                self.err(
                    format!(
                        "`{key}` must be a table: write it as {what}, not {}",
                        describe(item)
                    ),
                    span,
                );
                None
            }
        }
    }

    fn array<T>(
        &mut self,
        root: &dyn TableLike,
        key: &str,
        what: &str,
        mut read: impl FnMut(&mut Self, &dyn TableLike, Span) -> T,
    ) -> Vec<T> {
        let Some(item) = root.get(key) else {
            return Vec::new();
        };
        match item {
            Item::ArrayOfTables(a) => a.iter().map(|t| read(self, t, t.span())).collect(),
            Item::Value(Value::Array(a)) => {
                let mut out = Vec::with_capacity(a.len());
                for v in a.iter() {
                    match v.as_inline_table() {
                        Some(t) => out.push(read(self, t, t.span())),
                        None => self.err(
                            format!(
                                "each entry of `{key}` must be a table ({what}), not {}",
                                v.type_name()
                            ),
                            v.span(),
                        ),
                    }
                }
                out
            }
            other => {
                self.err(
                    format!(
                        "`{key}` must be an array of tables, written {what}, not {}",
                        describe(other)
                    ),
                    item_span(other),
                );
                Vec::new()
            }
        }
    }

    fn group_info(&mut self, t: &dyn TableLike, span: Span) -> GroupInfo {
        let f = self.fields(t, span, group::WHAT, group::KEYS);
        let name = self.req_str(&f, group::NAME).unwrap_or_default();
        let timezone =
            self.req_str_spanned(&f, group::TIMEZONE)
                .and_then(|tz| match tz.value.parse::<Tz>() {
                    Ok(z) => Some(z),
                    Err(_) => {
                        let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                        let mut msg = format!("unknown time zone \"{}\"", tz.value);
                        match nearest(&tz.value, names) {
                            Some(n) => msg.push_str(&format!("; did you mean \"{n}\"?")),
                            None => msg.push_str(
                                "; use an IANA name like \"America/New_York\" or \"Europe/Berlin\"",
                            ),
                        }
                        self.err(msg, tz.span);
                        None
                    }
                });
        GroupInfo {
            name,
            timezone,
            city: self.str(&f, group::CITY),
            website: self.str(&f, group::WEBSITE),
            topics: self.str_array(&f, group::TOPICS),
        }
    }

    fn person(&mut self, t: &dyn TableLike, span: Span) -> Person {
        let f = self.fields(t, span.clone(), person::WHAT, person::KEYS);
        let email = self.str_spanned(&f, person::EMAIL);
        if let Some(e) = &email {
            self.address(
                e,
                "ug cannot mail this person (nudges, asks, thank-yous)",
                "correct the address, or remove `email` if you have none",
            );
        }
        Person {
            id: self.req_id(&f, person::ID),
            name: self.req_str(&f, person::NAME).unwrap_or_default(),
            email: email.map(|e| e.value),
            roles: self.str_array(&f, person::ROLES),
            span,
        }
    }

    fn schedule(&mut self, t: &dyn TableLike, span: Span) -> Schedule {
        let f = self.fields(t, span, schedule::WHAT, schedule::KEYS);
        let rule = self
            .req_str_spanned(&f, schedule::RULE)
            .unwrap_or_else(|| Spanned::new(String::new(), None));
        let time = self
            .req_str_spanned(&f, schedule::TIME)
            .and_then(|s| self.parsed(&s, units::parse_time))
            .unwrap_or(NaiveTime::from_hms_opt(18, 30, 0).unwrap_or_default());
        Schedule {
            rule,
            time,
            duration: self
                .minutes(&f, schedule::DURATION)
                .unwrap_or(DEFAULT_DURATION),
            skip: self.date_array(&f, schedule::SKIP),
            formats: self.str_array(&f, schedule::FORMATS),
            expected: self.count(&f, schedule::EXPECTED),
            since: self.date(&f, schedule::SINCE),
            plan_ahead: self.days(&f, schedule::PLAN_AHEAD),
        }
    }

    fn venue(&mut self, t: &dyn TableLike, span: Span) -> Venue {
        let f = self.fields(t, span.clone(), venue::WHAT, venue::KEYS);
        Venue {
            id: self.req_id(&f, venue::ID),
            name: self.req_str(&f, venue::NAME).unwrap_or_default(),
            address: self.str(&f, venue::ADDRESS),
            capacity: self.count(&f, venue::CAPACITY),
            kind: self.str(&f, venue::KIND),
            contact: self.str_spanned(&f, venue::CONTACT),
            notes: self.str(&f, venue::NOTES),
            unavailable: self.date_array(&f, venue::UNAVAILABLE),
            span,
        }
    }

    fn sponsor(&mut self, t: &dyn TableLike, span: Span) -> Sponsor {
        let f = self.fields(t, span.clone(), sponsor::WHAT, sponsor::KEYS);
        if let Some((k, _)) = t
            .iter()
            .find(|(k, _)| ["amount", "money", "budget", "cash"].contains(k))
        {
            let kspan = t.key(k).and_then(|k| k.span());
            // Already reported as unknown; say why there is no such field.
            if let Some(d) = self.diags.iter_mut().rev().find(|d| d.span == kspan) {
                d.hint = Some(
                    "sponsoring is in kind only (food, drinks, a room): describe it in `provides`"
                        .into(),
                );
            }
        }
        Sponsor {
            id: self.req_id(&f, sponsor::ID),
            name: self.req_str(&f, sponsor::NAME).unwrap_or_default(),
            provides: self.str(&f, sponsor::PROVIDES),
            contact: self.str_spanned(&f, sponsor::CONTACT),
            span,
        }
    }

    fn member(&mut self, t: &dyn TableLike, span: Span) -> Member {
        let f = self.fields(t, span, member::WHAT, member::KEYS);
        let email = self
            .req_str_spanned(&f, member::EMAIL)
            .unwrap_or_else(|| Spanned::new(String::new(), None));
        if email.span.is_some() || !email.value.is_empty() {
            self.address(
                &email,
                "this member is skipped when sending",
                "correct the address, or remove the member if you cannot reach them",
            );
        }
        Member {
            name: self.str(&f, member::NAME).unwrap_or_default(),
            email,
            joined: self.date(&f, member::JOINED),
            unsubscribed: self.bool(&f, member::UNSUBSCRIBED).unwrap_or(false),
            bounced: self.bool(&f, member::BOUNCED).unwrap_or(false),
        }
    }

    fn reminders(&mut self, t: &dyn TableLike, span: Span) -> Reminders {
        let f = self.fields(t, span, reminders::WHAT, reminders::KEYS);
        let d = Reminders::default();
        Reminders {
            announce: self.days(&f, reminders::ANNOUNCE).unwrap_or(d.announce),
            remind: self.days(&f, reminders::REMIND).unwrap_or(d.remind),
            thanks: self.days(&f, reminders::THANKS).unwrap_or(d.thanks),
            nudge: self.days(&f, reminders::NUDGE).unwrap_or(d.nudge),
        }
    }
}
