//! `ug init --example`: the bundled group, written anywhere, works alone
//! (no file of the repository beside it) on any day; never overwrites
//! unless `--force`, which keeps the old file as `.bak`.

use crate::support::*;

/// Days around the example's events: before them, among them, after the
/// last one, and a leap day two years on.
const DAYS: [&str; 6] = [
    "2026-01-05",
    "2026-06-15",
    "2026-11-26",
    "2027-03-01",
    "2027-09-30",
    "2028-02-29",
];

#[test]
fn the_example_alone_runs_every_everyday_command_on_many_days() {
    for day in DAYS {
        let t = Ug::new().at(day);
        t.run_with(["init", "--example"])
            .success()
            .stdout_has("Created group.toml")
            .stdout_has("ug next-meetup")
            .stdout_has("ug remind")
            .stdout_has("ug tasks");
        assert_eq!(
            t.read("group.toml"),
            SAMPLE,
            "the bundled file, byte for byte"
        );
        t.run_with(["check"]).success().stdout_has("group.toml: ok");
        t.run_with(["next-meetup"]).success();
        let preview = t.run_with(["remind"]);
        preview.success();
        assert!(
            !t.path("outbox").exists(),
            "a preview sends nothing on {day}"
        );
        t.run_with(["tasks"]).success();
        t.run_with(["status"]).success();
        // The daily run, inbox step included: the example's Maildirs are there.
        let daily = t.run_with(["daily"]);
        daily.success().stdout_has("inbox: 0 new messages");
        if preview.stdout.contains("due; nothing sent") {
            let sent = std::fs::read_dir(t.path("outbox")).map_or(0, |d| d.count());
            assert!(sent > 0, "on {day} the mail due went into outbox/");
        }
        t.run_with(["check"]).success();
    }
}

#[test]
fn the_example_goes_where_file_says_and_the_hints_name_it() {
    let t = Ug::new().file("try/notes.txt", "mine");
    t.run_with(["--file", "try/lakeside.toml", "init", "--example"])
        .success()
        .stdout_has("ug --file try/lakeside.toml next-meetup");
    assert!(t.path("try/mail/INBOX/new").is_dir());
    assert!(t.path("try/mail/Sent/cur").is_dir());
    assert!(!t.path("group.toml").exists());
    t.run_with(["--file", "try/lakeside.toml", "next-meetup"])
        .success();
    t.run_with(["--file", "try/lakeside.toml", "daily", "--dry-run"])
        .success()
        .stdout_has("inbox: 0 new messages");
}

#[test]
fn an_existing_file_is_refused_and_nothing_is_written() {
    let mine = "[group]\nname = \"Mine\"\ntimezone = \"UTC\"\n";
    let t = Ug::new().file("group.toml", mine);
    let out = t.run_with(["init", "--example"]);
    out.code(1)
        .stderr_has("group.toml already exists")
        .stderr_has("--force");
    assert_eq!(t.read("group.toml"), mine);
    assert!(t.leftovers().is_empty(), "left {:?}", t.leftovers());
}

#[test]
fn force_keeps_the_old_file_as_bak_and_never_overwrites_a_bak() {
    let mine = "[group]\nname = \"Mine\"\ntimezone = \"UTC\"\n";
    let t = Ug::new().file("group.toml", mine);
    t.run_with(["init", "--example", "--force"])
        .success()
        .stdout_has("Kept the old group.toml as group.toml.bak");
    assert_eq!(t.read("group.toml.bak"), mine);
    let doc = parse_toml(&t.read("group.toml"));
    assert_eq!(doc["group"]["name"].as_str(), Some("Django Lakeside"));

    // A second --force would lose the first .bak: refused, nothing changed.
    let edited = t.read("group.toml").replace("Django Lakeside", "Edited");
    std::fs::write(t.path("group.toml"), &edited).unwrap();
    t.run_with(["init", "--example", "--force"])
        .code(1)
        .stderr_has("group.toml.bak already exists");
    assert_eq!(t.read("group.toml"), edited);
    assert_eq!(t.read("group.toml.bak"), mine);
}

#[test]
fn example_flags_are_checked_by_the_parser() {
    let t = Ug::new();
    t.run_with(["init", "--example", "--name", "X"])
        .code(2)
        .stderr_has("cannot be used with");
    t.run_with(["init", "--force", "--yes"])
        .code(2)
        .stderr_has("--example");
    assert!(!t.path("group.toml").exists());
}
