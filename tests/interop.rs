//! Interop tests: ug against programs it does not ship, from Debian. They are
//! `#[ignore]`d in the plain `cargo test` (which needs only Rust); `.ci/run`
//! installs the programs and runs them with
//! `UG_INTEROP=1 cargo test --test interop -- --ignored`. With `UG_INTEROP=1`
//! a missing program fails the test; without it, the test says it skipped.
//!
//! - `ug remind --send` to aiosmtpd (python3-aiosmtpd), the mail read back
//!   with mail-parser;
//! - the schedule rules against a live python-dateutil run (python3-dateutil),
//!   and the committed oracle output (`tests/fixtures/dateutil/`) against it;
//! - the man pages `ug man --dir` writes, rendered by man-db's `man`;
//! - `ug inbox` over IMAP against Dovecot (dovecot-imapd), `imap`, and
//!   with an OAuth2 token (AUTHENTICATE XOAUTH2 / OAUTHBEARER), `imap_oauth`;
//! - `ug remind --send` to aiosmtpd over implicit TLS and STARTTLS, with
//!   AUTH and a throwaway CA in `ca_file`, `smtp_tls`;
//! - SPEC §11's attacks APPENDed to Dovecot's INBOX with an INTERNALDATE,
//!   then `ug inbox` over IMAP, `trust`.

#[path = "support/mod.rs"]
mod support;

#[path = "interop/imap.rs"]
mod imap;
/// `ug inbox` logging in to Dovecot with an OAuth2 token (issue 21).
#[path = "interop/imap_oauth.rs"]
mod imap_oauth;
/// `ug site` checked by vnu, and by axe-core in chromium (issue 11).
#[path = "interop/site.rs"]
mod site;
/// `ug remind --send` to aiosmtpd over TLS with a test CA (issue 13).
#[path = "interop/smtp_tls.rs"]
mod smtp_tls;
/// SPEC §11 attacks over IMAP: forged mail APPENDed to Dovecot's INBOX.
#[path = "interop/trust.rs"]
mod trust;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use support::{MEMBERS, Mail, UNSUBSCRIBED, Ug, assert_announced, parse_mail, wait_until};
use usergroup::schedule::Rule;

/// Debian's interpreter, which has the python3-* packages (a `python3` on
/// PATH may be another one).
const PY: &str = "/usr/bin/python3";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// True when `probe` runs; else fails under `UG_INTEROP=1`, or says it skips.
fn available(what: &str, package: &str, probe: &mut Command) -> bool {
    let ok = probe
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    let fix = format!("install it with `apt-get install {package}` (or run .ci/run)");
    assert!(
        std::env::var_os("UG_INTEROP").is_none_or(|v| v != "1"),
        "{what} is missing and UG_INTEROP=1: {fix}"
    );
    eprintln!("SKIPPED: {what} is missing ({fix}; UG_INTEROP=1 makes this a failure)");
    false
}

fn python_module(module: &str, package: &str) -> bool {
    let what = format!("{PY} with the `{module}` module");
    available(
        &what,
        package,
        Command::new(PY).args(["-c", &format!("import {module}")]),
    )
}

/// aiosmtpd on a port it bound itself; stopped when dropped.
struct Aiosmtpd {
    child: Child,
    stdin: Option<ChildStdin>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Aiosmtpd {
    fn start() -> Aiosmtpd {
        Aiosmtpd::start_with(tempfile::tempdir().unwrap(), &[])
    }

    /// With `args` after the folder (`dir`): the TLS mode, files and account.
    fn start_with(dir: tempfile::TempDir, args: &[String]) -> Aiosmtpd {
        let mut child = Command::new(PY)
            .arg(repo("tests/interop/aiosmtpd_server.py"))
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start aiosmtpd_server.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("ready ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("aiosmtpd_server.py did not start: {line:?}"));
        Aiosmtpd {
            stdin: child.stdin.take(),
            child,
            port,
            dir,
        }
    }

    fn mail(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        parse_mail(&files)
    }
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[ignore = "interop: needs python3-aiosmtpd; .ci/run runs it"]
fn remind_send_to_aiosmtpd() {
    if !python_module("aiosmtpd", "python3-aiosmtpd") {
        return;
    }
    let server = Aiosmtpd::start();
    let g = Ug::remind_fixture(server.port, |t| t);

    // Announce day: every subscribed member, once, with the event attached.
    let run = g.run_at("2026-11-24T09:00:00", &["remind", "--send"]);
    run.success();
    assert!(
        run.stdout.contains("Sent 5 messages (5 announce)"),
        "{}",
        run.stdout
    );
    assert_announced(&server.mail());
    assert_eq!(g.log().len(), 5);
    assert!(g.text().contains("status = \"announced\""));

    // The day before: reminders to the members, a nudge; nothing twice.
    g.run_at("2026-12-07T09:00:00", &["remind", "--send"])
        .success();
    g.run_at("2026-12-07T09:00:00", &["remind", "--send"])
        .success();
    let mail = server.mail();
    let ids: BTreeSet<&str> = mail.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), mail.len(), "a message arrived twice");
    let reminded: BTreeSet<&str> = mail
        .iter()
        .filter(|m| m.message_id.contains("remind"))
        .map(Mail::rcpt)
        .collect();
    assert_eq!(reminded, MEMBERS.into_iter().collect());
    assert!(mail.iter().all(|m| m.rcpt() != UNSUBSCRIBED));
    // The log holds a line per key (a digest settles several with one
    // Message-ID, a skipped recipient has no Message-ID): it names exactly
    // the messages that arrived.
    let received: BTreeSet<String> = mail.iter().map(|m| m.message_id.clone()).collect();
    wait_until(Duration::from_secs(5), "the sent log", || {
        let logged: BTreeSet<String> = g
            .log()
            .iter()
            .filter_map(|l| l.split('\t').nth(2))
            .filter(|id| *id != "skipped")
            .map(str::to_string)
            .collect();
        logged == received
    });
}

/// The rules of `tests/fixtures/dateutil/cases.txt` against python-dateutil
/// now, and the committed oracle output against the same run.
#[test]
#[ignore = "interop: needs python3-dateutil; .ci/run runs it"]
fn schedule_rules_against_live_dateutil() {
    if !python_module("dateutil", "python3-dateutil") {
        return;
    }
    let out = Command::new(PY)
        .arg(repo("tests/fixtures/dateutil/regenerate.py"))
        .arg("--stdout")
        .output()
        .expect("run regenerate.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let live = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(repo("tests/fixtures/dateutil/expected.txt")).unwrap();
    assert!(
        live == committed,
        "tests/fixtures/dateutil/expected.txt differs from dateutil's output now: \
         run /usr/bin/python3 tests/fixtures/dateutil/regenerate.py"
    );

    let cases = std::fs::read_to_string(repo("tests/fixtures/dateutil/cases.txt")).unwrap();
    let cases = cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect(s);
    let (from, to) = (day("2026-01-01"), day("2030-12-31"));
    let mut n = 0;
    for (case, oracle) in cases.zip(live.lines().skip(1)) {
        let f: Vec<&str> = case.split('|').map(str::trim).collect();
        let rule = Rule::parse(f[0]).unwrap_or_else(|e| panic!("{}: {e}", f[0]));
        let anchor = (f[1] != "-").then(|| day(f[1]));
        let got: Vec<String> = rule
            .dates_from(from, anchor)
            .take_while(|d| *d <= to)
            .map(|d| d.to_string())
            .collect();
        let want: Vec<&str> = oracle
            .rsplit('|')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(got, want, "{} against dateutil {}", f[0], f[2]);
        n += 1;
    }
    assert!(n >= 30, "only {n} cases");
}

/// Every page `ug man --dir` writes renders with man-db without a warning.
#[test]
#[ignore = "interop: needs man-db; .ci/run runs it"]
fn man_pages_render_with_man() {
    if !available(
        "man-db's `man`",
        "man-db",
        Command::new("man").arg("--version"),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(support::UG)
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(pages.len() > 10, "{pages:?}");
    for page in &pages {
        let out = Command::new("man")
            .arg("-l")
            .arg(page)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.trim().is_empty(),
            "{}: {err}",
            page.display()
        );
        assert!(
            !out.stdout.is_empty(),
            "{} rendered nothing",
            page.display()
        );
    }
}
