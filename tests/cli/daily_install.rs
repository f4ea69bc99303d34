//! `ug daily --cron` and `ug daily --systemd` (SPEC §8, §13): the crontab
//! line and the user units name this file and this binary by absolute
//! paths, and really run `ug daily` for it: each is executed here as cron
//! and systemd would (and checked by `systemd-analyze` where it exists).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

/// A folder name a scheduler line must quote: a space, a quote, a `%`
/// (cron's newline, systemd's specifier) and a `$`.
const ODD_DIR: &str = "it's 100% $HOME";

fn ug_path() -> PathBuf {
    fs::canonicalize(UG).unwrap()
}

/// The group in `dir` (relative to the test folder), with this name.
fn group_in(dir: &str, name: &str) -> Ug {
    let text = SAMPLE.replacen(
        "name = \"Django Lakeside\"",
        &format!("name = {}", toml_edit::Value::from(name)),
        1,
    );
    assert!(text.contains(&format!("name = {}", toml_edit::Value::from(name))));
    Ug::new()
        .file(&format!("{dir}/group.toml"), text)
        .file(&format!("{dir}/mail/INBOX/new/.keep"), "")
        .file(&format!("{dir}/mail/Sent/cur/.keep"), "")
}

/// Sections of an INI-like unit file: section -> key -> values (a key may repeat).
fn parse_unit(text: &str) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not key=value: {line}"));
        assert!(!section.is_empty(), "a key before any section: {line}");
        out.entry(section.clone())
            .or_default()
            .entry(k.trim().to_string())
            .or_default()
            .push(v.trim().to_string());
    }
    out
}

fn one<'a>(unit: &'a BTreeMap<String, BTreeMap<String, Vec<String>>>, s: &str, k: &str) -> &'a str {
    let v = &unit[s][k];
    assert_eq!(v.len(), 1, "{s}.{k} once");
    &v[0]
}

/// `ExecStart=`'s words as systemd splits them: double quotes, `\` escapes,
/// and `%%` / `$$` for a literal `%` / `$`.
fn exec_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
            continue;
        }
        let mut w = String::new();
        if c == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => w.push(chars.next().unwrap()),
                    c => w.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                w.push(c);
                chars.next();
            }
        }
        words.push(w.replace("%%", "%").replace("$$", "$"));
    }
    words
}

fn unit_dir(t: &Ug) -> PathBuf {
    t.path(".config/systemd/user")
}

#[test]
fn the_cron_line_runs_ug_daily_for_this_file_from_anywhere() {
    for (dir, name) in [("group", "Django Lakeside"), (ODD_DIR, "100% Rust $HOME")] {
        let t = group_in(dir, name);
        let out = t.run_with(["--file", &format!("{dir}/group.toml"), "daily", "--cron"]);
        out.success();
        let lines: Vec<&str> = out.stdout.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines.len(),
            1,
            "one crontab line, the rest comments:\n{}",
            out.stdout
        );
        let fields: Vec<&str> = lines[0].splitn(6, ' ').collect();
        assert_eq!(fields[..5], ["15", "8", "*", "*", "*"], "{}", lines[0]);
        let command = fields[5];
        let folder = fs::canonicalize(t.path(dir)).unwrap();
        assert!(
            command.contains(&ug_path().display().to_string()),
            "{command}"
        );
        assert!(
            out.stdout.contains("group.daily.log"),
            "the logging note:\n{}",
            out.stdout
        );
        assert!(!t.path(&format!("{dir}/group.daily.log")).exists());
        // As cron runs it: `\%` becomes `%`, then sh -c, from another folder.
        let status = t
            .prepare("/bin/sh")
            .args(["-c", &command.replace(r"\%", "%")])
            .current_dir("/")
            .status()
            .unwrap();
        assert!(status.success(), "the crontab command failed: {command}");
        let log = fs::read_to_string(folder.join("group.daily.log")).unwrap();
        assert!(log.contains("ok"), "ug daily ran for {dir}: {log}");
    }
}

#[test]
fn the_systemd_units_name_this_file_and_run_it() {
    for (dir, name, unit) in [
        ("group", "Django Lakeside", "ug-daily-django-lakeside"),
        (ODD_DIR, "100% Rust $HOME", "ug-daily-100-rust-home"),
    ] {
        let t = group_in(dir, name);
        let file = format!("{dir}/group.toml");
        let out = t.run_with(["--file", &file, "daily", "--systemd"]);
        out.success()
            .stdout_has(&format!(
                "systemctl --user daemon-reload && systemctl --user enable --now {unit}.timer"
            ))
            .stdout_has("loginctl enable-linger");
        let folder = fs::canonicalize(t.path(dir)).unwrap();
        let service_path = unit_dir(&t).join(format!("{unit}.service"));
        let timer_path = unit_dir(&t).join(format!("{unit}.timer"));
        let service = parse_unit(&fs::read_to_string(&service_path).unwrap());
        let timer = parse_unit(&fs::read_to_string(&timer_path).unwrap());

        assert_eq!(one(&service, "Service", "Type"), "oneshot");
        let workdir = one(&service, "Service", "WorkingDirectory").replace("%%", "%");
        assert_eq!(Path::new(&workdir), folder);
        let words = exec_words(one(&service, "Service", "ExecStart"));
        assert_eq!(Path::new(&words[0]), ug_path());
        assert_eq!(
            words[1..],
            [
                "--file".to_string(),
                folder.join("group.toml").display().to_string(),
                "daily".into()
            ]
        );
        assert_eq!(
            one(&timer, "Timer", "OnCalendar"),
            "*-*-* 08:15:00 America/Chicago"
        );
        assert_eq!(one(&timer, "Timer", "Persistent"), "true");
        assert_eq!(one(&timer, "Install", "WantedBy"), "timers.target");

        // As systemd runs it: the words, in the working folder, no shell.
        let status = t
            .prepare(&words[0])
            .args(&words[1..])
            .current_dir(&workdir)
            .status()
            .unwrap();
        assert!(status.success(), "ExecStart failed: {words:?}");
        assert!(folder.join("group.daily.log").exists());

        verify_with_systemd(&t, &[&service_path, &timer_path]);
    }
}

/// `systemd-analyze verify` as the user manager would load the units (the
/// binary must exist, the calendar parse, the timer find its service);
/// skipped only where systemd is not installed.
fn verify_with_systemd(t: &Ug, units: &[&Path]) {
    let Ok(found) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("systemd-analyze is not installed: skipping the unit check");
        return;
    };
    assert!(found.status.success());
    let runtime = t.path("run");
    fs::create_dir_all(&runtime).unwrap();
    let out = t
        .prepare("systemd-analyze")
        .env("XDG_RUNTIME_DIR", &runtime)
        .args(["--user", "--man=no", "verify"])
        .args(units)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "systemd-analyze verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn xdg_config_home_is_honoured_when_absolute() {
    let t = Ug::sample();
    let xdg = t.path("xdg");
    let t = t.env("XDG_CONFIG_HOME", &xdg);
    t.run_with(["daily", "--systemd"]).success();
    assert!(
        xdg.join("systemd/user/ug-daily-django-lakeside.timer")
            .is_file()
    );
    assert!(
        !unit_dir(&t).exists(),
        "not under HOME when XDG_CONFIG_HOME is set"
    );

    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    let t = t.env("XDG_CONFIG_HOME", "relative/config");
    t.run_with(["daily", "--systemd"]).success();
    assert!(
        unit_dir(&t)
            .join("ug-daily-django-lakeside.service")
            .is_file()
    );
    assert!(!t.path("relative").exists());
}

#[test]
fn other_units_of_the_same_name_are_kept_unless_forced() {
    let t = Ug::sample();
    t.run_with(["daily", "--systemd"])
        .success()
        .stdout_has("Wrote ");
    t.run_with(["daily", "--systemd"])
        .success()
        .stdout_has("Unchanged ");
    let service = unit_dir(&t).join("ug-daily-django-lakeside.service");
    let timer = unit_dir(&t).join("ug-daily-django-lakeside.timer");
    let written_timer = fs::read_to_string(&timer).unwrap();

    // The user's own edit of the service, and the timer gone.
    let mine = "[Service]\nType=oneshot\nExecStart=/bin/true\n";
    fs::write(&service, mine).unwrap();
    fs::remove_file(&timer).unwrap();
    t.run_with(["daily", "--systemd"])
        .code(1)
        .stderr_has("already exists with other contents")
        .stderr_has("--force");
    assert_eq!(fs::read_to_string(&service).unwrap(), mine);
    assert!(!timer.exists(), "nothing written when one unit is refused");

    t.run_with(["daily", "--systemd", "--force"])
        .success()
        .stdout_has("Replaced ");
    assert_ne!(fs::read_to_string(&service).unwrap(), mine);
    assert_eq!(fs::read_to_string(&timer).unwrap(), written_timer);
    let stray: Vec<_> = fs::read_dir(unit_dir(&t))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".service") && !n.ends_with(".timer"))
        .collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");
}

#[test]
fn the_install_flags_are_checked_by_the_parser() {
    let t = Ug::sample();
    t.run_with(["daily", "--cron", "--dry-run"]).code(2);
    t.run_with(["daily", "--cron", "--systemd"]).code(2);
    t.run_with(["daily", "--force"])
        .code(2)
        .stderr_has("--systemd");
    assert!(!unit_dir(&t).exists());
    assert!(t.leftovers().is_empty(), "left {:?}", t.leftovers());
}

#[test]
fn an_invalid_file_installs_nothing() {
    let t = Ug::with_group("[group]\nname = 3\n");
    t.run_with(["daily", "--systemd"])
        .code(1)
        .stderr_has("group.toml:");
    t.run_with(["daily", "--cron"]).code(1).stdout_empty();
    assert!(!unit_dir(&t).exists());
}
