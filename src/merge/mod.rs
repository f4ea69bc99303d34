//! The three-way merge of a group file behind `ug merge` (SPEC §10): three
//! texts in, one text out, no I/O. Entries of `[[arrays]]` are matched by
//! `id` (members and RSVPs by address, agenda items by their place), plain
//! tables key by key. The result starts from OURS and takes THEIRS' changes
//! as `toml_edit` edits, so every line the merge did not touch stays byte for
//! byte; a key changed two ways becomes a conflict block around its lines.
//! Texts that do not parse get a plain line merge (`lines`).

pub mod attributes;
mod entries;
mod fingerprint;
mod lines;
mod marks;
mod table;

use toml_edit::DocumentMut;

use crate::store::text;

/// What the merge made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged text, in OURS' form (BOM, line ends, final newline).
    pub text: String,
    /// One line per conflict left in `text` as a marker block, saying where.
    pub conflicts: Vec<String>,
    /// Set when a text did not parse and the merge went line by line: why.
    pub by_lines: Option<String>,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges THEIRS' changes since BASE into OURS.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    let (ours_body, form) = text::split(ours);
    let lf = |s: &str| text::split(s).0.replace("\r\n", "\n");
    let (b, o, t) = (lf(base), lf(ours), lf(theirs));
    let plain = |text: String| Merged {
        text,
        conflicts: Vec::new(),
        by_lines: None,
    };
    // The trivial cases keep a side's bytes exactly.
    if t == b || t == o {
        return plain(ours.to_string());
    }
    if o == b {
        return plain(theirs.to_string());
    }
    let parsed = (parse(&b, "BASE"), parse(&o, "OURS"), parse(&t, "THEIRS"));
    let mut merged = match parsed {
        (Ok(bd), Ok(od), Ok(td)) => merge_docs(&bd, od, td),
        (rb, ro, rt) => {
            let why = [rb.err(), ro.err(), rt.err()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ");
            let (text, conflicts) = lines::merge(&b, &o, &t);
            Merged {
                text,
                conflicts,
                by_lines: Some(why),
            }
        }
    };
    merged.text = text::restore(ours_body, &merged.text, &form);
    merged
}

/// `Ok` when `text` (a merge's result, say) is valid TOML; else why not,
/// naming it `what`.
pub fn check_parses(text: &str, what: &str) -> Result<(), String> {
    parse(&text::split(text).0.replace("\r\n", "\n"), what).map(drop)
}

fn parse(text: &str, side: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| {
        let at = e
            .span()
            .map(|s| format!(" at line {}", text[..s.start].matches('\n').count() + 1))
            .unwrap_or_default();
        format!(
            "{side} is not valid TOML{at}: {}",
            e.message().trim().trim_end_matches('.')
        )
    })
}

/// The entry-by-entry merge of three parsed documents.
fn merge_docs(base: &DocumentMut, mut ours: DocumentMut, mut theirs: DocumentMut) -> Merged {
    let mut m = marks::Marks::default();
    table::merge_table(
        ours.as_table_mut(),
        Some(base.as_table()),
        theirs.as_table_mut(),
        "",
        &mut m,
    );
    let (b, o, t) = (base.trailing(), ours.trailing(), theirs.trailing());
    if o.as_str() == b.as_str() && t.as_str() != b.as_str() {
        let t = t.clone();
        ours.set_trailing(t);
    }
    let (text, conflicts) = m.render(&ours.to_string(), &theirs.to_string());
    Merged {
        text,
        conflicts,
        by_lines: None,
    }
}

#[cfg(test)]
mod tests;
