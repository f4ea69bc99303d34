//! The command line, as clap derive types: global flags, one `Command` enum,
//! and each subcommand's arguments with their `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::{
    agenda, calendar, check, events, inbox, init, members, next_meetup, remind, status, tasks,
};

/// Run a local tech user group from one plain TOML file.
///
/// ug keeps the whole group (people, schedule, venues, sponsors, members,
/// events, tasks) in `group.toml`, which you edit by hand and keep in git;
/// it plans the next meetup, sends the emails, and checks on delegated work.
#[derive(Debug, Parser)]
#[command(name = "ug", version, about, long_about, max_term_width = 100)]
#[command(
    after_help = "The group file is --file PATH, else $UG_FILE, else group.toml here or in the nearest folder above.\n\
$UG_NOW (2026-11-26 or 2026-11-26T09:00:00, local to the group) pins the current time.\n\
Exit codes: 0 done, 1 the file is invalid or the command failed, 2 bad usage."
)]
pub struct Cli {
    /// The group file [default: group.toml here or in a parent folder]
    #[arg(long, short = 'f', global = true, env = "UG_FILE", value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Don't ask before changing the file or sending mail
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,

    /// No colours (also when NO_COLOR is set, or output is not a terminal)
    #[arg(long, global = true)]
    pub no_color: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Check(check::Args),
    Status(status::Args),
    NextMeetup(next_meetup::Args),
    Events(events::Args),
    Agenda(agenda::Args),
    Remind(remind::Args),
    Calendar(calendar::Args),
    Tasks(tasks::Args),
    Members(members::Args),
    Inbox(inbox::Args),
    Rsvps(crate::commands::rsvps::Args),
    Rsvp(crate::commands::rsvps::RsvpArgs),
    Stats(crate::commands::stats::Args),
    Site(crate::commands::site::Args),
    Daily(crate::commands::daily::Args),
    Talks(crate::commands::talks::Args),
    Merge(crate::commands::merge::Args),
    GitSetup(crate::commands::git_setup::Args),
    /// Print shell completions, e.g. `ug completions bash > ~/.local/share/bash-completion/completions/ug`
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `ug man > ug.1 && man ./ug.1`; with
    /// `--dir DIR`, write a page for every command to DIR instead
    Man {
        /// Write ug.1 and one page per subcommand (ug-tasks.1, ug-tasks-add.1, ...) to this folder, creating it
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}
