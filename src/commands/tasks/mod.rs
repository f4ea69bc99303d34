//! `ug tasks`: who owes what, and the edits that keep it current. The view
//! and the decisions live in `crate::tasks`; this parses, applies and prints.

mod edits;
mod send;

pub(crate) use edits::warn;
pub(crate) use send::NotSent;

use clap::Subcommand;

use crate::error::Result;
use crate::tasks::{self as domain, Filter, TasksView};
use crate::{Ctx, render};

/// Open tasks by person: overdue first, then due within a week, then later.
///
/// Each person's heading shows their load (open, overdue); tasks for the next
/// event are marked ★; asks with no answer for three days are listed to follow
/// up; the footer shows the team's health. Every subcommand changes one task's
/// lines and leaves the rest of the file as it was. `--json` prints one object:
/// {today, next_event, people: [{id, name, open, overdue, tasks}], follow_ups, health}.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Only this person's tasks (a person id)
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    /// Only tasks for this event (an event id)
    #[arg(long, value_name = "ID")]
    event: Option<String>,
    /// Include done and dropped tasks
    #[arg(long)]
    all: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Add a task: `ug tasks add "Book the room" --owner sean --due +7d`
    Add {
        /// What needs doing
        title: String,
        /// A person id, or a role (goes to that role's least-loaded person)
        #[arg(long)]
        owner: String,
        /// 2026-12-01, +3d, +2w, today or tomorrow
        #[arg(long)]
        due: String,
        /// The event it belongs to
        #[arg(long)]
        event: Option<String>,
        /// Anything the owner should know
        #[arg(long)]
        notes: Option<String>,
    },
    /// Mark tasks done (sets done_on to today); the venue task also confirms its event
    Done {
        /// One or more task ids
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Give a task to someone else (a person id, or a role's least-loaded person)
    Reassign {
        /// The task's id (`ug tasks` shows it)
        id: i64,
        /// A person id, or a role
        person: String,
        /// A new due date: 2026-12-01, +3d, +2w, today or tomorrow
        #[arg(long, value_name = "DATE|+Nd")]
        due: Option<String>,
    },
    /// Drop tasks nobody will do (status `dropped`): all of them, or none if
    /// one id is unknown or done
    Drop {
        /// One or more task ids
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Ask one person directly to take a task (status `asked`)
    ///
    /// The personal email goes out with the next `ug remind --send`, or at once
    /// with `--send` (which says why when it cannot: no address, already sent).
    /// A task already past due gets a warning: give a new date with `--due`.
    /// Asking someone else while an ask is pending replaces it, with a warning
    /// naming who was waiting (tell them).
    Ask {
        /// The task's id
        id: i64,
        /// A person id
        person: String,
        /// A new due date: 2026-12-01, +3d, +2w, today or tomorrow
        #[arg(long, value_name = "DATE|+Nd")]
        due: Option<String>,
        /// Send the ask email now
        #[arg(long)]
        send: bool,
    },
    /// The person asked said yes: they become the owner
    Accept {
        /// The task's id
        id: i64,
        /// A new due date: 2026-12-01, +3d, +2w, today or tomorrow
        #[arg(long, value_name = "DATE|+Nd")]
        due: Option<String>,
    },
    /// The person asked said no: the task goes back to its owner, open, with a
    /// note ("Kim declined: ask someone else"), and who else could take it
    Decline {
        /// The task's id
        id: i64,
    },
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let Some(action) = args.action else {
        let filter = Filter {
            person: args.person.as_deref(),
            event: args.event.as_deref(),
            all: args.all,
        };
        return view(ctx, filter);
    };
    match action {
        Action::Add {
            title,
            owner,
            due,
            event,
            notes,
        } => edits::add(ctx, title, owner, due, event, notes),
        Action::Done { ids } => edits::done(ctx, ids),
        Action::Reassign { id, person, due } => edits::one(ctx, due.as_deref(), |g, dates| {
            domain::reassign(g, id, &person, dates)
        }),
        Action::Drop { ids } => edits::drop(ctx, ids),
        Action::Ask {
            id,
            person,
            due,
            send,
        } => edits::ask(ctx, id, person, due, send),
        Action::Accept { id, due } => {
            edits::one(ctx, due.as_deref(), |g, dates| domain::accept(g, id, dates))
        }
        Action::Decline { id } => edits::one(ctx, None, |g, _| domain::decline(g, id)),
    }
}

fn view(ctx: &Ctx, filter: Filter<'_>) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    if let Some(p) = filter.person {
        domain::resolve_person(g, p)
            .map_err(|e| e.or_hint("`ug status` lists the team; ids are in [[people]]"))?;
    }
    if let Some(e) = filter.event {
        g.find_event(e)?;
    }
    let now = ctx.now(g);
    let next = crate::events::next_event(g, now);
    let view = TasksView::new(g, now.date(), next, filter);
    let printed = render::show(&view.display(ctx.out_style()), ctx.json);
    // The process ends now: freeing the view one allocation at a time is
    // wasted work (the loaded model is already kept, see `Ctx::load`).
    std::mem::forget(view);
    printed
}
