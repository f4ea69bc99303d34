//! The announcement list: how many members, who can be mailed, joins per
//! month over the last year, leaves and bounces. The file records when a
//! member joined but not when one left, so leaves are a total, not a month.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::Group;

/// Joins are counted per month over this many months, ending with today's.
pub const MONTHS: usize = 12;

#[derive(Debug, Serialize)]
pub struct List {
    pub members: usize,
    /// Neither unsubscribed nor bounced: who gets the mail.
    pub mailable: usize,
    /// Left the list (`unsubscribed = true`); the file keeps no date for it.
    pub leaves: usize,
    pub bounced: usize,
    /// Joins per month, oldest first, the last being today's month.
    pub joins: Vec<MonthCount>,
    /// Members whose `joined` is not given: in no month.
    pub joined_unknown: usize,
}

#[derive(Debug, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: usize,
}

pub(super) fn list(g: &Group, today: NaiveDate) -> List {
    let members = &g.members;
    let months: Vec<(i32, u32)> = (0..MONTHS)
        .rev()
        .map(|back| month_back(today, back))
        .collect();
    List {
        members: members.len(),
        mailable: members.iter().filter(|m| m.is_mailable()).count(),
        leaves: members.iter().filter(|m| m.unsubscribed).count(),
        bounced: members.iter().filter(|m| m.bounced).count(),
        joins: months
            .iter()
            .map(|&(y, m)| MonthCount {
                month: format!("{y:04}-{m:02}"),
                count: members
                    .iter()
                    .filter(|x| {
                        x.joined
                            .is_some_and(|d| d.year() == y && d.month() == m && d <= today)
                    })
                    .count(),
            })
            .collect(),
        joined_unknown: members.iter().filter(|m| m.joined.is_none()).count(),
    }
}

/// The (year, month) `back` months before `today`'s.
pub(super) fn month_back(today: NaiveDate, back: usize) -> (i32, u32) {
    let index = today.year() * 12 + today.month0() as i32 - back as i32;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}
