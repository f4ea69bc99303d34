//! RFC 5545 recurrence rules (`FREQ=MONTHLY;BYDAY=2TU`): the parsed rule
//! ([`RRule`], [`Freq`], [`Until`]) and its canonical text. Reading one is in
//! `parse.rs`, expanding it into dates in `expand.rs`.
//!
//! Only the date-level parts are supported: a meetup happens once on its day,
//! at `schedule.time`, so BYHOUR and friends have no meaning here.

mod expand;
mod parse;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, Weekday};

pub(super) use expand::Expander;
pub(super) use parse::parse;

pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
pub(super) const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// How far apart the periods of a rule are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freq {
    Weekly,
    Monthly,
    Yearly,
}

/// RRULE `UNTIL`: a date, a floating local date-time, or a UTC date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Until {
    Date(NaiveDate),
    /// `19971224T000000`: compared with the occurrence's local start.
    Floating(NaiveDateTime),
    /// `19971224T000000Z`: compared with the occurrence's instant.
    Utc(NaiveDateTime),
}

impl Until {
    /// The last date that may hold an occurrence. Dates alone cannot see the
    /// time of day, so [`super::occurrences`] applies a date-time UNTIL exactly.
    pub fn date(self) -> NaiveDate {
        match self {
            Until::Date(d) => d,
            Until::Floating(t) | Until::Utc(t) => t.date(),
        }
    }
}

/// A parsed RRULE. The parts are stored as bit sets and BYSETPOS sorted, so
/// two spellings of the same rule compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RRule {
    pub(super) freq: Freq,
    pub(super) interval: u32,
    pub(super) count: Option<u32>,
    pub(super) until: Option<Until>,
    /// Bit m for BYMONTH=m.
    pub(super) months: u16,
    /// Bit d for BYMONTHDAY=d, and for BYMONTHDAY=-d.
    pub(super) mdays_pos: u32,
    pub(super) mdays_neg: u32,
    /// Bit w (0 = Monday) for a BYDAY weekday without an ordinal.
    pub(super) weekdays: u8,
    /// Per weekday, bit n for BYDAY=+nXX, and for BYDAY=-nXX.
    pub(super) ord_pos: [u64; 7],
    pub(super) ord_neg: [u64; 7],
    pub(super) setpos: Vec<i16>,
    pub(super) wkst: Weekday,
}

impl RRule {
    pub(super) fn new(freq: Freq) -> RRule {
        RRule {
            freq,
            interval: 1,
            count: None,
            until: None,
            months: 0,
            mdays_pos: 0,
            mdays_neg: 0,
            weekdays: 0,
            ord_pos: [0; 7],
            ord_neg: [0; 7],
            setpos: Vec::new(),
            wkst: Weekday::Mon,
        }
    }
    pub fn freq(&self) -> Freq {
        self.freq
    }
    pub fn interval(&self) -> u32 {
        self.interval
    }
    pub fn count(&self) -> Option<u32> {
        self.count
    }
    pub fn until(&self) -> Option<Until> {
        self.until
    }
    pub(super) fn has_byday(&self) -> bool {
        self.weekdays != 0 || self.ord_pos.iter().chain(&self.ord_neg).any(|&b| b != 0)
    }
    /// The BYDAY ordinals as (n, weekday index), in the canonical order.
    pub(super) fn ordinals(&self) -> impl Iterator<Item = (i32, usize)> + '_ {
        (0..7).flat_map(move |w| {
            let pos = (1..=53).filter(move |n| self.ord_pos[w] >> n & 1 == 1);
            let neg = (1..=53)
                .filter(move |n| self.ord_neg[w] >> n & 1 == 1)
                .map(|n| -n);
            pos.chain(neg).map(move |n| (n, w))
        })
    }
    /// True when every BYSETPOS is beyond the most days one period can hold,
    /// so no period ever has a day to pick. A week holds one day per BYDAY
    /// weekday (DTSTART's alone without BYDAY); with ordinal weekdays alone
    /// (`BYDAY=20MO,-1FR`) a month or a year holds at most one day per
    /// ordinal (per month in BYMONTH); else a month 31 days, a year 366.
    pub(super) fn setpos_out_of_reach(&self) -> bool {
        let ordinals_only =
            self.has_byday() && self.weekdays == 0 && (self.mdays_pos | self.mdays_neg) == 0;
        let ordinals = self.ordinals().count() as u32;
        let most = match self.freq {
            Freq::Weekly if self.has_byday() => self.weekdays.count_ones(),
            Freq::Weekly => 1,
            Freq::Monthly if ordinals_only => ordinals,
            Freq::Monthly => 31,
            Freq::Yearly if ordinals_only && self.months == 0 => ordinals,
            Freq::Yearly if ordinals_only => ordinals * self.months.count_ones(),
            Freq::Yearly => 366,
        };
        !self.setpos.is_empty()
            && self
                .setpos
                .iter()
                .all(|k| u32::from(k.unsigned_abs()) > most)
    }
    /// True when no BYDAY/BYMONTHDAY is given, so the day comes from DTSTART.
    pub(super) fn uses_start_day(&self) -> bool {
        !self.has_byday() && self.mdays_pos == 0 && self.mdays_neg == 0
    }
}

/// The canonical RRULE text, without the `RRULE:` prefix.
impl fmt::Display for RRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if let Some(c) = self.count {
            write!(f, ";COUNT={c}")?;
        }
        match self.until {
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.format("%Y%m%d"))?,
            Some(Until::Floating(t)) => write!(f, ";UNTIL={}", t.format("%Y%m%dT%H%M%S"))?,
            Some(Until::Utc(t)) => write!(f, ";UNTIL={}", t.format("%Y%m%dT%H%M%SZ"))?,
            None => {}
        }
        let list = |f: &mut fmt::Formatter<'_>, name: &str, items: Vec<String>| {
            if items.is_empty() {
                Ok(())
            } else {
                write!(f, ";{name}={}", items.join(","))
            }
        };
        list(
            f,
            "BYMONTH",
            (1..=12)
                .filter(|m| self.months >> m & 1 == 1)
                .map(|m| m.to_string())
                .collect(),
        )?;
        let pos = (1..=31)
            .filter(|d| self.mdays_pos >> d & 1 == 1)
            .map(|d| d.to_string());
        let neg = (1..=31)
            .filter(|d| self.mdays_neg >> d & 1 == 1)
            .map(|d| format!("-{d}"));
        list(f, "BYMONTHDAY", pos.chain(neg).collect())?;
        let mut days: Vec<String> = self
            .ordinals()
            .map(|(n, w)| format!("{n}{}", CODES[w]))
            .collect();
        days.extend(
            (0..7)
                .filter(|w| self.weekdays >> w & 1 == 1)
                .map(|w| CODES[w].to_string()),
        );
        list(f, "BYDAY", days)?;
        list(
            f,
            "BYSETPOS",
            self.setpos.iter().map(i16::to_string).collect(),
        )?;
        if self.wkst != Weekday::Mon {
            write!(
                f,
                ";WKST={}",
                CODES[self.wkst.num_days_from_monday() as usize]
            )?;
        }
        Ok(())
    }
}
