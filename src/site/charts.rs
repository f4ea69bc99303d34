//! The charts of the stats page (SPEC §7): the stats module draws them, the
//! site inlines them.

pub use crate::stats::{Chart, charts};
