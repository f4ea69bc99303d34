//! OAuth2 instead of a password (issue 21, SPEC §13), end to end: the real
//! `ug` against the test SMTP server over verified TLS, the access token
//! from `oauth2_token_cmd`, handed over with SASL OAUTHBEARER (when the
//! server offers it) or XOAUTH2; a refused token is Gmail's exchange (the
//! JSON error challenge, then 535). The token is never shown: not on
//! stdout, stderr, in --json or in a log. (IMAP's AUTHENTICATE XOAUTH2:
//! the unit tests of src/secure/oauth.rs.)

#[path = "support/mod.rs"]
mod support;

use std::fs;

use support::{
    Auth, Faults, Server, TestCa, Tls, Ug, assert_announced, assert_no_part_of, everything,
};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
const USER: &str = "me@gmail.example";
const TOKEN: &str = "ya29.Qz7-Xk9_vW3jPm2Lq8Rt";

/// The remind fixture against `server` over TLS with the test CA, logging
/// in as `USER` with the token `token.txt` holds, and these lines added.
fn group(server: &Server, ca: &TestCa, token: &str, extra: &str) -> Ug {
    let lines = format!("username = \"{USER}\"\noauth2_token_cmd = \"cat token.txt\"{extra}");
    group_with(server, ca, token, &lines)
}

/// The same with these account lines.
fn group_with(server: &Server, ca: &TestCa, token: &str, lines: &str) -> Ug {
    let smtp = format!("security = \"tls\"\nca_file = \"ca.pem\"\n{lines}");
    Ug::remind_fixture(server.port, move |t| {
        t.replace("security = \"none\"", &smtp)
    })
    .file("ca.pem", &ca.ca_pem)
    .file("token.txt", format!("{token}\n"))
}

/// A Gmail-like server that takes `TOKEN` for `USER` with these mechanisms.
fn server(ca: &TestCa, mechanisms: &'static str, echo_auth: bool) -> Server {
    Server::start(Faults {
        tls: Some(Tls::Implicit(ca.server.clone())),
        auth: Some((USER.into(), TOKEN.into())),
        auth_only: Some(mechanisms),
        echo_auth,
        ..Faults::default()
    })
}

#[test]
fn a_good_token_sends_every_message_with_oauthbearer_when_offered_else_xoauth2() {
    let ca = TestCa::new();
    for (offered, used) in [
        ("XOAUTH2", "XOAUTH2"),
        ("XOAUTH2 OAUTHBEARER", "OAUTHBEARER"),
    ] {
        let server = server(&ca, offered, false);
        let ug = group(&server, &ca, TOKEN, "");
        let out = ug.run_at(ANNOUNCE_DAY, &["remind", "--send", "--json"]);
        out.success();
        assert_announced(&server.mail());
        let auths = server.auths();
        assert!(!auths.is_empty());
        for a in auths {
            assert_eq!(
                a,
                Auth {
                    mechanism: used.into(),
                    encrypted: true,
                    ok: true
                }
            );
        }
        let log = fs::read_to_string(ug.path("group.sent.log")).unwrap();
        assert_no_part_of(TOKEN, &[&out.stdout, &out.stderr, &log]);
        assert!(!ug.text().contains(TOKEN), "the token is never stored");
    }
}

#[test]
fn a_refused_token_is_a_clear_error_and_never_shown() {
    let ca = TestCa::new();
    let wrong = "ya29.Wr0ng-Expired_Tok3nZz";
    for (offered, echo) in [
        ("XOAUTH2", false),
        ("XOAUTH2 OAUTHBEARER", false),
        // A careless server that echoes the AUTH line (the token's base64).
        ("XOAUTH2", true),
    ] {
        let server = server(&ca, offered, echo);
        let ug = group(&server, &ca, wrong, "");
        for args in [&["remind", "--send"][..], &["remind", "--send", "--json"]] {
            let out = ug.run_at(ANNOUNCE_DAY, args);
            out.code(1)
                .stderr_has("refused the OAuth2 access token of \"me@gmail.example\"")
                .stderr_has("535 5.7.8")
                .stderr_has(
                    "check that oauth2_token_cmd in [email.smtp] prints a current access token",
                );
            assert_no_part_of(wrong, &everything(&out));
        }
        assert!(server.mail().is_empty());
        let auths = server.auths();
        // (An echoing server refuses before it checks.)
        assert!(echo || !auths.is_empty(), "{auths:?}");
        assert!(auths.iter().all(|a| !a.ok), "{auths:?}");
        // `ug daily` sends too, and logs what failed: never the token.
        let daily = ug.run_at(ANNOUNCE_DAY, &["daily"]);
        daily.stderr_has("refused the OAuth2 access token");
        let log = fs::read_to_string(ug.path("group.daily.log")).unwrap();
        assert!(log.contains("refused the OAuth2 access token"), "{log}");
        assert_no_part_of(wrong, &[&daily.stdout, &daily.stderr, &log]);
    }
}

#[test]
fn a_server_without_oauth_is_told_plainly() {
    let ca = TestCa::new();
    let server = server(&ca, "PLAIN LOGIN", false);
    let out = group(&server, &ca, TOKEN, "").run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    out.code(1).stderr_has(
        "does not take OAuth2 tokens (XOAUTH2 or OAUTHBEARER): it offers only AUTH PLAIN LOGIN",
    );
    assert!(server.auths().is_empty() && server.mail().is_empty());
}

#[test]
fn a_failing_token_command_is_named_and_what_it_printed_is_not() {
    let ca = TestCa::new();
    let server = server(&ca, "XOAUTH2", false);
    for (cmd, why) in [
        (
            "printf ya29.Le%s ak-out; printf ya29.Le%s ak-err >&2; exit 2",
            "failed (exit status 2)",
        ),
        ("printf '\\n'", "printed nothing"),
    ] {
        let lines = format!(
            "username = \"{USER}\"\noauth2_token_cmd = \"{}\"",
            cmd.replace('\\', "\\\\")
        );
        let ug = group_with(&server, &ca, TOKEN, &lines);
        for args in [&["remind", "--send"][..], &["remind", "--send", "--json"]] {
            let out = ug.run_at(ANNOUNCE_DAY, args);
            out.code(1)
                .stderr_has(&format!("oauth2_token_cmd in [email.smtp] {why}"))
                .stderr_has("so ug has no SMTP OAuth2 access token for \"me@gmail.example\"")
                .stderr_has(&format!("the command: `{cmd}`"));
            assert!(!out.stderr.contains("ya29.Leak") && !out.stdout.contains("ya29.Leak"));
        }
    }
    assert_eq!(server.connections(), 0, "nothing sent without a token");
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn a_token_command_and_a_password_are_one_or_the_other() {
    let ca = TestCa::new();
    let server = server(&ca, "XOAUTH2", false);
    for (key, extra) in [
        ("password_env", "\npassword_env = \"UG_SMTP_PASSWORD\""),
        ("password_cmd", "\npassword_cmd = \"pass show smtp\""),
    ] {
        let ug = group(&server, &ca, TOKEN, extra);
        let line = line_of(&ug.text(), "oauth2_token_cmd = ");
        let before = ug.text();
        ug.run_with(["check"])
            .code(1)
            .stderr_has(&format!(
                "error: group.toml:{line}:20: [email.smtp] has both `oauth2_token_cmd` and `{key}`"
            ))
            .stderr_has("keep `oauth2_token_cmd`");
        ug.run_at(ANNOUNCE_DAY, &["remind", "--send"]).code(1);
        assert_eq!(ug.text(), before, "nothing written");
    }
    let no_user = group_with(&server, &ca, TOKEN, "oauth2_token_cmd = \"cat token.txt\"");
    let line = line_of(&no_user.text(), "oauth2_token_cmd = ");
    no_user.run_with(["check"]).code(1).stderr_has(&format!(
        "error: group.toml:{line}:20: `oauth2_token_cmd` in [email.smtp] needs `username`"
    ));
    assert_eq!(server.connections(), 0);
}

#[test]
fn the_inbox_takes_a_token_command_or_a_password_not_both() {
    let text = support::repo_file("tests/fixtures/inbox/group.toml");
    let cut = text.find("[inbox]").unwrap();
    let imap = |lines: &str| {
        format!(
            "{}[inbox]\nanswer_within = \"2d\"\n\n[inbox.imap]\nhost = \"imap.gmail.com\"\nusername = \"{USER}\"\n{lines}",
            &text[..cut]
        )
    };
    let ok = Ug::with_group(&imap(
        "oauth2_token_cmd = \"oama access me@gmail.example\"\n",
    ));
    ok.run_with(["check"]).success();
    let both = imap(
        "password_cmd = \"pass show imap\"\noauth2_token_cmd = \"oama access me@gmail.example\"\n",
    );
    let line = line_of(&both, "oauth2_token_cmd = ");
    let ug = Ug::with_group(&both);
    for args in [&["check"][..], &["inbox"]] {
        ug.run_with(args).code(1).stderr_has(&format!(
            "group.toml:{line}:20: [inbox.imap] has both `oauth2_token_cmd` and `password_cmd`"
        ));
    }
    assert_eq!(ug.text(), both, "nothing written");
    assert!(!ug.path("group.inbox.log").exists());
}

#[test]
fn check_warns_about_a_readable_group_file_that_names_a_token_command() {
    use std::os::unix::fs::PermissionsExt;
    let ca = TestCa::new();
    let server = server(&ca, "XOAUTH2", false);
    let ug = group(&server, &ca, TOKEN, "");
    let line = line_of(&ug.text(), "oauth2_token_cmd = ");
    fs::set_permissions(ug.path("group.toml"), fs::Permissions::from_mode(0o644)).unwrap();
    ug.run_with(["check"])
        .success()
        .stderr_has(&format!(
            "warning: group.toml:{line}:20: group.toml can be read by anyone on this machine (mode 644), and the group file names an oauth2_token_cmd"
        ))
        .stderr_has("chmod 600 group.toml");
    fs::set_permissions(ug.path("group.toml"), fs::Permissions::from_mode(0o600)).unwrap();
    let quiet = ug.run_with(["check"]);
    quiet.success();
    assert!(!quiet.stderr.contains("can be read"), "{}", quiet.stderr);
}
