//! RFC 5545 recurrence rules (`FREQ=MONTHLY;BYDAY=2TU`): parsing one, and
//! expanding it into dates.
//!
//! Only the date-level parts are supported: a meetup happens once on its day,
//! at `schedule.time`, so BYHOUR and friends have no meaning here. Expansion
//! follows RFC 5545 §3.3.10 as python-dateutil implements it (the reference
//! the tests cross-check against): DTSTART (our anchor) is an occurrence only
//! when it matches the rule, and COUNT counts matching dates from DTSTART.
//! Two dateutil quirks are not copied: a BYDAY list mixing plain and ordinal
//! days (`MO,-1FR`) is a union, and BYSETPOS counts through the whole first
//! period even when DTSTART falls inside it.
//!
//! Every BYxxx part that is supported is a predicate on a single day, so a
//! period (a week, month or year) is expanded into a bit set of its matching
//! days on the stack (a few word operations per month; day by day for weeks
//! and year-wide ordinals); BYSETPOS then picks from that set. Stepping
//! through occurrences allocates nothing.

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};

pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const SUPPORTED: &str = "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, BYSETPOS, WKST";

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

fn int(name: &str, v: &str, lo: i32, hi: i32) -> Result<i32, String> {
    match v.parse::<i32>() {
        Ok(n) if n != 0 && (lo..=hi).contains(&n) => Ok(n),
        Ok(0) => Err(format!("{name}={v}: 0 is not allowed")),
        _ if lo < 0 => Err(format!("{name}={v}: expected 1 to {hi} or {lo} to -1")),
        _ => Err(format!(
            "{name}={v}: expected a whole number from {lo} to {hi}"
        )),
    }
}

fn weekday_code(s: &str) -> Option<usize> {
    CODES.iter().position(|c| *c == s)
}

/// Parse an RRULE (the `RRULE:` prefix optional, any case). The error is the
/// reason only; the caller quotes the rule.
pub(super) fn parse(text: &str) -> Result<RRule, String> {
    let upper = text.trim().to_ascii_uppercase();
    if upper.contains("DTSTART") {
        return Err(
            "DTSTART is not part of the rule: put the first meetup's date in schedule.since".into(),
        );
    }
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let mut r = RRule::new(Freq::Weekly);
    let mut freq = None;
    let mut bydays: Vec<(i32, usize, &str)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!("`{part}` is not a NAME=VALUE part"));
        };
        let (name, value) = (name.trim(), value.trim());
        if seen.contains(&name) {
            return Err(format!("{name} is given twice"));
        }
        seen.push(name);
        let items = || value.split(',').map(str::trim);
        if value.is_empty() || items().any(str::is_empty) {
            return Err(format!("{name}={value}: a value is missing"));
        }
        match name {
            "FREQ" => {
                freq = Some(match value {
                    "WEEKLY" => Freq::Weekly,
                    "MONTHLY" => Freq::Monthly,
                    "YEARLY" => Freq::Yearly,
                    "DAILY" | "HOURLY" | "MINUTELY" | "SECONDLY" => {
                        return Err(format!(
                            "FREQ={value} is not supported: use WEEKLY, MONTHLY or YEARLY"
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "FREQ={value} is not a frequency (WEEKLY, MONTHLY or YEARLY)"
                        ));
                    }
                })
            }
            "INTERVAL" => r.interval = int(name, value, 1, i32::MAX)? as u32,
            "COUNT" => r.count = Some(int(name, value, 1, i32::MAX)? as u32),
            "UNTIL" => r.until = Some(parse_until(value)?),
            "WKST" => {
                let w = weekday_code(value).ok_or_else(|| {
                    format!("WKST={value}: expected MO, TU, WE, TH, FR, SA or SU")
                })?;
                r.wkst = WEEKDAYS[w];
            }
            "BYMONTH" => {
                for v in items() {
                    r.months |= 1 << int(name, v, 1, 12)?;
                }
            }
            "BYMONTHDAY" => {
                for v in items() {
                    match int(name, v, -31, 31)? {
                        d if d > 0 => r.mdays_pos |= 1 << d,
                        d => r.mdays_neg |= 1 << -d,
                    }
                }
            }
            "BYSETPOS" => {
                for v in items() {
                    r.setpos.push(int(name, v, -366, 366)? as i16);
                }
                r.setpos.sort_unstable();
                r.setpos.dedup();
            }
            "BYDAY" => {
                for v in items() {
                    let split = v.len().saturating_sub(2);
                    let (num, code) = if v.is_ascii() {
                        v.split_at(split)
                    } else {
                        (v, "")
                    };
                    let w = weekday_code(code).ok_or_else(|| {
                        format!("BYDAY={value}: `{v}` is not a weekday (MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal like 2TU or -1FR)")
                    })?;
                    let n = match num.parse::<i32>() {
                        _ if num.is_empty() => 0,
                        Ok(n) if n != 0 && n.abs() <= 53 => n,
                        _ => {
                            return Err(format!(
                                "BYDAY={value}: in `{v}` the ordinal must be 1 to 53 or -53 to -1"
                            ));
                        }
                    };
                    bydays.push((n, w, v));
                }
            }
            "BYHOUR" | "BYMINUTE" | "BYSECOND" => {
                return Err(format!(
                    "{name} is not supported: the time of day is schedule.time"
                ));
            }
            "BYYEARDAY" | "BYWEEKNO" | "RSCALE" | "SKIP" => {
                return Err(format!(
                    "{name} is not supported (supported parts: {SUPPORTED})"
                ));
            }
            _ => {
                return Err(format!(
                    "unknown RRULE part `{name}` (supported parts: {SUPPORTED})"
                ));
            }
        }
    }
    r.freq = freq.ok_or("FREQ is required (e.g. FREQ=MONTHLY;BYDAY=2TU)")?;
    if r.count.is_some() && r.until.is_some() {
        return Err("COUNT and UNTIL cannot both be given".into());
    }
    if r.freq == Freq::Weekly && (r.mdays_pos | r.mdays_neg) != 0 {
        return Err("BYMONTHDAY cannot be used with FREQ=WEEKLY".into());
    }
    // Ordinals count within the month, except in a YEARLY rule without BYMONTH.
    let year_scope = r.freq == Freq::Yearly && r.months == 0;
    for (n, w, v) in bydays {
        match n {
            0 => r.weekdays |= 1 << w,
            _ if r.freq == Freq::Weekly => {
                return Err(format!(
                    "BYDAY={v}: an ordinal weekday cannot be used with FREQ=WEEKLY (write {})",
                    CODES[w]
                ));
            }
            _ if !year_scope && n.abs() > 5 => {
                return Err(format!(
                    "BYDAY={v}: a month has at most five of any weekday (ordinals 1 to 5, or -1 to -5)"
                ));
            }
            n if n > 0 => r.ord_pos[w] |= 1 << n,
            n => r.ord_neg[w] |= 1 << -n,
        }
    }
    if !r.setpos.is_empty() && r.months == 0 && r.uses_start_day() {
        return Err("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from".into());
    }
    Ok(r)
}

fn parse_until(v: &str) -> Result<Until, String> {
    let bad =
        || format!("UNTIL={v}: expected a date like 20271231 or a date-time like 20271231T235959Z");
    let date = v
        .get(..8)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .ok_or_else(bad)?;
    let (rest, utc) = match v.get(8..) {
        Some("") => return Ok(Until::Date(date)),
        Some(rest) => rest.strip_suffix('Z').map_or((rest, false), |r| (r, true)),
        None => return Err(bad()),
    };
    let time = rest
        .strip_prefix('T')
        .filter(|t| t.len() == 6)
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H%M%S").ok())
        .ok_or_else(bad)?;
    let t = date.and_time(time);
    Ok(if utc {
        Until::Utc(t)
    } else {
        Until::Floating(t)
    })
}

fn weekday0(d: NaiveDate) -> u32 {
    d.weekday().num_days_from_monday()
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The set bits of a word, lowest first.
struct Bits(u64);

impl Iterator for Bits {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let i = self.0.trailing_zeros();
        self.0 &= self.0.checked_sub(1)?;
        Some(i)
    }
}

/// The candidate days of one period, as offsets from its first day.
#[derive(Clone, Copy, Default)]
struct DaySet([u64; 6]);

impl DaySet {
    fn insert(&mut self, i: u32) {
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }
    /// Or `bits` (bit 0 = day `offset`) into the set.
    fn or_bits(&mut self, offset: u32, bits: u64) {
        let (word, shift) = ((offset / 64) as usize, offset % 64);
        if let Some(w) = self.0.get_mut(word) {
            *w |= bits << shift;
        }
        if let (Some(w), true) = (self.0.get_mut(word + 1), shift > 0) {
            *w |= bits >> (64 - shift);
        }
    }
    fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
    /// The first member at or after `i`.
    fn next_from(&self, i: u32) -> Option<u32> {
        let mut word = (i / 64) as usize;
        let mut bits = self.0.get(word)? & (u64::MAX << (i % 64));
        loop {
            if bits != 0 {
                return Some(word as u32 * 64 + bits.trailing_zeros());
            }
            word += 1;
            bits = *self.0.get(word)?;
        }
    }
    /// The `k`-th member (0-based).
    fn nth(&self, mut k: u32) -> Option<u32> {
        for (i, &word) in self.0.iter().enumerate() {
            let n = word.count_ones();
            if k >= n {
                k -= n;
                continue;
            }
            let mut bits = word;
            for _ in 0..k {
                bits &= bits - 1;
            }
            return Some(i as u32 * 64 + bits.trailing_zeros());
        }
        None
    }
}

/// A period that found nothing for this many periods in a row never will:
/// the Gregorian calendar repeats every 400 years (20871 weeks, 4800 months),
/// so the visited periods repeat their pattern within that many steps.
fn dead_after(freq: Freq) -> u32 {
    match freq {
        Freq::Weekly => 20871,
        Freq::Monthly => 4800,
        Freq::Yearly => 400,
    }
}

fn period_start(freq: Freq, wkst: Weekday, d: NaiveDate) -> Option<NaiveDate> {
    match freq {
        Freq::Weekly => d.checked_sub_days(Days::new(u64::from(d.weekday().days_since(wkst)))),
        Freq::Monthly => d.with_day(1),
        Freq::Yearly => NaiveDate::from_ymd_opt(d.year(), 1, 1),
    }
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// The period `n` periods after the one starting at `p`.
fn advance(freq: Freq, p: NaiveDate, n: i64) -> Option<NaiveDate> {
    match freq {
        Freq::Weekly => p.checked_add_days(Days::new(u64::try_from(n).ok()?.checked_mul(7)?)),
        Freq::Monthly => {
            let i = month_index(p).checked_add(n)?;
            NaiveDate::from_ymd_opt(
                i32::try_from(i.div_euclid(12)).ok()?,
                i.rem_euclid(12) as u32 + 1,
                1,
            )
        }
        Freq::Yearly => NaiveDate::from_ymd_opt(
            i32::try_from(i64::from(p.year()).checked_add(n)?).ok()?,
            1,
            1,
        ),
    }
}

/// Walks the occurrences of an RRULE from DTSTART (`start`).
pub(super) struct Expander<'a> {
    rule: Cow<'a, RRule>,
    interval: u32,
    /// The rule's day filters, with the RFC defaults from DTSTART filled in.
    months: u16,
    mdays_pos: u32,
    mdays_neg: u32,
    weekdays: u8,
    /// The weekdays BYDAY names, with or without an ordinal.
    byday_days: u8,
    start: NaiveDate,
    /// Dates before this are counted (COUNT) but not yielded.
    emit_from: NaiveDate,
    until: Option<NaiveDate>,
    remaining: Option<u32>,
    period: NaiveDate,
    filled: bool,
    set: DaySet,
    cursor: u32,
    empty_run: u32,
    done: bool,
}

impl<'a> Expander<'a> {
    /// `exact`: false to ignore INTERVAL, COUNT and UNTIL (the shape of the rule only).
    pub(super) fn new(
        rule: Cow<'a, RRule>,
        start: NaiveDate,
        from: NaiveDate,
        exact: bool,
    ) -> Expander<'a> {
        let r = &*rule;
        let (mut months, mut mdays_pos, mut weekdays) = (r.months, r.mdays_pos, r.weekdays);
        if r.uses_start_day() {
            match r.freq {
                Freq::Weekly => weekdays = 1 << start.weekday().num_days_from_monday(),
                Freq::Monthly => mdays_pos = 1 << start.day(),
                Freq::Yearly => {
                    if months == 0 {
                        months = 1 << start.month();
                    }
                    mdays_pos = 1 << start.day();
                }
            }
        }
        let interval = if exact { r.interval.max(1) } else { 1 };
        let remaining = if exact { r.count } else { None };
        let until = if exact {
            r.until.map(Until::date)
        } else {
            None
        };
        let first = period_start(r.freq, r.wkst, start);
        // Without COUNT nothing before `from` matters: jump to the period of
        // `from`, rounded down to a multiple of INTERVAL from DTSTART's period.
        let jump = match (remaining, first, period_start(r.freq, r.wkst, from)) {
            (None, Some(p0), Some(pf)) if pf > p0 => {
                let n = match r.freq {
                    Freq::Weekly => (pf - p0).num_days() / 7,
                    Freq::Monthly => month_index(pf) - month_index(p0),
                    Freq::Yearly => i64::from(pf.year()) - i64::from(p0.year()),
                };
                advance(r.freq, p0, n - n % i64::from(interval))
            }
            _ => first,
        };
        Expander {
            interval,
            months,
            mdays_pos,
            mdays_neg: r.mdays_neg,
            weekdays,
            byday_days: (0..7)
                .filter(|&w| weekdays >> w & 1 == 1 || r.ord_pos[w] | r.ord_neg[w] != 0)
                .fold(0, |a, w| a | 1 << w),
            start,
            emit_from: from.max(start),
            until,
            remaining,
            period: jump.unwrap_or(start),
            filled: false,
            set: DaySet::default(),
            cursor: 0,
            empty_run: 0,
            done: jump.is_none(),
            rule,
        }
    }

    /// Expand the current period into `self.set`.
    fn fill(&mut self) {
        let r = &*self.rule;
        let (p, mut set) = (self.period, DaySet::default());
        let year_ordinals = r.months == 0 && r.ord_pos.iter().chain(&r.ord_neg).any(|&b| b != 0);
        match r.freq {
            Freq::Monthly => set.or_bits(0, self.month_days(p.year(), p.month(), weekday0(p)) >> 1),
            // Ordinals of a YEARLY rule without BYMONTH count through the year: see fill_by_day.
            Freq::Yearly if !year_ordinals => {
                let (mut offset, mut w1) = (0, weekday0(p));
                for m in 1..=12 {
                    set.or_bits(offset, self.month_days(p.year(), m, w1) >> 1);
                    let dim = days_in_month(p.year(), m);
                    (offset, w1) = (offset + dim, (w1 + dim) % 7);
                }
            }
            _ => self.fill_by_day(&mut set),
        }
        if !r.setpos.is_empty() {
            let n = set.len() as i32;
            let mut picked = DaySet::default();
            for &sp in &r.setpos {
                let k = if sp > 0 {
                    i32::from(sp) - 1
                } else {
                    n + i32::from(sp)
                };
                if let Some(i) = u32::try_from(k).ok().and_then(|k| set.nth(k)) {
                    picked.insert(i);
                }
            }
            set = picked;
        }
        self.set = set;
        self.cursor = 0;
    }
}

impl Expander<'_> {
    /// The matching days of one month, as bit d for day d: a few word
    /// operations per weekday instead of a test per day. `w1`: the weekday of the 1st (0 = Monday).
    fn month_days(&self, y: i32, m: u32, w1: u32) -> u64 {
        let r = &*self.rule;
        if self.months != 0 && self.months >> m & 1 == 0 {
            return 0;
        }
        let dim = days_in_month(y, m);
        let mut bits = (1u64 << (dim + 1)) - 2;
        if (self.mdays_pos | self.mdays_neg) != 0 {
            let mut days = u64::from(self.mdays_pos);
            for k in (1..=dim).filter(|k| self.mdays_neg >> k & 1 == 1) {
                days |= 1 << (dim + 1 - k);
            }
            bits &= days;
        }
        if self.byday_days != 0 {
            const EVERY_WEEK: u64 = 1 | 1 << 7 | 1 << 14 | 1 << 21 | 1 << 28;
            let mut days = 0;
            for w in Bits(u64::from(self.byday_days)) {
                // The day of the first and of the last such weekday in the month.
                let first = 1 + (w + 7 - w1) % 7;
                let last = first + (dim - first) / 7 * 7;
                if self.weekdays >> w & 1 == 1 {
                    days |= EVERY_WEEK << first;
                }
                for n in Bits(r.ord_pos[w as usize]).take_while(|n| *n <= 5) {
                    days |= 1 << (first + 7 * (n - 1));
                }
                for n in Bits(r.ord_neg[w as usize]).take_while(|n| *n <= 5) {
                    days |= (1 << last) >> (7 * (n - 1));
                }
            }
            bits &= days;
        }
        bits
    }

    /// The general case, one test per day: weekly periods (which may span two
    /// months) and YEARLY ordinals counted through the whole year.
    fn fill_by_day(&self, set: &mut DaySet) {
        let r = &*self.rule;
        let p = self.period;
        let len = match r.freq {
            Freq::Weekly => 7,
            _ => 365 + u32::from(is_leap(p.year())),
        };
        let year_scope = r.freq == Freq::Yearly && r.months == 0;
        let has_byday = self.byday_days != 0;
        let has_mdays = (self.mdays_pos | self.mdays_neg) != 0;
        let (mut y, mut m, mut d) = (p.year(), p.month(), p.day());
        let (mut dim, mut wd, mut yday) = (
            days_in_month(y, m),
            p.weekday().num_days_from_monday(),
            p.ordinal(),
        );
        let mut ylen = 365 + u32::from(is_leap(y));
        for i in 0..len {
            let ok = (self.months == 0 || self.months >> m & 1 == 1)
                && (!has_mdays
                    || self.mdays_pos >> d & 1 == 1
                    || self.mdays_neg >> (dim + 1 - d) & 1 == 1)
                && (!has_byday || self.weekdays >> wd & 1 == 1 || {
                    // Which Tuesday of the month (or year) this is, from either end.
                    let (pos, n) = if year_scope { (yday, ylen) } else { (d, dim) };
                    let w = wd as usize;
                    r.ord_pos[w] >> ((pos - 1) / 7 + 1) & 1 == 1
                        || r.ord_neg[w] >> ((n - pos) / 7 + 1) & 1 == 1
                });
            if ok {
                set.insert(i);
            }
            (wd, d, yday) = ((wd + 1) % 7, d + 1, yday + 1);
            if d > dim {
                (d, m) = (1, m + 1);
                if m > 12 {
                    (m, y, yday) = (1, y + 1, 1);
                    ylen = 365 + u32::from(is_leap(y));
                }
                dim = days_in_month(y, m);
            }
        }
    }
}

impl Iterator for Expander<'_> {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        while !self.done && self.remaining != Some(0) {
            let Some(i) = self.set.next_from(self.cursor) else {
                if self.filled {
                    match advance(self.rule.freq, self.period, i64::from(self.interval)) {
                        Some(p) => self.period = p,
                        None => self.done = true,
                    }
                }
                self.filled = true;
                if self.done || self.until.is_some_and(|u| self.period > u) {
                    self.done = true;
                    break;
                }
                self.fill();
                self.empty_run = if self.set.len() == 0 {
                    self.empty_run + 1
                } else {
                    0
                };
                self.done = self.empty_run > dead_after(self.rule.freq);
                continue;
            };
            self.cursor = i + 1;
            let Some(date) = self.period.checked_add_days(Days::new(u64::from(i))) else {
                self.done = true;
                break;
            };
            if self.until.is_some_and(|u| date > u) {
                self.done = true;
                break;
            }
            if date < self.start {
                continue;
            }
            if let Some(r) = &mut self.remaining {
                *r -= 1;
            }
            if date >= self.emit_from {
                return Some(date);
            }
        }
        None
    }
}
