//! What a rule says: its description in words ([`Rule::describe`]), the
//! nominal gap between meetups ([`Rule::rhythm_days`]), and the human form an
//! RRULE spells when it spells one exactly. Weekday and month names are
//! chrono's.

use std::borrow::Cow;
use std::fmt;

use chrono::{Month, NaiveDate, Weekday};

use super::rrule::{Expander, WEEKDAYS};
use super::{Freq, Months, Nth, RRule, Rule};

impl Rule {
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
}

impl fmt::Display for Rule {
    /// The description, as [`Rule::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
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

/// A weekday's English name ("Tuesday"), as chrono's `%A` writes it.
pub(super) fn weekday_name(w: Weekday) -> String {
    NaiveDate::from_isoywd_opt(2001, 1, w)
        .map_or_else(|| w.to_string(), |d| d.format("%A").to_string())
}

/// A month's English name ("January"; 1 is January), chrono's [`Month::name`].
pub(super) fn month_name(m: u32) -> &'static str {
    u8::try_from(m)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .map_or("?", |m| m.name())
}

/// "first", "second", ..., "21st"; negative: "last", "second-to-last".
fn ordinal_word(n: i32) -> String {
    match n {
        n if n < -1 => format!("{}-to-last", ordinal_word(n.saturating_neg())),
        n => Nth::ALL
            .into_iter()
            .find(|x| x.ordinal() == n)
            .map_or_else(|| ordinal_number(n), |x| x.word().into()),
    }
}

/// "1st", "2nd", "11th", "23rd".
pub(super) fn ordinal_number(n: i32) -> String {
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
