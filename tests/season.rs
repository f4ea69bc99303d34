//! A whole season, and the files a season's typing makes: every read command
//! on every bundled file on every day of a year (the sweep), and on a few
//! thousand mutants of them (the mutation fuzz, `season/fuzz.rs`). Both run
//! the real binary, in parallel (`season/runner.rs`), and assert what a user
//! would notice: never a panic, a hang or a signal; exit 0, or exit 1 with
//! an `error:` line on stderr; the file byte for byte as it was.

#[path = "support/mod.rs"]
mod support;

#[path = "season/fuzz.rs"]
mod fuzz;
#[path = "season/runner.rs"]
mod runner;

use std::collections::BTreeMap;
use std::fs;

use chrono::NaiveDate;
use support::{Rng, repo_file};

/// Every command that only reads the file.
pub const READ_COMMANDS: [&[&str]; 8] = [
    &["status"],
    &["status", "--json"],
    &["remind"],
    &["tasks"],
    &["next-meetup", "--dry-run"],
    &["events"],
    &["check"],
    &["calendar", "--all"],
];

/// The files that ship with ug.
pub fn bundled() -> Vec<(String, Vec<u8>)> {
    let mut files = vec!["group.toml".to_string()];
    let mut examples: Vec<String> = fs::read_dir(support::repo("examples"))
        .expect("the examples folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("examples/{n}"))
        .collect();
    examples.sort();
    files.extend(examples);
    files
        .into_iter()
        .map(|f| {
            let bytes = repo_file(&f).into_bytes();
            (f, bytes)
        })
        .collect()
}

/// A deterministic shuffle, so that a run stopped early by failures has
/// sampled the whole year and every file and command.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Rng::new(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

/// What is wrong with one read run, if anything (see the module doc).
pub fn judge(run: &runner::Run) -> Option<String> {
    if let Some(crash) = run.crash() {
        return Some(crash);
    }
    match run.code {
        Some(0) => None,
        Some(1) if run.error_line().is_some() => None,
        Some(1) => Some(format!(
            "exit 1 without an `error:` line on stderr: {:?}",
            run.excerpt()
        )),
        other => Some(format!("exit {other:?}: {}", run.excerpt())),
    }
}

/// Groups failure lines `file | command | day | what` by (file, command,
/// what), with the number of days and the first one, so a report stays short.
pub fn summary(failures: &[String]) -> String {
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in failures {
        let parts: Vec<&str> = f.splitn(4, " | ").collect();
        if let [file, cmd, day, what] = parts[..] {
            let what: String = what.chars().take(160).collect();
            groups
                .entry(format!("{file} | {cmd} | {what}"))
                .or_default()
                .push(day);
        } else {
            groups.entry(f.clone()).or_default();
        }
    }
    let mut out = String::new();
    for (k, days) in groups {
        let mut days = days;
        days.sort();
        let first = days.first().copied().unwrap_or("-");
        out.push_str(&format!("  {k}  [{} day(s), first {first}]\n", days.len()));
    }
    out
}

/// Every read command, on every bundled file, on every day from 2026-09-01
/// to 2027-08-31: exit 0 or 1 with a message, never a panic, the file unchanged.
#[test]
fn every_read_command_on_every_day_of_a_season() {
    let files = bundled();
    let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2027, 8, 31).unwrap();
    let days: Vec<String> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(days.len(), 365);
    let mut jobs: Vec<(usize, usize, usize)> = Vec::new();
    for f in 0..files.len() {
        for d in 0..days.len() {
            for c in 0..READ_COMMANDS.len() {
                jobs.push((f, d, c));
            }
        }
    }
    shuffle(&mut jobs, 2026);
    let report = runner::parallel(&jobs, 40, |&(f, d, c), w| {
        let (name, bytes) = &files[f];
        let local = name.replace('/', "-");
        let path = w.path(&local);
        if fs::read(&path).ok().as_ref() != Some(bytes) {
            fs::write(&path, bytes).unwrap();
        }
        let mut args = vec!["--file", local.as_str()];
        args.extend(READ_COMMANDS[c]);
        let run = w.ug(&args, &days[d]);
        let mut found = Vec::new();
        let cmd = READ_COMMANDS[c].join(" ");
        if let Some(why) = judge(&run) {
            found.push(format!("{name} | {cmd} | {} | {why}", days[d]));
        }
        if fs::read(&path).ok().as_ref() != Some(bytes) {
            found.push(format!("{name} | {cmd} | {} | the file changed", days[d]));
            fs::write(&path, bytes).unwrap();
        }
        let extra: Vec<String> = fs::read_dir(&w.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".toml"))
            .collect();
        if !extra.is_empty() {
            found.push(format!("{name} | {cmd} | {} | wrote {extra:?}", days[d]));
            for n in extra {
                let _ = fs::remove_file(w.path(&n)).or_else(|_| fs::remove_dir_all(w.path(&n)));
            }
        }
        (found, 1)
    });
    eprintln!(
        "season sweep: {} runs of {} in {:.1?} ({} files x {} commands x {} days)",
        report.runs,
        jobs.len(),
        report.elapsed,
        files.len(),
        READ_COMMANDS.len(),
        days.len()
    );
    assert!(
        report.failures.is_empty(),
        "{} failures in {} runs{}:\n{}",
        report.failures.len(),
        report.runs,
        if report.done < jobs.len() {
            " (stopped early)"
        } else {
            ""
        },
        summary(&report.failures)
    );
}
