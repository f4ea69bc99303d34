//! The sending quota (`[email.smtp] max_per_day` / `max_per_hour`, or the
//! provider's): how many messages a run may still send, counted from the
//! sent log (messages accepted in the last 24 hours / hour), which go first
//! when that is fewer than are due, and when the rest can go.
//!
//! Times are the log's: a sent line's time, the run's clock when it was
//! written (`UG_NOW` when that pinned the run), the same clock the quota
//! counts by, so a pinned run counts in pinned time. An older line's fifth
//! field (the pinned instant, which logs once wrote beside the real time)
//! is its time. A message with several keys (several lines) counts once, at
//! its earliest line. Times need not be in order (a run pinned earlier than
//! the last, a clock set back, a merged log): a window counts the times in
//! it, and one after `now` is in no window yet.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::mail::{Due, Kind, log};
use crate::model::{Email, Group, Transport};

/// At most `per_day` messages in any 24 hours and `per_hour` in any hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub per_day: Option<u32>,
    pub per_hour: Option<u32>,
}

impl Quota {
    /// The quota of the group's SMTP account, if it has one.
    pub fn of(email: &Email) -> Option<Quota> {
        let smtp = email
            .smtp
            .as_ref()
            .filter(|_| email.transport == Transport::Smtp)?;
        let q = Quota {
            per_day: smtp.max_per_day,
            per_hour: smtp.max_per_hour,
        };
        (q.per_day.is_some() || q.per_hour.is_some()).then_some(q)
    }

    /// Each limit with its window.
    fn limits(self) -> impl Iterator<Item = (u32, TimeDelta)> {
        let day = self.per_day.map(|n| (n, TimeDelta::hours(24)));
        let hour = self.per_hour.map(|n| (n, TimeDelta::hours(1)));
        day.into_iter().chain(hour)
    }

    /// "500 a day", "20 an hour", "500 a day, 50 an hour".
    pub fn describe(self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.per_day {
            parts.push(format!("{n} a day"));
        }
        if let Some(n) = self.per_hour {
            parts.push(format!("{n} an hour"));
        }
        parts.join(", ")
    }

    /// How many more may go at `now`, given the times messages went.
    pub fn room(self, sent: &[DateTime<Utc>], now: DateTime<Utc>) -> usize {
        self.limits()
            .map(|(n, window)| (n as usize).saturating_sub(in_window(sent, now, window)))
            .min()
            .unwrap_or(usize::MAX)
    }

    /// When the next message may go, `sent` holding every message (the
    /// ones this run sent too): the latest, over the full limits, of when
    /// the oldest message in its window leaves it.
    pub fn next_free(self, sent: &[DateTime<Utc>], now: DateTime<Utc>) -> DateTime<Utc> {
        self.limits()
            .filter(|&(n, window)| in_window(sent, now, window) >= n as usize)
            .filter_map(|(_, window)| {
                sent.iter()
                    .filter(|&&t| t > now - window && t <= now)
                    .min()
                    .map(|&t| t + window)
            })
            .max()
            .unwrap_or(now)
    }
}

fn in_window(sent: &[DateTime<Utc>], now: DateTime<Utc>, window: TimeDelta) -> usize {
    sent.iter()
        .filter(|&&t| t > now - window && t <= now)
        .count()
}

/// The times of the messages in the sent log at `path` (each message once,
/// at its earliest line; an old line's fifth field, the pinned instant, is
/// its time): what the quota counts.
pub fn sent_times(path: &Path) -> Result<Vec<DateTime<Utc>>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut by_id: HashMap<String, DateTime<Utc>> = HashMap::new();
    for line in String::from_utf8_lossy(&bytes[..complete]).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || f[2] == crate::mail::log::SKIPPED {
            continue;
        }
        let at = f.get(4).copied().unwrap_or(f[0]);
        if let Ok(t) = DateTime::parse_from_rfc3339(at) {
            let t = t.with_timezone(&Utc);
            by_id
                .entry(f[2].to_string())
                .and_modify(|e| *e = (*e).min(t))
                .or_insert(t);
        }
    }
    Ok(by_id.into_values().collect())
}

/// Applies the group's quota (if any) to `wanted`: orders it (see
/// [`prioritize`]) and keeps what may go now; returns the quota and how
/// many were held back.
pub fn hold(
    g: &Group,
    email: &Email,
    group_file: &Path,
    clock: &Clock,
    wanted: &mut Vec<Due>,
) -> Result<Option<(Quota, usize)>> {
    let Some(q) = Quota::of(email) else {
        return Ok(None);
    };
    let now = clock.instant(g.tz()).with_timezone(&Utc);
    let room = q.room(&sent_times(&log::path_for(group_file))?, now);
    if room >= wanted.len() {
        return Ok(None);
    }
    prioritize(g, wanted);
    let held = wanted.len() - room;
    wanted.truncate(room);
    Ok(Some((q, held)))
}

/// What [`hold`] held back, once the run is over: with when it can go,
/// from the log as it is now.
pub fn held(
    hold: Option<(Quota, usize)>,
    group_file: &Path,
    clock: &Clock,
    tz: Tz,
) -> Result<Option<Held>> {
    let Some((q, count)) = hold else {
        return Ok(None);
    };
    let now = clock.instant(tz).with_timezone(&Utc);
    let sent = sent_times(&log::path_for(group_file))?;
    Ok(Some(Held::of(count, q, q.next_free(&sent, now), tz)))
}

/// For `ug status`: of `due` messages due now, how many a run now would
/// hold back for the quota, and from when they could go.
pub fn would_hold(
    g: &Group,
    email: &Email,
    group_file: &Path,
    clock: &Clock,
    due: usize,
) -> Result<Option<Held>> {
    let Some(q) = Quota::of(email) else {
        return Ok(None);
    };
    let now = clock.instant(g.tz()).with_timezone(&Utc);
    let mut sent = sent_times(&log::path_for(group_file))?;
    let room = q.room(&sent, now);
    if room >= due {
        return Ok(None);
    }
    sent.extend(std::iter::repeat_n(now, room));
    Ok(Some(Held::of(
        due - room,
        q,
        q.next_free(&sent, now),
        g.tz(),
    )))
}

/// How the group sends, for `ug status`: "SMTP smtp.gmail.com:587
/// (starttls, gmail), quota 500 a day"; `None` without a provider or quota.
pub fn sending(email: &Email) -> Option<String> {
    let smtp = email
        .smtp
        .as_ref()
        .filter(|_| email.transport == Transport::Smtp)?;
    let quota = Quota::of(email);
    if quota.is_none() && email.provider.is_none() {
        return None;
    }
    let provider = email.provider.map(|p| format!(", {p}")).unwrap_or_default();
    let quota = quota.map_or("no quota".to_string(), |q| {
        format!("quota {}", q.describe())
    });
    Some(format!(
        "SMTP {}:{} ({}{provider}), {quota}",
        smtp.host,
        smtp.port(),
        smtp.security
    ))
}

/// Mail held back by the quota: how many, the quota, and from when (local
/// to the group) they can go.
#[derive(Debug, Clone, Serialize)]
pub struct Held {
    pub count: usize,
    pub quota: String,
    pub from: NaiveDateTime,
}

impl Held {
    /// "42 held for the quota (500 a day): they go from 2026-12-07 08:00".
    pub fn line(&self) -> String {
        format!(
            "{} held for the quota ({}): {} from {}",
            self.count,
            self.quota,
            if self.count == 1 {
                "it goes"
            } else {
                "they go"
            },
            self.from.format("%Y-%m-%d %H:%M")
        )
    }

    pub fn of(count: usize, q: Quota, from: DateTime<Utc>, tz: Tz) -> Held {
        Held {
            count,
            quota: q.describe(),
            from: from.with_timezone(&tz).naive_local(),
        }
    }
}

/// Orders what is due for a short quota: time-critical mail first (a
/// cancellation, a change, answers to people who proved who they are, the
/// organizers' notices), then each event's mail by the event's date (so an
/// announcement goes before the reminders of later events, and a reminder
/// of an event sooner before it), then the rest (nudges, thank-yous), and
/// last the requests to confirm: anyone can make ug owe one by writing
/// "join" under someone's address, so a flood of forged joins holds only
/// itself, never the members' mail (SPEC 11). Stable: in each class, the
/// due order stays.
pub fn prioritize(g: &Group, due: &mut [Due]) {
    let start = |d: &Due| {
        d.event
            .as_deref()
            .and_then(|id| g.event(id))
            .map(|e| e.start)
            .unwrap_or(NaiveDateTime::MAX)
    };
    due.sort_by_cached_key(|d| {
        let class = match d.kind {
            Kind::Cancel
            | Kind::Change
            | Kind::Blocked
            | Kind::RsvpIn
            | Kind::RsvpWaitlist
            | Kind::RsvpPromoted
            | Kind::Closed
            | Kind::Unsubscribed
            | Kind::Welcome => 0,
            Kind::Announce | Kind::Remind | Kind::Release | Kind::Waiting => 1,
            Kind::Confirm => 3,
            _ => 2,
        };
        let within = match d.kind {
            Kind::Announce => 0,
            _ => 1,
        };
        match class {
            1 => (class, start(d), within),
            _ => (class, NaiveDateTime::MIN, 0),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + TimeDelta::hours(h)
    }

    #[test]
    fn room_counts_the_last_day_and_hour() {
        let q = Quota {
            per_day: Some(5),
            per_hour: Some(3),
        };
        // Two a day ago (gone from the window), three in the last day, one
        // in the last hour.
        let sent = [at(-30), at(-25), at(-20), at(-3), at(0)];
        assert_eq!(q.room(&sent, at(0)), 2);
        assert_eq!(q.room(&[], at(0)), 3, "the hour binds");
        // Full for the day: the next goes when the oldest leaves the window.
        let full = [at(-20), at(-3), at(-2), at(-1), at(0)];
        assert_eq!(q.room(&full, at(0)), 0);
        assert_eq!(q.next_free(&full, at(0)), at(4));
        // Full for the hour only.
        let hour = [at(0), at(0), at(0)];
        assert_eq!(q.room(&hour, at(0)), 0);
        assert_eq!(q.next_free(&hour, at(0)), at(1));
        // Across many times: never more than the quota in any window.
        for h in -48..48 {
            assert!(q.room(&sent, at(h)) <= 3, "{h}");
        }
    }

    #[test]
    fn sent_times_counts_each_message_once_at_its_time_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sent.log");
        // A run pinned later, then one pinned earlier (times go back); a
        // message with two keys (two lines); an old line whose fifth field
        // is its pinned time; a skipped line (five fields, not a message);
        // a torn last line.
        let t = |h| at(h).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let log = format!(
            "{}\tannounce:e:a@x\t<a@ug>\ta@x\n\
             {}\tannounce:e:b@x\t<b@ug>\tb@x\n\
             {}\tnudge:t:b@x\t<b@ug>\tb@x\n\
             {}\tnudge-day:b@x\t<b@ug>\tb@x\n\
             {}\tannounce:e:c@x\t<c@ug>\tc@x\t{}\n\
             {}\tannounce:e:d\tskipped\td\tno address\n\
             {}\tannounce:e:e@x\t<e@",
            t(24),
            t(0),
            t(0),
            t(1),
            t(300),
            t(-24),
            t(0),
            t(0)
        );
        std::fs::write(&path, log).unwrap();
        let mut times = sent_times(&path).unwrap();
        times.sort();
        assert_eq!(times, [at(-24), at(0), at(24)]);
        let q = Quota {
            per_day: Some(2),
            per_hour: None,
        };
        // Across many hours: the pinned times count, the old line's real
        // time (300 hours on) never does.
        for h in -30..60 {
            let want = 2 - [-24, 0, 24]
                .iter()
                .filter(|&&t| t <= h && t > h - 24)
                .count()
                .min(2);
            assert_eq!(q.room(&times, at(h)), want, "{h}");
        }
        assert!(sent_times(&dir.path().join("none.log")).unwrap().is_empty());
    }

    #[test]
    fn describes_the_quota() {
        let q = Quota {
            per_day: Some(500),
            per_hour: None,
        };
        assert_eq!(q.describe(), "500 a day");
        let held = Held::of(42, q, at(24), chrono_tz::UTC);
        assert_eq!(
            held.line(),
            "42 held for the quota (500 a day): they go from 2026-12-08 08:00"
        );
    }
}
