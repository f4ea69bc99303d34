//! `[inbox.imap]` without a server: the keys read with `file:line:col`
//! errors, `security = "none"` refused off this machine, and the errors a
//! run meets before any login (no password variable, a failing
//! `password_cmd`, nothing listening on the port). Each error is one a
//! person can act on, exit 1, and never holds the password. The runs
//! against a real Dovecot are in the interop tests (`tests/interop/imap.rs`).

#[path = "support/mod.rs"]
mod support;

use support::{Ug, repo_file};

/// The inbox fixtures' group, with `[inbox]` read over IMAP: `imap` is
/// the `[inbox.imap]` table's body.
fn group(imap: &str) -> String {
    let text = repo_file("tests/fixtures/inbox/group.toml");
    let cut = text.find("[inbox]").unwrap();
    format!(
        "{}[inbox]\nanswer_within = \"2d\"\n\n[inbox.imap]\n{imap}",
        &text[..cut]
    )
}

/// The 1-based line of the first line holding `needle`.
fn line(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn imap_keys_are_checked_with_their_place_in_the_file() {
    let text = group(
        "host = \"imap.example.org\"\nport = 70000\nsecurity = \"ssl\"\nusername = \"organizers@example.org\"\npassword = \"hunter2\"\nfolder = \"INBOX\"\nsent_folders = \"Sent\"\n",
    );
    let ug = Ug::with_group(&text);
    let out = ug.run_with(["check"]);
    out.code(1)
        .stderr_has(&format!("group.toml:{}:8: port 70000 is out of range", line(&text, "port = 70000")))
        .stderr_has(&format!("group.toml:{}:12: unknown security \"ssl\"", line(&text, "security = \"")))
        .stderr_has(&format!("group.toml:{}:1: `password` in [inbox.imap]: a password never goes into the group file", line(&text, "password =")))
        .stderr_has("password_env = \"UG_IMAP_PASSWORD\"")
        .stderr_has(&format!("group.toml:{}:1: unknown field `sent_folders` in [inbox.imap]; did you mean `sent_folder`?", line(&text, "sent_folders")))
        .stderr_has("[inbox.imap] needs `password_env` or `password_cmd`");
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
}

#[test]
fn security_none_is_refused_off_this_machine() {
    let text = group(
        "host = \"imap.example.org\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"UG_IMAP_PASSWORD\"\n",
    );
    Ug::with_group(&text)
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "group.toml:{}:12: security = \"none\"",
            line(&text, "security = \"")
        ))
        .stderr_has("only allowed to this machine")
        .stderr_has("security = \"tls\"");
    let text = text.replace("imap.example.org", "127.0.0.1");
    Ug::with_group(&text).run_with(["check"]).success();
}

#[test]
fn a_maildir_and_imap_together_are_refused() {
    let text = group("host = \"imap.example.org\"\nusername = \"u\"\npassword_env = \"P\"\n")
        .replace(
            "answer_within = \"2d\"\n",
            "answer_within = \"2d\"\nmaildir = \"mail/INBOX\"\n",
        );
    Ug::with_group(&text)
        .run_with(["inbox"])
        .code(1)
        .stderr_has(&format!(
            "group.toml:{}:11: [inbox] has both a Maildir and [inbox.imap]",
            line(&text, "maildir =")
        ));
}

#[test]
fn an_unset_password_variable_is_named() {
    let text = group(
        "host = \"127.0.0.1\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"UG_TEST_IMAP_PW\"\n",
    );
    Ug::with_group(&text)
        .env_remove("UG_TEST_IMAP_PW")
        .run_with(["inbox"])
        .code(1)
        .stderr_has("the environment variable UG_TEST_IMAP_PW is not set")
        .stderr_has("export UG_TEST_IMAP_PW=");
}

#[test]
fn a_failing_password_cmd_gives_its_status_not_its_output() {
    let text = group(
        "host = \"127.0.0.1\"\nsecurity = \"none\"\nusername = \"u\"\npassword_cmd = \"printf s3cr%s 3t-pw; exit 3\"\n",
    );
    let ug = Ug::with_group(&text);
    for args in [&["inbox"][..], &["inbox", "--json"]] {
        let out = ug.run_with(args);
        out.code(1)
            .stderr_has("password_cmd in [inbox.imap] failed (exit status 3)");
        assert!(!out.stderr.contains("s3cr3t") && !out.stdout.contains("s3cr3t"));
    }
}

#[test]
fn a_closed_port_names_the_server() {
    let port = closed_port();
    let text = group(&format!(
        "host = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nusername = \"u\"\npassword_cmd = \"echo s3cr3t-pw\"\n"
    ));
    let ug = Ug::with_group(&text);
    let out = ug.run_with(["inbox", "--json"]);
    out.code(1)
        .stderr_has(&format!(
            "could not connect to the IMAP server 127.0.0.1:{port}"
        ))
        .stderr_has("check `host`, `port` and `security` in [inbox.imap]");
    assert!(!out.stderr.contains("s3cr3t") && !out.stdout.contains("s3cr3t"));
    assert!(!ug.path("group.inbox.log").exists(), "nothing recorded");
}
