//! `ug members export`: the list as CSV (`name,email,joined,status`), written
//! with the `csv` crate (`crate::spreadsheet`), so names with commas or
//! quotes survive a round trip through a spreadsheet or `ug members import`,
//! and a name that looks like a formula stays text.

use crate::error::Result;
use crate::model::Group;

use super::Status;

/// The header and one row per member, in file order, every state included
/// (`status` is subscribed, unsubscribed or bounced; `joined` may be empty).
pub fn to_csv(g: &Group) -> Result<String> {
    let rows = g.members.iter().map(|m| {
        let joined = m.joined.map(|d| d.to_string()).unwrap_or_default();
        [
            m.name.clone(),
            m.email.value.clone(),
            joined,
            Status::of(m).as_str().to_string(),
        ]
    });
    crate::spreadsheet::to_csv(&["name", "email", "joined", "status"], rows)
}
