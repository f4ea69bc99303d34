//! The group file on disk: finding it, loading it (one parse), and editing it
//! safely: an exclusive lock across read-modify-write, edits through
//! `toml_edit` that keep every other byte, validation before writing, and an
//! atomic replace (temporary file, fsync, rename, fsync of the folder).
//! The file's BOM, line ends and final newline survive an edit (`text`), and
//! an edit that changes nothing writes nothing.

pub mod journal;
mod locate;
mod markers;
mod session;
mod syntax;
pub mod text;

use locate::ensure_file;
pub use locate::find;
pub use session::Session;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use toml_edit::{Document, DocumentMut};

use crate::diag::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{self, Group};

pub const FILE_NAME: &str = "group.toml";

/// Larger files are refused: a group of 100,000 members is about 10 MB, and
/// the parsed document takes ~35 times the file's size in memory.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Where the group file is, and how to name it in messages.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    pub display: String,
}

/// A loaded, valid group file.
#[derive(Debug)]
pub struct Loaded {
    pub location: Location,
    pub group: Group,
    /// Warnings from `ug check`'s rules (no errors: those fail the load).
    pub warnings: Vec<Diagnostic>,
}

/// Everything `ug check` needs: the model and every diagnostic, located and sorted.
pub struct Checked {
    pub group: Group,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads, parses once and checks the file. Any error diagnostic fails the load.
pub fn load(loc: &Location, now: impl Fn(&Group) -> NaiveDateTime) -> Result<Loaded> {
    let text = read_text_named(&loc.path, &loc.display)?;
    let checked = check_text(&text, &loc.display, now)?;
    into_loaded(loc, checked)
}

fn into_loaded(loc: &Location, checked: Checked) -> Result<Loaded> {
    let Checked { group, diagnostics } = checked;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid {
            path: loc.display.clone(),
            diagnostics,
        });
    }
    Ok(Loaded {
        location: loc.clone(),
        group,
        warnings: diagnostics,
    })
}

/// Parses and checks text; a TOML syntax error is returned as a single
/// diagnostic (nothing else can be said about a file that does not parse).
pub fn check_text(
    text: &str,
    display: &str,
    now: impl Fn(&Group) -> NaiveDateTime,
) -> Result<Checked> {
    let (checked, _) = parse_and_check(text, display, now)?;
    Ok(checked)
}

fn parse_and_check<'t>(
    text: &'t str,
    display: &str,
    now: impl Fn(&Group) -> NaiveDateTime,
) -> Result<(Checked, Option<Document<&'t str>>)> {
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            // Conflict markers explain the syntax error they cause: say that instead.
            let mut d = markers::diagnostics(text);
            if d.is_empty() {
                d.push(syntax::diagnostic(&e, text));
            }
            diag::locate(&mut d, display, text);
            return Ok((
                Checked {
                    group: empty_group(),
                    diagnostics: d,
                },
                None,
            ));
        }
    };
    let (group, mut diags) = model::from_document(&doc);
    let has_tz = group.group.timezone.is_some();
    let now = now(&group);
    diags.extend(model::validate(&group, now));
    diags.extend(team_warnings(&group, now.date()));
    if !has_tz {
        // Without a zone, "now" is meaningless: drop warnings that depend on it.
        diags.retain(|d| !d.is(diag::EVENT_OVER));
    }
    diag::locate(&mut diags, display, text);
    Ok((
        Checked {
            group,
            diagnostics: diags,
        },
        Some(doc),
    ))
}

/// Warnings about the team that `ug check`, `ug status` and `ug tasks` share:
/// one organizer, one person holding most open tasks, people with several
/// overdue tasks, asks unanswered for days, a co-organizer with no share;
/// then talk asks unanswered for days. The rules live in
/// `crate::tasks::health` and `crate::talks`; `today` is local to the group.
fn team_warnings(g: &Group, today: chrono::NaiveDate) -> Vec<Diagnostic> {
    let talks = crate::talks::follow_ups(g, today).into_iter();
    crate::tasks::health(g, today)
        .into_iter()
        .map(|h| (h.message, h.hint, h.span))
        .chain(talks)
        .map(|(message, hint, span)| Diagnostic::warning(message, span).with_hint(hint))
        .collect()
}

fn empty_group() -> Group {
    model::from_table(&toml_edit::Table::new()).0
}

/// Reads the file as UTF-8 text with a clear error for binaries and giants,
/// without its byte-order mark (if any).
pub fn read_text(path: &Path) -> Result<String> {
    read_text_named(path, &path.display().to_string())
}

/// [`read_text`], naming the file as the user knows it.
pub fn read_text_named(path: &Path, display: &str) -> Result<String> {
    ensure_file(path, display)?;
    let mut file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut raw = read_from(&mut file, path)?;
    if let (_, text::Form { bom: true }) = text::split(&raw) {
        raw.drain(..'\u{feff}'.len_utf8());
    }
    Ok(raw)
}

fn read_from(file: &mut File, path: &Path) -> Result<String> {
    let len = file
        .metadata()
        .map_err(|e| Error::io("read", path, e))?
        .len();
    if len > MAX_BYTES {
        return Err(Error::failed_with(
            format!(
                "{} is {} MiB; ug reads group files up to {} MiB",
                path.display(),
                len / 1024 / 1024,
                MAX_BYTES / 1024 / 1024
            ),
            "is this the right file? A group of 100,000 members is about 10 MB",
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // Columns count characters, as in every other diagnostic.
        let col = String::from_utf8_lossy(&bytes[line_start..at])
            .chars()
            .count()
            + 1;
        Error::failed_with(
            format!(
                "{}:{line}:{col}: not UTF-8 text (is it a binary file?)",
                path.display()
            ),
            "a group file is plain text: save it as UTF-8",
        )
    })
}

/// An edit in progress: the document to change, and the model it was read into.
pub struct Edit<'a> {
    pub doc: &'a mut DocumentMut,
    pub group: &'a Group,
}

/// Runs `change` on the file under an exclusive lock and writes the result
/// atomically. The file must be valid before, and is validated after: ug never
/// writes a file that `ug check` would reject. Returns what `change` returned,
/// and whether the file was written (an edit that changes nothing writes nothing).
pub fn edit<T>(
    loc: &Location,
    now: impl Fn(&Group) -> NaiveDateTime,
    change: impl FnOnce(Edit<'_>) -> Result<T>,
    approve: impl FnOnce(&str, &str) -> Result<()>,
) -> Result<(T, bool)> {
    ensure_file(&loc.path, &loc.display)?;
    // Through a symlink, edit the file it points at (and keep the link).
    let path = fs::canonicalize(&loc.path).map_err(|e| Error::io("open", &loc.path, e))?;
    let (mut file, before) = lock(&path)?;
    let raw = read_from(&mut file, &path)?;
    let (text, form) = text::split(&raw);
    let (checked, doc) = parse_and_check(text, &loc.display, &now)?;
    let group = checked.group;
    if checked.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid {
            path: loc.display.clone(),
            diagnostics: checked.diagnostics,
        });
    }
    let Some(doc) = doc else {
        return Err(Error::failed(format!(
            "{} could not be parsed",
            loc.display
        )));
    };
    let mut doc = doc.into_mut();
    let out = change(Edit {
        doc: &mut doc,
        group: &group,
    })?;

    let (after, mut diags) = model::from_table(doc.as_table());
    diags.extend(model::validate(&after, now(&after)));
    if diags.iter().any(Diagnostic::is_error) {
        let new_text = doc.to_string();
        diag::locate(&mut diags, &loc.display, &new_text);
        let first = diags
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(Error::failed_with(
            format!(
                "this change would leave {} invalid ({first}); nothing was written",
                loc.display
            ),
            "this is a bug in ug: please report it with the command you ran",
        ));
    }
    let new_text = text::restore(text, &doc.to_string(), &form);
    if new_text == raw {
        return Ok((out, false));
    }
    approve(&raw, &new_text)?;
    if changed_since(&path, &before)? {
        return Err(Error::Conflict {
            path: loc.display.clone(),
        });
    }
    // Under the lock no other writer has a temporary file: any left are from
    // a writer that was killed. (Only here: a folder of many files, like an
    // outbox, must not be scanned for every file written into it.)
    remove_stale_temps(&path);
    write_atomic(&path, new_text.as_bytes(), Some(before.permissions()))?;
    drop(file); // releases the lock, after the rename
    // ug exits right after an edit: leave the parsed file and both models to
    // the OS rather than free their tens of thousands of allocations one by one.
    std::mem::forget((doc, group, after));
    Ok((out, true))
}

/// Opens the file and takes an exclusive lock on it. A writer replaces the
/// file by rename, so after waiting for the lock we make sure the path still
/// names the file we locked; if not, we lock the new one.
fn lock(path: &Path) -> Result<(File, fs::Metadata)> {
    for _ in 0..1000 {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("open", path, e))?;
        file.lock().map_err(|e| Error::io("lock", path, e))?;
        let held = file.metadata().map_err(|e| Error::io("read", path, e))?;
        match fs::metadata(path) {
            Ok(now) if now.ino() == held.ino() && now.dev() == held.dev() => {
                return Ok((file, held));
            }
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read", path, e)),
        }
    }
    Err(Error::failed(format!(
        "could not lock {}: it keeps being replaced",
        path.display()
    )))
}

/// True when the file at `path` is no longer what we read: another inode, or
/// another size or modification time (an editor that ignores our lock).
fn changed_since(path: &Path, before: &fs::Metadata) -> Result<bool> {
    let now = fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    Ok(now.ino() != before.ino()
        || now.len() != before.len()
        || now.mtime() != before.mtime()
        || now.mtime_nsec() != before.mtime_nsec())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk,
/// renames it over `path` and syncs the folder: a reader sees the old file or
/// the new one, never a mix, even if the machine dies half-way.
pub fn write_atomic(path: &Path, bytes: &[u8], permissions: Option<fs::Permissions>) -> Result<()> {
    let (dir, tmp) = temp_path(path, "tmp");
    let result = (|| -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(&dir)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io("write", path, e)
    })
}

/// Creates `path` with `bytes`, atomically, failing if it exists (`ug init`).
pub fn create_new(path: &Path, display: &str, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(Error::Exists {
            path: display.to_string(),
        });
    }
    let (dir, tmp) = temp_path(path, "new");
    let result = (|| -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        // A hard link fails if `path` appeared meanwhile: never overwrite.
        fs::hard_link(&tmp, path)?;
        fs::remove_file(&tmp)?;
        sync_dir(&dir)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        if e.kind() == io::ErrorKind::AlreadyExists {
            Error::Exists {
                path: display.to_string(),
            }
        } else {
            Error::io("create", path, e)
        }
    })
}

fn temp_path(path: &Path, tag: &str) -> (PathBuf, PathBuf) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| FILE_NAME.into());
    let tmp = dir.join(format!(".{name}.{}.{tag}", std::process::id()));
    (dir, tmp)
}

/// Temporary files of the group file are only made while holding its lock,
/// so any left over are from a writer that was killed: remove them.
fn remove_stale_temps(path: &Path) {
    let (dir, _) = temp_path(path, "tmp");
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let n = entry.file_name();
        let n = n.to_string_lossy();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The changed lines between two versions of the file, `-`/`+` prefixed, with
/// their line numbers: what a confirmation prompt shows.
pub fn changed_lines(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    for (i, line) in a[prefix..a.len() - suffix].iter().enumerate() {
        out.push_str(&format!("{:>5} - {line}\n", prefix + i + 1));
    }
    for (i, line) in b[prefix..b.len() - suffix].iter().enumerate() {
        out.push_str(&format!("{:>5} + {line}\n", prefix + i + 1));
    }
    out
}
