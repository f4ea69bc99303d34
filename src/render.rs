//! One way to show a result: a command's view is a struct that is both
//! `Display` (what a person reads on the terminal) and `Serialize` (what
//! `--json` prints), so the two can never say different things. HTML and SVG
//! views (the site, stats) render the same structs through templates.

use std::fmt::Display;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::term;

/// Prints `view` as JSON (with `--json`) or as text.
pub fn show(view: &(impl Serialize + Display), json: bool) -> Result<()> {
    if json {
        print_json(view)
    } else {
        term::write_stdout(&view.to_string());
        Ok(())
    }
}

/// Prints a value as pretty JSON on stdout: exact data, with every character
/// a terminal would act on written as a JSON escape.
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::failed(format!("could not write JSON: {e}")))?;
    term::write_data(&term::json_safe(s + "\n"));
    Ok(())
}
