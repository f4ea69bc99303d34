//! The cross-check of ug's schedule engine against the `rrule` crate (a
//! second RFC 5545 implementation, a port of python-dateutil's): random
//! rules of the forms SPEC §2 allows (the human forms, by their RRULE, and
//! the RRULE subset), a random DTSTART (ug's anchor) over 1990-2045 in zones
//! with odd daylight-saving rules, and a random meetup time; ug's next K
//! occurrences (`schedule::occurrences`) against the crate's.
//!
//! Where ug differs on purpose, the case is shaped to compare like with like,
//! or the difference is checked for exactly:
//! - A human weekly form counts weeks from its first matching day on or after
//!   the anchor (SPEC §2): the crate's DTSTART is that day.
//! - A BYDAY mixing plain and ordinal days (`MO,-1FR`) is a union in ug (RFC
//!   5545); dateutil and this crate intersect them. Such a rule is compared
//!   with the crate's set of two rules, the plain and the ordinal days.
//! - BYSETPOS counts through the whole first period in ug (RFC 5545);
//!   dateutil and this crate start a WEEKLY rule's first week at DTSTART.
//!   A WEEKLY rule with BYSETPOS gets its DTSTART on a week's first day.
//! - A meetup whose local time does not exist that day (the spring-forward
//!   gap) or exists twice (the fall-back fold) still happens in ug: at the
//!   first wall time after the gap, or the earlier of the two instants
//!   (`clock::local_instant`); the crate drops that occurrence. Those dates
//!   are checked to be exactly such days, with ug's instant; and a COUNT rule
//!   is compared only up to the first such day (the crate does not count it).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use proptest::collection::btree_set;
use proptest::prelude::*;
use proptest::sample::select;
use usergroup::schedule::{Rule, local_instant, occurrences};

const ZONES: [Tz; 10] = [
    chrono_tz::UTC,
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Apia,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Pacific::Chatham,
    chrono_tz::America::St_Johns,
    chrono_tz::Africa::Casablanca,
];
const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const NTH: [&str; 6] = ["first", "second", "third", "fourth", "fifth", "last"];

/// One cross-check case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The rule as ug reads it (a human form or an RRULE, UNTIL included).
    pub ug: String,
    /// The rule as the crate gets it (without UNTIL: see `until`), split in
    /// two where a BYDAY mixes plain and ordinal days.
    pub theirs: Vec<String>,
    pub until: Option<Until>,
    /// A human weekly form: the crate's DTSTART is its first day on or after the anchor.
    pub weekly_form: Option<Weekday>,
    pub tz: Tz,
    pub time: NaiveTime,
    pub anchor: NaiveDate,
    /// Days from the anchor to `from` (negative: before it).
    pub from: i64,
    pub k: usize,
}

#[derive(Debug, Clone, Copy)]
pub enum Until {
    /// `UNTIL=20271231`: the last date, local.
    Date(NaiveDate),
    /// `UNTIL=20271231T235959Z`.
    Utc(chrono::NaiveDateTime),
}

/// The human forms: (ug's words, the RRULE, the weekday of a weekly form).
fn human() -> impl Strategy<Value = (String, String, Option<Weekday>)> {
    let w = 0usize..7;
    prop_oneof![
        (0usize..6, w.clone(), any::<bool>()).prop_map(|(n, w, every)| {
            let tail = if every { "of every month" } else { "monthly" };
            let text = format!("{} {} {tail}", NTH[n], NAMES[w]);
            (
                text,
                format!("FREQ=MONTHLY;BYDAY={}{}", ord(n), CODES[w]),
                None,
            )
        }),
        (0usize..6, w.clone(), btree_set(0usize..12, 1..5)).prop_map(|(n, w, ms)| {
            let names: Vec<&str> = ms.iter().map(|m| MONTHS[*m]).collect();
            let nums: Vec<String> = ms.iter().map(|m| (m + 1).to_string()).collect();
            let text = format!("{} {} of {}", NTH[n], NAMES[w], names.join(", "));
            let rr = format!(
                "FREQ=YEARLY;BYMONTH={};BYDAY={}{}",
                nums.join(","),
                ord(n),
                CODES[w]
            );
            (text, rr, None)
        }),
        (1u32..6, w).prop_map(|(i, w)| {
            let text = match i {
                1 => format!("every {}", NAMES[w]),
                2 => format!("every other {}", NAMES[w]),
                i => format!("every {i} weeks on {}", NAMES[w]),
            };
            let rr = format!("FREQ=WEEKLY;INTERVAL={i};BYDAY={}", CODES[w]);
            (text, rr, Some(chrono_weekday(w)))
        }),
    ]
}

fn ord(n: usize) -> &'static str {
    ["1", "2", "3", "4", "5", "-1"][n]
}

fn chrono_weekday(w: usize) -> Weekday {
    Weekday::try_from(w as u8).expect("0 to 6")
}

/// The RRULE subset, within the ranges both implementations accept:
/// (ug's text, the crate's texts).
fn rrule() -> impl Strategy<Value = (String, Vec<String>)> {
    let freq = select(vec!["WEEKLY", "MONTHLY", "YEARLY"]);
    freq.prop_flat_map(|freq| {
        let weekly = freq == "WEEKLY";
        let months = prop::option::weighted(0.3, btree_set(1u32..=12, 1..4));
        let mdays = if weekly {
            Just(None).boxed()
        } else {
            prop::option::weighted(0.3, btree_set(prop_oneof![1i32..=31, -31i32..=-1], 1..4))
                .boxed()
        };
        let plain = prop::option::weighted(0.5, btree_set(0usize..7, 1..4));
        // Not -5 in a month nor -53 in a year: the crate refuses them (it
        // allows -4 to 5, and -52 to 53). A YEARLY rule also gets ordinals
        // through the year (20MO), without BYMONTH.
        let in_month = prop_oneof![1i32..=5, -4i32..=-1];
        let ordinal = if freq == "YEARLY" {
            prop_oneof![3 => in_month, 1 => 6i32..=53, 1 => -52i32..=-5].boxed()
        } else {
            in_month.boxed()
        };
        let ords = if weekly {
            Just(None).boxed()
        } else {
            prop::option::weighted(0.4, btree_set((ordinal, 0usize..7), 1..3)).boxed()
        };
        let setpos_max = if weekly { 7 } else { 31 };
        let setpos = prop::option::weighted(
            0.2,
            btree_set(prop_oneof![1i32..=setpos_max, -setpos_max..=-1], 1..3),
        );
        let interval = prop_oneof![8 => Just(1u32), 2 => 2u32..5, 1 => 5u32..60];
        let count = prop::option::weighted(0.2, 1u32..40);
        let wkst = prop_oneof![3 => Just(0usize), 1 => 0usize..7];
        (months, mdays, plain, ords, setpos, interval, count, wkst).prop_map(
            move |(months, mdays, plain, ords, setpos, interval, count, wkst)| {
                // Ordinals beyond 5 count through the year: no BYMONTH then.
                let months =
                    months.filter(|_| ords.iter().flatten().all(|(n, _)| (-5..=5).contains(n)));
                let mut head = vec![format!("FREQ={freq}")];
                if interval > 1 {
                    head.push(format!("INTERVAL={interval}"));
                }
                if let Some(c) = count {
                    head.push(format!("COUNT={c}"));
                }
                if let Some(ms) = &months {
                    head.push(format!("BYMONTH={}", list(ms.iter())));
                }
                if let Some(ds) = &mdays {
                    head.push(format!("BYMONTHDAY={}", list(ds.iter())));
                }
                let mut tail = Vec::new();
                if let Some(sp) = &setpos {
                    // BYSETPOS needs another BY part to pick from (both say so).
                    if months.is_some() || mdays.is_some() || plain.is_some() || ords.is_some() {
                        tail.push(format!("BYSETPOS={}", list(sp.iter())));
                    }
                }
                if wkst != 0 {
                    tail.push(format!("WKST={}", CODES[wkst]));
                }
                let plain: Vec<String> = plain
                    .iter()
                    .flatten()
                    .map(|w| CODES[*w].to_string())
                    .collect();
                let ords: Vec<String> = ords
                    .iter()
                    .flatten()
                    .map(|(n, w)| format!("{n}{}", CODES[*w]))
                    .collect();
                let text = |days: &[String]| {
                    let mut parts = head.clone();
                    if !days.is_empty() {
                        parts.push(format!("BYDAY={}", days.join(",")));
                    }
                    parts.extend(tail.iter().cloned());
                    parts.join(";")
                };
                let mixed = !plain.is_empty() && !ords.is_empty();
                if mixed && (count.is_some() || setpos.is_some()) {
                    // Not comparable (see the module doc): the plain days only.
                    let ug = text(&plain);
                    return (ug.clone(), vec![ug]);
                }
                let all: Vec<String> = plain.iter().chain(&ords).cloned().collect();
                // A mixed BYDAY is a union (see the module doc): the crate gets
                // two rules, the plain days and the ordinal ones.
                let theirs = if mixed {
                    vec![text(&plain), text(&ords)]
                } else {
                    vec![text(&all)]
                };
                (text(&all), theirs)
            },
        )
    })
}

fn list<T: ToString>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

pub fn case() -> impl Strategy<Value = Case> {
    let rule = prop_oneof![
        1 => human().prop_map(|(ug, rr, weekly)| (ug, vec![rr], weekly)),
        3 => rrule().prop_map(|(ug, theirs)| (ug, theirs, None)),
    ];
    let day = (1990i32..2045, 1u32..=366).prop_map(|(y, n)| {
        NaiveDate::from_yo_opt(y, n)
            .unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).expect("a day"))
    });
    let time = prop_oneof![
        select(vec![
            (2, 30),
            (1, 30),
            (0, 0),
            (0, 30),
            (23, 59),
            (3, 0),
            (2, 0)
        ]),
        (0u32..24, select(vec![0u32, 15, 30, 45])),
    ]
    .prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).expect("a time"));
    let until = prop::option::weighted(0.2, (0i64..3000, any::<bool>(), 0u32..86400));
    (
        rule,
        select(ZONES.to_vec()),
        time,
        day,
        until,
        -400i64..3000,
        1usize..15,
    )
        .prop_map(
            |((ug, theirs, weekly_form), tz, time, anchor, until, from, k)| {
                let until = until.map(|(days, utc, secs)| {
                    let d = anchor + Days::new(days as u64);
                    if utc {
                        Until::Utc(d.and_time(
                            NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("a time"),
                        ))
                    } else {
                        Until::Date(d)
                    }
                });
                // Only an RRULE has an UNTIL, and not with a COUNT (both refuse that).
                let until = until.filter(|_| ug.starts_with("FREQ=") && !ug.contains("COUNT="));
                let ug = match until {
                    Some(Until::Date(d)) => format!("{ug};UNTIL={}", d.format("%Y%m%d")),
                    Some(Until::Utc(t)) => format!("{ug};UNTIL={}", t.format("%Y%m%dT%H%M%SZ")),
                    None => ug,
                };
                Case {
                    ug,
                    theirs,
                    until,
                    weekly_form,
                    tz,
                    time,
                    anchor,
                    from,
                    k,
                }
            },
        )
}

/// ug's anchor: the case's, or for a WEEKLY rule with BYSETPOS the first
/// day of its week (see the module doc).
fn anchor(c: &Case) -> NaiveDate {
    if c.ug.contains("FREQ=WEEKLY") && c.ug.contains("BYSETPOS") {
        let wkst = CODES
            .iter()
            .position(|w| c.ug.contains(&format!("WKST={w}")))
            .map_or(Weekday::Mon, chrono_weekday);
        return c.anchor - Days::new(u64::from(c.anchor.weekday().days_since(wkst)));
    }
    c.anchor
}

/// The crate's DTSTART for the case, or None when the case cannot be put
/// to it (the meetup time falls in a gap or a fold that day).
fn dtstart(c: &Case) -> Option<DateTime<rrule::Tz>> {
    let mut day = anchor(c);
    if let Some(w) = c.weekly_form {
        day = day + Days::new(u64::from(w.days_since(day.weekday())));
    }
    let t = c.tz.from_local_datetime(&day.and_time(c.time)).single()?;
    Some(t.with_timezone(&rrule::Tz::Tz(c.tz)))
}

fn is_gap_or_fold(c: &Case, d: NaiveDate) -> bool {
    c.tz.from_local_datetime(&d.and_time(c.time))
        .single()
        .is_none()
}

/// The crate's until for the case, as an instant.
fn their_until(c: &Case) -> Option<Option<DateTime<rrule::Tz>>> {
    let utc = |t: DateTime<Tz>| t.with_timezone(&rrule::Tz::UTC);
    Some(match c.until? {
        Until::Utc(t) => Some(rrule::Tz::UTC.from_utc_datetime(&t)),
        Until::Date(d) => {
            let end = d.and_hms_opt(23, 59, 59)?;
            Some(utc(c.tz.from_local_datetime(&end).latest()?))
        }
    })
}

/// The crate's rule set for the case; `horizon`: stop there (for a rule
/// ug finds dead, whose COUNT is then dropped: the crate would otherwise
/// look through 100,000 periods, slowly, before giving up).
fn their_set(
    c: &Case,
    s: &Setup,
    horizon: Option<DateTime<rrule::Tz>>,
) -> Result<rrule::RRuleSet, String> {
    let mut set = rrule::RRuleSet::new(s.start);
    for text in &c.theirs {
        let text = match horizon {
            Some(_) => text
                .split(';')
                .filter(|p| !p.starts_with("COUNT="))
                .collect::<Vec<_>>()
                .join(";"),
            None => text.clone(),
        };
        let mut r: rrule::RRule<rrule::Unvalidated> = text
            .parse()
            .map_err(|e| format!("the crate cannot read {text}: {e}"))?;
        if let Some(u) = match (s.until, horizon) {
            (Some(u), Some(h)) => Some(u.min(h)),
            (u, h) => u.or(h),
        } {
            r = r.until(u);
        }
        let r = r
            .validate(s.start)
            .map_err(|e| format!("the crate refuses {text}: {e}"))?;
        set = set.rrule(r);
    }
    Ok(set)
}

/// A case put to both: the crate's DTSTART and UNTIL, and the first day compared.
pub struct Setup {
    start: DateTime<rrule::Tz>,
    until: Option<DateTime<rrule::Tz>>,
    from: NaiveDate,
}

/// The case's setup, or None when it cannot be put to the crate (the
/// meetup time at DTSTART, or the end of UNTIL's day, is in a gap or a fold;
/// or UNTIL is before DTSTART, which the crate refuses).
pub fn setup(c: &Case) -> Option<Setup> {
    let start = dtstart(c)?;
    let until = match c.until {
        None => None,
        Some(_) => their_until(c)?,
    };
    if until.is_some_and(|u| u < start) {
        return None;
    }
    let from = if c.from >= 0 {
        c.anchor + Days::new(c.from as u64)
    } else {
        c.anchor - Days::new(c.from.unsigned_abs())
    };
    Some(Setup { start, until, from })
}

/// What ug says: the next K occurrences, or that no date ever matches.
pub enum Ours {
    Dates(Vec<DateTime<Tz>>),
    Dead,
}

/// ug's side of a case (the part under the hang guard).
pub fn ours(c: &Case, s: &Setup) -> Result<Ours, String> {
    match Rule::parse(&c.ug) {
        Ok(rule) => Ok(Ours::Dates(
            occurrences(&rule, c.tz, c.time, &[], Some(anchor(c)), s.from)
                .take(c.k)
                .collect(),
        )),
        Err(e) if e.reason.starts_with("no date ever matches") => Ok(Ours::Dead),
        Err(e) => Err(format!("ug refuses {}: {}", c.ug, e.message())),
    }
}

/// The crate's side, compared with ug's.
pub fn verdict(c: &Case, s: &Setup, ours: Ours) -> Result<(), String> {
    let ours = match ours {
        Ours::Dates(d) => d,
        // ug refuses a rule no date can match: the crate finds none in 50 years either.
        Ours::Dead => {
            let horizon =
                (s.start + chrono::Duration::days(50 * 366)).with_timezone(&rrule::Tz::UTC);
            return match their_set(c, s, Some(horizon))?.into_iter().next() {
                None => Ok(()),
                Some(t) => Err(format!("ug refuses {} as dead, the crate has {t}", c.ug)),
            };
        }
    };
    // Enough of the crate's dates to cover ours (it may drop a few: see the module doc).
    let last = ours.last().map(|t| t.date_naive());
    let mut theirs: Vec<DateTime<Tz>> = Vec::new();
    for t in their_set(c, s, None)?.into_iter().take(20_000) {
        let t = t.with_timezone(&c.tz);
        let d = t.date_naive();
        if d < s.from {
            continue;
        }
        if ours.len() == c.k && last.is_some_and(|l| d > l) {
            break;
        }
        if theirs.last() != Some(&t) {
            theirs.push(t);
        }
        if theirs.len() > c.k + 20 {
            break;
        }
    }
    compare(c, &ours, &theirs)
}

/// A whole case, unguarded (the corpus replays).
pub fn check(c: &Case) -> Result<(), String> {
    let Some(s) = setup(c) else { return Ok(()) };
    let o = ours(c, &s)?;
    verdict(c, &s, o)
}

fn compare(c: &Case, ours: &[DateTime<Tz>], theirs: &[DateTime<Tz>]) -> Result<(), String> {
    let counted = c.ug.contains("COUNT=");
    let mut j = 0;
    for t in ours {
        let d = t.date_naive();
        if is_gap_or_fold(c, d) {
            if *t != local_instant(c.tz, d, c.time) {
                return Err(format!("{d}: ug's instant {t} is not local_instant's"));
            }
            if theirs.get(j).is_some_and(|x| x.date_naive() == d) {
                j += 1;
            }
            if counted {
                return Ok(()); // the crate does not count it: the rest shifts
            }
            continue;
        }
        match theirs.get(j) {
            Some(x) if x == t => j += 1,
            other => {
                return Err(format!(
                    "ug {t}, the crate {other:?} (ug {:?}, crate {:?})",
                    dates(ours),
                    dates(theirs)
                ));
            }
        }
    }
    let rest: Vec<_> = theirs[j..]
        .iter()
        .filter(|x| {
            ours.len() < c.k
                || ours
                    .last()
                    .is_some_and(|l| x.date_naive() <= l.date_naive())
        })
        .collect();
    if rest.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the crate has more: {:?} (ug {:?})",
            rest.iter().map(|t| t.date_naive()).collect::<Vec<_>>(),
            dates(ours)
        ))
    }
}

fn dates(ts: &[DateTime<Tz>]) -> Vec<NaiveDate> {
    ts.iter().map(|t| t.date_naive()).collect()
}

/// A case as one corpus line: `ug rule | crate rules (;; between) | until | weekday | tz | time | anchor | from | k`.
pub fn to_line(c: &Case) -> String {
    let until = match c.until {
        None => "-".to_string(),
        Some(Until::Date(d)) => d.to_string(),
        Some(Until::Utc(t)) => format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S")),
    };
    let weekly = c.weekly_form.map_or("-".to_string(), |w| w.to_string());
    format!(
        "{} | {} | {until} | {weekly} | {} | {} | {} | {} | {}",
        c.ug,
        c.theirs.join(" ;; "),
        c.tz.name(),
        c.time.format("%H:%M"),
        c.anchor,
        c.from,
        c.k
    )
}

/// Reads a corpus line back.
pub fn from_line(line: &str) -> Case {
    let f: Vec<&str> = line.split(" | ").map(str::trim).collect();
    let [ug, theirs, until, weekly, tz, time, anchor, from, k] = f[..] else {
        panic!("a cross-check corpus line has 9 fields: {line}")
    };
    let until = match until {
        "-" => None,
        u if u.ends_with('Z') => Some(Until::Utc(
            chrono::NaiveDateTime::parse_from_str(u.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
                .expect("an UNTIL date-time"),
        )),
        u => Some(Until::Date(u.parse().expect("an UNTIL date"))),
    };
    Case {
        ug: ug.to_string(),
        theirs: theirs.split(" ;; ").map(String::from).collect(),
        until,
        weekly_form: (weekly != "-").then(|| weekly.parse().expect("a weekday")),
        tz: tz.parse().expect("a zone"),
        time: NaiveTime::parse_from_str(time, "%H:%M").expect("a time"),
        anchor: anchor.parse().expect("an anchor"),
        from: from.parse().expect("from"),
        k: k.parse().expect("k"),
    }
}
