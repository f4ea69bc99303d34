//! Each kind's subject line: specific, so a mail reads well in a list of
//! mails ("Tomorrow, 18:30: Talks night at Acme Hall", "Due Tue Dec 1:
//! Book the room"). Pure.

use super::context::{EventCtx, TaskCtx, ThanksCtx, and_list, one_line};
use crate::mail::{Due, Kind};
use crate::model::Group;

/// The subject line of a message: specific, so it reads well in a list of
/// mails. `tasks` are a nudge's tasks, `thanks` a thank-you's events.
pub fn subject(
    g: &Group,
    due: &Due,
    event: Option<&EventCtx>,
    tasks: &[TaskCtx],
    thanks: &[ThanksCtx],
) -> String {
    let at = |e: &EventCtx| match &e.venue {
        Some(v) => format!("{} at {}", e.title, v.name),
        None => e.title.clone(),
    };
    let s = match (due.kind, event, tasks) {
        (Kind::Announce, Some(e), _) => format!("{}: {}", e.date, at(e)),
        (Kind::Remind, Some(e), _) => match e.days_to_go {
            0 => format!("Today, {}: {}", e.start, at(e)),
            1 => format!("Tomorrow, {}: {}", e.start, at(e)),
            _ => format!("Reminder, {} {}: {}", e.date, e.start, at(e)),
        },
        (Kind::Change, Some(e), _) if !e.changes.is_empty() => {
            format!("Changed: {}: {}", e.title, e.changes.join("; "))
        }
        (Kind::Change, Some(e), _) => format!("Changed: now {} {}: {}", e.date, e.start, at(e)),
        (Kind::Cancel, Some(e), _) => format!("Cancelled: {}: {}", e.date, e.title),
        (Kind::Blocked, Some(e), _) => {
            format!("Not announced yet: {} on {}", e.title, e.date)
        }
        (Kind::Thanks, Some(_), _) if thanks.len() > 1 => format!(
            "Thank you! {}",
            and_list(
                &thanks
                    .iter()
                    .map(|t| format!("{} on {}", t.title, t.date))
                    .collect::<Vec<_>>()
            )
        ),
        (Kind::Thanks, Some(e), _) => format!("Thank you! {} on {}", e.title, e.date),
        (Kind::Nudge, _, [t]) => match (&t.due, t.overdue) {
            (Some(d), true) => format!("Overdue since {d}: {}", t.title),
            (Some(d), false) => format!("Due {d}: {}", t.title),
            (None, _) => format!("Task: {}", t.title),
        },
        (Kind::Nudge, _, [_, ..]) => {
            let overdue = tasks.iter().filter(|t| t.overdue).count();
            if overdue > 0 {
                format!(
                    "Your {} tasks for {} ({overdue} overdue)",
                    tasks.len(),
                    g.group.name
                )
            } else {
                format!("Your {} tasks for {}", tasks.len(), g.group.name)
            }
        }
        (Kind::Ask, _, [t, ..]) => format!("Would you take this on? {}", t.title),
        (Kind::Closed, Some(e), _) => format!("RSVPs are closed: {} on {}", e.title, e.date),
        (Kind::Closed, None, _) => format!("RSVPs are closed: {}", g.group.name),
        (Kind::Welcome, _, _) => format!("Welcome to {}", g.group.name),
        (Kind::Unsubscribed, _, _) => format!("You're unsubscribed from {}", g.group.name),
        (Kind::Confirm, _, _) => match due.reply.as_ref().and_then(|r| r.reason.as_deref()) {
            Some(what) => format!("Please confirm: {what}"),
            None => format!("Please confirm ({})", g.group.name),
        },
        (Kind::TaskDone, _, [t, ..]) => format!("Thank you! Done: {}", t.title),
        (Kind::Digest, _, _) => match due.items.len() {
            1 => format!("{}: 1 thing waits for an organizer", g.group.name),
            n => format!("{}: {n} things wait for an organizer", g.group.name),
        },
        _ => format!("{}: {}", g.group.name, due.kind.as_str()),
    };
    one_line(&s)
}

/// The subject of a talk mail: "Would you give a lightning talk at Django
/// NYC on Tue Dec 8?", "Thank you for your talk: Async views in practice".
pub fn talk_subject(
    g: &Group,
    kind: Kind,
    event: Option<&EventCtx>,
    t: &crate::mail::talks::TalkCtx,
) -> String {
    let s = match (kind, event) {
        (Kind::TalkAsk, Some(e)) => {
            format!(
                "Would you give a {} at {} on {}?",
                t.kind, g.group.name, e.date
            )
        }
        (Kind::TalkAsk, None) => format!("Would you give a {} at {}?", t.kind, g.group.name),
        _ if t.has_title => format!("Thank you for your talk: {}", t.title),
        _ => format!("Thank you for your {} at {}", t.kind, g.group.name),
    };
    one_line(&s)
}
