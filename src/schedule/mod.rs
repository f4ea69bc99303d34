//! The schedule rule: parsing the human forms and RFC 5545 RRULEs, and computing occurrences (pure functions).
//!
//! SPEC §2. A rule is one of the human forms (`"second tuesday monthly"`,
//! `"every other wednesday"`, `"first thursday of january, april, july and
//! october"`) or an RRULE. The human forms are read in `human.rs`, RRULEs in
//! `rrule/parse.rs`, and every form is expanded by the same engine, the RRULE
//! expander in `rrule/expand.rs`: a human form is a fixed RRULE plus one human
//! twist, that weeks count from the first matching day on or after the anchor.
//! What a rule says in words (and its rhythm) is in `describe.rs`.
//!
//! The anchor plays the part of RFC 5545's DTSTART: there are no occurrences
//! before it, and INTERVAL and COUNT count from it. Callers pass
//! `schedule.since`, else the first event in the file; with no anchor the
//! first matching day on or after `from` is the anchor.
//!
//! Dates come first ([`Rule::dates_from`]); [`occurrences`] then drops the
//! `skip` dates and places each date at the local meetup time with
//! [`local_instant`] (it lives in `clock.rs`), which decides what
//! daylight-saving changes do to it.

mod describe;
mod human;
mod rrule;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

pub use crate::clock::local_instant;
use rrule::Expander;
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

impl RuleError {
    /// The first line: the rule quoted, and why it is not understood. One
    /// line always: control characters in the reason (which may quote the
    /// rule's words) are escaped, as the quoted rule's are.
    pub fn message(&self) -> String {
        // Quote at most a line's worth: the rule may be any string from the file.
        let rule = clip(&self.rule, 100);
        let mut reason = String::new();
        for c in clip(&self.reason, 300).chars() {
            if c.is_control() {
                reason.extend(c.escape_default());
            } else {
                reason.push(c);
            }
        }
        format!("schedule rule {rule:?} is not understood: {reason}")
    }

    /// What to write instead: the accepted forms, each with an example.
    pub fn hint(&self) -> String {
        format!("accepted forms:\n{ACCEPTED_FORMS}")
    }
}

/// The message, then the hint on the following lines.
impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  {}", self.message(), self.hint())
    }
}

impl std::error::Error for RuleError {}

/// `?` turns it into the tool's one error (exit 1), its hint (the accepted
/// forms) kept apart. A caller that got the rule from the command line wants
/// `Error::usage(e.message(), e.hint())` instead (exit 2).
impl crate::error::Hinted for RuleError {
    fn message(&self) -> String {
        RuleError::message(self)
    }

    fn hint(&self) -> Option<String> {
        Some(RuleError::hint(self))
    }
}

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

    /// The UNTIL of an RRULE.
    pub fn until(&self) -> Option<Until> {
        match self {
            Rule::RRule(r) => r.until,
            _ => None,
        }
    }
}

/// An RRULE rejected at parse time because no date can ever satisfy it
/// (`BYMONTH=2;BYMONTHDAY=30`), rather than an iterator that finds nothing.
/// A BYSETPOS no week can reach (`FREQ=WEEKLY;BYDAY=TH;BYSETPOS=2`) is
/// caught before any search: the expander would walk 400 years of weeks.
fn check_alive(r: RRule) -> Result<RRule, String> {
    let day = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default();
    if r.setpos_out_of_reach() {
        Err(format!("no date ever matches `{r}`"))
    } else if r.uses_start_day()
        || Expander::new(Cow::Borrowed(&r), day, day, false)
            .next()
            .is_some()
    {
        Ok(r)
    } else {
        Err(format!("no date ever matches `{r}`"))
    }
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
