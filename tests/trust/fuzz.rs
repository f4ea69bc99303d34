//! SPEC §11 under fire: a seeded stream of hostile mail (forged `From`s of
//! members, strangers and unmailable forms; ug-looking Message-IDs and
//! `[ug:...]` tags whose token is random, legacy, a real token for another
//! address or one character off; auto-reply, list and bounce headers;
//! forged DSNs; `Authentication-Results` from servers nobody trusts; huge
//! names, subjects and 1 MB bodies; odd MIME) dropped into the Maildir of a
//! group with members, an event, a task that confirms the venue and an
//! asked talk. `ug inbox` then `ug remind --send` must change nothing in
//! the file, mail nobody but confirmation requests (one per address per
//! request a day), exit 0 or 1, never panic, and stay under [`RSS_LIMIT`].
//! Then a handful of proven replies do act (so the test can fail).
//!
//! `UG_HOSTILE_CASES` messages (default 1,000; `.ci/run` 10,000),
//! `UG_HOSTILE_SEED` for other ones. No message offers a talk: a proposal
//! by mail is recorded as `proposed` by design (SPEC §11 "Talks", tested in
//! tests/talks_propose.rs), which would change the file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::time::Duration;

use crate::support::{Rng, Ug, repo_file, rsvp_tag, ug_message_id, unsubscribe_tag};

/// The peak resident memory `ug inbox` may reach on the batch.
const RSS_LIMIT_KB: u64 = 200 * 1024;

/// 2026-11-24 08:00 UTC: the first delivery.
const NOV24: u64 = 1_795_507_200;

const DOMAIN: &str = "example.org";
const MEMBERS: [&str; 4] = [
    "ann.mueller@gmail.com",
    "kim@example.net",
    "lee@example.com",
    "zoe@example.de",
];
const PEOPLE: [&str; 3] = [
    "maya@example.org",
    "dana.w@gmail.com",
    "ben.okafor@proton.me",
];

fn count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().replace('_', "").parse().expect("a number"))
        .unwrap_or(default)
}

/// The inbox fixtures' group with more members, the venue task, an asked
/// talk, RSVPs open and the organizers' own mail server trusted.
fn group() -> Ug {
    let mut g = repo_file("tests/fixtures/inbox/group.toml")
        .replace(
            "status = \"open\"\n",
            "status = \"open\"\nconfirms = \"venue\"\n",
        )
        .replace(
            "[inbox]\n",
            "[inbox]\ntrust_authserv = \"mx.example.org\"\n",
        )
        .replace("[email]\n", "[email.file]\ndir = \"out\"\n\n[email]\n");
    for (i, m) in MEMBERS.iter().enumerate().skip(1) {
        let _ = write!(
            g,
            "\n[[members]]\nname = \"Member {i}\"\nemail = \"{m}\"\njoined = 2025-03-01\n"
        );
    }
    g.push_str(
        "\n[[talks]]\nid = 4\ntitle = \"Borrowing\"\nspeaker = \"ben\"\nminutes = 30\nkind = \"talk\"\nstatus = \"asked\"\nasked_on = 2026-11-20\n\n[signups]\nopens = \"30d\"\n",
    );
    let ug = Ug::with_group(&g).at("2026-11-27T10:00:00");
    for d in [
        "mail/INBOX/new",
        "mail/INBOX/cur",
        "mail/INBOX/tmp",
        "mail/Sent/cur",
    ] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug
}

/// What ug's mail is about (kind, middle), as its Message-IDs name it.
const ABOUT: [(&str, &str); 8] = [
    ("announce", "2026-12-08"),
    ("remind", "2026-12-08"),
    ("nudge", "3.2026-12-01"),
    ("ask", "7.2026-11-20"),
    ("talk-ask", "4"),
    ("confirm", "2026-11-27.join"),
    ("confirm", "2026-11-27.rsvp-yes-2.2026-12-08"),
    ("confirm", "2026-11-27.unsubscribe"),
];

fn pick<'a>(r: &mut Rng, xs: &[&'a str]) -> &'a str {
    xs[r.below(xs.len() as u64) as usize]
}

fn random_token(r: &mut Rng) -> String {
    (0..20)
        .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz234567"[r.below(32) as usize]))
        .collect()
}

/// A real token with one character changed (one to five bits off).
fn one_off(r: &mut Rng, token: &str) -> String {
    let mut b = token.as_bytes().to_vec();
    let i = r.below(b.len() as u64) as usize;
    let alphabet = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut c = alphabet[r.below(32) as usize];
    if c == b[i] {
        c = if c == b'a' { b'b' } else { b'a' };
    }
    b[i] = c;
    String::from_utf8(b).unwrap()
}

/// A token that proves nothing for `from`: random, a real one for another
/// address, or a real one for `from` one character off.
fn bad_token(r: &mut Rng, kind: &str, middle: &str, other: &str, from: &str) -> String {
    let real = |to: &str| {
        let id = ug_message_id(kind, middle, to, DOMAIN);
        id[..id.find('@').unwrap()]
            .rsplit('.')
            .next()
            .unwrap()
            .to_string()
    };
    match r.below(3) {
        0 => random_token(r),
        1 => real(other),
        _ => one_off(r, &real(from)),
    }
}

/// A ug-looking Message-ID that proves nothing for `from`.
fn bad_ref(r: &mut Rng, other: &str, from: &str) -> String {
    let (kind, middle) = ABOUT[r.below(ABOUT.len() as u64) as usize];
    if r.below(5) == 0 {
        let hex: String = (0..16).map(|_| format!("{:x}", r.below(16))).collect();
        return format!("<{kind}.{middle}.{hex}@{DOMAIN}>");
    }
    if r.below(4) == 0 {
        // A real Message-ID, as the other address received it.
        return format!("<{}>", ug_message_id(kind, middle, other, DOMAIN));
    }
    let t = bad_token(r, kind, &usergroup::token::clean(middle), other, from);
    format!("<{kind}.{}.{t}@{DOMAIN}>", usergroup::token::clean(middle))
}

/// A `[ug:...]` subject that proves nothing for `from`.
fn bad_subject(r: &mut Rng, other: &str, from: &str) -> String {
    let (text, kind, middle) = match r.below(4) {
        0 => ("RSVP yes 2026-12-08", "rsvp", "2026-12-08"),
        1 => ("RSVP no 2026-12-08", "rsvp", "2026-12-08"),
        2 => ("unsubscribe", "unsubscribe", ""),
        _ => ("done 3", "done", "3"),
    };
    let tag = match r.below(4) {
        0 if kind == "rsvp" => rsvp_tag("2026-12-08", other),
        0 => unsubscribe_tag(other),
        _ => format!("[ug:{}]", bad_token(r, kind, middle, other, from)),
    };
    format!("{text} {tag}")
}

const BODIES: [&str; 12] = [
    "yes",
    "No, sorry, I can't make it",
    "done",
    "unsubscribe",
    "join",
    "Yes! +2",
    "I'll be there\r\n\r\n-- \r\nSent from my iPhone",
    "please remove me from this list",
    "count me in",
    "subscribe",
    "\u{202e}sey\u{202c} yes \u{2066}+9\u{2069}",
    "yes\0\0\0 done\0",
];

/// One hostile message's bytes.
fn hostile(r: &mut Rng, n: u64) -> Vec<u8> {
    let everyone: Vec<&str> = MEMBERS.iter().chain(PEOPLE.iter()).copied().collect();
    let victim = pick(r, &everyone);
    let stranger = format!("stranger{}@evil.example", r.below(50));
    let (from_header, from_addr): (String, String) = match r.below(9) {
        0..=2 => (format!("Someone <{victim}>"), victim.to_string()),
        3 | 4 => (format!("<{stranger}>"), stranger.clone()),
        5 => (format!("\"{victim}\" <{stranger}>"), stranger.clone()),
        6 => ("<>".into(), String::new()),
        7 => (
            pick(
                r,
                &[
                    "no-at-sign",
                    "a@b@c",
                    "=?utf-8?b?YW5uQGV4YW1wbGUub3Jn?=@evil.example",
                    "\"quoted\\\"\"@",
                    "ann.mueller@gmail.com, lee@example.com",
                    "<ann.mueller@gmail.com",
                ],
            )
            .to_string(),
            String::new(),
        ),
        _ => (
            format!(
                "{} <{stranger}>",
                "N".repeat(20_000 + r.below(50_000) as usize)
            ),
            stranger.clone(),
        ),
    };
    // The address a stolen token belongs to: never one the From shows.
    let others: Vec<&str> = everyone
        .iter()
        .copied()
        .filter(|a| !from_header.to_lowercase().contains(&a.to_lowercase()))
        .collect();
    let other = pick(r, &others);
    let from = if from_addr.is_empty() {
        "x@y.z".to_string()
    } else {
        from_addr
    };
    let mut h = String::new();
    let _ = write!(h, "Message-ID: <hostile.{n}@evil.example>\r\n");
    if r.below(12) != 0 {
        let _ = write!(h, "From: {from_header}\r\n");
    }
    let _ = write!(h, "To: Rust Lakeside <rsvp@{DOMAIN}>\r\n");
    let subject = match r.below(6) {
        0 | 1 => bad_subject(r, other, &from),
        2 => format!("Re: {}", "S\u{200f}".repeat(r.below(30_000) as usize)),
        _ => "Re: Async in practice".into(),
    };
    let _ = write!(h, "Subject: {subject}\r\n");
    let kind_of_body = r.below(10);
    // Not beside a DSN: a real Message-ID of mail to the bounced address
    // is what makes a bounce count (SPEC §11 "Bounces").
    if r.below(4) != 0 && kind_of_body != 0 {
        let refs: Vec<String> = (0..=r.below(3)).map(|_| bad_ref(r, other, &from)).collect();
        let _ = write!(h, "In-Reply-To: {}\r\n", refs[0]);
        let _ = write!(h, "References: {}\r\n", refs.join(" "));
    }
    for _ in 0..r.below(3) {
        let extra = match r.below(8) {
            0 => "Auto-Submitted: auto-replied".to_string(),
            1 => "Auto-Submitted: no".to_string(),
            2 => "List-Id: <evil.lists.example>".to_string(),
            3 => format!(
                "Precedence: {}",
                pick(r, &["bulk", "list", "junk", "first-class"])
            ),
            4 => "Return-Path: <>".to_string(),
            5 => format!("Return-Path: <bounces+{}@{DOMAIN}>", random_token(r)),
            // The trusted server's own verdict on top, forged passes below.
            6 => format!(
                "Authentication-Results: mx.example.org; dmarc=fail header.from={0}\r\n\
                 Authentication-Results: mx.example.org; dmarc=pass header.from={0}",
                from.rsplit('@').next().unwrap_or("")
            ),
            _ => format!(
                "Authentication-Results: {}; dmarc=pass header.from={}",
                pick(r, &["evil.example", "mx.example.org.evil.example", "MX"]),
                from.rsplit('@').next().unwrap_or("")
            ),
        };
        let _ = write!(h, "{extra}\r\n");
    }
    let text = if r.below(200) == 0 {
        "yes ".repeat(260_000)
    } else {
        pick(r, &BODIES).to_string()
    };
    let body = match kind_of_body {
        0 => dsn(r, other),
        1 => {
            let depth = 1 + r.below(120);
            let mut b = String::new();
            for i in 0..depth {
                let _ = write!(
                    b,
                    "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
                );
            }
            let _ = write!(b, "Content-Type: text/plain\r\n\r\n{text}\r\n");
            b
        }
        2 => format!(
            "Content-Type: text/plain; charset=\"x-{}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            random_token(r),
            "!!@@==QUJD\0".repeat(1 + r.below(40) as usize)
        ),
        3 => format!("Content-Type: multipart/alternative\r\n\r\n--\r\n{text}\r\n--"),
        4 => format!(
            "Content-Type: text/html; charset=utf-7\r\n\r\n<p dir=rtl>+AGQ-{text}<script>\0</p>\r\n"
        ),
        _ => format!(
            "Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\n> earlier mail\r\n"
        ),
    };
    format!("{h}{body}").into_bytes()
}

/// A forged delivery report "for" `other`, quoting a Message-ID whose
/// token does not verify for them.
fn dsn(r: &mut Rng, other: &str) -> String {
    // Someone else than the bounced address: their real token proves nothing here.
    let to = if other == MEMBERS[0] {
        MEMBERS[1]
    } else {
        MEMBERS[0]
    };
    let t = bad_token(r, "announce", "2026-12-08", to, other);
    let quoted = if r.below(2) == 0 {
        format!("<announce.2026-12-08.{t}@{DOMAIN}>")
    } else {
        // A real Message-ID, but of mail to someone else.
        format!("<{}>", ug_message_id("announce", "2026-12-08", to, DOMAIN))
    };
    format!(
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n\
         --r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n\
         --r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; evil.example\r\n\r\n\
         Final-Recipient: rfc822; {other}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
         --r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {quoted}\r\nTo: {other}\r\n\r\n--r--\r\n"
    )
}

/// Runs `ug inbox` and polls its peak resident memory (VmHWM, a
/// high-water mark, so no peak is missed between polls): (exit code,
/// stderr, peak KB).
fn inbox_with_peak(ug: &Ug) -> (Option<i32>, String, u64) {
    let mut child = ug.spawn(&["inbox"]);
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let code = loop {
        if let Some(kb) = fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = peak.max(kb);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    (code, reader.join().unwrap(), peak)
}

/// The mails `ug remind --send` wrote into `out/`: (kind, to) each.
fn sent(ug: &Ug) -> Vec<(String, String, String)> {
    let Ok(dir) = fs::read_dir(ug.path("out")) else {
        return Vec::new();
    };
    dir.map(|e| {
        let text = fs::read_to_string(e.unwrap().path()).unwrap();
        let header = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let id = header("Message-ID:");
        let kind = id
            .trim_start_matches('<')
            .split('.')
            .next()
            .unwrap()
            .to_string();
        (kind, header("To:").to_lowercase(), id)
    })
    .collect()
}

#[test]
fn a_flood_of_hostile_mail_changes_nothing_and_mails_only_confirmation_requests() {
    let ug = group();
    // What was due goes out first (the announcement: members now hold
    // real tokens, which the flood steals), then the log starts clean.
    ug.run_with(["remind", "--send"]).success();
    fs::rename(ug.path("out"), ug.path("out-before")).unwrap();
    let before = ug.text();

    let cases = count("UG_HOSTILE_CASES", 1000);
    let mut r = Rng::new(count("UG_HOSTILE_SEED", 11));
    for n in 0..cases {
        let name = format!("{}.M{n}P7.mx", NOV24 + 60 + n * 7);
        fs::write(
            ug.path(&format!("mail/INBOX/new/{name}")),
            hostile(&mut r, n),
        )
        .unwrap();
    }
    let (code, stderr, peak) = inbox_with_peak(&ug);
    eprintln!("ug inbox on {cases} hostile messages: exit {code:?}, peak RSS {peak} KB");
    assert!(!stderr.contains("panicked"), "ug inbox panicked:\n{stderr}");
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}:\n{stderr}");
    assert!(
        peak > 0 && peak < RSS_LIMIT_KB,
        "peak RSS {peak} KB (limit {RSS_LIMIT_KB} KB)"
    );
    if ug.text() != before {
        let keep = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-mail");
        let _ = fs::create_dir_all(&keep);
        let _ = fs::write(keep.join("before.toml"), &before);
        let _ = fs::write(keep.join("after.toml"), ug.text());
        let _ = fs::copy(ug.path("group.inbox.log"), keep.join("group.inbox.log"));
        let _ = std::process::Command::new("cp")
            .arg("-r")
            .arg(ug.path("mail"))
            .arg(&keep)
            .status();
    }
    assert!(
        ug.text() == before,
        "hostile mail changed the group file:\n{}",
        crate::support::diff(&before, &ug.text())
    );

    let out = ug.run_with(["remind", "--send"]);
    out.success();
    assert_eq!(ug.text(), before, "the send changed the group file");
    // SPEC §11 says one automatic mail per address per day; main keys a
    // confirmation request by address and request (`confirm:DATE.ACTION`,
    // src/mail/replies.rs), so this asserts that, one per request a day.
    let mut per: HashMap<(String, String), u32> = HashMap::new();
    for (kind, to, id) in sent(&ug) {
        assert_eq!(
            kind, "confirm",
            "only confirmation requests go out, not {id} to {to}"
        );
        let request = id.split('.').take(3).collect::<Vec<_>>().join(".");
        *per.entry((to.clone(), request.clone())).or_default() += 1;
        assert!(
            per[&(to.clone(), request.clone())] <= 1,
            "{to} asked twice: {request}"
        );
    }
    eprintln!("{} confirmation requests", per.len());

    // The positive control: proven replies act.
    let proven = [
        (
            MEMBERS[0],
            format!(
                "In-Reply-To: <{}>\r\nSubject: Re: Async in practice",
                ug_message_id("announce", "2026-12-08", MEMBERS[0], DOMAIN)
            ),
            "yes",
        ),
        (
            MEMBERS[1],
            format!("Subject: unsubscribe {}", unsubscribe_tag(MEMBERS[1])),
            "",
        ),
        (
            PEOPLE[2],
            format!(
                "In-Reply-To: <{}>\r\nSubject: Re: Would you give a talk?",
                ug_message_id("talk-ask", "4", PEOPLE[2], DOMAIN)
            ),
            "Yes, happy to",
        ),
    ];
    for (i, (from, headers, body)) in proven.iter().enumerate() {
        let mail = format!(
            "Message-ID: <proven.{i}@mail.example.net>\r\nFrom: <{from}>\r\nTo: <rsvp@{DOMAIN}>\r\n{headers}\r\nContent-Type: text/plain\r\n\r\n{body}\r\n"
        );
        let name = format!("{}.M{i}P8.mx", NOV24 + 86_400 + i as u64);
        fs::write(ug.path(&format!("mail/INBOX/new/{name}")), mail).unwrap();
    }
    let out = ug.run_with(["inbox"]);
    assert!(matches!(out.code, Some(0 | 1)), "{out:?}");
    let after = ug.text();
    let doc = crate::support::parse_toml(&after);
    let rsvps = doc["events"][0]
        .get("rsvps")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    assert!(
        rsvps
            .iter()
            .any(|r| r["email"].as_str() == Some(MEMBERS[0])),
        "Ann's proven yes took a seat:\n{after}"
    );
    let kim = doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"].as_str() == Some(MEMBERS[1]))
        .unwrap();
    assert_eq!(
        kim.get("unsubscribed").and_then(|v| v.as_bool()),
        Some(true),
        "{after}"
    );
    let talk = doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"].as_integer() == Some(4))
        .unwrap();
    assert_ne!(
        talk["status"].as_str(),
        Some("asked"),
        "the speaker's proven yes answered the ask:\n{after}"
    );
}
