//! `ug daily --systemd`: a user service and timer for one group file, in
//! `$XDG_CONFIG_HOME/systemd/user/` (else `~/.config/systemd/user/`),
//! written atomically; a different unit already there is kept unless forced.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{HOUR, Job, MINUTE, slug};
use crate::error::{Error, Result};

/// The two units of one group, as text.
#[derive(Debug, Clone)]
pub struct Units {
    /// `ug-daily-<slug>`: the units' name without the suffix.
    pub name: String,
    pub service: String,
    pub timer: String,
}

/// The units for `job`: a oneshot service running `ug daily` in the group's
/// folder, and a timer starting it daily at 08:15 in the group's time zone,
/// and at the next start when a run was missed (`Persistent=true`).
pub fn units(job: &Job) -> Units {
    let name = format!("ug-daily-{}", slug(&job.name));
    let label = escape(&job.name.replace(char::is_control, " "));
    let service = format!(
        "# Written by `ug daily --systemd`; the timer {name}.timer starts it.\n\
         [Unit]\n\
         Description=ug daily for {label} ({file})\n\
         Documentation=man:ug-daily(1)\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         WorkingDirectory={dir}\n\
         ExecStart={exe} --file {file_q} daily\n",
        file = escape(&job.file.to_string_lossy()),
        dir = escape(&job.dir.to_string_lossy()),
        exe = quote(&job.exe.to_string_lossy()),
        file_q = quote(&job.file.to_string_lossy()),
    );
    let timer = format!(
        "# Written by `ug daily --systemd`: starts {name}.service every day.\n\
         [Unit]\n\
         Description=ug daily for {label}, every day at {HOUR:02}:{MINUTE:02} ({tz})\n\
         \n\
         [Timer]\n\
         OnCalendar=*-*-* {HOUR:02}:{MINUTE:02}:00 {tz}\n\
         Persistent=true\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        tz = job.timezone,
    );
    Units {
        name,
        service,
        timer,
    }
}

/// What `ug daily --systemd` did, and how to enable it.
#[derive(Debug, Serialize)]
pub struct Installed {
    pub unit: String,
    pub files: Vec<Written>,
    pub enable: String,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Written {
    pub path: PathBuf,
    /// "written", "replaced" or "unchanged".
    pub status: &'static str,
}

/// The folder of the user's units: `$XDG_CONFIG_HOME/systemd/user` when
/// it is set to an absolute path, else `$HOME/.config/systemd/user`.
pub fn user_unit_dir() -> Result<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| Path::new(v).is_absolute());
    let config = match (var("XDG_CONFIG_HOME"), var("HOME")) {
        (Some(x), _) => PathBuf::from(x),
        (None, Some(h)) => Path::new(&h).join(".config"),
        (None, None) => {
            return Err(Error::failed_with(
                "neither $XDG_CONFIG_HOME nor $HOME is set, so ug cannot tell where your systemd user units go",
                "set HOME (or XDG_CONFIG_HOME) and run `ug daily --systemd` again",
            ));
        }
    };
    Ok(config.join("systemd").join("user"))
}

/// Writes the units into `dir`. Both are checked before either is written:
/// a unit there with other contents stops it (nothing written) unless
/// `force`.
pub fn install(job: &Job, dir: &Path, force: bool) -> Result<Installed> {
    let units = units(job);
    let files = [
        (dir.join(format!("{}.service", units.name)), &units.service),
        (dir.join(format!("{}.timer", units.name)), &units.timer),
    ];
    let mut status = Vec::new();
    for (path, text) in &files {
        let s = match fs::read(path) {
            Ok(old) if old == text.as_bytes() => "unchanged",
            Ok(_) if force => "replaced",
            Ok(_) => {
                return Err(Error::failed_with(
                    format!("{} already exists with other contents", path.display()),
                    "another group of the same name, or an older ug, wrote it: compare it, then add `--force` to replace both units",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "written",
            Err(e) => return Err(Error::io("read", path, e)),
        };
        status.push(s);
    }
    fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut written = Vec::new();
    for ((path, text), s) in files.into_iter().zip(status) {
        if s != "unchanged" {
            crate::store::write_atomic(&path, text.as_bytes(), None)?;
        }
        written.push(Written { path, status: s });
    }
    let timer = format!("{}.timer", units.name);
    let mut notes = vec![
        format!(
            "it runs `ug daily` for {} every day at {HOUR:02}:{MINUTE:02} {}, and at the next start when the machine was off",
            job.file.display(),
            job.timezone
        ),
        "a user timer runs only while you are logged in, unless: loginctl enable-linger \"$USER\""
            .into(),
        format!(
            "its output: journalctl --user -u {}.service (`ug status` shows the last run)",
            units.name
        ),
    ];
    notes.extend(job.secrets_note());
    Ok(Installed {
        enable: format!("systemctl --user daemon-reload && systemctl --user enable --now {timer}"),
        unit: units.name,
        files: written,
        notes,
    })
}

impl fmt::Display for Installed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for w in &self.files {
            let verb = match w.status {
                "unchanged" => "Unchanged",
                "replaced" => "Replaced",
                _ => "Wrote",
            };
            writeln!(f, "{verb} {}", w.path.display())?;
        }
        writeln!(f, "Enable it:\n  {}", self.enable)?;
        for n in &self.notes {
            writeln!(f, "Note: {n}.")?;
        }
        Ok(())
    }
}

/// A value with systemd's specifiers (`%`) escaped.
fn escape(s: &str) -> String {
    s.replace('%', "%%")
}

/// One word of a command line for `ExecStart=`: double-quoted, with `\`
/// and `"` escaped, and `%` and `$` doubled (specifiers and variables).
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn exec_words() {
        assert_eq!(quote("/usr/bin/ug"), "\"/usr/bin/ug\"");
        assert_eq!(quote("/a b/c"), "\"/a b/c\"");
        assert_eq!(quote(r#"/x"y\z"#), r#""/x\"y\\z""#);
        assert_eq!(quote("/100%/$HOME"), "\"/100%%/$$HOME\"");
    }
}
