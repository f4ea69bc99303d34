//! `ug daily --cron`: the crontab line for one group file, with comments
//! that say where its output goes; valid crontab text as a whole, so
//! `(crontab -l; ug daily --cron) | crontab -` adds it.

use std::fmt;

use serde::Serialize;

use super::{HOUR, Job, MINUTE};

/// The crontab entry and its notes.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub line: String,
    pub notes: Vec<String>,
}

/// The entry for `job`: every day at 08:15 in the machine's time zone.
pub fn entry(job: &Job) -> Entry {
    let mut line = format!(
        "{MINUTE} {HOUR} * * * cd {} && {}",
        sh_quote(&job.dir.to_string_lossy()),
        sh_quote(&job.exe.to_string_lossy())
    );
    if let Some(name) = job.file_flag() {
        line.push_str(&format!(" --file {}", sh_quote(name)));
    }
    line.push_str(" daily");
    let log = job.file.with_extension("daily.log");
    let mut notes = vec![
        format!(
            "ug daily for {} ({}), every day at {HOUR:02}:{MINUTE:02} in this machine's time zone (the group's is {}).",
            job.name.replace(char::is_control, " "),
            job.file.display(),
            job.timezone
        ),
        "Add it with `crontab -e`, or: (crontab -l; ug daily --cron) | crontab -".into(),
        format!(
            "Each run is logged in {} (`ug status` shows the last); cron mails what it prints to you when this machine sends mail, else append: >> {} 2>&1",
            log.display(),
            sh_quote(&job.file.with_extension("daily.out").to_string_lossy())
        ),
    ];
    notes.extend(job.secrets_note().map(|n| format!("Note: {n}.")));
    Entry { line, notes }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.notes {
            writeln!(f, "# {n}")?;
        }
        writeln!(f, "{}", self.line)
    }
}

/// A word for `sh`: as it is when it is plain, else single-quoted. A `%`
/// is escaped too: cron turns a bare one into a newline.
fn sh_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:,@".contains(c);
    let quoted = if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    };
    quoted.replace('%', r"\%")
}

#[cfg(test)]
mod tests {
    use super::sh_quote;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("/home/ann/group"), "/home/ann/group");
        assert_eq!(sh_quote("/home/ann/my group"), "'/home/ann/my group'");
        assert_eq!(sh_quote("/tmp/it's"), r"'/tmp/it'\''s'");
        assert_eq!(sh_quote("/tmp/100%"), r"'/tmp/100\%'");
        assert_eq!(sh_quote("/tmp/$(x)"), "'/tmp/$(x)'");
    }
}
