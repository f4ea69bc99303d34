//! The member list (`[[members]]`, SPEC §5): who is on it and in which state
//! (`list`: the counts and growth by month), the decisions of `ug members add`
//! and `remove`, reading a CSV export (`sheet`, its date forms in `dates`)
//! and deciding what it adds (`import`), the export (`export`), and writing
//! entries into the document in one edit (`write`). Addresses compare
//! case-insensitively.

pub mod dates;
pub mod export;
pub mod import;
pub mod list;
pub mod sheet;
pub mod write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::nearest_n;
use crate::error::{Error, Result};
use crate::model::{Group, Member, units};

pub use export::to_csv;
pub use import::{ImportPlan, plan_import};
pub use list::ListView;
pub use sheet::{Problem, Row, Table, read_csv};

/// Where a member stands: mailed, or why not. Someone who unsubscribed and
/// also bounced counts as unsubscribed (their own choice comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Subscribed,
    Unsubscribed,
    Bounced,
}

impl Status {
    pub fn of(m: &Member) -> Status {
        if m.unsubscribed {
            Status::Unsubscribed
        } else if m.bounced {
            Status::Bounced
        } else {
            Status::Subscribed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Subscribed => "subscribed",
            Status::Unsubscribed => "unsubscribed",
            Status::Bounced => "bounced",
        }
    }
}

/// The form addresses are compared in: trimmed, lower case.
pub fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A name as written into the file: one line, single spaces, no control
/// characters (a name is shown in lists and put in mail headers).
pub fn clean_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The member with this address (any case), if on the list.
pub fn find<'g>(g: &'g Group, email: &str) -> Option<&'g Member> {
    let want = key(email);
    g.members.iter().find(|m| key(&m.email.value) == want)
}

/// "there is no member x; the nearest addresses are ..." (exit 1).
pub fn unknown_member(g: &Group, email: &str) -> Error {
    let want = key(email);
    let keys: Vec<String> = g.members.iter().map(|m| key(&m.email.value)).collect();
    let near = nearest_n(&want, keys.iter().map(String::as_str), 3);
    if near.is_empty() {
        return Error::failed_with(
            format!("{email} is not on the member list: the list is empty"),
            "add members with `ug members add EMAIL` or `ug members import FILE.csv`",
        );
    }
    let list = near.join(", ");
    Error::failed_with(
        format!("{email} is not on the member list; the nearest addresses are {list}"),
        "`ug members export` lists every address",
    )
}

/// A member to append: the address as given (trimmed), a name (may be
/// empty: then no `name` key is written), the day they joined, and their
/// state (subscribed, except for an exported list read back).
#[derive(Debug, Clone, Serialize)]
pub struct NewMember {
    pub name: String,
    pub email: String,
    pub joined: NaiveDate,
    pub status: Status,
}

/// What `ug members add` decided.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Added {
    /// A new entry.
    Added(NewMember),
    /// Already on the list and subscribed: nothing changes (exit 0).
    AlreadyOn {
        email: String,
        joined: Option<NaiveDate>,
    },
    /// On the list, unsubscribed or bounced, and `--resubscribe` given: the
    /// entry's `unsubscribed` / `bounced` keys are cleared.
    Resubscribed { email: String, was: Status },
}

/// The decision of `ug members add EMAIL [--name N] [--resubscribe]`.
///
/// An address already on the list is not added twice. One that unsubscribed
/// (or bounced) is never put back on the list by mistake: without
/// `resubscribe` it is an error (exit 1) saying so; with it, the person asked
/// to come back (or their address works again) and the flags are cleared.
pub fn add(
    g: &Group,
    email: &str,
    name: Option<&str>,
    today: NaiveDate,
    resubscribe: bool,
) -> Result<Added> {
    units::parse_address(email).map_err(|e| {
        e.or_hint("write the address as name@example.org")
            .into_usage()
    })?;
    let email = email.trim();
    let Some(m) = find(g, email) else {
        return Ok(Added::Added(NewMember {
            name: name.map(clean_name).unwrap_or_default(),
            email: email.to_string(),
            joined: today,
            status: Status::Subscribed,
        }));
    };
    let status = Status::of(m);
    match (status, resubscribe) {
        (Status::Subscribed, _) => Ok(Added::AlreadyOn {
            email: m.email.value.clone(),
            joined: m.joined,
        }),
        (was, true) => Ok(Added::Resubscribed {
            email: m.email.value.clone(),
            was,
        }),
        (was, false) => Err(Error::failed_with(
            format!(
                "{} is on the list but {}: ug does not put them back on its own",
                m.email.value,
                match was {
                    Status::Unsubscribed => "unsubscribed (they asked to get no more mail)",
                    _ => "bounced (mail to this address did not arrive)",
                }
            ),
            format!(
                "if they asked to come back, run `ug members add {} --resubscribe`",
                m.email.value
            ),
        )),
    }
}

/// What `ug members remove` decided: the entry to mark `unsubscribed = true`
/// (its address as written in the file), or nothing (already unsubscribed).
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub email: String,
    pub changed: bool,
}

/// The decision of `ug members remove EMAIL`: an unknown address is an error
/// naming the nearest ones.
pub fn remove(g: &Group, email: &str) -> Result<Removed> {
    let m = find(g, email).ok_or_else(|| unknown_member(g, email))?;
    Ok(Removed {
        email: m.email.value.clone(),
        changed: !m.unsubscribed,
    })
}

#[cfg(test)]
mod tests;
