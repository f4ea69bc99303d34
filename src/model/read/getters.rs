//! The typed getters of the reader: a string, a number, a date, a list, a
//! duration, each with an error that names the field and shows the right form.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use toml_edit::{Item, TableLike, Value};

use super::super::units::{self, Days, Minutes};
use super::super::*;
use super::{Fields, Reader, Span};
use crate::diag::Diagnostic;

impl Reader {
    pub(super) fn str_spanned(&mut self, f: &Fields, key: &str) -> Option<Spanned<String>> {
        let item = f.get(key)?;
        match item.as_str() {
            Some(s) => Some(Spanned::new(s.to_string(), item_span(item))),
            None => {
                self.type_err(f, key, item, &format!("a string, like `{key} = \"...\"`"));
                None
            }
        }
    }

    pub(super) fn str(&mut self, f: &Fields, key: &str) -> Option<String> {
        self.str_spanned(f, key).map(|s| s.value)
    }

    pub(super) fn req_str_spanned(&mut self, f: &Fields, key: &str) -> Option<Spanned<String>> {
        if f.get(key).is_none() {
            self.err(format!("missing `{key}` in {}", f.what), f.span.clone());
            return None;
        }
        self.str_spanned(f, key)
    }

    pub(super) fn req_str(&mut self, f: &Fields, key: &str) -> Option<String> {
        self.req_str_spanned(f, key).map(|s| s.value)
    }

    pub(super) fn req_id(&mut self, f: &Fields, key: &str) -> Id {
        match self.req_str_spanned(f, key) {
            Some(id) => {
                if id.value.trim().is_empty() {
                    self.err(
                        format!("`{key}` in {} is empty: give it a short handle", f.what),
                        id.span.clone(),
                    );
                }
                id
            }
            None => Spanned::new(String::new(), f.span.clone()),
        }
    }

    pub(super) fn u32(&mut self, f: &Fields, key: &str) -> Option<u32> {
        let item = f.get(key)?;
        match item.as_integer() {
            Some(n) if (0..=u32::MAX as i64).contains(&n) => Some(n as u32),
            Some(n) => {
                self.err(
                    format!(
                        "`{key}` in {} must not be negative or huge, found {n}",
                        f.what
                    ),
                    item_span(item),
                );
                None
            }
            None => {
                self.type_err(f, key, item, &format!("a whole number, like `{key} = 40`"));
                None
            }
        }
    }

    /// A count of people (capacity, attendance, expected) or of changes
    /// (sequence): at most a million, which no group reaches and which keeps
    /// every sum of them far from overflowing.
    pub(super) fn count(&mut self, f: &Fields, key: &str) -> Option<u32> {
        const MAX: u32 = 1_000_000;
        let n = self.u32(f, key)?;
        if n > MAX {
            self.err(
                format!("`{key}` in {} is {n}, more than a million", f.what),
                f.get(key).and_then(item_span),
            );
            return None;
        }
        Some(n)
    }

    pub(super) fn bool(&mut self, f: &Fields, key: &str) -> Option<bool> {
        let item = f.get(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.type_err(f, key, item, "true or false");
                None
            }
        }
    }

    pub(super) fn str_array(&mut self, f: &Fields, key: &str) -> Vec<String> {
        self.id_array(f, key).into_iter().map(|s| s.value).collect()
    }

    /// The array at `key`, if any; anything else is reported as not `expected`.
    fn array_at<'t>(
        &mut self,
        f: &Fields<'t, '_>,
        key: &str,
        expected: &str,
    ) -> Option<&'t toml_edit::Array> {
        let item = f.get(key)?;
        let arr = item.as_array();
        if arr.is_none() {
            self.type_err(f, key, item, expected);
        }
        arr
    }

    pub(super) fn id_array(&mut self, f: &Fields, key: &str) -> Vec<Spanned<String>> {
        let like = format!("a list of strings, like `{key} = [\"a\", \"b\"]`");
        let Some(arr) = self.array_at(f, key, &like) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(Spanned::new(s.to_string(), v.span())),
                None => self.err(
                    format!(
                        "`{key}` in {} must list strings, found {}",
                        f.what,
                        v.type_name()
                    ),
                    v.span(),
                ),
            }
        }
        out
    }

    pub(super) fn date(&mut self, f: &Fields, key: &str) -> Option<NaiveDate> {
        let item = f.get(key)?;
        let span = item_span(item);
        match item.as_datetime() {
            Some(dt) => {
                match (dt.date, dt.time) {
                    (Some(d), None) => self.mk_date(d, span),
                    _ => {
                        self.err(format!("`{key}` in {} must be a date like {key} = 2026-12-08, without a time", f.what), span);
                        None
                    }
                }
            }
            None => {
                self.type_err(
                    f,
                    key,
                    item,
                    &format!("a date written without quotes, like `{key} = 2026-12-08`"),
                );
                None
            }
        }
    }

    pub(super) fn date_array(&mut self, f: &Fields, key: &str) -> Vec<NaiveDate> {
        let like = format!("a list of dates, like `{key} = [2026-12-22]`");
        let Some(arr) = self.array_at(f, key, &like) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for v in arr.iter() {
            match v.as_datetime() {
                Some(toml_edit::Datetime {
                    date: Some(d),
                    time: None,
                    ..
                }) => {
                    out.extend(self.mk_date(*d, v.span()));
                }
                _ => self.err(
                    format!(
                        "`{key}` in {} must list dates without quotes or times, like [2026-12-22]",
                        f.what
                    ),
                    v.span(),
                ),
            }
        }
        out
    }

    pub(super) fn mk_date(&mut self, d: toml_edit::Date, span: Span) -> Option<NaiveDate> {
        let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day));
        if date.is_none() {
            self.err(format!("{d} is not a date in the calendar"), span);
        }
        date
    }

    pub(super) fn req_datetime(&mut self, f: &Fields, key: &str) -> Option<NaiveDateTime> {
        let Some(item) = f.get(key) else {
            self.err(
                format!(
                    "missing `{key}` in {}: when it starts, like `{key} = 2026-12-08T18:30:00`",
                    f.what
                ),
                f.span.clone(),
            );
            return None;
        };
        let span = item_span(item);
        let Some(dt) = item.as_datetime() else {
            self.type_err(
                f,
                key,
                item,
                &format!("a local date-time without quotes, like `{key} = 2026-12-08T18:30:00`"),
            );
            return None;
        };
        match (dt.date, dt.time, dt.offset) {
            (Some(d), Some(t), None) => {
                let date = self.mk_date(d, span.clone())?;
                let time = NaiveTime::from_hms_opt(
                    u32::from(t.hour),
                    u32::from(t.minute),
                    u32::from(t.second.unwrap_or(0)),
                );
                if time.is_none() {
                    // TOML allows a leap second (`:60`); a meetup does not start on one.
                    self.err(
                        format!("{t} is not a time of day: write it like 18:30:00"),
                        span,
                    );
                }
                time.map(|t| date.and_time(t))
            }
            (_, _, Some(_)) => {
                self.err(
                    format!("`{key}` in {} has a UTC offset: write the local time without one (times are in group.timezone), like 2026-12-08T18:30:00", f.what),
                    span,
                );
                None
            }
            _ => {
                self.err(
                    format!(
                        "`{key}` in {} needs both a date and a time, like 2026-12-08T18:30:00",
                        f.what
                    ),
                    span,
                );
                None
            }
        }
    }

    pub(super) fn minutes(&mut self, f: &Fields, key: &str) -> Option<Minutes> {
        let s = self.str_spanned(f, key)?;
        self.parsed(&s, Minutes::parse)
    }

    pub(super) fn days(&mut self, f: &Fields, key: &str) -> Option<Days> {
        let s = self.str_spanned(f, key)?;
        self.parsed(&s, Days::parse)
    }

    pub(super) fn parsed<T>(
        &mut self,
        s: &Spanned<String>,
        parse: impl FnOnce(&str) -> crate::error::Result<T>,
    ) -> Option<T> {
        match parse(&s.value) {
            Ok(v) => Some(v),
            Err(e) => {
                // The hint, when the parser gives one, is the diagnostic's hint.
                let d = Diagnostic::error(e.to_string(), s.span.clone());
                self.diags.push(match e.hint() {
                    Some(h) => d.with_hint(h),
                    None => d,
                });
                None
            }
        }
    }

    /// A member's or person's address that cannot receive mail is a warning
    /// (SPEC §3 Email): the file stays usable, and sending skips that one.
    /// `skipped` says what is lost, e.g. "this member is skipped when sending".
    pub(super) fn address(&mut self, s: &Spanned<String>, skipped: &str, hint: &str) {
        if let Err(e) = units::check_address(&s.value) {
            self.diags.push(
                Diagnostic::warning(format!("{e}; {skipped}"), s.span.clone()).with_hint(hint),
            );
        }
    }
}

pub(super) fn table_of(item: &Item) -> Option<(&dyn TableLike, Span)> {
    match item {
        Item::Table(t) => Some((t, t.span())),
        Item::Value(Value::InlineTable(t)) => Some((t, t.span())),
        _ => None,
    }
}

pub(super) fn item_span(item: &Item) -> Span {
    match item {
        Item::Table(t) => t.span(),
        Item::ArrayOfTables(a) => a.span().or_else(|| a.iter().next().and_then(|t| t.span())),
        other => other.span(),
    }
}

pub(super) fn describe(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(v) => match v {
            Value::String(_) => "a string",
            Value::Integer(_) => "a number",
            Value::Float(_) => "a decimal number",
            Value::Boolean(_) => "true/false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::InlineTable(_) => "an inline table",
        },
    }
}

pub(super) fn empty_group_info() -> GroupInfo {
    GroupInfo {
        name: String::new(),
        timezone: None,
        city: None,
        website: None,
        topics: Vec::new(),
    }
}

pub(crate) fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
