//! `ug git-setup`: makes git merge the group file with `ug merge` and its
//! logs as unions, in the repository that holds the group file: the lines
//! in `.gitattributes`, and the driver in the repository's git config.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::Ctx;
use crate::error::{Error, Result};
use crate::merge::attributes;
use crate::render::show;

/// What git runs for `merge=ug` (SPEC §10).
const DRIVER: &str = "ug merge %O %A %B";
const DRIVER_NAME: &str = "ug: the group file, entry by entry";

/// Set up git to merge the group file entry by entry, for co-organizers.
///
/// In the git repository that holds the group file, adds to the root's
/// `.gitattributes` (created if missing) `group.toml merge=ug` (the group
/// file's path from the root) and `merge=union` for its logs beside it
/// (group.sent.log, group.inbox.log, group.daily.log: a message sent on
/// either side stays sent), and sets the repository's config
/// `merge.ug.driver = "ug merge %O %A %B"` and `merge.ug.name`. Git finds
/// `ug` on the PATH. Commit `.gitattributes`; every clone runs
/// `ug git-setup` once (git does not share its config). Running it again
/// changes nothing and says so. Fails (exit 1) without git, or when the
/// group file is not in a git repository.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// What `ug git-setup` did.
#[derive(Debug, Serialize)]
struct Setup {
    repository: PathBuf,
    gitattributes: PathBuf,
    /// Lines added to `.gitattributes` (none: they were there).
    added: Vec<String>,
    /// Config keys set (none: they were set already).
    config: Vec<String>,
    /// Where git will find `ug` on the PATH, if it does.
    ug_on_path: Option<PathBuf>,
}

pub fn run(_args: Args, ctx: &Ctx) -> Result<()> {
    let loc = ctx.locate()?;
    let group = loc
        .path
        .canonicalize()
        .map_err(|e| Error::io("read", &loc.path, e))?;
    let dir = group.parent().unwrap_or(Path::new("/"));
    let root = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.unwrap_or_default());
    let root = root.canonicalize().unwrap_or(root);
    let rel = group.strip_prefix(&root).map_err(|_| {
        Error::failed(format!(
            "{} is outside its git repository {}",
            loc.display,
            root.display()
        ))
    })?;
    let rel: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let attrs = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attrs) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", &attrs, e)),
    };
    let (text, added) = attributes::add(&existing, &attributes::wanted(&rel.join("/")));
    if !added.is_empty() {
        crate::store::write_atomic(&attrs, text.as_bytes(), None)?;
    }
    let mut config = Vec::new();
    for (key, want) in [("merge.ug.name", DRIVER_NAME), ("merge.ug.driver", DRIVER)] {
        if git(&root, &["config", "--get", key])?.as_deref() != Some(want) {
            git(&root, &["config", key, want])?;
            config.push(format!("{key} = {want}"));
        }
    }
    let setup = Setup {
        repository: root,
        gitattributes: attrs,
        added,
        config,
        ug_on_path: on_path("ug"),
    };
    show(&setup, ctx.json)
}

/// Runs git in `dir`: its trimmed stdout, `None` when it exits 1 quietly
/// (`git config --get` of an unset key).
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| {
            Error::failed_with(
                format!("could not run git: {e}"),
                "install git (e.g. `apt-get install git`) and make sure it is on the PATH",
            )
        })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return Ok(Some(
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        ));
    }
    if stderr.contains("not a git repository") {
        return Err(Error::failed_with(
            format!("{} is not in a git repository", dir.display()),
            "run `git init` there (or clone the group's repository), then `ug git-setup`",
        ));
    }
    if out.status.code() == Some(1) && stderr.trim().is_empty() {
        return Ok(None);
    }
    Err(Error::failed(format!(
        "`git {}` failed: {}",
        args.join(" "),
        stderr.trim()
    )))
}

/// The first `name` on the PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

impl fmt::Display for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let root = self.repository.display();
        if self.added.is_empty() && self.config.is_empty() {
            writeln!(f, "Already set up in {root}: nothing changed.")?;
        } else {
            if !self.added.is_empty() {
                writeln!(f, "Added to {}:", self.gitattributes.display())?;
                for line in &self.added {
                    writeln!(f, "  {line}")?;
                }
            }
            if !self.config.is_empty() {
                writeln!(f, "Set in the repository's git config:")?;
                for line in &self.config {
                    writeln!(f, "  {line}")?;
                }
            }
            writeln!(
                f,
                "Commit .gitattributes so co-organizers share it; each clone runs `ug git-setup` once (git does not share its config)."
            )?;
        }
        match &self.ug_on_path {
            Some(p) => writeln!(f, "git runs `ug merge` from your PATH: {}", p.display()),
            None => writeln!(
                f,
                "warning: `ug` is not on your PATH, so git cannot run the merge driver: put the folder that holds `ug` on the PATH"
            ),
        }
    }
}
