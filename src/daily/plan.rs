//! The daily run's planning step (SPEC §8 step 2): plans the schedule's next
//! meetup when its date is near, and fills open agenda slots from accepted
//! talks. [`write_plan`] and [`fill_talks`] are also `ug next-meetup`'s.

use crate::error::{Error, Result};
use crate::events::change as event_change;
use crate::planner::{self, Overrides, Plan};
use crate::store::Session;
use crate::talks::{self, Fill};

/// How far ahead the next meetup is planned when `[schedule] plan_ahead` is not set.
const PLAN_AHEAD_DAYS: u32 = 35;

/// Plans the next meetup when none is coming up and the schedule's next
/// date is within `plan_ahead`.
pub(super) fn step(s: &impl Session, dry_run: bool) -> Result<String> {
    let loaded = s.load()?;
    let g = &loaded.group;
    let now = s.now(g);
    let Some(schedule) = &g.schedule else {
        return Ok("nothing to plan (no [schedule])".into());
    };
    if let Some(e) = crate::events::next_event(g, now) {
        let said = format!("nothing to plan ({} is planned: {})", e.id.value, e.title);
        return with_talks(s, dry_run, said);
    }
    let overrides = Overrides::default();
    let plan = planner::plan(g, now, &overrides)?;
    let date = plan.start.date();
    let away = (date - now.date()).num_days();
    let ahead = schedule.plan_ahead.map_or(PLAN_AHEAD_DAYS, |d| d.0);
    let when = date.format("%a %b %-d");
    if away > i64::from(ahead) {
        return Ok(format!(
            "nothing to plan (next date {when} is {} away)",
            crate::words::plural(away, "day")
        ));
    }
    event_change::check_date(date, now.date(), "the schedule's next date")?;
    for w in &plan.warnings {
        eprintln!("plan: warning: {w}");
    }
    let what = format!(
        "{} on {when} ({})",
        plan.title,
        crate::words::plural(plan.tasks.len() as i64, "task")
    );
    if dry_run {
        // The talks it would place go into the event once planned.
        return Ok(format!("would plan {what}"));
    }
    write_plan(s, &loaded.location.display, &plan, &overrides)?;
    with_talks(s, dry_run, format!("planned {what}"))
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
