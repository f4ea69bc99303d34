//! A Maildir as mbsync, offlineimap and getmail keep one: delivered mail in
//! `new/`, seen mail in `cur/` with flags after `:2,` in the file name
//! (`1764152100.M5P17.host,U=42:2,S`). A file moves from `new/` to `cur/`
//! and its flags change, but the part before `:` (its unique name) stays:
//! that is what the cache keys on. ug only reads: it never moves, renames
//! or deletes a file. `tmp/` holds mail still being delivered: skipped.
//!
//! A message is a regular file (SPEC §11): a link, a FIFO, a socket or a
//! device in `new/` or `cur/` is listed with what it is, and never opened
//! as mail; a file is opened without following a link or blocking, and
//! read only when it is a regular file within the size limit.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One message file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `new/NAME` or `cur/NAME`, for messages.
    pub file: String,
    /// The unique name: the file name up to its info (`:2,...`).
    pub unique: String,
    pub path: PathBuf,
    /// What it is when it is not a regular file ("a symbolic link", "a
    /// FIFO"...): never read.
    pub other: Option<&'static str>,
    /// When it was delivered (unix seconds): the seconds its name starts
    /// with, else the file's modification time (0 when unknown).
    pub delivered: i64,
}

impl Entry {
    /// When it arrived, as far as the name tells: the seconds every common
    /// writer puts first (`1764152100.M5P17.host`), else 0. A name that
    /// starts with a small number (`1.eml`, copied in by hand) tells
    /// nothing: anything before 2001 is not a delivery time.
    pub fn arrived(&self) -> u64 {
        delivered(&self.unique)
    }
}

/// The delivery time a unique name starts with, 0 when it has none that
/// could be one (before 2001).
pub fn delivered(unique: &str) -> u64 {
    Some(seconds(unique))
        .filter(|&s| s >= 1_000_000_000)
        .unwrap_or(0)
}

/// The seconds a unique name starts with (0 when it does not).
pub fn seconds(unique: &str) -> u64 {
    unique
        .bytes()
        .take_while(u8::is_ascii_digit)
        .take(19)
        .fold(0, |n, b| n * 10 + u64::from(b - b'0'))
}

/// The unique part of a Maildir file name (before `:2,`, or `!2,` as some
/// writers use where `:` is not allowed).
pub fn unique(name: &str) -> &str {
    name.find([':', '!'])
        .filter(|&i| name[i + 1..].starts_with("2,") || name[i + 1..].starts_with("1,"))
        .map_or(name, |i| &name[..i])
}

/// Every message file in `new/` and `cur/`, in name order within each.
/// A missing Maildir is an error with the fix; a missing `new/` or `cur/`
/// alone is empty.
pub fn list(dir: &Path) -> Result<Vec<Entry>> {
    if !dir.join("cur").is_dir() && !dir.join("new").is_dir() {
        return Err(Error::failed_with(
            format!(
                "{} is not a Maildir (it has no cur/ or new/ folder)",
                dir.display()
            ),
            "point `maildir` in [inbox] at the folder your mail program (mbsync, offlineimap, getmail) keeps, e.g. \"mail/INBOX\"",
        ));
    }
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        let folder = dir.join(sub);
        let rd = match std::fs::read_dir(&folder) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read", &folder, e)),
        };
        let mut entries = Vec::new();
        for ent in rd {
            let ent = ent.map_err(|e| Error::io("read", &folder, e))?;
            let name = ent.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // The type from the folder listing: a link is not followed.
            let other = match ent.file_type() {
                Ok(t) => kind(&t),
                Err(_) => Some("gone or unreadable"),
            };
            let unique = unique(&name).to_string();
            let delivered = match i64::try_from(delivered(&unique)).unwrap_or(0) {
                0 if other.is_none() => ent.metadata().map_or(0, |m| mtime(&m)),
                s => s,
            };
            entries.push(Entry {
                file: format!("{sub}/{name}"),
                unique,
                path: folder.join(&name),
                other,
                delivered,
            });
        }
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        out.extend(entries);
    }
    Ok(out)
}

/// What a folder entry is when it is not a regular file.
fn kind(t: &std::fs::FileType) -> Option<&'static str> {
    Some(if t.is_file() {
        return None;
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    })
}

/// A file's modification time, unix seconds (0 when unknown).
fn mtime(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// What reading a message file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Its bytes.
    Mail(Vec<u8>),
    /// Its size, over `limit`: not read.
    TooBig(u64),
    /// Why it could not be read as mail.
    Unreadable(String),
}

/// `O_NOFOLLOW` and `O_NONBLOCK` (Linux; the same on x86_64 and aarch64):
/// a link is an error, not followed; a FIFO opens at once (and is then
/// refused), never waiting for a writer.
#[cfg(target_os = "linux")]
const NO_FOLLOW_NO_BLOCK: i32 = 0o400_000 | 0o4_000;
#[cfg(not(target_os = "linux"))]
const NO_FOLLOW_NO_BLOCK: i32 = 0x100 | 0x4;

/// Reads the message file `path`: opened without following a link or
/// blocking, then checked (on the open file) to be a regular file of at
/// most `limit` bytes; only then read (never past `limit`).
pub fn read_message(path: &Path, limit: u64) -> Content {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(NO_FOLLOW_NO_BLOCK)
        .open(path);
    let file = match file {
        Ok(f) => f,
        // The last part of the path is a link (ELOOP): not followed.
        Err(_) if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Content::Unreadable("not a mail file (a symbolic link); not followed".into());
        }
        Err(e) => return Content::Unreadable(e.to_string()),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return Content::Unreadable(e.to_string()),
    };
    if let Some(what) = kind(&meta.file_type()) {
        return Content::Unreadable(format!("not a mail file ({what})"));
    }
    if meta.len() > limit {
        return Content::TooBig(meta.len());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Never more than the limit, even when the file grows while read.
    match file.take(limit + 1).read_to_end(&mut bytes) {
        Ok(n) if n as u64 > limit => Content::TooBig(n as u64),
        Ok(_) => Content::Mail(bytes),
        Err(e) => Content::Unreadable(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unique_name_survives_a_move_to_cur() {
        assert_eq!(
            unique("1764152100.M5P17.host,U=42:2,S"),
            "1764152100.M5P17.host,U=42"
        );
        assert_eq!(unique("1764152100.M5P17.host"), "1764152100.M5P17.host");
        assert_eq!(
            unique("1764152100_0.123.host,FMD5=ab!2,RS"),
            "1764152100_0.123.host,FMD5=ab"
        );
    }

    #[test]
    fn lists_new_and_cur_but_not_tmp() {
        let d = tempfile::tempdir().unwrap();
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir(d.path().join(sub)).unwrap();
        }
        std::fs::write(d.path().join("new/2.b"), "x").unwrap();
        std::fs::write(d.path().join("cur/1.a:2,S"), "x").unwrap();
        std::fs::write(d.path().join("tmp/3.c"), "x").unwrap();
        let l = list(d.path()).unwrap();
        let files: Vec<_> = l.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, ["new/2.b", "cur/1.a:2,S"]);
        // "1.a" is a name given by hand, not a delivery time.
        assert_eq!(l[1].arrived(), 0);
        let e = Entry {
            file: "new/1764152100.M5P17.host".into(),
            unique: "1764152100.M5P17.host".into(),
            path: PathBuf::new(),
            other: None,
            delivered: 0,
        };
        assert_eq!(e.arrived(), 1_764_152_100);
        assert!(list(&d.path().join("nope")).is_err());
    }
}
