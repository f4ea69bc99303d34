//! CSV as ug writes it (`ug members export`, `ug rsvps --csv`): RFC 4180 by
//! the `csv` crate, every cell defused for spreadsheets (SPEC §11), so a
//! member named `=HYPERLINK(...)` is shown as text, never run as a formula.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The characters a spreadsheet reads as the start of a formula (OWASP's
/// list): a cell beginning with one gets a leading `'`.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell`, with a `'` in front when it begins with a formula character.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// What [`defuse`] added taken off again: for `ug members import`, so an
/// exported list comes back as it was.
pub fn undo(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// The CSV of `header` and `rows`, every cell through [`defuse`].
pub fn to_csv<R, C>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let fail = |e: &dyn std::fmt::Display| Error::failed(format!("could not write the CSV: {e}"));
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(header.iter().map(|h| defuse(h).into_owned()))
        .map_err(|e| fail(&e))?;
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| defuse(c.as_ref()).into_owned())
            .collect();
        w.write_record(&cells).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_defused_and_undone() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse(bad), format!("'{bad}"));
            assert_eq!(undo(&defuse(bad)), bad);
        }
        for ok in ["Ann", "ann@example.org", "2026-12-08", "'quoted", ""] {
            assert_eq!(defuse(ok), ok);
            assert_eq!(undo(ok), ok);
        }
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let csv = to_csv(&["a", "b"], [["x, \"y\"", "=2"]]).unwrap();
        assert_eq!(csv, "a,b\n\"x, \"\"y\"\"\",'=2\n");
    }
}
