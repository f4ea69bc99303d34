//! What a domain step that reads and edits the group file needs from its
//! caller: the clock, the file (loaded, or edited under the lock), and
//! whether a person may be asked first. Commands pass their `Ctx`; the
//! domain never names it (tests/layers.rs).

use chrono::NaiveDateTime;

use crate::clock::Clock;
use crate::error::Result;
use crate::model::Group;
use crate::store::{Edit, Loaded};
use crate::term::Style;

/// The group file and the clock a step works with, and how it may ask.
pub trait Session {
    /// The one clock (`UG_NOW` in tests).
    fn clock(&self) -> &Clock;

    /// Loads and checks the group file.
    fn load(&self) -> Result<&'static Loaded>;

    /// Edits the group file; on a terminal (without `--yes`) the changed
    /// lines are shown and the user asked first.
    fn edit<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T>;

    /// Edits the group file without asking (the caller already asked, or
    /// the change is one nobody is asked about).
    fn edit_confirmed<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T>;

    /// When a person can answer (a terminal, no `--yes`): shows `about` on
    /// stderr and asks `question`; `Err(Aborted)` on no. Else `Ok` at once.
    fn approve(&self, about: &str, question: &str) -> Result<()>;

    /// Whether a progress line may be drawn on stderr.
    fn progress(&self) -> bool;

    /// How warnings on stderr are painted.
    fn err_style(&self) -> Style;

    /// "Now" in the group's zone.
    fn now(&self, g: &Group) -> NaiveDateTime {
        self.clock().local(g.tz())
    }
}
