//! `ug members`: the list in numbers. How many are subscribed, unsubscribed
//! and bounced, and the growth by month (who joined when, from `joined`),
//! drawn as one row per year with a column per month, to fit 80 columns.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Status;
use crate::model::Group;
use crate::words::plural;

/// The list's counts and its growth, as printed and as `--json`.
#[derive(Debug, Serialize)]
pub struct ListView {
    pub today: NaiveDate,
    pub total: usize,
    pub subscribed: usize,
    pub unsubscribed: usize,
    pub bounced: usize,
    /// Entries without a `joined` date (not in `months`).
    pub no_joined_date: usize,
    /// Joined in the 12 months up to today (any state now).
    pub joined_last_12_months: usize,
    /// Every month from the first join to the last (or today), with the
    /// joins that month and the list's size at its end (joins so far).
    pub months: Vec<Month>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `2026-03`
    pub month: String,
    pub joined: usize,
    pub total: usize,
}

impl ListView {
    pub fn new(g: &Group, today: NaiveDate) -> ListView {
        let mut counts = [0usize; 3];
        let mut by_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
        let mut no_date = 0;
        let mut last_12 = 0;
        let year_ago = today - chrono::Months::new(12);
        for m in &g.members {
            counts[Status::of(m) as usize] += 1;
            match m.joined {
                Some(d) => {
                    *by_month.entry((d.year(), d.month())).or_default() += 1;
                    if d > year_ago && d <= today {
                        last_12 += 1;
                    }
                }
                None => no_date += 1,
            }
        }
        ListView {
            today,
            total: g.members.len(),
            subscribed: counts[Status::Subscribed as usize],
            unsubscribed: counts[Status::Unsubscribed as usize],
            bounced: counts[Status::Bounced as usize],
            no_joined_date: no_date,
            joined_last_12_months: last_12,
            months: months(&by_month, today),
        }
    }
}

/// Every month from the first key to the last key or today's month,
/// whichever is later, zeros included.
fn months(by_month: &BTreeMap<(i32, u32), usize>, today: NaiveDate) -> Vec<Month> {
    let (Some(&first), Some(&last)) = (by_month.keys().next(), by_month.keys().next_back()) else {
        return Vec::new();
    };
    let end = last.max((today.year(), today.month()));
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    let mut total = 0;
    while (y, m) <= end {
        let joined = by_month.get(&(y, m)).copied().unwrap_or(0);
        total += joined;
        out.push(Month {
            month: format!("{y:04}-{m:02}"),
            joined,
            total,
        });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl fmt::Display for ListView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Members: {} ({} subscribed, {} unsubscribed, {} bounced)",
            self.total, self.subscribed, self.unsubscribed, self.bounced
        )?;
        if self.total == 0 {
            return writeln!(
                f,
                "Add members with `ug members add EMAIL` or `ug members import FILE.csv`."
            );
        }
        writeln!(
            f,
            "Joined in the last 12 months: {}",
            plural(self.joined_last_12_months as i64, "member")
        )?;
        if !self.months.is_empty() {
            writeln!(f)?;
            self.growth(f)?;
        }
        if self.no_joined_date > 0 {
            writeln!(
                f,
                "{} without a joined date (not counted above)",
                plural(self.no_joined_date as i64, "member")
            )?;
        }
        Ok(())
    }
}

impl ListView {
    /// Joins per month, a row per year (`.` for none), the year's joins and
    /// the list's size at the year's end: 8 + 12 × 4 + 2 × 7 = 70 columns.
    fn growth(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Joined  ")?;
        for m in MONTHS {
            write!(f, "{m:>4}")?;
        }
        writeln!(f, "{:>7}{:>7}", "year", "total")?;
        for year in self.months.chunk_by(|a, b| a.month[..4] == b.month[..4]) {
            let Some(first) = year.first() else { continue };
            let start: usize = first.month[5..].parse().unwrap_or(1);
            write!(f, "{:<8}", &first.month[..4])?;
            write!(f, "{}", " ".repeat(4 * (start - 1)))?;
            for m in year {
                match m.joined {
                    0 => write!(f, "{:>4}", ".")?,
                    n => write!(f, "{n:>4}")?,
                }
            }
            write!(f, "{}", " ".repeat(4 * (12 - (start - 1 + year.len()))))?;
            let joined: usize = year.iter().map(|m| m.joined).sum();
            let total = year.last().map_or(0, |m| m.total);
            writeln!(f, "{joined:>7}{total:>7}")?;
        }
        Ok(())
    }
}
