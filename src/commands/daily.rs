//! `ug daily`: the one cron line (SPEC §8). The steps, the lock and the log
//! live in `crate::daily`; this takes the lock, runs them and prints.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::daily::{self, Lock, Step};
use crate::error::{Error, Result};
use crate::install;
use crate::{Ctx, outln};

/// The day's work, for cron: `15 8 * * * cd ~/group && ug daily`.
///
/// In order, each step safe to repeat: (1) `ug inbox`, when `[inbox]` is
/// set; (2) plans, as `ug next-meetup` does, every schedule date within
/// `[schedule] plan_ahead` that has no event yet, even while an earlier one
/// is still to come (default: the checklist's longest `before` plus 7 days,
/// at least "35d", so no checklist task is born overdue; a task born late
/// is due today and named), and fills upcoming events' open agenda slots
/// from accepted talks (as `ug talks schedule` would, oldest first); a
/// cancelled event's date, or one whose event moved to another day, is not
/// planned again; (3) sends every message due, as `ug remind --send`;
/// (4) mails the organizers and co-organizers one digest, at most once a
/// day and only when something waits for a person: mail waiting longer
/// than `[inbox] answer_within`, asks unanswered for 3 days, talk
/// proposals, tasks overdue by a week (an organizer's own as soon as they
/// are due within `[reminders] nudge`), planned events within 21 days
/// without a confirmed venue; each item names the command that settles it,
/// and is told again at most weekly while it waits;
/// (5) rebuilds the site, as `ug site`, when `[site]` is set. Prints one
/// line per step; a failing step prints its error on stderr (with the
/// step's name) and the others still run; exits 1 if any step failed.
/// Never asks. One run at a time: a second `ug daily` while one runs (two
/// co-organizers' crons) says so and exits 0 (the lock is
/// `<group>.daily.lock` beside the file). Each run is logged in
/// `<group>.daily.log` (UTC time, ok or failed, the steps' lines); `ug
/// status` shows the last one. `--json` prints {dry_run, ok, steps: [{name,
/// ok, summary}]}.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Say what each step would do; change, send and log nothing
    #[arg(long)]
    dry_run: bool,
    /// Print the crontab line that runs `ug daily` for this file every day
    #[arg(long, conflicts_with_all = ["dry_run", "systemd"])]
    cron: bool,
    /// Write a systemd user service and timer that run `ug daily` for this file every day
    #[arg(long, conflicts_with = "dry_run")]
    systemd: bool,
    /// With --systemd: replace units of the same name with other contents
    #[arg(long, requires = "systemd")]
    force: bool,
}

/// This `ug`, as a scheduler must start it: an absolute path.
fn current_exe() -> Result<PathBuf> {
    std::env::current_exe().map_err(|e| Error::io("find", "the ug binary", e))
}

/// `ug daily`'s output: one line per step.
#[derive(Serialize)]
struct View {
    dry_run: bool,
    ok: bool,
    steps: Vec<Step>,
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in self.steps.iter().filter(|s| s.ok) {
            writeln!(f, "{}: {}", s.name, s.summary)?;
        }
        if self.dry_run {
            writeln!(f, "(dry run: nothing changed, sent or logged)")?;
        }
        Ok(())
    }
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loc = ctx.locate()?;
    if args.cron || args.systemd {
        let job = install::Job::new(&loc.path, current_exe()?, &ctx.load()?.group)?;
        return if args.cron {
            crate::render::show(&install::cron::entry(&job), ctx.json)
        } else {
            let dir = install::systemd::user_unit_dir()?;
            crate::render::show(
                &install::systemd::install(&job, &dir, args.force)?,
                ctx.json,
            )
        };
    }
    let ctx = &Ctx {
        yes: true,
        interactive: false,
        ..ctx.clone()
    };
    let tz = ctx.load()?.group.tz();
    let started = ctx.clock.instant(tz).to_utc();
    let stamp = started.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let _lock = match daily::lock(&loc.path, &stamp)? {
        Lock::Held(file) => file,
        Lock::Busy { since } => {
            outln!("another ug daily is running (since {since}); skipped");
            return Ok(());
        }
    };
    let steps = daily::steps(ctx, args.dry_run);
    let ok = steps.iter().all(|s| s.ok);
    if !args.dry_run {
        daily::append(&loc.path, &stamp, ok, &steps)?;
    }
    crate::render::show(
        &View {
            dry_run: args.dry_run,
            ok,
            steps,
        },
        ctx.json,
    )?;
    if ok { Ok(()) } else { Err(Error::Quiet(1)) }
}
