//! The entries of an array, matched across the three sides by a key: `id`
//! (people, venues, sponsors, events, tasks, talks), else the address
//! (`email`: members, RSVPs; compared without case), else the place in the
//! list (agenda items, checklist steps). OURS' entries keep their order and
//! THEIRS' new ones follow; an entry deleted on one side stays deleted when
//! the other side left it alone. Two new entries with one key: the same
//! entry when equal; else a new integer id on THEIRS' (max + 1), both kept
//! for entries matched by place, and merged key by key otherwise.

use std::collections::HashMap;

use toml_edit::{Array, ArrayOfTables, InlineTable, Item, Table, Value};

use super::fingerprint as fp;
use super::marks::{self, Marks, Shape, Sides};
use super::table::{clear_positions, merge_decor, merge_table};

/// An entry's key, as text: `id:12`, `email:ann@example.com`, `#3`.
fn key_of(get: impl Fn(&str) -> Option<Value>, place: usize) -> String {
    match get("id") {
        Some(Value::Integer(i)) => format!("id:{}", i.value()),
        Some(Value::String(s)) => format!("id:{:?}", s.value()),
        _ => match get("email") {
            Some(Value::String(s)) => format!("email:{}", s.value().to_lowercase()),
            _ => format!("#{place}"),
        },
    }
}

/// Keys in order; a key taken twice (a file with a duplicate id) gets a count.
fn keys(list: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    list.map(|k| {
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n == 1 { k } else { format!("{k}\u{0}{n}") }
    })
    .collect()
}

fn table_keys(a: &ArrayOfTables) -> Vec<String> {
    keys(
        a.iter()
            .enumerate()
            .map(|(i, t)| key_of(|k| t.get(k).and_then(Item::as_value).cloned(), i)),
    )
}

/// The keys of the three sides, and where each key is.
struct Keys {
    ours: Vec<String>,
    theirs: Vec<String>,
    in_base: HashMap<String, usize>,
    in_ours: HashMap<String, usize>,
    in_theirs: HashMap<String, usize>,
}

impl Keys {
    fn new(base: Option<Vec<String>>, ours: Vec<String>, theirs: Vec<String>) -> Keys {
        let at = |keys: &[String]| -> HashMap<String, usize> {
            keys.iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i))
                .collect()
        };
        Keys {
            in_base: at(&base.unwrap_or_default()),
            in_ours: at(&ours),
            in_theirs: at(&theirs),
            ours,
            theirs,
        }
    }
}

/// Merges THEIRS' `[[path]]` entries into OURS'.
pub fn merge_array(
    ours: &mut ArrayOfTables,
    base: Option<&ArrayOfTables>,
    theirs: &mut ArrayOfTables,
    path: &str,
    m: &mut Marks,
) {
    let k = Keys::new(base.map(table_keys), table_keys(ours), table_keys(theirs));
    let in_base = |key: &str| k.in_base.get(key).and_then(|&j| base?.get(j));
    let mut max_id = ours
        .iter()
        .chain(theirs.iter())
        .filter_map(|t| t.get("id").and_then(Item::as_integer))
        .max()
        .unwrap_or(0);
    let mut out: Vec<Table> = Vec::with_capacity(ours.len() + 4);
    let mut appended: Vec<Table> = Vec::new();
    let mine: Vec<Table> = std::mem::take(ours).into_iter().collect();
    for (i, mut o) in mine.into_iter().enumerate() {
        let key = k.ours[i].as_str();
        let here = format!("{path}[{}]", shown(key));
        let b = in_base(key);
        let Some(&j) = k.in_theirs.get(key) else {
            match b {
                Some(b) if same_text(&o, b) => {} // deleted in THEIRS
                Some(_) => {
                    let tag = m.add(
                        Shape::Entry {
                            path: path.to_string(),
                        },
                        Sides::OursOnly,
                        format!("{here} was changed in ours and deleted in theirs"),
                    );
                    marks::tag_table(&mut o, &tag);
                    out.push(o);
                }
                None => out.push(o),
            }
            continue;
        };
        let Some(t) = theirs.get_mut(j) else {
            out.push(o);
            continue;
        };
        if b.is_none() && !same_value(&o, t) {
            // Both added an entry under one key, differently: both kept,
            // THEIRS' after, with the next free id if it has an integer one.
            let renumber = t.get("id").and_then(Item::as_integer).is_some();
            if renumber || key.starts_with('#') {
                let mut t = t.clone();
                if renumber {
                    max_id += 1;
                    crate::edit::set(&mut t, "id", max_id);
                }
                clear_positions(&mut t);
                appended.push(t);
                out.push(o);
                continue;
            }
        }
        merge_decor(&mut o, b, t);
        merge_table(&mut o, b, t, &here, m);
        out.push(o);
    }
    for (j, t) in theirs.iter().enumerate() {
        let key = k.theirs[j].as_str();
        if k.in_ours.contains_key(key) {
            continue;
        }
        let mut t = t.clone();
        clear_positions(&mut t);
        match in_base(key) {
            None => out.push(t),
            Some(b) if same_text(&t, b) => {} // deleted in OURS
            Some(_) => {
                let tag = m.add(
                    Shape::Entry {
                        path: path.to_string(),
                    },
                    Sides::TheirsOnly,
                    format!(
                        "{path}[{}] was deleted in ours and changed in theirs",
                        shown(key)
                    ),
                );
                marks::tag_table(&mut t, &tag);
                out.push(t);
            }
        }
    }
    out.extend(appended);
    for t in out {
        ours.push(t);
    }
}

fn shown(key: &str) -> String {
    key.split('\u{0}').next().unwrap_or(key).to_string()
}

fn same_text(a: &Table, b: &Table) -> bool {
    fp::table_text(a) == fp::table_text(b)
}

fn same_value(a: &Table, b: &Table) -> bool {
    fp::table_value(a) == fp::table_value(b)
}

/// An inline array of inline tables that all have an `id` or an `email`
/// (`rsvps = [ { email = ... }, ... ]`): merged entry by entry.
/// An empty array counts as keyed: it is where the first RSVP goes.
pub fn keyed(a: &Array) -> bool {
    a.iter().all(|v| {
        v.as_inline_table()
            .is_some_and(|t| t.contains_key("id") || t.contains_key("email"))
    })
}

fn inline_keys(a: &Array) -> Vec<String> {
    keys(a.iter().enumerate().map(|(i, v)| {
        let t = v.as_inline_table();
        key_of(|k| t.and_then(|t| t.get(k)).cloned(), i)
    }))
}

/// Merges THEIRS' elements of a keyed inline array (one RSVP per line) into OURS'.
pub fn merge_inline(
    ours: &mut Array,
    base: Option<&Array>,
    theirs: &mut Array,
    path: &str,
    m: &mut Marks,
) {
    let k = Keys::new(
        base.map(inline_keys),
        inline_keys(ours),
        inline_keys(theirs),
    );
    let in_base = |key: &str| k.in_base.get(key).and_then(|&j| base?.get(j));
    let mine: Vec<Value> = ours.iter().cloned().collect();
    let mut out: Vec<Value> = Vec::with_capacity(mine.len() + 4);
    for (i, mut o) in mine.into_iter().enumerate() {
        let key = k.ours[i].as_str();
        let here = format!("{path}[{}]", shown(key));
        let b = in_base(key);
        let Some(t) = k.in_theirs.get(key).and_then(|&j| theirs.get_mut(j)) else {
            if b.is_some_and(|b| b.to_string() == o.to_string()) {
                continue; // deleted in THEIRS
            }
            if b.is_some() {
                let what = format!("{here} was changed in ours and deleted in theirs");
                marks::tag_value(&mut o, &m.add(Shape::Lines, Sides::OursOnly, what));
            }
            out.push(o);
            continue;
        };
        merge_element(&mut o, b, t, &here, m);
        out.push(o);
    }
    for (j, t) in theirs.iter().enumerate() {
        let key = k.theirs[j].as_str();
        if k.in_ours.contains_key(key) {
            continue;
        }
        let mut t = t.clone();
        match in_base(key) {
            None => out.push(t),
            Some(b) if b.to_string() == t.to_string() => {}
            Some(_) => {
                let what = format!(
                    "{path}[{}] was deleted in ours and changed in theirs",
                    shown(key)
                );
                marks::tag_value(&mut t, &m.add(Shape::Lines, Sides::TheirsOnly, what));
                out.push(t);
            }
        }
    }
    ours.clear();
    for v in out {
        ours.push_formatted(v);
    }
}

/// One element on both sides: key by key inside it; a key changed two ways
/// makes the element's line a conflict.
fn merge_element(o: &mut Value, b: Option<&Value>, t: &mut Value, here: &str, m: &mut Marks) {
    let (os, ts) = (o.to_string(), t.to_string());
    let bs = b.map(Value::to_string);
    if os == ts || bs.as_deref() == Some(ts.as_str()) {
        return;
    }
    if bs.as_deref() == Some(os.as_str()) {
        let decor = o.decor().clone();
        *o = t.clone();
        *o.decor_mut() = decor;
        return;
    }
    if fp::value_of(o) == fp::value_of(t) {
        return;
    }
    let empty = InlineTable::new();
    let merged = match (o.as_inline_table(), t.as_inline_table()) {
        (Some(ot), Some(tt)) => {
            let bt = b.and_then(Value::as_inline_table).unwrap_or(&empty);
            merge_inline_table(ot, bt, tt)
        }
        _ => None,
    };
    match merged {
        Some(table) => *o = Value::InlineTable(table),
        None => {
            let tag = m.add(
                Shape::Lines,
                Sides::Both,
                format!("{here} was changed two ways"),
            );
            marks::tag_value(o, &tag);
            marks::tag_value(t, &tag);
        }
    }
}

/// The inline tables merged key by key, or `None` when a key changed two ways.
fn merge_inline_table(o: &InlineTable, b: &InlineTable, t: &InlineTable) -> Option<InlineTable> {
    let mut out = o.clone();
    let val = |x: Option<&Value>| x.map(fp::value_of);
    for (k, tv) in t.iter() {
        let (ov, bv) = (o.get(k), b.get(k));
        let (os, bs, ts) = (val(ov), val(bv), Some(fp::value_of(tv)));
        if ts == os || ts == bs {
            continue;
        }
        if os != bs {
            return None;
        }
        let mut v = tv.clone();
        if let Some(old) = ov {
            *v.decor_mut() = old.decor().clone();
        }
        match t.key(k) {
            Some(key) if ov.is_none() => {
                out.insert_formatted(key, v);
            }
            _ => {
                out.insert(k, v);
            }
        }
    }
    for (k, ov) in o.iter() {
        if t.contains_key(k) {
            continue;
        }
        match b.get(k) {
            Some(bv) if fp::value_of(bv) == fp::value_of(ov) => {
                out.remove(k);
            }
            Some(_) => return None,
            None => {}
        }
    }
    Some(out)
}
