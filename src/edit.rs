//! Small surgical edits on a `toml_edit` document that keep everything around
//! them as the person wrote it: values keep their comments, new entries go
//! after the last of their kind with the file's own spacing.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::error::{Error, Result};

/// The `[[name]]` array, created at the end of the file when missing.
pub fn array_mut<'d>(doc: &'d mut DocumentMut, name: &str) -> Result<&'d mut ArrayOfTables> {
    let root = doc.as_table_mut();
    if !root.contains_key(name) {
        root.insert(name, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    match root.get_mut(name) {
        Some(Item::ArrayOfTables(a)) => Ok(a),
        _ => Err(Error::failed_with(
            format!(
                "`{name}` in the group file is written as an inline array; ug can only add to [[{name}]] tables"
            ),
            format!("rewrite it as [[{name}]] sections"),
        )),
    }
}

/// The `[[name]]` table whose `key` equals `want`.
pub fn find_mut<'d>(
    doc: &'d mut DocumentMut,
    name: &str,
    key: &str,
    want: &Value,
) -> Option<&'d mut Table> {
    let arr = doc.as_table_mut().get_mut(name)?.as_array_of_tables_mut()?;
    arr.iter_mut().find(|t| {
        t.get(key)
            .and_then(Item::as_value)
            .is_some_and(|v| same(v, want))
    })
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        _ => false,
    }
}

/// Sets `key` to `value`, keeping the old value's spacing and trailing comment.
pub fn set(table: &mut Table, key: &str, value: impl Into<Value>) {
    let mut value = value.into();
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *value.decor_mut() = decor;
            *old = value;
        }
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Removes `key` from the table, if present.
pub fn remove(table: &mut Table, key: &str) {
    table.remove(key);
}

/// Appends `table` to `[[name]]`: after the last entry, separated by a blank
/// line like the entries before it.
pub fn push(doc: &mut DocumentMut, name: &str, mut table: Table) -> Result<()> {
    let arr = array_mut(doc, name)?;
    let blank = arr.iter().last().is_none_or(|t| {
        t.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_none_or(|p| p.contains('\n'))
    });
    if blank {
        table.decor_mut().set_prefix("\n");
    }
    arr.push(table);
    Ok(())
}

/// A date as a TOML value (`2026-11-26`, no quotes). TOML dates have four-digit years.
pub fn date(d: chrono::NaiveDate) -> Result<Value> {
    Ok(Value::from(toml_edit::Datetime {
        date: Some(toml_date(d)?),
        time: None,
        offset: None,
    }))
}

/// A local date-time as a TOML value (`2026-12-08T18:30:00`).
pub fn datetime(dt: chrono::NaiveDateTime) -> Result<Value> {
    use chrono::Timelike;
    let time = toml_edit::Time {
        hour: dt.hour() as u8,
        minute: dt.minute() as u8,
        second: Some(dt.second() as u8),
        nanosecond: None,
    };
    Ok(Value::from(toml_edit::Datetime {
        date: Some(toml_date(dt.date())?),
        time: Some(time),
        offset: None,
    }))
}

fn toml_date(d: chrono::NaiveDate) -> Result<toml_edit::Date> {
    use chrono::Datelike;
    match u16::try_from(d.year()) {
        Ok(year) if year <= 9999 => Ok(toml_edit::Date {
            year,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        _ => Err(Error::usage(
            format!("{d} is outside the years a group file can hold (0000 to 9999)"),
            "use a date like 2026-12-01",
        )),
    }
}
