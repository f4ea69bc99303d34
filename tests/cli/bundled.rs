//! The bundled `group.toml`, with the Maildir beside it, works with every
//! command a new organizer tries first.

use crate::support::{Ug, repo_file};

/// The bundled file and its sample Maildir (`mail/`), as the repository has them.
fn bundled() -> Ug {
    let mut ug = Ug::sample().at("2026-11-28T09:00:00");
    for dir in ["mail/INBOX/cur", "mail/INBOX/new", "mail/Sent/cur"] {
        for entry in std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            ug = ug.file(
                &format!("{dir}/{name}"),
                repo_file(&format!("{dir}/{name}")),
            );
        }
    }
    ug
}

#[test]
fn every_command_works_on_the_bundled_file() {
    let ug = bundled();
    for args in [
        &["check"][..],
        &["status"],
        &["agenda"],
        &["tasks"],
        &["events"],
        &["rsvps"],
        &["members"],
        &["stats"],
        &["remind"],
        &["next-meetup", "--dry-run"],
        &["inbox", "--dry-run"],
        &["site", "--out", "public"],
    ] {
        ug.run_with(args.iter().copied()).success();
    }
    // The sample Maildir holds one question, which waits for a person.
    ug.run_with(["inbox"])
        .success()
        .stdout_has("Ann Becker <ann.becker@example.com>: Parking at Lakeview Analytics?");
    ug.run_with(["status"])
        .success()
        .stdout_has("1 message is waiting for a person longer than 2d");
}
