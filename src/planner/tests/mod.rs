//! Planner tests on small groups written as TOML, with "now" pinned, a file
//! per topic: what a plan chooses (`plan.rs`: date, venue, format, id,
//! overrides), the tasks the checklist makes (`checklist.rs`) and the
//! built-in agendas (`skeleton.rs`). This file holds the helpers they share.

mod checklist;
mod plan;
mod skeleton;

use chrono::{NaiveDate, NaiveDateTime};

use super::*;

/// The team: an organizer, a co-organizer and two helpers.
const TEAM: [(&str, &str); 4] = [
    ("olga", "organizer"),
    ("cora", "co-organizer"),
    ("hal", "helper"),
    ("hana", "helper"),
];

const SCHEDULE: &str = r#"
[schedule]
rule = "second tuesday monthly"
time = "18:30"
duration = "2h30m"
formats = ["talks", "lightning", "social"]
expected = 30
"#;

/// The group, its team (named after their ids) and its schedule.
fn base() -> String {
    let mut text = "[group]\nname = \"Test\"\ntimezone = \"Europe/Berlin\"\n".to_string();
    for (id, role) in TEAM {
        let name = id[..1].to_uppercase() + &id[1..];
        text.push_str(&format!(
            "[[people]]\nid = \"{id}\"\nname = \"{name}\"\nroles = [\"{role}\"]\n"
        ));
    }
    text + SCHEDULE
}

fn group(extra: &str) -> Group {
    let text = format!("{}{extra}", base());
    let checked = crate::store::check_text(&text, "t.toml", |_| NaiveDateTime::default()).unwrap();
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    checked.group
}

/// The plan on `day` with no overrides.
fn plan_on(g: &Group, day: &str) -> Plan {
    plan(g, at(day), &Overrides::default()).unwrap()
}

/// The plan on 2026-11-26 with these overrides.
fn plan_with(g: &Group, o: Overrides) -> crate::error::Result<Plan> {
    plan(g, at("2026-11-26"), &o)
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn held(id: &str, venue: &str, format: &str, attendance: u32) -> String {
    format!(
        "\n[[events]]\nid = \"{id}\"\ntitle = \"x\"\nstart = {id}T18:30:00\nformat = \"{format}\"\nvenue = \"{venue}\"\nstatus = \"held\"\nattendance = {attendance}\n"
    )
}

const VENUES: &str = r#"
[[venues]]
id = "big"
name = "Big Hall"
capacity = 100
contact = "olga"
[[venues]]
id = "small"
name = "Small Room"
capacity = 20
contact = "olga"
[[venues]]
id = "mid"
name = "Mid Room"
capacity = 50
contact = "olga"
unavailable = [2026-12-08]
"#;
