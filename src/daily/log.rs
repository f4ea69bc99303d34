//! The daily run's lock (`<group>.daily.lock`: one run at a time) and its
//! log (`<group>.daily.log`: one line a run, for `ug status`).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Step;
use crate::error::{Error, Result};

/// A last run older than this many days is stale (`ug status` warns).
pub const STALE_DAYS: i64 = 2;

/// The log of daily runs beside `group_file`.
pub fn log_path(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, "daily.log")
}

/// The run's lock: held (until the file is dropped), or busy with another
/// run that started at `since` (its stamp, or "just now").
pub enum Lock {
    Held(File),
    Busy { since: String },
}

/// Takes the run's lock and writes the start time `stamp` in it.
pub fn lock(group_file: &Path, stamp: &str) -> Result<Lock> {
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
            return Ok(Lock::Busy {
                since: since.to_string(),
            });
        }
        Err(TryLockError::Error(e)) => return Err(Error::io("lock", &path, e)),
    }
    let wrote = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(stamp.as_bytes()));
    wrote.map_err(|e| Error::io("write", &path, e))?;
    Ok(Lock::Held(file))
}

/// Appends the run's line: UTC time, ok|failed, the steps' lines.
pub fn append(group_file: &Path, stamp: &str, ok: bool, steps: &[Step]) -> Result<()> {
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
