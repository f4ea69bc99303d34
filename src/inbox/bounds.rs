//! The bounds on what mail from outside can make ug keep (SPEC §11): a
//! message's size, how many from one address a run acts on, and the one
//! cleaning every text taken from mail goes through before it is kept (in
//! the group file, the inbox log, the cache or the output).

/// A message larger than this (bytes) is listed for a person, unread.
pub const MAX_MESSAGE: u64 = 25 * 1024 * 1024;

/// At most this many messages from one address are acted on in one run;
/// the rest wait for a person.
pub const PER_SENDER: usize = 20;

/// While this many talks wait in `proposed` for an organizer's review, a
/// talk offered by mail is not recorded (its message waits for a person).
pub const PROPOSALS: usize = 20;

/// A Message-ID longer than this (bytes; RFC 5322's line limit, which an
/// id cannot be folded across) is kept as its length and hash, so a
/// stranger's id cannot make the inbox log and `--json` as large as the
/// message.
pub const MESSAGE_ID: usize = 998;

/// How long a text taken from mail may be, in characters.
pub const NAME: usize = 100;
pub const TITLE: usize = 200;
pub const NOTE: usize = 2_000;

/// Text taken from mail, made safe to keep: control characters (C0, C1)
/// and the bidi controls that reorder what a terminal or page shows
/// (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) go; a run of spaces
/// and controls becomes one space (a newline stays in `multiline` text, a
/// note); the ends are trimmed and the result is cut to `max` characters
/// (the last one `…` when cut). `usize::MAX` strips without cutting.
pub fn clean(text: &str, max: usize, multiline: bool) -> String {
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(4)));
    let mut space = false;
    for c in text.chars() {
        if is_bidi(c) {
            continue;
        }
        if multiline && c == '\n' {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            space = false;
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    let out = out.trim_matches(['\n', ' ']);
    match out.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if out[at..].chars().nth(1).is_some() => {
            format!("{}…", out[..at].trim_end())
        }
        _ => out.to_string(),
    }
}

/// A sender's name, as kept.
pub fn name(text: &str) -> String {
    clean(text, NAME, false)
}

/// A subject or a talk's title, as kept.
pub fn title(text: &str) -> String {
    clean(text, TITLE, false)
}

/// Notes (several lines), as kept.
pub fn note(text: &str) -> String {
    clean(text, NOTE, true)
}

/// The bidi controls (embeddings, overrides, isolates, marks).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_go_and_long_text_is_cut() {
        assert_eq!(name("Ann\u{202E}gpj.exe\u{202C} Lee"), "Anngpj.exe Lee");
        assert_eq!(title("Re:\r\n\tparking\u{7}?\u{85}"), "Re: parking ?");
        assert_eq!(note("one\r\ntwo\u{2066}\n\nthree"), "one\ntwo\n\nthree");
        let long = name(&"x".repeat(500));
        assert_eq!(long.chars().count(), NAME);
        assert!(long.ends_with('…'));
        assert_eq!(name(&"é".repeat(NAME)), "é".repeat(NAME));
        assert_eq!(clean("a\u{0}b", usize::MAX, false), "a b");
    }
}
