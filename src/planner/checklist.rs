//! The tasks every new event brings: `[[checklist]]` (or the built-in one)
//! with its placeholders filled and each task delegated to a person.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{PlanError, PlannedTask};
use crate::model::{Days, Group};
use crate::tasks::open_load;

/// The built-in checklist: the creed's chores, before and after the event.
fn built_in_checklist() -> Vec<(&'static str, &'static str, Days, bool)> {
    vec![
        (
            "Find speakers for {date} ({format})",
            "organizer",
            Days(28),
            false,
        ),
        (
            "Confirm {venue} with {contact}",
            "organizer",
            Days(21),
            false,
        ),
        (
            "Confirm {sponsor} for {date}",
            "co-organizer",
            Days(14),
            false,
        ),
        ("Bring name tags and markers", "helper", Days(1), false),
        (
            "Leave {venue} clean and thank {contact}",
            "helper",
            Days(0),
            false,
        ),
        (
            "Post slides and a recap of {date}",
            "organizer",
            Days(3),
            true,
        ),
    ]
}

pub(super) fn checklist_tasks(
    g: &Group,
    date: NaiveDate,
    today: NaiveDate,
    venue: Option<&str>,
    sponsor: Option<&str>,
    format: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<PlannedTask>, PlanError> {
    let v = venue.and_then(|id| g.venue(id));
    let contact = v
        .and_then(|v| v.contact.as_ref())
        .and_then(|c| g.person(c))
        .map(|p| p.name.as_str());
    let sponsor_name = sponsor
        .and_then(|id| g.sponsor(id))
        .map(|s| s.name.as_str());
    let items: Vec<(String, String, Days, bool)> = if g.checklist.is_empty() {
        built_in_checklist()
            .into_iter()
            .map(|(t, o, d, after)| (t.to_string(), o.to_string(), d, after))
            .collect()
    } else {
        g.checklist
            .iter()
            .map(|c| match (c.before, c.after) {
                (_, Some(a)) => (c.title.clone(), c.owner.value.clone(), a, true),
                (b, None) => (
                    c.title.clone(),
                    c.owner.value.clone(),
                    b.unwrap_or(Days(0)),
                    false,
                ),
            })
            .collect()
    };

    let mut load = open_load(g);
    let mut out = Vec::new();
    if venue.is_none() {
        let owner = pick_owner(g, "organizer", &mut load);
        out.push(PlannedTask {
            id: 0,
            title: format!("Find a venue for {date}"),
            owner,
            due: today,
        });
    }
    for (title, owner, offset, after) in items {
        let needs_venue = title.contains("{venue}") || title.contains("{contact}");
        if needs_venue && v.is_none() || title.contains("{sponsor}") && sponsor_name.is_none() {
            continue; // No venue or sponsor yet: "Find a venue" stands for it.
        }
        let title = title
            .replace("{venue}", v.map_or("", |v| v.name.as_str()))
            .replace("{contact}", contact.unwrap_or("the venue's contact"))
            .replace("{sponsor}", sponsor_name.unwrap_or(""))
            .replace("{date}", &date.format("%Y-%m-%d").to_string())
            .replace("{format}", &format.replace('-', " "));
        let mut due = if after {
            date + offset.as_chrono()
        } else {
            date - offset.as_chrono()
        };
        if due < today {
            warnings.push(format!("\"{title}\" was due {due}: due today instead"));
            due = today;
        }
        let owner = pick_owner(g, &owner, &mut load);
        out.push(PlannedTask {
            id: 0,
            title,
            owner,
            due,
        });
    }
    let first = crate::tasks::next_id(g).map_err(PlanError)?;
    for (i, t) in out.iter_mut().enumerate() {
        t.id = first.checked_add(i as i64).ok_or_else(|| {
            PlanError("task ids are exhausted: renumber the largest task id".into())
        })?;
    }
    Ok(out)
}

/// A person id as is; a role to its least-loaded person, counting the tasks
/// this plan has handed out already so a role's work is spread.
fn pick_owner<'g>(g: &'g Group, who: &str, load: &mut HashMap<&'g str, usize>) -> String {
    let id = match g.person(who) {
        Some(p) => p.id.value.as_str(),
        None => match crate::tasks::least_loaded(g, who, load)
            .or_else(|| crate::tasks::least_loaded(g, "organizer", load))
            .or_else(|| g.people.first())
        {
            Some(p) => p.id.value.as_str(),
            None => return who.to_string(),
        },
    };
    *load.entry(id).or_default() += 1;
    id.to_string()
}
