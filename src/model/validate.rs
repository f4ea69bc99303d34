//! Checks across sections: duplicate ids, references to unknown people,
//! venues, sponsors and events, the schedule rule, and the warnings that
//! keep a group healthy (a co-organizer, contacts, stale events).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::*;
use crate::diag::{Diagnostic, nearest};
use crate::schedule::Rule;

/// Roles a checklist may name even when nobody holds them yet.
pub const KNOWN_ROLES: [&str; 5] = ["organizer", "co-organizer", "helper", "speaker", "contact"];

/// Every cross-section problem and warning, unsorted. `now` is local to the group.
pub fn validate(g: &Group, now: NaiveDateTime) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let people = unique_ids(&mut out, "person", g.people.iter().map(|p| &p.id));
    let venues = unique_ids(&mut out, "venue", g.venues.iter().map(|v| &v.id));
    let sponsors = unique_ids(&mut out, "sponsor", g.sponsors.iter().map(|s| &s.id));
    let events = unique_ids(&mut out, "event", g.events.iter().map(|e| &e.id));
    let mut task_ids = HashSet::with_capacity(g.tasks.len());
    for t in &g.tasks {
        if !task_ids.insert(t.id.value) {
            out.push(
                Diagnostic::error(
                    format!("duplicate task id {}", t.id.value),
                    t.id.span.clone(),
                )
                .with_hint(
                    "every task needs its own number; `ug tasks add` picks the next free one",
                ),
            );
        }
    }

    let refs = Refs {
        people: &people,
        venues: &venues,
        sponsors: &sponsors,
        events: &events,
    };
    for v in &g.venues {
        match &v.contact {
            Some(c) => refs.check(&mut out, "person", c, &format!("contact of venue `{}`", v.id.value)),
            None => out.push(
                Diagnostic::warning(
                    format!("venue `{}` has no contact: who do you talk to beforehand, and thank afterwards?", v.id.value),
                    v.id.span.clone(),
                )
                .with_hint("add the person to [[people]] and set `contact = \"<id>\"`"),
            ),
        }
    }
    for s in &g.sponsors {
        match &s.contact {
            Some(c) => refs.check(
                &mut out,
                "person",
                c,
                &format!("contact of sponsor `{}`", s.id.value),
            ),
            None => out.push(Diagnostic::warning(
                format!(
                    "sponsor `{}` has no contact: who gets the thank-you?",
                    s.id.value
                ),
                s.id.span.clone(),
            )),
        }
    }
    let mut seen_members: HashMap<String, ()> = HashMap::with_capacity(g.members.len());
    for m in &g.members {
        if !m.email.value.is_empty()
            && seen_members
                .insert(m.email.value.to_ascii_lowercase(), ())
                .is_some()
        {
            out.push(Diagnostic::warning(
                format!(
                    "member address {} is listed twice: they would get every message twice",
                    m.email.value
                ),
                m.email.span.clone(),
            ));
        }
    }

    for e in &g.events {
        let what = format!("event `{}`", e.id.value);
        if let Some(v) = &e.venue {
            refs.check(&mut out, "venue", v, &what);
        }
        for s in &e.sponsors {
            refs.check(&mut out, "sponsor", s, &what);
        }
        for item in &e.agenda {
            agenda_item(&mut out, &refs, item, &what);
        }
        // An unreadable `start` (already an error) reads as the epoch: no warning on top.
        let start_known = e.start != NaiveDateTime::default();
        if start_known && e.status.is_live() && e.end(g.duration()) < now {
            out.push(
                Diagnostic::warning(
                    format!(
                        "event `{}` is over but still `{}`",
                        e.id.value,
                        e.status.as_str()
                    ),
                    e.id.span.clone(),
                )
                .with_hint(format!(
                    "record it: `ug events held {} --attendance N`, or `ug events cancel {}`",
                    e.id.value, e.id.value
                )),
            );
        }
    }
    for (name, items) in &g.formats {
        for item in items {
            agenda_item(&mut out, &refs, item, &format!("format `{name}`"));
        }
    }

    for t in &g.tasks {
        let what = format!("task {}", t.id.value);
        match &t.owner {
            Some(o) => refs.check(&mut out, "person", o, &what),
            None if t.status.is_open() => out.push(
                Diagnostic::warning(
                    format!(
                        "task {} has no owner: a task nobody owns is a task nobody does",
                        t.id.value
                    ),
                    t.id.span.clone(),
                )
                .with_hint(format!("`ug tasks reassign {} PERSON`", t.id.value)),
            ),
            None => {}
        }
        if let Some(ev) = &t.event {
            refs.check(&mut out, "event", ev, &what);
        }
        if let Some(a) = &t.asked {
            refs.check(&mut out, "person", a, &what);
        }
    }

    let roles: HashSet<&str> = g
        .people
        .iter()
        .flat_map(|p| p.roles.iter().map(String::as_str))
        .collect();
    for c in &g.checklist {
        let o = c.owner.value.as_str();
        if !o.is_empty() && !people.contains(o) && !roles.contains(o) && !KNOWN_ROLES.contains(&o) {
            let candidates = people
                .iter()
                .copied()
                .chain(roles.iter().copied())
                .chain(KNOWN_ROLES);
            let mut msg = format!("checklist owner `{o}` is neither a person id nor a role");
            if let Some(n) = nearest(o, candidates) {
                msg.push_str(&format!("; did you mean `{n}`?"));
            }
            out.push(Diagnostic::error(msg, c.owner.span.clone()));
        }
    }

    if let Some(s) = &g.schedule
        && !s.rule.value.is_empty()
        && let Err(e) = Rule::parse(&s.rule.value)
    {
        // The first line says what is wrong; the list of forms follows the snippet.
        let text = e.to_string();
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let mut d = Diagnostic::error(first, s.rule.span.clone());
        if !rest.is_empty() {
            d = d.with_hint(rest.trim_start());
        }
        out.push(d);
    }

    out.extend(team_warnings(g, now.date()));
    out.extend(people_without_email(g));
    out.extend(checklist_confirms_nothing(g));
    out
}

/// A `[[checklist]]` with no item that confirms the venue: every event
/// planned from it stays `planned`, and is never announced, until someone
/// remembers `ug events confirm`.
pub fn checklist_confirms_nothing(g: &Group) -> Option<Diagnostic> {
    let first = g.checklist.first()?;
    let confirms =
        |c: &ChecklistItem| c.confirms.is_some() || c.title == crate::planner::VENUE_TASK;
    if g.checklist.iter().any(confirms) {
        return None;
    }
    Some(
        Diagnostic::warning(
            "no [[checklist]] item confirms the venue: events planned from it stay `planned`, unannounced, until `ug events confirm ID`",
            first.span.clone(),
        )
        .with_hint(
            "add `confirms = \"venue\"` to the item that settles the room, e.g. title = \"Confirm {venue} with {contact}\"; done, it confirms the event",
        ),
    )
}

/// People ug has to mail (owners of open tasks, people asked, venue and
/// sponsor contacts) who have no `email`: their mail would silently never go.
pub fn people_without_email(g: &Group) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in g
        .people
        .iter()
        .filter(|p| p.email.as_deref().is_none_or(|e| e.trim().is_empty()))
    {
        let id = p.id.value.as_str();
        let is = |r: &Option<Id>| r.as_ref().is_some_and(|r| r.value == id);
        let ids = |f: &dyn Fn(&Task) -> bool| -> Vec<i64> {
            g.tasks
                .iter()
                .filter(|t| t.status.is_open() && f(t))
                .map(|t| t.id.value)
                .collect()
        };
        let mut why = Vec::new();
        let owns = ids(&|t| is(&t.owner));
        if !owns.is_empty() {
            why.push(format!("owns {}", task_list(&owns)));
        }
        let asked = ids(&|t| t.status == TaskStatus::Asked && is(&t.asked));
        if !asked.is_empty() {
            why.push(format!("is asked to take {}", task_list(&asked)));
        }
        for v in g.venues.iter().filter(|v| is(&v.contact)) {
            why.push(format!("is the contact of venue `{}`", v.id.value));
        }
        for s in g.sponsors.iter().filter(|s| is(&s.contact)) {
            why.push(format!("is the contact of sponsor `{}`", s.id.value));
        }
        if why.is_empty() {
            continue;
        }
        out.push(Diagnostic::warning(
            format!(
                "{id} has no email address, so ug can never mail them ({}): add `email = \"...\"` to [[people]] id = \"{id}\"",
                why.join("; ")
            ),
            p.span.clone().or_else(|| p.id.span.clone()),
        ));
    }
    out
}

/// "task 9", "tasks 9, 12 and 15", "tasks 1, 2, 3 and 4 more".
fn task_list(ids: &[i64]) -> String {
    let shown: Vec<String> = ids.iter().take(3).map(i64::to_string).collect();
    match ids.len() {
        1 => format!("task {}", shown[0]),
        2 | 3 => {
            let (last, rest) = shown.split_last().unwrap_or((&shown[0], &[]));
            format!("tasks {} and {last}", rest.join(", "))
        }
        n => format!("tasks {} and {} more", shown.join(", "), n - 3),
    }
}

/// Warnings about the team that `ug check`, `ug status` and `ug tasks` share:
/// one organizer, one person holding most open tasks, people with several
/// overdue tasks, asks unanswered for days, a co-organizer with no share.
/// The rules live in `crate::tasks::health`; `today` is local to the group.
pub fn team_warnings(g: &Group, today: chrono::NaiveDate) -> Vec<Diagnostic> {
    crate::tasks::health(g, today)
        .into_iter()
        .map(|h| Diagnostic::warning(h.message, h.span).with_hint(h.hint))
        .collect()
}

fn agenda_item(out: &mut Vec<Diagnostic>, refs: &Refs, item: &AgendaItem, what: &str) {
    if let Some(s) = &item.speaker {
        refs.check(out, "person", s, &format!("agenda of {what}"));
    }
}

struct Refs<'a> {
    people: &'a HashSet<&'a str>,
    venues: &'a HashSet<&'a str>,
    sponsors: &'a HashSet<&'a str>,
    events: &'a HashSet<&'a str>,
}

impl Refs<'_> {
    fn check(&self, out: &mut Vec<Diagnostic>, kind: &str, r: &Spanned<String>, what: &str) {
        let (set, section) = match kind {
            "person" => (self.people, "[[people]]"),
            "venue" => (self.venues, "[[venues]]"),
            "sponsor" => (self.sponsors, "[[sponsors]]"),
            _ => (self.events, "[[events]]"),
        };
        if set.contains(r.value.as_str()) {
            return;
        }
        let mut msg = format!("unknown {kind} `{}` in {what}", r.value);
        match nearest(&r.value, set.iter().copied()) {
            Some(n) => msg.push_str(&format!("; did you mean `{n}`?")),
            None => msg.push_str(&format!("; no {kind} in {section} has that id")),
        }
        out.push(Diagnostic::error(msg, r.span.clone()));
    }
}

fn unique_ids<'a>(
    out: &mut Vec<Diagnostic>,
    kind: &str,
    ids: impl Iterator<Item = &'a Id>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for id in ids {
        if id.value.is_empty() {
            continue;
        }
        if !seen.insert(id.value.as_str()) {
            out.push(Diagnostic::error(
                format!("duplicate {kind} id `{}`: ids must be unique", id.value),
                id.span.clone(),
            ));
        }
    }
    seen
}
