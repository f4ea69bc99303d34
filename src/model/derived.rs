//! Facts ug derives from the model alone, shared by the layers above it (the
//! validator, tasks, the planner, events): where week-counting rules count
//! from, the formats with a built-in agenda, and the built-in venue task
//! whose completion confirms an event.

use chrono::NaiveDate;

use super::{ChecklistItem, Confirms, Group, Venue};

/// The anchor week-counting rules count from: `since`, else the first event.
pub fn anchor(g: &Group) -> Option<NaiveDate> {
    g.schedule
        .as_ref()
        .and_then(|s| s.since)
        .or_else(|| g.events.iter().map(|e| e.start.date()).min())
}

/// The built-in venue task's title, before its placeholders are filled.
pub const VENUE_TASK: &str = "Confirm {venue} with {contact}";

/// What a `[[checklist]]` item's task confirms when done: its `confirms`,
/// or the venue for an item titled like the built-in venue task.
pub fn item_confirms(c: &ChecklistItem) -> Option<Confirms> {
    c.confirms
        .or((c.title == VENUE_TASK).then_some(Confirms::Venue))
}

/// The name the venue's tasks use for its contact.
fn contact_name<'g>(g: &'g Group, v: &'g Venue) -> Option<&'g str> {
    v.contact
        .as_ref()
        .and_then(|c| g.person(c))
        .map(|p| p.name.as_str())
}

/// A checklist title with `{venue}` and `{contact}` filled for `v`.
pub fn fill_venue(title: &str, g: &Group, v: Option<&Venue>) -> String {
    title
        .replace("{venue}", v.map_or("", |v| v.name.as_str()))
        .replace(
            "{contact}",
            v.and_then(|v| contact_name(g, v))
                .unwrap_or("the venue's contact"),
        )
}

/// The title of the built-in venue task for `v`: "Confirm Acme with Jane".
pub fn venue_task_title(g: &Group, v: &Venue) -> String {
    fill_venue(VENUE_TASK, g, Some(v))
}
