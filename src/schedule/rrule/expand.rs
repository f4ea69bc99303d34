//! Expanding an [`RRule`] into dates, from DTSTART (the anchor) on.
//!
//! Expansion follows RFC 5545 §3.3.10 as python-dateutil implements it (the
//! reference the tests cross-check against): DTSTART (our anchor) is an
//! occurrence only when it matches the rule, and COUNT counts matching dates
//! from DTSTART. Two dateutil quirks are not copied: a BYDAY list mixing plain
//! and ordinal days (`MO,-1FR`) is a union, and BYSETPOS counts through the
//! whole first period even when DTSTART falls inside it.
//!
//! Every BYxxx part that is supported is a predicate on a single day, so a
//! period (a week, month or year) is expanded into a bit set of its matching
//! days on the stack (a few word operations per month; day by day for weeks
//! and year-wide ordinals); BYSETPOS then picks from that set. Stepping
//! through occurrences allocates nothing.

use std::borrow::Cow;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Freq, RRule, Until};

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
pub(in crate::schedule) struct Expander<'a> {
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
    pub(in crate::schedule) fn new(
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
