//! An event's agenda as a timetable: clock times from the event's start, the
//! total against the event's length, and its renderings (text, Markdown, HTML).
//! Also the two `[[events.agenda]]` edits, which keep the rest of the file as written.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDateTime};
use comfy_table::{CellAlignment, Table, presets};
use serde::{Serialize, Serializer};
use toml_edit::{ArrayOfTables, Item};

use crate::model::{AgendaItem, AgendaKind, Event, Group, Minutes, schema};
use crate::term::Style;

/// A talk, lightning talk or tutorial.
pub fn is_talk(item: &AgendaItem) -> bool {
    item.kind.is_some_and(AgendaKind::is_talk)
}

/// An open slot: a talk-like item with no speaker yet, such as the planner's
/// "Talk 1 (open slot)". Readiness counts them, `ug agenda add --speaker`
/// fills the first of its kind, and members should never see one.
pub fn is_open_slot(item: &AgendaItem) -> bool {
    is_talk(item) && item.speaker.is_none()
}

/// One event's agenda, timed. Serializes as `ug agenda --json`.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaView {
    /// The event's id.
    pub event: String,
    pub title: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// The venue's name (its id when the venue is unknown).
    pub venue: Option<String>,
    pub duration_minutes: u32,
    pub total_minutes: u32,
    /// The items take longer than the event.
    pub overrun: bool,
    /// How many minutes over (0 when it fits).
    pub over_minutes: u32,
    /// How many minutes are left unplanned (0 when it overruns).
    pub free_minutes: u32,
    pub items: Vec<Slot>,
}

/// One agenda item with its clock times (`"18:30"` in JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    /// 1-based, as `ug agenda add --at` and `ug agenda remove` count.
    pub position: usize,
    #[serde(serialize_with = "hhmm")]
    pub start: NaiveDateTime,
    #[serde(serialize_with = "hhmm")]
    pub end: NaiveDateTime,
    pub minutes: u32,
    pub kind: Option<AgendaKind>,
    pub title: String,
    /// The speaker's person id.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
}

/// The slot's kind as written in the file; empty when it has none.
fn kind_text(s: &Slot) -> &'static str {
    s.kind.map_or("", AgendaKind::as_str)
}

fn hhmm<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format("%H:%M"))
}

/// Times every item of `e` from its start, and sums them against its duration
/// (the event's own, else the schedule's).
pub fn build(g: &Group, e: &Event) -> AgendaView {
    let duration = e.duration.unwrap_or_else(|| g.duration()).0;
    let mut at = e.start;
    let mut items = Vec::with_capacity(e.agenda.len());
    for (i, item) in e.agenda.iter().enumerate() {
        let end = at + Duration::minutes(i64::from(item.minutes));
        let speaker = item.speaker.as_ref().map(|s| s.value.clone());
        let speaker_name = speaker
            .as_deref()
            .map(|id| g.person(id).map_or(id, |p| p.name.as_str()).to_string());
        items.push(Slot {
            position: i + 1,
            start: at,
            end,
            minutes: item.minutes,
            kind: item.kind,
            title: item.title.clone(),
            speaker,
            speaker_name,
        });
        at = end;
    }
    let total: u32 = e
        .agenda
        .iter()
        .map(|i| i.minutes)
        .fold(0, u32::saturating_add);
    AgendaView {
        event: e.id.value.clone(),
        title: e.title.clone(),
        start: e.start,
        end: e.start + Duration::minutes(i64::from(duration)),
        venue: e.venue.as_ref().map(|v| {
            g.venue(v)
                .map_or_else(|| v.value.clone(), |v| v.name.clone())
        }),
        duration_minutes: duration,
        total_minutes: total,
        overrun: total > duration,
        over_minutes: total.saturating_sub(duration),
        free_minutes: duration.saturating_sub(total),
        items,
    }
}

impl AgendaView {
    /// "Tue Dec 8 2026, 18:30–21:00 · Lakeview Analytics"
    pub fn when_where(&self) -> String {
        let mut s = format!(
            "{}–{}",
            self.start.format("%a %b %-d %Y, %H:%M"),
            self.end.format("%H:%M")
        );
        if let Some(v) = &self.venue {
            s.push_str(" · ");
            s.push_str(v);
        }
        s
    }

    /// The total against the duration, in one sentence (no warning label).
    pub fn summary(&self) -> String {
        let (total, length) = (Minutes(self.total_minutes), Minutes(self.duration_minutes));
        let last = self.items.last().map_or(self.start, |s| s.end);
        if self.overrun {
            format!(
                "the agenda runs {} over: {total} planned for a {length} event, ending at {} instead of {}",
                crate::words::plural(self.over_minutes, "minute"),
                last.format("%H:%M"),
                self.end.format("%H:%M")
            )
        } else if self.free_minutes > 0 {
            format!(
                "Total {total} of {length}: {} free ({}–{})",
                crate::words::plural(self.free_minutes, "minute"),
                last.format("%H:%M"),
                self.end.format("%H:%M")
            )
        } else {
            format!("Total {total} of {length}: the agenda fills the event exactly")
        }
    }
}

/// The agenda for a terminal (`Display`) or as `--json` (`Serialize`).
#[derive(Serialize)]
#[serde(transparent)]
pub struct Text<'a> {
    view: &'a AgendaView,
    #[serde(skip)]
    style: Style,
}

impl AgendaView {
    pub fn display(&self, style: Style) -> Text<'_> {
        Text { view: self, style }
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text(self.view, self.style))
    }
}

/// The agenda for a terminal: a heading, one row per item, the total.
fn text(v: &AgendaView, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", style.bold(&v.title), v.event);
    let _ = writeln!(out, "{}", v.when_where());
    let _ = writeln!(out);
    if v.items.is_empty() {
        let _ = writeln!(
            out,
            "No agenda yet: add items with `ug agenda add TITLE --kind K --minutes N --event {}`.",
            v.event
        );
        return out;
    }
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_header(vec!["#", "Time", "Kind", "Title", "Speaker", "Min"]);
    for s in &v.items {
        t.add_row(vec![
            s.position.to_string(),
            format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M")),
            kind_text(s).to_string(),
            s.title.clone(),
            s.speaker_name.clone().unwrap_or_default(),
            s.minutes.to_string(),
        ]);
    }
    for i in [0, 5] {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    for line in t.lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out);
    if v.overrun {
        let _ = writeln!(out, "{}: {}", style.warning("warning"), v.summary());
        let _ = writeln!(
            out,
            "  shorten an item, or drop one with `ug agenda remove POSITION --event {}`",
            v.event
        );
    } else {
        let _ = writeln!(out, "{}.", v.summary());
    }
    out
}

/// Escapes text for Markdown: every punctuation character that could start
/// markup (including `<`, so no raw HTML gets through), and table pipes.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The agenda as a Markdown section: a heading, when and where, a table.
pub fn markdown(v: &AgendaView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", escape_markdown(&v.title));
    let _ = writeln!(out, "{}\n", escape_markdown(&v.when_where()));
    if v.items.is_empty() {
        let _ = writeln!(out, "*Agenda to be announced.*");
        return out;
    }
    let _ = writeln!(out, "| Time | Kind | Title | Speaker | Minutes |");
    let _ = writeln!(out, "|---|---|---|---|--:|");
    for s in &v.items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.start.format("%H:%M"),
            escape_markdown(kind_text(s)),
            escape_markdown(&s.title),
            escape_markdown(s.speaker_name.as_deref().unwrap_or("")),
            s.minutes
        );
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The agenda as a standalone HTML fragment: an `<h2>`, when and where, a
/// `<table>`. Everything that came from the file is escaped.
pub fn html(v: &AgendaView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<section class=\"agenda\">");
    let _ = writeln!(out, "<h2>{}</h2>", escape_html(&v.title));
    let _ = writeln!(out, "<p>{}</p>", escape_html(&v.when_where()));
    if v.items.is_empty() {
        let _ = writeln!(out, "<p>Agenda to be announced.</p>");
    } else {
        let _ = writeln!(out, "<table>");
        let _ = writeln!(
            out,
            "<thead><tr><th>Time</th><th>Kind</th><th>Title</th><th>Speaker</th><th>Minutes</th></tr></thead>"
        );
        let _ = writeln!(out, "<tbody>");
        for s in &v.items {
            let kind = escape_html(kind_text(s));
            let _ = writeln!(
                out,
                "<tr class=\"kind-{kind}\"><td>{}</td><td>{kind}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.start.format("%H:%M"),
                escape_html(&s.title),
                escape_html(s.speaker_name.as_deref().unwrap_or("")),
                s.minutes
            );
        }
        let _ = writeln!(out, "</tbody>");
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(out, "</section>");
    out
}

/// Inserts `item` into an event's agenda at `index` (0-based; `len` appends).
///
/// toml_edit writes a new table right after the table before it in the file,
/// so only the new item's lines appear in `git diff`. Spacing follows the
/// file: the first item keeps the blank line (or comment) that separates the
/// agenda from the event's keys, later items use the spacing between items.
pub fn insert_item(agenda: &mut ArrayOfTables, index: usize, mut item: toml_edit::Table) {
    let index = index.min(agenda.len());
    let between = agenda
        .get(1)
        .map_or(String::new(), |t| blank_lines(prefix(t)));
    if index == 0 {
        match agenda.get_mut(0) {
            Some(first) => {
                let lead = prefix(first).to_string();
                first.decor_mut().set_prefix(between);
                item.decor_mut().set_prefix(lead);
            }
            None => item.decor_mut().set_prefix("\n"),
        }
    } else {
        item.decor_mut().set_prefix(between);
    }
    agenda.insert(index, item);
}

/// Removes the item at `index` (0-based) and returns it. Removing the first
/// item hands its leading blank line or comment on to the new first item.
pub fn remove_item(agenda: &mut ArrayOfTables, index: usize) -> toml_edit::Table {
    let removed = agenda.remove(index);
    if index == 0
        && let Some(first) = agenda.get_mut(0)
    {
        first.decor_mut().set_prefix(prefix(&removed).to_string());
    }
    removed
}

/// The agenda array of an event table, created (empty) when missing; `None`
/// when the event writes `agenda` some other way (an inline array).
pub fn agenda_mut(event: &mut toml_edit::Table) -> Option<&mut ArrayOfTables> {
    if !event.contains_key(schema::event::AGENDA) {
        event.insert(
            schema::event::AGENDA,
            Item::ArrayOfTables(ArrayOfTables::new()),
        );
    }
    event
        .get_mut(schema::event::AGENDA)
        .and_then(Item::as_array_of_tables_mut)
}

fn prefix(t: &toml_edit::Table) -> &str {
    t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("")
}

/// Only the blank lines of a prefix: a comment above one item is not copied to another.
fn blank_lines(p: &str) -> String {
    if p.lines().any(|l| !l.trim().is_empty()) || !p.contains('\n') {
        if p.starts_with('\n') {
            "\n".into()
        } else {
            String::new()
        }
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml_edit::DocumentMut;

    const DOC: &str = "[[events]]\nid = \"a\"\n\n[[events.agenda]]\ntitle = \"One\"\nminutes = 10\n[[events.agenda]]\ntitle = \"Two\"\nminutes = 20\n\n# next\n[[events]]\nid = \"b\"\n";

    fn item(title: &str) -> toml_edit::Table {
        let mut t = toml_edit::Table::new();
        t.insert("title", toml_edit::value(title));
        t.insert("minutes", toml_edit::value(5));
        t
    }

    /// The agenda of the document's first event.
    fn first_agenda(doc: &mut DocumentMut) -> &mut ArrayOfTables {
        let events = doc["events"].as_array_of_tables_mut().unwrap();
        agenda_mut(events.get_mut(0).unwrap()).unwrap()
    }

    fn edit(at: usize) -> String {
        let mut doc: DocumentMut = DOC.parse().unwrap();
        insert_item(first_agenda(&mut doc), at, item("New"));
        doc.to_string()
    }

    #[test]
    fn inserts_where_asked_and_nowhere_else() {
        let new = "[[events.agenda]]\ntitle = \"New\"\nminutes = 5\n";
        let one = "[[events.agenda]]\ntitle = \"One\"\nminutes = 10\n";
        let two = "[[events.agenda]]\ntitle = \"Two\"\nminutes = 20\n";
        let head = "[[events]]\nid = \"a\"\n\n";
        let tail = "\n# next\n[[events]]\nid = \"b\"\n";
        assert_eq!(edit(0), format!("{head}{new}{one}{two}{tail}"));
        assert_eq!(edit(1), format!("{head}{one}{new}{two}{tail}"));
        assert_eq!(edit(2), format!("{head}{one}{two}{new}{tail}"));
    }

    #[test]
    fn first_item_of_an_empty_agenda_follows_a_blank_line() {
        let mut doc: DocumentMut = "[[events]]\nid = \"a\"\n\n[[events]]\nid = \"b\"\n"
            .parse()
            .unwrap();
        insert_item(first_agenda(&mut doc), 0, item("New"));
        assert_eq!(
            doc.to_string(),
            "[[events]]\nid = \"a\"\n\n[[events.agenda]]\ntitle = \"New\"\nminutes = 5\n\n[[events]]\nid = \"b\"\n"
        );
    }

    #[test]
    fn removing_the_first_item_keeps_the_spacing() {
        let mut doc: DocumentMut = DOC.parse().unwrap();
        let gone = remove_item(first_agenda(&mut doc), 0);
        assert_eq!(gone["title"].as_str(), Some("One"));
        assert_eq!(
            doc.to_string(),
            DOC.replace("[[events.agenda]]\ntitle = \"One\"\nminutes = 10\n", "")
        );
    }

    #[test]
    fn escapes() {
        let hostile = "<script>alert(\"x\")</script> & co's";
        assert_eq!(
            escape_html(hostile),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co&#39;s"
        );
        assert_eq!(escape_markdown("a|b <i>"), "a\\|b \\<i\\>");
    }

    #[test]
    fn blank_lines_never_copy_comments() {
        assert_eq!(blank_lines("\n# about the talk\n"), "\n");
        assert_eq!(blank_lines("# about the talk\n"), "");
        assert_eq!(blank_lines("\n"), "\n");
        assert_eq!(blank_lines(""), "");
    }
}
