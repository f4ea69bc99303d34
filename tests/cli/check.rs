//! `ug check`: the bundled files pass, warnings do not fail, `--json` is
//! machine-readable with locations.

use std::fs;

use crate::support::*;

#[test]
fn bundled_group_toml_passes_check_and_status() {
    let text = repo_file("group.toml");
    let name = parse_toml(&text)["group"]["name"]
        .as_str()
        .expect("group.name")
        .to_string();
    let t = Ug::with_group(&text);
    let out = t.run_with(["check"]);
    out.success().stdout_has("group.toml: ok");
    assert!(
        !out.stderr.contains("error"),
        "group.toml has errors:\n{}",
        out.stderr
    );
    t.run_with(["status"]).success().stdout_has(&name);
}

#[test]
fn every_example_passes_check() {
    let mut names: Vec<_> = fs::read_dir(repo("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("read examples/").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 3,
        "examples/ should hold at least three group files, found {names:?}"
    );
    for path in names {
        let text = fs::read_to_string(&path).expect("read example");
        parse_toml(&text);
        let t = Ug::with_group(&text);
        let out = t.run_with(["check"]);
        assert_eq!(
            out.code,
            Some(0),
            "{} fails `ug check`:\n{}",
            path.display(),
            out.stderr
        );
        assert!(
            !out.stderr.contains("error"),
            "{} has errors:\n{}",
            path.display(),
            out.stderr
        );
        let status = t.run_with(["status"]);
        assert_eq!(
            status.code,
            Some(0),
            "{} fails `ug status`:\n{}",
            path.display(),
            status.stderr
        );
    }
}

#[test]
fn a_single_organizer_is_a_warning_not_an_error() {
    let text = SMALL_GROUP.replace(
        r#"roles = ["co-organizer", "contact"]"#,
        r#"roles = ["contact"]"#,
    );
    Ug::with_group(&text)
        .run_with(["check"])
        .success()
        .stdout_has("ok")
        .stdout_has("1 warning")
        .stderr_has("warning: group.toml: find a co-organizer");
}

#[test]
fn a_past_event_still_confirmed_is_a_warning_at_its_id() {
    let line = SMALL_GROUP
        .lines()
        .position(|l| l == r#"id = "2026-12-08""#)
        .expect("event id line")
        + 1;
    Ug::with_group(SMALL_GROUP)
        .env("UG_NOW", "2026-12-20")
        .run_with(["check"])
        .success()
        .stderr_has(&format!(
            "warning: group.toml:{line}:6: event `2026-12-08` is over but still `confirmed`"
        ));
    // The same file a month earlier has nothing to say.
    Ug::with_group(SMALL_GROUP).run_with(["check"]).success();
}

#[test]
fn a_venue_without_contact_is_a_warning() {
    let text = SMALL_GROUP.replace("capacity = 60\ncontact = \"bo\"\n", "capacity = 60\n");
    Ug::with_group(&text)
        .run_with(["check"])
        .success()
        .stderr_has("venue `hall` has no contact");
}

#[test]
fn one_person_holding_most_open_tasks_is_a_warning() {
    let extra =
        "\n[[tasks]]\nid = 4\ntitle = \"Bring name tags\"\nowner = \"ann\"\ndue = 2026-12-07\n";
    Ug::with_group(&format!("{SMALL_GROUP}{extra}"))
        .run_with(["check"])
        .success()
        .stderr_has("Ann Example holds 3 of 4 open tasks");
}

#[test]
fn errors_show_the_offending_line() {
    let text = SMALL_GROUP.replace("venue = \"hall\"", "venu = \"hall\"");
    let line = text.lines().position(|l| l.starts_with("venu ")).unwrap() + 1;
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: group.toml:{line}:1: unknown field `venu` in [[events]]; did you mean `venue`?"
        ))
        .stderr_has(&format!("{line} | venu = \"hall\""))
        .stderr_has("^^^^")
        .stderr_has("1 error");
}

#[test]
fn json_lists_diagnostics_with_severity_path_line_column_message() {
    // An error (line known) and a warning (one organizer, no line).
    let text = SMALL_GROUP
        .replace(
            r#"roles = ["co-organizer", "contact"]"#,
            r#"roles = ["contact"]"#,
        )
        .replace(
            r#"timezone = "Europe/Berlin""#,
            r#"timezone = "Europe/Berln""#,
        );
    let line = text
        .lines()
        .position(|l| l.starts_with("timezone"))
        .unwrap()
        + 1;
    let out = Ug::with_group(&text).run_with(["check", "--json"]);
    out.code(1);
    let json = out.json();
    let items = json.as_array().expect("a JSON array");
    assert_eq!(items.len(), 2, "{json:#}");
    for item in items {
        for key in ["severity", "path", "line", "column", "message"] {
            assert!(item.get(key).is_some(), "missing {key} in {item}");
        }
        assert_eq!(item["path"], "group.toml");
    }
    let error = &items[0];
    assert_eq!(error["severity"], "error");
    assert_eq!(error["line"], line);
    assert_eq!(error["column"], 12);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"Europe/Berlin\""),
        "{error}"
    );
    let warning = &items[1];
    assert_eq!(warning["severity"], "warning");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("co-organizer"),
        "{warning}"
    );
}

#[test]
fn json_on_a_clean_file_is_an_empty_list() {
    let out = Ug::with_group(SMALL_GROUP).run_with(["--json", "check"]);
    out.success();
    assert_eq!(out.json(), serde_json::json!([]));
}

/// Issue 8, item 2: one address validator, lettre's. A member or person
/// address it rejects is a warning at its line; the file stays usable.
#[test]
fn addresses_lettre_rejects_are_warnings_at_their_line_and_the_file_stays_usable() {
    let bad = ["a..b@example.com", ".a@example.com", "a@b.c-"];
    let mut text = SMALL_GROUP.replace("email = \"bo@example.org\"", "email = \"bo.@example.org\"");
    let at = text.find("[[tasks]]").unwrap();
    let members: String = bad
        .iter()
        .map(|a| format!("[[members]]\nname = \"M\"\nemail = \"{a}\"\n\n"))
        .collect();
    text.insert_str(at, &members);
    let t = Ug::with_group(&text);
    let out = t.run_with(["check"]);
    out.success().stdout_has("4 warnings");
    for a in bad.iter().chain(&["bo.@example.org"]) {
        let line = text
            .lines()
            .position(|l| l == format!("email = \"{a}\""))
            .unwrap()
            + 1;
        out.stderr_has(&format!(
            "warning: group.toml:{line}:9: invalid email address \"{a}\""
        ));
    }
    out.stderr_has("this member is skipped when sending")
        .stderr_has("ug cannot mail this person");
    t.run_with(["status"]).success();
    t.run_with(["tasks", "done", "1"]).success();
}

#[test]
fn a_from_address_that_cannot_send_is_an_error() {
    let text = format!(
        "{SMALL_GROUP}\n[email]\nfrom = \"Rust Riverside <a..b@example.org>\"\ntransport = \"file\"\n"
    );
    let line = text.lines().position(|l| l.starts_with("from = ")).unwrap() + 1;
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: group.toml:{line}:8: invalid email address \"a..b@example.org\""
        ));
}

/// Issue 8, item 17: what another command would refuse, `check` reports at its line.
#[test]
fn a_schedule_rule_with_no_date_in_three_years_is_an_error_at_the_rule() {
    let text = SMALL_GROUP.replace(
        "rule = \"second tuesday monthly\"",
        "rule = \"fifth friday of february\"",
    );
    let line = text.lines().position(|l| l.starts_with("rule = ")).unwrap() + 1;
    let t = Ug::with_group(&text);
    t.run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: group.toml:{line}:8: schedule rule \"fifth friday of february\""
        ))
        .stderr_has("has no date in the three years from")
        .stderr_has("the next is 2036-02-29")
        .stderr_has("help:");
    t.run_with(["next-meetup", "--new"]).code(1);
    assert_eq!(t.read("group.toml"), text);
}

#[test]
fn a_schedule_that_has_run_out_is_a_warning_at_the_rule() {
    let text = SMALL_GROUP.replace(
        "rule = \"second tuesday monthly\"",
        "rule = \"RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260101\"",
    );
    let line = text.lines().position(|l| l.starts_with("rule = ")).unwrap() + 1;
    let t = Ug::with_group(&text);
    t.run_with(["check"])
        .success()
        .stderr_has(&format!("warning: group.toml:{line}:8: schedule rule"))
        .stderr_has("has no dates left");
    t.run_with(["status"]).success();
}

#[test]
fn a_task_id_at_the_largest_integer_is_an_error_at_that_id() {
    let text = SMALL_GROUP.replace("id = 3\n", &format!("id = {}\n", i64::MAX));
    let line = text
        .lines()
        .position(|l| l == format!("id = {}", i64::MAX))
        .unwrap()
        + 1;
    let t = Ug::with_group(&text);
    let at = format!(
        "group.toml:{line}:6: task id {} leaves no id for new tasks",
        i64::MAX
    );
    t.run_with(["check"])
        .code(1)
        .stderr_has(&format!("error: {at}"))
        .stderr_has("renumber");
    // Every command refuses it at that line, not only the ones that need a new id.
    for args in [
        &["tasks", "add", "x", "--owner", "ann", "--due", "+1d"][..],
        &["next-meetup", "--new", "--dry-run"],
        &["status"],
    ] {
        t.run_with(args).code(1).stderr_has(&at);
    }
    assert_eq!(t.read("group.toml"), text);
}

#[test]
fn a_key_nested_a_hundred_deep_is_located() {
    let deep: String = (0..100).map(|i| format!(".k{i}")).collect();
    for extra in [format!("[x{deep}]\nv = 1\n"), format!("x{deep} = 1\n")] {
        let text = format!("{SMALL_GROUP}\n{extra}");
        let line = SMALL_GROUP.lines().count() + 2;
        let t = Ug::with_group(&text);
        for args in [&["check"][..], &["status"]] {
            t.run_with(args)
                .code(1)
                .stderr_has(&format!("error: group.toml:{line}:"))
                .stderr_has("nested more than 80 levels deep");
        }
    }
}

/// A byte-order mark is not part of the first line: columns are the editor's.
#[test]
fn a_bom_does_not_shift_positions() {
    let text = format!(
        "\u{feff}{}",
        SMALL_GROUP.replacen("# A small group for the tests.\n", "naem = 1\n", 1)
    );
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has("error: group.toml:1:1: unknown field `naem`");
}
