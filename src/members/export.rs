//! `ug members export`: the list as CSV (`name,email,joined,status`), written
//! with the `csv` crate, so names with commas or quotes survive a round trip
//! through a spreadsheet or `ug members import`.

use crate::error::{Error, Result};
use crate::model::Group;

use super::Status;

/// The header and one row per member, in file order, every state included
/// (`status` is subscribed, unsubscribed or bounced; `joined` may be empty).
pub fn to_csv(g: &Group) -> Result<String> {
    let mut w =
        csv::WriterBuilder::new().from_writer(Vec::with_capacity(64 * (g.members.len() + 1)));
    let fail = |e: csv::Error| Error::failed(format!("could not write the CSV: {e}"));
    w.write_record(["name", "email", "joined", "status"])
        .map_err(fail)?;
    for m in &g.members {
        let joined = m.joined.map(|d| d.to_string()).unwrap_or_default();
        w.write_record([
            m.name.as_str(),
            m.email.value.as_str(),
            joined.as_str(),
            Status::of(m).as_str(),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::failed(format!("could not write the CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::failed(format!("could not write the CSV: {e}")))
}
