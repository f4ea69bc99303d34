//! The key-by-key merge of one table (the root, `[group]`, one `[[tasks]]`
//! entry...): a key changed on one side only takes that side, the same
//! change on both is one change, and two different changes of a value are
//! a conflict around that key's lines alone. Sub-tables recurse; arrays of
//! tables and keyed inline arrays go to `entries`.

use toml_edit::{Item, Table, Value};

use super::entries;
use super::fingerprint as fp;
use super::marks::{self, Marks, Shape, Sides};

/// Merges THEIRS' changes since BASE into `ours` (in place). `path` names
/// the table in messages (`tasks.12`); THEIRS is tagged where it conflicts.
pub fn merge_table(
    ours: &mut Table,
    base: Option<&Table>,
    theirs: &mut Table,
    path: &str,
    m: &mut Marks,
) {
    let mine: Vec<String> = ours.iter().map(|(k, _)| k.to_string()).collect();
    for key in &mine {
        merge_key(ours, base, theirs, key, path, m);
    }
    let new: Vec<String> = theirs
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !ours.contains_key(k) && !mine.contains(k))
        .collect();
    for key in new {
        let b = base.and_then(|b| b.get(&key));
        let Some((k, t)) = theirs.get_key_value(&key) else {
            continue;
        };
        let (k, t) = (k.clone(), t.clone());
        match b {
            // Every entry deleted in OURS: entry by entry against THEIRS'.
            Some(Item::ArrayOfTables(b)) if t.is_array_of_tables() => {
                ours.insert_formatted(&k, Item::ArrayOfTables(Default::default()));
                if let (Some(Item::ArrayOfTables(o)), Some(Item::ArrayOfTables(t))) =
                    (ours.get_mut(&key), theirs.get_mut(&key))
                {
                    entries::merge_array(o, Some(b), t, &join(path, &key), m);
                }
            }
            // Deleted in OURS, unchanged in THEIRS: stays deleted.
            Some(b) if fp::text(b) == fp::text(&t) => {}
            Some(_) => {
                ours.insert_formatted(&k, fresh(t));
                conflict(ours, None, &key, path, Sides::TheirsOnly, m);
            }
            None => {
                ours.insert_formatted(&k, fresh(t));
            }
        }
    }
}

fn merge_key(
    ours: &mut Table,
    base: Option<&Table>,
    theirs: &mut Table,
    key: &str,
    path: &str,
    m: &mut Marks,
) {
    let b = base.and_then(|b| b.get(key));
    let here = join(path, key);
    let Some(t) = theirs.get(key) else {
        match b {
            // Added in OURS only, or deleted in THEIRS and unchanged in OURS.
            None => {}
            // Every entry deleted in THEIRS: entry by entry against OURS'.
            Some(Item::ArrayOfTables(b)) => {
                if let Some(Item::ArrayOfTables(o)) = ours.get_mut(key) {
                    entries::merge_array(o, Some(b), &mut Default::default(), &here, m);
                }
            }
            Some(b) if ours.get(key).map(fp::text) == Some(fp::text(b)) => {
                ours.remove(key);
            }
            Some(_) => conflict(ours, None, key, path, Sides::OursOnly, m),
        }
        return;
    };
    let (o_text, t_text) = (fp::key_text(ours, key), fp::key_text(theirs, key));
    let b_text = base.and_then(|b| fp::key_text(b, key));
    if t_text == o_text || (b_text.is_some() && t_text == b_text) {
        return;
    }
    if b_text.is_some() && o_text == b_text {
        take_theirs(ours, theirs, key);
        return;
    }
    // A value changed on both sides, one of them only in its comments or
    // spacing: the other side's change. (Tables go key by key instead: a
    // comment changed inside them is a change of that key's line.)
    if t.is_value() {
        let o = ours.get(key).map(fp::value);
        let (b_val, t_val) = (b.map(fp::value), Some(fp::value(t)));
        if o == t_val || (b_val.is_some() && t_val == b_val) {
            return;
        }
        if b_val.is_some() && o == b_val {
            take_theirs(ours, theirs, key);
            return;
        }
    }
    let (Some(o_item), Some(t_item)) = (ours.get_mut(key), theirs.get_mut(key)) else {
        return;
    };
    match (o_item, t_item) {
        (Item::Table(o), Item::Table(t)) => {
            let b = b.and_then(Item::as_table);
            merge_decor(o, b, t);
            merge_table(o, b, t, &here, m);
        }
        (Item::ArrayOfTables(o), Item::ArrayOfTables(t)) => {
            entries::merge_array(o, b.and_then(Item::as_array_of_tables), t, &here, m);
        }
        (Item::Value(Value::Array(o)), Item::Value(Value::Array(t)))
            if entries::keyed(o) && entries::keyed(t) && !(o.is_empty() && t.is_empty()) =>
        {
            let b = b.and_then(Item::as_array).filter(|b| entries::keyed(b));
            entries::merge_inline(o, b, t, &here, m);
        }
        (Item::Value(_), Item::Value(_)) => conflict(ours, Some(theirs), key, path, Sides::Both, m),
        _ => m.unmarked(format!(
            "`{here}` was changed two ways, one of them into a table: OURS' kept"
        )),
    }
}

/// Takes THEIRS' `key = value` as THEIRS wrote it (its comments too).
fn take_theirs(ours: &mut Table, theirs: &Table, key: &str) {
    let Some((k, t)) = theirs.get_key_value(key) else {
        return;
    };
    let prefix = k.leaf_decor().prefix().cloned();
    let t = t.clone();
    if let Some(mut ok) = ours.key_mut(key)
        && let Some(p) = prefix
    {
        ok.leaf_decor_mut().set_prefix(p);
    }
    if let Some(slot) = ours.get_mut(key) {
        *slot = fresh(t);
    }
}

/// A table's header decor (the comments above it): THEIRS' when only THEIRS changed it.
pub fn merge_decor(ours: &mut Table, base: Option<&Table>, theirs: &Table) {
    let raw = |t: &Table| {
        t.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(str::to_string)
    };
    let Some(b) = base else { return };
    if raw(ours) == raw(b) && raw(theirs) != raw(b) {
        let prefix = theirs.decor().prefix().cloned();
        if let Some(p) = prefix {
            ours.decor_mut().set_prefix(p);
        }
    }
}

/// Marks `key` in OURS (and THEIRS, for `Both`) as a conflict.
fn conflict(
    ours: &mut Table,
    theirs: Option<&mut Table>,
    key: &str,
    path: &str,
    sides: Sides,
    m: &mut Marks,
) {
    let here = join(path, key);
    let what = match sides {
        Sides::Both => format!("`{here}` was changed two ways"),
        Sides::OursOnly => format!("`{here}` was changed in ours and deleted in theirs"),
        Sides::TheirsOnly => format!("`{here}` was deleted in ours and changed in theirs"),
    };
    match ours.get_mut(key) {
        Some(Item::Value(_)) => {
            let tag = m.add(Shape::Lines, sides, what);
            marks::tag_key(ours, key, &tag);
            if let Some(t) = theirs {
                marks::tag_key(t, key, &tag);
            }
        }
        Some(Item::Table(t)) if !t.is_implicit() => {
            let tag = m.add(Shape::Entry { path: here }, sides, what);
            marks::tag_table(t, &tag);
        }
        _ => m.unmarked(what),
    }
}

/// An item from THEIRS, placed where OURS puts new tables (after the last
/// of its kind): its own positions are THEIRS' order, not OURS'.
pub fn fresh(mut item: Item) -> Item {
    match &mut item {
        Item::Table(t) => clear_positions(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
        _ => {}
    }
    item
}

pub fn clear_positions(t: &mut Table) {
    t.set_position(None);
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(t) => clear_positions(t),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
            _ => {}
        }
    }
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
