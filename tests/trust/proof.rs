//! SPEC 11's proof, attacked by a stranger who can only send mail: each
//! attack is mail dropped into the bundled group's Maildir, then the real
//! `ug inbox` and `ug remind --send` (file transport: one `.eml` in
//! `outbox/` per message sent). Each shows that `group.toml` did not
//! change (byte for byte, or only as the SPEC allows) and who was mailed.
//! The legitimate paths each attack must not break are in `proof_paths.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::time::Instant;

use crate::support::{self, Mail, SAMPLE, Ug, parse_mail, parse_toml};

/// The domain of ug's Message-IDs: the bundled group's From address's.
pub const DOMAIN: &str = "lakeside.example.org";
/// Where mail to the group goes (its reply-to, and so the sign-ups address).
pub const GROUP: &str = "organizers@lakeside.example.org";
pub const EVENT: &str = "2026-12-08";
/// Noon in Madison on 2026-11-26: every run of these tests.
pub const NOON: &str = "2026-11-26T12:00:00";
/// 2026-11-26 09:00 in Madison (15:00 UTC): the first delivery.
const MORNING: i64 = 1_795_651_200 + 15 * 3600;

/// The bundled group, `edit`ed, with an empty Maildir; what is due on the
/// day (the announcement, an ask, a nudge...) already sent, so that what
/// a later send adds is what the mail of the test caused.
pub fn scene(edit: impl FnOnce(String) -> String) -> Ug {
    let ug = Ug::with_group(&edit(SAMPLE.to_string())).at(NOON);
    for d in ["mail/INBOX/new", "mail/INBOX/cur", "mail/INBOX/tmp"] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug.run_with(["remind", "--send"]).success();
    ug
}

/// Drops message `n` into the Maildir (arrived `n` minutes after 09:00,
/// and dated so): from `from`, to the group, with `extra` headers
/// (CRLF-ended) and `body`. Returns its Message-ID, without brackets.
pub fn deliver(ug: &Ug, n: usize, from: &str, subject: &str, extra: &str, body: &str) -> String {
    deliver_at(ug, n, arrival(n), from, subject, extra, body)
}

/// [`deliver`], arrived (and dated) at `at` (unix seconds).
fn deliver_at(
    ug: &Ug,
    n: usize,
    at: i64,
    from: &str,
    subject: &str,
    extra: &str,
    body: &str,
) -> String {
    let id = format!("m{n}.{at}@mail.example.net");
    let date = chrono::DateTime::from_timestamp(at, 0)
        .unwrap()
        .to_rfc2822();
    fs::write(
        ug.path(&format!("mail/INBOX/new/{at}.M{n}P9.trust")),
        format!(
            "From: {from}\r\nTo: {GROUP}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}\
             Date: {date}\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        ),
    )
    .unwrap();
    id
}

/// Drops `raw` as message `n` (see [`deliver`]).
pub fn deliver_raw(ug: &Ug, n: usize, raw: &str) {
    let name = format!("mail/INBOX/new/{}.M{n}P9.trust", arrival(n));
    fs::write(ug.path(&name), raw).unwrap();
}

/// Unix seconds of message `n`'s arrival.
pub fn arrival(n: usize) -> i64 {
    MORNING + 60 * i64::try_from(n).unwrap()
}

/// `In-Reply-To` and `References` naming `id`.
pub fn answering(id: &str) -> String {
    format!("In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n")
}

/// The names of the messages sent so far.
fn outbox(ug: &Ug) -> BTreeSet<String> {
    fs::read_dir(ug.path("outbox"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Every message sent so far.
pub fn all_sent(ug: &Ug) -> Vec<Mail> {
    parse_mail(
        &outbox(ug)
            .iter()
            .map(|n| ug.path(&format!("outbox/{n}")))
            .collect::<Vec<_>>(),
    )
}

/// `ug remind --send`: the messages it sent.
pub fn send(ug: &Ug) -> Vec<Mail> {
    send_at(ug, &ug.now())
}

/// `ug remind --send` at `now`: the mail it wrote to the outbox.
pub fn send_at(ug: &Ug, now: &str) -> Vec<Mail> {
    let before = outbox(ug);
    ug.run_at(now, &["remind", "--send"]).success();
    let new: Vec<_> = outbox(ug)
        .difference(&before)
        .map(|n| ug.path(&format!("outbox/{n}")))
        .collect();
    parse_mail(&new)
}

/// The kind of a message ug sent, from its Message-ID.
pub fn kind(m: &Mail) -> &str {
    m.message_id.split('.').next().unwrap_or_default()
}

/// `ug inbox --json`: the run's report.
pub fn inbox(ug: &Ug) -> serde_json::Value {
    ug.run_with(["inbox", "--json"]).success().json()
}

/// The senders of the mail waiting for a person.
pub fn waiting(ug: &Ug) -> Vec<String> {
    waiting_in(&inbox(ug))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The senders of the mail waiting for a person in a run's report `v`.
pub fn waiting_in(v: &serde_json::Value) -> Vec<&str> {
    v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["from"].as_str().unwrap())
        .collect()
}

/// A token that is not one: 20 base32 characters nobody signed.
const FORGED: &str = "k4jq7x2m3n5p6r8s9t2v";
/// What ug's Message-IDs ended in before tokens (16 hex digits).
const LEGACY: &str = "0123456789abcdef";

/// The member entry of `email` in the file.
pub fn member(ug: &Ug, email: &str) -> toml::Table {
    parse_toml(&ug.text())["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_table().unwrap().clone())
        .find(|m| m["email"].as_str() == Some(email))
        .unwrap_or_else(|| panic!("no member {email}"))
}

fn flag(m: &toml::Table, key: &str) -> bool {
    m.get(key).and_then(toml::Value::as_bool).unwrap_or(false)
}

#[test]
fn a_forged_done_to_a_nudge_confirms_nothing_and_announces_nothing() {
    // Task 12 confirms the venue: done, it would confirm 2026-12-08 and
    // the announcement (due since Nov 24) would go to every member.
    let ug = scene(|t| {
        t.replacen("status = \"confirmed\"", "status = \"planned\"", 1)
            .replacen(
                "title = \"Bring name tags and markers\"\nowner = \"rosa\"\ndue = 2026-12-07\n",
                "title = \"Bring name tags and markers\"\nowner = \"rosa\"\ndue = 2026-12-07\nconfirms = \"venue\"\n",
                1,
            )
    });
    assert!(ug.text().contains("confirms = \"venue\""));
    let file = ug.text();
    let nudge = |token: &str| format!("nudge.12.2026-12-04.{token}@{DOMAIN}");
    let mallory = "Mallory <mallory@evil.example>";
    // A made-up token, an old-format id, and Rosa's real token (her nudge,
    // forwarded): none proves Mallory.
    for (n, id) in [nudge(FORGED), nudge(LEGACY), rosas_id()]
        .iter()
        .enumerate()
    {
        deliver(
            &ug,
            n,
            mallory,
            "Re: Bring name tags",
            &answering(id),
            "done",
        );
    }
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "a stranger's \"done\" changed the file");
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("open")
    );
    let waiting = waiting_in(&v);
    assert_eq!(waiting, ["mallory@evil.example"; 3], "{v:#}");
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    assert_eq!(ug.text(), file);
    // Rosa's own reply to her nudge does it all (so the above was proof
    // missing, nothing else).
    let rosa = "Rosa Delgado <rosa.delgado@example.com>";
    deliver(
        &ug,
        9,
        rosa,
        "Re: Bring name tags",
        &answering(&rosas_id()),
        "done",
    );
    inbox(&ug);
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("done")
    );
    let sent = send(&ug);
    assert!(sent.iter().filter(|m| kind(m) == "announce").count() > 30);
}

/// The Message-ID of the nudge about task 12 that ug sends Rosa on Dec 4.
fn rosas_id() -> String {
    support::ug_message_id("nudge", "12.2026-12-04", "rosa.delgado@example.com", DOMAIN)
}

#[test]
fn a_strangers_talk_stays_proposed_off_the_agenda_the_mail_and_the_site() {
    let ug = scene(|t| t);
    let title = "Mining crypto with Django";
    let mallory = "Mallory <mallory@evil.example>";
    deliver(
        &ug,
        0,
        mallory,
        &format!("Talk proposal: {title}"),
        "",
        &format!("Hi! I'd like to give a talk on {title}."),
    );
    inbox(&ug);
    let proposed = ug.text();
    let talk = |text: &str| {
        parse_toml(text)["talks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_table().unwrap().clone())
            .find(|t| t["title"].as_str() == Some(title))
            .expect("the proposal is recorded")
    };
    let id = talk(&proposed)["id"].as_integer().unwrap();
    assert_eq!(talk(&proposed)["status"].as_str(), Some("proposed"));
    // "Accepting" it: a forged answer to an ask for it, and the real ask
    // to Kofi (talk 3, sent this morning) answered by Mallory.
    let kofis = all_sent(&ug)
        .into_iter()
        .find(|m| kind(m) == "talk-ask")
        .expect("the ask to Kofi")
        .message_id;
    let forged = format!("talk-ask.{id}.2026-11-26.{FORGED}@{DOMAIN}");
    deliver(
        &ug,
        1,
        mallory,
        "Re: Would you give a talk?",
        &answering(&forged),
        "Yes, gladly!",
    );
    deliver(
        &ug,
        2,
        mallory,
        "Re: Would you give a talk?",
        &answering(&kofis),
        "Yes, gladly!",
    );
    inbox(&ug);
    assert_eq!(ug.text(), proposed, "a forged acceptance changed the file");
    // The daily run (inbox, plan, send, site) and a send: nothing takes it.
    let before = outbox(&ug);
    ug.run_with(["daily"]).success();
    send(&ug);
    let after = ug.text();
    assert_eq!(talk(&after)["status"].as_str(), Some("proposed"));
    let t3 = parse_toml(&after)["talks"][2].clone();
    assert_eq!(t3["status"].as_str(), Some("asked"), "{t3:?}");
    let agenda = ug.agenda(EVENT);
    assert!(
        agenda.iter().all(|a| a["title"].as_str() != Some(title)),
        "on the agenda: {agenda:?}"
    );
    let mut reviewed = false;
    for n in outbox(&ug).difference(&before) {
        let raw = ug.read(&format!("outbox/{n}"));
        // The organizers' digest names it, to review (SPEC 8); nobody else.
        if n.starts_with("digest-day_") {
            reviewed |= raw.contains("Mining crypto");
            continue;
        }
        assert!(!raw.contains("Mining crypto"), "{n} names it");
    }
    assert!(reviewed, "the organizers were not told of the proposal");
    let mut pages = 0;
    for e in walk(&ug.path("public")) {
        pages += 1;
        let text = String::from_utf8_lossy(&fs::read(&e).unwrap()).into_owned();
        assert!(!text.contains("Mining crypto"), "{} shows it", e.display());
    }
    assert!(pages > 3, "the daily run wrote the site");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_forged_unsubscribe_asks_the_member_once_and_unsubscribes_nobody() {
    let ug = scene(|t| t);
    let file = ug.text();
    let ann = "ann.becker@example.com";
    // Plain "unsubscribe" from Ann's address, no token; then a second.
    deliver(
        &ug,
        0,
        &format!("Ann Becker <{ann}>"),
        "unsubscribe",
        "",
        "",
    );
    inbox(&ug);
    assert_eq!(ug.text(), file);
    let sent = send(&ug);
    let to: Vec<(&str, &str)> = sent.iter().map(|m| (kind(m), m.rcpt())).collect();
    assert_eq!(to, [("confirm", ann)], "one request to confirm, to Ann");
    deliver(
        &ug,
        1,
        &format!("Ann Becker <{ann}>"),
        "unsubscribe",
        "",
        "please",
    );
    inbox(&ug);
    assert_eq!(ug.text(), file);
    // The same day: not asked again. (At most one automatic answer per
    // address per day, whatever it is for, is being built elsewhere; what
    // holds now is one request per address, action and day.)
    assert!(send(&ug).is_empty(), "asked twice the same day");
    // A token made for another member proves nothing for Ann: the
    // unsubscribe link's tag, and the announcement's Message-ID, Marcus's.
    let marcus = "marcus.lee@example.net";
    let link = format!("unsubscribe {}", support::unsubscribe_tag(marcus));
    deliver(&ug, 2, &format!("Ann Becker <{ann}>"), &link, "", "");
    let his = support::ug_message_id("announce", EVENT, marcus, DOMAIN);
    deliver(
        &ug,
        3,
        ann,
        "Re: December talks night",
        &answering(&his),
        "unsubscribe",
    );
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "{v:#}");
    assert!(!flag(&member(&ug, ann), "unsubscribed"));
    assert!(!flag(&member(&ug, marcus), "unsubscribed"));
    let waiting = v["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 2, "{v:#}");
    assert!(send(&ug).is_empty());
}

#[test]
fn five_thousand_forged_joins_add_nobody_and_ask_each_address_once() {
    const JOINS: usize = 5_000;
    let ug = scene(|t| t);
    let file = ug.text();
    // One a second from 09:00: all the same day.
    let join = |n: usize, who: &str, subject: &str| {
        let at = arrival(0) + i64::try_from(n).unwrap();
        deliver_at(&ug, n, at, who, subject, "", "");
    };
    for n in 0..JOINS {
        join(n, &format!("victim{n}@example.com"), "join");
    }
    // A second "join" from the first 100: still one request each.
    for n in 0..100 {
        join(JOINS + n, &format!("victim{n}@example.com"), "subscribe");
    }
    // Liam left (`unsubscribed = true`): a "join" in his name is not him.
    let liam = "liam.oconnor@example.com";
    join(JOINS + 100, liam, "join");
    let started = Instant::now();
    let out = ug.run_with(["inbox"]);
    let took = started.elapsed();
    out.success();
    println!("ug inbox on {} forged joins: {took:.2?}", JOINS + 101);
    assert_eq!(ug.text(), file, "a forged join changed the file");
    assert!(flag(&member(&ug, liam), "unsubscribed"));
    // What went out, from the sent log (one line per message: time, key,
    // Message-ID, recipient): parsing 5,000 files would be the slow part.
    let logged = ug.log().len();
    let started = Instant::now();
    ug.run_with(["remind", "--send"]).success();
    println!(
        "ug remind --send of their requests to confirm: {:.2?}",
        started.elapsed()
    );
    let log = ug.log();
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for line in &log[logged..] {
        let f: Vec<&str> = line.split('\t').collect();
        // The day keys (`confirm-day:`) count automatic answers a day.
        if f[1].contains("-day:") {
            continue;
        }
        assert!(f[1].starts_with("confirm:"), "{line}");
        *per.entry(f[3]).or_default() += 1;
    }
    assert!(per.values().all(|n| *n == 1), "an address asked twice");
    assert_eq!(per.len(), JOINS, "each forged address asked once");
    assert!(
        !per.contains_key(liam),
        "Liam left: never mailed but to say so"
    );
    assert_eq!(ug.text(), file);
}

#[test]
fn a_mailto_rsvp_with_someone_elses_tag_or_one_bit_off_waits_for_a_person() {
    let ug = scene(|t| t);
    let file = ug.text();
    let ann = "ann.becker@example.com";
    let marcus = support::rsvp_tag(EVENT, "marcus.lee@example.net");
    let own = support::rsvp_tag(EVENT, ann);
    // Ann's own tag with the lowest bit of one character flipped.
    let bytes = own.as_bytes();
    let i = 6;
    let flipped = match bytes[i] {
        b'a'..=b'z' => ((bytes[i] - b'a') ^ 1) + b'a',
        b => b ^ 1,
    };
    let mut off = own.clone().into_bytes();
    off[i] = flipped;
    let off = String::from_utf8(off).unwrap();
    assert_ne!(off, own);
    for (n, tag) in [marcus, off].iter().enumerate() {
        deliver(&ug, n, ann, &format!("RSVP yes {EVENT} {tag}"), "", "");
    }
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "recorded: {v:#}");
    assert_eq!(waiting(&ug), [ann, ann]);
    assert!(send(&ug).is_empty());
    // Her own tag, unchanged: recorded at once.
    deliver(&ug, 2, ann, &format!("RSVP yes {EVENT} {own}"), "", "");
    inbox(&ug);
    assert!(
        ug.text().contains(&format!("{{ email = \"{ann}\"")),
        "not recorded"
    );
}

#[test]
fn a_question_whose_message_id_looks_like_ugs_is_listed_not_dropped() {
    let ug = scene(|t| t);
    let file = ug.text();
    let ids = [
        format!("announce.{EVENT}.{LEGACY}@{DOMAIN}"),
        format!("announce.{EVENT}.{FORGED}@{DOMAIN}"),
    ];
    for (n, id) in ids.iter().enumerate() {
        deliver_raw(
            &ug,
            n,
            &format!(
                "From: Sam <sam@example.com>\r\nTo: {GROUP}\r\nSubject: Parking?\r\n\
                 Message-ID: <{id}>\r\nDate: Thu, 26 Nov 2026 09:00:00 -0600\r\n\r\n\
                 Is there parking near the venue?\r\n"
            ),
        );
    }
    let v = inbox(&ug);
    let listed: Vec<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids, "{v:#}");
    assert_eq!(ug.text(), file);
    assert!(send(&ug).is_empty());
}
