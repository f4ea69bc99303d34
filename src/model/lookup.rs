//! Finding a section entry by its id, with the error every command shows
//! when there is none: the nearest ids, and what to do.

use super::{Event, Group};
use crate::diag::nearest_n;
use crate::error::{Error, Result};

impl Group {
    /// The event with this id, or an error naming the nearest ids (exit 1).
    pub fn find_event(&self, id: &str) -> Result<&Event> {
        self.event(id).ok_or_else(|| unknown_event(self, id))
    }
}

/// "there is no event `x`; the nearest ids are ..." (exit 1).
pub fn unknown_event(g: &Group, id: &str) -> Error {
    let near = nearest_n(id, g.events.iter().map(|e| e.id.value.as_str()), 3);
    if near.is_empty() {
        return Error::failed_with(
            format!("there is no event `{id}`: the file has no events yet"),
            "plan one with `ug next-meetup`",
        );
    }
    let list = near
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Error::failed_with(
        format!("there is no event `{id}`; the nearest ids are {list}"),
        "`ug events` lists every event",
    )
}
