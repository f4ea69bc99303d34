//! The one place that reads the time: the system clock, or `$UG_NOW` (a date
//! or a local date-time in the group's time zone) so runs are reproducible.
//! Also the one zone rule, [`local_instant`] (a pure function): where a local
//! wall time falls in a time zone, across daylight-saving changes. `schedule`
//! places its occurrences with it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A pinned local time, in whatever zone the group uses.
    Pinned(NaiveDateTime),
}

impl Clock {
    /// Reads `UG_NOW` if set; a malformed value is an error.
    pub fn from_env() -> Result<Clock> {
        match std::env::var("UG_NOW") {
            Ok(v) if !v.trim().is_empty() => Clock::parse(&v).map(Clock::Pinned),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(Clock::System),
            Err(std::env::VarError::NotUnicode(v)) => Err(Error::BadNow {
                value: v.to_string_lossy().into_owned(),
            }),
        }
    }

    /// `2026-11-26` (the start of that day) or `2026-11-26T09:00:00` (`T` or a space; seconds optional).
    pub fn parse(v: &str) -> Result<NaiveDateTime> {
        let s = v.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(d.and_time(NaiveTime::MIN));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(dt);
            }
        }
        Err(Error::BadNow {
            value: v.to_string(),
        })
    }

    /// Now, as a wall-clock time in `tz`.
    pub fn local(&self, tz: Tz) -> NaiveDateTime {
        match self {
            Clock::System => Utc::now().with_timezone(&tz).naive_local(),
            Clock::Pinned(t) => *t,
        }
    }

    /// Now, as an instant (for mail `Date:` headers and iCalendar stamps).
    pub fn instant(&self, tz: Tz) -> DateTime<Tz> {
        match self {
            Clock::System => Utc::now().with_timezone(&tz),
            Clock::Pinned(t) => local_instant(tz, t.date(), t.time()),
        }
    }

    pub fn today(&self, tz: Tz) -> NaiveDate {
        self.local(tz).date()
    }

    /// [`instant`](Self::instant) as a log line's time: UTC, RFC 3339, to
    /// the millisecond (`2026-11-24T08:00:00.000Z`).
    pub fn stamp(&self, tz: Tz) -> String {
        self.instant(tz)
            .with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// The instant of a local date + time in `tz`. Stays at the local wall time across DST; a time that does not exist that day (spring-forward gap) moves forward to the first valid minute after the gap; an ambiguous time (fall-back) takes the earlier instant.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> {
    let local = date.and_time(time);
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t;
    }
    // In a gap: walk forward a minute at a time to the first wall time that
    // exists. Gaps are an hour or so, at most a day (Samoa skipped 2011-12-30).
    let minute =
        date.and_time(NaiveTime::from_hms_opt(time.hour(), time.minute(), 0).unwrap_or(time));
    (1..=60 * 48)
        .filter_map(|k| minute.checked_add_signed(TimeDelta::minutes(k)))
        .find_map(|t| tz.from_local_datetime(&t).earliest())
        .unwrap_or_else(|| tz.from_utc_datetime(&local))
}

/// The real time now, in UTC to the millisecond, for records of when
/// something happened (the inbox log's first column). Never `UG_NOW`, which
/// answers "what would ug do that day", not "when did it do it". (The sent
/// log's first column is the run's time instead, [`Clock::instant`]: what
/// the sending quota counts, in the run's time.)
pub fn stamp() -> String {
    Clock::System.stamp(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_datetimes() {
        assert_eq!(
            Clock::parse("2026-11-26").unwrap().to_string(),
            "2026-11-26 00:00:00"
        );
        assert_eq!(
            Clock::parse("2026-11-26T09:00:00").unwrap().to_string(),
            "2026-11-26 09:00:00"
        );
        assert_eq!(
            Clock::parse("2026-11-26T09:05").unwrap().to_string(),
            "2026-11-26 09:05:00"
        );
        for bad in [
            "tomorrow",
            "2026-13-01",
            "26/11/2026",
            "2026-11-26T25:00:00",
        ] {
            assert!(Clock::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn local_instant_gaps_and_ambiguity() {
        let cases = "
            America/New_York | 2026-03-08 | 02:30:00 | 2026-03-08T03:00:00-04:00
            America/New_York | 2026-03-08 | 02:00:00 | 2026-03-08T03:00:00-04:00
            America/New_York | 2026-03-08 | 02:59:59 | 2026-03-08T03:00:00-04:00
            America/New_York | 2026-03-08 | 01:59:00 | 2026-03-08T01:59:00-05:00
            America/New_York | 2026-11-01 | 01:30:00 | 2026-11-01T01:30:00-04:00
            America/New_York | 2026-11-01 | 02:00:00 | 2026-11-01T02:00:00-05:00
            Europe/Berlin | 2026-03-29 | 02:30:00 | 2026-03-29T03:00:00+02:00
            Europe/Berlin | 2026-10-25 | 02:30:00 | 2026-10-25T02:30:00+02:00
            Australia/Sydney | 2026-10-04 | 02:30:00 | 2026-10-04T03:00:00+11:00
            Australia/Sydney | 2026-04-05 | 02:30:00 | 2026-04-05T02:30:00+11:00
            Pacific/Apia | 2011-12-30 | 18:30:00 | 2011-12-31T00:00:00+14:00
            UTC | 2026-06-01 | 18:30:00 | 2026-06-01T18:30:00+00:00
        ";
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let case: Vec<&str> = line.split('|').map(str::trim).collect();
            let [zone, date, time, want] = case[..] else {
                panic!("{case:?}")
            };
            let tz: Tz = zone.parse().unwrap();
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let time = NaiveTime::parse_from_str(time, "%H:%M:%S").unwrap();
            let got = local_instant(tz, date, time);
            assert_eq!(got.to_rfc3339(), want, "{case:?}");
        }
    }
}
