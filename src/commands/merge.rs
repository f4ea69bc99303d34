//! `ug merge BASE OURS THEIRS`: git's merge driver for the group file. Reads
//! the three versions git hands over, merges them entry by entry
//! (`crate::merge`) and writes the result over OURS, as git expects.

use std::fs;
use std::path::{Path, PathBuf};

use crate::Ctx;
use crate::error::{Error, Result};

/// Merge two versions of the group file entry by entry: git's merge driver.
///
/// Git runs it as `ug merge %O %A %B` once `ug git-setup` has set it up:
/// BASE is the common ancestor, OURS the current branch's version (the
/// result is written over it), THEIRS the other branch's. Entries are
/// matched by `id` (people, venues, sponsors, events, tasks, talks), members
/// and RSVPs by address, agenda items and checklist steps by their place.
/// Both sides' new entries are kept (OURS' order, THEIRS' new ones after);
/// two new tasks or talks with one id: THEIRS' gets the next free id. An
/// entry deleted on one side stays deleted if the other left it alone. A
/// key changed on one side takes that change; the same key of the same
/// entry changed two ways becomes a `<<<<<<< ours` / `=======` /
/// `>>>>>>> theirs` block around its lines alone. Everything else stays
/// as OURS wrote it, byte for byte. A version that is not valid TOML is
/// merged line by line, like `git merge-file`.
///
/// Exit 0: merged cleanly. Exit 1: conflict blocks are left in OURS (git then
/// reports the conflict; fix them, run `ug check`, then `git add`), a
/// version or the merged result is not valid TOML (the line merge is left
/// in OURS for you to check), or a file could not be read. It needs no group file: git runs it in the
/// repository's root.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (git's %O)
    base: PathBuf,
    /// This branch's version; the merged text is written here (git's %A)
    ours: PathBuf,
    /// The other branch's version (git's %B)
    theirs: PathBuf,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let base = read(&args.base)?;
    let ours = read(&args.ours)?;
    let theirs = read(&args.theirs)?;
    let merged = crate::merge::merge(&base, &ours, &theirs);
    if merged.text != ours {
        let permissions = fs::metadata(&args.ours).ok().map(|m| m.permissions());
        crate::store::write_atomic(&args.ours, merged.text.as_bytes(), permissions)?;
    }
    if let Some(why) = &merged.by_lines {
        eprintln!("ug merge: {why}; merged line by line");
    }
    if merged.is_clean() {
        // A version or the result that is not TOML is a conflict for git:
        // exit 0 would commit a file no ug command can read.
        let broken = match &merged.by_lines {
            Some(_) => Some("the versions were merged line by line".to_string()),
            None => crate::merge::check_parses(&merged.text, "the merged file").err(),
        };
        let Some(why) = broken else {
            return Ok(());
        };
        return Err(Error::failed_with(
            format!(
                "{why}: {} is left for you to check (a conflict for git)",
                args.ours.display()
            ),
            "fix the file until `ug check` passes, then `git add` it (or take one side with `git checkout --ours` or `--theirs`)",
        ));
    }
    for c in &merged.conflicts {
        eprintln!("ug merge: conflict at {c}");
    }
    Err(Error::failed_with(
        format!(
            "{} left in {}: the same key was changed two ways",
            crate::words::plural(merged.conflicts.len() as i64, "conflict"),
            args.ours.display()
        ),
        "keep one side between <<<<<<< ours and >>>>>>> theirs (delete the other and the marker lines), run `ug check`, then `git add` the file",
    ))
}

fn read(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| Error::io("read", path, e))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::failed_with(
            format!("{} is not UTF-8 text", path.display()),
            "a group file is UTF-8 TOML; merge this one by hand",
        )
    })
}
