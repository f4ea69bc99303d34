//! Mail security (issue 13), end to end: the real `ug` against the test SMTP
//! server on 127.0.0.1 speaking real TLS (rustls) with certificates this
//! test makes (a throwaway CA trusted through `[email.smtp] ca_file`, or a
//! self-signed one nobody trusts); the password from `password_env` or
//! `password_cmd`, never shown; `security = "none"` refused off this
//! machine; `ug check`'s warning about a readable file that names a
//! `password_cmd`, and logs written 0600. (STARTTLS not offered is an
//! error: tests/remind/transports.rs. IMAP over TLS with a CA: the Dovecot
//! tests in tests/interop/imap.rs.)

#[path = "support/mod.rs"]
mod support;

use std::fs;

use support::{
    Auth, Faults, MEMBERS, Server, TestCa, Tls, Ug, assert_announced, assert_no_part_of, everything,
};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
const USER: &str = "organizers";
const SECRET: &str = "Tr0ub4dor&3-horse";

/// The remind fixture against `server`, with these `[email.smtp]` lines in
/// place of `security = "none"`, and `ca.pem` beside it when `ca` is given.
fn group(server: &Server, smtp: &str, ca: Option<&TestCa>) -> Ug {
    let smtp = smtp.to_string();
    let ug = Ug::remind_fixture(server.port, move |t| {
        t.replace("security = \"none\"", &smtp)
    });
    match ca {
        Some(ca) => ug.file("ca.pem", &ca.ca_pem),
        None => ug,
    }
}

/// A server that wants `USER` and `SECRET`, over this TLS.
fn tls_server(tls: Tls, auth_only: Option<&'static str>) -> Server {
    Server::start(Faults {
        tls: Some(tls),
        auth: Some((USER.into(), SECRET.into())),
        auth_only,
        ..Faults::default()
    })
}

#[test]
fn implicit_tls_with_the_groups_own_ca_sends_every_message_encrypted() {
    let ca = TestCa::new();
    let server = tls_server(Tls::Implicit(ca.server.clone()), None);
    let smtp = format!(
        "security = \"tls\"\nca_file = \"ca.pem\"\nusername = \"{USER}\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\""
    );
    let ug = group(&server, &smtp, Some(&ca)).env("UG_TEST_SMTP_PASSWORD", SECRET);
    let out = ug.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    out.success();
    assert_announced(&server.mail());
    assert!(server.received().iter().all(|r| r.encrypted));
    let auths = server.auths();
    assert!(!auths.is_empty());
    for a in auths {
        assert_eq!(
            a,
            Auth {
                mechanism: "PLAIN".into(),
                encrypted: true,
                ok: true
            }
        );
    }
    let log = fs::read_to_string(ug.path("group.sent.log")).unwrap();
    assert_no_part_of(SECRET, &[&out.stdout, &out.stderr, &log]);
}

#[test]
fn starttls_with_auth_login_and_a_password_cmd() {
    let ca = TestCa::new();
    let server = tls_server(Tls::Starttls(ca.server.clone()), Some("LOGIN"));
    // The command prints the password (and a newline that is not part of it).
    let smtp = format!(
        "security = \"starttls\"\nca_file = \"ca.pem\"\nusername = \"{USER}\"\npassword_cmd = \"cat pw.txt\""
    );
    let ug = group(&server, &smtp, Some(&ca)).file("pw.txt", format!("{SECRET}\n"));
    let out = ug.run_at(ANNOUNCE_DAY, &["remind", "--send", "--json"]);
    out.success();
    assert_eq!(server.mail().len(), MEMBERS.len());
    assert!(server.received().iter().all(|r| r.encrypted));
    let auths = server.auths();
    assert!(!auths.is_empty());
    assert!(
        auths
            .iter()
            .all(|a| a.mechanism == "LOGIN" && a.encrypted && a.ok),
        "{auths:?}"
    );
    assert_no_part_of(SECRET, &everything(&out));
}

#[test]
fn a_self_signed_certificate_is_rejected_with_the_ca_file_fix() {
    for tls in [
        Tls::Implicit(TestCa::self_signed().server),
        Tls::Starttls(TestCa::self_signed().server),
    ] {
        let starttls = matches!(tls, Tls::Starttls(_));
        let server = tls_server(tls, None);
        let security = if starttls { "starttls" } else { "tls" };
        let smtp = format!(
            "security = \"{security}\"\nusername = \"{USER}\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\""
        );
        let ug = group(&server, &smtp, None).env("UG_TEST_SMTP_PASSWORD", SECRET);
        for args in [&["remind", "--send"][..], &["remind", "--send", "--json"]] {
            let out = ug.run_at(ANNOUNCE_DAY, args);
            out.code(1)
                .stderr_has(&format!(
                    "TLS with the SMTP server 127.0.0.1:{} failed",
                    server.port
                ))
                .stderr_has("certificate")
                .stderr_has("set `ca_file = \"ca.pem\"` in [email.smtp]");
            assert_no_part_of(SECRET, &everything(&out));
        }
        assert!(server.mail().is_empty(), "{security}");
        assert!(server.auths().is_empty(), "{security}: no AUTH before TLS");
        assert!(ug.log().is_empty());
    }
}

#[test]
fn a_self_signed_ca_certificate_as_the_servers_own_gets_its_own_fix() {
    let ca = TestCa::self_signed_ca();
    let server = tls_server(Tls::Implicit(ca.server.clone()), None);
    let smtp = format!(
        "security = \"tls\"\nca_file = \"ca.pem\"\nusername = \"{USER}\"\npassword_env = \"P\""
    );
    let ug = group(&server, &smtp, Some(&ca)).env("P", SECRET);
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"])
        .code(1)
        .stderr_has("CaUsedAsEndEntity")
        .stderr_has("sign the server's certificate with a CA of your own");
    assert!(server.mail().is_empty() && server.auths().is_empty());
}

#[test]
fn a_ca_file_of_another_ca_does_not_help() {
    let (ca, other) = (TestCa::new(), TestCa::new());
    let server = tls_server(Tls::Implicit(ca.server.clone()), None);
    let smtp = format!(
        "security = \"tls\"\nca_file = \"ca.pem\"\nusername = \"{USER}\"\npassword_env = \"P\""
    );
    let ug = group(&server, &smtp, Some(&other)).env("P", SECRET);
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"])
        .code(1)
        .stderr_has("TLS with the SMTP server")
        .stderr_has("ca_file");
    assert!(server.mail().is_empty());

    // A ca_file that is not there, or holds no certificate: said before sending.
    let ug = ug.file("ca.pem", "not a certificate\n");
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"])
        .code(1)
        .stderr_has("ca.pem in [email.smtp] could not be read: it holds no certificate");
    fs::remove_file(ug.path("ca.pem")).unwrap();
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"])
        .code(1)
        .stderr_has("in [email.smtp] could not be read");
    assert!(server.mail().is_empty());
}

#[test]
fn a_wrong_password_is_refused_and_no_part_of_it_is_shown() {
    let ca = TestCa::new();
    let server = tls_server(Tls::Implicit(ca.server.clone()), None);
    let wrong = "Wr0ng-Battery-Staple";
    let smtp = format!(
        "security = \"tls\"\nca_file = \"ca.pem\"\nusername = \"{USER}\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\""
    );
    let ug = group(&server, &smtp, Some(&ca)).env("UG_TEST_SMTP_PASSWORD", wrong);
    for args in [&["remind", "--send"][..], &["remind", "--send", "--json"]] {
        let out = ug.run_at(ANNOUNCE_DAY, args);
        out.code(1).stderr_has("535");
        assert_no_part_of(wrong, &everything(&out));
    }
    assert!(server.mail().is_empty());
    assert!(server.auths().iter().all(|a| !a.ok && a.encrypted));
}

#[test]
fn a_failing_password_cmd_is_named_and_what_it_printed_is_not() {
    let server = tls_server(Tls::Implicit(TestCa::new().server), None);
    for (cmd, why) in [
        (
            "printf Tr0ub%s 4dor-out; printf Tr0ub%s 4dor-err >&2; exit 4",
            "failed (exit status 4)",
        ),
        ("printf '\\n'", "printed nothing"),
    ] {
        let smtp = format!(
            "security = \"tls\"\nusername = \"{USER}\"\npassword_cmd = \"{}\"",
            cmd.replace('\\', "\\\\")
        );
        let ug = group(&server, &smtp, None);
        for args in [&["remind", "--send"][..], &["remind", "--send", "--json"]] {
            let out = ug.run_at(ANNOUNCE_DAY, args);
            out.code(1)
                .stderr_has(&format!("password_cmd in [email.smtp] {why}"))
                .stderr_has(&format!("the command: `{cmd}`"));
            assert!(!out.stderr.contains("Tr0ub4dor") && !out.stdout.contains("Tr0ub4dor"));
        }
    }
    assert_eq!(server.connections(), 0, "nothing sent without a password");
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

fn chmod(ug: &Ug, rel: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(ug.path(rel), fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(ug: &Ug, rel: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(ug.path(rel)).unwrap().permissions().mode() & 0o777
}

#[test]
fn security_none_off_this_machine_needs_allow_insecure_and_never_carries_a_password() {
    let server = Server::plain();
    let at = |ug: &Ug| format!("group.toml:{}:12:", line_of(&ug.text(), "security = "));
    let off = |extra: &str| {
        let extra = extra.to_string();
        Ug::remind_fixture(server.port, move |t| {
            t.replace("host = \"127.0.0.1\"", "host = \"smtp.example.org\"")
                .replace(
                    "security = \"none\"",
                    &format!("security = \"none\"{extra}"),
                )
        })
    };
    let refused = off("");
    refused
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: {} security = \"none\" sends mail unencrypted to \"smtp.example.org\"",
            at(&refused)
        ))
        .stderr_has("add `allow_insecure = true` to [email.smtp]");
    // Nothing sent, nothing written.
    let before = refused.text();
    refused.run_at(ANNOUNCE_DAY, &["remind", "--send"]).code(1);
    assert_eq!(refused.text(), before);

    off("\nallow_insecure = true").run_with(["check"]).success();

    let with_password = off(&format!(
        "\nallow_insecure = true\nusername = \"{USER}\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\""
    ));
    with_password
        .run_with(["check"])
        .code(1)
        .stderr_has(&format!(
            "error: {} security = \"none\" would send the SMTP password unencrypted",
            at(&with_password)
        ));

    // To this machine, a password in clear is allowed (tests, a local relay).
    let local = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            &format!("security = \"none\"\nusername = \"{USER}\"\npassword_cmd = \"echo pw\""),
        )
    });
    local.run_with(["check"]).success();
}

#[test]
fn password_env_and_password_cmd_are_one_or_the_other() {
    let server = Server::plain();
    let both = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            &format!(
                "security = \"none\"\nusername = \"{USER}\"\npassword_env = \"P\"\npassword_cmd = \"pass show smtp\""
            ),
        )
    });
    both.run_with(["check"])
        .code(1)
        .stderr_has("[email.smtp] has both `password_env` and `password_cmd`: keep one");
    let neither = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            &format!("security = \"none\"\nusername = \"{USER}\""),
        )
    });
    neither
        .run_with(["check"])
        .code(1)
        .stderr_has("[email.smtp] needs `password_env` or `password_cmd`")
        .stderr_has("password_cmd = \"pass show smtp\"");

    // The password itself written into password_env: located, never quoted.
    let pasted = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            &format!("security = \"none\"\nusername = \"{USER}\"\npassword_env = \"{SECRET}\""),
        )
    });
    let line = line_of(&pasted.text(), "password_env = ");
    for args in [&["check"][..], &["check", "--json"], &["remind", "--send"]] {
        let out = pasted.run_at(ANNOUNCE_DAY, args);
        out.code(1);
        assert_no_part_of(SECRET, &everything(&out));
        if args == ["check"] {
            out.stderr_has(&format!(
                "error: group.toml:{line}:16: `password_env` in [email.smtp] is not the name of an environment variable"
            ));
        }
    }
}

#[test]
fn check_warns_about_readable_files_when_the_group_file_names_a_password_cmd() {
    let server = Server::start(Faults {
        auth: Some((USER.into(), SECRET.into())),
        ..Faults::default()
    });
    let ug = Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            &format!("security = \"none\"\nusername = \"{USER}\"\npassword_cmd = \"cat pw.txt\""),
        )
    })
    .file("pw.txt", SECRET);
    let at = format!(
        "warning: group.toml:{}:16:",
        line_of(&ug.text(), "password_cmd = ")
    );
    chmod(&ug, "group.toml", 0o644);
    ug.run_with(["check"])
        .success()
        .stderr_has(&format!(
            "{at} group.toml can be read by anyone on this machine (mode 644), and the group file names a password_cmd"
        ))
        .stderr_has("chmod 600 group.toml");
    let json = ug.run_with(["check", "--json"]);
    json.success();
    let warned = json.json().as_array().unwrap().iter().any(|d| {
        d["severity"] == "warning"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("group.toml can be read")
    });
    assert!(warned, "{}", json.stdout);

    chmod(&ug, "group.toml", 0o600);
    let quiet = ug.run_with(["check"]);
    quiet.success();
    assert!(!quiet.stderr.contains("can be read"), "{}", quiet.stderr);

    // The sent log ug writes is 0600; one that was readable is warned about.
    ug.run_at(ANNOUNCE_DAY, &["remind", "--send"]).success();
    assert_eq!(mode(&ug, "group.sent.log"), 0o600);
    chmod(&ug, "group.sent.log", 0o640);
    ug.run_with(["check"])
        .success()
        .stderr_has("group.sent.log can be read by the file's group (mode 640)")
        .stderr_has("chmod 600 group.sent.log");

    // Without a password_cmd, no warning.
    let env = Ug::remind_fixture(server.port, |t| t);
    chmod(&env, "group.toml", 0o644);
    let out = env.run_with(["check"]);
    out.success();
    assert!(!out.stderr.contains("can be read"), "{}", out.stderr);
}

#[test]
fn the_inbox_log_is_created_0600() {
    let ug = Ug::with_group(&support::repo_file("tests/fixtures/inbox/group.toml"))
        .at("2026-11-27T10:00:00");
    for d in [
        "mail/INBOX/cur",
        "mail/INBOX/new",
        "mail/INBOX/tmp",
        "mail/Sent/cur",
        "mail/Sent/new",
    ] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug.run_with(["inbox"]).success();
    assert_eq!(mode(&ug, "group.inbox.log"), 0o600);
}

/// The inbox fixtures' group, read over IMAP with these `[inbox.imap]` lines.
fn imap_group(imap: &str) -> Ug {
    let text = support::repo_file("tests/fixtures/inbox/group.toml");
    let cut = text.find("[inbox]").unwrap();
    Ug::with_group(&format!("{}[inbox]\n\n[inbox.imap]\n{imap}", &text[..cut]))
        .env("UG_TEST_IMAP_PW", SECRET)
}

#[test]
fn imap_verifies_the_certificate_with_the_same_roots() {
    // A TLS server on 127.0.0.1 (the test SMTP server: the handshake comes
    // before either protocol says a word). The Dovecot runs of the interop
    // tests go on to log in.
    for (ca, trusted) in [(TestCa::self_signed(), false), (TestCa::new(), true)] {
        let server = Server::start(Faults {
            tls: Some(Tls::Implicit(ca.server.clone())),
            ..Faults::default()
        });
        let mut imap = format!(
            "host = \"127.0.0.1\"\nport = {}\nsecurity = \"tls\"\nusername = \"{USER}\"\npassword_env = \"UG_TEST_IMAP_PW\"\n",
            server.port
        );
        if trusted {
            imap.push_str("ca_file = \"ca.pem\"\n");
        }
        let ug = imap_group(&imap).file("ca.pem", &ca.ca_pem);
        let out = ug.run_with(["inbox", "--json"]);
        out.code(1);
        assert_no_part_of(SECRET, &everything(&out));
        let tls_failed = format!("TLS with the IMAP server 127.0.0.1:{} failed", server.port);
        if trusted {
            // Past TLS: the server is no IMAP server, and says so in SMTP.
            assert!(!out.stderr.contains(&tls_failed), "{}", out.stderr);
            out.stderr_has("did not greet ug");
        } else {
            out.stderr_has(&tls_failed)
                .stderr_has("set `ca_file = \"ca.pem\"` in [inbox.imap]");
        }
        assert!(!ug.path("group.inbox.log").exists());
    }
}
