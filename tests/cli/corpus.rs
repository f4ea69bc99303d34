//! Malformed group files: each one fails `ug check` with exit 1 and every
//! problem at its `FILE:LINE:COL:`, in file order, never a panic; `ug status`
//! and editing commands refuse it and write nothing.
//!
//! Each file in `tests/fixtures/malformed/` starts with one line per expected
//! error: `# expect: LINE:COL message fragment`. More cases are generated
//! below: an empty file, a binary, a 50 MB file, CRLF line ends, a NUL byte.

use std::fs;

use crate::support::*;

struct Expect {
    line: usize,
    column: usize,
    fragment: String,
}

fn expectations(name: &str, text: &str) -> Vec<Expect> {
    let out: Vec<Expect> = text
        .lines()
        .map_while(|l| l.strip_prefix("# expect: "))
        .map(|spec| {
            let (pos, fragment) = spec
                .split_once(' ')
                .unwrap_or_else(|| panic!("{name}: bad expect line {spec:?}"));
            let (line, column) = pos
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: bad position {pos:?}"));
            Expect {
                line: line.parse().expect("line number"),
                column: column.parse().expect("column number"),
                fragment: fragment.to_string(),
            }
        })
        .collect();
    assert!(
        !out.is_empty(),
        "{name} has no `# expect: LINE:COL message` first line"
    );
    out
}

/// The error lines `ug check` printed: (line, column, message).
fn reported_errors(stderr: &str, file: &str) -> Vec<(usize, usize, String)> {
    let prefix = format!("error: {file}:");
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse().ok()?;
            let column = parts.next()?.parse().ok()?;
            Some((line, column, parts.next()?.trim().to_string()))
        })
        .collect()
}

/// Runs check, status and two edits on `name` (already in `t`'s folder) and
/// returns what went wrong, if anything.
fn problems_with(t: &Ug, name: &str, expected: &[Expect]) -> Vec<String> {
    let mut problems = Vec::new();
    let before = t.read_bytes(name);

    let check = t.run_with(["--file", name, "check"]);
    if check.code != Some(1) {
        problems.push(format!(
            "{name}: `ug check` exited {:?}, not 1\n{}",
            check.code, check.stderr
        ));
    }
    let got = reported_errors(&check.stderr, name);
    let want: Vec<String> = expected
        .iter()
        .map(|e| format!("{}:{} {}", e.line, e.column, e.fragment))
        .collect();
    let matches = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|((l, c, msg), e)| *l == e.line && *c == e.column && msg.contains(&e.fragment));
    if !matches {
        let got: Vec<String> = got.iter().map(|(l, c, m)| format!("{l}:{c} {m}")).collect();
        problems.push(format!(
            "{name}: expected errors\n  {}\ngot\n  {}\nstderr:\n{}",
            want.join("\n  "),
            got.join("\n  "),
            check.stderr
        ));
    }

    let first = format!("{name}:{}:{}:", expected[0].line, expected[0].column);
    let status = t.run_with(["--file", name, "status"]);
    if status.code != Some(1) || !status.stdout.is_empty() || !status.stderr.contains(&first) {
        problems.push(format!(
            "{name}: `ug status` should exit 1 naming {first} with nothing on stdout; exit {:?}\nstdout:\n{}\nstderr:\n{}",
            status.code, status.stdout, status.stderr
        ));
    }

    for edit in [
        &["tasks", "done", "1"][..],
        &[
            "tasks",
            "add",
            "Bring name tags",
            "--owner",
            "ann",
            "--due",
            "+3d",
        ],
    ] {
        let mut args = vec!["--file", name];
        args.extend_from_slice(edit);
        let out = t.run_with(&args);
        if out.code != Some(1) {
            problems.push(format!(
                "{name}: `ug {}` should refuse (exit 1), exit {:?}\n{}",
                edit.join(" "),
                out.code,
                out.stderr
            ));
        }
        if t.read_bytes(name) != before {
            problems.push(format!(
                "{name}: `ug {}` changed the invalid file",
                edit.join(" ")
            ));
        }
    }
    problems
}

#[test]
fn every_malformed_fixture_is_reported_at_its_line_and_column() {
    let dir = repo("tests/fixtures/malformed");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/fixtures/malformed exists")
        .map(|e| {
            e.expect("read dir")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "the corpus needs at least 20 files, has {}",
        names.len()
    );

    let t = Ug::new();
    let mut problems = Vec::new();
    for name in &names {
        let text = fs::read_to_string(dir.join(name)).expect("read fixture");
        let expected = expectations(name, &text);
        fs::write(t.path(name), &text).expect("copy fixture");
        problems.extend(problems_with(&t, name, &expected));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn crlf_line_ends_give_the_same_positions() {
    let t = Ug::new();
    let mut problems = Vec::new();
    for name in [
        "many-problems.toml",
        "unknown-key-venu.toml",
        "syntax-duplicate-key.toml",
    ] {
        let text =
            fs::read_to_string(repo("tests/fixtures/malformed").join(name)).expect("read fixture");
        let expected = expectations(name, &text);
        let crlf_name = name.replace(".toml", "-crlf.toml");
        fs::write(t.path(&crlf_name), text.replace('\n', "\r\n")).expect("write");
        problems.extend(problems_with(&t, &crlf_name, &expected));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn an_empty_file_needs_a_group_section() {
    let t = Ug::new().file("group.toml", "");
    t.run_with(["check"])
        .code(1)
        .stderr_has("error: group.toml:1:1: missing [group] section");
    t.run_with(["status"]).code(1).stdout_empty();
    t.run_with(["tasks", "add", "x", "--owner", "ann", "--due", "+1d"])
        .code(1);
    assert_eq!(
        t.read("group.toml"),
        "",
        "nothing may be written to a refused file"
    );
}

#[test]
fn a_file_of_comments_only_needs_a_group_section() {
    let t = Ug::with_group("# just a comment\n\n# and another\n");
    t.run_with(["check"])
        .code(1)
        .stderr_has("missing [group] section");
}

#[test]
fn a_file_over_32_mb_is_refused_with_its_size() {
    let mut text = String::with_capacity(50 * 1024 * 1024 + 1024);
    text.push_str(SMALL_GROUP);
    let pad = "# padding, to make a file too large to be a group file..............\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(pad);
    }
    let t = Ug::with_group(&text);
    for args in [&["check"][..], &["status"], &["tasks", "done", "1"]] {
        t.run_with(args)
            .code(1)
            .stdout_empty()
            .stderr_has("group.toml is ")
            .stderr_has("group.toml is 50 MiB; ug reads group files up to 32 MiB");
    }
    assert_eq!(
        fs::metadata(t.path("group.toml")).unwrap().len(),
        text.len() as u64,
        "the file was changed"
    );
}

/// Line and column (in characters) of the first byte that is not UTF-8.
fn first_invalid(bytes: &[u8]) -> (usize, usize) {
    let at = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| panic!("valid UTF-8"));
    let prefix = std::str::from_utf8(&bytes[..at]).unwrap();
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn a_binary_file_is_reported_as_not_text() {
    let mut rng = Rng::new(0x5EED_0001);
    let mut bytes: Vec<u8> = (0..4096).map(|_| rng.below(256) as u8).collect();
    bytes[7] = 0;
    bytes[300] = 0xFF;
    let (line, column) = first_invalid(&bytes);
    let t = Ug::new().file("group.toml", &bytes);
    for args in [&["check"][..], &["status"], &["tasks", "done", "1"]] {
        t.run_with(args)
            .code(1)
            .stdout_empty()
            .stderr_has(&format!("group.toml:{line}:{column}: not UTF-8 text"));
    }
    assert_eq!(t.read_bytes("group.toml"), bytes, "the file was changed");
}

#[test]
fn a_latin1_file_is_located_at_the_first_bad_byte() {
    let mut bytes = SMALL_GROUP
        .replace("city = \"Riverside\"", "city = \"Caf?\"")
        .into_bytes();
    let at = bytes.iter().position(|&b| b == b'?').unwrap();
    bytes[at] = 0xE9; // "é" in Latin-1
    let (line, column) = first_invalid(&bytes);
    assert_eq!((line, column), (5, 12));
    Ug::new()
        .file("group.toml", &bytes)
        .run_with(["check"])
        .code(1)
        .stderr_has("group.toml:5:12: not UTF-8 text");
}

#[test]
fn a_nul_byte_in_a_string_is_a_located_syntax_error() {
    let text = SMALL_GROUP.replace("city = \"Riverside\"", "city = \"River\0side\"");
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has("error: group.toml:5:14: invalid TOML");
}

#[test]
fn deeply_nested_arrays_are_an_error_not_a_crash() {
    let depth = 100_000;
    let text = format!(
        "{SMALL_GROUP}\nextra = {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let line = SMALL_GROUP.lines().count() + 2;
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!("error: group.toml:{line}:"))
        .stderr_has("invalid TOML");
}

#[test]
fn an_integer_too_large_for_toml_is_located() {
    let text = SMALL_GROUP.replace("id = 3\n", "id = 99999999999999999999\n");
    let line = text
        .lines()
        .position(|l| l.starts_with("id = 9999"))
        .unwrap()
        + 1;
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!("error: group.toml:{line}:6: invalid TOML"));
}

#[test]

fn the_first_bad_byte_is_located_in_characters() {
    let bytes = b"[group]\nname = \"Z\xc3\xbcrich \xff\"\n".to_vec();
    assert_eq!(first_invalid(&bytes), (2, 16));
    Ug::new()
        .file("group.toml", &bytes)
        .run_with(["check"])
        .code(1)
        .stderr_has("group.toml:2:16: not UTF-8 text");
}

#[test]

fn an_unreadable_start_is_one_error_and_no_warning() {
    let text = SMALL_GROUP.replace(
        "start = 2026-12-08T18:30:00",
        "start = 2026-12-08T18:30:00+01:00",
    );
    let out = Ug::with_group(&text).run_with(["check"]);
    out.code(1).stderr_has("has a UTC offset");
    assert!(
        !out.stderr.contains("is over"),
        "a warning based on a start ug could not read:\n{}",
        out.stderr
    );
}
