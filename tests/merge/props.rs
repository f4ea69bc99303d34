//! The property test's world: a small group file, random edits of the kinds
//! ug makes (add a task, done, reassign, add a member, an RSVP, edit a key,
//! delete an entry) applied through `toml_edit` as ug applies them, and the
//! merge every user expects, computed on plain maps: per entry and key, the
//! side that changed it; a conflict where both changed it differently.

use std::collections::BTreeMap;

use proptest::prelude::*;
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

pub const BASE: &str = r#"# A small group for the property test
[group]
name = "Test group"
city = "Madison"   # where we meet

[[members]]
name = "Ann"
email = "m0@x.org"

[[members]]
name = "Bo"
email = "m1@x.org"

[[members]]
name = "Cy"
email = "m2@x.org"

[[events]]
id = "e1"
title = "December talks"
rsvps = [
  { email = "m0@x.org", status = "yes" },
  { email = "m1@x.org", status = "no" },
]

[[tasks]]
id = 1
title = "Book the room"
owner = "p0"
status = "open"

[[tasks]]
id = 2
title = "Order pizza"
owner = "p1"
status = "open"

[[tasks]]
id = 3
title = "Name tags"
owner = "p2"
status = "open"
"#;

/// The highest task id in `BASE`: a task above it is new.
const BASE_MAX_ID: i64 = 3;

#[derive(Debug, Clone)]
pub enum Edit {
    AddTask { n: u8, owner: u8 },
    Done(u8),
    Reassign(u8, u8),
    AddMember { addr: u8, name: u8 },
    Rsvp { addr: u8, yes: bool },
    City(u8),
    DeleteTask(u8),
    DeleteMember(u8),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..3u8, 0..4u8).prop_map(|(n, owner)| Edit::AddTask { n, owner }),
        (1..4u8).prop_map(Edit::Done),
        (1..4u8, 0..4u8).prop_map(|(t, o)| Edit::Reassign(t, o)),
        (0..6u8, 0..2u8).prop_map(|(addr, name)| Edit::AddMember { addr, name }),
        (0..6u8, any::<bool>()).prop_map(|(addr, yes)| Edit::Rsvp { addr, yes }),
        (0..3u8).prop_map(Edit::City),
        (1..4u8).prop_map(Edit::DeleteTask),
        (0..3u8).prop_map(Edit::DeleteMember),
    ]
}

/// `BASE` with `edits` applied, as side `side` ("a" or "b") would.
pub fn apply(side: &str, edits: &[Edit]) -> String {
    let mut doc: DocumentMut = BASE.parse().unwrap();
    for e in edits {
        apply_one(&mut doc, side, e);
    }
    doc.to_string()
}

fn tasks(doc: &mut DocumentMut) -> &mut toml_edit::ArrayOfTables {
    doc["tasks"].as_array_of_tables_mut().unwrap()
}

fn task(doc: &mut DocumentMut, id: u8) -> Option<&mut Table> {
    tasks(doc)
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_integer) == Some(id.into()))
}

fn apply_one(doc: &mut DocumentMut, side: &str, e: &Edit) {
    match *e {
        Edit::AddTask { n, owner } => {
            let title = format!("{side} task {n}");
            if tasks(doc)
                .iter()
                .any(|t| t["title"].as_str() == Some(&title))
            {
                return;
            }
            let id = tasks(doc)
                .iter()
                .filter_map(|t| t["id"].as_integer())
                .max()
                .unwrap_or(0)
                + 1;
            let mut t = Table::new();
            t["id"] = toml_edit::value(id);
            t["title"] = toml_edit::value(title);
            t["owner"] = toml_edit::value(format!("p{owner}"));
            t["status"] = toml_edit::value("open");
            usergroup::edit::push(doc, "tasks", t).unwrap();
        }
        Edit::Done(id) => {
            if let Some(t) = task(doc, id) {
                usergroup::edit::set(t, "status", "done");
            }
        }
        Edit::Reassign(id, owner) => {
            if let Some(t) = task(doc, id) {
                usergroup::edit::set(t, "owner", format!("p{owner}"));
            }
        }
        Edit::AddMember { addr, name } => {
            let email = format!("m{addr}@x.org");
            let members = doc["members"].as_array_of_tables().unwrap();
            if members.iter().any(|m| m["email"].as_str() == Some(&email)) {
                return;
            }
            let mut t = Table::new();
            t["name"] = toml_edit::value(format!("Member {name}"));
            t["email"] = toml_edit::value(email);
            usergroup::edit::push(doc, "members", t).unwrap();
        }
        Edit::Rsvp { addr, yes } => {
            let email = format!("m{addr}@x.org");
            let status = if yes { "yes" } else { "no" };
            let event = doc["events"]
                .as_array_of_tables_mut()
                .unwrap()
                .get_mut(0)
                .unwrap();
            let rsvps = event["rsvps"].as_array_mut().unwrap();
            let found = rsvps.iter_mut().find(|v| {
                v.as_inline_table()
                    .and_then(|t| t.get("email"))
                    .and_then(Value::as_str)
                    == Some(&email)
            });
            match found {
                Some(v) => {
                    let t = v.as_inline_table_mut().unwrap();
                    let decor = t.get("status").unwrap().decor().clone();
                    let mut s = Value::from(status);
                    *s.decor_mut() = decor;
                    t.insert("status", s);
                }
                None => {
                    let mut t = InlineTable::new();
                    t.insert("email", email.into());
                    t.insert("status", status.into());
                    let mut v = Value::InlineTable(t);
                    v.decor_mut().set_prefix("\n  ");
                    v.decor_mut().set_suffix("");
                    rsvps.push_formatted(v);
                }
            }
        }
        Edit::City(n) => {
            let group = doc["group"].as_table_mut().unwrap();
            usergroup::edit::set(group, "city", ["Madison", "Verona", "Rome"][n as usize]);
        }
        Edit::DeleteTask(id) => {
            tasks(doc).retain(|t| t.get("id").and_then(Item::as_integer) != Some(id.into()));
        }
        Edit::DeleteMember(addr) => {
            let email = format!("m{addr}@x.org");
            doc["members"]
                .as_array_of_tables_mut()
                .unwrap()
                .retain(|m| m["email"].as_str() != Some(&email));
        }
    }
}

/// A file as maps: unit ("tasks id:1", "members m0@x.org", "rsvp m0@x.org",
/// "group") -> key -> value. New tasks are named by title (the merge may
/// give THEIRS' a new id).
pub type Model = BTreeMap<String, BTreeMap<String, String>>;

pub fn model(text: &str) -> Model {
    let doc: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("does not parse: {e}\n{text}"));
    let mut m = Model::new();
    let fields = |t: &toml::Table| -> BTreeMap<String, String> {
        t.iter()
            .filter(|(k, _)| *k != "rsvps")
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    };
    m.insert("group".into(), fields(doc["group"].as_table().unwrap()));
    let list = |name: &str| -> Vec<toml::Table> {
        doc.get(name)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
            .unwrap_or_default()
    };
    for t in &list("tasks") {
        let id = t["id"].as_integer().unwrap();
        let mut f = fields(t);
        let t = &t;
        let unit = if id <= BASE_MAX_ID {
            format!("tasks id:{id}")
        } else {
            f.remove("id");
            format!("tasks new:{}", t["title"].as_str().unwrap())
        };
        m.insert(unit, f);
    }
    for t in &list("members") {
        m.insert(
            format!("members {}", t["email"].as_str().unwrap()),
            fields(t),
        );
    }
    let events = list("events");
    let rsvps = events[0]
        .get("rsvps")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default();
    for r in rsvps.iter().filter_map(|v| v.as_table()) {
        m.insert(format!("rsvp {}", r["email"].as_str().unwrap()), fields(r));
    }
    m
}

/// The merge every user expects, and how many conflicts it has: per unit,
/// one for a delete against a change; per key of a table, one for two
/// different changes (an RSVP line is one conflict, however many keys).
pub fn expected(base: &Model, ours: &Model, theirs: &Model) -> (Model, usize) {
    let mut out = Model::new();
    let mut conflicts = 0;
    let units: std::collections::BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    for unit in units {
        let (b, o, t) = (base.get(unit), ours.get(unit), theirs.get(unit));
        match (b, o, t) {
            (Some(b), None, Some(t)) | (Some(b), Some(t), None) if b != t => conflicts += 1,
            (Some(_), None, _) | (Some(_), _, None) => {}
            (_, Some(x), None) | (_, None, Some(x)) => {
                out.insert(unit.clone(), x.clone());
            }
            (None, None, None) => {}
            (b, Some(o), Some(t)) => {
                let empty = BTreeMap::new();
                let b = b.unwrap_or(&empty);
                let mut merged = BTreeMap::new();
                let mut clash = 0;
                let keys: std::collections::BTreeSet<&String> =
                    b.keys().chain(o.keys()).chain(t.keys()).collect();
                for k in keys {
                    let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
                    let v = if ov == tv || tv == bv {
                        ov
                    } else if ov == bv {
                        tv
                    } else {
                        clash += 1;
                        continue;
                    };
                    if let Some(v) = v {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                conflicts += if unit.starts_with("rsvp") {
                    clash.min(1)
                } else {
                    clash
                };
                if clash == 0 {
                    out.insert(unit.clone(), merged);
                }
            }
        }
    }
    (out, conflicts)
}

/// The text with every conflict block resolved to one side.
pub fn resolve(text: &str, ours: bool) -> String {
    let mut out = String::new();
    let mut side = None;
    for line in text.split_inclusive('\n') {
        match line.trim_end() {
            l if l.starts_with("<<<<<<<") => side = Some(true),
            "=======" if side.is_some() => side = Some(false),
            l if l.starts_with(">>>>>>>") => side = None,
            _ if side.is_none_or(|s| s == ours) => out.push_str(line),
            _ => {}
        }
    }
    out
}
