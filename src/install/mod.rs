//! Installing the daily run (SPEC §8, §13): the crontab line of `ug daily
//! --cron` and the systemd user service and timer of `ug daily --systemd`,
//! both for one group file, with the absolute paths a scheduler needs.

pub mod cron;
pub mod systemd;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Group;

/// When the daily run starts, local time: before the working day, late
/// enough that the night's replies are in.
pub const HOUR: u32 = 8;
pub const MINUTE: u32 = 15;

/// One group's daily run: what a scheduler starts, and where.
#[derive(Debug, Clone)]
pub struct Job {
    /// The `ug` binary now running, absolute (`std::env::current_exe`).
    pub exe: PathBuf,
    /// The group file, absolute.
    pub file: PathBuf,
    /// The folder holding it: the run's working folder.
    pub dir: PathBuf,
    /// The group's name, for descriptions.
    pub name: String,
    /// The group's IANA time zone (the timer runs in it).
    pub timezone: String,
    /// Variables the file takes secrets from (`password_env`, `key_env`):
    /// a scheduler does not have the shell's.
    pub secret_vars: Vec<String>,
}

impl Job {
    /// The job for the group file at `path` (as found by `--file` or the
    /// walk up), run by the binary at `exe`.
    pub fn new(path: &Path, exe: PathBuf, g: &Group) -> Result<Job> {
        let file = std::path::absolute(path).map_err(|e| Error::io("find", path, e))?;
        let dir = file
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error::failed("the group file has no folder"))?;
        for p in [&exe, &file] {
            if p.to_str().is_none_or(|s| s.chars().any(char::is_control)) {
                return Err(Error::failed_with(
                    format!(
                        "{} is not a path a scheduler can run (not UTF-8, or it holds a control character)",
                        p.display()
                    ),
                    "move the group file or ug to a folder with a plain name",
                ));
            }
        }
        let smtp = g.email.as_ref().and_then(|e| e.smtp.as_ref());
        let inbox = g.inbox.as_ref();
        let imap = inbox.and_then(|i| i.imap.as_ref());
        let secret_vars = [
            smtp.and_then(|s| s.password_env.clone()),
            imap.and_then(|i| i.password_env.clone()),
            inbox.and_then(|i| i.key_env.clone()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(Job {
            exe,
            dir,
            name: g.group.name.clone(),
            timezone: g.tz().name().to_string(),
            file,
            secret_vars,
        })
    }

    /// The file's name in its folder, when it is not `group.toml` (which
    /// `ug` finds by itself in its working folder).
    fn file_flag(&self) -> Option<&str> {
        let name = self.file.file_name()?.to_str()?;
        (name != crate::store::FILE_NAME).then_some(name)
    }

    /// The note on secrets in variables, if the file uses any.
    fn secrets_note(&self) -> Option<String> {
        if self.secret_vars.is_empty() {
            return None;
        }
        let vars: Vec<String> = self.secret_vars.iter().map(|v| format!("${v}")).collect();
        Some(format!(
            "the file reads secrets from {}, which a scheduler does not have (it starts without your shell's variables): use password_cmd / key_cmd instead, or set them where the job runs",
            vars.join(", ")
        ))
    }
}

/// A name for the group's units: its name in lowercase letters, digits and
/// dashes ("Django Lakeside" -> "django-lakeside"), else "group".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out = &out[..out.len().min(60)];
    if out.is_empty() {
        "group".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Django Lakeside"), "django-lakeside");
        assert_eq!(slug("  Rust \"Zürich\" -- Meetup!  "), "rust-z-rich-meetup");
        assert_eq!(slug("東京"), "group");
        assert_eq!(slug("%n; rm -rf /"), "n-rm-rf");
        assert!(slug(&"a b ".repeat(100)).len() <= 60);
    }
}
