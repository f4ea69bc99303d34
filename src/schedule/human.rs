//! The human forms of the schedule rule: "second tuesday monthly", "every
//! other wednesday", "every 3 weeks on monday", "first thursday of january,
//! april, july and october". Words are matched case-insensitively; a word that
//! is not understood gets a reason that says what was expected, with the
//! nearest weekday or month when it looks like a typo.

use chrono::{Month, Weekday};

use super::describe::{month_name, ordinal_number, weekday_name};
use super::rrule::WEEKDAYS;
use super::{Months, Nth, Rule};

const COUNT_FROM_END: &str = "counting back from the end (second-to-last and so on) needs an RRULE, \
                              e.g. FREQ=MONTHLY;BYDAY=-2MO for the second-to-last Monday";
const ORDINALS_HELP: &str = "use first, second, third, fourth, fifth or last (1st to 5th)";

/// A weekday, full or abbreviated ("tue", "tues", "tuesdays"): chrono reads
/// the full and three-letter names.
fn parse_weekday(word: &str) -> Result<Weekday, String> {
    let w = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3)
        .unwrap_or(word);
    let w = match w {
        "tues" | "weds" | "thur" | "thurs" => &w[..3],
        w => w,
    };
    w.parse::<Weekday>().map_err(|_| {
        let names = WEEKDAYS.map(|d| weekday_name(d).to_lowercase());
        format!("unknown weekday `{word}`{}", suggest(word, &names))
    })
}

/// A month's number (1 = January), full or abbreviated ("jan", "sept"): chrono
/// reads the full and three-letter names.
fn parse_month(word: &str) -> Result<u32, String> {
    let w = if word == "sept" { "sep" } else { word };
    match w.parse::<Month>() {
        Ok(m) => Ok(m.number_from_month()),
        Err(_) => {
            let names: Vec<String> = (1..=12).map(|m| month_name(m).to_lowercase()).collect();
            Err(format!("unknown month `{word}`{}", suggest(word, &names)))
        }
    }
}

fn parse_nth(word: &str) -> Option<Nth> {
    Nth::ALL
        .into_iter()
        .find(|n| n.word() == word || n.ordinal() > 0 && ordinal_number(n.ordinal()) == word)
}

/// A word that is an ordinal, just not one ug accepts ("sixth", "6th", "2th").
fn looks_ordinal(word: &str) -> bool {
    let numeric = word.len() > 2 && word.is_char_boundary(word.len() - 2) && {
        let (num, suffix) = word.split_at(word.len() - 2);
        num.bytes().all(|b| b.is_ascii_digit()) && ["st", "nd", "rd", "th"].contains(&suffix)
    };
    numeric
        || [
            "sixth", "seventh", "eighth", "ninth", "tenth", "next", "final",
        ]
        .contains(&word)
}

/// " (did you mean `x`?)" for the nearest candidate within a few edits.
fn suggest(word: &str, candidates: &[String]) -> String {
    let best = candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .min();
    match best {
        Some((d, c)) if d <= 3 && d < word.chars().count() => format!(" (did you mean `{c}`?)"),
        _ => String::new(),
    }
}

/// Parse a human form; the error is the reason only.
pub(super) fn parse(text: &str) -> Result<Rule, String> {
    let lower = text.to_lowercase().replace(',', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        [] => Err("the rule is empty".into()),
        ["every" | "each", rest @ ..] => parse_every(rest),
        [first, rest @ ..] => match parse_nth(first) {
            Some(nth) => parse_nth_form(nth, rest),
            None if first.ends_with("-to-last") || *first == "penultimate" => {
                Err(COUNT_FROM_END.into())
            }
            None if looks_ordinal(first) => Err(format!(
                "`{first}` is not an ordinal ug knows: {ORDINALS_HELP}"
            )),
            None if ["weekly", "biweekly", "fortnightly"].contains(first) => Err(format!(
                "`{first}` needs a weekday: e.g. \"every tuesday\" or \"every other tuesday\""
            )),
            None if ["monthly", "quarterly"].contains(first) => Err(format!(
                "`{first}` needs a weekday: e.g. \"second tuesday monthly\" or \"first thursday of january, april, july, october\""
            )),
            None if parse_weekday(first).is_ok() => Err(format!(
                "say which `{first}`: e.g. \"second {first} monthly\" or \"every {first}\""
            )),
            None => Err(format!(
                "a rule starts with `every`, an ordinal (first ... last) or `RRULE:`, not `{first}`"
            )),
        },
    }
}

/// After "every": `<weekday>`, `other <weekday>`, `<n> weeks on <weekday>`.
fn parse_every(words: &[&str]) -> Result<Rule, String> {
    let weekly = |interval: u32, day: &str| {
        Ok(Rule::Weekly {
            weekday: parse_weekday(day)?,
            interval,
        })
    };
    match words {
        [] => Err("a weekday is missing after `every`".into()),
        [day] if ["day", "month", "year", "week"].contains(day) => Err(format!(
            "`every {day}` needs a weekday: e.g. \"every tuesday\" or \"first monday monthly\""
        )),
        [day] => weekly(1, day),
        ["other", day] => weekly(2, day),
        ["other", "week", "on", day] | ["other", "week", day] => weekly(2, day),
        ["week", "on", day] => weekly(1, day),
        [n, "week" | "weeks", "on", day] | [n, "week" | "weeks", day] => match n.parse::<u32>() {
            Ok(0) => Err("the interval must be at least 1 week".into()),
            Ok(n) => weekly(n, day),
            Err(_) => Err(format!(
                "`{n}` is not a number of weeks: e.g. \"every 3 weeks on monday\""
            )),
        },
        [nth, day, ..] if parse_nth(nth).is_some() && parse_weekday(day).is_ok() => Err(format!(
            "\"every {nth} {day}\" is ambiguous: write \"{nth} {day} monthly\" for once a month, or \"every other {day}\" / \"every 2 weeks on {day}\""
        )),
        [day, extra, ..] if parse_weekday(day).is_ok() => Err(format!(
            "unexpected `{extra}` after \"every {day}\"; for several weekdays use an RRULE like FREQ=WEEKLY;BYDAY=TU,TH"
        )),
        [n, ..] if n.parse::<i64>().is_ok() => {
            Err(format!("expected \"every {n} weeks on <weekday>\""))
        }
        [first, ..] => Err(parse_weekday(first)
            .err()
            .unwrap_or_else(|| format!("cannot read \"every {}\"", words.join(" ")))),
    }
}

/// After the ordinal: `<weekday> monthly`, `<weekday> of every month`, `<weekday> of <months>`.
fn parse_nth_form(nth: Nth, words: &[&str]) -> Result<Rule, String> {
    let Some((day, rest)) = words.split_first() else {
        return Err(format!("a weekday is missing after `{}`", nth.word()));
    };
    if ["last", "to", "to-last"].contains(day) {
        return Err(COUNT_FROM_END.into());
    }
    let weekday = parse_weekday(day)?;
    let nth_rule = |months| {
        Ok(Rule::Nth {
            nth,
            weekday,
            months,
        })
    };
    match rest {
        ["monthly"]
        | ["of" | "in", "every" | "each" | "the", "month"]
        | ["every" | "each", "month"] => nth_rule(Months::ALL),
        [] => Err(format!(
            "say how often: \"{} {day} monthly\" or \"{} {day} of january, july\"",
            nth.word(),
            nth.word()
        )),
        ["of" | "in", months @ ..] if !months.is_empty() => {
            let mut set = 0u16;
            for m in months.iter().filter(|m| **m != "and") {
                set |= 1 << parse_month(m)?;
            }
            if set == 0 {
                Err("the list of months is empty".into())
            } else {
                nth_rule(Months(set))
            }
        }
        [word, ..] => Err(format!(
            "unexpected `{word}` after \"{} {day}\": expected `monthly` or `of <month>, ...`",
            nth.word()
        )),
    }
}
