//! `ug members import FILE.csv`: which rows of a sheet (read by `sheet`)
//! join the list. Addresses compare in any case, against the file and the
//! rows before; an unsubscribed or bounced entry is never re-added.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::sheet::{Problem, Table};
use super::{NewMember, Status, dates, key};
use crate::model::{Group, units};

/// What an import does: the members to add (in file order) and what
/// happened to the other rows.
#[derive(Debug, Default, Serialize)]
pub struct ImportPlan {
    /// Data rows read (the header not counted).
    #[serde(skip)]
    pub rows: usize,
    #[serde(rename = "members_added")]
    pub added: Vec<NewMember>,
    /// Rows whose address is on the list already (any state), or came
    /// earlier in the same file.
    #[serde(skip)]
    pub already: usize,
    /// Of `already`: addresses on the list as unsubscribed or bounced,
    /// which an import never puts back.
    pub not_readded: Vec<String>,
    #[serde(rename = "skipped_rows")]
    pub skipped: Vec<Problem>,
}

/// Decides which rows join the list: a valid address, not on the list yet
/// (any case, any state: an unsubscribed or bounced entry stays as it is),
/// not earlier in the file. `joined` is the row's date, else `today`.
pub fn plan_import(g: &Group, table: Table, today: NaiveDate) -> ImportPlan {
    let on_list: HashMap<String, Status> = g
        .members
        .iter()
        .map(|m| (key(&m.email.value), Status::of(m)))
        .collect();
    let mut seen = HashSet::with_capacity(table.rows.len());
    let mut plan = ImportPlan {
        rows: table.rows.len() + table.problems.len(),
        skipped: table.problems,
        ..ImportPlan::default()
    };
    for row in table.rows {
        let skip = |message: String| Problem {
            line: row.line,
            message,
        };
        if row.email.is_empty() {
            plan.skipped
                .push(skip("no email address: row skipped".into()));
            continue;
        }
        if let Err(e) = units::parse_address(&row.email) {
            plan.skipped.push(skip(format!("{e}: row skipped")));
            continue;
        }
        let joined = match row.joined.as_str() {
            "" => today,
            s => match dates::parse(s) {
                Some(d) => d,
                None => {
                    plan.skipped.push(skip(format!(
                        "the joined date \"{}\" is not a date ug reads ({}): row skipped",
                        s.escape_debug(),
                        dates::ACCEPTED
                    )));
                    continue;
                }
            },
        };
        let k = key(&row.email);
        if let Some(status) = on_list.get(&k) {
            plan.already += 1;
            if *status != Status::Subscribed {
                plan.not_readded.push(row.email);
            }
            continue;
        }
        if !seen.insert(k) {
            plan.already += 1;
            continue;
        }
        plan.added.push(NewMember {
            name: row.name,
            email: row.email,
            joined,
            status: match row.status.as_str() {
                "unsubscribed" => Status::Unsubscribed,
                "bounced" => Status::Bounced,
                _ => Status::Subscribed,
            },
        });
    }
    plan.skipped.sort_by_key(|p| p.line);
    plan
}
