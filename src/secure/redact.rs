//! What a server says, made safe to show (SPEC §11): a server that echoes
//! the AUTH line it was sent would otherwise put the password's base64 on
//! stderr, in `--json` and in `group.daily.log`. Every server reply goes
//! through [`redact`] where it enters an error, so every output is covered.

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// The shortest run of base64 characters taken for a secret.
const BASE64_RUN: usize = 16;

/// `text` with the arguments of an AUTH or AUTHENTICATE command (after the
/// mechanism, to the end of the line), those of an IMAP `LOGIN user
/// password`, and every run of 16 or more base64 characters replaced by
/// `[redacted]`.
pub fn redact(text: &str) -> String {
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .map(|l| runs(&commands(l)))
        .collect();
    lines.concat()
}

/// One line with the arguments of AUTH, AUTHENTICATE or LOGIN redacted.
fn commands(line: &str) -> String {
    let (body, end) = split_end(line);
    let words: Vec<(usize, &str)> = words(body);
    for (i, &(_, w)) in words.iter().enumerate() {
        let upper = w.to_ascii_uppercase();
        // AUTH PLAIN <secret>: the mechanism stays, what follows goes.
        // LOGIN <user> <password> (IMAP): both go; "LOGIN failed" stays.
        let keep = match upper.as_str() {
            "AUTH" | "AUTHENTICATE" => i + 2,
            "LOGIN" if words.len() >= i + 3 => i + 1,
            _ => continue,
        };
        if let Some(&(at, _)) = words.get(keep) {
            return format!("{}{REDACTED}{end}", &body[..at]);
        }
    }
    line.to_string()
}

/// The line without its line end, and the line end.
fn split_end(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\r', '\n']);
    (body, &line[body.len()..])
}

/// The whitespace-separated words of `s`, each with its byte offset.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// `s` with every run of 16+ base64 characters (`A-Z a-z 0-9 + /`, and
/// the `=` padding after them) replaced; a run of letters of one case is a
/// word (`AUTHENTICATIONFAILED`), never the base64 of a secret, and stays.
fn runs(s: &str) -> String {
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if !is_b64(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_b64(bytes[i]) {
            i += 1;
        }
        let run = &bytes[start..i];
        let word = run.iter().all(u8::is_ascii_uppercase) || run.iter().all(u8::is_ascii_lowercase);
        if run.len() >= BASE64_RUN && !word {
            while i < bytes.len() && bytes[i] == b'=' {
                i += 1;
            }
            out.push_str(&s[copied..start]);
            out.push_str(REDACTED);
            copied = i;
        }
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echoed_auth_line_loses_its_argument() {
        assert_eq!(
            redact("535 5.7.8 AUTH PLAIN AGFsZXgAc2VjcmV0cGFzc3dvcmQ= rejected"),
            "535 5.7.8 AUTH PLAIN [redacted]"
        );
        assert_eq!(
            redact("501 auth login cHc= bad\r\n250 OK"),
            "501 auth login [redacted]\r\n250 OK"
        );
        assert_eq!(
            redact("a1 NO AUTHENTICATE PLAIN AGFsZXgAcHc= failed"),
            "a1 NO AUTHENTICATE PLAIN [redacted]"
        );
        assert_eq!(
            redact("a1 BAD LOGIN \"alex\" \"pw\" refused"),
            "a1 BAD LOGIN [redacted]"
        );
    }

    #[test]
    fn base64_runs_go_and_ordinary_words_stay() {
        assert_eq!(
            redact("535 bad credentials c2VjcmV0cGFzc3dvcmQ= for you"),
            "535 bad credentials [redacted] for you"
        );
        for plain in [
            "550 5.1.1 <mia@members.example>: No such user here",
            "535 5.7.8 Authentication credentials invalid",
            "[AUTHENTICATIONFAILED] Authentication failed.",
            "NO LOGIN failed.",
            "",
        ] {
            assert_eq!(redact(plain), plain);
        }
        // Fifteen is not a run; sixteen is.
        assert_eq!(redact("x abcdefgHijklmno y"), "x abcdefgHijklmno y");
        assert_eq!(redact("x abcdefgHijklmnop y"), "x [redacted] y");
        assert_eq!(
            redact("x internationalization y"),
            "x internationalization y"
        );
    }
}
