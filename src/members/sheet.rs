//! Reading a member sheet for `ug members import`: Luma's guest export,
//! Meetup's member list or a plain `name,email` CSV, with the `csv` crate
//! (comma, semicolon or tab separated), its columns found by header name.
//! A bad row is a [`Problem`] with its line; a file that cannot be read as
//! a whole (not UTF-8, no email column, a broken quote) is an error naming
//! the line and the fix.

use serde::Serialize;

use crate::diag::LineIndex;
use crate::error::{Error, Result};
use crate::words::plural;

/// Header names of each column, compared without case, spaces, `_` or `-`
/// (so `E-mail`, `Email Address`, `user_email` and `EMAIL` all match).
const EMAIL: &[&str] = &["email", "e-mail", "email address", "user_email"];
const NAME: &[&str] = &["name", "full name", "user_name"];
const FIRST: &[&str] = &["first_name", "first name", "firstname", "given name"];
const LAST: &[&str] = &[
    "last_name",
    "last name",
    "lastname",
    "surname",
    "family name",
];
const JOINED: &[&str] = &[
    "joined",
    "created_at",
    "joined group on",
    "joined on",
    "date joined",
    "member since",
    "date added",
    // Mailchimp's audience export.
    "confirm_time",
    "optin_time",
];
/// `ug members export`'s `status`: `unsubscribed` and `bounced` rows are
/// added as such (an export read back keeps who left); any other value is
/// a subscribed member.
const STATUS: &[&str] = &["status"];

/// One data row, its fields trimmed.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line it starts on (the header is line 1 in a plain file).
    pub line: u64,
    pub email: String,
    pub name: String,
    /// The joined cell as written ("" when there is no such column).
    pub joined: String,
    /// The status cell, lower case ("" when there is no such column).
    pub status: String,
}

/// A row that was skipped, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// The readable rows of a CSV, and the ones that could not be read.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    /// Which header each field came from, for the report.
    pub columns: Vec<(&'static str, String)>,
}

/// Where each wanted column is.
struct Columns {
    email: usize,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    joined: Option<usize>,
    status: Option<usize>,
}

fn norm(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first header (in `names`' order) that matches one of `names`.
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| {
        let n = norm(n);
        headers.iter().position(|h| norm(h) == n)
    })
}

/// The file's bytes as text: without a UTF-8 byte-order mark; anything
/// else than UTF-8 is an error at the first bad byte, with the fix.
fn decode<'b>(bytes: &'b [u8], display: &str) -> Result<&'b str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let save_as = "save it as UTF-8 (in a spreadsheet: Save as / Download > \"CSV UTF-8\"), then import it again";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Error::failed_with(
            format!("{display}:1: the file is UTF-16 text, not UTF-8: nothing was imported"),
            save_as,
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        // The bytes before the bad one are valid UTF-8, by definition.
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, col) = LineIndex::new(valid).position(valid.len());
        Error::failed_with(
            format!(
                "{display}:{line}:{col}: not UTF-8 text (byte 0x{:02X}; perhaps Latin-1 or Windows-1252): nothing was imported",
                bytes[at]
            ),
            save_as,
        )
    })
}

/// A quoted field still open at the end of the file: the line it opened on.
/// (The `csv` crate would read the rest of the file into that one field.)
fn unclosed_quote(text: &str, delimiter: char) -> Option<u64> {
    let mut line = 1u64;
    let mut opened = 0u64;
    let mut in_quote = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_quote {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quote = false;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                in_quote = true;
                opened = line;
                field_start = false;
            }
            '\n' => field_start = true,
            c if c == delimiter => field_start = true,
            '\r' => {}
            _ => field_start = false,
        }
    }
    in_quote.then_some(opened)
}

/// The field separator: a comma, unless the header row has more semicolons
/// (a spreadsheet in a locale with decimal commas) or tabs.
fn delimiter(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    let count = |d: char| header.matches(d).count();
    [';', '\t']
        .into_iter()
        .filter(|&d| count(d) > count(','))
        .max_by_key(|&d| count(d))
        .unwrap_or(',')
}

fn broken_quote(display: &str, line: u64, what: &str) -> Error {
    Error::failed_with(
        format!("{display}:{line}: {what}: nothing was imported"),
        "close the quote at the end of the field, and write a quote inside a quoted field twice (\"\"), e.g. \"Ann \"\"Annie\"\" Lee\"",
    )
}

/// Reads a CSV export: a header row, then one member per row. Rows are
/// returned with their line; rows that cannot be read are problems.
pub fn read_csv(bytes: &[u8], display: &str) -> Result<Table> {
    let text = decode(bytes, display)?;
    let delimiter = delimiter(text);
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(broken_quote(
            display,
            line,
            "a quoted field opens here and is never closed",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter as u8)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>(),
        Some(Err(e)) => return Err(csv_error(display, &e)),
        None => {
            return Err(Error::failed_with(
                format!("{display} is empty: nothing was imported"),
                "a member CSV starts with a header row, e.g. `name,email`",
            ));
        }
    };
    let cols = find_columns(&header, display)?;
    let mut table = Table {
        columns: describe(&header, &cols),
        ..Table::default()
    };
    for record in records {
        let record = record.map_err(|e| csv_error(display, &e))?;
        let line = record.position().map_or(0, csv::Position::line);
        let spans_lines = record.iter().any(|f| f.contains('\n'));
        if spans_lines && record.len() != header.len() {
            return Err(broken_quote(
                display,
                line,
                &format!(
                    "a quoted field here runs over several lines and leaves {} fields where the header has {} (a quote not closed where it should be?)",
                    record.len(),
                    header.len()
                ),
            ));
        }
        // An exported list comes back as it was: the `'` ug put before a
        // formula-like cell (`crate::spreadsheet`) is taken off.
        let cell = |i: Option<usize>| {
            crate::spreadsheet::undo(i.and_then(|i| record.get(i)).unwrap_or("")).trim()
        };
        if record.len() == 1 && cell(Some(0)).is_empty() {
            continue; // a blank line
        }
        if record.get(cols.email).is_none() {
            table.problems.push(Problem {
                line,
                message: format!(
                    "the row has {} and none under `{}` (the header has {}): row skipped",
                    plural(record.len() as i64, "field"),
                    header[cols.email],
                    header.len()
                ),
            });
            continue;
        }
        let name = match cell(cols.name) {
            "" => format!("{} {}", cell(cols.first), cell(cols.last)),
            n => n.to_string(),
        };
        let name = super::clean_name(&name);
        table.rows.push(Row {
            line,
            email: cell(Some(cols.email)).to_string(),
            name,
            joined: cell(cols.joined).to_string(),
            status: cell(cols.status).to_lowercase(),
        });
    }
    Ok(table)
}

fn csv_error(display: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    Error::failed_with(
        format!("{display}:{line}: cannot read this CSV ({e}): nothing was imported"),
        "save the sheet again as CSV (comma-separated, UTF-8)",
    )
}

fn find_columns(header: &[String], display: &str) -> Result<Columns> {
    let Some(email) = column(header, EMAIL) else {
        let found = header
            .iter()
            .map(|h| format!("`{}`", h.trim_start_matches('\u{feff}')))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::failed_with(
            format!(
                "{display}:1: no email column: the headers are {found}; ug looks for one named {} (any case): nothing was imported",
                EMAIL.join(", ")
            ),
            "rename the column that holds the addresses to `email`, or add a header row like `name,email`",
        ));
    };
    Ok(Columns {
        email,
        name: column(header, NAME),
        first: column(header, FIRST),
        last: column(header, LAST),
        joined: column(header, JOINED),
        status: column(header, STATUS),
    })
}

fn describe(header: &[String], c: &Columns) -> Vec<(&'static str, String)> {
    let mut out = vec![("email", header[c.email].clone())];
    for (what, i) in [
        ("name", c.name),
        ("first name", c.first),
        ("last name", c.last),
        ("joined", c.joined),
        ("status", c.status),
    ] {
        if let Some(i) = i {
            out.push((what, header[i].clone()));
        }
    }
    out
}
