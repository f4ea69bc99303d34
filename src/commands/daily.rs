//! `ug daily`: the one cron line (SPEC §8). Reads the inbox, plans the next
//! meetup when its date is near, sends what is due and rebuilds the site,
//! each through the command's own functions, under one lock
//! (`group.daily.lock`), and logs each run (`group.daily.log`) for `ug status`.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::commands::{Ctx, inbox, next_meetup, remind, site};
use crate::error::{Error, Result};
use crate::mail::run::Filter;
use crate::mail::summary::counted;
use crate::planner::{self, Overrides};

/// How far ahead the next meetup is planned when `[schedule] plan_ahead` is not set.
const PLAN_AHEAD_DAYS: u32 = 35;
/// A last run older than this many days is stale (`ug status` warns).
pub const STALE_DAYS: i64 = 2;

/// The day's work, for cron: `15 8 * * * cd ~/group && ug daily`.
///
/// In order, each step safe to repeat: (1) `ug inbox`, when `[inbox]` is
/// set; (2) plans the next meetup, as `ug next-meetup` does, when none is
/// planned and the schedule's next date is within `[schedule] plan_ahead`
/// (default "35d"), and fills upcoming events' open agenda slots from
/// accepted talks (as `ug talks schedule` would, oldest first); (3) sends every message due, as `ug remind --send`;
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
}

/// One step's outcome.
#[derive(Debug, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub ok: bool,
    pub summary: String,
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
    let ctx = &Ctx {
        yes: true,
        interactive: false,
        ..ctx.clone()
    };
    let tz = ctx.load()?.group.tz();
    let started = ctx.clock.instant(tz).to_utc();
    let stamp = started.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let Some(_lock) = lock(&loc.path, &stamp)? else {
        return Ok(());
    };
    let steps: [(&'static str, StepFn); 5] = [
        ("inbox", inbox_step),
        ("plan", plan_step),
        ("send", send_step),
        ("digest", digest_step),
        ("site", site_step),
    ];
    let mut done = Vec::new();
    for (name, step) in steps {
        let (ok, summary) = match step(ctx, args.dry_run) {
            Ok(summary) => (true, summary),
            Err(e) => {
                eprintln!("{name}: error: {e}");
                if let Some(hint) = e.hint() {
                    eprintln!("  {hint}");
                }
                (false, e.to_string())
            }
        };
        done.push(Step { name, ok, summary });
    }
    let ok = done.iter().all(|s| s.ok);
    if !args.dry_run {
        append_log(&loc.path, &stamp, ok, &done)?;
    }
    crate::render::show(
        &View {
            dry_run: args.dry_run,
            ok,
            steps: done,
        },
        ctx.json,
    )?;
    if ok { Ok(()) } else { Err(Error::Quiet(1)) }
}

type StepFn = fn(&Ctx, bool) -> Result<String>;

/// Step 1: the inbox, when `[inbox]` is set.
fn inbox_step(ctx: &Ctx, dry_run: bool) -> Result<String> {
    let loaded = ctx.load()?;
    if loaded.group.inbox.is_none() {
        return Ok("not set up (no [inbox])".into());
    }
    let out = inbox::handle(ctx, loaded, dry_run)?;
    let n = out.messages.len();
    let new = crate::words::plural(n as i64, "new message");
    let would = if dry_run && n > 0 {
        "would handle "
    } else {
        ""
    };
    Ok(format!("{would}{new}, {} waiting", out.waiting.len()))
}

/// Step 2: plans the next meetup when none is coming up and the schedule's
/// next date is within `plan_ahead`.
fn plan_step(ctx: &Ctx, dry_run: bool) -> Result<String> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let now = ctx.now(g);
    let Some(schedule) = &g.schedule else {
        return Ok("nothing to plan (no [schedule])".into());
    };
    if let Some(e) = crate::events::next_event(g, now) {
        let said = format!("nothing to plan ({} is planned: {})", e.id.value, e.title);
        return with_talks(ctx, dry_run, said);
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
    crate::events::change::check_date(date, now.date(), "the schedule's next date")?;
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
    next_meetup::write(ctx, &loaded.location.display, &plan, &overrides)?;
    with_talks(ctx, dry_run, format!("planned {what}"))
}

/// The plan step's line, and the accepted talks it put into open agenda
/// slots ("; talk 5 (Async views, Maya Okafor) fills slot 3 of 2026-12-08").
fn with_talks(ctx: &Ctx, dry_run: bool, said: String) -> Result<String> {
    let fills = super::talks::fill(ctx, dry_run)?;
    let verb = if dry_run { "would fill" } else { "filled" };
    let mut out = said;
    for f in fills {
        out.push_str(&format!("; {verb}: {f}"));
    }
    Ok(out)
}

/// Step 3: every message due, as `ug remind --send --yes`.
fn send_step(ctx: &Ctx, dry_run: bool) -> Result<String> {
    let filter = Filter::default();
    if dry_run {
        let loaded = ctx.load()?;
        let p = crate::mail::run::preview(loaded, &ctx.clock, &filter)?;
        if p.wanted.is_empty() {
            return Ok("nothing due".into());
        }
        return Ok(format!(
            "would send {}",
            counted(p.wanted.iter().map(|d| d.kind))
        ));
    }
    let summary = remind::send_summary(ctx, &filter, 1, None)?;
    eprint!("{}", summary.problems(ctx.err_style()));
    summary.result()?;
    if summary.nothing_due.is_some() {
        return Ok("nothing due".into());
    }
    let mut line = format!("sent {}", counted(summary.sent.iter().map(|r| r.kind)));
    for id in &summary.announced {
        line.push_str(&format!("; {id} announced"));
    }
    Ok(line)
}

/// Step 4: the organizers' digest (`mail::digest`).
fn digest_step(ctx: &Ctx, dry_run: bool) -> Result<String> {
    let out = crate::mail::digest::daily(ctx.load()?, &ctx.clock, dry_run)?;
    Ok(out.to_string())
}

/// Step 5: the site, when `[site]` is set.
fn site_step(ctx: &Ctx, dry_run: bool) -> Result<String> {
    let loaded = ctx.load()?;
    if loaded.group.site.is_none() {
        return Ok("not set up (no [site])".into());
    }
    if dry_run {
        let out = site::out_dir(loaded, None);
        return Ok(format!("would rebuild {}", out.display()));
    }
    let r = site::build(ctx, loaded, None)?;
    Ok(format!(
        "{} written, {} unchanged, {} removed",
        r.written, r.unchanged, r.removed
    ))
}

/// The log of daily runs beside `group_file`.
pub fn log_path(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, "daily.log")
}

/// Takes the run's lock (held until the file is dropped) and writes the
/// start time in it; `None` when another run holds it (said on stdout).
fn lock(group_file: &Path, stamp: &str) -> Result<Option<File>> {
    let path = crate::store::journal::beside(group_file, "daily.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io("open", &path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut since = String::new();
            let _ = file.read_to_string(&mut since);
            let since = since.trim();
            let since = if since.is_empty() { "just now" } else { since };
            crate::outln!("another ug daily is running (since {since}); skipped");
            return Ok(None);
        }
        Err(TryLockError::Error(e)) => return Err(Error::io("lock", &path, e)),
    }
    let wrote = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(stamp.as_bytes()));
    wrote.map_err(|e| Error::io("write", &path, e))?;
    Ok(Some(file))
}

/// Appends the run's line: UTC time, ok|failed, the steps' lines.
fn append_log(group_file: &Path, stamp: &str, ok: bool, steps: &[Step]) -> Result<()> {
    let path = log_path(group_file);
    let said: Vec<String> = steps
        .iter()
        .map(|s| format!("{}: {}", s.name, s.summary.replace(['\n', '\t'], " ")))
        .collect();
    let line = format!(
        "{stamp}\t{}\t{}\n",
        if ok { "ok" } else { "failed" },
        said.join("; ")
    );
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Error::io("open", &path, e))?;
    f.write_all(line.as_bytes())
        .map_err(|e| Error::io("write", &path, e))
}

/// The last logged run, for `ug status`.
#[derive(Debug, Serialize)]
pub struct LastRun {
    /// When it started (UTC, RFC 3339).
    pub at: String,
    pub ok: bool,
    pub summary: String,
    /// Whole days since it ran.
    pub days_ago: i64,
}

/// The last run in the log beside `group_file`, if there is a log.
pub fn last_run(group_file: &Path, now: chrono::DateTime<chrono::Utc>) -> Option<LastRun> {
    let text = std::fs::read_to_string(log_path(group_file)).ok()?;
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut parts = line.splitn(3, '\t');
    let at = parts.next()?.to_string();
    let ok = parts.next()? == "ok";
    let summary = parts.next().unwrap_or_default().to_string();
    let when = chrono::DateTime::parse_from_rfc3339(&at).ok()?;
    let days_ago = (now - when.to_utc()).num_days();
    Some(LastRun {
        at,
        ok,
        summary,
        days_ago,
    })
}

impl LastRun {
    /// The status line: "2026-11-27T08:15:00Z, ok (0 days ago)".
    pub fn line(&self) -> String {
        format!(
            "{}, {} ({} ago)",
            self.at,
            if self.ok { "ok" } else { "failed" },
            crate::words::plural(self.days_ago, "day")
        )
    }

    /// The warning when the last run is older than [`STALE_DAYS`].
    pub fn stale(&self) -> Option<String> {
        (self.days_ago > STALE_DAYS).then(|| {
            format!(
                "`ug daily` last ran {} ago ({}): is its cron job or timer still running?",
                crate::words::plural(self.days_ago, "day"),
                self.at
            )
        })
    }
}
