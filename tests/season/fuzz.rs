//! The mutation fuzz: a deterministic generator (xorshift, `support::Rng`)
//! makes mutants of the bundled files, the kind of damage hand-editing and
//! copying do: lines deleted, duplicated and swapped, values retyped, huge
//! and negative numbers, odd dates, odd rules and offsets, CRLF line ends, a
//! BOM, control and bidi characters, truncation. Every read command runs on
//! each mutant, at one of a few dates. What counts as a failure:
//!
//! - a crash: a panic (exit 101 or "panicked"), a signal, or still running
//!   after `runner::LIMIT` (a hang);
//! - any exit other than 0 or 1;
//! - exit 1 "without a line": no `error: MESSAGE` line on stderr; or, when
//!   the file is invalid (`ug check` exits 1 on it), no `group.toml:L:C`
//!   location (L and C numbers, L within the file) on stderr;
//! - `ug check` passes the file (exit 0) but another command refuses it
//!   pointing into it (`group.toml:L:C` on stderr): check missed a problem;
//! - the file changed, or another file appeared.
//!
//! Failing mutants are saved under `target/tmp/season-fuzz/` to reproduce.

use std::fs;

use crate::runner::{self, Run, Worker};
use crate::support::Rng;
use crate::{READ_COMMANDS, bundled, judge, summary};

/// How many mutants by default: 8 runs each at 9 to 15 ms of CPU a run in a
/// debug build, so under 30 s on two idle cores. `UG_FUZZ_MUTANTS=N` asks
/// for more (`.ci/run` runs 4000) or fewer; `UG_FUZZ_SEED=N` for others.
const MUTANTS: usize = 600;
/// The days the commands run on (one per mutant, in turn): before an
/// event's announcement, its announcement window, its day, the day after.
const DATES: [&str; 4] = [
    "2026-10-02",
    "2026-11-26",
    "2026-12-08T19:00:00",
    "2026-12-09",
];

/// One mutant: where it came from and what was done to it.
pub struct Mutant {
    pub origin: String,
    pub ops: Vec<String>,
    pub bytes: Vec<u8>,
}

const NUMBERS: [&str; 9] = [
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "-1",
    "0",
    "999999999",
    "-40",
    "1e308",
    "nan",
];
const DATES_ODD: [&str; 9] = [
    "0000-01-01",
    "9999-12-31",
    "2026-02-30",
    "1970-01-01",
    "2100-02-29",
    "2026-13-01",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
    "2026-03-29T02:30:00",
];
const VALUES: [&str; 14] = [
    "\"\"",
    "\"x\"",
    "42",
    "-7",
    "true",
    "1.5",
    "2026-12-08",
    "2026-12-08T18:30:00",
    "18:30:00",
    "[]",
    "[1, \"a\"]",
    "{ a = 1 }",
    "\"0d\"",
    "\"99999999w\"",
];
const STRINGS: [&str; 12] = [
    "\"-3d\"",
    "\"0m\"",
    "\"1000000w\"",
    "\"25:00\"",
    "\"fifth friday of february\"",
    "\"every 1000 weeks on monday\"",
    "\"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"",
    "\"RRULE:FREQ=DAILY;COUNT=0\"",
    "\"RRULE:FREQ=WEEKLY;INTERVAL=99999;BYDAY=MO\"",
    "\"Europe/Atlantis\"",
    "\"a..b@example.com\"",
    "\"\\u001b[31mred\\u202eevil\\u0007\"",
];
const RULES: [&str; 8] = [
    "\"fifth friday of february\"",
    "\"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"",
    "\"RRULE:FREQ=MONTHLY;COUNT=1\"",
    "\"RRULE:FREQ=MONTHLY;UNTIL=20260101;BYDAY=2TU\"",
    "\"every 520 weeks on monday\"",
    "\"RRULE:FREQ=YEARLY;INTERVAL=400;BYMONTH=2;BYMONTHDAY=29\"",
    "\"last sunday of every month\"",
    "\"\"",
];
/// Raw characters to splice in (inside or outside strings).
const CHARS: [&str; 10] = [
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\r",
    "\u{feff}",
    "\t",
];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

/// A char boundary at or below `at`.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Replaces the value of a random `key = value` line.
fn set_value(lines: &mut [String], rng: &mut Rng, value: &str) -> Option<String> {
    let with_value: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim_start().starts_with('#') && lines[i].contains(" = "))
        .collect();
    if with_value.is_empty() {
        return None;
    }
    let i = with_value[rng.below(with_value.len() as u64) as usize];
    let key = lines[i].split(" = ").next().unwrap_or("").to_string();
    lines[i] = format!("{key} = {value}");
    Some(format!("line {}: {key} = {value}", i + 1))
}

/// Replaces the first match of `find` (digits, a date) on a random line holding one.
fn replace_token(
    lines: &mut [String],
    rng: &mut Rng,
    find: impl Fn(&str) -> Option<(usize, usize)>,
    with: &str,
) -> Option<String> {
    let holding: Vec<usize> = (0..lines.len())
        .filter(|&i| find(&lines[i]).is_some())
        .collect();
    if holding.is_empty() {
        return None;
    }
    let i = holding[rng.below(holding.len() as u64) as usize];
    let (a, b) = find(&lines[i])?;
    let old = lines[i][a..b].to_string();
    lines[i].replace_range(a..b, with);
    Some(format!("line {}: {old} -> {with}", i + 1))
}

fn first_number(l: &str) -> Option<(usize, usize)> {
    let (_, value) = l.split_once(" = ")?;
    let off = l.len() - value.len();
    let a = value.find(|c: char| c.is_ascii_digit())?;
    let b = value[a..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(value.len(), |n| a + n);
    Some((off + a, off + b))
}

fn first_date(l: &str) -> Option<(usize, usize)> {
    let b = l.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10))
            .then_some((i, i + 10))
    })
}

fn first_string(l: &str) -> Option<(usize, usize)> {
    let (_, value) = l.split_once(" = ")?;
    let off = l.len() - value.len();
    let a = value.find('"')?;
    let b = value[a + 1..].find('"')? + a + 2;
    Some((off + a, off + b))
}

/// One mutation of `lines` (or of the whole text, through `whole`).
fn mutate_once(lines: &mut Vec<String>, whole: &mut Vec<&'static str>, rng: &mut Rng) -> String {
    let n = lines.len().max(1) as u64;
    let line = rng.below(n) as usize;
    let op = rng.below(15);
    let done = match op {
        0 if !lines.is_empty() => Some(format!("delete line {}", line + 1)),
        1 if !lines.is_empty() => Some(format!("duplicate line {}", line + 1)),
        2 if lines.len() > 1 => {
            let other = rng.below(n) as usize;
            lines.swap(line, other);
            return format!("swap lines {} and {}", line + 1, other + 1);
        }
        3 => {
            let v = pick(rng, &VALUES);
            set_value(lines, rng, v)
        }
        4 => {
            let v = pick(rng, &NUMBERS);
            replace_token(lines, rng, first_number, v)
        }
        5 => {
            let v = pick(rng, &DATES_ODD);
            replace_token(lines, rng, first_date, v)
        }
        6 => {
            let v = pick(rng, &STRINGS);
            replace_token(lines, rng, first_string, v)
        }
        7 if !lines.is_empty() => {
            let c = pick(rng, &CHARS);
            let last = lines.len() - 1;
            let l = &mut lines[line.min(last)];
            let at = boundary(l, rng.below(l.len() as u64 + 1) as usize);
            l.insert_str(at, c);
            Some(format!("insert {c:?} in line {}", line + 1))
        }
        8 => {
            whole.push("crlf");
            Some("CRLF line ends".into())
        }
        9 => {
            whole.push("bom");
            Some("a BOM".into())
        }
        10 => {
            whole.push("truncate");
            Some("truncated".into())
        }
        11 => {
            let long = "x".repeat(5000 + rng.below(60_000) as usize);
            replace_token(lines, rng, first_string, &format!("\"{long}\""))
                .map(|_| format!("a {}-character string", long.len()))
        }
        12 => {
            let depth = 1 + rng.below(200) as usize;
            let v = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            set_value(lines, rng, &v).map(|_| format!("an array {depth} deep"))
        }
        13 => {
            // The schedule's rule: the one value every date depends on.
            let v = pick(rng, &RULES);
            let at = lines.iter().position(|l| l.starts_with("rule = "));
            at.map(|i| {
                lines[i] = format!("rule = {v}");
                format!("line {}: rule = {v}", i + 1)
            })
        }
        _ => replace_token(lines, rng, first_number, "-1"),
    };
    match (op, done) {
        (0, Some(what)) => {
            lines.remove(line);
            what
        }
        (1, Some(what)) => {
            let l = lines[line].clone();
            lines.insert(line, l);
            what
        }
        (_, Some(what)) => what,
        (_, None) => "(nothing to change)".into(),
    }
}

/// A few thousand mutants of the bundled files, the same every run.
pub fn mutants(count: usize, seed: u64) -> Vec<Mutant> {
    let files = bundled();
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let (origin, bytes) = &files[rng.below(files.len() as u64) as usize];
            let text = String::from_utf8(bytes.clone()).expect("UTF-8");
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let mut whole = Vec::new();
            let ops = (0..1 + rng.below(3))
                .map(|_| mutate_once(&mut lines, &mut whole, &mut rng))
                .collect();
            let mut out = lines.join("\n") + "\n";
            if whole.contains(&"crlf") {
                out = out.replace('\n', "\r\n");
            }
            if whole.contains(&"bom") {
                out.insert(0, '\u{feff}');
            }
            if whole.contains(&"truncate") {
                out.truncate(boundary(&out, rng.below(out.len() as u64) as usize));
            }
            Mutant {
                origin: origin.clone(),
                ops,
                bytes: out.into_bytes(),
            }
        })
        .collect()
}

/// A `group.toml:L:C` location on stderr, with L within the file (or just after it).
fn has_location(stderr: &str, lines: usize) -> bool {
    stderr.match_indices("group.toml:").any(|(at, m)| {
        let mut parts = stderr[at + m.len()..].splitn(3, ':');
        let l = parts.next().and_then(|x| x.parse::<usize>().ok());
        let c = parts.next().and_then(|x| x.parse::<usize>().ok());
        matches!((l, c), (Some(l), Some(c)) if l >= 1 && l <= lines + 1 && c >= 1)
    })
}

/// Runs every read command on one mutant at one date; `check` first, since
/// what the others must say depends on whether the file is valid.
fn try_mutant(m: &Mutant, date: &str, w: &Worker) -> (Vec<String>, usize) {
    let path = w.path("group.toml");
    fs::write(&path, &m.bytes).unwrap();
    let lines = m.bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let mut found = Vec::new();
    let mut check: Option<i32> = None;
    let mut commands: Vec<&[&str]> = READ_COMMANDS.to_vec();
    commands.sort_by_key(|c| c[0] != "check");
    for cmd in &commands {
        let mut args = vec!["--file", "group.toml"];
        args.extend(cmd.iter());
        let run: Run = w.ug(&args, date);
        let name = cmd.join(" ");
        if cmd[0] == "check" {
            check = run.code;
        }
        let mut why = judge(&run);
        if why.is_none() && run.code == Some(1) {
            let located = has_location(&run.stderr, lines);
            if check == Some(1) && !located {
                why = Some(format!(
                    "the file is invalid but the error has no group.toml:LINE:COL: {:?}",
                    run.excerpt()
                ));
            } else if check == Some(0) && located {
                why = Some(format!(
                    "`ug check` passed the file, `ug {name}` refuses it: {:?}",
                    run.excerpt()
                ));
            }
        }
        if fs::read(&path).ok().as_deref() != Some(&m.bytes[..]) {
            why = Some("the file changed".into());
            fs::write(&path, &m.bytes).unwrap();
        }
        if let Some(why) = why {
            found.push(format!(
                "{} | {name} | {date} | {why} <- {}",
                m.origin,
                m.ops.join("; ")
            ));
        }
    }
    let extra: Vec<String> = fs::read_dir(&w.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "group.toml")
        .collect();
    if !extra.is_empty() {
        found.push(format!("{} | (any) | {date} | wrote {extra:?}", m.origin));
        for n in extra {
            let _ = fs::remove_file(w.path(&n)).or_else(|_| fs::remove_dir_all(w.path(&n)));
        }
    }
    if !found.is_empty() {
        save(m);
    }
    (found, commands.len())
}

/// Keeps a failing mutant for a human to reproduce.
fn save(m: &Mutant) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("season-fuzz");
    let _ = fs::create_dir_all(&dir);
    let name = format!("{:016x}.toml", fnv(&m.bytes));
    let _ = fs::write(dir.join(name), &m.bytes);
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[test]
fn mutants_of_the_bundled_files_fail_clearly_or_not_at_all() {
    let count = std::env::var("UG_FUZZ_MUTANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(MUTANTS);
    let seed = std::env::var("UG_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_0008);
    let mutants = mutants(count, seed);
    let jobs: Vec<(usize, &str)> = (0..mutants.len())
        .map(|i| (i, DATES[i % DATES.len()]))
        .collect();
    let report = runner::parallel(&jobs, 60, |&(i, date), w| try_mutant(&mutants[i], date, w));
    eprintln!(
        "mutation fuzz: {} mutants, {} runs in {:.1?}",
        report.done, report.runs, report.elapsed
    );
    assert!(
        report.failures.is_empty(),
        "{} failures in {} runs{} (mutants saved in {}/season-fuzz):\n{}",
        report.failures.len(),
        report.runs,
        if report.done < jobs.len() {
            " (stopped early)"
        } else {
            ""
        },
        env!("CARGO_TARGET_TMPDIR"),
        summary(&report.failures)
    );
}

#[test]
fn the_mutants_are_varied_and_repeatable() {
    let a = mutants(300, 7);
    let b = mutants(300, 7);
    assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
    let ops: Vec<String> = a.iter().flat_map(|m| m.ops.clone()).collect();
    for kind in [
        "delete",
        "duplicate",
        "swap",
        "CRLF",
        "BOM",
        "truncated",
        "insert",
        " -> ",
    ] {
        assert!(
            ops.iter().any(|o| o.contains(kind)),
            "no `{kind}` mutation in 300 mutants"
        );
    }
    let origins: std::collections::BTreeSet<&str> = a.iter().map(|m| m.origin.as_str()).collect();
    assert_eq!(origins.len(), bundled().len());
}

#[test]
fn what_counts_as_a_failure() {
    let run = |code: Option<i32>, stderr: &str| Run {
        code,
        stderr: stderr.into(),
        hung: false,
    };
    assert_eq!(judge(&run(Some(0), "")), None);
    assert_eq!(judge(&run(Some(1), "error: there is no event `x`")), None);
    assert!(judge(&run(Some(1), "")).is_some(), "exit 1 says nothing");
    assert!(
        judge(&run(Some(1), "error:")).is_some(),
        "an empty error line"
    );
    assert!(judge(&run(Some(1), "warning: w\n")).is_some());
    assert!(judge(&run(Some(2), "error: usage")).is_some());
    assert!(judge(&run(None, "")).is_some(), "a signal");
    let panic = "thread 'main' (42) panicked at src/a.rs:1:2:\noverflow\n";
    assert_eq!(
        judge(&run(Some(101), panic)).as_deref(),
        Some("panicked at src/a.rs:1:2: overflow")
    );
    let hung = Run {
        hung: true,
        ..run(None, "")
    };
    assert!(judge(&hung).unwrap().contains("still running"));

    assert!(has_location("error: group.toml:3:7: bad", 10));
    assert!(
        has_location("error: group.toml:11:1: missing", 10),
        "just after the end"
    );
    assert!(!has_location("error: group.toml:12:1: missing", 10));
    assert!(!has_location("error: group.toml:0:1: x", 10));
    assert!(!has_location("error: group.toml: 1 error", 10));
    assert!(!has_location("error: the file is bad", 10));
}
