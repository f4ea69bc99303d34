//! Tests of the schedule rule, a file per topic: the forms (`forms.rs`), the
//! RFC 5545 examples (`rfc.rs`), daylight-saving behaviour (`dst.rs`), a
//! cross-check against python-dateutil (`dateutil.rs`), and error messages
//! (`errors.rs`). This file holds the helpers they share.
//!
//! Most tables are `|`-separated text, one case a line, so they stay readable.

mod dateutil;
mod dst;
mod errors;
mod forms;
mod rfc;

use super::*;
use chrono::Datelike;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y%m%d"))
        .expect(s)
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect(s)
}

fn tz(name: &str) -> Tz {
    name.parse().expect(name)
}

fn rule(s: &str) -> Rule {
    Rule::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn dates(r: &Rule, from: &str, anchor: Option<&str>, n: usize) -> Vec<String> {
    let all = r.dates_from(d(from), anchor.map(d));
    all.take(n).map(|x| x.to_string()).collect()
}

/// The non-empty lines of a table, split at `|` and trimmed.
fn table(text: &str) -> impl Iterator<Item = Vec<&str>> {
    let lines = text.lines().filter(|l| !l.trim().is_empty());
    lines.map(|l| l.split('|').map(str::trim).collect())
}
