//! Diagnostics: one problem in the group file, where it is, and how to show it
//! (`group.toml:42:7: message`, the offending line, a caret) or as JSON.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::term::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The group file, as the user would type it.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// The offending source line, filled in by `locate`.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// What this diagnostic is about, for code that treats one kind apart
    /// (not shown): e.g. [`EVENT_OVER`].
    #[serde(skip)]
    pub code: Option<&'static str>,
}

/// The warning for an event that is over but still planned, confirmed or
/// announced: it depends on "now", and `ug status` says it its own way.
pub const EVENT_OVER: &str = "event-over";

/// A diagnostic about a line that holds a secret (a password written into
/// the file): located, but its line is never quoted.
pub const SECRET: &str = "secret";

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: String::new(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            span,
            snippet: None,
            code: None,
        }
    }

    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is(&self, code: &str) -> bool {
        self.code == Some(code)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders for a terminal: `error: group.toml:40:1: message`, then the line.
    /// `group.toml:42:7`, once `locate` found the line.
    pub fn location(&self) -> Option<String> {
        let line = self.line?;
        Some(format!("{}:{line}:{}", self.path, self.column.unwrap_or(1)))
    }

    pub fn render(&self, style: Style) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => style.error("error"),
            Severity::Warning => style.warning("warning"),
        };
        let at = self.location().unwrap_or_else(|| self.path.clone());
        let _ = write!(out, "{label}: {at}: {}", self.message);
        if let (Some(snippet), Some(line)) = (&self.snippet, self.line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let col = self.column.unwrap_or(1);
            let width = self.span.as_ref().map_or(1, |s| {
                s.len()
                    .clamp(1, snippet.len().saturating_sub(col - 1).max(1))
            });
            let _ = write!(
                out,
                "\n{pad} |\n{num} | {snippet}\n{pad} | {}{}",
                " ".repeat(col.saturating_sub(1)),
                style.error(&"^".repeat(width))
            );
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n{} {hint}", style.bold("  = help:"));
        }
        out
    }
}

/// Line starts of a text, to turn byte offsets into `line:column` quickly.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// Fills in path, line, column and snippet of each diagnostic, and sorts them
/// into file order (those with no position last, in the order found).
///
/// One pass: the diagnostics are sorted first, then the newlines between one
/// position and the next are counted (a loop the compiler vectorizes), so a
/// large file with a few warnings is not indexed line by line.
pub fn locate(diags: &mut [Diagnostic], path: &str, text: &str) {
    diags.sort_by_key(|d| (d.span.as_ref().map_or(usize::MAX, |s| s.start), d.severity));
    let bytes = text.as_bytes();
    let (mut line, mut pos) = (1, 0);
    for d in diags.iter_mut() {
        d.path = path.to_string();
        let Some(span) = &d.span else { continue };
        let offset = span.start.min(text.len());
        line += newlines(&bytes[pos..offset]);
        pos = offset;
        let start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| offset + i);
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        d.line = Some(line);
        d.column = Some(col + 1);
        let snippet = text.get(start..end).unwrap_or("").trim_end_matches('\r');
        if snippet.len() <= 200
            && !snippet.chars().any(|c| c.is_control() && c != '\t')
            && !d.is(SECRET)
        {
            d.snippet = Some(snippet.to_string());
        }
    }
}

/// The newlines in `bytes`, counted in chunks small enough for a byte
/// counter, which the compiler vectorises: locating a large file's
/// diagnostics scans it once, on every command's path.
fn newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .sum()
}

/// Levenshtein distance ignoring ASCII case, for "did you mean" suggestions
/// (`strsim`'s, on the lowercased words).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase())
}

/// Words longer than this are no typo of a name or an id: they get no
/// suggestion, and rankings look only at their start. This bounds the edit
/// distance's cost (a 40,000-character time zone took minutes against
/// every zone name).
const LONGEST_WORD: usize = 64;

/// `word`'s first `LONGEST_WORD` characters.
fn clip(word: &str) -> &str {
    word.char_indices()
        .nth(LONGEST_WORD)
        .map_or(word, |(i, _)| &word[..i])
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if clip(word).len() < word.len() {
        return None;
    }
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= limit || c.starts_with(word) && !word.is_empty())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Up to `n` candidates, nearest first: for "valid choices are ..." lists.
pub fn nearest_n<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    n: usize,
) -> Vec<&'c str> {
    let word = clip(word);
    let mut all: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .collect();
    all.sort_by_key(|&(d, _)| d);
    all.into_iter().take(n).map(|(_, c)| c).collect()
}

/// "there is no task 9; the nearest ids are 7, 8, 10" (or "the file has no
/// tasks yet"): for a section whose entries have number ids (`what`: task,
/// talk).
pub fn unknown_number(what: &str, ids: impl IntoIterator<Item = i64>, id: i64) -> String {
    let mut near: Vec<i64> = ids.into_iter().collect();
    near.sort_by_key(|n| n.abs_diff(id));
    near.truncate(3);
    near.sort();
    let list = near
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if list.is_empty() {
        format!("there is no {what} {id}: the file has no {what}s yet")
    } else {
        format!("there is no {what} {id}; the nearest ids are {list}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_long_word_gets_no_suggestion_and_no_long_wait() {
        let zones: Vec<String> = (0..600).map(|i| format!("Region/City_{i}")).collect();
        let long = "Europe/Berlin".repeat(3000);
        assert_eq!(nearest(&long, zones.iter().map(String::as_str)), None);
        assert_eq!(
            nearest_n(&long, zones.iter().map(String::as_str), 3).len(),
            3
        );
        assert_eq!(
            nearest("Region/City_7x", zones.iter().map(String::as_str)),
            Some("Region/City_7")
        );
    }

    #[test]
    fn locate_agrees_with_the_line_index_in_any_order() {
        let text = "a = 1\r\nbé = \"x\"\r\n\n[t]\nc = 3\nlast";
        let idx = LineIndex::new(text);
        let offsets = [30, 0, 9, 7, 17, 12, 25, text.len(), 6, 14];
        let mut diags: Vec<Diagnostic> = offsets
            .iter()
            .map(|&o| Diagnostic::warning(format!("at {o}"), Some(o..o + 1)))
            .chain([Diagnostic::error("nowhere", None)])
            .collect();
        locate(&mut diags, "g.toml", text);
        let mut sorted = offsets.to_vec();
        sorted.sort();
        for (d, o) in diags.iter().zip(&sorted) {
            let (line, col) = idx.position(*o);
            assert_eq!((d.line, d.column), (Some(line), Some(col)), "offset {o}");
            assert_eq!(
                d.snippet.as_deref(),
                Some(idx.line_text(line)),
                "offset {o}"
            );
            assert_eq!(d.path, "g.toml");
        }
        assert_eq!(
            diags.last().map(|d| (d.line, d.message.as_str())),
            Some((None, "nowhere"))
        );
    }

    #[test]
    fn positions() {
        let text = "a = 1\nbé = 2\n\nc = 3";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(6), (2, 1));
        assert_eq!(idx.position(text.find('=').unwrap()), (1, 3));
        assert_eq!(idx.position(text.find("= 2").unwrap()), (2, 4));
        assert_eq!(idx.position(text.find('c').unwrap()), (4, 1));
        assert_eq!(idx.line_text(2), "bé = 2");
        assert_eq!(idx.line_text(3), "");
    }

    #[test]
    fn suggestions() {
        let known = ["venue", "venues", "title", "start"];
        assert_eq!(nearest("venu", known), Some("venue"));
        assert_eq!(nearest("titel", known), Some("title"));
        assert_eq!(nearest("zzzzzz", known), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
