//! `ug inbox` over IMAP against a real Dovecot (Debian `dovecot-imapd`),
//! started by each test on 127.0.0.1 free ports with a throwaway config
//! in a tempdir: a passwd-file user (whose password is also the OAuth2
//! token XOAUTH2 and OAUTHBEARER take: Dovecot checks a token against the
//! passdb as a password), a static userdb whose mail is a
//! Maildir the test delivers into, plaintext logins allowed only because
//! it listens on loopback, and an imaps listener whose certificate is
//! signed by a throwaway CA (made with the openssl CLI).

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use super::available;
use crate::support::{Ug, repo_file, wait_until};

const DOVECOT: &str = "/usr/sbin/dovecot";
pub(crate) const USER: &str = "ug-test";
pub(crate) const PASSWORD: &str = "right-Horse-battery-9";
/// The mail user (Dovecot refuses root): `nobody`.
const MAIL_UID: u32 = 65534;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// True when Dovecot and openssl are here (else fails under UG_INTEROP=1).
pub(crate) fn have_dovecot() -> bool {
    available(
        "Dovecot",
        "dovecot-imapd",
        Command::new(DOVECOT).arg("--version"),
    ) && available("openssl", "openssl", Command::new("openssl").arg("version"))
}

/// A Dovecot serving one user's Maildir; stopped when dropped.
pub(crate) struct Dovecot {
    child: Child,
    dir: tempfile::TempDir,
    /// Plain IMAP (STARTTLS offered).
    pub(crate) imap: u16,
    /// IMAP over TLS.
    pub(crate) imaps: u16,
}

impl Dovecot {
    pub(crate) fn start() -> Dovecot {
        Dovecot::start_with("plain login xoauth2 oauthbearer")
    }

    /// The same offering these SASL mechanisms (`auth_mechanisms`).
    pub(crate) fn start_with(mechanisms: &str) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Dovecot's login and mail processes are not root: they must reach it.
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
        for sub in ["Maildir/new", "Maildir/cur", "Maildir/tmp", "home", "run"] {
            fs::create_dir_all(d.join(sub)).unwrap();
        }
        for sub in [
            "Maildir/.Sent/new",
            "Maildir/.Sent/cur",
            "Maildir/.Sent/tmp",
        ] {
            fs::create_dir_all(d.join(sub)).unwrap();
        }
        certificates(d);
        fs::write(
            d.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .unwrap();
        let (imap, imaps) = (free_port(), free_port());
        let p = d.display();
        let conf = format!(
            "base_dir = {p}/run\nlog_path = {p}/dovecot.log\nprotocols = imap\nlisten = 127.0.0.1\n\
             ssl = yes\nssl_cert = <{p}/server.pem\nssl_key = <{p}/server.key\n\
             # plaintext only because it listens on loopback\n\
             disable_plaintext_auth = no\nauth_mechanisms = {mechanisms}\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {p}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={MAIL_UID} gid={MAIL_UID} home={p}/home mail=maildir:{p}/Maildir\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    port = {imap}\n  }}\n  inet_listener imaps {{\n    port = {imaps}\n    ssl = yes\n  }}\n}}\n"
        );
        fs::write(d.join("dovecot.conf"), conf).unwrap();
        let mut server = Dovecot {
            child: Command::new(DOVECOT)
                .arg("-F")
                .arg("-c")
                .arg(d.join("dovecot.conf"))
                .spawn()
                .expect("start dovecot"),
            dir,
            imap,
            imaps,
        };
        server.own();
        let up = |port| TcpStream::connect(("127.0.0.1", port)).is_ok();
        wait_until(Duration::from_secs(20), "Dovecot to listen", || {
            up(imap) && up(imaps)
        });
        server
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Gives the Maildir to the mail user.
    fn own(&mut self) {
        chown_all(&self.path("Maildir"));
        chown_all(&self.path("home"));
    }

    /// Delivers `mail` into `folder` ("" for INBOX, ".Sent") as `name`.
    pub(crate) fn deliver(&mut self, folder: &str, name: &str, mail: &str) {
        let to = self.path(&format!("Maildir/{folder}/new/{name}"));
        fs::write(&to, mail).unwrap();
        self.own();
    }

    /// Every message file of the INBOX, as `new/NAME` or `cur/NAME`.
    pub(crate) fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            for e in fs::read_dir(self.path(&format!("Maildir/{sub}"))).unwrap() {
                out.push(format!(
                    "{sub}/{}",
                    e.unwrap().file_name().to_string_lossy()
                ));
            }
        }
        out.sort();
        out
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn chown_all(p: &Path) {
    chown(p, Some(MAIL_UID), Some(MAIL_UID)).unwrap();
    if p.is_dir() {
        for e in fs::read_dir(p).unwrap() {
            chown_all(&e.unwrap().path());
        }
    }
}

/// A throwaway CA (`ca.pem`) and a server certificate for 127.0.0.1
/// signed by it (`server.pem`, `server.key`) in `d`.
fn certificates(d: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=ug test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    fs::write(
        d.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
}

/// The inbox fixtures' group reading `server` over IMAP with `imap`
/// (security, port...) added to the `[inbox.imap]` table.
fn group(imap: &str) -> Ug {
    let text = repo_file("tests/fixtures/inbox/group.toml");
    let cut = text.find("[inbox]").unwrap();
    let text = format!(
        "{}[inbox]\nanswer_within = \"2d\"\n\n[inbox.imap]\nhost = \"127.0.0.1\"\nusername = \"{USER}\"\npassword_env = \"UG_TEST_IMAP_PASSWORD\"\nsent_folder = \"Sent\"\n{imap}",
        &text[..cut]
    );
    Ug::with_group(&text)
        .at("2026-11-27T10:00:00")
        .env("UG_TEST_IMAP_PASSWORD", PASSWORD)
}

fn fixture(name: &str) -> String {
    repo_file(&format!("tests/fixtures/inbox/{name}"))
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn inbox_over_imap_records_a_yes_once_and_leaves_the_mail_unseen() {
    if !have_dovecot() {
        return;
    }
    let mut server = Dovecot::start();
    server.deliver("", "1795507200.M1P1.mx", &fixture("gmail_yes.eml"));
    server.deliver("", "1795507800.M2P1.mx", &fixture("question.eml"));
    let ug = group(&format!("security = \"none\"\nport = {}\n", server.imap));
    let before = ug.text();

    ug.run_with(["inbox", "--dry-run"])
        .success()
        .stdout_has("RSVP yes for 2026-12-08")
        .stdout_has("Dry run: nothing recorded.");
    assert_eq!(ug.text(), before, "a dry run changes nothing");
    assert!(
        !ug.path("group.inbox.log").exists(),
        "a dry run records nothing"
    );

    ug.run_with(["inbox"])
        .success()
        .stdout_has("2 new messages:")
        .stdout_has("ann.mueller@gmail.com: yes, seat taken")
        .stdout_has("Waiting for a person (1):");
    let doc = crate::support::parse_toml(&ug.text());
    let rsvps = doc["events"][0]["rsvps"].as_array().unwrap();
    assert_eq!(rsvps.len(), 1);
    assert_eq!(rsvps[0]["email"].as_str(), Some("ann.mueller@gmail.com"));
    assert_eq!(rsvps[0]["status"].as_str(), Some("yes"));
    let log = fs::read_to_string(ug.path("group.inbox.log")).unwrap();
    assert!(log.contains("\trsvp\timap:INBOX:"), "{log}");

    let after = ug.text();
    ug.run_with(["inbox"]).success().stdout_has("No new mail.");
    assert_eq!(ug.text(), after, "a rerun changes nothing");
    assert_eq!(fs::read_to_string(ug.path("group.inbox.log")).unwrap(), log);

    // ug never marks, moves or deletes: both are still there, unseen.
    let files = server.files();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        let flags = f.split_once(":2,").map_or("", |(_, fl)| fl);
        assert!(!flags.contains('S'), "{f} was marked seen");
    }

    // An organizer's reply in the sent folder closes the question.
    let reply = "From: Maya <organizers@example.org>\r\nTo: samir.haddad@gmail.com\r\n\
Subject: Re: Rust Lakeside: Async in practice, Tue 8 Dec\r\n\
Message-ID: <answer1@example.org>\r\nIn-Reply-To: <CAB2m+QnZ4x7dLr1t0fGk@mail.gmail.com>\r\n\r\nYes, in the yard.\r\n";
    server.deliver(".Sent", "1795600000.M1P1.mx", reply);
    ug.run_with(["inbox"])
        .success()
        .stdout_has("No new mail.")
        .stdout_has("Answered: Re: Rust Lakeside: Async in practice, Tue 8 Dec");
    let out = ug.run_with(["inbox", "--json"]);
    out.success();
    assert_eq!(out.json()["waiting"].as_array().unwrap().len(), 0);
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn inbox_over_tls_needs_the_servers_ca_and_starttls_works() {
    if !have_dovecot() {
        return;
    }
    let mut server = Dovecot::start();
    server.deliver("", "1795507200.M1P1.mx", &fixture("gmail_yes.eml"));
    let ca = server.path("ca.pem");

    let refused = group(&format!("security = \"tls\"\nport = {}\n", server.imaps));
    refused
        .run_with(["inbox"])
        .code(1)
        .stderr_has(&format!(
            "TLS with the IMAP server 127.0.0.1:{} failed",
            server.imaps
        ))
        .stderr_has("set `ca_file");
    assert!(!refused.path("group.inbox.log").exists());

    let tls = group(&format!(
        "security = \"tls\"\nport = {}\nca_file = \"{}\"\n",
        server.imaps,
        ca.display()
    ));
    tls.run_with(["inbox"])
        .success()
        .stdout_has("ann.mueller@gmail.com: yes, seat taken");

    let starttls = group(&format!(
        "security = \"starttls\"\nport = {}\nca_file = \"{}\"\n",
        server.imap,
        ca.display()
    ));
    starttls
        .run_with(["inbox"])
        .success()
        .stdout_has("ann.mueller@gmail.com: yes, seat taken");
    starttls
        .run_with(["inbox"])
        .success()
        .stdout_has("No new mail.");
    let refused = group(&format!(
        "security = \"starttls\"\nport = {}\n",
        server.imap
    ));
    refused
        .run_with(["inbox"])
        .code(1)
        .stderr_has("set `ca_file");
}

#[test]
#[ignore = "interop: needs dovecot-imapd; .ci/run runs it"]
fn a_wrong_imap_password_is_a_clear_error_without_it() {
    if !have_dovecot() {
        return;
    }
    let server = Dovecot::start();
    let wrong = "wrong-Staple-77";
    let ug = group(&format!("security = \"none\"\nport = {}\n", server.imap))
        .env("UG_TEST_IMAP_PASSWORD", wrong);
    for args in [&["inbox"][..], &["inbox", "--json"]] {
        let out = ug.run_with(args);
        out.code(1)
            .stderr_has(&format!("refused the login of \"{USER}\""))
            .stderr_has("Authentication failed")
            .stderr_has("password_env or password_cmd");
        for part in [wrong, "Staple", "Horse"] {
            assert!(
                !out.stderr.contains(part) && !out.stdout.contains(part),
                "{part} shown: {}{}",
                out.stdout,
                out.stderr
            );
        }
    }
    let missing = group(&format!(
        "security = \"none\"\nport = {}\nfolder = \"Replies\"\n",
        server.imap
    ));
    missing
        .run_with(["inbox"])
        .code(1)
        .stderr_has("the folder \"Replies\" could not be opened")
        .stderr_has("\"INBOX\"");
}
