//! The schedule rule: parsing the human forms and RFC 5545 RRULEs, and computing occurrences (pure functions).
//!
//! SPEC §2. A rule is one of the human forms (`"second tuesday monthly"`,
//! `"every other wednesday"`, `"first thursday of january, april, july and
//! october"`) or an RRULE. The human forms are read in `human.rs`, RRULEs in
//! `rrule.rs`, and every form is expanded by the same engine, the RRULE
//! expander in `rrule.rs`: a human form is a fixed RRULE plus one human twist,
//! that weeks count from the first matching day on or after the anchor.
//!
//! The anchor plays the part of RFC 5545's DTSTART: there are no occurrences
//! before it, and INTERVAL and COUNT count from it. Callers pass
//! `schedule.since`, else the first event in the file; with no anchor the
//! first matching day on or after `from` is the anchor.
//!
//! Dates come first ([`Rule::dates_from`]); [`occurrences`] then drops the
//! `skip` dates and places each date at the local meetup time with
//! [`local_instant`], which decides what daylight-saving changes do to it.

mod human;
mod rrule;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;

use rrule::{Expander, WEEKDAYS};
pub use rrule::{Freq, RRule, Until};

/// Which weekday of the month a human rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    /// Months without a fifth such weekday are skipped.
    Fifth,
    Last,
}

impl Nth {
    const ALL: [Nth; 6] = [
        Nth::First,
        Nth::Second,
        Nth::Third,
        Nth::Fourth,
        Nth::Fifth,
        Nth::Last,
    ];

    /// The RRULE ordinal: 1 to 5, or -1 for the last.
    pub fn ordinal(self) -> i32 {
        match self {
            Nth::Last => -1,
            n => n as i32 + 1,
        }
    }
    fn word(self) -> &'static str {
        ["first", "second", "third", "fourth", "fifth", "last"][self as usize]
    }
}

/// A set of months (1 = January).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Months(u16);

impl Months {
    pub const ALL: Months = Months(0b1_1111_1111_1110);

    /// The set of the given months; numbers outside 1..=12 are ignored.
    pub fn of(months: impl IntoIterator<Item = u32>) -> Months {
        Months(
            months
                .into_iter()
                .filter(|m| (1..=12).contains(m))
                .fold(0, |acc, m| acc | 1 << m),
        )
    }
    pub fn contains(self, month: u32) -> bool {
        month < 16 && self.0 >> month & 1 == 1
    }
    pub fn iter(self) -> impl Iterator<Item = u32> {
        (1..=12).filter(move |&m| self.contains(m))
    }
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
}

/// A parsed `schedule.rule`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `"second tuesday monthly"`, or `"first thursday of january, april, july, october"`.
    Nth {
        nth: Nth,
        weekday: Weekday,
        months: Months,
    },
    /// `"every tuesday"` (interval 1), `"every other tuesday"` (2), `"every 3 weeks on tuesday"`.
    Weekly { weekday: Weekday, interval: u32 },
    /// Any other RRULE (one that reads like a human form is kept as written, too).
    RRule(RRule),
}

/// A rule that could not be parsed: the rule as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub rule: String,
    pub reason: String,
}

/// Every accepted form with an example, as error messages list them (also for `--help`).
pub const ACCEPTED_FORMS: &str = "    \
    <nth> <weekday> monthly            \"second tuesday monthly\"
    <nth> <weekday> of every month     \"last thursday of every month\"
    <nth> <weekday> of <month>, ...    \"first thursday of january, april, july and october\"
    every <weekday>                    \"every wednesday\"
    every other <weekday>              \"every other wednesday\"
    every <n> weeks on <weekday>       \"every 3 weeks on monday\"
    an iCalendar RRULE (RFC 5545)      \"RRULE:FREQ=MONTHLY;BYDAY=2TU\"
  <nth> is first, second, third, fourth, fifth (months without one are skipped) or last,
  or 1st to 5th; weekdays and months may be abbreviated (tue, jan); weeks count from
  schedule.since, else the first event. An RRULE may use FREQ=WEEKLY, MONTHLY or YEARLY
  with INTERVAL, BYDAY, BYMONTH, BYMONTHDAY, BYSETPOS, COUNT, UNTIL and WKST.";

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Quote at most a line's worth: the rule may be any string from the file.
        let (rule, reason) = (clip(&self.rule, 100), clip(&self.reason, 300));
        write!(
            f,
            "schedule rule {rule:?} is not understood: {reason}\n  accepted forms:\n{ACCEPTED_FORMS}"
        )
    }
}

impl std::error::Error for RuleError {}

/// `?` turns it into the tool's error (the accepted forms are in the message).
impl crate::error::Hinted for RuleError {}

fn clip(s: &str, chars: usize) -> Cow<'_, str> {
    match s.char_indices().nth(chars) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

impl FromStr for Rule {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Rule, RuleError> {
        Rule::parse(s)
    }
}

impl Rule {
    /// Parse case-insensitively. Error quotes the rule and lists the accepted forms.
    pub fn parse(s: &str) -> Result<Rule, RuleError> {
        let t = s.trim();
        let is_rrule =
            t.contains('=') || t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("rrule:"));
        let parsed = if is_rrule {
            rrule::parse(t).and_then(check_alive).map(Rule::RRule)
        } else {
            human::parse(t)
        };
        parsed.map_err(|reason| RuleError {
            rule: s.to_string(),
            reason,
        })
    }

    /// True for the week-counting forms (`every <weekday>`, every other, every n weeks, RRULE FREQ=WEEKLY with INTERVAL>1) that need an anchor.
    ///
    /// Also true for any RRULE whose dates depend on DTSTART: an INTERVAL over 1,
    /// a COUNT, or no BYDAY/BYMONTHDAY (the day then comes from the anchor).
    pub fn needs_anchor(&self) -> bool {
        match self {
            Rule::Nth { .. } => false,
            Rule::Weekly { .. } => true,
            Rule::RRule(r) => r.interval > 1 || r.count.is_some() || r.uses_start_day(),
        }
    }

    /// The rule as an RRULE, for the expander (borrowed when it is one).
    fn as_rrule(&self) -> Cow<'_, RRule> {
        match self {
            Rule::Nth {
                nth,
                weekday,
                months,
            } => {
                let mut r = RRule::new(Freq::Monthly);
                let w = weekday.num_days_from_monday() as usize;
                match nth.ordinal() {
                    n if n > 0 => r.ord_pos[w] = 1 << n,
                    n => r.ord_neg[w] = 1 << -n,
                }
                r.months = if *months == Months::ALL { 0 } else { months.0 };
                Cow::Owned(r)
            }
            Rule::Weekly { weekday, interval } => {
                let mut r = RRule::new(Freq::Weekly);
                r.interval = *interval;
                r.weekdays = 1 << weekday.num_days_from_monday();
                Cow::Owned(r)
            }
            Rule::RRule(r) => Cow::Borrowed(r),
        }
    }

    /// The rule as RFC 5545 RRULE text (without the `RRULE:` prefix), e.g. for a calendar feed.
    pub fn to_rrule(&self) -> String {
        self.as_rrule().to_string()
    }

    /// The first date on or after `day` that has the rule's shape (ignoring INTERVAL and COUNT).
    fn first_match(&self, day: NaiveDate) -> Option<NaiveDate> {
        Expander::new(self.as_rrule(), day, day, false).next()
    }

    /// Occurrence dates on or after `from`, in increasing order, unbounded (or bounded by RRULE UNTIL/COUNT).
    /// `anchor`: the date week counting starts from (schedule.since, else the first event); when None, the first matching day on/after `from` is the anchor.
    /// Skip dates are NOT handled here.
    pub fn dates_from(
        &self,
        from: NaiveDate,
        anchor: Option<NaiveDate>,
    ) -> Box<dyn Iterator<Item = NaiveDate> + '_> {
        // An RRULE's anchor is its DTSTART, as written; a human form counts
        // weeks from the first matching day, so "since = a Monday" still means
        // that week's Wednesday for "every other wednesday".
        let start = match (anchor, self) {
            (Some(a), Rule::RRule(_)) => Some(a),
            (Some(a), _) => self.first_match(a),
            (None, _) => self.first_match(from),
        };
        match start {
            Some(start) => Box::new(Expander::new(self.as_rrule(), start, from, true)),
            None => Box::new(std::iter::empty()),
        }
    }

    /// True when `date` is an occurrence of the rule (same anchor semantics).
    pub fn matches(&self, date: NaiveDate, anchor: Option<NaiveDate>) -> bool {
        self.dates_from(date, anchor).next() == Some(date)
    }

    /// A short human description, e.g. "the second Tuesday of every month", "every other Wednesday".
    pub fn describe(&self) -> String {
        match self {
            Rule::Nth {
                nth,
                weekday,
                months,
            } if *months == Months::ALL => {
                let tail = if *nth == Nth::Fifth {
                    " that has one"
                } else {
                    ""
                };
                format!(
                    "the {} {} of every month{tail}",
                    nth.word(),
                    weekday_name(*weekday)
                )
            }
            Rule::Nth {
                nth,
                weekday,
                months,
            } => {
                let names: Vec<&str> = months.iter().map(month_name).collect();
                format!(
                    "the {} {} of {}",
                    nth.word(),
                    weekday_name(*weekday),
                    join(&names, "and")
                )
            }
            Rule::Weekly {
                weekday,
                interval: 1,
            } => format!("every {}", weekday_name(*weekday)),
            Rule::Weekly {
                weekday,
                interval: 2,
            } => format!("every other {}", weekday_name(*weekday)),
            Rule::Weekly { weekday, interval } => {
                format!("every {interval} weeks on {}", weekday_name(*weekday))
            }
            Rule::RRule(r) => match simple_form(r) {
                Some(human) => human.describe(),
                None => describe_rrule(r),
            },
        }
    }

    /// The nominal gap between meetups in days (monthly ≈ 30, every other week = 14, quarterly ≈ 91), used for "momentum" warnings.
    pub fn rhythm_days(&self) -> i64 {
        match self {
            Rule::Nth { months, .. } => (365.25 / f64::from(months.count().max(1))).round() as i64,
            Rule::Weekly { interval, .. } => 7 * i64::from(*interval),
            Rule::RRule(r) => match simple_form(r) {
                Some(human) => human.rhythm_days(),
                None => {
                    // Measure the pattern: the mean gap over 28 years (the
                    // weekday calendar's cycle), ignoring COUNT and UNTIL.
                    let mut free = r.clone();
                    (free.count, free.until) = (None, None);
                    let start = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default();
                    let end = NaiveDate::from_ymd_opt(2029, 1, 1).unwrap_or_default();
                    let dates = Expander::new(Cow::Owned(free), start, start, true);
                    let (mut first, mut last, mut n) = (None, start, 0i64);
                    for d in dates.take_while(|d| *d < end).take(1000) {
                        first.get_or_insert(d);
                        (last, n) = (d, n + 1);
                    }
                    let nominal = match r.freq {
                        Freq::Weekly => 7,
                        Freq::Monthly => 30,
                        Freq::Yearly => 365,
                    } * i64::from(r.interval);
                    match first {
                        Some(f) if n > 1 => {
                            ((last - f).num_days() as f64 / (n - 1) as f64).round() as i64
                        }
                        _ => nominal,
                    }
                }
            },
        }
    }

    /// The UNTIL of an RRULE.
    pub fn until(&self) -> Option<Until> {
        match self {
            Rule::RRule(r) => r.until,
            _ => None,
        }
    }
}

impl fmt::Display for Rule {
    /// The description, as [`Rule::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// An RRULE rejected at parse time because no date can ever satisfy it
/// (`BYMONTH=2;BYMONTHDAY=30`), rather than an iterator that finds nothing.
fn check_alive(r: RRule) -> Result<RRule, String> {
    let day = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default();
    if r.uses_start_day()
        || Expander::new(Cow::Borrowed(&r), day, day, false)
            .next()
            .is_some()
    {
        Ok(r)
    } else {
        Err(format!("no date ever matches `{r}`"))
    }
}

/// The human form an RRULE spells, when it spells one exactly.
fn simple_form(r: &RRule) -> Option<Rule> {
    if (r.interval != 1 && r.freq != Freq::Weekly)
        || r.count.is_some()
        || r.until.is_some()
        || !r.setpos.is_empty()
        || (r.mdays_pos | r.mdays_neg) != 0
    {
        return None;
    }
    let mut ords = r.ordinals();
    match (r.freq, ords.next(), ords.next()) {
        (Freq::Weekly, None, None) if r.weekdays.count_ones() == 1 && r.months == 0 => {
            Some(Rule::Weekly {
                weekday: WEEKDAYS[r.weekdays.trailing_zeros() as usize],
                interval: r.interval,
            })
        }
        (Freq::Monthly | Freq::Yearly, Some((n, w)), None) if r.weekdays == 0 => {
            let nth = Nth::ALL.into_iter().find(|x| x.ordinal() == n)?;
            let months = match r.months {
                0 if r.freq == Freq::Monthly => Months::ALL,
                0 => return None,
                m => Months(m),
            };
            Some(Rule::Nth {
                nth,
                weekday: WEEKDAYS[w],
                months,
            })
        }
        _ => None,
    }
}

fn describe_rrule(r: &RRule) -> String {
    let unit = match r.freq {
        Freq::Weekly => "week",
        Freq::Monthly => "month",
        Freq::Yearly => "year",
    };
    let mut s = match r.interval {
        1 => format!("every {unit}"),
        2 => format!("every other {unit}"),
        n => format!("every {n} {unit}s"),
    };
    if r.months != 0 {
        let names: Vec<&str> = Months(r.months).iter().map(month_name).collect();
        s += &format!(" in {}", join(&names, "and"));
    }
    let days: Vec<String> = r
        .ordinals()
        .map(|(n, w)| format!("the {} {}", ordinal_word(n), weekday_name(WEEKDAYS[w])))
        .chain(
            (0..7)
                .filter(|w| r.weekdays >> w & 1 == 1)
                .map(|w| weekday_name(WEEKDAYS[w]).to_string()),
        )
        .collect();
    let mdays: Vec<String> = (1..=31)
        .filter(|d| r.mdays_pos >> d & 1 == 1)
        .map(ordinal_number)
        .chain(
            (1..=31)
                .filter(|d| r.mdays_neg >> d & 1 == 1)
                .map(|d| format!("{} day", ordinal_word(-d))),
        )
        .collect();
    match (days.is_empty(), mdays.is_empty()) {
        (false, true) => s += &format!(" on {}", join(&days, "and")),
        (true, false) => s += &format!(" on the {}", join(&mdays, "and")),
        (false, false) => {
            s += &format!(
                " on the {} when it is a {}",
                join(&mdays, "or"),
                join(&days, "or")
            )
        }
        (true, true) => {
            s += &format!(
                " on the anchor's {}",
                if r.freq == Freq::Weekly {
                    "weekday"
                } else {
                    "day"
                }
            )
        }
    }
    if !r.setpos.is_empty() {
        let picks: Vec<String> = r
            .setpos
            .iter()
            .map(|&p| ordinal_word(i32::from(p)))
            .collect();
        s += &format!(", only the {} of those in each {unit}", join(&picks, "and"));
    }
    match (r.count, r.until) {
        (Some(1), _) => s += ", once",
        (Some(n), _) => s += &format!(", {n} times"),
        (_, Some(u)) => s += &format!(", until {}", u.date()),
        _ => {}
    }
    s
}

fn weekday_name(w: Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][w.num_days_from_monday() as usize]
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(m: u32) -> &'static str {
    MONTH_NAMES
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// "first", "second", ..., "21st"; negative: "last", "second-to-last".
fn ordinal_word(n: i32) -> String {
    let words = ["first", "second", "third", "fourth", "fifth"];
    match n {
        -1 => "last".into(),
        n if n < 0 => format!("{}-to-last", ordinal_word(n.saturating_neg())),
        1..=5 => words[n as usize - 1].into(),
        n => ordinal_number(n),
    }
}

/// "1st", "2nd", "11th", "23rd".
fn ordinal_number(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "a", "a and b", "a, b and c".
fn join<S: AsRef<str>>(items: &[S], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., tail] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {last} {}", init.join(", "), tail.as_ref())
        }
    }
}

// ---- instants ---------------------------------------------------------------

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

/// Occurrences (as instants at `time` in `tz`) on or after `from` (a date), skipping `skip` dates; lazily.
pub fn occurrences<'a>(
    rule: &'a Rule,
    tz: Tz,
    time: NaiveTime,
    skip: &'a [NaiveDate],
    anchor: Option<NaiveDate>,
    from: NaiveDate,
) -> impl Iterator<Item = DateTime<Tz>> + 'a {
    let until = rule.until();
    rule.dates_from(from, anchor)
        .filter(move |d| !skip.contains(d))
        .map(move |d| (d, local_instant(tz, d, time)))
        // The dates stop at UNTIL's date; a date-time UNTIL also cuts by the time of day.
        .take_while(move |(d, t)| match until {
            Some(Until::Utc(u)) => t.naive_utc() <= u,
            Some(Until::Floating(u)) => d.and_time(time) <= u,
            _ => true,
        })
        .map(|(_, t)| t)
}
