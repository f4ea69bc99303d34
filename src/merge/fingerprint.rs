//! Two ways to compare the same piece of three documents: `text` (as
//! written: comments and spacing count, so a side that only edited a
//! comment has changed it) and `value` (what it means: a change made the
//! same way on both sides, however spaced, is one change).

use std::fmt::Write;

use toml_edit::{Item, Table, Value};

/// The item as written, with its decor (and, for tables, their keys' decor).
pub fn text(item: &Item) -> String {
    let mut out = String::new();
    write_item(item, &mut out);
    out
}

/// A key's line(s) as written: the comments and indent before the key, and
/// the value with its trailing comment.
pub fn key_text(table: &Table, key: &str) -> Option<String> {
    let (k, item) = table.get_key_value(key)?;
    let mut out = raw(k.leaf_decor().prefix());
    write_item(item, &mut out);
    Some(out)
}

fn raw(s: Option<&toml_edit::RawString>) -> String {
    s.and_then(|r| r.as_str()).unwrap_or_default().to_string()
}

fn write_item(item: &Item, out: &mut String) {
    match item {
        Item::None => {}
        Item::Value(v) => out.push_str(&v.to_string()),
        Item::Table(t) => write_table(t, out),
        Item::ArrayOfTables(a) => {
            for t in a.iter() {
                out.push_str("[[]]");
                write_table(t, out);
            }
        }
    }
}

/// A table as written: [`text`] without wrapping it in an `Item`.
pub fn table_text(t: &Table) -> String {
    let mut out = String::new();
    write_table(t, &mut out);
    out
}

/// A table's meaning: [`value`] without wrapping it in an `Item`.
pub fn table_value(t: &Table) -> String {
    let mut out = String::new();
    canon_table(t, &mut out);
    out
}

fn write_table(t: &Table, out: &mut String) {
    out.push_str(&raw(t.decor().prefix()));
    out.push('{');
    for (k, item) in t.iter() {
        let key = t.key(k).map(|k| raw(k.leaf_decor().prefix()));
        let _ = write!(out, "{}{k:?}=", key.unwrap_or_default());
        write_item(item, out);
        out.push('\n');
    }
    out.push('}');
}

/// What the item means, without comments or spacing.
pub fn value(item: &Item) -> String {
    let mut out = String::new();
    canon_item(item, &mut out);
    out
}

pub fn value_of(v: &Value) -> String {
    let mut out = String::new();
    canon(v, &mut out);
    out
}

fn canon_item(item: &Item, out: &mut String) {
    match item {
        Item::None => {}
        Item::Value(v) => canon(v, out),
        Item::Table(t) => canon_table(t, out),
        Item::ArrayOfTables(a) => {
            out.push('[');
            for t in a.iter() {
                canon_table(t, out);
                out.push(',');
            }
            out.push(']');
        }
    }
}

fn canon_table(t: &Table, out: &mut String) {
    out.push('{');
    for (k, item) in t.iter() {
        let _ = write!(out, "{k:?}=");
        canon_item(item, out);
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
