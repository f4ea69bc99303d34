//! What a task carries when it changes hands: a new due date (`--due`), a
//! warning when it is already past, and the note a declined ask leaves.

use chrono::NaiveDate;

use super::change::{Dates, Value};
use super::display_name;
use crate::model::schema::task;
use crate::model::{Person, Task};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The `due` key for `--due`, when it moves the date.
pub(super) fn new_due(t: &Task, due: Option<NaiveDate>) -> Option<(&'static str, Value)> {
    due.filter(|d| t.due != Some(*d))
        .map(|d| (task::DUE, Value::Date(d)))
}

/// ", due Thu Dec 3", with the year when it is not this one.
pub(super) fn due_note(dates: Dates) -> String {
    dates
        .due
        .map(|d| format!(", due {}", super::view::day(d, dates.today)))
        .unwrap_or_default()
}

/// Handing on a task whose due date has passed: say so, and suggest one.
pub(super) fn past_due(t: &Task, dates: Dates, to: &Person) -> Option<String> {
    let (first, today) = (first_name(to), dates.today);
    match dates.due {
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
    crate::words::first_name(display_name(p)).unwrap_or(&p.id.value)
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
    if decline_notes(t).is_empty() {
        return None;
    }
    Some(match notes_without_declines(t) {
        None => (task::NOTES, Value::Remove),
        Some(kept) => (task::NOTES, text(&kept)),
    })
}

/// The notes split into the person's own text and the decline notes. A
/// decline note is the last sentence of a "; "-separated part.
fn split_notes(notes: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut kept, mut declines) = (Vec::new(), Vec::new());
    for part in notes.split("; ") {
        if !part.ends_with(DECLINED_NOTE) {
            kept.push(part);
            continue;
        }
        let cut = [". ", "! ", "? "]
            .iter()
            .filter_map(|p| part.rfind(p))
            .max();
        match cut {
            Some(i) => {
                kept.push(&part[..=i]);
                declines.push(&part[i + 2..]);
            }
            None => declines.push(part.trim()),
        }
    }
    (kept, declines)
}

/// The task's notes without the decline notes (which are for the owner):
/// what a message to someone asked to take the task should show.
pub fn notes_without_declines(t: &Task) -> Option<String> {
    let kept = split_notes(t.notes.as_deref()?).0.join("; ");
    (!kept.trim().is_empty()).then_some(kept)
}

/// The decline notes in a task's notes, for the view.
pub fn decline_notes(t: &Task) -> Vec<&str> {
    t.notes
        .as_deref()
        .map(|n| split_notes(n).1)
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
        let t = task(&with_decline(Some("call first."), "Bo"));
        assert_eq!(notes_without_declines(&t).as_deref(), Some("call first."));
        assert_eq!(clear_declines(&t), Some((task::NOTES, text("call first."))));
        let t = task(&with_decline(Some("x"), "Bo"));
        assert_eq!(clear_declines(&t), Some((task::NOTES, text("x"))));
        assert_eq!(decline_notes(&t), ["Bo declined: ask someone else"]);
        assert_eq!(clear_declines(&task("x")), None);
        let only = task("Bo declined: ask someone else");
        assert_eq!(clear_declines(&only), Some((task::NOTES, Value::Remove)));
    }
}
