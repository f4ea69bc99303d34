//! Conflict blocks. While merging, a conflicting piece is tagged in the
//! documents with invisible sentinels in its decor (before its first line,
//! after its last); once both documents are printed, OURS' tagged lines are
//! replaced with a `<<<<<<< ours` / `=======` / `>>>>>>> theirs` block that
//! holds each side's lines as that side wrote them.

use std::ops::Range;

use toml_edit::{RawString, Table, Value};

/// Which lines a conflict covers.
#[derive(Debug, Clone)]
pub enum Shape {
    /// From the start sentinel's line to the end sentinel's line: a `key = value`, an RSVP line.
    Lines,
    /// A whole `[table]` or `[[entry]]` with its sub-tables (named `path.…`).
    Entry { path: String },
}

/// Which sides still have the conflicting piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    /// Changed two ways: both versions.
    Both,
    /// Changed in OURS, deleted in THEIRS.
    OursOnly,
    /// Deleted in OURS, changed in THEIRS (the result holds THEIRS' copy).
    TheirsOnly,
}

#[derive(Debug)]
struct Conflict {
    id: usize,
    shape: Shape,
    sides: Sides,
    what: String,
}

/// The conflicts found so far.
#[derive(Debug, Default)]
pub struct Marks {
    list: Vec<Conflict>,
    /// Conflicts that could not be put in a block (no lines of their own).
    unmarked: Vec<String>,
}

/// A tag: the sentinels one conflict's lines are found by.
pub struct Tag {
    pub start: String,
    pub end: String,
}

const OPEN: [char; 2] = ['\u{E000}', '\u{E001}'];
const CLOSE: [char; 2] = ['\u{E002}', '\u{E003}'];

impl Marks {
    /// A new conflict; the caller tags its pieces with the returned sentinels.
    pub fn add(&mut self, shape: Shape, sides: Sides, what: String) -> Tag {
        let id = self.list.len();
        self.list.push(Conflict {
            id,
            shape,
            sides,
            what,
        });
        Tag {
            start: format!("{}{id}{}", OPEN[0], OPEN[1]),
            end: format!("{}{id}{}", CLOSE[0], CLOSE[1]),
        }
    }

    /// A conflict with no lines of its own to mark (e.g. a table header
    /// that is never written): reported, the result keeps OURS.
    pub fn unmarked(&mut self, what: String) {
        self.unmarked.push(what);
    }

    /// OURS' printed text with every conflict's lines turned into a block
    /// (THEIRS' lines taken from `theirs`), and one line per conflict.
    pub fn render(self, ours: &str, theirs: &str) -> (String, Vec<String>) {
        let mut blocks: Vec<(Range<usize>, String, String)> = Vec::new();
        for c in &self.list {
            let Some(at) = region(ours, c) else {
                continue;
            };
            let mine = lines_of(&ours[at.clone()]);
            let (o, t) = match c.sides {
                Sides::Both => match region(theirs, c) {
                    Some(r) => (mine, lines_of(&theirs[r])),
                    None => continue,
                },
                Sides::OursOnly => (mine, String::new()),
                Sides::TheirsOnly => (String::new(), mine),
            };
            let block = format!("<<<<<<< ours\n{o}=======\n{t}>>>>>>> theirs\n");
            blocks.push((at, block, c.what.clone()));
        }
        blocks.sort_by_key(|b| b.0.start);
        let mut out = String::with_capacity(ours.len() + 256);
        let (mut done, mut line) = (0, 1);
        let mut report = Vec::new();
        for (at, block, what) in blocks {
            if at.start < done {
                // Shares a line with the block before: that block holds both sides' line.
                continue;
            }
            let kept = &ours[done..at.start];
            line += kept.matches('\n').count();
            out.push_str(kept);
            report.push(format!("line {line}: {what}"));
            line += block.matches('\n').count();
            out.push_str(&block);
            done = at.end;
        }
        out.push_str(&ours[done..]);
        report.extend(self.unmarked);
        (strip(&out), report)
    }
}

/// The lines (with their endings) that conflict `c` covers in `text`.
fn region(text: &str, c: &Conflict) -> Option<Range<usize>> {
    let start = format!("{}{}{}", OPEN[0], c.id, OPEN[1]);
    let s = text.find(&start)?;
    let from = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let to = match &c.shape {
        Shape::Lines => {
            let end = format!("{}{}{}", CLOSE[0], c.id, CLOSE[1]);
            let e = s + text[s..].find(&end)?;
            line_end(text, e)
        }
        Shape::Entry { path } => entry_end(text, s, path),
    };
    Some(from..to)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Where the entry whose header is at `at` ends: before the next header that
/// is not one of its sub-tables, less the blank and comment lines that lead
/// into that header.
fn entry_end(text: &str, at: usize, path: &str) -> usize {
    let mut end = line_end(text, at);
    let mut last_content = end;
    let child = format!("{path}.");
    while end < text.len() {
        let next = line_end(text, end);
        let line = text[end..next].trim();
        if let Some(name) = header_name(line)
            && !name.starts_with(&child)
        {
            break;
        }
        if !line.is_empty() && !line.starts_with('#') {
            last_content = next;
        }
        end = next;
    }
    last_content
}

/// `events.agenda` for a `[[events.agenda]]` line (sentinels and comments allowed).
fn header_name(line: &str) -> Option<String> {
    let line = strip(line);
    let rest = line.trim().strip_prefix('[')?;
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let close = rest.find(']')?;
    let name = &rest[..close];
    let after = rest[close..].trim_start_matches(']').trim();
    let plain = !name.contains([',', '=', '{']) && !name.trim().is_empty();
    (plain && (after.is_empty() || after.starts_with('#')))
        .then(|| name.split('.').map(str::trim).collect::<Vec<_>>().join("."))
}

fn lines_of(s: &str) -> String {
    let mut s = s.to_string();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The text without any sentinel.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find([OPEN[0], CLOSE[0]]) {
        out.push_str(&rest[..i]);
        let opener = rest[i..].chars().next().unwrap_or(OPEN[0]);
        let closer = if opener == OPEN[0] { OPEN[1] } else { CLOSE[1] };
        let after = &rest[i + opener.len_utf8()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(closer) {
            rest = &after[digits + closer.len_utf8()..];
        } else {
            out.push(opener);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Tags a `key = value`: the start before the key, the end after the value's comment.
pub fn tag_key(table: &mut Table, key: &str, tag: &Tag) {
    if let Some((mut k, item)) = table.get_key_value_mut(key) {
        let prefix = append(k.leaf_decor().prefix(), &tag.start);
        k.leaf_decor_mut().set_prefix(prefix);
        if let Some(v) = item.as_value_mut() {
            let suffix = append(v.decor().suffix(), &tag.end);
            v.decor_mut().set_suffix(suffix);
        }
    }
}

/// Tags a table's header (the entry's end is found from the text).
pub fn tag_table(table: &mut Table, tag: &Tag) {
    let prefix = append(table.decor().prefix(), &tag.start);
    table.decor_mut().set_prefix(prefix);
}

/// Tags one element of an inline array (an RSVP line).
pub fn tag_value(v: &mut Value, tag: &Tag) {
    let prefix = append(v.decor().prefix(), &tag.start);
    let suffix = append(v.decor().suffix(), &tag.end);
    v.decor_mut().set_prefix(prefix);
    v.decor_mut().set_suffix(suffix);
}

fn append(old: Option<&RawString>, tag: &str) -> String {
    format!(
        "{}{tag}",
        old.and_then(RawString::as_str).unwrap_or_default()
    )
}
