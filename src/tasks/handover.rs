//! What a task carries when it changes hands: a new due date (`--due`), a
//! warning when it is already past, and the note a declined ask leaves.

use chrono::NaiveDate;

use super::change::Value;
use super::display_name;
use crate::model::{Person, Task};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The `due` key for `--due`, when it moves the date.
pub(super) fn new_due(t: &Task, due: Option<NaiveDate>) -> Option<(&'static str, Value)> {
    due.filter(|d| t.due != Some(*d))
        .map(|d| ("due", Value::Date(d)))
}

pub(super) fn due_note(due: Option<NaiveDate>) -> String {
    due.map(|d| format!(", due {}", d.format("%a %b %-d")))
        .unwrap_or_default()
}

/// Handing on a task whose due date has passed: say so, and suggest one.
pub(super) fn past_due(
    t: &Task,
    due: Option<NaiveDate>,
    today: NaiveDate,
    to: &Person,
) -> Option<String> {
    let first = first_name(to);
    match due {
        Some(d) if d < today => Some(format!(
            "the new due date of task {}, {d}, is already past ({}): pass --due +7d to give {first} time",
            t.id.value,
            ago(today, d)
        )),
        Some(_) => None,
        None => t.due.filter(|d| *d < today).map(|d| {
            format!(
                "task {} was due {d}, {}: pass --due +7d to give {first} time",
                t.id.value,
                ago(today, d)
            )
        }),
    }
}

/// "yesterday", "5 days ago" (for a date before `today`).
fn ago(today: NaiveDate, d: NaiveDate) -> String {
    crate::words::days_from_today((d - today).num_days())
}

/// How a person is addressed in a note: the first word of their name.
pub fn first_name(p: &Person) -> &str {
    display_name(p)
        .split_whitespace()
        .next()
        .unwrap_or(&p.id.value)
}

/// The note a decline leaves on the task: "Marta declined: ask someone else".
pub const DECLINED_NOTE: &str = " declined: ask someone else";

/// The task's notes with a decline note added (once).
pub(super) fn with_decline(notes: Option<&str>, first: &str) -> String {
    let note = format!("{first}{DECLINED_NOTE}");
    match notes.map(str::trim).filter(|n| !n.is_empty()) {
        None => note,
        Some(n) if n.split("; ").any(|part| part == note) => n.to_string(),
        Some(n) if n.ends_with(['.', '!', '?', ';']) => format!("{n} {note}"),
        Some(n) => format!("{n}; {note}"),
    }
}

/// Once someone takes the task, the decline notes are history: remove them.
pub(super) fn clear_declines(t: &Task) -> Option<(&'static str, Value)> {
    let notes = t.notes.as_deref()?;
    let kept: Vec<&str> = notes
        .split("; ")
        .filter(|part| !part.ends_with(DECLINED_NOTE))
        .collect();
    if kept.len() == notes.split("; ").count() {
        return None;
    }
    let kept = kept.join("; ");
    Some(if kept.trim().is_empty() {
        ("notes", Value::Remove)
    } else {
        ("notes", text(&kept))
    })
}

/// The decline notes in a task's notes, for the view.
pub fn decline_notes(t: &Task) -> Vec<&str> {
    t.notes
        .as_deref()
        .map(|n| {
            n.split("; ")
                .map(|p| p.trim_start().trim_end_matches('.'))
                .filter(|p| p.ends_with(DECLINED_NOTE))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(notes: &str) -> Task {
        let doc = format!("[[tasks]]\nid = 1\ntitle = \"T\"\nnotes = \"{notes}\"\n");
        let g = crate::model::from_document(&toml_edit::Document::parse(&doc).unwrap()).0;
        g.tasks[0].clone()
    }

    #[test]
    fn decline_notes_are_added_once_and_cleared_when_taken() {
        assert_eq!(with_decline(None, "Bo"), "Bo declined: ask someone else");
        assert_eq!(
            with_decline(Some("call first."), "Bo"),
            "call first. Bo declined: ask someone else"
        );
        let twice = with_decline(Some("x; Bo declined: ask someone else"), "Bo");
        assert_eq!(twice, "x; Bo declined: ask someone else");
        let t = task(&with_decline(Some("x"), "Bo"));
        assert_eq!(clear_declines(&t), Some(("notes", text("x"))));
        assert_eq!(decline_notes(&t), ["Bo declined: ask someone else"]);
        assert_eq!(clear_declines(&task("x")), None);
        let only = task("Bo declined: ask someone else");
        assert_eq!(clear_declines(&only), Some(("notes", Value::Remove)));
    }
}
