//! `ug inbox` logging in to a real Dovecot with an OAuth2 access token
//! from `oauth2_token_cmd` (SPEC §13), over verified TLS: Dovecot offers
//! XOAUTH2 and OAUTHBEARER and checks the token against its passdb (the
//! test user's password is the token). A refused token is a clear error
//! that never shows it.

use super::imap::{Dovecot, PASSWORD, USER, have_dovecot};
use crate::support::{Ug, repo_file};

/// The inbox fixtures' group reading `server` over IMAPS (the test CA),
/// logging in with the token `token.txt` holds.
fn group(server: &Dovecot, token: &str) -> Ug {
    let text = repo_file("tests/fixtures/inbox/group.toml");
    let cut = text.find("[inbox]").unwrap();
    let text = format!(
        "{}[inbox]\nanswer_within = \"2d\"\n\n[inbox.imap]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"tls\"\nca_file = \"{}\"\nusername = \"{USER}\"\noauth2_token_cmd = \"cat token.txt\"\n",
        &text[..cut],
        server.imaps,
        server.path("ca.pem").display()
    );
    Ug::with_group(&text)
        .at("2026-11-27T10:00:00")
        .file("token.txt", format!("{token}\n"))
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn inbox_logs_in_with_oauthbearer_when_offered_else_xoauth2() {
    if !have_dovecot() {
        return;
    }
    for (offered, used) in [
        ("plain login xoauth2 oauthbearer", "OAUTHBEARER"),
        ("plain login xoauth2", "XOAUTH2"),
    ] {
        let mut server = Dovecot::start_with(offered);
        server.deliver(
            "",
            "1795507200.M1P1.mx",
            &repo_file("tests/fixtures/inbox/gmail_yes.eml"),
        );
        group(&server, PASSWORD)
            .run_with(["inbox"])
            .success()
            .stdout_has("ann.mueller@gmail.com: yes, seat taken");
        let log = std::fs::read_to_string(server.path("dovecot.log")).unwrap();
        assert!(
            log.contains(&format!("user=<{USER}>, method={used}")),
            "{log}"
        );
    }
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn inbox_logs_in_with_an_oauth2_token_and_a_refused_one_is_never_shown() {
    if !have_dovecot() {
        return;
    }
    let mut server = Dovecot::start();
    server.deliver(
        "",
        "1795507200.M1P1.mx",
        &repo_file("tests/fixtures/inbox/gmail_yes.eml"),
    );
    let ug = group(&server, PASSWORD);
    ug.run_with(["inbox"])
        .success()
        .stdout_has("ann.mueller@gmail.com: yes, seat taken");
    assert!(!ug.text().contains(PASSWORD), "the token is never stored");
    let log = std::fs::read_to_string(ug.path("group.inbox.log")).unwrap();
    assert!(!log.contains(PASSWORD), "{log}");

    let wrong = "ya29.Expired-Tok3n_zz";
    let refused = group(&server, wrong);
    for args in [&["inbox"][..], &["inbox", "--json"]] {
        let out = refused.run_with(args);
        out.code(1)
            .stderr_has(&format!("refused the OAuth2 access token of \"{USER}\""))
            .stderr_has(
                "check that oauth2_token_cmd in [inbox.imap] prints a current access token",
            );
        for part in [wrong, "Expired", "Tok3n"] {
            assert!(
                !out.stderr.contains(part) && !out.stdout.contains(part),
                "{part} shown: {}{}",
                out.stdout,
                out.stderr
            );
        }
    }
    assert!(!refused.path("group.inbox.log").exists());
}
