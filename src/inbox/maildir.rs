//! A Maildir as mbsync, offlineimap and getmail keep one: delivered mail in
//! `new/`, seen mail in `cur/` with flags after `:2,` in the file name
//! (`1764152100.M5P17.host,U=42:2,S`). A file moves from `new/` to `cur/`
//! and its flags change, but the part before `:` (its unique name) stays:
//! that is what the cache keys on. ug only reads: it never moves, renames
//! or deletes a file. `tmp/` holds mail still being delivered: skipped.

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
        let mut names = Vec::new();
        for ent in rd {
            let ent = ent.map_err(|e| Error::io("read", &folder, e))?;
            let name = ent.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || ent.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            names.push(name);
        }
        names.sort();
        out.extend(names.into_iter().map(|name| Entry {
            file: format!("{sub}/{name}"),
            unique: unique(&name).to_string(),
            path: folder.join(&name),
        }));
    }
    Ok(out)
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
        };
        assert_eq!(e.arrived(), 1_764_152_100);
        assert!(list(&d.path().join("nope")).is_err());
    }
}
