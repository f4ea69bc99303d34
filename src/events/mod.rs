//! The event domain: which event is next, which was last held, the group's
//! rhythm (`momentum`), when an event's mails fall (`timing`), how ready the
//! next one is (`readiness`), an event in one line (`summary`), and its life
//! cycle as pure decide → `Change` → apply functions (`change`). Commands,
//! the planner's callers and `mail` ask here; nothing here prints or reads
//! the clock. It stands on planner, tasks, agenda, model and schedule; only
//! `mail` and the commands above it use it (`tests/layers.rs` holds that).

use chrono::NaiveDateTime;

use crate::model::{Event, EventStatus, Group, Task};

pub mod change;
mod momentum;
pub mod readiness;
pub mod rsvp;
mod summary;
pub mod timing;

pub use change::{Change, EventEdits};
pub use momentum::{Momentum, momentum, over_warnings};
pub use readiness::{Readiness, When, readiness};
pub use summary::{EventSummary, days_to_go, summary};
pub use timing::{MailDates, MailKind, mail_dates};

/// The next event that has not ended and is not held or cancelled.
pub fn next_event(g: &Group, now: NaiveDateTime) -> Option<&Event> {
    g.events
        .iter()
        .filter(|e| e.status.is_live() && e.end(g.duration()) > now)
        .min_by_key(|e| e.start)
}

/// The most recent held event.
pub fn last_held(g: &Group, now: NaiveDateTime) -> Option<&Event> {
    g.events
        .iter()
        .filter(|e| e.status == EventStatus::Held && e.start <= now)
        .max_by_key(|e| e.start)
}

/// The open (and asked) tasks of event `id`, in file order.
pub fn open_tasks<'g>(g: &'g Group, id: &str) -> impl Iterator<Item = &'g Task> + Clone {
    g.tasks
        .iter()
        .filter(move |t| t.status.is_open() && t.event.as_ref().is_some_and(|x| x.value == id))
}
