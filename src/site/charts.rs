//! The charts of the stats page (SPEC §7). A stand-in with the interface of
//! the stats module's `charts`, which replaces it at merge: no charts yet.

use chrono::NaiveDate;

use crate::model::Group;

/// One chart: a whole `<svg>` element with its title and text alternative.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    /// File stem, e.g. `attendance`.
    pub name: String,
    pub title: String,
    /// A whole `<svg>` element.
    pub svg: String,
    /// The chart said in words, for readers who cannot see it.
    pub alt: String,
}

/// The group's charts as of `today`.
pub fn charts(_g: &Group, _today: NaiveDate) -> Vec<Chart> {
    Vec::new()
}
