//! The terminal: whether a stream is a terminal, and colour that honours
//! `--no-color` and `NO_COLOR`, so piped output stays plain.

use std::io::IsTerminal;

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
