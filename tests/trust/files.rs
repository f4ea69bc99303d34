//! SPEC §11, files: what ug writes stays where and what it should be. `ug
//! site` never writes into someone else's folder (nor `/`); `ug merge` tells
//! git of a version that is not TOML; a sent log that cannot be written
//! stops the send before anyone is mailed twice; a CSV cell that a
//! spreadsheet would run as a formula is defused.

use std::fs;

use crate::support::{Ug, parse_toml};

const TODAY: &str = "2026-11-26";

/// A group with a `[site]` whose `out` is `out`.
fn site_group(out: &str) -> Ug {
    Ug::with_group(&format!(
        "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\n\n[site]\nout = \"{out}\"\n"
    ))
    .at(TODAY)
}

#[test]
fn a_site_folder_holding_someone_elses_files_is_refused_by_site_and_check() {
    let ug = site_group("docs").file("docs/notes.txt", "my own notes");
    let run = ug.run_with(["site"]);
    run.code(1)
        .stderr_has("docs")
        .stderr_has("holds files ug did not write")
        .stderr_has(".ug-site");
    let left: Vec<_> = fs::read_dir(ug.path("docs")).unwrap().collect();
    assert_eq!(left.len(), 1, "ug site wrote into the folder");
    assert_eq!(ug.read("docs/notes.txt"), "my own notes");

    // `ug check` says so, at the `out` line.
    let check = ug.run_with(["check"]);
    check
        .code(1)
        .stderr_has("group.toml:6:")
        .stderr_has("`ug site` would refuse this");

    // The owner's consent: the marker. ug adds its pages beside the notes.
    fs::write(ug.path("docs/.ug-site"), "").unwrap();
    ug.run_with(["check"]).success();
    ug.run_with(["site"]).success();
    assert!(ug.path("docs/index.html").exists());
    assert_eq!(ug.read("docs/notes.txt"), "my own notes");
}

#[test]
fn the_root_folder_is_refused_before_anything_is_written() {
    // `/` always holds other files and never ug's marker: the refusal comes
    // before any write (and if it did not, an unprivileged test cannot
    // write there, and the exit code below would fail).
    assert!(
        !std::path::Path::new("/.ug-site").exists(),
        "this machine's / carries ug's marker: the test cannot run here"
    );
    let ug = site_group("/");
    ug.run_with(["site"])
        .code(1)
        .stderr_has("the site folder / holds files ug did not write");
    ug.run_with(["check"])
        .code(1)
        .stderr_has("`ug site` would refuse this");
    let ug = Ug::with_group(
        "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\n\n[site]\nabout = \"x\"\n",
    )
    .at(TODAY);
    ug.run_with(["site", "--out", "/"])
        .code(1)
        .stderr_has("the site folder /");
}

#[test]
fn a_missing_or_empty_folder_is_fine_and_a_rerun_finds_the_marker() {
    let ug = site_group("www").file("empty/.keep-not", "");
    fs::remove_file(ug.path("empty/.keep-not")).unwrap();
    ug.run_with(["check"]).success();
    ug.run_with(["site"]).success();
    assert!(ug.path("www/.ug-site").exists());
    ug.run_with(["site"]).success().stdout_has("0 written");
    ug.run_with(["site", "--out", "empty"]).success();
    assert!(ug.path("empty/index.html").exists());
}

const BASE: &str = "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\ncity = \"Madison\"\n\n[[people]]\nid = \"ann\"\nname = \"Ann\"\n";

/// Runs `ug merge BASE OURS THEIRS` on three files (no git needed).
fn merge(base: &str, ours: &str, theirs: &str) -> (Ug, crate::support::Output) {
    let ug = Ug::new()
        .file("base.toml", base)
        .file("ours.toml", ours)
        .file("theirs.toml", theirs);
    let out = ug.run_with(["merge", "base.toml", "ours.toml", "theirs.toml"]);
    (ug, out)
}

#[test]
fn a_side_that_is_not_toml_is_a_conflict_for_git() {
    let ours = BASE.replace("city = \"Madison\"", "city = \"Madison");
    let theirs = BASE.replace("name = \"Ann\"", "name = \"Ann B\"");
    let (ug, out) = merge(BASE, &ours, &theirs);
    out.code(1)
        .stderr_has("OURS is not valid TOML at line 4")
        .stderr_has("merged line by line")
        .stderr_has("ours.toml is left for you to check");
    // The line merge is kept in OURS, as before: both changes, for a person.
    assert_eq!(
        ug.read("ours.toml"),
        ours.replace("name = \"Ann\"", "name = \"Ann B\"")
    );

    // THEIRS broken: the same.
    let (_, out) = merge(BASE, &theirs, &ours);
    out.code(1).stderr_has("THEIRS is not valid TOML");
}

#[test]
fn a_result_that_is_not_toml_is_a_conflict_even_when_nothing_was_merged() {
    // THEIRS left BASE alone, so the result is OURS: broken, exit 1.
    let ours = BASE.replace("[[people]]", "[[people]");
    let (ug, out) = merge(BASE, &ours, BASE);
    out.code(1).stderr_has("the merged file is not valid TOML");
    assert_eq!(ug.read("ours.toml"), ours);

    // Valid on both sides: merged, exit 0, and the result parses.
    let ours = BASE.replace("Madison", "Rome");
    let theirs = BASE.replace("name = \"Ann\"", "name = \"Ann B\"");
    let (ug, out) = merge(BASE, &ours, &theirs);
    out.success();
    let doc = parse_toml(&ug.read("ours.toml"));
    assert_eq!(doc["group"]["city"].as_str(), Some("Rome"));
    assert_eq!(doc["people"][0]["name"].as_str(), Some("Ann B"));
}

const EVIL: &str = "=HYPERLINK(\"http://evil.example\")";

/// Parses CSV with the `csv` crate: the rows, header first.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_formula_in_a_members_name_is_exported_as_text() {
    let group = format!(
        "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\n\n\
         [[members]]\nname = '{EVIL}'\nemail = \"eve@example.net\"\n\n\
         [[members]]\nname = \"+1 Plus, Minus\"\nemail = \"plus@example.net\"\n\n\
         [[members]]\nname = \"Ann O'Hara\"\nemail = \"ann@example.org\"\njoined = 2025-03-01\n"
    );
    let ug = Ug::with_group(&group).at(TODAY);
    let out = ug.run_with(["members", "export"]);
    let got = rows(&out.success().stdout);
    assert_eq!(got[0], ["name", "email", "joined", "status"]);
    assert_eq!(got[1][0], format!("'{EVIL}"));
    assert_eq!(got[1][1], "eve@example.net");
    assert_eq!(got[2][0], "'+1 Plus, Minus");
    assert_eq!(
        got[3],
        ["Ann O'Hara", "ann@example.org", "2025-03-01", "subscribed"]
    );

    // Imported back into an empty group, the names are as they were.
    let back = Ug::with_group("[group]\nname = \"Y\"\ntimezone = \"Europe/Berlin\"\n")
        .at(TODAY)
        .file("list.csv", &out.stdout);
    back.run_with(["members", "import", "list.csv"]).success();
    let doc = parse_toml(&back.text());
    let names: Vec<&str> = doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [EVIL, "+1 Plus, Minus", "Ann O'Hara"]);
}

/// The size `sh`'s `ulimit -f 2` allows a file (dash counts 512-byte
/// blocks, bash 1024), measured: a write past it fails (`EFBIG`, with
/// SIGXFSZ ignored) instead of killing the writer.
fn file_size_limit(ug: &Ug) -> u64 {
    let out = ug
        .prepare("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 2; printf '%09000d' 0 > probe",
        ])
        .output()
        .expect("run sh");
    assert!(!out.status.success(), "the write past the limit succeeded");
    let size = fs::metadata(ug.path("probe")).unwrap().len();
    fs::remove_file(ug.path("probe")).unwrap();
    assert!((512..9000).contains(&size), "limit {size}");
    size
}

#[test]
fn a_sent_log_that_cannot_grow_stops_the_send_and_a_rerun_mails_each_member_once() {
    use crate::support::{MEMBERS, Server};
    const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
    let server = Server::plain();
    let ug = Ug::remind_fixture(server.port, |t| t);
    let limit = file_size_limit(&ug);
    // An older line fills the log to ~400 bytes below the limit: room for
    // two or so of this run's lines, then the disk is "full".
    let head = "2026-10-27T09:00:00.000Z\tannounce:2026-11-10:old@members.example\tskipped\told@members.example\t";
    let pad = limit as usize - 400 - head.len() - 1;
    let ug = ug.file("group.sent.log", format!("{head}{}\n", "x".repeat(pad)));

    let out = ug
        .prepare("sh")
        .env("UG_NOW", ANNOUNCE_DAY)
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 2; exec \"$0\" remind --send",
            crate::support::UG,
        ])
        .output()
        .expect("run ug");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("group.sent.log"), "{stderr}");
    let first = server.mail().len();
    assert!(
        (1..MEMBERS.len()).contains(&first),
        "the run should have sent some, then stopped: {first} sent\n{stderr}"
    );
    // Everything sent is in the log; the log's lines are whole.
    assert_eq!(ug.log().len(), 1 + first, "{:?}", ug.log());
    assert!(ug.log().iter().all(|l| !l.contains('\0')), "{:?}", ug.log());

    // Room again: the rerun sends the rest, and nobody gets one twice.
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    let mut got: Vec<String> = server.mail().iter().map(|m| m.rcpt().to_string()).collect();
    got.sort();
    assert_eq!(got, MEMBERS, "each member exactly once");
    assert_eq!(ug.log().len(), 1 + MEMBERS.len());
}
