//! Writing the site incrementally: a file is written (atomically: a
//! temporary file renamed over it) only when its bytes changed; files ug
//! wrote before and no longer makes (the pages of events that are gone) are
//! removed; nothing else in the folder is touched. What ug wrote is listed
//! in the manifest `.ug-site`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path};

use crate::error::{Error, Result};

/// The list of files ug wrote, one relative path a line, in the out folder.
pub const MANIFEST: &str = ".ug-site";

/// What one sync did, as relative paths.
#[derive(Debug, Default)]
pub struct Synced {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Whether the site may go into `out`: a folder that is missing, empty, or
/// holds ug's marker, the manifest [`MANIFEST`] (every ug that wrote a site
/// left one; a site folder without it was not written by ug). Anything else
/// (a folder of other files, `/`, a file) is someone else's: `Err` says what
/// is wrong and the fix, and nothing is written.
pub fn check_folder(out: &Path) -> Result<()> {
    let shown = out.display();
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if out.exists() && !out.is_dir() => {
            return Err(Error::failed_with(
                format!("the site folder {shown} is a file, not a folder"),
                "name a new or empty folder in `[site] out`, or with `ug site --out DIR`",
            ));
        }
        Err(e) => return Err(Error::io("read", out, e)),
    };
    let mut entries = entries.peekable();
    if entries.peek().is_none() || out.join(MANIFEST).is_file() {
        return Ok(());
    }
    Err(Error::failed_with(
        format!(
            "the site folder {shown} holds files ug did not write (it has no {MANIFEST} marker): not writing the site there"
        ),
        format!(
            "name a new or empty folder in `[site] out`, or with `ug site --out DIR`; or, to have ug add its pages beside the files there (it never overwrites one it did not write), create the marker: touch {}",
            out.join(MANIFEST).display()
        ),
    ))
}

/// Makes `out` hold exactly `files` (relative path -> bytes) among the files
/// ug writes. Refuses, before writing anything, to overwrite a different
/// file ug did not write.
pub fn sync(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<Synced> {
    let manifest = out.join(MANIFEST);
    let old = read_manifest(&manifest)?;
    let mut plan = Vec::new();
    let mut done = Synced::default();
    for (rel, bytes) in files {
        let path = out.join(rel);
        match fs::read(&path) {
            Ok(now) if now == *bytes => done.unchanged += 1,
            Ok(_) if !old.contains(rel) => {
                return Err(Error::failed_with(
                    format!(
                        "{} exists and ug did not write it: not overwriting it",
                        path.display()
                    ),
                    "move it away, or write the site to another folder with `ug site --out DIR`",
                ));
            }
            Ok(_) => plan.push((rel, path, bytes, true)),
            Err(_) => plan.push((rel, path, bytes, false)),
        }
    }
    if plan.iter().any(|p| !old.contains(p.0)) {
        // Listed before they are written: a build cut short leaves no file
        // the next one would take for someone else's.
        let both: BTreeSet<&String> = old.iter().chain(files.keys()).collect();
        let list: String = both.iter().map(|k| format!("{k}\n")).collect();
        put(&manifest, list.as_bytes())?;
    }
    let mut made = BTreeSet::new();
    for (rel, path, bytes, exists) in plan {
        if let Some(parent) = path.parent().filter(|p| made.insert(p.to_path_buf())) {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        if exists {
            put(&path, bytes)?;
        } else {
            // A new file: nobody is reading an older one to be replaced.
            fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
        }
        done.written.push(rel.clone());
    }
    for rel in old.iter().filter(|r| !files.contains_key(*r)) {
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => done.removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", path, e)),
        }
        remove_empty_parents(out, &path);
    }
    let list: String = files.keys().map(|k| format!("{k}\n")).collect();
    if fs::read_to_string(&manifest).ok().as_deref() != Some(list.as_str()) {
        put(&manifest, list.as_bytes())?;
    }
    Ok(done)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`: a web server or `rsync` sees the old file or the new one, never a
/// half-written one. Not flushed to disk file by file, unlike the group
/// file's writes: the site is made again from the group file at will, and
/// 600 fsyncs were most of a whole build's time.
fn put(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{}.ug-tmp", name.unwrap_or_default()));
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            Error::io("write", path, e)
        })
}

/// The manifest's paths; only plain relative ones (a hand-edited line with
/// `..` or a root is ignored: ug never removes outside the folder).
fn read_manifest(path: &Path) -> Result<BTreeSet<String>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    Ok(text
        .lines()
        .filter(|l| {
            !l.is_empty()
                && Path::new(l)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
        })
        .map(str::to_string)
        .collect())
}

/// Removes the folders above `path` that are now empty, up to `out`.
fn remove_empty_parents(out: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn only_changes_are_written_and_only_ugs_files_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let a = files(&[("index.html", "a"), ("events/x/index.html", "x")]);
        assert_eq!(sync(out, &a).unwrap().written.len(), 2);
        let again = sync(out, &a).unwrap();
        assert_eq!((again.written.len(), again.unchanged), (0, 2));
        fs::write(out.join("CNAME"), "mine").unwrap();
        let b = files(&[("index.html", "b")]);
        let done = sync(out, &b).unwrap();
        assert_eq!(done.written, ["index.html"]);
        assert_eq!(done.removed, ["events/x/index.html"]);
        assert!(!out.join("events").exists(), "the empty folders stay");
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "mine");
    }

    #[test]
    fn a_file_ug_did_not_write_is_never_overwritten_nor_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "my own page").unwrap();
        let err = sync(&out, &files(&[("style.css", "s"), ("index.html", "ug's")])).unwrap_err();
        assert!(err.to_string().contains("did not write"), "{err}");
        assert!(!out.join("style.css").exists(), "a refused sync wrote");
        // A hand-edited manifest naming a path outside the folder removes nothing there.
        fs::write(dir.path().join("keep"), "k").unwrap();
        fs::write(out.join(MANIFEST), "../keep\n").unwrap();
        sync(&out, &files(&[("style.css", "s")])).unwrap();
        assert!(dir.path().join("keep").exists());
    }
}
