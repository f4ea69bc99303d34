//! `ug next-meetup`: plan the next meetup from the schedule, or, when one is
//! already coming up, say how ready it is.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::change::{self as event_change, EventEdits};
use crate::events::{Readiness, readiness};
use crate::model::Group;
use crate::planner::{self, Overrides, Plan};
use crate::term::Style;
use crate::{Ctx, render};

/// Plan the next meetup, or show how ready the upcoming one is.
///
/// With no upcoming event: picks the first date on the schedule from today
/// that has no event and is not skipped, the next format in the rotation, a
/// venue free that day with room for the expected attendance (used least
/// recently), the in-kind sponsor used least recently, an agenda skeleton,
/// and the checklist's tasks, each delegated with a due date. Prints the plan
/// and writes it (asking first on a terminal, unless --yes). Then accepted
/// talks fill the agenda's open slots, oldest first, kind matching kind (a
/// lightning slot takes only a lightning talk; `ug talks` lists them).
/// With an upcoming event: prints its readiness instead.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan the one after the last planned event, even if one is upcoming
    #[arg(long)]
    new: bool,
    /// Show the plan; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Plan this date (YYYY-MM-DD) instead of the schedule's next one
    #[arg(long, value_name = "DATE", value_parser = event_change::parse_date)]
    date: Option<NaiveDate>,
    /// Use this venue id. With an event already coming up (and no --new or
    /// --date): move that event there, as `ug events edit ID --venue` does
    #[arg(long, value_name = "ID")]
    venue: Option<String>,
    /// Use this format (e.g. talks, lightning, hack-night, social); with an
    /// event already coming up, change its format, as `ug events edit ID --format` does
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let now = ctx.now(g);
    if let Some(d) = args.date {
        // Before anything is printed: the same answer with and without --dry-run.
        crate::events::change::check_date(d, now.date(), "--date")?;
    }
    let overrides = Overrides {
        date: args.date,
        venue: args.venue,
        format: args.format,
        after_last: args.new,
    };
    let planning = args.new || overrides.date.is_some();
    if !planning && let Some(e) = crate::events::next_event(g, now) {
        let sent = crate::mail::log::read_keys(&crate::mail::log::path_for(&loaded.location.path))?;
        let edits = EventEdits {
            venue: overrides.venue.clone(),
            format: overrides.format.clone(),
            ..EventEdits::default()
        };
        if edits.is_empty() {
            let r = readiness(g, e, now).with_sent(&crate::mail::log::was_sent(&sent));
            return render::show(&Sorted(&UpcomingView::new(&r, ctx.out_style())), ctx.json);
        }
        return edit_upcoming(ctx, e, &edits, args.dry_run, &sent);
    }
    let plan = planner::plan(g, now, &overrides)?;
    if overrides.date.is_none() {
        // A plan that prints is a plan that can be written (its tasks' dates too).
        event_change::check_date(plan.start.date(), now.date(), "the schedule's next date")?;
    }
    let write = !args.dry_run;
    // On stderr, where a warning is seen even when the plan is piped or --json.
    for w in &plan.warnings {
        eprintln!("{}: {w}", ctx.err_style().warning("warning"));
    }
    let view = PlanView {
        planned: true,
        written: write,
        plan: &plan,
        group: g,
        style: ctx.out_style(),
    };
    render::show(&Sorted(&view), ctx.json)?;
    if !write {
        if !ctx.json {
            crate::outln!("\n(dry run: nothing written)");
        }
        return Ok(());
    }
    crate::commands::confirm(
        ctx,
        &format!(
            "Add this event and {} to {}?",
            crate::words::plural(plan.tasks.len() as i64, "task"),
            loaded.location.display
        ),
    )?;
    self::write(ctx, &loaded.location.display, &plan, &overrides)?;
    for f in crate::commands::talks::fill(ctx, false)? {
        // With --json, stdout holds the plan alone: the news goes to stderr.
        if ctx.json {
            eprintln!("Filled: {f}");
        } else {
            crate::outln!("Filled: {f}");
        }
    }
    if !ctx.json {
        crate::outln!(
            "\nAdded event {} and {} to {}. Next: `ug remind` sends the announcement when it is due.",
            plan.id,
            crate::words::plural(plan.tasks.len() as i64, "task"),
            loaded.location.display
        );
    }
    Ok(())
}

/// Writes `plan` (`ug next-meetup`, `ug daily`), planning again under the
/// lock: if the file changed since, the plan may differ (a conflict, nothing
/// written), and an event planned meanwhile is never planned twice.
pub fn write(ctx: &Ctx, display: &str, plan: &Plan, overrides: &Overrides) -> Result<()> {
    ctx.edit_confirmed(|e| {
        let again = planner::plan(e.group, ctx.now(e.group), overrides)?;
        if again.id != plan.id || again.tasks != plan.tasks || again.venue != plan.venue {
            return Err(Error::Conflict {
                path: display.to_string(),
            });
        }
        event_change::write_plan(e.doc, plan)
    })
}

/// `--venue`/`--format` while an event is already coming up: applied to that
/// event, as `ug events edit ID --venue X` would (never silently ignored);
/// `--new` plans another event instead.
fn edit_upcoming(
    ctx: &Ctx,
    e: &crate::model::Event,
    edits: &EventEdits,
    dry_run: bool,
    sent: &std::collections::HashSet<String>,
) -> Result<()> {
    let id = e.id.value.clone();
    let change = if dry_run {
        let g = &ctx.load()?.group;
        let heard = crate::mail::log::change_heard(sent, &e.id.value, e.sequence);
        event_change::decide_edit(g, e, edits, ctx.now(g), heard)?
    } else {
        ctx.edit(|doc| {
            let g = doc.group;
            let ev = crate::commands::find_event(g, &id)?;
            let heard = crate::mail::log::change_heard(sent, &ev.id.value, ev.sequence);
            let c = event_change::decide_edit(g, ev, edits, ctx.now(g), heard)?;
            event_change::apply(doc.doc, &c)?;
            Ok(c)
        })?
    };
    let after = ctx.load()?;
    let g = &after.group;
    let r = crate::commands::find_event(g, &id)
        .ok()
        .map(|ev| readiness(g, ev, ctx.now(g)).with_sent(&crate::mail::log::was_sent(sent)));
    let view = EditedView {
        edited: &change,
        planned: false,
        readiness: r.as_ref(),
        written: !dry_run,
        id: &id,
        style: ctx.out_style(),
    };
    render::show(&Sorted(&view), ctx.json)
}

/// An upcoming event changed by `next-meetup --date/--venue/--format` (as
/// `ug events edit` would), then its readiness; with `--json`
/// `{edited, planned: false, readiness, written}`.
#[derive(Serialize)]
struct EditedView<'a> {
    edited: &'a event_change::Change,
    planned: bool,
    readiness: Option<&'a Readiness>,
    written: bool,
    #[serde(skip)]
    id: &'a str,
    #[serde(skip)]
    style: Style,
}

impl fmt::Display for EditedView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}) is already coming up: changing it, as `ug events edit {}` does (`--new` plans another one).",
            self.edited.title, self.id, self.id
        )?;
        f.write_str(&self.edited.describe(self.style))?;
        if !self.written {
            writeln!(f, "(dry run: nothing written)")?;
        } else if let Some(r) = self.readiness {
            writeln!(f)?;
            write!(f, "{}", UpcomingView::new(r, self.style))?;
        }
        Ok(())
    }
}

/// A view whose JSON keys come in alphabetical order, as `ug next-meetup
/// --json` has always printed them (it went through `serde_json::Value`).
struct Sorted<'a, V>(&'a V);

impl<V: Serialize> Serialize for Sorted<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        serde_json::to_value(self.0)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }
}

impl<V: fmt::Display> fmt::Display for Sorted<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `", text"` when there is text: the optional parts of a line.
fn opt(prefix: &str, text: Option<&str>) -> String {
    text.map(|t| format!("{prefix}{t}")).unwrap_or_default()
}

/// A new plan, as printed (and, with `--json`, `{planned, written, plan}`).
#[derive(Serialize)]
struct PlanView<'a> {
    planned: bool,
    written: bool,
    plan: &'a Plan,
    #[serde(skip)]
    group: &'a Group,
    #[serde(skip)]
    style: Style,
}

impl PlanView<'_> {
    fn person_line(&self, id: &str) -> String {
        match self.group.person(id) {
            Some(p) => match &p.email {
                Some(e) => format!("{} <{e}>", p.name),
                None => p.name.clone(),
            },
            None => id.to_string(),
        }
    }

    /// When, where, the format, the sponsor and the attendance expected.
    fn facts(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (g, plan, s) = (self.group, self.plan, self.style);
        let end = plan.start + plan.duration.as_chrono();
        writeln!(f, "{} {}", s.bold("Next meetup:"), s.bold(&plan.title))?;
        writeln!(
            f,
            "  When     {}–{} ({})",
            plan.start.format("%a %b %-d %Y, %H:%M"),
            end.format("%H:%M"),
            g.tz().name()
        )?;
        match plan.venue.as_deref().and_then(|id| g.venue(id)) {
            Some(v) => {
                let cap = v
                    .capacity
                    .map(|c| format!(", {c} seats"))
                    .unwrap_or_default();
                let addr = opt(", ", v.address.as_deref());
                writeln!(f, "  Where    {}{addr}{cap}", v.name)?;
                if let Some(c) = &v.contact {
                    writeln!(f, "  Contact  {}", self.person_line(c))?;
                }
            }
            None => writeln!(f, "  Where    {}", s.warning("no venue yet"))?,
        }
        writeln!(f, "  Format   {}", plan.format)?;
        let sponsor = plan.sponsors.first().and_then(|id| g.sponsor(id));
        writeln!(
            f,
            "  Sponsor  {}",
            sponsor.map_or("none".to_string(), |sp| format!(
                "{}{}",
                sp.name,
                sp.provides
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            ))
        )?;
        writeln!(
            f,
            "  Expected about {}",
            crate::words::plural(plan.expected, "person")
        )
    }

    /// The tasks, in columns padded by characters (names and dates vary in width).
    fn tasks(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = self.group;
        let rows: Vec<(String, String, &str, &str)> = self
            .plan
            .tasks
            .iter()
            .map(|task| {
                let owner = g
                    .person(&task.owner)
                    .map_or(task.owner.as_str(), |p| p.name.as_str());
                let due = task.due.format("%a %b %-d").to_string();
                (format!("#{}", task.id), due, owner, task.title.as_str())
            })
            .collect();
        let (mut id_w, mut due_w, mut owner_w) = (0, 0, 0);
        for (id, due, owner, _) in &rows {
            id_w = id_w.max(id.chars().count());
            due_w = due_w.max(due.chars().count());
            owner_w = owner_w.max(owner.chars().count());
        }
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - s.chars().count()));
        for (id, due, owner, title) in &rows {
            writeln!(
                f,
                "  {}  due {}  {}  {title}",
                pad(id, id_w),
                pad(due, due_w),
                pad(owner, owner_w)
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for PlanView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (plan, s) = (self.plan, self.style);
        self.facts(f)?;
        writeln!(f, "\n{}", s.bold("Agenda"))?;
        let mut t = plan.start;
        for slot in &plan.agenda {
            writeln!(
                f,
                "  {}  {:>3}m  {:<9} {}",
                t.format("%H:%M"),
                slot.minutes,
                slot.kind,
                slot.title
            )?;
            t += chrono::Duration::minutes(i64::from(slot.minutes));
        }
        writeln!(f, "\n{}", s.bold("Tasks"))?;
        self.tasks(f)
    }
}

/// The upcoming event's readiness, as printed (and, with `--json`,
/// `{planned: false, readiness}`).
#[derive(Serialize)]
struct UpcomingView<'a> {
    planned: bool,
    readiness: &'a Readiness,
    #[serde(skip)]
    style: Style,
}

impl<'a> UpcomingView<'a> {
    fn new(readiness: &'a Readiness, style: Style) -> Self {
        UpcomingView {
            planned: false,
            readiness,
            style,
        }
    }

    fn check(&self, ok: bool) -> String {
        if ok {
            self.style.ok("✓")
        } else {
            self.style.warning("✗")
        }
    }

    /// The venue, the agenda, speakers, sponsor and tasks, each ticked or not.
    fn checks(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, check) = (self.readiness, |ok| self.check(ok));
        match &r.venue {
            Some(v) => {
                let addr = opt(", ", v.address.as_deref());
                let contact = v
                    .contact
                    .as_deref()
                    .map(|c| format!(" (contact {c})"))
                    .unwrap_or_default();
                let state = if r.venue_confirmed {
                    "confirmed"
                } else {
                    "not confirmed"
                };
                writeln!(
                    f,
                    "  {} Venue    {}{addr}{contact}: {state}",
                    check(r.venue_confirmed),
                    v.name
                )?;
            }
            None => writeln!(f, "  {} Venue    none yet", check(false))?,
        }
        let full = r.agenda_minutes >= r.duration_minutes && r.open_slots == 0;
        writeln!(
            f,
            "  {} Agenda   {} of {} minutes, {} open speaker slot{}",
            check(full),
            r.agenda_minutes,
            r.duration_minutes,
            r.open_slots,
            if r.open_slots == 1 { "" } else { "s" }
        )?;
        let or = |list: &[String], none: &str| {
            if list.is_empty() {
                none.to_string()
            } else {
                list.join(", ")
            }
        };
        let speakers = or(&r.speakers, "none yet");
        writeln!(f, "  {} Speakers {speakers}", check(!r.speakers.is_empty()))?;
        let sponsors = or(&r.sponsors, "none");
        writeln!(f, "  {} Sponsor  {sponsors}", check(!r.sponsors.is_empty()))?;
        writeln!(
            f,
            "  {} Tasks    {} open, {} overdue",
            check(r.overdue_tasks == 0),
            r.open_tasks,
            r.overdue_tasks
        )
    }
}

impl fmt::Display for UpcomingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, s) = (self.readiness, self.style);
        writeln!(
            f,
            "{} {} ({}, {})",
            s.bold("Upcoming:"),
            s.bold(&r.title),
            crate::events::days_to_go(r.days_to_go),
            r.status.as_str()
        )?;
        writeln!(
            f,
            "  When     {}–{}",
            r.start.format("%a %b %-d %Y, %H:%M"),
            r.end.format("%H:%M")
        )?;
        self.checks(f)?;
        let reminders: Vec<String> = r
            .reminders
            .iter()
            .map(|m| format!("{} {} ({})", m.kind, m.date.format("%a %b %-d"), m.when))
            .collect();
        writeln!(f, "  Reminders {}", reminders.join(", "))?;
        if !r.todo.is_empty() {
            writeln!(f, "\n{}", s.bold("To do"))?;
            for t in &r.todo {
                writeln!(f, "  - {t}")?;
            }
        }
        Ok(())
    }
}
