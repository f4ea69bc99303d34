//! The file's own form survives an edit (issue 8, item 15): CRLF line ends,
//! a byte-order mark and a missing final newline stay as they were, byte for
//! byte, and an edit that changes nothing writes nothing. A `group.toml`
//! that is not a file stops ug instead of sending it to the parent folder's
//! (item 16), and every edit names the file it changed.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::support::*;

/// SMALL_GROUP with a planned event, so that `events confirm` has work to do.
fn planned() -> String {
    SMALL_GROUP.replace("status = \"confirmed\"", "status = \"planned\"")
}

const EDITS: [&[&str]; 3] = [
    &["tasks", "done", "2"],
    &[
        "tasks",
        "add",
        "Bring name tags",
        "--owner",
        "bo",
        "--due",
        "2026-12-07",
    ],
    &["events", "confirm", "2026-12-08"],
];

/// Puts a file's text into a form (CRLF, BOM, ...).
type Form = fn(&str) -> String;

/// Makes something that is not a file at this path.
type Make = fn(&std::path::Path);

/// The file after `args`, starting from `before`.
fn edited(before: &[u8], args: &[&str]) -> Vec<u8> {
    let t = Ug::new().file("group.toml", before);
    t.run_with(args).success().stderr_has("Updated group.toml");
    t.read_bytes("group.toml")
}

#[test]
fn crlf_bom_and_no_final_newline_survive_every_edit_byte_for_byte() {
    let lf = planned();
    let forms: [(&str, Form); 4] = [
        ("CRLF", |s| s.replace('\n', "\r\n")),
        ("BOM", |s| format!("\u{feff}{s}")),
        ("no final newline", |s| s.strip_suffix('\n').unwrap().into()),
        ("CRLF, BOM and no final newline", |s| {
            format!(
                "\u{feff}{}",
                s.replace('\n', "\r\n").strip_suffix("\r\n").unwrap()
            )
        }),
    ];
    for args in EDITS {
        let lf_after = String::from_utf8(edited(lf.as_bytes(), args)).unwrap();
        assert_ne!(lf_after, lf, "`ug {}` changed nothing", args.join(" "));
        for (name, form) in forms {
            let got = edited(form(&lf).as_bytes(), args);
            let want = form(&lf_after);
            assert!(
                got == want.as_bytes(),
                "`ug {}` on a file with {name}:\n{}",
                args.join(" "),
                diff(&want, &String::from_utf8_lossy(&got))
            );
        }
    }
}

#[test]
fn a_crlf_copy_of_the_bundled_file_keeps_every_other_line() {
    let crlf = repo_file("group.toml").replace('\n', "\r\n");
    let t = Ug::with_group(&crlf).env("UG_NOW", "2026-11-10");
    t.run_with(["tasks", "done", "12"]).success();
    let after = t.read("group.toml");
    let (a, b): (Vec<&str>, Vec<&str>) = (
        crlf.split_inclusive('\n').collect(),
        after.split_inclusive('\n').collect(),
    );
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // `status = "open"` became `status = "done"` and `done_on = ...`: a 1-line, 2-line diff.
    assert_eq!(
        (a.len() - prefix - suffix, b.len() - prefix - suffix),
        (1, 2),
        "{}",
        diff(&crlf, &after)
    );
    assert!(
        after.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "a line lost its CRLF"
    );
}

#[test]
fn a_mixed_file_keeps_each_lines_ending_and_new_lines_follow_the_majority() {
    // Every line CRLF except the group's name line.
    let text = planned().replace('\n', "\r\n").replace(
        "name = \"Rust Riverside\"\r\n",
        "name = \"Rust Riverside\"\n",
    );
    let t = Ug::with_group(&text);
    t.run_with(EDITS[1]).success();
    let after = t.read("group.toml");
    assert!(after.starts_with(&text), "{}", diff(&text, &after));
    let added = &after[text.len()..];
    assert!(added.contains("[[tasks]]\r\nid = 4\r\n"), "{added:?}");
    assert!(!added.replace("\r\n", "").contains('\n'), "{added:?}");
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    // Task 1 is already done; the file has a BOM, CRLF and no final newline.
    let done = SMALL_GROUP.replacen(
        "due = 2026-11-20\nstatus = \"open\"",
        "due = 2026-11-20\nstatus = \"done\"\ndone_on = 2026-11-19",
        1,
    );
    let text = format!("\u{feff}{}", done.trim_end().replace('\n', "\r\n"));
    let t = Ug::with_group(&text);
    let once = text.as_bytes().to_vec();
    let path = t.path("group.toml");
    let past = SystemTime::now() - Duration::from_secs(86_400);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(past)
        .unwrap();
    let inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).unwrap());
    let out = t.run_with(["tasks", "done", "1"]);
    out.success().stdout_has("already done");
    assert!(!out.stderr.contains("Updated"), "{}", out.stderr);
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.modified().unwrap(), past, "the file was written");
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&meta),
        inode,
        "renamed over"
    );
    assert_eq!(t.read_bytes("group.toml"), once);
}

#[test]
fn a_dry_run_or_a_read_says_nothing_about_updating() {
    let t = Ug::with_group(SMALL_GROUP);
    for args in [
        &["next-meetup", "--new", "--dry-run"][..],
        &["status"],
        &["check"],
    ] {
        let out = t.run_with(args);
        assert!(!out.stderr.contains("Updated"), "{}", out.stderr);
    }
    assert_eq!(t.read("group.toml"), SMALL_GROUP);
}

#[test]
fn edits_name_the_file_they_changed() {
    let t = Ug::with_group(SMALL_GROUP).current_dir("sub/deeper");
    t.run_with(["tasks", "done", "1"])
        .success()
        .stderr_has("Updated ../../group.toml");
    let t = Ug::new().file("elsewhere/my.toml", SMALL_GROUP);
    t.run_with(["--file", "elsewhere/my.toml", "tasks", "done", "1"])
        .success()
        .stderr_has("Updated elsewhere/my.toml");
}

/// A `group.toml` in `sub/` that is not a file, with a valid one above it.
fn broken_below(make: impl FnOnce(&std::path::Path)) -> Ug {
    let t = Ug::with_group(SMALL_GROUP).current_dir("sub");
    make(&t.path("sub/group.toml"));
    t
}

#[test]
fn a_group_toml_that_is_not_a_file_is_an_error_not_a_redirect_to_the_parent() {
    let cases: [(&str, Make); 3] = [
        ("a folder", |p| fs::create_dir(p).unwrap()),
        ("a named pipe (FIFO)", |p| {
            let ok = std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .expect("run mkfifo");
            assert!(ok.success());
        }),
        ("a symbolic link to gone.toml, which does not exist", |p| {
            std::os::unix::fs::symlink("gone.toml", p).unwrap()
        }),
    ];
    for (what, make) in cases {
        let t = broken_below(make);
        for args in [
            &["tasks", "done", "1"][..],
            &["status"],
            &["check"],
            &["events", "confirm", "2026-12-08"],
        ] {
            t.run_with(args)
                .code(1)
                .stdout_empty()
                .stderr_has(&format!("error: group.toml is {what}"))
                .stderr_has("--file");
        }
        assert_eq!(
            t.read("group.toml"),
            SMALL_GROUP,
            "the parent's file changed"
        );
        // Named with --file, the same: never opened, never a hang.
        t.run_with(["--file", "group.toml", "check"])
            .code(1)
            .stderr_has(&format!("group.toml is {what}"));
    }
}
