//! One file per subcommand: each parses its arguments, calls the domain
//! functions, and prints. `dispatch` is the one `match` over them.

pub mod agenda;
pub mod calendar;
pub mod check;
mod ctx;
pub mod daily;
pub mod events;
pub mod git_setup;
pub mod inbox;
pub mod init;
pub mod members;
pub mod merge;
pub mod next_meetup;
pub mod remind;
pub mod rsvps;
pub mod site;
pub mod stats;
pub mod status;
pub mod talks;
pub mod tasks;

use clap_complete::generate;

use crate::cli::Command;
use crate::error::{Error, Result};
use crate::mail::run::Filter;
use crate::mail::send::Rate;
use crate::model::{Event, Group};
pub use ctx::Ctx;

pub fn dispatch(command: Command, ctx: &Ctx) -> Result<()> {
    match command {
        Command::Init(args) => init::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Status(args) => status::run(args, ctx),
        Command::NextMeetup(args) => next_meetup::run(args, ctx),
        Command::Events(args) => events::run(args, ctx),
        Command::Agenda(args) => agenda::run(args, ctx),
        Command::Remind(args) => remind::run(args, ctx),
        Command::Calendar(args) => calendar::run(args, ctx),
        Command::Tasks(args) => tasks::run(args, ctx),
        Command::Members(args) => members::run(args, ctx),
        Command::Inbox(args) => inbox::run(args, ctx),
        Command::Rsvps(args) => rsvps::run(args, ctx),
        Command::Rsvp(args) => rsvps::run_rsvp(args, ctx),
        Command::Stats(args) => stats::run(args, ctx),
        Command::Site(args) => site::run(args, ctx),
        Command::Daily(args) => daily::run(args, ctx),
        Command::Talks(args) => talks::run(args, ctx),
        Command::Merge(args) => merge::run(args, ctx),
        Command::GitSetup(args) => git_setup::run(args, ctx),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            generate(shell, &mut crate::command(), "ug", &mut buf);
            crate::write_stdout(&String::from_utf8_lossy(&buf));
            Ok(())
        }
        Command::Man { dir } => man(dir.as_deref()),
    }
}

/// The man pages: `ug.1` on stdout, or with `dir` one page per command and
/// subcommand written there. A page names its subcommands' pages
/// (`ug-tasks(1)`): `--dir` writes every one of them. clap's `help`
/// subcommand is left out: it has no page.
fn man(dir: Option<&std::path::Path>) -> Result<()> {
    let mut cmd = crate::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = dir else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .map_err(|e| Error::io("write", "the man page", e))?;
        crate::write_stdout(&String::from_utf8_lossy(&buf));
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut pages = vec![cmd];
    let mut written = 0;
    while let Some(cmd) = pages.pop() {
        pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let page = clap_mangen::Man::new(cmd);
        let name = dir.join(page.get_filename());
        let mut buf = Vec::new();
        page.render(&mut buf)
            .and_then(|()| std::fs::write(&name, buf))
            .map_err(|e| Error::io("write", &name, e))?;
        written += 1;
    }
    crate::outln!(
        "Wrote {written} man pages to {} (ug.1 and ug-COMMAND.1 for each command)",
        dir.display()
    );
    Ok(())
}

/// Asks "proceed?" on a terminal unless `--yes`; never asks when stdin is
/// not a terminal (scripts and cron get the action without a prompt).
pub fn confirm(ctx: &Ctx, question: &str) -> Result<()> {
    if ctx.yes || !ctx.interactive {
        return Ok(());
    }
    let ok = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(true)
        .interact()
        .map_err(|e| Error::failed(format!("could not read the answer: {e}")))?;
    if ok { Ok(()) } else { Err(Error::Aborted) }
}

/// The named event, else the next upcoming one; with no upcoming event,
/// the error `none` with the command's own `hint` (exit 1).
pub fn event_or_next<'g>(
    g: &'g Group,
    id: Option<&str>,
    now: chrono::NaiveDateTime,
    none: &str,
    hint: &str,
) -> Result<&'g Event> {
    match id {
        Some(id) => find_event(g, id),
        None => crate::events::next_event(g, now).ok_or_else(|| Error::failed_with(none, hint)),
    }
}

/// The event with this id, or an error naming the nearest ids (exit 1).
pub fn find_event<'g>(g: &'g Group, id: &str) -> Result<&'g Event> {
    g.find_event(id)
}

/// Sends what is due now that `filter` wants (`ug remind --send`, `ug tasks
/// ask --send`, `ug talks ask`): on a terminal, asks first (unless `--yes`);
/// prints the summary, then each failure and skipped recipient on stderr.
pub fn send_due(ctx: &Ctx, filter: &Filter, connections: usize, rate: Option<Rate>) -> Result<()> {
    let summary = crate::mail::now::send_due(ctx, filter, connections, rate)?;
    crate::render::show(&summary, ctx.json)?;
    eprint!("{}", summary.problems(ctx.err_style()));
    summary.result()
}

/// Each warning on stderr, painted ("warning: ..."), so `--json` and pipes
/// stay clean.
pub fn warn(ctx: &Ctx, warnings: &[String]) {
    let style = ctx.err_style();
    for w in warnings {
        eprintln!("{}: {w}", style.warning("warning"));
    }
}

/// An ask not sent (a task's, or a talk's); `--json` prints `{reason, sent: 0}`.
#[derive(serde::Serialize)]
pub struct NotSent {
    pub reason: String,
    pub sent: u32,
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.reason)
    }
}
