//! The team's health from its tasks: one organizer, one person carrying most
//! of the work, people behind on theirs, asks left unanswered, a co-organizer
//! with no share. `ug tasks` prints these in its footer; `ug check` and
//! `ug status` get them as warnings (`store`'s `team_warnings`).

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use super::{display_name, follow_up_message, name_of, stale_asks};
use crate::model::{Group, Person, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HealthKind {
    NoOrganizer,
    SingleOrganizer,
    Delegate,
    Overdue,
    Waiting,
    Share,
}

/// One thing about the team worth acting on.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    pub kind: HealthKind,
    pub message: String,
    pub hint: String,
    /// Where in the file it points (a person's or a task's id).
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

/// With fewer open tasks than this, nobody "holds most of them".
const DELEGATE_MIN_OPEN: usize = 4;

/// One overdue task is visible in `ug tasks`; a person behind on this many is
/// a pattern worth a check-in (and a warning in `ug check`).
pub const OVERDUE_WARN_AT: usize = 2;

/// Every health finding, in a stable order: the organizers, the load, the
/// overdue, the asks waiting, the co-organizer's share.
pub fn health(g: &Group, today: NaiveDate) -> Vec<Health> {
    let mut out = Vec::new();
    organizers(g, &mut out);

    let mut open = 0;
    let mut load: HashMap<&str, usize> = HashMap::new();
    let mut overdue: HashMap<&str, usize> = HashMap::new();
    for t in g.tasks.iter().filter(|t| t.status.is_open()) {
        open += 1;
        if let Some(o) = &t.owner {
            *load.entry(o.value.as_str()).or_default() += 1;
            if t.due.is_some_and(|d| d < today) {
                *overdue.entry(o.value.as_str()).or_default() += 1;
            }
        }
    }
    let count = |m: &HashMap<&str, usize>, p: &Person| m.get(p.id.value.as_str()).copied();

    // The heaviest load, ties broken by file order of people.
    let heaviest = g
        .people
        .iter()
        .filter_map(|p| count(&load, p).map(|n| (n, p)))
        .fold(None::<(usize, &Person)>, |best, cur| match best {
            Some(b) if b.0 >= cur.0 => Some(b),
            _ => Some(cur),
        });
    // Holding the only team's tasks is not overload: with nobody to hand
    // them to, the one-organizer warning already says to find a co-organizer.
    let others = |p: &Person| {
        g.people
            .iter()
            .any(|o| o.id.value != p.id.value && o.is_team())
    };
    if let Some((n, p)) = heaviest
        && open >= DELEGATE_MIN_OPEN
        && n * 2 > open
        && others(p)
    {
        out.push(Health {
            kind: HealthKind::Delegate,
            message: format!(
                "delegate: {} holds {n} of {open} open tasks",
                display_name(p),
            ),
            hint: "ask someone directly: `ug tasks ask ID PERSON`".into(),
            span: p.id.span.clone(),
        });
    }

    for p in &g.people {
        let Some(n) = count(&overdue, p).filter(|&n| n >= OVERDUE_WARN_AT) else {
            continue;
        };
        out.push(Health {
            kind: HealthKind::Overdue,
            // Always plural: OVERDUE_WARN_AT is 2.
            message: format!("{} has {n} overdue tasks", display_name(p)),
            hint: format!(
                "check in with them (`ug tasks --person {}`); reassign or drop what will not happen",
                p.id.value
            ),
            span: p.id.span.clone(),
        });
    }

    for (t, who, since) in stale_asks(g, today) {
        out.push(Health {
            kind: HealthKind::Waiting,
            message: follow_up_message(name_of(g, who), since, t),
            hint: format!(
                "ask again in person; record the answer with `ug tasks accept {0}` or `ug tasks decline {0}`",
                t.id.value
            ),
            span: t.asked.as_ref().and_then(|a| a.span.clone()).or(t.id.span.clone()),
        });
    }

    share(g, open, &load, &mut out);
    out
}

fn organizers(g: &Group, out: &mut Vec<Health>) {
    let organizers = g.organizers().count();
    let co = g.co_organizers().count();
    if organizers == 0 && co == 0 {
        out.push(Health {
            kind: HealthKind::NoOrganizer,
            message: "nobody has the role `organizer`".into(),
            hint: "add `roles = [\"organizer\"]` to the person who runs the group".into(),
            span: None,
        });
    } else if organizers + co == 1 {
        out.push(Health {
            kind: HealthKind::SingleOrganizer,
            message: "find a co-organizer: with one organizer the group stops when they do".into(),
            hint: "give a second person `roles = [\"co-organizer\"]`".into(),
            span: None,
        });
    }
}

/// An organizer carrying the work while the co-organizers hold none of it.
fn share(g: &Group, open: usize, load: &HashMap<&str, usize>, out: &mut Vec<Health>) {
    let co: Vec<&Person> = g
        .co_organizers()
        .filter(|p| !p.is(Role::Organizer))
        .collect();
    if co.is_empty() || g.organizers().next().is_none() || open < 2 {
        return;
    }
    // A co-organizer who was just asked for a task is already being given a share.
    let holds = |p: &&Person| {
        load.contains_key(p.id.value.as_str())
            || g.tasks.iter().any(|t| {
                t.status.is_open() && t.asked.as_ref().is_some_and(|a| a.value == p.id.value)
            })
    };
    if co.iter().any(holds) {
        return;
    }
    let names: Vec<&str> = co.iter().map(|p| display_name(p)).collect();
    let (who, verb) = if co.len() == 1 {
        ("co-organizer", "holds")
    } else {
        ("co-organizers", "hold")
    };
    out.push(Health {
        kind: HealthKind::Share,
        message: format!(
            "the {who} {verb} no open tasks: share the work ({})",
            names.join(", ")
        ),
        hint: format!(
            "hand them one: `ug tasks reassign ID {0}` or `ug tasks ask ID {0}`",
            co[0].id.value
        ),
        span: co[0].id.span.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<HealthKind> {
        let g = crate::model::from_document(&toml_edit::Document::parse(text).unwrap()).0;
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        health(&g, today).into_iter().map(|h| h.kind).collect()
    }

    const TEAM: &str = "[group]\nname = \"G\"\ntimezone = \"UTC\"\n\
        [[people]]\nid = \"ann\"\nname = \"Ann\"\nroles = [\"organizer\"]\n\
        [[people]]\nid = \"bo\"\nname = \"Bo\"\nroles = [\"co-organizer\"]\n";

    fn task(id: u32, owner: &str, due: &str) -> String {
        format!("[[tasks]]\nid = {id}\ntitle = \"T{id}\"\nowner = \"{owner}\"\ndue = {due}\n")
    }

    #[test]
    fn findings() {
        assert!(kinds(TEAM).is_empty());
        let one = TEAM.replace("[\"co-organizer\"]", "[\"helper\"]");
        assert_eq!(kinds(&one), [HealthKind::SingleOrganizer]);
        // Two tasks for Ann, both overdue, none for Bo.
        let text = format!(
            "{TEAM}{}{}",
            task(1, "ann", "2026-11-01"),
            task(2, "ann", "2026-11-02")
        );
        assert_eq!(kinds(&text), [HealthKind::Overdue, HealthKind::Share]);
        let text = format!("{text}{}", task(3, "bo", "2026-12-01"));
        assert_eq!(kinds(&text), [HealthKind::Overdue]);
    }

    #[test]
    fn a_lone_organizer_is_told_to_find_a_co_organizer_not_to_delegate() {
        let alone = TEAM.replace("roles = [\"co-organizer\"]", "roles = [\"speaker\"]");
        let tasks: String = (1..=4).map(|i| task(i, "ann", "2026-12-20")).collect();
        assert_eq!(
            kinds(&format!("{alone}{tasks}")),
            [HealthKind::SingleOrganizer]
        );
        // With someone to hand them to, holding all four is worth a word.
        let helper = "[[people]]\nid = \"cy\"\nname = \"Cy\"\nroles = [\"helper\"]\n";
        assert_eq!(
            kinds(&format!("{alone}{helper}{tasks}")),
            [HealthKind::SingleOrganizer, HealthKind::Delegate]
        );
    }
}
