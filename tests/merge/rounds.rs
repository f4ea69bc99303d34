//! The 100-round run: two clones edit through `ug` commands each round
//! (seeded random: tasks added, done, reassigned, RSVPs, members), then
//! git merges them through `ug merge`; one side sends what is due on the
//! merged file. What each side did is written down here, and checked at
//! the end against the file: nothing lost, no message sent twice.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::git::Clones;

/// A seeded xorshift: the same rounds every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// What the two sides did, to find in the file at the end.
#[derive(Default)]
pub struct Done {
    /// Titles of the tasks added (each unique).
    pub added: Vec<String>,
    /// Ids of the tasks done (side B marks them)...
    pub done: Vec<String>,
    /// ... and task id -> the person it was last reassigned to (side A
    /// reassigns): a task may get both at once, never two owners.
    pub owner: BTreeMap<String, String>,
    /// (event, address) -> the last answer recorded was "no".
    pub rsvps: BTreeMap<(String, String), bool>,
    pub members: Vec<String>,
}

pub fn doc(dir: &Path) -> toml::Table {
    let text = std::fs::read_to_string(dir.join("group.toml")).unwrap();
    text.parse()
        .unwrap_or_else(|e| panic!("{} does not parse: {e}\n{text}", dir.display()))
}

pub fn list<'d>(doc: &'d toml::Table, name: &str) -> Vec<&'d toml::Table> {
    doc.get(name)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn s<'t>(t: &'t toml::Table, k: &str) -> &'t str {
    t.get(k).and_then(|v| v.as_str()).unwrap_or_default()
}

/// The next event after `now` that is not cancelled.
pub fn next_event(doc: &toml::Table, now: NaiveDate) -> Option<String> {
    list(doc, "events")
        .into_iter()
        .filter(|e| s(e, "status") != "cancelled")
        .filter_map(|e| {
            let start = e.get("start")?.as_datetime()?.to_string();
            let start = NaiveDateTime::parse_from_str(&start, "%Y-%m-%dT%H:%M:%S").ok()?;
            (start.date() > now).then(|| (start, s(e, "id").to_string()))
        })
        .min()
        .map(|(_, id)| id)
}

/// One side's edits for a round: 1 to 3 of them, through `ug`.
pub fn edit(
    c: &Clones,
    dir: &Path,
    side: &str,
    day: NaiveDate,
    round: usize,
    rng: &mut Rng,
    done: &mut Done,
) {
    let now = day.to_string();
    let d = doc(dir);
    let people: Vec<String> = list(&d, "people")
        .iter()
        .map(|p| s(p, "id").to_string())
        .collect();
    let open: Vec<String> = list(&d, "tasks")
        .iter()
        .filter(|t| s(t, "status") == "open")
        .map(|t| t["id"].to_string())
        .collect();
    // Only the bundled members answer, A the even ones and B the odd ones:
    // the same person answering two ways at once is a true conflict.
    let members: Vec<String> = list(&d, "members")
        .iter()
        .map(|m| s(m, "email").to_string())
        .filter(|e| {
            e.ends_with("example.com") || e.ends_with("example.org") || e.ends_with("example.net")
        })
        .filter(|e| !e.starts_with("new-"))
        .collect();
    for n in 0..1 + rng.below(3) {
        match rng.below(5) {
            0 => {
                let title = format!("{side} round {round} task {n}");
                let owner = &people[rng.below(people.len())];
                let due = format!("+{}d", 1 + rng.below(20));
                c.ok(
                    dir,
                    &now,
                    &["tasks", "add", &title, "--owner", owner, "--due", &due],
                );
                done.added.push(title);
            }
            1 if side == "b" && !open.is_empty() => {
                let id = &open[rng.below(open.len())];
                if !done.done.contains(id) {
                    c.ok(dir, &now, &["tasks", "done", id]);
                    done.done.push(id.clone());
                }
            }
            1 if !open.is_empty() => {
                let id = &open[rng.below(open.len())];
                let to = &people[rng.below(people.len())];
                let out = c.ug(dir, &now, &["tasks", "reassign", id, to]);
                if out.status.success() {
                    done.owner.insert(id.clone(), to.clone());
                }
            }
            2 | 3 => {
                let Some(event) = next_event(&d, day) else {
                    continue;
                };
                let mine: Vec<&String> = members
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i % 2 == 0) == (side == "a"))
                    .map(|(_, m)| m)
                    .collect();
                let who = mine[rng.below(mine.len())];
                let no = rng.below(3) == 0;
                let mut args = vec!["rsvp", event.as_str(), who.as_str()];
                if no {
                    args.push("--no");
                }
                if c.ug(dir, &now, &args).status.success() {
                    done.rsvps.insert((event, who.clone()), no);
                }
            }
            _ => {
                let addr = format!("new-{side}-{round}-{n}@example.org");
                c.ok(dir, &now, &["members", "add", &addr]);
                done.members.push(addr);
            }
        }
    }
}

/// Every edit written down is in the file.
pub fn check(dir: &Path, done: &Done) {
    let d = doc(dir);
    let tasks = list(&d, "tasks");
    let by_title = |title: &str| {
        let found: Vec<_> = tasks.iter().filter(|t| s(t, "title") == title).collect();
        assert_eq!(found.len(), 1, "task {title:?} is there once");
        *found[0]
    };
    let mut ids: Vec<i64> = tasks.iter().filter_map(|t| t["id"].as_integer()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "task ids are unique");
    for title in &done.added {
        by_title(title);
    }
    let by_id = |id: &str| {
        *tasks
            .iter()
            .find(|t| t["id"].to_string() == id)
            .unwrap_or_else(|| panic!("task {id}"))
    };
    for id in &done.done {
        assert_eq!(s(by_id(id), "status"), "done", "task {id}");
    }
    for (id, owner) in &done.owner {
        assert_eq!(s(by_id(id), "owner"), owner, "task {id}");
    }
    let members: Vec<&str> = list(&d, "members").iter().map(|m| s(m, "email")).collect();
    for m in &done.members {
        assert!(members.contains(&m.as_str()), "member {m}");
    }
    for ((event, who), no) in &done.rsvps {
        let e = list(&d, "events")
            .into_iter()
            .find(|e| s(e, "id") == event)
            .expect("the event");
        let r = e["rsvps"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .filter_map(|r| r.as_table())
                    .find(|r| s(r, "email") == who)
            })
            .unwrap_or_else(|| panic!("the RSVP of {who} to {event}"));
        assert_eq!(s(r, "status") == "no", *no, "{who} to {event}: {r:?}");
    }
}

pub fn day(start: NaiveDate, round: usize) -> NaiveDate {
    start.checked_add_days(Days::new(round as u64)).unwrap()
}
