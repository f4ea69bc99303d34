//! Speakers (SPEC §9): the `[[talks]]` pipeline's edits. `propose`: a talk
//! proposed by mail (`ug inbox`), added as `proposed`, its speaker found
//! among (or added to) the people.

pub mod propose;

use crate::model::Group;

/// The id a new talk gets: the highest in the file plus one (1 for the first).
pub fn next_id(g: &Group) -> i64 {
    g.talks.iter().map(|t| t.id.value).max().unwrap_or(0) + 1
}
