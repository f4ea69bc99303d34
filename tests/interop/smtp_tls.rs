//! `ug remind --send` to Debian's aiosmtpd over TLS: implicit (SMTPS) and
//! STARTTLS (which aiosmtpd then requires), AUTH required, the server's
//! certificate signed by a throwaway CA the test makes and the group trusts
//! through `[email.smtp] ca_file`; without it, ug refuses the server.

use std::fs;

use super::{Aiosmtpd, python_module};
use crate::support::{TestCa, Ug, assert_announced};

const DAY: &str = "2026-11-24T09:00:00";
const PASSWORD: &str = "aio-Corr3ct-Horse";

/// aiosmtpd speaking `mode` ("implicit" or "starttls") with `ca`'s
/// certificate, wanting user `organizers` and [`PASSWORD`].
fn start(mode: &str, ca: &TestCa) -> Aiosmtpd {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    fs::create_dir(&keys).unwrap();
    let (cert, key) = (keys.join("cert.pem"), keys.join("key.pem"));
    fs::write(&cert, &ca.chain_pem).unwrap();
    fs::write(&key, &ca.key_pem).unwrap();
    let args = [
        mode.to_string(),
        cert.display().to_string(),
        key.display().to_string(),
        "organizers".into(),
        PASSWORD.into(),
    ];
    Aiosmtpd::start_with(dir, &args)
}

fn auth_log(server: &Aiosmtpd) -> String {
    fs::read_to_string(server.dir.path().join("auth.log")).unwrap_or_default()
}

#[test]
#[ignore = "interop: needs python3-aiosmtpd; .ci/run runs it"]
fn remind_send_to_aiosmtpd_over_tls_with_the_groups_ca() {
    if !python_module("aiosmtpd", "python3-aiosmtpd") {
        return;
    }
    for (mode, security) in [("implicit", "tls"), ("starttls", "starttls")] {
        let ca = TestCa::new();
        let server = start(mode, &ca);
        let smtp = |ca_file: &str| {
            format!(
                "security = \"{security}\"{ca_file}\nusername = \"organizers\"\npassword_cmd = \"printf %s \\\"$SMTP_PW\\\"\""
            )
        };
        // Without the CA: refused before any password is sent.
        let untrusted = smtp("");
        let ug = Ug::remind_fixture(server.port, |t| {
            t.replace("security = \"none\"", &untrusted)
        })
        .env("SMTP_PW", PASSWORD);
        ug.run_at(DAY, &["remind", "--send"])
            .code(1)
            .stderr_has("TLS with the SMTP server")
            .stderr_has("ca_file");
        assert!(server.mail().is_empty(), "{mode}");
        assert_eq!(auth_log(&server), "", "{mode}: no AUTH without TLS");

        let trusted = smtp("\nca_file = \"ca.pem\"");
        let ug = Ug::remind_fixture(server.port, |t| t.replace("security = \"none\"", &trusted))
            .env("SMTP_PW", PASSWORD)
            .file("ca.pem", &ca.ca_pem);
        let out = ug.run_at(DAY, &["remind", "--send"]);
        out.success();
        assert_announced(&server.mail());
        let log = auth_log(&server);
        assert!(!log.is_empty(), "{mode}: AUTH was required");
        assert!(log.lines().all(|l| l.ends_with(" tls ok")), "{mode}: {log}");
        assert!(!out.stdout.contains(PASSWORD) && !out.stderr.contains(PASSWORD));
    }
}

#[test]
#[ignore = "interop: needs python3-aiosmtpd; .ci/run runs it"]
fn remind_send_to_aiosmtpd_with_an_oauth2_token_and_a_refused_one_never_shown() {
    if !python_module("aiosmtpd", "python3-aiosmtpd") {
        return;
    }
    const TOKEN: &str = "ya29.a0Interop-Good-Token_0123456789";
    const WRONG: &str = "ya29.a0Interop-Expired-Token_9876543210";
    let ca = TestCa::new();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    fs::write(&cert, &ca.chain_pem).unwrap();
    fs::write(&key, &ca.key_pem).unwrap();
    let args = [
        "starttls".to_string(),
        cert.display().to_string(),
        key.display().to_string(),
        "organizers@example.org".into(),
        PASSWORD.into(),
        TOKEN.into(),
    ];
    let server = Aiosmtpd::start_with(tempfile::tempdir().unwrap(), &args);
    let smtp = "security = \"starttls\"\nca_file = \"ca.pem\"\nusername = \"organizers@example.org\"\noauth2_token_cmd = \"cat token.txt\"";
    let group = |token: &str| {
        Ug::remind_fixture(server.port, |t| t.replace("security = \"none\"", smtp))
            .file("ca.pem", &ca.ca_pem)
            .file("token.txt", token)
    };
    // A refused token: a clear error, nothing sent, the token nowhere.
    let out = group(WRONG).run_at(DAY, &["remind", "--send", "--json"]);
    out.code(1);
    assert!(server.mail().is_empty());
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(WRONG), "the token was shown: {text}");
    }
    assert!(
        auth_log(&server).contains("XOAUTH2 tls refused"),
        "{}",
        auth_log(&server)
    );
    // The good one: every announcement goes, over XOAUTH2 and TLS.
    let out = group(TOKEN).run_at(DAY, &["remind", "--send"]);
    out.success();
    assert_announced(&server.mail());
    assert!(
        auth_log(&server).contains("XOAUTH2 tls ok"),
        "{}",
        auth_log(&server)
    );
    assert!(!out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN));
}
