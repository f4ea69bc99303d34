//! Conflict markers a merge left in the group file (`<<<<<<<`, `=======`,
//! `>>>>>>>` at a line's start): `ug check` and every load name them, with
//! the fix, instead of the TOML syntax error they cause.

use crate::diag::Diagnostic;

const HINT: &str = "a merge left both versions here: keep the lines you want between `<<<<<<< ours` and `>>>>>>> theirs`, delete the other side and the three marker lines, run `ug check`, then `git add` the file";

/// One error per conflict block (its `<<<<<<<` line), or per stray marker
/// line when no block opens; empty when the text has none.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let mut opens = Vec::new();
    let mut others = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.starts_with("<<<<<<<") {
            opens.push(Diagnostic::error(
                "conflict markers: a merge left this block unresolved (`<<<<<<<` ... `=======` ... `>>>>>>>`)",
                Some(at..at + 7),
            ).with_hint(HINT));
        } else if bare.starts_with(">>>>>>>") || bare == "=======" || bare.starts_with("======= ") {
            others.push(
                Diagnostic::error(
                    format!("a conflict marker (`{}`) a merge left", &bare[..7]),
                    Some(at..at + 7),
                )
                .with_hint(HINT),
            );
        }
        at += line.len();
    }
    if opens.is_empty() { others } else { opens }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_block_is_named_at_its_opening_line() {
        let text = "a = 1\n<<<<<<< ours\nb = 2\n=======\nb = 3\n>>>>>>> theirs\n";
        let d = diagnostics(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, Some(6..13));
        assert!(diagnostics("a = \"\"\"\n=======x\n\"\"\"\n").is_empty());
    }
}
