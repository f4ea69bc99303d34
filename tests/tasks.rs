//! `ug tasks`: the view (grouping, ordering, the next event, follow-ups,
//! `--json`), every edit as a before/after fixture compared byte for byte,
//! the team's health in `ug tasks`, `ug check` and `ug status`, and the errors.
//! Runs the real binary through the shared harness (`tests/support/`).

#[path = "support/mod.rs"]
mod support;

#[path = "tasks/edits.rs"]
mod edits;
#[path = "tasks/errors.rs"]
mod errors;
#[path = "tasks/health.rs"]
mod health;
#[path = "tasks/lifecycle.rs"]
mod lifecycle;
#[path = "tasks/send.rs"]
mod send;
#[path = "tasks/view.rs"]
mod view;

use support::{Ug, repo_file};

/// The commented team file every test starts from (UG_NOW is 2026-11-26).
pub fn team() -> String {
    fixture("team.before.toml")
}

pub fn fixture(name: &str) -> String {
    repo_file(&format!("tests/fixtures/tasks/{name}"))
}

/// A temporary folder holding the team file as group.toml.
pub fn team_ug() -> Ug {
    Ug::with_group(&team()).env("NO_COLOR", "1")
}
