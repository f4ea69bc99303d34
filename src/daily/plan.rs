//! The daily run's planning step (SPEC §8 step 2): plans every schedule
//! date within the planning horizon that has no event yet, and fills open
//! agenda slots from accepted talks. [`write_plan`] and [`fill_talks`] are
//! `ug next-meetup`'s too.

use toml_edit::DocumentMut;

use crate::error::{Error, Result};
use crate::events::change as event_change;
use crate::model::Group;
use crate::planner::{self, Overrides, Plan};
use crate::store::{self, Location, Session};
use crate::talks::{self, Fill};

/// Plans every schedule date within `plan_ahead` ([`planner::plan_ahead`])
/// that has no event yet, soonest first, even while an earlier one is still
/// to come; then fills open agenda slots from accepted talks.
pub(super) fn step(s: &impl Session, dry_run: bool) -> Result<String> {
    let mut loaded = s.load()?;
    let display = loaded.location.display.clone();
    if loaded.group.schedule.is_none() {
        return Ok("nothing to plan (no [schedule])".into());
    }
    let ahead = planner::plan_ahead(&loaded.group);
    let overrides = Overrides::default();
    // A dry run plans into a copy of the file, so each date sees the ones before.
    let mut sim: Option<(DocumentMut, Group)> = None;
    let mut planned = Vec::new();
    // Each pass plans a new date within `ahead` days: at most `ahead + 1`.
    for _ in 0..=ahead {
        let g = sim.as_ref().map_or(&loaded.group, |(_, g)| g);
        let now = s.now(g);
        let Some(date) = planner::next_free_date(g, now)? else {
            break;
        };
        if (date - now.date()).num_days() > i64::from(ahead) {
            break;
        }
        let plan = planner::plan(g, now, &overrides)?;
        event_change::check_date(plan.start.date(), now.date(), "the schedule's next date")?;
        for w in &plan.warnings {
            eprintln!("plan: warning: {w}");
        }
        planned.push(said(&plan, dry_run));
        if dry_run {
            let mut doc = match sim.take() {
                Some((doc, _)) => doc,
                None => document(&loaded.location)?,
            };
            event_change::write_plan(&mut doc, &plan)?;
            let group = store::check_text(&doc.to_string(), &display, |g| s.now(g))?.group;
            sim = Some((doc, group));
        } else {
            write_plan(s, &display, &plan, &overrides)?;
            loaded = s.load()?;
        }
    }
    if !planned.is_empty() {
        // The talks it would place go into the events once planned.
        if dry_run {
            return Ok(planned.join("; "));
        }
        return with_talks(s, dry_run, planned.join("; "));
    }
    let g = &loaded.group;
    let now = s.now(g);
    if let Some(e) = crate::events::next_event(g, now) {
        let said = format!("nothing to plan ({} is planned: {})", e.id.value, e.title);
        return with_talks(s, dry_run, said);
    }
    let Some(date) = planner::next_free_date(g, now)? else {
        // Said as `ug next-meetup` says it: the schedule has no date.
        return planner::plan(g, now, &overrides).map(|_| "nothing to plan".into());
    };
    Ok(format!(
        "nothing to plan (next date {} is {} away)",
        date.format("%a %b %-d"),
        crate::words::plural((date - now.date()).num_days(), "day")
    ))
}

/// "planned January talks night on Tue Jan 12 (6 tasks)", naming the tasks
/// born late ("(3 tasks; born late, due today: \"Find speakers ...\")"):
/// their date had passed, so they are due today.
fn said(plan: &Plan, dry_run: bool) -> String {
    let mut what = format!(
        "{} {} on {} ({}",
        if dry_run { "would plan" } else { "planned" },
        plan.title,
        plan.start.date().format("%a %b %-d"),
        crate::words::plural(plan.tasks.len() as i64, "task")
    );
    if !plan.late.is_empty() {
        let late: Vec<String> = plan.late.iter().map(|t| format!("\"{t}\"")).collect();
        what.push_str(&format!("; born late, due today: {}", late.join(", ")));
    }
    what.push(')');
    what
}

/// The group file's document, for a dry run to plan into (and throw away).
fn document(loc: &Location) -> Result<DocumentMut> {
    let raw = store::read_text(&loc.path)?;
    raw.trim_start_matches('\u{feff}')
        .parse::<DocumentMut>()
        .map_err(|e| Error::failed(format!("{} could not be parsed: {e}", loc.display)))
}

/// The plan step's line, and the accepted talks it put into open agenda
/// slots ("; talk 5 (Async views, Maya Okafor) fills slot 3 of 2026-12-08").
fn with_talks(s: &impl Session, dry_run: bool, said: String) -> Result<String> {
    let fills = fill_talks(s, dry_run)?;
    let verb = if dry_run { "would fill" } else { "filled" };
    let mut out = said;
    for f in fills {
        out.push_str(&format!("; {verb}: {f}"));
    }
    Ok(out)
}

/// Fills the open agenda slots of upcoming events from accepted talks
/// (`ug next-meetup` after planning, `ug daily`'s plan step): what was
/// filled (or, with `dry_run`, would be). Writes only when there is a fill,
/// deciding again under the lock: the file may have changed since.
pub fn fill_talks(s: &impl Session, dry_run: bool) -> Result<Vec<Fill>> {
    let loaded = s.load()?;
    let g = &loaded.group;
    let fills = talks::fill_upcoming(g, s.now(g));
    if dry_run || fills.is_empty() {
        return Ok(fills);
    }
    s.edit_confirmed(|e| {
        let fills = talks::fill_upcoming(e.group, s.now(e.group));
        talks::apply_fills(e.doc, &fills)?;
        Ok(fills)
    })
}

/// Writes `plan` (`ug next-meetup`, `ug daily`), planning again under the
/// lock: if the file changed since, the plan may differ (a conflict, nothing
/// written), and an event planned meanwhile is never planned twice.
pub fn write_plan(
    s: &impl Session,
    display: &str,
    plan: &Plan,
    overrides: &Overrides,
) -> Result<()> {
    s.edit_confirmed(|e| {
        let again = planner::plan(e.group, s.now(e.group), overrides)?;
        if again.id != plan.id || again.tasks != plan.tasks || again.venue != plan.venue {
            return Err(Error::Conflict {
                path: display.to_string(),
            });
        }
        event_change::write_plan(e.doc, plan)
    })
}
