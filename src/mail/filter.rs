//! Which of the due messages a run is about: the `--kind`, `--event` and
//! `--task` filter, and a run's due messages split into those it sends,
//! those it must skip (a recipient no mail can reach, with the reason) and
//! the rest.

use crate::mail::{Due, Kind, address_problem, due};

/// Which of the due messages a run is about (`--kind`, `--event`, `--task`).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<Kind>,
    pub event: Option<String>,
    pub task: Option<i64>,
}

impl Filter {
    /// True when `d` passes the `--kind`, `--event` and `--task` filters.
    pub fn wants(&self, d: &Due) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&d.kind))
            && (self.event.is_none()
                || d.event == self.event
                || d.more.iter().any(|p| p.event == self.event))
            && (self.task.is_none() || d.task == self.task)
    }

    /// "for task 9", "of kind announce about event 2026-12-08": what
    /// narrowed it; "now" when nothing did.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.kinds.is_empty() {
            let kinds: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
            parts.push(format!("of kind {}", kinds.join(" or ")));
        }
        if let Some(e) = &self.event {
            parts.push(format!("about event {e}"));
        }
        if let Some(t) = self.task {
            parts.push(format!("for task {t}"));
        }
        if parts.is_empty() {
            "now".to_string()
        } else {
            parts.join(" ")
        }
    }
}

/// The due messages of a run, split: those the filter wants and that can
/// go, those that cannot (a recipient no mail can reach), and the rest.
pub(super) struct Split {
    pub wanted: Vec<Due>,
    pub skipped: Vec<(Due, String)>,
    pub others: Vec<Due>,
}

impl Split {
    pub fn of(all: Vec<Due>, filter: &Filter) -> Split {
        let mut s = Split {
            wanted: Vec::new(),
            skipped: Vec::new(),
            others: Vec::new(),
        };
        for d in all {
            if !filter.wants(&d) {
                s.others.push(d);
            } else if let Some(why) = recipient_problem(&d) {
                s.skipped.push((d, why));
            } else {
                s.wanted.push(d);
            }
        }
        s
    }

    /// Every due message, whichever part it is in.
    pub fn all(&self) -> impl Iterator<Item = &Due> + Clone {
        self.wanted
            .iter()
            .chain(self.skipped.iter().map(|(d, _)| d))
            .chain(&self.others)
    }
}

/// Why `d` cannot be sent: its person has no address, or lettre rejects it.
fn recipient_problem(d: &Due) -> Option<String> {
    if let Some(id) = due::without_address(d) {
        return Some(format!(
            "no email address: add `email = ...` to [[people]] id = {id:?}"
        ));
    }
    address_problem(&d.to.address)
}
