//! The terminal: whether a stream is a terminal, and colour that honours
//! `--no-color` and `NO_COLOR`, so piped output stays plain; and the one
//! sanitizer every line printed goes through, so text from the file is shown, never obeyed.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour only when allowed and the stream is a terminal.
    pub fn new(allowed: bool, is_terminal: bool) -> Self {
        Style {
            color: allowed && is_terminal,
        }
    }

    pub fn stdout(allowed: bool) -> Self {
        Style::new(allowed, std::io::stdout().is_terminal())
    }

    pub fn stderr(allowed: bool) -> Self {
        Style::new(allowed, std::io::stderr().is_terminal())
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn error(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    pub fn warning(&self, s: &str) -> String {
        self.paint("1;33", s)
    }
    pub fn ok(&self, s: &str) -> String {
        self.paint("1;32", s)
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
}

/// Colour is allowed unless `--no-color` or a non-empty `NO_COLOR` says no.
pub fn color_allowed(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Whether colour is allowed at all (`--no-color`, `NO_COLOR`), set once by
/// `run`: the output path needs it to tell ug's own colour codes from text.
static COLOR_ALLOWED: AtomicBool = AtomicBool::new(false);

pub fn set_color_allowed(allowed: bool) {
    COLOR_ALLOWED.store(allowed, Ordering::Relaxed);
}

/// Does ug paint on stdout (`true`) or stderr (`false`) in this run?
pub fn paints(stdout: bool) -> bool {
    let allowed = COLOR_ALLOWED.load(Ordering::Relaxed);
    if stdout {
        Style::stdout(allowed).color
    } else {
        Style::stderr(allowed).color
    }
}

/// The colour codes `Style` writes; on a colour terminal these (and only
/// these) pass through `sanitize`.
const OWN_SGR: [&str; 7] = ["0", "1", "2", "31", "1;31", "1;32", "1;33"];

/// A character a terminal would act on instead of showing: C0 controls
/// (except newline and tab), DEL, C1 controls (ESC is C0), and the bidi
/// overrides and isolates that reorder what is shown (U+202A-202E, U+2066-2069).
fn unsafe_char(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    }
}

/// Text for a terminal, made harmless: every character that could move the
/// cursor, retitle the window, hide text or reorder a line becomes a visible
/// escape (`\u{1b}`), so a name or title in the group file is shown, never
/// obeyed. `keep_colour`: ug's own colour codes (and only those) stay.
/// A `\r` directly before `\n` stays (CRLF text such as a mail preview).
/// Every line ug prints goes through this once (`write_stdout`, `write_stderr`).
pub fn sanitize(s: &str, keep_colour: bool) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            out.push(c);
            continue;
        }
        if c == '\x1b'
            && keep_colour
            && let Some(len) = own_sgr(&s[i..])
        {
            out.push_str(&s[i..i + len]);
            for _ in 1..len {
                chars.next();
            }
            continue;
        }
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
    Cow::Owned(out)
}

/// The length of one of `Style`'s colour codes at the start of `s`.
fn own_sgr(s: &str) -> Option<usize> {
    let params = s.strip_prefix("\x1b[")?;
    let end = params.find('m')?;
    OWN_SGR.contains(&&params[..end]).then_some(2 + end + 1)
}

/// JSON as exact data that a terminal cannot act on: serde_json already
/// writes C0 controls as `\u00XX`; DEL, C1 controls and bidi overrides
/// (which can only occur inside strings) get the same JSON escape.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(unsafe_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes text for a person on stdout, sanitized once here for the terminal
/// (`sanitize`): text from the file is shown, never obeyed.
pub fn write_stdout(s: &str) {
    write_data(&sanitize(s, paints(true)));
}

/// Writes data (JSON, iCalendar) on stdout exactly as given; the caller
/// makes it terminal-safe in its own syntax (see `print_json`).
pub fn write_data(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: could not write to stdout: {e}");
        std::process::exit(1);
    }
}

/// Writes a document (iCalendar, Markdown, HTML) on stdout: exact bytes when
/// redirected to a file or a pipe, sanitized like `write_stdout` when a
/// terminal would show it.
pub fn write_document(s: &str) {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        write_stdout(s);
    } else {
        write_data(s);
    }
}

/// Writes text for a person on stderr, sanitized like `write_stdout`.
pub fn write_stderr(s: &str) {
    use std::io::Write;
    let text = sanitize(s, paints(false));
    // Nowhere left to report a failed write to stderr.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_shows_what_a_terminal_would_obey() {
        let hostile = "Talk\x1b]0;pwned\x07 \x1b[2J\u{202e}evil\u{2066} \u{9b}31m a\rb";
        let clean = sanitize(hostile, false);
        assert_eq!(
            clean,
            "Talk\\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\u{202e}evil\\u{2066} \\u{9b}31m a\\u{d}b"
        );
        assert!(!clean.chars().any(unsafe_char));
        assert_eq!(sanitize("a\tb\nc\r\n", false), "a\tb\nc\r\n");
        assert!(matches!(sanitize("plain ✓ text", false), Cow::Borrowed(_)));
    }

    #[test]
    fn sanitize_keeps_only_our_own_colours() {
        let s = Style { color: true };
        let painted = format!("{} \x1b[8mhidden\x1b[0m", s.warning("warning"));
        assert_eq!(
            sanitize(&painted, true),
            "\x1b[1;33mwarning\x1b[0m \\u{1b}[8mhidden\x1b[0m"
        );
        assert_eq!(
            sanitize(&painted, false),
            "\\u{1b}[1;33mwarning\\u{1b}[0m \\u{1b}[8mhidden\\u{1b}[0m"
        );
    }

    #[test]
    fn json_stays_exact_data() {
        let v = serde_json::json!({ "title": "a\u{1b}b\u{85}c\u{202e}d" });
        let text = json_safe(serde_json::to_string_pretty(&v).unwrap());
        assert!(!text.chars().any(unsafe_char), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
