//! Small value types of the group file: durations ("2h30m"), offsets ("14d"),
//! email addresses (checked in `address`, re-exported here) and clock times,
//! each parsed with an error that says how to fix it.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

pub use super::address::{Mailbox, check_address, parse_address};

/// A length of time such as an event's duration: `"90m"`, `"2h"`, `"2h30m"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(pub u32);

impl Minutes {
    pub fn parse(s: &str) -> Result<Minutes> {
        let hint = "write hours and minutes, like \"90m\", \"2h\" or \"2h30m\"";
        let total = sum_units(s, "duration", hint, &[('h', 60), ('m', 1)], true)?;
        if total == 0 {
            return fail(format!(
                "invalid duration \"{s}\": it must be longer than zero; {hint}"
            ));
        }
        if total > 7 * 24 * 60 {
            return fail(format!(
                "invalid duration \"{s}\": longer than a week; {hint}"
            ));
        }
        Ok(Minutes(total as u32))
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.0))
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.0 / 60, self.0 % 60);
        match (h, m) {
            (0, m) => write!(f, "{m}m"),
            (h, 0) => write!(f, "{h}h"),
            (h, m) => write!(f, "{h}h{m}m"),
        }
    }
}

/// An offset in whole days from a date: `"14d"`, `"3w"`, `"1d"`, `"0d"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Days(pub u32);

impl Days {
    pub fn parse(s: &str) -> Result<Days> {
        let hint = "write days or weeks, like \"14d\", \"3w\" or \"1d\"";
        // An offset may repeat a unit (`1d1d`); a duration names each once.
        let total = sum_units(s, "offset", hint, &[('w', 7), ('d', 1)], false)?;
        if total > 3660 {
            return fail(format!(
                "invalid offset \"{s}\": more than ten years; {hint}"
            ));
        }
        Ok(Days(total as u32))
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.0))
    }
}

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 != 0 && self.0.is_multiple_of(7) {
            write!(f, "{}w", self.0 / 7)
        } else {
            write!(f, "{}d", self.0)
        }
    }
}

fn fail<T>(message: String) -> Result<T> {
    Err(Error::failed(message))
}

/// The sum of "2h30m" in the smallest unit, each unit `(letter, size)` from
/// `units`. With `once`, each unit may appear at most once.
fn sum_units(s: &str, what: &str, hint: &str, units: &[(char, u64)], once: bool) -> Result<u64> {
    let parts = split_units(s)
        .map_err(|e| Error::failed(format!("invalid {what} \"{s}\": {e}; {hint}")))?;
    let mut total: u64 = 0;
    let mut seen = String::new();
    for (n, unit) in parts {
        if once && seen.contains(unit) {
            return fail(format!(
                "invalid {what} \"{s}\": `{unit}` given twice; {hint}"
            ));
        }
        seen.push(unit);
        match units.iter().find(|(u, _)| *u == unit) {
            Some((_, size)) => total += n * size,
            None => {
                return fail(format!(
                    "invalid {what} \"{s}\": unknown unit `{unit}`; {hint}"
                ));
            }
        }
    }
    Ok(total)
}

/// Serializes each type as its `Display` text ("2h30m", "14d"), as the file writes it.
macro_rules! serialize_as_text {
    ($($t:ty),+) => {
        $(impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        })+
    };
}

serialize_as_text!(Minutes, Days);

/// Splits "2h30m" into [(2,'h'), (30,'m')].
fn split_units(s: &str) -> std::result::Result<Vec<(u64, char)>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err("it is empty");
    }
    let mut out = Vec::new();
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else if c.is_ascii_alphabetic() {
            if num.is_empty() {
                return Err("a unit needs a number before it");
            }
            let n: u64 = num.parse().map_err(|_| "the number is too large")?;
            if n > 1_000_000 {
                return Err("the number is too large");
            }
            out.push((n, c.to_ascii_lowercase()));
            num.clear();
        } else {
            return Err("only digits and units are allowed");
        }
    }
    if !num.is_empty() {
        return Err("the number has no unit");
    }
    Ok(out)
}

/// `"18:30"` (or `"18:30:00"`), a wall-clock time.
pub fn parse_time(s: &str) -> Result<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M:%S"))
        .map_err(|_| {
            Error::failed(format!(
                "invalid time \"{s}\": write a 24-hour clock time like \"18:30\""
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for (s, m) in [
            ("90m", 90),
            ("2h", 120),
            ("2h30m", 150),
            ("1H", 60),
            (" 45m ", 45),
        ] {
            assert_eq!(Minutes::parse(s).ok(), Some(Minutes(m)), "{s}");
            assert_eq!(
                Minutes::parse(&Minutes(m).to_string()).ok(),
                Some(Minutes(m))
            );
        }
        for s in [
            "",
            "2",
            "h",
            "2x",
            "2h2h",
            "0m",
            "-5m",
            "2.5h",
            "99999999999999999999m",
            "1 h",
        ] {
            let err = Minutes::parse(s).unwrap_err().to_string();
            assert!(err.contains("\"2h30m\""), "{s}: {err}");
        }
    }

    #[test]
    fn offsets() {
        for (s, d) in [("14d", 14), ("3w", 21), ("1d", 1), ("0d", 0), ("1w2d", 9)] {
            assert_eq!(Days::parse(s).ok(), Some(Days(d)), "{s}");
        }
        assert_eq!(Days(21).to_string(), "3w");
        assert_eq!(Days(10).to_string(), "10d");
        for s in ["", "14", "2h", "d", "1y"] {
            assert!(
                Days::parse(s).unwrap_err().to_string().contains("\"14d\""),
                "{s}"
            );
        }
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("18:30").unwrap().to_string(), "18:30:00");
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("6pm").is_err());
    }
}
