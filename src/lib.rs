//! ug: a command-line toolkit for the volunteer who runs a local user group.
//! The library holds everything; `main.rs` only runs it and reports errors.

/// Every line ug prints on stderr goes through the terminal sanitizer
/// (`term::sanitize`): this shadows std's `eprintln!` in every module of the
/// crate (they are declared below it), so no call site can forget it.
macro_rules! eprintln {
    () => { $crate::term::write_stderr("\n") };
    ($($arg:tt)*) => { $crate::term::write_stderr(&format!("{}\n", format_args!($($arg)*))) };
}

pub mod agenda;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod daily;
pub mod diag;
pub mod edit;
pub mod error;
pub mod events;
pub mod inbox;
pub mod install;
pub mod mail;
pub mod members;
pub mod merge;
pub mod model;
pub mod planner;
pub mod render;
pub mod schedule;
pub mod secure;
pub mod site;
pub mod spreadsheet;
pub mod stats;
pub mod store;
pub mod talks;
pub mod tasks;
pub mod term;
pub mod token;
pub mod words;

use clap::{CommandFactory, Parser};

pub use commands::Ctx;
pub use error::{Error, Result};
pub use render::print_json;
pub use term::{write_data, write_document, write_stdout};

use crate::clock::Clock;
use crate::term::Style;

/// Prints a line on stdout, like `println!`, but a closed pipe (`ug tasks |
/// head`) ends the program quietly instead of panicking.
#[macro_export]
macro_rules! outln {
    () => { $crate::term::write_stdout("\n") };
    ($($arg:tt)*) => { $crate::term::write_stdout(&format!("{}\n", format_args!($($arg)*))) };
}

/// Like `print!`, with the same handling of a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::term::write_stdout(&format!($($arg)*)) };
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
