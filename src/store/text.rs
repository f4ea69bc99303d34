//! The bytes around the TOML that `toml_edit` does not keep: a leading
//! byte-order mark, CRLF line ends and a missing final newline. A file is
//! read without its BOM (so columns on line 1 are the editor's), and an
//! edited text is given back the file's own form before it is written: lines
//! kept from the file keep their ending, new lines take the file's usual one
//! (the majority; on a tie, the first line's), and the final newline is there
//! or not as before.

use std::collections::HashMap;

const BOM: &str = "\u{feff}";

/// How the file was written, beyond its TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub bom: bool,
}

/// Splits the BOM off the text read from disk.
pub fn split(raw: &str) -> (&str, Form) {
    match raw.strip_prefix(BOM) {
        Some(body) => (body, Form { bom: true }),
        None => (raw, Form { bom: false }),
    }
}

/// `new` (an edit of `old`, both without BOM) in `old`'s form, BOM included.
pub fn restore(old: &str, new: &str, form: &Form) -> String {
    let plain = !old.contains('\r') && (old.is_empty() || old.ends_with('\n'));
    let mut out = String::with_capacity(new.len() + 3 + new.len() / 32);
    if form.bom {
        out.push_str(BOM);
    }
    if plain && !new.contains('\r') {
        out.push_str(new);
        return out;
    }
    let a = lines(old);
    let b = lines(new);
    let usual = usual_ending(&a);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x.0 == y.0).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x.0 == y.0)
        .count();
    // Lines in the changed stretch that were in the old one keep their ending.
    let old_middle: HashMap<&str, &str> = a[prefix..a.len() - suffix]
        .iter()
        .filter_map(|&(text, end)| end.map(|e| (text, e)))
        .collect();
    let last = b.len().saturating_sub(1);
    for (i, &(text, end)) in b.iter().enumerate() {
        out.push_str(text);
        let kept = if i < prefix {
            a[i].1
        } else if i >= b.len() - suffix {
            a[a.len() - (b.len() - i)].1
        } else {
            old_middle.get(text).copied()
        };
        let ending = match (kept, end) {
            (Some(k), _) => Some(k),
            // The new text ends the line (or is not at its end): the usual ending.
            (None, Some(_)) => Some(usual),
            (None, None) if i < last => Some(usual),
            (None, None) => None,
        };
        out.push_str(ending.unwrap_or(""));
    }
    // A file without a final newline keeps going without one.
    if !old.is_empty() && !old.ends_with('\n') {
        let trimmed = out.trim_end_matches(['\r', '\n']).len();
        out.truncate(trimmed);
    }
    out
}

/// Each line without its ending, and the ending (`None` for a last line without one).
fn lines(s: &str) -> Vec<(&str, Option<&str>)> {
    s.split_inclusive('\n')
        .map(|l| match l.strip_suffix("\r\n") {
            Some(t) => (t, Some("\r\n")),
            None => match l.strip_suffix('\n') {
                Some(t) => (t, Some("\n")),
                None => (l, None),
            },
        })
        .collect()
}

/// The ending most lines have; on a tie the first line's; LF for none.
fn usual_ending(lines: &[(&str, Option<&str>)]) -> &'static str {
    let crlf = lines.iter().filter(|l| l.1 == Some("\r\n")).count();
    let lf = lines.iter().filter(|l| l.1 == Some("\n")).count();
    match crlf.cmp(&lf) {
        std::cmp::Ordering::Greater => "\r\n",
        std::cmp::Ordering::Less => "\n",
        std::cmp::Ordering::Equal => match lines.first().and_then(|l| l.1) {
            Some("\r\n") => "\r\n",
            _ => "\n",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(raw: &str, edit: impl Fn(&str) -> String) -> String {
        let (body, form) = split(raw);
        let lf = body.replace("\r\n", "\n");
        restore(body, &edit(&lf), &form)
    }

    #[test]
    fn an_unchanged_text_comes_back_byte_for_byte() {
        for raw in [
            "a = 1\r\nb = 2\r\n",
            "\u{feff}a = 1\nb = 2",
            "a = 1\r\nb = 2\nc = 3",
            "",
            "\u{feff}",
            "a = 1\n\n",
        ] {
            assert_eq!(round(raw, str::to_string), raw, "{raw:?}");
        }
    }

    #[test]
    fn new_and_changed_lines_take_the_files_ending() {
        let raw = "\u{feff}a = 1\r\nb = 2\r\nc = 3";
        let got = round(raw, |s| s.replace("b = 2", "b = 5\nbb = 6") + "\n\nd = 4\n");
        assert_eq!(
            got,
            "\u{feff}a = 1\r\nb = 5\r\nbb = 6\r\nc = 3\r\n\r\nd = 4"
        );
    }

    #[test]
    fn a_mixed_file_keeps_each_kept_lines_ending() {
        let raw = "a = 1\r\nb = 2\nc = 3\r\nd = 4\r\n";
        let got = round(raw, |s| s.replace("c = 3", "c = 9"));
        assert_eq!(got, "a = 1\r\nb = 2\nc = 9\r\nd = 4\r\n");
        let got = round(raw, |s| s.replace("b = 2\nc = 3", "b = 2\nx = 0\nc = 3"));
        assert_eq!(got, "a = 1\r\nb = 2\nx = 0\r\nc = 3\r\nd = 4\r\n");
    }
}
