//! The property behind "one bad address never stops the mail", in-process:
//! for hostile addresses (quotes, brackets, IP literals, unicode, control
//! and invisible characters, `..`, `/`, a leading `-`, very long), every
//! one ug's one check accepts (what every intake records) yields a message
//! the sender builds: compose succeeds, lettre reads the recipient back,
//! the `To` header parses to it, its sent-log key reads back, the file
//! transport's file stays in the outbox and sendmail's argument is no
//! option. Every one it refuses is a skipped recipient, never an error
//! that stops the run.
//!
//! `UG_ADDRESS_CASES` sets the number of cases (default 2000); the seed is
//! fixed, so `cargo test` is repeatable.

use std::path::Path;

use chrono::NaiveDateTime;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use usergroup::mail::compose::{self, Templates};
use usergroup::mail::{Kind, SentKey, due, send};
use usergroup::model::units::parse_address;
use usergroup::model::{Group, Member, Spanned};

use crate::support::parse;

const LOCAL: &[&str] = &[
    "ann",
    "a",
    "x9",
    "o'neil",
    "a+tag",
    ".",
    "..",
    "\"",
    "\\",
    "[",
    "]",
    "/",
    "../",
    "-",
    "--",
    " ",
    "\t",
    "\r\n",
    "\0",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{200b}",
    "\u{a0}",
    "\u{feff}",
    "é",
    "日本",
    "@",
    ":",
    "<",
    ">",
    ",",
    ";",
    "(",
    ")",
    "=?utf-8?q?x?=",
    "%",
    "!",
    "`",
    "{",
    "|",
    "~",
    "#",
    "$",
    "&",
    "*",
    "=",
    "?",
    "^",
    "_",
];

const DOMAIN: &[&str] = &[
    "example",
    "org",
    ".",
    "..",
    "-",
    "[",
    "]",
    "127.0.0.1",
    "[127.0.0.1]",
    "IPv6:::1",
    "bücher",
    "xn--bcher-kva",
    "/",
    "localhost",
    " ",
    "_",
    "日本",
    "\u{202e}",
    ":",
    "@",
    "a1",
];

/// Pieces of addresses lettre takes, mostly: the accepted side gets cases.
const NEAR: &[&str] = &[
    "ann", "b", "x9", "o'neil", "+tag", ".", "é", "日本", "/", "%", "!", "-", "_", "=", "?", "{",
    "~", "#",
];

/// A hostile address: pieces put together in one of a few shapes.
fn address() -> impl Strategy<Value = String> {
    let part =
        |pieces: &'static [&'static str]| vec(select(pieces), 0..10).prop_map(|v| v.concat());
    let long = (1usize..300, select(&["a", "é", ".a", "-"][..])).prop_map(|(n, p)| p.repeat(n));
    let near = vec(select(NEAR), 1..6).prop_map(|v| v.concat());
    let shapes = (part(LOCAL), part(DOMAIN), near, long, 0u8..12);
    shapes.prop_map(|(l, d, near, long, shape)| match shape {
        0 => format!("{l}@{d}.org"),
        1 => format!("{l}@{d}"),
        2 => format!("\"{l}\"@{d}.example"),
        3 => format!("{l}@[{d}]"),
        4 => format!(" {l}@example.org "),
        5 => format!("{long}@example.org"),
        6 => format!("ann@{long}.example.org"),
        7 => format!("-{l}@example.org"),
        8 => format!("{near}@b\u{fc}cher.example"),
        9 => format!("{near}@{d}.example"),
        _ => format!("{near}@example.org"),
    })
}

/// A recipient's name, hostile too: it must never cost them their mail.
fn name() -> impl Strategy<Value = String> {
    select(
        &[
            "Ann",
            "",
            "\"Quoted\" <evil@x.org>",
            "A, B; C",
            "=?utf-8?q?Evil=0D=0ABcc:_x@evil.test?=",
            "Ünïcødé 日本",
            "new\r\nline",
            "back\\slash \"q\"",
        ][..],
    )
    .prop_map(str::to_string)
}

#[test]
fn every_accepted_address_yields_a_message_the_transports_take() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    let group = base_group();
    let templates = Templates::load(dir.path()).unwrap();
    let now: NaiveDateTime = "2026-11-24T09:00:00".parse().unwrap();
    let instant = usergroup::clock::local_instant(group.tz(), now.date(), now.time());
    let cases = std::env::var("UG_ADDRESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]),
    );
    let accepted = std::cell::Cell::new(0usize);
    let result = runner.run(&(address(), name()), |(addr, name)| {
        let mut g = group.clone();
        g.members = vec![Member {
            name: name.clone(),
            email: Spanned::new(addr.clone(), None),
            joined: None,
            unsubscribed: false,
            bounced: false,
        }];
        let dues: Vec<_> = due::due(&g, now, &|_| false)
            .into_iter()
            .filter(|d| d.kind == Kind::Announce)
            .collect();
        prop_assert_eq!(dues.len(), 1, "one announcement is due to {:?}", addr);
        let built = compose::build(
            &g,
            &dues[0],
            instant,
            &templates,
            &usergroup::token::Keys::default(),
        )
        .map_err(|e| TestCaseError::fail(format!("{addr:?}: a run-wide error: {e}")))?;
        let Ok(checked) = parse_address(&addr) else {
            // Refused: a skipped recipient, with why.
            let why = built.err().unwrap_or_default();
            prop_assert!(why.contains("invalid email address"), "{:?}: {}", addr, why);
            return Ok(());
        };
        accepted.set(accepted.get() + 1);
        let m = built.map_err(|why| TestCaseError::fail(format!("{addr:?} accepted: {why}")))?;
        let to = addr.trim();
        prop_assert_eq!(checked.to_string(), to);
        prop_assert!(
            to.parse::<lettre::Address>().is_ok(),
            "lettre refuses {:?}",
            to
        );
        prop_assert_eq!(&m.to, to);
        // The sent log reads the key back as it was written.
        let key = m.key.to_string();
        prop_assert_eq!(
            key.parse::<SentKey>().ok(),
            Some(m.key.clone()),
            "key {}",
            key
        );
        // A reader finds the recipient in the To header.
        let mail = parse(&m.bytes, None);
        // A non-ASCII address is written as UTF-8 (RFC 6532): the SMTP
        // session sends it only to a server that offers SMTPUTF8.
        let defects: Vec<_> = (mail.defects.iter())
            .filter(|d| to.is_ascii() || !d.starts_with("the header has the byte"))
            .collect();
        prop_assert!(defects.is_empty(), "{:?}: {:?}", addr, defects);
        prop_assert_eq!(mail.to.len(), 1, "{:?}", mail.to);
        prop_assert!(
            mail.to[0].eq_ignore_ascii_case(to),
            "{:?} read as {:?}",
            to,
            mail.to
        );
        // sendmail gets it after `--`, and it could not be an option anyway.
        prop_assert!(
            !to.starts_with('-') && !to.chars().any(|c| c.is_whitespace() || c.is_control())
        );
        // The file transport writes inside its folder only.
        let path = send::write_eml(&outbox, &m)
            .map_err(|e| TestCaseError::fail(format!("{addr:?}: file transport: {e}")))?;
        prop_assert_eq!(path.parent(), Some(outbox.as_path()));
        std::fs::remove_file(&path).unwrap();
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let accepted = accepted.get();
    assert!(
        accepted > cases as usize / 10,
        "too few accepted: {accepted}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the outbox"
    );
}

/// The remind fixture's group, sending with the file transport, its event
/// confirmed and its announcement due on Nov 24.
fn base_group() -> Group {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/remind/group.toml"),
    )
    .unwrap()
    .replace("port = PORT", "port = 1")
    .replace("transport = \"smtp\"", "transport = \"file\"");
    let now: NaiveDateTime = "2026-11-24T09:00:00".parse().unwrap();
    usergroup::store::check_text(&text, "group.toml", |_| now)
        .unwrap()
        .group
}
