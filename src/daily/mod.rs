//! The daily run (SPEC §8), the one cron line's work: reads the inbox, plans
//! the meetups whose dates are near, sends what is due, mails the
//! organizers' digest and rebuilds the site, each step through the same domain functions its own command uses.
//! `log` holds the run's lock and log (`ug status` reads the last run);
//! `plan` the planning step, and the plan writing and talk filling `ug
//! next-meetup` shares. `ug daily` parses, takes the lock, calls
//! [`steps`] and prints.

mod log;
mod plan;

pub use log::{LastRun, Lock, STALE_DAYS, append, last_run, lock, log_path};
pub use plan::{fill_talks, write_plan};

use serde::Serialize;

use crate::error::Result;
use crate::mail::run::Filter;
use crate::mail::summary::counted;
use crate::store::Session;

/// One step's outcome.
#[derive(Debug, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub ok: bool,
    pub summary: String,
}

/// Runs the five steps in order, each safe to repeat: a failing step says
/// its error on stderr (with the step's name) and the others still run.
/// With `dry_run` each says what it would do; nothing changes or is sent.
pub fn steps<S: Session>(s: &S, dry_run: bool) -> Vec<Step> {
    let steps: [(&'static str, StepFn<S>); 5] = [
        ("inbox", inbox_step),
        ("plan", plan::step),
        ("send", send_step),
        ("digest", digest_step),
        ("site", site_step),
    ];
    let mut done = Vec::new();
    for (name, step) in steps {
        let (ok, summary) = match step(s, dry_run) {
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
    done
}

/// One step: its line, or its error.
type StepFn<S> = fn(&S, bool) -> Result<String>;

/// Step 4: the organizers' digest (`mail::digest`).
fn digest_step(s: &impl Session, dry_run: bool) -> Result<String> {
    let out = crate::mail::digest::daily(s.load()?, s.clock(), dry_run)?;
    Ok(out.to_string())
}

/// Step 1: the inbox, when `[inbox]` is set.
fn inbox_step(s: &impl Session, dry_run: bool) -> Result<String> {
    let loaded = s.load()?;
    if loaded.group.inbox.is_none() {
        return Ok("not set up (no [inbox])".into());
    }
    let domain = crate::mail::calendar::domain(&loaded.group);
    let out = crate::inbox::handle(s, loaded, &domain, dry_run)?;
    let n = out.messages.len();
    let new = crate::words::plural(n as i64, "new message");
    let would = if dry_run && n > 0 {
        "would handle "
    } else {
        ""
    };
    Ok(format!("{would}{new}, {} waiting", out.waiting.len()))
}

/// Step 3: every message due, as `ug remind --send --yes`.
fn send_step(s: &impl Session, dry_run: bool) -> Result<String> {
    let filter = Filter::default();
    if dry_run {
        let loaded = s.load()?;
        let p = crate::mail::run::preview(loaded, s.clock(), &filter)?;
        if p.wanted.is_empty() {
            return Ok("nothing due".into());
        }
        return Ok(format!(
            "would send {}",
            counted(p.wanted.iter().map(|d| d.kind))
        ));
    }
    let summary = crate::mail::now::send_due(s, &filter, 1, None)?;
    eprint!("{}", summary.problems(s.err_style()));
    summary.result()?;
    if summary.nothing_due.is_some() {
        return Ok("nothing due".into());
    }
    let mut line = format!("sent {}", counted(summary.sent.iter().map(|r| r.kind)));
    for id in &summary.announced {
        line.push_str(&format!("; {id} announced"));
    }
    if let Some(h) = &summary.held {
        line.push_str(&format!("; {}", h.line()));
    }
    Ok(line)
}

/// Step 4: the site, when `[site]` is set.
fn site_step(s: &impl Session, dry_run: bool) -> Result<String> {
    let loaded = s.load()?;
    if loaded.group.site.is_none() {
        return Ok("not set up (no [site])".into());
    }
    if dry_run {
        let out = crate::site::out_dir(loaded, None);
        return Ok(format!("would rebuild {}", out.display()));
    }
    let r = crate::site::build_loaded(loaded, s.clock(), None)?;
    Ok(format!(
        "{} written, {} unchanged, {} removed",
        r.written, r.unchanged, r.removed
    ))
}
