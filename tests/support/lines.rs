//! What an edit changed, line by line: a run that must succeed and leave a
//! file `ug check` accepts ([`Ug::edit`]), one that must fail and leave the
//! file alone ([`Ug::fails`]), and the line diff they compare with.

use super::{Output, Ug};

impl Ug {
    /// Runs an edit that must succeed, and returns the changed lines.
    #[track_caller]
    pub fn edit(&self, args: &[&str]) -> (Output, Vec<Line>) {
        let before = self.text();
        let run = self.run_with(args);
        run.success();
        let changes = line_diff(&before, &self.text());
        self.assert_valid();
        (run, changes)
    }

    /// Runs a command that must fail with `code` and leave the file alone.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> Output {
        let before = self.text();
        let run = self.run_with(args);
        run.code(code).stderr_has("error");
        assert_eq!(self.text(), before, "ug {args:?} changed the file");
        run
    }

    /// `ug check` accepts the file, and the `toml` crate parses it.
    #[track_caller]
    pub fn assert_valid(&self) {
        self.run_with(["check"]).success();
        toml::from_str::<toml::Table>(&self.text()).expect("the file parses as TOML");
    }

    /// `ug --json ARGS`, which must succeed, parsed.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.run_with(&all).success().json()
    }

    /// The agenda of one event, parsed back from the file.
    pub fn agenda(&self, id: &str) -> Vec<toml::Table> {
        let doc: toml::Table = toml::from_str(&self.text()).unwrap();
        let events = doc["events"].as_array().unwrap();
        let ev = events
            .iter()
            .find(|e| e["id"].as_str() == Some(id))
            .unwrap();
        ev.get("agenda")
            .and_then(|a| a.as_array())
            .map(|a| a.iter().map(|t| t.as_table().unwrap().clone()).collect())
            .unwrap_or_default()
    }
}

/// One changed line: '-' with its line number in the old text, '+' with its
/// line number in the new text.
#[derive(Debug, PartialEq, Eq)]
pub struct Line(pub char, pub usize, pub String);

/// Where `old` and `new` differ: the lines `first..end` of `old` (0-based)
/// became others; the common head and tail are cut off.
pub fn changed_span(old: &str, new: &str) -> (usize, usize) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (pre, a.len() - suf)
}

/// A line diff (longest common subsequence), like `git diff` without context.
pub fn line_diff(old: &str, new: &str) -> Vec<Line> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (pre, end) = changed_span(old, new);
    let suf = a.len() - end;
    let (a2, b2) = (&a[pre..end], &b[pre..b.len() - suf]);
    let mut lcs = vec![vec![0usize; b2.len() + 1]; a2.len() + 1];
    for i in (0..a2.len()).rev() {
        for j in (0..b2.len()).rev() {
            lcs[i][j] = if a2[i] == b2[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a2.len() || j < b2.len() {
        if i < a2.len() && j < b2.len() && a2[i] == b2[j] {
            i += 1;
            j += 1;
        } else if i < a2.len() && (j == b2.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Line('-', pre + i + 1, a2[i].to_string()));
            i += 1;
        } else {
            out.push(Line('+', pre + j + 1, b2[j].to_string()));
            j += 1;
        }
    }
    out
}

/// `text` as changed lines with this sign, the first at line `first`.
pub fn lines(sign: char, first: usize, text: &[&str]) -> Vec<Line> {
    text.iter()
        .enumerate()
        .map(|(i, t)| Line(sign, first + i, t.to_string()))
        .collect()
}

/// `before` with `new` inserted so that its first line becomes line `at`.
/// (A line diff cannot tell which of two identical `[[events.agenda]]` lines
/// is new, so insertions and removals are checked against the whole text.)
pub fn insert_lines(before: &str, at: usize, new: &[&str]) -> String {
    let mut all: Vec<&str> = before.lines().collect();
    all.splice(at - 1..at - 1, new.iter().copied());
    all.join("\n") + "\n"
}

/// `before` without the `count` lines that start at line `at`.
pub fn remove_lines(before: &str, at: usize, count: usize) -> String {
    let mut all: Vec<&str> = before.lines().collect();
    all.drain(at - 1..at - 1 + count);
    all.join("\n") + "\n"
}

/// The 1-based line number of the first line equal to `line` after line `after`.
#[track_caller]
pub fn line_of(text: &str, after: usize, line: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| *l == line)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no line {line:?} after line {after}"))
}
