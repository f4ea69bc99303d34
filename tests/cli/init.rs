//! `ug init`: a commented file `ug check` accepts, from flags, never
//! overwriting, with usage errors that name the flag to fix.

use std::fs;

use crate::support::*;

const FLAGS: [&str; 13] = [
    "init",
    "--name",
    "Rust Riverside",
    "--timezone",
    "Europe/Berlin",
    "--rule",
    "second tuesday monthly",
    "--time",
    "18:30",
    "--organizer-name",
    "Ann Example",
    "--organizer-email",
    "ann@example.org",
];

fn init_args(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = FLAGS.to_vec();
    args.extend_from_slice(extra);
    args
}

#[test]
fn init_from_flags_writes_a_commented_file_that_check_accepts() {
    let t = Ug::new();
    t.run_with(init_args(&["--yes"]))
        .success()
        .stdout_has("Created group.toml");
    let text = t.read("group.toml");
    let doc = parse_toml(&text);
    assert_eq!(doc["group"]["name"].as_str(), Some("Rust Riverside"));
    assert_eq!(doc["group"]["timezone"].as_str(), Some("Europe/Berlin"));
    assert_eq!(
        doc["schedule"]["rule"].as_str(),
        Some("second tuesday monthly")
    );
    assert_eq!(doc["schedule"]["time"].as_str(), Some("18:30"));
    let person = &doc["people"][0];
    assert_eq!(person["name"].as_str(), Some("Ann Example"));
    assert_eq!(person["email"].as_str(), Some("ann@example.org"));
    assert!(
        person["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str() == Some("organizer"))
    );
    let comments = text
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .count();
    assert!(
        comments >= 10,
        "the new file should teach its sections with comments; it has {comments} comment lines"
    );
    t.run_with(["check"]).success();
    t.run_with(["status"])
        .success()
        .stdout_has("Rust Riverside");
}

#[test]
fn init_never_prompts_without_a_terminal_even_without_yes() {
    // stdin is not a terminal in the harness: the flags are enough.
    let t = Ug::new();
    t.run_with(init_args(&[])).success();
    t.run_with(["check"]).success();
}

#[test]
fn a_second_init_refuses_and_keeps_the_file() {
    let t = Ug::new();
    t.run_with(init_args(&["--yes"])).success();
    let first = t.read("group.toml");
    let mut again = init_args(&["--yes"]);
    again[2] = "Another Group";
    t.run_with(again)
        .code(1)
        .stdout_empty()
        .stderr_has("group.toml already exists");
    assert_eq!(t.read("group.toml"), first);
}

#[test]
fn init_refuses_to_overwrite_a_hand_written_file() {
    let t = Ug::with_group("# mine, not a group file yet\n");
    t.run_with(init_args(&["--yes"]))
        .code(1)
        .stderr_has("already exists");
    assert_eq!(t.read("group.toml"), "# mine, not a group file yet\n");
}

#[test]
fn missing_name_without_a_terminal_is_a_usage_error_naming_the_flag() {
    let args: Vec<&str> = FLAGS
        .iter()
        .copied()
        .filter(|a| *a != "--name" && *a != "Rust Riverside")
        .collect();
    // Answers on a pipe are not read: a script gets an error, not a prompt.
    let t = Ug::new().stdin("Rust Riverside\n");
    t.run_with(&args).code(2).stderr_has("--name");
    assert!(!t.path("group.toml").exists(), "nothing may be written");
}

#[test]
fn a_misspelt_timezone_is_a_usage_error_naming_the_nearest_zone() {
    let mut args = init_args(&["--yes"]);
    args[4] = "Europe/Berln";
    let t = Ug::new();
    t.run_with(&args)
        .code(2)
        .stderr_has("--timezone")
        .stderr_has("Europe/Berlin");
    assert!(!t.path("group.toml").exists());
}

#[test]
fn bad_values_are_usage_errors_naming_their_flag() {
    for (flag, value) in [
        ("--rule", "whenever we feel like it"),
        ("--time", "6pm"),
        ("--organizer-email", "ann at example"),
    ] {
        let mut args = init_args(&["--yes"]);
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        let t = Ug::new();
        t.run_with(&args).code(2).stderr_has(flag).stderr_has(value);
        assert!(
            !t.path("group.toml").exists(),
            "{flag} {value}: nothing may be written"
        );
    }
}

fn with_file(path: &'static str) -> Vec<&'static str> {
    let mut args = vec!["--file", path];
    args.extend(init_args(&["--yes"]));
    args
}

#[test]
fn init_with_file_writes_there() {
    let t = Ug::new();
    fs::create_dir(t.path("sub")).unwrap();
    t.run_with(with_file("sub/x.toml")).success();
    assert!(t.path("sub/x.toml").is_file());
    assert!(!t.path("group.toml").exists());
    t.run_with(["--file", "sub/x.toml", "check"]).success();
    parse_toml(&t.read("sub/x.toml"));
}

#[test]
fn init_into_a_missing_folder_is_a_clear_error() {
    let t = Ug::new();
    t.run_with(with_file("nope/x.toml"))
        .code(1)
        .stderr_has("nope/x.toml");
    assert!(!t.path("nope").exists());
}

#[test]
fn names_with_quotes_and_unicode_survive() {
    let mut args = init_args(&["--yes", "--city", "Zürich \"Kreis 5\""]);
    args[2] = r#"Rust "Lakeside" Zürich \ Meetup"#;
    args[10] = "Zoë O'Neil";
    let t = Ug::new();
    t.run_with(&args).success();
    let doc = parse_toml(&t.read("group.toml"));
    assert_eq!(
        doc["group"]["name"].as_str(),
        Some(r#"Rust "Lakeside" Zürich \ Meetup"#)
    );
    assert_eq!(doc["group"]["city"].as_str(), Some("Zürich \"Kreis 5\""));
    assert_eq!(doc["people"][0]["name"].as_str(), Some("Zoë O'Neil"));
    t.run_with(["check"]).success();
}

#[test]
fn a_name_spanning_lines_is_refused() {
    let mut args = init_args(&["--yes"]);
    args[2] = "Rust\n[group]";
    let t = Ug::new();
    t.run_with(&args).code(2).stderr_has("--name");
    assert!(!t.path("group.toml").exists());
}

#[test]

fn a_name_with_braces_is_written_as_given() {
    let mut args = init_args(&["--yes"]);
    args[2] = "Rust {time_q} {organizer_email_q} Night";
    let t = Ug::new();
    t.run_with(&args).success();
    t.run_with(["check"]).success();
    let doc = parse_toml(&t.read("group.toml"));
    assert_eq!(
        doc["group"]["name"].as_str(),
        Some("Rust {time_q} {organizer_email_q} Night")
    );
}

#[test]
fn a_rule_without_a_date_soon_is_judged_from_today() {
    let mut args = init_args(&["--yes"]);
    let at = args.iter().position(|a| *a == "--rule").unwrap();
    args[at + 1] = "fifth friday of february";
    let t = Ug::new().env("UG_NOW", "2026-11-26");
    let out = t.run_with(&args);
    out.code(2)
        .stderr_has("has no date in the three years from 2026-11-26")
        .stderr_has("2036-02-29");
    assert!(!out.stderr.contains("1970"), "{}", out.stderr);
    assert!(!t.path("group.toml").exists(), "nothing may be written");
}
