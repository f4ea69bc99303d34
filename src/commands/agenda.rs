//! `ug agenda`: an event's timetable with clock times and the overrun check,
//! as text, Markdown or HTML; and adding or removing one item.

use std::fmt;

use chrono::NaiveDateTime;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

use crate::agenda::{self as domain, AgendaView};
use crate::diag::nearest;
use crate::error::{Error, Result};
use crate::model::schema::{agenda_item, event, top};
use crate::model::{AgendaItem, AgendaKind, Event, Group, Spanned};
use crate::{Ctx, edit, render, words};

/// An event's agenda with clock times from its start, the total against the
/// event's length, and a warning when it runs over.
///
/// EVENT defaults to the next upcoming event. `--format markdown` and
/// `--format html` print a section to paste into an announcement or a web
/// page (HTML: a <h2> and a <table>, with everything from the file escaped).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// The event's id, e.g. 2026-12-08 [default: the next upcoming event]
    event: Option<String>,
    /// How to print the agenda
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A table for the terminal, with the total and any overrun
    Text,
    /// A Markdown heading and table
    Markdown,
    /// An HTML fragment: <h2>, when and where, <table>
    Html,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Add an item: `ug agenda add "Async views" --kind talk --minutes 30 --speaker samir`
    ///
    /// With --speaker (and no --at), the item fills the first open slot of its
    /// kind (a talk, lightning talk or tutorial with no speaker yet, such as
    /// "Talk 1 (open slot)"); it is added at the end only when there is none.
    Add {
        /// What happens, e.g. the talk's title
        title: String,
        /// welcome, talk, lightning, tutorial, break, social or hack
        #[arg(long)]
        kind: String,
        /// How long it takes
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: u32,
        /// The speaker's person id
        #[arg(long, value_name = "ID")]
        speaker: Option<String>,
        /// The event [default: the next upcoming event]
        #[arg(long, value_name = "ID")]
        event: Option<String>,
        /// Where it goes, 1 = first [default: at the end]
        #[arg(long, value_name = "POSITION", value_parser = clap::value_parser!(u32).range(1..))]
        at: Option<u32>,
    },
    /// Remove the item at POSITION (1 = first, as `ug agenda` numbers them)
    Remove {
        /// The item's number in `ug agenda`
        #[arg(value_parser = clap::value_parser!(u32).range(1..))]
        position: u32,
        /// The event [default: the next upcoming event]
        #[arg(long, value_name = "ID")]
        event: Option<String>,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => view(ctx, args.event.as_deref(), args.format),
        Some(Action::Add {
            title,
            kind,
            minutes,
            speaker,
            event,
            at,
        }) => add(
            ctx,
            NewItem {
                title,
                kind,
                minutes,
                speaker,
            },
            event.as_deref(),
            at,
        ),
        Some(Action::Remove { position, event }) => remove(ctx, position, event.as_deref()),
    }
}

/// The named event, or the next upcoming one.
fn target<'g>(g: &'g Group, id: Option<&str>, now: NaiveDateTime) -> Result<&'g Event> {
    super::event_or_next(
        g,
        id,
        now,
        "no upcoming event: nothing is planned",
        "plan the next meetup with `ug next-meetup`, or name a past one: `ug agenda EVENT` (`ug events` lists them)",
    )
}

fn view(ctx: &Ctx, id: Option<&str>, format: Format) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let view = domain::build(g, target(g, id, ctx.now(g))?);
    if ctx.json || format == Format::Text {
        return render::show(&view.display(ctx.out_style()), ctx.json);
    }
    match format {
        Format::Markdown => crate::write_document(&domain::markdown(&view)),
        _ => crate::write_document(&domain::html(&view)),
    }
    warn_overrun(ctx, &view);
    Ok(())
}

fn warn_overrun(ctx: &Ctx, view: &AgendaView) {
    if view.overrun {
        eprintln!("{}: {}", ctx.err_style().warning("warning"), view.summary());
    }
}

struct NewItem {
    title: String,
    kind: String,
    minutes: u32,
    speaker: Option<String>,
}

/// What `add` and `remove` did: the item's position and the agenda after the
/// edit. `--json` prints it; the text says it in a sentence, then the total.
#[derive(Debug, Serialize)]
struct Changed {
    position: usize,
    title: String,
    /// The open slot's title, when the item filled one instead of being added.
    #[serde(skip_serializing_if = "Option::is_none")]
    filled: Option<String>,
    /// The item was removed (not in the JSON: `remove` printed it without).
    #[serde(skip)]
    removed: bool,
    agenda: AgendaView,
}

/// `--kind`, in any case.
fn check_kind(kind: &str) -> Result<AgendaKind> {
    let k = kind.trim().to_ascii_lowercase();
    if let Some(kind) = AgendaKind::parse(&k) {
        return Ok(kind);
    }
    let mut msg = format!("unknown agenda kind `{kind}`");
    if let Some(n) = nearest(&k, AgendaKind::ALL) {
        msg.push_str(&format!("; did you mean `{n}`?"));
    }
    Err(Error::usage(
        msg,
        format!("kinds are {}", AgendaKind::ALL.join(", ")),
    ))
}

fn check_speaker<'g>(g: &'g Group, id: &str) -> Result<&'g str> {
    if let Some(p) = g.person(id) {
        return Ok(p.id.value.as_str());
    }
    let msg = format!(
        "unknown speaker `{id}`: --speaker takes a person id{}",
        crate::tasks::nearest_people(g, id, "people include")
    );
    Err(Error::failed_with(
        msg,
        "add the speaker to [[people]] first, with an id, name and email",
    ))
}

fn not_a_table(id: &str) -> Error {
    Error::failed_with(
        format!(
            "the agenda of event `{id}` is not written as [[events.agenda]] tables, so ug cannot edit it"
        ),
        "rewrite it as [[events.agenda]] sections under the event, or edit it by hand",
    )
}

fn add(ctx: &Ctx, new: NewItem, event: Option<&str>, at: Option<u32>) -> Result<()> {
    let title = new.title.trim().to_string();
    if title.is_empty() || title.chars().any(char::is_control) {
        return Err(Error::usage(
            "the agenda item's title must be one non-empty line",
            "e.g. ug agenda add \"Async views in practice\" --kind talk --minutes 30",
        ));
    }
    let kind = check_kind(&new.kind)?;
    let changed = ctx.edit(|e| {
        let g = e.group;
        let ev = target(g, event, ctx.now(g))?;
        let speaker = new
            .speaker
            .as_deref()
            .map(|s| check_speaker(g, s))
            .transpose()?;
        let item = AgendaItem {
            title: title.clone(),
            kind: Some(kind),
            minutes: new.minutes,
            speaker: speaker.map(|s| Spanned::new(s.to_string(), None)),
            span: None,
        };
        // A speaker fills the first open slot of the kind ("Talk 1 (open
        // slot)"), rather than adding a talk after it and running over.
        let open = ev
            .agenda
            .iter()
            .position(|a| domain::is_open_slot(a) && a.kind == Some(kind));
        match (speaker, open, at) {
            (Some(_), Some(i), None) => fill_slot(e.doc, g, ev, i, item),
            _ => insert(e.doc, g, ev, at, item),
        }
    })?;
    report(ctx, &changed)
}

/// The `[[events]]` table of `ev` in the document.
fn event_table<'d>(doc: &'d mut DocumentMut, ev: &Event) -> Result<&'d mut toml_edit::Table> {
    edit::find_mut(
        doc,
        top::EVENTS,
        event::ID,
        &Value::from(ev.id.value.as_str()),
    )
    .ok_or_else(|| not_a_table(&ev.id.value))
}

/// Puts `new` in place of the open slot at `i`: its title, minutes and speaker.
fn fill_slot(
    doc: &mut DocumentMut,
    g: &Group,
    ev: &Event,
    i: usize,
    new: AgendaItem,
) -> Result<Changed> {
    let len = ev.agenda.len();
    let table = event_table(doc, ev)?;
    let item = table
        .get_mut(event::AGENDA)
        .and_then(Item::as_array_of_tables_mut)
        .filter(|a| a.len() == len)
        .and_then(|a| a.get_mut(i))
        .ok_or_else(|| not_a_table(&ev.id.value))?;
    edit::set(item, agenda_item::TITLE, new.title.as_str());
    edit::set(item, agenda_item::MINUTES, i64::from(new.minutes));
    if let Some(s) = &new.speaker {
        edit::set(item, agenda_item::SPEAKER, s.value.as_str());
    }
    let mut after = ev.clone();
    let slot = &mut after.agenda[i];
    let filled = std::mem::replace(&mut slot.title, new.title.clone());
    slot.minutes = new.minutes;
    slot.speaker = new.speaker;
    Ok(Changed {
        position: i + 1,
        title: new.title,
        filled: Some(filled),
        removed: false,
        agenda: domain::build(g, &after),
    })
}

/// Adds `new` as a new `[[events.agenda]]` table at `--at` (1-based), else at the end.
fn insert(
    doc: &mut DocumentMut,
    g: &Group,
    ev: &Event,
    at: Option<u32>,
    new: AgendaItem,
) -> Result<Changed> {
    let len = ev.agenda.len();
    let position = at.map_or(len + 1, |n| n as usize);
    if position > len + 1 {
        return Err(Error::failed_with(
            format!(
                "--at {position} is past the end: the agenda of `{}` has {}",
                ev.id.value,
                words::plural(len as i64, "item")
            ),
            format!(
                "use --at 1 to --at {}, or leave --at out to add it at the end",
                len + 1
            ),
        ));
    }
    let mut t = toml_edit::Table::new();
    t.insert(agenda_item::TITLE, toml_edit::value(new.title.as_str()));
    if let Some(k) = new.kind {
        t.insert(agenda_item::KIND, toml_edit::value(k.as_str()));
    }
    t.insert(
        agenda_item::MINUTES,
        toml_edit::value(i64::from(new.minutes)),
    );
    if let Some(s) = &new.speaker {
        t.insert(agenda_item::SPEAKER, toml_edit::value(s.value.as_str()));
    }
    let table = event_table(doc, ev)?;
    let agenda = domain::agenda_mut(table).ok_or_else(|| not_a_table(&ev.id.value))?;
    if agenda.len() != len {
        return Err(not_a_table(&ev.id.value));
    }
    domain::insert_item(agenda, position - 1, t);
    let mut after = ev.clone();
    let title = new.title.clone();
    after.agenda.insert(position - 1, new);
    Ok(Changed {
        position,
        title,
        filled: None,
        removed: false,
        agenda: domain::build(g, &after),
    })
}

fn remove(ctx: &Ctx, position: u32, event: Option<&str>) -> Result<()> {
    let position = position as usize;
    let changed = ctx.edit(|e| {
        let g = e.group;
        let ev = target(g, event, ctx.now(g))?;
        let len = ev.agenda.len();
        if position > len {
            let msg = format!(
                "there is no item {position}: the agenda of `{}` has {}",
                ev.id.value,
                words::plural(len as i64, "item")
            );
            return Err(Error::failed_with(
                msg,
                format!("`ug agenda {}` numbers the items", ev.id.value),
            ));
        }
        let table = event_table(e.doc, ev)?;
        let agenda = table
            .get_mut(event::AGENDA)
            .and_then(Item::as_array_of_tables_mut)
            .ok_or_else(|| not_a_table(&ev.id.value))?;
        if agenda.len() != len {
            return Err(not_a_table(&ev.id.value));
        }
        domain::remove_item(agenda, position - 1);
        if agenda.is_empty() {
            edit::remove(table, event::AGENDA);
        }
        let mut after = ev.clone();
        let gone = after.agenda.remove(position - 1);
        Ok(Changed {
            position,
            title: gone.title,
            filled: None,
            removed: true,
            agenda: domain::build(g, &after),
        })
    })?;
    report(ctx, &changed)
}

/// What an edit did, then the total; an overrun is a warning on stderr.
fn report(ctx: &Ctx, changed: &Changed) -> Result<()> {
    render::show(changed, ctx.json)?;
    if !ctx.json && changed.agenda.overrun {
        warn_overrun(ctx, &changed.agenda);
    }
    Ok(())
}

impl fmt::Display for Changed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.agenda;
        match (&self.filled, self.removed) {
            (_, true) => writeln!(
                f,
                "Removed item {} (\"{}\") from {} ({}).",
                self.position, self.title, v.title, v.event
            )?,
            (Some(open), false) => {
                let slot = &v.items[self.position - 1];
                writeln!(
                    f,
                    "Filled item {} of {} ({}), \"{open}\", with \"{}\" by {}, {}–{}.",
                    self.position,
                    v.title,
                    v.event,
                    self.title,
                    slot.speaker_name.as_deref().unwrap_or(""),
                    slot.start.format("%H:%M"),
                    slot.end.format("%H:%M")
                )?;
            }
            (None, false) => {
                let slot = &v.items[self.position - 1];
                writeln!(
                    f,
                    "Added \"{}\" to {} ({}) as item {} of {}, {}–{}.",
                    self.title,
                    v.title,
                    v.event,
                    self.position,
                    v.items.len(),
                    slot.start.format("%H:%M"),
                    slot.end.format("%H:%M")
                )?;
            }
        }
        if !v.overrun {
            writeln!(f, "{}.", v.summary())?;
        }
        Ok(())
    }
}
