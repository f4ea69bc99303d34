//! Sending what is due now for a filter: `ug remind --send`, `ug tasks ask
//! --send`, `ug talks ask` and `ug daily`'s send step all go through
//! [`send_due`], which checks the filter against the file, asks first when a
//! person can answer, and runs [`run::send`].

use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::mail::run::{self, Filter, Run};
use crate::mail::send::{Rate, Settings};
use crate::mail::summary::Summary;
use crate::model::Group;
use crate::store::Session;

/// Sends every message due now that `filter` wants, once ever (the sent
/// log); on a terminal (unless `--yes`) shows what is about to go and asks
/// first. Returns the summary unprinted; only "Updated FILE" is said, on
/// stderr. [`Summary::result`] says how the run ends.
pub fn send_due(
    s: &impl Session,
    filter: &Filter,
    connections: usize,
    rate: Option<Rate>,
) -> Result<Summary> {
    let loaded = s.load()?;
    check_filters(&loaded.group, filter)?;
    let run = Run {
        loaded,
        clock: s.clock(),
        filter,
        settings: Settings {
            connections: connections.max(1),
            rate,
            progress: s.progress(),
        },
    };
    let summary = run::send(&run, |about| s.approve(about, "Send them?"))?;
    if summary.updated {
        eprintln!("Updated {}", loaded.location.display);
    }
    Ok(summary)
}

/// `--event` and `--task` must name something in the file (a talk's mail,
/// sent by `ug talks ask`, names its talk in `task`).
pub fn check_filters(g: &Group, filter: &Filter) -> Result<()> {
    if let Some(id) = &filter.event {
        g.find_event(id)?;
    }
    let talks = !filter.kinds.is_empty()
        && filter
            .kinds
            .iter()
            .all(|k| matches!(k, Kind::TalkAsk | Kind::SpeakerThanks));
    if let Some(id) = filter.task
        && !talks
        && !g.tasks.iter().any(|t| *t.id == id)
    {
        return Err(Error::failed_with(
            format!("there is no task {id}"),
            "`ug tasks --all` lists every task",
        ));
    }
    Ok(())
}
