//! A TOML syntax error as a located diagnostic. `toml_edit` gives every
//! syntax error a span except one: a dotted key or table header nested too
//! deep ("recursion limit"), which we find in the text ourselves.

use crate::diag::Diagnostic;

/// `toml_edit` refuses a key path of this many parts or more (its `LIMIT`, 80, plus the last key).
const DEEPEST: usize = 80;

pub fn diagnostic(e: &toml_edit::TomlError, text: &str) -> Diagnostic {
    let msg = e.message().trim().trim_end_matches('.');
    let hint = "see https://toml.io for the syntax; strings need \"quotes\", dates do not";
    match e.span() {
        Some(span) => Diagnostic::error(format!("invalid TOML: {msg}"), Some(span)).with_hint(hint),
        None if msg.contains("recursion") => Diagnostic::error(
            format!("invalid TOML: a key nested more than {DEEPEST} levels deep"),
            deepest_key(text).map(|at| at..at + 1),
        )
        .with_hint(
            "a group file nests a few levels at most: shorten this dotted key or table name",
        ),
        None => Diagnostic::error(format!("invalid TOML: {msg}"), None).with_hint(hint),
    }
}

/// The start of the key with the most dot-separated parts (outside strings
/// and comments), a table header's or a `key = value`'s.
fn deepest_key(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut in_key, mut comment, mut in_str) = (true, false, None::<&[u8]>);
    let (mut dots, mut start) = (0usize, None::<usize>);
    let mut best: Option<(usize, usize)> = None;
    let mut close = |dots: &mut usize, start: &mut Option<usize>| {
        if let Some(s) = start.take()
            && best.is_none_or(|(d, _)| *dots > d)
        {
            best = Some((*dots, s));
        }
        *dots = 0;
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if comment {
            comment = b != b'\n';
            in_key |= b == b'\n';
            i += 1;
            continue;
        }
        if let Some(end) = in_str {
            if b == b'\\' && end[0] == b'"' {
                i += 2;
            } else if bytes[i..].starts_with(end) {
                i += end.len();
                in_str = None;
            } else {
                i += 1;
            }
            continue;
        }
        match b {
            b'\n' | b'{' | b',' => {
                close(&mut dots, &mut start);
                in_key = true;
            }
            b'#' => {
                close(&mut dots, &mut start);
                comment = true;
            }
            b'=' => {
                close(&mut dots, &mut start);
                in_key = false;
            }
            b']' => close(&mut dots, &mut start),
            b'"' | b'\'' => {
                let triple: &[u8] = if b == b'"' { b"\"\"\"" } else { b"'''" };
                if in_key {
                    start.get_or_insert(i);
                }
                if bytes[i..].starts_with(triple) {
                    in_str = Some(triple);
                    i += 3;
                } else {
                    in_str = Some(&triple[..1]);
                    i += 1;
                }
                continue;
            }
            b'.' if in_key => dots += 1,
            b' ' | b'\t' | b'\r' | b'[' => {}
            _ if in_key => {
                start.get_or_insert(i);
            }
            _ => {}
        }
        i += 1;
    }
    close(&mut dots, &mut start);
    best.filter(|(d, _)| *d + 1 >= DEEPEST).map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_key_is_found_past_strings_comments_and_floats() {
        let deep: String = (0..100).map(|i| format!(".k{i}")).collect();
        let text = format!(
            "a = \"x.y.z\" # a.b.c\nf = [1.5, 2.5]\ns = '''\n{deep}\n'''\n\n[t{deep}]\nv = 1\n"
        );
        let at = deepest_key(&text).unwrap();
        assert_eq!(&text[at..at + 3], "t.k");
        let inline = format!("x = {{ a{deep} = 1 }}\n");
        assert_eq!(&inline[deepest_key(&inline).unwrap()..][..3], "a.k");
        assert_eq!(deepest_key("a.b.c = 1\n"), None);
    }
}
