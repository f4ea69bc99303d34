//! Two ways to compare the same piece of three documents: `text` (as
//! written: comments and spacing count, so a side that only edited a
//! comment has changed it) and `value` (what it means: a change made the
//! same way on both sides, however spaced, is one change).

use std::fmt::Write;

use toml_edit::{Item, Table, Value};

/// The item as written, with its decor (and, for tables, their keys' decor).
pub fn text(item: &Item) -> String {
    let mut out = String::new();
    walk(item, true, &mut out);
    out
}

/// A key's line(s) as written: the comments and indent before the key, and
/// the value with its trailing comment.
pub fn key_text(table: &Table, key: &str) -> Option<String> {
    let (k, item) = table.get_key_value(key)?;
    let mut out = raw(k.leaf_decor().prefix());
    walk(item, true, &mut out);
    Some(out)
}

/// A table as written: [`text`] without wrapping it in an `Item`.
pub fn table_text(t: &Table) -> String {
    let mut out = String::new();
    walk_table(t, true, &mut out);
    out
}

/// What the item means, without comments or spacing.
pub fn value(item: &Item) -> String {
    let mut out = String::new();
    walk(item, false, &mut out);
    out
}

/// A table's meaning: [`value`] without wrapping it in an `Item`.
pub fn table_value(t: &Table) -> String {
    let mut out = String::new();
    walk_table(t, false, &mut out);
    out
}

pub fn value_of(v: &Value) -> String {
    let mut out = String::new();
    canon(v, &mut out);
    out
}

fn raw(s: Option<&toml_edit::RawString>) -> String {
    s.and_then(|r| r.as_str()).unwrap_or_default().to_string()
}

/// Writes the item as written (`decor`) or as meant.
fn walk(item: &Item, decor: bool, out: &mut String) {
    match item {
        Item::None => {}
        Item::Value(v) if decor => out.push_str(&v.to_string()),
        Item::Value(v) => canon(v, out),
        Item::Table(t) => walk_table(t, decor, out),
        Item::ArrayOfTables(a) => {
            out.push('[');
            for t in a.iter() {
                walk_table(t, decor, out);
                out.push(',');
            }
            out.push(']');
        }
    }
}

fn walk_table(t: &Table, decor: bool, out: &mut String) {
    if decor {
        out.push_str(&raw(t.decor().prefix()));
    }
    out.push('{');
    for (k, item) in t.iter() {
        if decor && let Some(key) = t.key(k) {
            out.push_str(&raw(key.leaf_decor().prefix()));
        }
        let _ = write!(out, "{k:?}=");
        walk(item, decor, out);
        out.push(',');
    }
    out.push('}');
}

fn canon(v: &Value, out: &mut String) {
    let _ = match v {
        Value::String(s) => write!(out, "{:?}", s.value()),
        Value::Integer(i) => write!(out, "{}", i.value()),
        Value::Float(f) => write!(out, "{:?}", f.value()),
        Value::Boolean(b) => write!(out, "{}", b.value()),
        Value::Datetime(d) => write!(out, "{}", d.value()),
        Value::Array(a) => {
            out.push('[');
            for v in a.iter() {
                canon(v, out);
                out.push(',');
            }
            out.push(']');
            Ok(())
        }
        Value::InlineTable(t) => {
            out.push('{');
            for (k, v) in t.iter() {
                let _ = write!(out, "{k:?}=");
                canon(v, out);
                out.push(',');
            }
            out.push('}');
            Ok(())
        }
    };
}
