//! Header text that lettre's encoder would pass through badly: a long word
//! (a line past RFC 5322's 998 bytes), or text that looks like an RFC 2047
//! encoded word (`=?utf-8?q?...?=`, which a reader would decode into other
//! text). Such text is written as base64 encoded words, folded, so that a
//! reader decodes exactly the text from the file.

use lettre::message::Mailbox;
use lettre::message::header::{HeaderName, HeaderValue};

/// Bytes of text per encoded word: 45 bytes are 60 base64 characters, and
/// `=?utf-8?b?` + `?=` make a word of 72, under RFC 2047's 75.
const CHUNK: usize = 45;

/// True when lettre may write `s` itself: printable ASCII or other text
/// lettre encodes, no encoded-word look-alike, no word too long to fold.
pub fn plain(s: &str) -> bool {
    !s.contains("=?") && s.split(' ').all(|w| w.len() <= 60) && s.len() <= 900
}

/// `s` as folded base64 encoded words (each line starts with a space).
pub fn encoded_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 4 / 3 + 64);
    let mut rest = s;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (chunk, tail) = rest.split_at(end);
        if !out.is_empty() {
            out.push_str("\r\n ");
        }
        out.push_str("=?utf-8?b?");
        base64(chunk.as_bytes(), &mut out);
        out.push_str("?=");
        rest = tail;
    }
    out
}

/// Standard base64 with padding (RFC 4648), appended to `out`.
pub(crate) fn base64(bytes: &[u8], out: &mut String) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

/// A text header (Subject) written by ug when lettre's encoder would not do.
pub fn text(name: &'static str, value: &str) -> Option<HeaderValue> {
    if plain(value) {
        return None;
    }
    Some(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(name),
        value.to_string(),
        encoded_words(value),
    ))
}

/// A mailbox header (From, To, Reply-To) whose display name lettre would
/// not encode safely. The raw value is the bare address (what lettre parses
/// for the envelope); the written one is the encoded name and the address.
pub fn mailbox(name: &'static str, m: &Mailbox) -> Option<HeaderValue> {
    let display = m.name.as_deref().filter(|n| !plain(n))?;
    let address = m.email.to_string();
    Some(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(name),
        address.clone(),
        format!("{}\r\n <{address}>", encoded_words(display)),
    ))
}

/// `In-Reply-To` and `References` naming the message `id` (without angle
/// brackets) a reply answers, so mail programs thread it. An id that is
/// not plain printable ASCII without `<`, `>` or spaces (none from a
/// parser is) is left out rather than written into a header.
pub fn in_reply_to(
    b: lettre::message::MessageBuilder,
    id: &str,
) -> lettre::message::MessageBuilder {
    let fine = !id.is_empty()
        && id.len() <= 900
        && id
            .bytes()
            .all(|c| c.is_ascii_graphic() && c != b'<' && c != b'>');
    if !fine {
        return b;
    }
    b.in_reply_to(format!("<{id}>"))
        .references(format!("<{id}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_short_and_split_on_character_boundaries() {
        let s = "é".repeat(100);
        let w = encoded_words(&s);
        assert!(w.split("\r\n ").all(|l| l.len() <= 75), "{w}");
        assert!(plain("Tue Dec 8: December talks night at Acme"));
        assert!(!plain("=?utf-8?q?Evil=0D=0ABcc:_x@evil.test?="));
        assert!(!plain(&"x".repeat(2000)));
        let mut b = String::new();
        base64(b"Man", &mut b);
        base64(b"Ma", &mut b);
        base64(b"M", &mut b);
        assert_eq!(b, "TWFuTWE=TQ==");
    }
}
