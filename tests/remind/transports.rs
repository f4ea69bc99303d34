//! The other transports (file, sendmail), and the SMTP session's settings:
//! the password from the environment, STARTTLS.

use std::collections::BTreeSet;
use std::fs;

use crate::ANNOUNCE_DAY;
use crate::support::{Faults, MEMBERS, Server, Ug, parse_mail};

fn with_auth(t: String) -> String {
    t.replace(
        "security = \"none\"",
        "security = \"none\"\nusername = \"organizers\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\"",
    )
}

#[test]
fn file_transport_writes_each_message_once() {
    let g = Ug::remind_fixture(1, |t| {
        t.replace("transport = \"smtp\"", "transport = \"file\"")
            .replace(
                "[email.smtp]",
                "[email.file]\ndir = \"outbox\"\n\n[email.smtp]",
            )
    });
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    let files: Vec<_> = fs::read_dir(g.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 5);
    let got: BTreeSet<String> = parse_mail(&files).iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(got, MEMBERS.iter().map(|s| s.to_string()).collect());
    assert_eq!(g.log().len(), 5);
    assert!(g.text().contains("status = \"announced\""));
}

#[test]
fn password_comes_from_the_environment_and_is_never_printed() {
    let secret = "s3cr3t-Pa55word";
    let server = Server::start(Faults {
        auth: Some(("organizers".into(), secret.into())),
        ..Faults::default()
    });
    let mut g = Ug::remind_fixture(server.port, with_auth);

    // Missing: a clear error naming the variable, nothing sent.
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("UG_TEST_SMTP_PASSWORD"),
        "{}",
        run.stderr
    );
    assert!(server.mail().is_empty());

    // Wrong: refused, reported, not printed.
    g = g.env("UG_TEST_SMTP_PASSWORD", "wrong-Pa55");
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(!run.stderr.contains("wrong-Pa55") && !run.stdout.contains("wrong-Pa55"));
    assert!(
        run.stderr.contains("could not open an SMTP session"),
        "{}",
        run.stderr
    );

    // Right: sent, and the password appears nowhere.
    g = g.env("UG_TEST_SMTP_PASSWORD", secret);
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.success();
    assert_eq!(server.mail().len(), 5);
    for text in [
        run.stdout,
        run.stderr,
        fs::read_to_string(g.path("group.sent.log")).unwrap(),
    ] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[test]
fn sendmail_transport_pipes_each_message_with_its_recipient() {
    let g = Ug::remind_fixture(1, |t| {
        t.replace("transport = \"smtp\"", "transport = \"sendmail\"")
            .replace(
                "[email.smtp]",
                "[email.sendmail]\ncommand = \"./fake-sendmail\"\n\n[email.smtp]",
            )
    });
    // Records its arguments and stdin; refuses one recipient.
    let script = "#!/bin/sh\n[ \"$5\" = paul@members.example ] && { echo 'no such user' >&2; exit 67; }\n\
                  mkdir -p sent && echo \"$@\" > \"sent/$5.args\" && cat > \"sent/$5.eml\"\n";
    fs::write(g.path("fake-sendmail"), script).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    fs::set_permissions(g.path("fake-sendmail"), mode).unwrap();
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("paul@members.example") && run.stderr.contains("no such user"),
        "{}",
        run.stderr
    );
    let args = fs::read_to_string(g.path("sent/mia@members.example.args")).unwrap();
    assert_eq!(
        args.trim(),
        "-i -f organizers@riverside.example -- mia@members.example"
    );
    let files: Vec<_> = MEMBERS
        .iter()
        .filter(|a| **a != "paul@members.example")
        .map(|a| g.path(&format!("sent/{a}.eml")))
        .collect();
    let parsed = parse_mail(&files);
    assert_eq!(parsed.len(), 4);
    assert_eq!(g.log().len(), 4);
}

#[test]
fn starttls_required_but_not_offered_is_a_clear_error() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace("security = \"none\"", "security = \"starttls\"")
    });
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("does not offer STARTTLS"),
        "{}",
        run.stderr
    );
    assert!(server.mail().is_empty());
    assert!(g.log().is_empty());
}

#[test]
fn starttls_offered_but_refused_is_a_clear_error() {
    let server = Server::start(Faults {
        starttls: true,
        ..Faults::default()
    });
    let g = Ug::remind_fixture(server.port, |t| {
        t.replace("security = \"none\"", "security = \"starttls\"")
    });
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1);
    assert!(
        run.stderr.contains("could not open an SMTP session") && run.stderr.contains("454"),
        "{}",
        run.stderr
    );
    assert!(server.mail().is_empty());
    assert!(g.log().is_empty());

    // Offered but not asked for (security = "none"): plain SMTP, as configured.
    let g = Ug::remind_fixture(server.port, |t| t);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    assert_eq!(server.mail().len(), 5);
}

#[test]
fn a_server_without_pipelining_gets_one_command_at_a_time() {
    let server = Server::start(Faults {
        no_pipelining: true,
        ..Faults::default()
    });
    let g = Ug::remind_fixture(server.port, |t| t);
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    let mail = server.mail();
    assert_eq!(mail.len(), 5);
    let got: BTreeSet<&str> = mail.iter().map(|m| m.rcpt()).collect();
    assert_eq!(got, MEMBERS.into_iter().collect());
    assert!(mail.iter().all(|m| m.defects.is_empty()), "{mail:#?}");
    assert!(
        mail.iter()
            .all(|m| m.envelope_from == "organizers@riverside.example"),
        "{mail:#?}"
    );
    // One connection for every message.
    assert_eq!(server.connections(), 1);
}
