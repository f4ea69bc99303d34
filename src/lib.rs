//! ug: a command-line toolkit for the volunteer who runs a local user group.
//! The library holds everything; `main.rs` only runs it and reports errors.

/// Every line ug prints on stderr goes through the terminal sanitizer
/// (`term::sanitize`): this shadows std's `eprintln!` in every module of the
/// crate (they are declared below it), so no call site can forget it.
macro_rules! eprintln {
    () => { $crate::write_stderr("\n") };
    ($($arg:tt)*) => { $crate::write_stderr(&format!("{}\n", format_args!($($arg)*))) };
}

pub mod agenda;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod diag;
pub mod edit;
pub mod error;
pub mod event_change;
pub mod mail;
pub mod model;
pub mod planner;
pub mod readiness;
pub mod schedule;
pub mod store;
pub mod tasks;
pub mod term;
pub mod words;

use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::{CommandFactory, Parser};

pub use error::{Error, Result};

use crate::clock::Clock;
use crate::model::Group;
use crate::store::{Edit, Loaded, Location};
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
            commands::confirm(self, "Write this change?")
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

/// Prints a line on stdout, like `println!`, but a closed pipe (`ug tasks |
/// head`) ends the program quietly instead of panicking.
#[macro_export]
macro_rules! outln {
    () => { $crate::write_stdout("\n") };
    ($($arg:tt)*) => { $crate::write_stdout(&format!("{}\n", format_args!($($arg)*))) };
}

/// Like `print!`, with the same handling of a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::write_stdout(&format!($($arg)*)) };
}

/// Writes text for a person on stdout, sanitized once here for the terminal
/// (`term::sanitize`): text from the file is shown, never obeyed.
#[doc(hidden)]
pub fn write_stdout(s: &str) {
    write_data(&term::sanitize(s, term::paints(true)));
}

/// Writes data (JSON, iCalendar) on stdout exactly as given; the caller
/// makes it terminal-safe in its own syntax (see `print_json`).
pub fn write_data(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: could not write to stdout: {e}");
        std::process::exit(1);
    }
}

/// Writes a document (iCalendar, Markdown, HTML) on stdout: exact bytes when
/// redirected to a file or a pipe, sanitized like `write_stdout` when a
/// terminal would show it.
pub fn write_document(s: &str) {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        write_stdout(s);
    } else {
        write_data(s);
    }
}

/// Writes text for a person on stderr, sanitized like `write_stdout`.
#[doc(hidden)]
pub fn write_stderr(s: &str) {
    use std::io::Write;
    let text = term::sanitize(s, term::paints(false));
    // Nowhere left to report a failed write to stderr.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Prints a value as pretty JSON on stdout: exact data, with every character
/// a terminal would act on written as a JSON escape.
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::failed(format!("could not write JSON: {e}")))?;
    write_data(&term::json_safe(s + "\n"));
    Ok(())
}

/// Parses the command line and runs it. Errors come back to `main`.
pub fn run() -> Result<()> {
    let cli = cli::Cli::parse();
    term::set_color_allowed(term::color_allowed(cli.no_color));
    let ctx = Ctx {
        file: cli.file.clone(),
        json: cli.json,
        color: term::color_allowed(cli.no_color),
        // Completions and the man page need no clock: a bad UG_NOW must not stop them.
        clock: match cli.command {
            cli::Command::Completions { .. } | cli::Command::Man { .. } => Clock::System,
            _ => Clock::from_env()?,
        },
        interactive: term::stdin_is_terminal(),
        yes: cli.yes,
    };
    commands::dispatch(cli.command, &ctx)
}

/// The clap definition, for completions and the man page.
pub fn command() -> clap::Command {
    cli::Cli::command()
}

/// Prints an error the way every command does: `error: ...`, the details, a hint.
pub fn report(err: &Error, color: bool) {
    if let Error::Quiet(_) = err {
        return;
    }
    let style = Style::stderr(color);
    if let Error::Invalid { diagnostics, .. } = err {
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        for d in errors.iter().take(20) {
            eprintln!("{}", d.render(style));
        }
        if errors.len() > 20 {
            eprintln!("... and {} more errors", errors.len() - 20);
        }
    }
    eprintln!("{}: {err}", style.error("error"));
    if let Some(hint) = err.hint() {
        eprintln!("{} {hint}", style.bold("  = help:"));
    }
}
