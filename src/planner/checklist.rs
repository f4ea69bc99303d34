//! The tasks every new event brings: `[[checklist]]` (or the built-in one)
//! with its placeholders filled and each task delegated to a person.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::PlannedTask;
use crate::error::{Error, Result};
use crate::model::{
    Confirms, Days, Event, Group, Person, VENUE_TASK, Venue, fill_venue, item_confirms,
};
use crate::tasks::{next_id, open_load};
use crate::words::plural;

/// One checklist item, built in or from `[[checklist]]`.
struct Item {
    title: String,
    owner: String,
    offset: Days,
    after: bool,
    confirms: Option<Confirms>,
}

/// The built-in checklist: the creed's chores, before and after the event,
/// spread over the roles (the organizers plan, the helpers run the evening).
fn built_in_checklist() -> Vec<Item> {
    let item = |title: &str, owner: &str, days, after| Item {
        title: title.to_string(),
        owner: owner.to_string(),
        offset: Days(days),
        after,
        confirms: None,
    };
    vec![
        item(
            "Find speakers for {date} ({format})",
            "organizer",
            28,
            false,
        ),
        Item {
            confirms: Some(Confirms::Venue),
            ..item(VENUE_TASK, "organizer", 21, false)
        },
        item("Confirm {sponsor} for {date}", "co-organizer", 14, false),
        item("Bring name tags and markers", "helper", 1, false),
        item(
            "Leave {venue} clean and thank {contact}",
            "helper",
            0,
            false,
        ),
        item("Post slides and a recap of {date}", "co-organizer", 3, true),
    ]
}

/// Every placeholder of a checklist title filled, as the planner does.
fn fill_all(
    title: &str,
    g: &Group,
    v: Option<&Venue>,
    sponsor: Option<&str>,
    date: NaiveDate,
    format: &str,
) -> String {
    fill_venue(title, g, v)
        .replace("{sponsor}", sponsor.unwrap_or(""))
        .replace("{date}", &date.format("%Y-%m-%d").to_string())
        .replace("{format}", &format.replace('-', " "))
}

/// The title a task of `ev` gets when the event moves to venue `new`: when
/// `title` is what a checklist item naming the venue or its contact gave
/// this event at its current venue, that item filled for `new`; otherwise
/// `None` (a title written by hand is left to its author).
pub fn retitle_for_venue(g: &Group, ev: &Event, title: &str, new: &Venue) -> Option<String> {
    let old = g.venue(&ev.venue.as_ref()?.value)?;
    let sponsor = ev
        .sponsors
        .first()
        .and_then(|s| g.sponsor(&s.value))
        .map(|s| s.name.as_str());
    let format = ev.format.as_deref().unwrap_or("");
    let date = ev.start.date();
    let templates: Vec<String> = if g.checklist.is_empty() {
        built_in_checklist().into_iter().map(|i| i.title).collect()
    } else {
        g.checklist.iter().map(|c| c.title.clone()).collect()
    };
    templates
        .iter()
        .filter(|t| t.contains("{venue}") || t.contains("{contact}"))
        .find(|t| fill_all(t, g, Some(old), sponsor, date, format) == title)
        .map(|t| fill_all(t, g, Some(new), sponsor, date, format))
        .filter(|t| t != title)
}

/// The longest `before` offset of the checklist (`[[checklist]]`, else the
/// built-in one), in days: how long before its date an event's first task
/// falls due.
pub fn longest_before(g: &Group) -> u32 {
    if g.checklist.is_empty() {
        built_in_checklist()
            .iter()
            .filter(|i| !i.after)
            .map(|i| i.offset.0)
            .max()
            .unwrap_or(0)
    } else {
        g.checklist
            .iter()
            .filter(|c| c.after.is_none())
            .filter_map(|c| c.before.map(|d| d.0))
            .max()
            .unwrap_or(0)
    }
}

/// The event's tasks, and the titles of those born late: due today
/// because their date had passed when the event was planned.
pub(super) fn checklist_tasks(
    g: &Group,
    date: NaiveDate,
    today: NaiveDate,
    venue: Option<&str>,
    sponsor: Option<&str>,
    format: &str,
    warnings: &mut Vec<String>,
) -> Result<(Vec<PlannedTask>, Vec<String>)> {
    let v = venue.and_then(|id| g.venue(id));
    let sponsor_name = sponsor
        .and_then(|id| g.sponsor(id))
        .map(|s| s.name.as_str());
    let items: Vec<Item> = if g.checklist.is_empty() {
        built_in_checklist()
    } else {
        g.checklist
            .iter()
            .map(|c| Item {
                title: c.title.clone(),
                owner: c.owner.value.clone(),
                offset: c.after.or(c.before).unwrap_or(Days(0)),
                after: c.after.is_some(),
                confirms: item_confirms(c),
            })
            .collect()
    };

    let mut load = open_load(g);
    let mut out = Vec::new();
    let mut compressed = Vec::new();
    let mut late = Vec::new();
    if venue.is_none() {
        let owner = pick_owner(g, "organizer", &mut load);
        out.push(PlannedTask {
            id: 0,
            title: format!("Find a venue for {date}"),
            owner,
            due: today,
            confirms: None,
        });
    }
    for item in items {
        let title = item.title;
        let needs_venue = title.contains("{venue}") || title.contains("{contact}");
        if needs_venue && v.is_none() || title.contains("{sponsor}") && sponsor_name.is_none() {
            continue; // No venue or sponsor yet: "Find a venue" stands for it.
        }
        // Confirming a venue needs one: without it the task confirms nothing.
        let confirms = item.confirms.filter(|_| v.is_some());
        let title = fill_all(&title, g, v, sponsor_name, date, format);
        let offset = item.offset.as_chrono();
        let due = if item.after {
            date.checked_add_signed(offset)
        } else {
            date.checked_sub_signed(offset)
        };
        let mut due = due.unwrap_or(date);
        if due < today {
            compressed.push(format!("\"{title}\" (was due {due})"));
            late.push(title.clone());
            due = today;
        }
        let owner = pick_owner(g, &item.owner, &mut load);
        out.push(PlannedTask {
            id: 0,
            title,
            owner,
            due,
            confirms,
        });
    }
    if !compressed.is_empty() {
        let late = match (date - today).num_days() {
            0 => "planned on the day of the event".to_string(),
            n => format!("planned late, {} before the event", plural(n, "day")),
        };
        let n = compressed.len();
        warnings.push(format!(
            "{late}: {} would already be past due, so {} due today instead: {}",
            plural(n as i64, "task"),
            if n == 1 { "it is" } else { "they are" },
            compressed.join(", ")
        ));
    }
    let first = next_id(g)?;
    for (i, t) in out.iter_mut().enumerate() {
        t.id = first
            .checked_add(i as i64)
            .ok_or_else(|| Error::failed("task ids are exhausted: renumber the largest task id"))?;
    }
    Ok((out, late))
}

/// A person id as is; a role to its least-loaded person, counting the tasks
/// this plan has handed out already so a role's work is spread. A role nobody
/// holds goes to the least loaded of the organizers and co-organizers (a
/// helper's chore included: someone must bring the name tags), else anyone.
fn pick_owner<'g>(g: &'g Group, who: &str, load: &mut HashMap<&'g str, usize>) -> String {
    let least = |pool: &dyn Fn(&Person) -> bool, load: &HashMap<&str, usize>| {
        g.people
            .iter()
            .filter(|p| pool(p))
            .min_by_key(|p| load.get(p.id.value.as_str()).copied().unwrap_or(0))
    };
    let leads = |p: &Person| p.has_role("organizer") || p.has_role("co-organizer");
    let id = match g.person(who) {
        Some(p) => p.id.value.as_str(),
        None => match least(&|p| p.has_role(who), load)
            .or_else(|| least(&leads, load))
            .or_else(|| least(&|_| true, load))
        {
            Some(p) => p.id.value.as_str(),
            None => return who.to_string(),
        },
    };
    *load.entry(id).or_default() += 1;
    id.to_string()
}
