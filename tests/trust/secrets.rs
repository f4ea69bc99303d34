//! SPEC §11, secrets: an SMTP server that echoes the AUTH line it was sent
//! (`535 5.7.8 AUTH PLAIN <base64 of user and password> rejected`) must not
//! get the password onto stderr, into `--json` or into `group.daily.log`.

use crate::support::{Faults, Server, Ug};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
const USER: &str = "organizers";
/// Random-looking, so none of its pieces is an ordinary word of the output.
const PASSWORD: &str = "Qz7vXk9wJm4Tq";

/// Standard base64, for the AUTH PLAIN blob the server echoes.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=c.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

/// Every 4-character piece of the password, of its AUTH PLAIN blob and of
/// its AUTH LOGIN line: none may be shown anywhere.
fn pieces() -> Vec<String> {
    let secrets = [
        PASSWORD.to_string(),
        base64(format!("\0{USER}\0{PASSWORD}").as_bytes()),
        base64(PASSWORD.as_bytes()),
    ];
    secrets
        .iter()
        .flat_map(|s| {
            let c: Vec<char> = s.chars().filter(|c| *c != '=').collect();
            c.windows(4)
                .map(|w| w.iter().collect())
                .collect::<Vec<String>>()
        })
        .collect()
}

#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    for p in pieces() {
        assert!(
            !text.contains(&p),
            "{what} shows {p:?} of the password:\n{text}"
        );
    }
}

/// The remind fixture logging in as `organizers` (the password from the
/// environment) to `server`.
fn group(server: &Server) -> Ug {
    Ug::remind_fixture(server.port, |t| {
        t.replace(
            "security = \"none\"",
            "security = \"none\"\nusername = \"organizers\"\npassword_env = \"UG_TEST_SMTP_PASSWORD\"",
        )
    })
    .env("UG_TEST_SMTP_PASSWORD", PASSWORD)
}

#[test]
fn an_smtp_server_echoing_the_auth_line_shows_no_password() {
    let server = Server::start(Faults {
        auth: Some((USER.into(), PASSWORD.into())),
        echo_auth: true,
        ..Faults::default()
    });
    let ug = group(&server);

    let run = ug.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1).stderr_has("535 5.7.8 AUTH PLAIN [redacted]");
    assert!(server.mail().is_empty());
    assert_no_secret("stderr", &run.stderr);
    assert_no_secret("stdout", &run.stdout);

    let json = ug.run_at(ANNOUNCE_DAY, &["--json", "remind", "--send"]);
    json.code(1);
    let text = format!("{}{}", json.stdout, json.stderr);
    assert!(text.contains("AUTH PLAIN [redacted]"), "{text}");
    assert_no_secret("--json", &text);

    let daily = ug.run_at(ANNOUNCE_DAY, &["daily"]);
    daily.code(1);
    assert_no_secret("ug daily", &format!("{}{}", daily.stdout, daily.stderr));
    let log = ug.read("group.daily.log");
    assert!(
        log.contains("AUTH PLAIN [redacted]"),
        "the daily log lacks the server's reply: {log}"
    );
    assert_no_secret("group.daily.log", &log);
    assert_no_secret("the sent log", &ug.log().join("\n"));
    assert!(server.mail().is_empty());
}

#[test]
fn the_pieces_checked_are_the_ones_a_server_would_echo() {
    // The test's base64 agrees with the server's blob (`\0user\0pass`).
    assert_eq!(base64(b"\0user\0pass"), "AHVzZXIAcGFzcw==");
    assert_eq!(base64(b"pw"), "cHc=");
    assert!(pieces().contains(&"Qz7v".to_string()));
}
