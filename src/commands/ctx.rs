//! What every command gets: the global flags and the clock, and the one way
//! a command loads or edits the group file (asking first on a terminal).

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::clock::Clock;
use crate::error::Result;
use crate::model::Group;
use crate::store::{self, Edit, Loaded, Location, Session};
use crate::term::Style;

/// What every command gets: the global flags and the clock.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub file: Option<PathBuf>,
    pub json: bool,
    pub color: bool,
    pub clock: Clock,
    /// stdin is a terminal: commands may ask before acting.
    pub interactive: bool,
    /// `--yes`: never ask.
    pub yes: bool,
}

impl Ctx {
    pub fn locate(&self) -> Result<Location> {
        store::find(self.file.as_deref())
    }

    /// Loads and checks the group file. The result lives until the process
    /// ends (it is leaked on purpose): ug runs one command and exits, and
    /// freeing a large file's model piece by piece costs more than reading it.
    pub fn load(&self) -> Result<&'static Loaded> {
        Ok(Box::leak(Box::new(store::load(
            &self.locate()?,
            self.now_fn(),
        )?)))
    }

    /// Edits the group file without asking (the caller already asked).
    pub fn edit_confirmed<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T> {
        let loc = self.locate()?;
        let (out, written) = store::edit(&loc, self.now_fn(), change, |_, _| Ok(()))?;
        Self::say_updated(&loc, written);
        Ok(out)
    }

    /// Edits the group file. On a terminal (without `--yes`) the changed
    /// lines are shown and the user asked first.
    pub fn edit<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T> {
        let loc = self.locate()?;
        let (out, written) = store::edit(&loc, self.now_fn(), change, |old, new| {
            if self.yes || !self.interactive {
                return Ok(());
            }
            eprintln!("{}:\n{}", loc.display, store::changed_lines(old, new));
            super::confirm(self, "Write this change?")
        })?;
        Self::say_updated(&loc, written);
        Ok(out)
    }

    /// Every edit that wrote says which file it changed (on stderr: stdout
    /// stays the command's own output).
    fn say_updated(loc: &Location, written: bool) {
        if written {
            eprintln!("Updated {}", loc.display);
        }
    }

    /// "Now" in the group's zone, for a model that names it.
    pub fn now(&self, g: &Group) -> NaiveDateTime {
        self.clock.local(g.tz())
    }

    pub fn now_fn(&self) -> impl Fn(&Group) -> NaiveDateTime + '_ {
        move |g| self.now(g)
    }

    pub fn out_style(&self) -> Style {
        Style::stdout(self.color)
    }

    pub fn err_style(&self) -> Style {
        Style::stderr(self.color)
    }
}

/// The domain's steps (`crate::daily`, `crate::mail::now`, ...) get the
/// command's context through this: the same loading, editing and asking.
impl Session for Ctx {
    fn clock(&self) -> &Clock {
        &self.clock
    }

    fn load(&self) -> Result<&'static Loaded> {
        Ctx::load(self)
    }

    fn edit<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T> {
        Ctx::edit(self, change)
    }

    fn edit_confirmed<T>(&self, change: impl FnOnce(Edit<'_>) -> Result<T>) -> Result<T> {
        Ctx::edit_confirmed(self, change)
    }

    fn approve(&self, about: &str, question: &str) -> Result<()> {
        if self.interactive && !self.yes {
            eprintln!("{about}");
            super::confirm(self, question)?;
        }
        Ok(())
    }

    fn progress(&self) -> bool {
        std::io::stderr().is_terminal() && !self.json
    }

    fn err_style(&self) -> Style {
        Ctx::err_style(self)
    }

    fn now(&self, g: &Group) -> NaiveDateTime {
        Ctx::now(self, g)
    }
}
