//! A decided [`RsvpChange`] written into the event's `rsvps`: an inline
//! table per person, one per line, in a multi-line array. A changed entry
//! is edited in place (only its changed keys, their spacing kept); a new one
//! goes at the end with its neighbours' indent. Nothing else moves: a change
//! is a one-line diff.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::{RsvpChange, Slot};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::Rsvp;
use crate::model::schema::{event, rsvp, top};

/// Writes the change's entries into event `c.event`'s `rsvps`.
pub fn apply(doc: &mut DocumentMut, c: &RsvpChange) -> Result<()> {
    if c.writes.is_empty() {
        return Ok(());
    }
    let t = edit::find_mut(doc, top::EVENTS, event::ID, &Value::from(c.event.as_str()))
        .ok_or_else(|| {
            Error::failed(format!(
                "event `{}` is not an [[events]] table; edit its RSVPs by hand",
                c.event
            ))
        })?;
    if !t.contains_key(event::RSVPS) {
        let mut a = Array::new();
        a.set_trailing("\n");
        a.set_trailing_comma(true);
        t.insert(event::RSVPS, Item::Value(Value::Array(a)));
    }
    let Some(arr) = t.get_mut(event::RSVPS).and_then(Item::as_array_mut) else {
        return Err(Error::failed_with(
            format!("`rsvps` of event `{}` is not a list", c.event),
            "write it as rsvps = [ { email = ..., status = ..., at = ... }, ... ]",
        ));
    };
    for (slot, r) in &c.writes {
        match slot {
            Slot::At(i) => match arr.get_mut(*i) {
                Some(v @ Value::InlineTable(_)) => rewrite(v, r)?,
                _ => {
                    return Err(Error::failed(format!(
                        "RSVP {} of event `{}` is not an inline table; edit it by hand",
                        i + 1,
                        c.event
                    )));
                }
            },
            Slot::New => push(arr, r)?,
        }
    }
    Ok(())
}

/// A new line at the end of the array, indented like the others.
fn push(arr: &mut Array, r: &Rsvp) -> Result<()> {
    let prefix = arr
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .filter(|p| p.contains('\n'))
        .map_or_else(|| "\n  ".to_string(), str::to_string);
    let mut it = InlineTable::new();
    fill(&mut it, r)?;
    let mut v = Value::InlineTable(it);
    v.decor_mut().set_prefix(prefix);
    v.decor_mut().set_suffix("");
    // The closing bracket on a line of its own; every line ends with a comma.
    let trailing = arr.trailing().as_str().unwrap_or("");
    if !trailing.contains('\n') {
        arr.set_trailing("\n");
    }
    arr.set_trailing_comma(true);
    arr.push_formatted(v);
    Ok(())
}

/// An entry changed in place: only its changed values when it already has
/// every key `r` needs and no other; else the line is written afresh, in
/// the usual key order (its indent kept).
fn rewrite(v: &mut Value, r: &Rsvp) -> Result<()> {
    let mut fresh = InlineTable::new();
    fill(&mut fresh, r)?;
    if let Some(it) = v.as_inline_table_mut() {
        let keys = |t: &InlineTable| {
            let mut k: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
            k.sort();
            k
        };
        if keys(it) == keys(&fresh) {
            return fill(it, r);
        }
    }
    let decor = v.decor().clone();
    *v = Value::InlineTable(fresh);
    *v.decor_mut() = decor;
    Ok(())
}

/// Sets each key of `r` in `it`, keeping the spacing of values already there;
/// optional keys without a value are removed.
fn fill(it: &mut InlineTable, r: &Rsvp) -> Result<()> {
    set(it, rsvp::EMAIL, Some(Value::from(r.email.as_str())));
    set(it, rsvp::NAME, r.name.as_deref().map(Value::from));
    set(it, rsvp::STATUS, Some(Value::from(r.status.as_str())));
    set(
        it,
        rsvp::GUESTS,
        (r.guests > 0).then(|| Value::from(i64::from(r.guests))),
    );
    set(it, rsvp::AT, Some(edit::datetime(r.at)?));
    set(it, rsvp::VIA, r.via.map(|v| Value::from(v.as_str())));
    set(it, rsvp::ATTENDED, r.attended.then(|| Value::from(true)));
    Ok(())
}

fn set(it: &mut InlineTable, key: &str, value: Option<Value>) {
    match (it.get_mut(key), value) {
        (Some(old), Some(mut new)) => {
            if !same(old, &new) {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
        }
        (None, Some(new)) => {
            it.insert(key, new);
        }
        (Some(_), None) => {
            it.remove(key);
        }
        (None, None) => {}
    }
}

/// The same value (so an untouched key keeps even its written form).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        _ => false,
    }
}
