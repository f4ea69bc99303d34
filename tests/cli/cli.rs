//! The command line as a whole: help, completions, the man page, usage
//! errors, finding the group file, `UG_NOW`, JSON, colour and closed pipes.

use std::process::Stdio;

use crate::support::*;

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let out = Ug::new().args(["--help"]).run();
    out.success();
    for cmd in ["init", "check", "status", "tasks", "completions", "man"] {
        assert!(
            out.stdout.lines().any(|l| l.trim_start().starts_with(cmd)),
            "--help does not list `{cmd}`:\n{}",
            out.stdout
        );
    }
    out.stdout_has("--file")
        .stdout_has("--json")
        .stdout_has("--no-color")
        .stdout_has("Exit codes");
}

#[test]
fn version_is_the_crates() {
    Ug::new()
        .args(["--version"])
        .run()
        .success()
        .stdout_has(&format!("ug {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_each_shell() {
    let t = Ug::new();
    let bash = t.run_with(["completions", "bash"]);
    bash.success().stdout_has("complete").stdout_has("ug");
    assert!(
        bash.stdout.contains("check") && bash.stdout.contains("--no-color"),
        "bash completions lack subcommands or flags"
    );
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = t.run_with(["completions", shell]);
        out.success();
        assert!(
            out.stdout.contains("ug") && out.stdout.len() > 200,
            "{shell} completions look empty"
        );
    }
    t.run_with(["completions", "tcsh"])
        .code(2)
        .stderr_has("tcsh");
}

#[test]
fn man_page_is_roff() {
    let out = Ug::new().args(["man"]).run();
    out.success();
    assert!(
        out.stdout.contains(".TH ug") || out.stdout.contains(".TH UG"),
        "no .TH header:\n{}",
        out.stdout
    );
    out.stdout_has(".SH").stdout_has("check");
}

/// The pages a roff page names as `name(1)`, e.g. `ug-tasks` for `ug\-tasks(1)`.
fn named_pages(roff: &str) -> Vec<String> {
    let text = roff.replace("\\-", "-");
    text.match_indices("(1)")
        .map(|(at, _)| {
            let head = &text[..at];
            let start = head
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |i| i + 1);
            head[start..].to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn man_pages_name_only_pages_that_ug_man_writes() {
    let t = Ug::new();
    t.run_with(["man", "--dir", "share/man/man1"])
        .success()
        .stdout_has("man pages to share/man/man1");
    let dir = t.path("share/man/man1");
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for want in [
        "ug.1",
        "ug-init.1",
        "ug-tasks.1",
        "ug-tasks-add.1",
        "ug-events-held.1",
    ] {
        assert!(pages.iter().any(|p| p == want), "{want} missing: {pages:?}");
    }
    assert!(!pages.iter().any(|p| p.contains("help")), "{pages:?}");
    let stdout_page = t.run_with(["man"]);
    stdout_page.success();
    assert_eq!(
        stdout_page.stdout,
        t.read("share/man/man1/ug.1"),
        "`ug man` prints the ug.1 that `--dir` writes"
    );
    let mut named = 0;
    for page in &pages {
        let roff = t.read(&format!("share/man/man1/{page}"));
        assert!(
            roff.starts_with(".ie") || roff.contains(".TH"),
            "{page}:\n{roff}"
        );
        for name in named_pages(&roff) {
            named += 1;
            assert!(
                pages.contains(&format!("{name}.1")),
                "{page} names {name}(1), which `ug man --dir` does not write: {pages:?}"
            );
        }
    }
    assert!(named >= 20, "only {named} page references found");
}

/// The README's install lines for completions and man pages, run as a shell
/// would (`~` is $HOME, `>` writes a file whose folder must exist) in a
/// fresh home: each succeeds and leaves its file.
#[test]
fn readme_completion_and_man_lines_work_in_a_fresh_home() {
    let readme = repo_file("README.md");
    let block = readme
        .split("```sh")
        .find(|b| b.contains("ug completions bash"))
        .and_then(|b| b.split("```").next())
        .expect("the README's completions block");
    let t = Ug::new();
    let home = t.dir().to_string_lossy().into_owned();
    let mut ran = 0;
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.split(" #").next().unwrap().replace('~', &home);
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["mkdir", "-p", ref dirs @ ..] => {
                for d in dirs {
                    std::fs::create_dir_all(d).unwrap();
                }
            }
            ["ug", ref rest @ ..] => {
                let (args, target) = match rest.iter().position(|w| *w == ">") {
                    Some(i) => (&rest[..i], Some(rest[i + 1])),
                    None => (rest, None),
                };
                let out = t.run_with(args);
                out.success();
                if let Some(target) = target {
                    std::fs::write(target, &out.stdout)
                        .unwrap_or_else(|e| panic!("`{line}` in a fresh home: {e}"));
                }
                ran += 1;
            }
            _ => panic!("a README line this test cannot run: {line}"),
        }
    }
    assert_eq!(ran, 2, "{block}");
    let completions = t.read(".local/share/bash-completion/completions/ug");
    assert!(completions.contains("complete"), "{completions}");
    t.read(".local/share/man/man1/ug.1");
    t.read(".local/share/man/man1/ug-tasks-add.1");
}

#[test]
fn unknown_subcommands_and_flags_are_usage_errors() {
    let t = Ug::with_group(SMALL_GROUP);
    t.run_with(["bogus"])
        .code(2)
        .stderr_has("bogus")
        .stdout_empty();
    t.run_with(["check", "--bogus"])
        .code(2)
        .stderr_has("--bogus");
    t.run_with(["tasks", "done"]).code(2);
    t.run_with(["tasks", "done", "three"])
        .code(2)
        .stderr_has("three");
    t.run_with(["tasks", "add", "x", "--owner", "ann"])
        .code(2)
        .stderr_has("--due");
    t.run_with(["tasks", "add", "x", "--owner", "ann", "--due", "someday"])
        .code(2)
        .stderr_has("someday");
    assert_eq!(t.read("group.toml"), SMALL_GROUP);
}

#[test]
fn no_group_file_anywhere_suggests_init() {
    let t = Ug::new();
    let above: Vec<_> = t
        .dir()
        .ancestors()
        .skip(1)
        .filter(|d| d.join("group.toml").exists())
        .collect();
    assert!(
        above.is_empty(),
        "test precondition: a group.toml exists above the temporary folder: {above:?}"
    );
    for cmd in ["check", "status", "tasks"] {
        t.run_with([cmd])
            .code(1)
            .stdout_empty()
            .stderr_has("no group.toml found")
            .stderr_has("ug init");
    }
}

#[test]
fn the_group_file_is_found_in_a_parent_folder() {
    let t = Ug::with_group(SMALL_GROUP).current_dir("talks/2026");
    t.run_with(["check"])
        .success()
        .stdout_has("../../group.toml: ok");
    t.run_with(["status"])
        .success()
        .stdout_has("Rust Riverside");
    t.run_with(["tasks", "done", "1"]).success();
    assert!(t.read("group.toml").contains("done_on = 2026-11-26"));
    assert!(
        !t.path("talks/2026/group.toml").exists(),
        "the edit must go to the file that was found"
    );
}

#[test]
fn errors_in_a_parent_folders_file_are_located_relative_to_here() {
    let text = SMALL_GROUP.replace("venue = \"hall\"", "venue = \"hal\"");
    let line = text.lines().position(|l| l == "venue = \"hal\"").unwrap() + 1;
    Ug::with_group(&text)
        .current_dir("sub")
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: ../group.toml:{line}:9: unknown venue `hal`"
        ));
}

#[test]
fn ug_file_is_honoured() {
    let t = Ug::new()
        .file("groups/riverside.toml", SMALL_GROUP)
        .env("UG_FILE", "groups/riverside.toml");
    t.run_with(["check"])
        .success()
        .stdout_has("groups/riverside.toml: ok");
    t.run_with(["tasks", "done", "2"]).success();
    assert!(
        t.read("groups/riverside.toml")
            .contains("done_on = 2026-11-26")
    );
    assert!(!t.path("group.toml").exists());
}

#[test]
fn ug_file_wins_over_a_group_toml_here() {
    let t = Ug::with_group("this is not TOML")
        .file("other.toml", SMALL_GROUP)
        .env("UG_FILE", "other.toml");
    t.run_with(["check"]).success().stdout_has("other.toml: ok");
}

#[test]
fn the_file_flag_wins_over_ug_file() {
    let t = Ug::new()
        .file("good.toml", SMALL_GROUP)
        .file("bad.toml", "not = [toml")
        .env("UG_FILE", "bad.toml");
    t.run_with(["check"]).code(1).stderr_has("bad.toml:1:");
    t.run_with(["--file", "good.toml", "check"])
        .success()
        .stdout_has("good.toml: ok");
    t.run_with(["check", "-f", "good.toml"]).success();
}

#[test]
fn a_malformed_ug_now_is_a_clear_error() {
    for bad in ["tomorrow", "2026-13-01", "26/11/2026", "2026-11-26T25:00"] {
        Ug::with_group(SMALL_GROUP)
            .env("UG_NOW", bad)
            .run_with(["status"])
            .code(1)
            .stdout_empty()
            .stderr_has(&format!("UG_NOW=\"{bad}\""))
            .stderr_has("UG_NOW=2026-11-26");
    }
}

#[test]
fn ug_now_pins_the_current_time() {
    let t = Ug::with_group(SMALL_GROUP);
    // Task 1 is due 2026-11-20.
    t.run_with(["tasks"]).success().stdout_has("6d overdue");
    let t = t.env("UG_NOW", "2026-11-21T09:30:00");
    t.run_with(["tasks"]).success().stdout_has("1d overdue");
    assert_eq!(
        t.run_with(["status", "--json"]).json()["now"],
        "2026-11-21T09:30:00"
    );
}

/// Days since 1970-01-01 of a `YYYY-MM-DD...` date (H. Hinnant's algorithm).
fn days_from_civil(date: &str) -> i64 {
    let num = |r: std::ops::Range<usize>| date[r].parse::<i64>().expect("a date");
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

#[test]
fn without_ug_now_the_system_clock_is_used() {
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    for t in [
        Ug::with_group(SMALL_GROUP).env_remove("UG_NOW"),
        Ug::with_group(SMALL_GROUP).env("UG_NOW", ""),
    ] {
        let json = t.run_with(["--json", "status"]).json();
        let now = json["now"].as_str().expect("now in status --json");
        let days = days_from_civil(now);
        assert!(
            (days - today).abs() <= 1,
            "now is {now}, but the system clock says day {today} since 1970"
        );
    }
}

#[test]
fn status_json_has_the_group() {
    let out = Ug::with_group(SMALL_GROUP).run_with(["--json", "status"]);
    out.success();
    let json = out.json();
    assert_eq!(json["group"], "Rust Riverside", "{json:#}");
    assert_eq!(json["timezone"], "Europe/Berlin");
}

#[test]
fn json_flag_works_after_the_subcommand_too() {
    let out = Ug::with_group(SMALL_GROUP).run_with(["tasks", "--json"]);
    out.success();
    let ids: Vec<i64> = out.json()["people"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(ids, [1, 3, 2]);
}

/// Runs in a terminal; `None` (and a note) when `script` is missing.
fn in_terminal(t: &Ug, args: &[&str]) -> Option<Output> {
    let out = t.run_in_terminal(args);
    if out.is_none() {
        eprintln!("note: util-linux `script` is not installed; colour is not tested");
    }
    out
}

#[test]
fn no_color_and_the_flag_turn_colour_off_on_a_terminal() {
    let invalid = SMALL_GROUP.replace("venue = \"hall\"", "venu = \"hall\"");
    for text in [SMALL_GROUP, invalid.as_str()] {
        let t = Ug::with_group(text);
        // On a terminal ug colours its output: proof that the checks below can fail.
        let Some(coloured) = in_terminal(&t, &["check"]) else {
            return;
        };
        assert!(
            coloured.stdout.contains("\x1b["),
            "expected colour on a terminal:\n{}",
            coloured.stdout
        );

        let flag = in_terminal(&t, &["--no-color", "check"]).unwrap();
        assert!(
            !flag.stdout.contains('\x1b'),
            "escape codes despite --no-color:\n{:?}",
            flag.stdout
        );
        assert!(flag.stdout.contains("group.toml"), "{}", flag.stdout);

        let t = t.env("NO_COLOR", "1");
        let env = in_terminal(&t, &["check"]).unwrap();
        assert!(
            !env.stdout.contains('\x1b'),
            "escape codes despite NO_COLOR:\n{:?}",
            env.stdout
        );
        assert!(env.stdout.contains("group.toml"), "{}", env.stdout);
    }
}

#[test]
fn piped_output_has_no_colour() {
    let t = Ug::with_group(&SMALL_GROUP.replace("venue = \"hall\"", "venu = \"hall\""));
    let out = t.run_with(["check"]);
    assert!(
        !out.stderr.contains('\x1b') && !out.stdout.contains('\x1b'),
        "{out:?}"
    );
}

/// Runs `ug args` with stdout on a pipe whose reader is already gone, like
/// `ug tasks | head -1` once head has exited: every write fails.
fn with_closed_stdout(t: &Ug, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = t
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ug args` on a closed stdout exits 0 and says nothing: no panic, no error.
#[track_caller]
fn assert_ends_quietly(t: &Ug, args: &[&str]) {
    let (code, stderr) = with_closed_stdout(t, args);
    assert!(
        !stderr.contains("panicked"),
        "`ug {}` panicked on a closed pipe:\n{stderr}",
        args.join(" ")
    );
    assert_eq!(
        (code, stderr.as_str()),
        (Some(0), ""),
        "`ug {}` on a closed pipe",
        args.join(" ")
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let t = Ug::with_group(&large_group(50));
    for args in [
        &["tasks", "--all"][..],
        &["status"],
        &["--json", "status"],
        &["check"],
        &["--help"],
    ] {
        assert_ends_quietly(&t, args);
    }
    // An edit whose report cannot be printed is still made.
    let (code, stderr) = with_closed_stdout(&t, &["tasks", "done", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(t.read("group.toml").contains("done_on = 2026-11-26"));
}

#[test]

fn completions_and_man_on_a_closed_stdout_end_quietly() {
    let t = Ug::new();
    for args in [&["completions", "bash"][..], &["man"]] {
        assert_ends_quietly(&t, args);
    }
}
