//! Finding the group file: `--file`, else the nearest `group.toml` walking
//! up from the current folder. Anything by that name stops the walk, and is
//! refused with its name unless it is (or links to) a regular file.

use std::fs;
use std::io;
use std::path::Path;

use super::{FILE_NAME, Location};
use crate::error::{Error, Result};

/// `--file` (or `$UG_FILE`, which clap folds into it), else `group.toml` here
/// or in the nearest folder above that has one.
pub fn find(explicit: Option<&Path>) -> Result<Location> {
    if let Some(p) = explicit {
        return Ok(Location {
            path: p.to_path_buf(),
            display: p.display().to_string(),
        });
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io("read the current folder", ".", e))?;
    let mut dir = cwd.as_path();
    loop {
        let candidate = dir.join(FILE_NAME);
        // Anything named group.toml stops the walk: a folder, a FIFO or a
        // broken link here must not send an edit to the parent's file.
        let present = match fs::symlink_metadata(&candidate) {
            Ok(_) => true,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                false
            }
            Err(e) => return Err(Error::io("look for", &candidate, e)),
        };
        if present {
            let display = match candidate.strip_prefix(&cwd) {
                Ok(rel) => rel.display().to_string(),
                Err(_) => relative_to(&cwd, &candidate),
            };
            ensure_file(&candidate, &display)?;
            return Ok(Location {
                path: candidate,
                display,
            });
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => return Err(Error::NotFound { start: cwd }),
        }
    }
}

/// Fails, naming the file, unless `path` is (or links to) a regular file.
/// Never opens it: opening a FIFO for reading would wait for a writer.
pub(super) fn ensure_file(path: &Path, display: &str) -> Result<()> {
    let what = match fs::metadata(path) {
        Ok(m) if m.is_file() => return Ok(()),
        Ok(m) => {
            use std::os::unix::fs::FileTypeExt;
            let t = m.file_type();
            if t.is_dir() {
                "a folder".to_string()
            } else if t.is_fifo() {
                "a named pipe (FIFO)".to_string()
            } else if t.is_socket() {
                "a socket".to_string()
            } else {
                "a device".to_string()
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::read_link(path) {
            Ok(target) => {
                return Err(Error::failed_with(
                    format!(
                        "{display} is a symbolic link to {}, which does not exist",
                        target.display()
                    ),
                    format!(
                        "fix or remove the link {display} (ug uses the nearest group.toml and never looks past it), or name the file with `--file PATH`"
                    ),
                ));
            }
            Err(_) => return Err(Error::io("open", path, e)),
        },
        Err(e) => return Err(Error::io("open", path, e)),
    };
    Err(Error::failed_with(
        format!("{display} is {what}, not a group file"),
        format!(
            "move {display} out of the way (ug uses the nearest group.toml and never looks past it), or name the file with `--file PATH`"
        ),
    ))
}

/// `../../group.toml` for a file in an ancestor of `cwd`.
fn relative_to(cwd: &Path, file: &Path) -> String {
    let Some(dir) = file.parent() else {
        return file.display().to_string();
    };
    let ups = cwd
        .components()
        .count()
        .saturating_sub(dir.components().count());
    let mut s = "../".repeat(ups);
    s.push_str(FILE_NAME);
    s
}
