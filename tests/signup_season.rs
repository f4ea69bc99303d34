//! The sign-up season (issue 10, "Done when"): 200 members, three confirmed
//! events with capacity, `[signups] confirm = true`. Every day from the
//! first announcement to after the last event, that day's replies (seeded:
//! yes, no, changes of mind, "yes +1", unsubscribes and joins (a bare one
//! done on the reply to ug's request to confirm it, SPEC 11), hard bounces,
//! vacation replies, questions) land in the Maildir, then cron runs
//! `ug inbox` and `ug remind --send`. At the end the file and the mail the
//! SMTP server got must match the rules of SPEC sections 4 and 5.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use support::{Mail, Rng, Server, Ug, parse_toml};

/// (id, capacity) of the three events, all at 18:30.
const EVENTS: [(&str, i64); 3] = [("2026-12-08", 40), ("2026-12-10", 60), ("2026-12-15", 30)];
const SIGNUPS: &str = "organizers@riverside.example";
const MEMBERS: usize = 200;
/// The answer mails about a seat (SPEC 4's "RSVPs are closed" is another).
const SEATS: [&str; 3] = ["rsvp-in", "rsvp-waitlist", "rsvp-promoted"];

fn member(i: usize) -> String {
    format!("m{i:03}@members.example")
}

/// The remind fixture with 200 members, three events, no task, an inbox.
fn group(port: u16) -> Ug {
    let mut members = String::new();
    for i in 0..MEMBERS {
        members.push_str(&format!(
            "[[members]]\nname = \"Member {i}\"\nemail = \"{}\"\n\n",
            member(i)
        ));
    }
    let mut events = String::new();
    for (id, cap) in EVENTS {
        events.push_str(&format!(
            "[[events]]\nid = \"{id}\"\ntitle = \"Talks {id}\"\nstart = {id}T18:30:00\n\
             duration = \"2h30m\"\nformat = \"talks\"\nvenue = \"hall\"\nsponsors = [\"pizzaco\"]\n\
             status = \"confirmed\"\ncapacity = {cap}\n\n[[events.agenda]]\ntitle = \"Doors open\"\n\
             kind = \"social\"\nminutes = 30\n\n[[events.agenda]]\ntitle = \"A talk\"\nkind = \"talk\"\n\
             minutes = 30\nspeaker = \"maria\"\n\n"
        ));
    }
    Ug::remind_fixture(port, move |t| {
        let head = &t[..t.find("[[members]]").unwrap()];
        let tail = &t[t.find("[reminders]").unwrap()..];
        format!(
            "{head}{members}{events}{tail}\n[signups]\nconfirm = true\n\n[inbox]\nmaildir = \"mail/INBOX\"\n"
        )
    })
}

/// Days since 1970-01-01 of a civil date.
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn iso(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn day_of(id: &str) -> i64 {
    let p: Vec<i64> = id.split('-').map(|x| x.parse().unwrap()).collect();
    days(p[0], p[1], p[2])
}

/// An RFC 5322 date (UTC) for `secs` since the epoch.
fn rfc2822(secs: i64) -> String {
    let day = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    let (y, m, d) = civil(day);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][day.rem_euclid(7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1) as usize];
    format!(
        "{wd}, {d} {mon} {y} {:02}:{:02}:{:02} +0000",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The kind and event of a mail, from its Message-ID (`rsvp-in.2026-12-08....`).
fn kind(m: &Mail) -> (String, String) {
    let mut it = m.message_id.split('.');
    let k = it.next().unwrap_or_default().to_string();
    let e = it.next().unwrap_or_default().to_string();
    (k, e)
}

/// One message dropped into the Maildir.
struct Drop {
    at: i64,
    text: String,
}

/// One RSVP reply: (arrival, yes, guests).
type Reply = (i64, bool, i64);

/// What the test sent and expects, kept as it goes.
#[derive(Default)]
struct Book {
    /// (event, person) -> each RSVP reply: (arrival, yes, guests).
    rsvps: BTreeMap<(String, String), Vec<Reply>>,
    /// person -> the day (number) the unsubscribe took effect: the day of
    /// a reply to ug's mail saying so, or of the reply to ug's request to
    /// confirm a bare "unsubscribe" (SPEC 11).
    unsubscribed: BTreeMap<String, i64>,
    /// person -> the day their reply to the request to confirm their
    /// "join" was dropped (a join takes effect only then).
    joined: BTreeMap<String, i64>,
    /// Who wrote a bare "unsubscribe" or "join" (no proof): each must be
    /// asked to confirm once.
    to_confirm: BTreeSet<String>,
    /// The confirmation requests answered, by Message-ID.
    confirmed: BTreeSet<String>,
    bounced: BTreeMap<String, i64>,
    autoreplied: BTreeSet<(String, String)>,
    questions: Vec<String>,
    /// (event, person): a yes after the event began.
    late: Vec<(String, String)>,
    /// Messages dropped into the Maildir.
    dropped: usize,
    n: usize,
}

impl Book {
    fn header(&mut self, from: &str, at: i64, subject: &str, extra: &str) -> String {
        self.n += 1;
        format!(
            "From: {from}\r\nTo: {SIGNUPS}\r\nSubject: {subject}\r\nDate: {}\r\n\
             Message-ID: <s{}.{at}@mail.example.com>\r\n{extra}MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n",
            rfc2822(at),
            self.n
        )
    }

    fn reply(&mut self, who: &str, announce: &Mail, at: i64, body: &str) -> Drop {
        let id = &announce.message_id;
        let h = self.header(
            who,
            at,
            &format!("Re: {}", announce.subject),
            &format!("In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n"),
        );
        Drop {
            at,
            text: format!(
                "{h}{body}\r\n\r\nOn some day, Rust Riverside wrote:\r\n> Reply yes to save a seat (or no).\r\n"
            ),
        }
    }
}

impl Book {
    /// A DSN (RFC 3464): `who` does not exist, a hard bounce. It returns
    /// the headers of ug's mail `returned` to them, whose Message-ID's
    /// token proves the bounce (SPEC 11).
    fn bounce(&mut self, who: &str, returned: &Mail, at: i64) -> Drop {
        let h = self.header(
            "MAILER-DAEMON@mx.example.org (Mail Delivery System)",
            at,
            "Undelivered Mail Returned to Sender",
            "Auto-Submitted: auto-replied\r\n",
        );
        let h = h.replace(
            "Content-Type: text/plain; charset=utf-8",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"",
        );
        Drop {
            at,
            text: format!(
                "{h}--BB\r\nContent-Type: text/plain\r\n\r\n<{who}>: 550 5.1.1 User unknown\r\n\r\n\
                 --BB\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n\
                 Final-Recipient: rfc822; {who}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
                 Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n\
                 --BB\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {SIGNUPS}\r\nTo: {who}\r\n\
                 Subject: {}\r\nMessage-ID: <{}>\r\n\r\n--BB--\r\n",
                returned.subject, returned.message_id
            ),
        }
    }

    /// A vacation auto-reply to the announcement (it even opens with "No").
    fn vacation(&mut self, who: &str, announce: &Mail, at: i64) -> Drop {
        let mut d = self.reply(
            who,
            announce,
            at,
            "No, I am travelling until January. Your mail will not be forwarded.",
        );
        d.text = d.text.replacen(
            "MIME-Version",
            "X-Autoreply: yes\r\nAuto-Submitted: auto-replied\r\nMIME-Version",
            1,
        );
        d
    }
}

/// `ug inbox` then `ug remind --send` at `now`; both must succeed.
fn cron(g: &Ug, now: &str) {
    g.run_at(now, &["inbox"]).success();
    g.run_at(now, &["remind", "--send"]).success();
}

#[test]
fn a_season_of_replies_ends_with_the_seats_waitlists_and_mails_the_rules_say() {
    let server = Server::plain();
    let g = group(server.port);
    for d in ["mail/INBOX/cur", "mail/INBOX/tmp", "mail/INBOX/new"] {
        fs::create_dir_all(g.path(d)).unwrap();
    }
    // Another season: `SEASON_SEED=7 cargo test --test signup_season`.
    let seed = std::env::var("SEASON_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    let mut rng = Rng::new(seed.unwrap_or(0x5ea5_0010));
    let mut book = Book::default();
    // Who does what: a few never answer RSVPs and leave, bounce or are away.
    let unsub: Vec<String> = (190..196).map(member).collect();
    let bouncing: Vec<String> = (196..198).map(member).collect();
    let away: Vec<String> = (198..200).map(member).collect();
    let first = day_of("2026-11-24");
    let last = day_of("2026-12-17");
    // The mail count after each day's `ug inbox`, to date what came after.
    let mut after_inbox: BTreeMap<i64, usize> = BTreeMap::new();
    for day in first..=last {
        let today = iso(day);
        // (event, rcpt) -> the announcement, from the mail so far.
        let announced: BTreeMap<(String, String), Mail> = server
            .mail()
            .into_iter()
            .filter(|m| kind(m).0 == "announce")
            .map(|m| ((kind(&m).1, m.rcpt().to_string()), m))
            .collect();
        let mut drops: Vec<Drop> = Vec::new();
        let base = day * 86_400 + 9 * 3600;
        let mut t = base;
        let mut tick = |rng: &mut Rng| {
            t += 60 + rng.below(600) as i64;
            t
        };
        for (id, _) in EVENTS {
            if day == day_of(id) {
                // Two answers after the doors opened: too late, not recorded.
                for n in 0..2 {
                    let who = member(rng.below(190) as usize);
                    let key = (id.to_string(), who.clone());
                    if book.rsvps.contains_key(&key) {
                        continue;
                    }
                    let Some(ann) = announced.get(&key) else {
                        continue;
                    };
                    let at = day * 86_400 + 18 * 3600 + n * 60;
                    drops.push(book.reply(&who, ann, at, "Yes"));
                    book.late.push(key);
                }
            }
            // Replies from the day after the announcement to the day before.
            if day >= day_of(id) || !announced.keys().any(|(e, _)| e == id) {
                continue;
            }
            for _ in 0..(5 + rng.below(3)) {
                let who = member(rng.below(190) as usize);
                let Some(ann) = announced.get(&(id.to_string(), who.clone())) else {
                    continue;
                };
                let key = (id.to_string(), who.clone());
                let prev = book.rsvps.get(&key).and_then(|v| v.last()).map(|r| r.1);
                // A change of mind for one who answered; else mostly yes.
                let yes = match prev {
                    Some(p) => !p,
                    None => rng.below(5) != 0,
                };
                let guests = i64::from(yes && prev.is_none() && rng.below(4) == 0);
                let body = match (yes, guests) {
                    (true, 1) => "Yes +1",
                    (true, _) => ["Yes", "yes please", "Count me in!"][rng.below(3) as usize],
                    (false, _) => ["No, sorry", "Can't make it, sorry"][rng.below(2) as usize],
                };
                let at = tick(&mut rng);
                // Some change their mind from a client that writes the
                // address in capitals: the same person.
                let from = match prev {
                    Some(_) if rng.below(3) == 0 => who.to_uppercase(),
                    _ => who.clone(),
                };
                drops.push(book.reply(&from, ann, at, body));
                book.rsvps.entry(key).or_default().push((at, yes, guests));
            }
        }
        // A question most days, someone leaving or joining now and then.
        if rng.below(3) == 0 {
            let who = member(rng.below(190) as usize);
            let at = tick(&mut rng);
            let ask = "Is there a bike rack at the hall? And step-free access?";
            // Half of them in reply to an announcement, half on their own.
            let ann = announced
                .iter()
                .find(|((_, r), _)| *r == who)
                .map(|(_, m)| m);
            match ann {
                Some(ann) if rng.below(2) == 0 => drops.push(book.reply(&who, ann, at, ask)),
                _ => {
                    let h = book.header(&who, at, "Question about the venue", "");
                    drops.push(Drop {
                        at,
                        text: format!("{h}{ask}\r\n"),
                    });
                }
            }
            book.questions
                .push(format!("s{}.{at}@mail.example.com", book.n));
        }
        // Each request to confirm (SPEC 11) sent so far is answered the
        // next day: that reply is the join or the unsubscribe.
        let asked: Vec<Mail> = server
            .mail()
            .into_iter()
            .filter(|m| kind(m).0 == "confirm" && !book.confirmed.contains(&m.message_id))
            .collect();
        for m in asked {
            let who = m.rcpt().to_string();
            let at = tick(&mut rng);
            let id = m.message_id.clone();
            let h = book.header(
                &who,
                at,
                &format!("Re: {}", m.subject),
                &format!("In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n"),
            );
            drops.push(Drop {
                at,
                text: format!(
                    "{h}Yes, that was me.\r\n\r\n> To confirm, just reply to this mail\r\n"
                ),
            });
            if id.contains(".join.") {
                book.joined.insert(who, day);
            } else {
                assert!(id.contains(".unsubscribe."), "{id}");
                book.unsubscribed.insert(who, day);
            }
            book.confirmed.insert(id);
        }
        let k = (day - first) as usize;
        if k < unsub.len() * 2 && k % 2 == 1 {
            let who = unsub[k / 2].clone();
            let at = tick(&mut rng);
            // Half answer "unsubscribe" to ug's mail (proven: at once),
            // half write it on their own (asked to confirm first).
            let ann = announced
                .iter()
                .find(|((_, r), _)| *r == who)
                .map(|(_, m)| m);
            match ann {
                Some(ann) if k % 4 == 1 => {
                    drops.push(book.reply(&who, ann, at, "unsubscribe"));
                    book.unsubscribed.insert(who, day);
                }
                _ => {
                    let h = book.header(&who, at, "unsubscribe", "");
                    drops.push(Drop {
                        at,
                        text: format!("{h}Please take me off the list.\r\n"),
                    });
                    book.to_confirm.insert(who);
                }
            }
        }
        if k < 6 && k.is_multiple_of(2) {
            let who = format!("new{k}@joiners.example");
            let at = tick(&mut rng);
            let h = book.header(&who, at, "join", "");
            drops.push(Drop {
                at,
                text: format!("{h}I'd like to be on the list.\r\n"),
            });
            book.to_confirm.insert(who);
        }
        if (2..6).contains(&k) {
            // Two hard bounces for each of two members, on days 2..5, each
            // returning an announcement ug sent them.
            let who = bouncing[k % 2].clone();
            let at = tick(&mut rng);
            let returned = announced
                .iter()
                .find(|((_, r), _)| *r == who)
                .map(|(_, m)| m.clone())
                .unwrap_or_else(|| panic!("{today}: nothing was sent to {who} to bounce"));
            drops.push(book.bounce(&who, &returned, at));
            book.bounced.insert(who, day);
        }
        for who in &away {
            // Vacation replies to every announcement they get.
            for ((e, r), ann) in &announced {
                if r == who && book.autoreplied.insert((who.clone(), e.clone())) {
                    let at = tick(&mut rng);
                    drops.push(book.vacation(who, ann, at));
                }
            }
        }
        for d in drops {
            book.n += 1;
            let name = format!("mail/INBOX/new/{}.M{}P1.season", d.at, book.n);
            fs::write(g.path(&name), d.text).unwrap();
            book.dropped += 1;
        }
        let now = format!("{today}T21:00:00");
        g.run_at(&now, &["inbox"]).success();
        after_inbox.insert(day, server.mail().len());
        g.run_at(&now, &["remind", "--send"]).success();
    }
    check(&g, &server, &book, &after_inbox);
    // Both again on the last day: nothing new is sent, nothing changes.
    let (text, sent) = (g.text(), server.mail().len());
    cron(&g, &format!("{}T21:30:00", iso(last)));
    assert_eq!(server.mail().len(), sent, "a rerun sent mail again");
    assert_eq!(g.text(), text, "a rerun changed the file");
    // A question is listed until it is answered: closing one lists the rest.
    let q = &book.questions[0];
    g.run_with(["inbox", "done", &format!("<{q}>")]).success();
    let v = g.run_with(["inbox", "--json"]).success().json();
    let left: BTreeSet<&str> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = book.questions[1..].iter().map(String::as_str).collect();
    assert_eq!(left, want, "what still waits for a person");
}

/// The members and RSVP lines of the file, parsed with `toml`.
fn rsvp_lines(doc: &toml::Table, id: &str) -> Vec<toml::Table> {
    let ev = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some(id))
        .unwrap();
    ev.get("rsvps")
        .and_then(|r| r.as_array())
        .map(|a| a.iter().map(|l| l.as_table().unwrap().clone()).collect())
        .unwrap_or_default()
}

fn member_entry(doc: &toml::Table, who: &str) -> Option<toml::Table> {
    doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_table().unwrap().clone())
        .find(|m| m["email"].as_str() == Some(who))
}

fn flag(m: &toml::Table, key: &str) -> bool {
    m.get(key).and_then(|v| v.as_bool()).unwrap_or(false)
}

fn check(g: &Ug, server: &Server, book: &Book, after_inbox: &BTreeMap<i64, usize>) {
    let doc = parse_toml(&g.text());
    let mail = server.mail();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for m in &mail {
        *kinds.entry(kind(m).0).or_default() += 1;
    }
    let ids: BTreeSet<&str> = mail.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), mail.len(), "a Message-ID twice: {kinds:?}");
    // Each member hears of each event once: announcement, reminder,
    // release request, waiting note.
    let mut once: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for m in &mail {
        let (k, e) = kind(m);
        if ["announce", "remind", "release", "waiting"].contains(&k.as_str()) {
            *once.entry((m.rcpt().to_string(), k, e)).or_default() += 1;
        }
    }
    let twice: Vec<_> = once.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
    // ug never deletes or moves mail.
    let kept = fs::read_dir(g.path("mail/INBOX/new")).unwrap().count();
    assert_eq!(kept, book.dropped, "files in the Maildir");
    let replies: usize = book.rsvps.values().map(Vec::len).sum();
    assert!(replies > 200, "{replies} RSVP replies");

    for (id, cap) in EVENTS {
        let lines = rsvp_lines(&doc, id);
        let status = |l: &toml::Table| l["status"].as_str().unwrap().to_string();
        let party = |l: &toml::Table| 1 + l.get("guests").and_then(|x| x.as_integer()).unwrap_or(0);
        let taken: i64 = lines.iter().filter(|l| status(l) == "yes").map(party).sum();
        assert!(taken <= cap, "{id}: {taken} seats of {cap}");
        // What each person said last, and the seats that asks for.
        let mut last: BTreeMap<&str, Reply> = BTreeMap::new();
        for ((e, who), v) in &book.rsvps {
            if e == id {
                last.insert(who, *v.last().unwrap());
            }
        }
        let by_file: BTreeMap<String, String> = lines
            .iter()
            .map(|l| (l["email"].as_str().unwrap().to_string(), status(l)))
            .collect();
        let want: BTreeMap<String, bool> = last.iter().map(|(w, r)| (w.to_string(), r.1)).collect();
        let got: BTreeMap<String, bool> = by_file
            .iter()
            .map(|(w, s)| (w.clone(), s != "no"))
            .collect();
        assert_eq!(got, want, "{id}: each person's last answer");
        let demand: i64 = last.values().filter(|r| r.1).map(|r| 1 + r.2).sum();
        let waiting: Vec<&toml::Table> = lines.iter().filter(|l| status(l) == "waitlist").collect();
        if demand <= cap {
            assert_eq!(taken, demand, "{id}: every yes has a seat");
            assert!(waiting.is_empty(), "{id}: {waiting:?}");
        } else {
            assert!(!waiting.is_empty(), "{id}: {demand} asked for {cap} seats");
            for w in &waiting {
                assert!(party(w) > cap - taken, "{id}: {w:?} fits in {taken}/{cap}");
            }
        }
        // The waitlist in arrival order (of the answer that put them
        // there): its `at` (a changed answer keeps its line's place in the
        // file, so the file's order is not the waitlist's), and as
        // `ug rsvps` shows it.
        let mut order: Vec<(String, &str)> = waiting
            .iter()
            .map(|l| (l["at"].to_string(), l["email"].as_str().unwrap()))
            .collect();
        order.sort();
        let order: Vec<&str> = order.into_iter().map(|(_, w)| w).collect();
        let mut by_arrival = order.clone();
        by_arrival.sort_by_key(|w| last[w].0);
        assert_eq!(order, by_arrival, "{id}: the waitlist's order");
        let shown = g.run_with(["rsvps", id, "--json"]).success().json();
        let shown: Vec<&str> = shown["waitlist"]
            .as_array()
            .unwrap_or_else(|| panic!("{shown}"))
            .iter()
            .map(|p| p["email"].as_str().unwrap())
            .collect();
        assert_eq!(
            shown, by_arrival,
            "{id}: `ug rsvps` shows the waitlist in order"
        );

        // The day-before reminder to "yes" people only, the note to the
        // waitlisted (no reply came after it), each once.
        let to = |k: &str| -> Vec<String> {
            let mut v: Vec<String> = mail
                .iter()
                .filter(|m| kind(m) == (k.to_string(), id.to_string()))
                .map(|m| m.rcpt().to_string())
                .collect();
            v.sort();
            v
        };
        let with = |s: &str| -> Vec<String> {
            by_file
                .iter()
                .filter(|(_, st)| *st == s)
                .map(|(w, _)| w.clone())
                .collect()
        };
        assert_eq!(to("remind"), with("yes"), "{id}: the reminder");
        // The note to the waitlisted: settled once for each, by the note
        // itself or by their "waitlist, number N" sent in the same run,
        // which says the same (issue 20: never both in one run).
        let prefix = format!("waiting:{id}:");
        let mut settled: Vec<String> = g
            .log()
            .iter()
            .filter_map(|l| l.split('\t').nth(1))
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(str::to_string)
            .collect();
        settled.sort();
        settled.dedup();
        assert_eq!(settled, with("waitlist"), "{id}: the waiting note");
        let noted = to("waiting");
        assert!(noted.iter().all(|w| settled.contains(w)), "{id}: {noted:?}");
        // The announcement: once to each member subscribed then.
        let announced = to("announce");
        let unique: BTreeSet<&String> = announced.iter().collect();
        assert_eq!(unique.len(), announced.len(), "{id}: announced twice");
        assert!(announced.len() > 180, "{id}: {}", announced.len());

        // The answer mails, exactly as the rules say (played again here
        // from the replies): one "you're in" or "waitlist" per answer that
        // stood at a cron run, "a seat opened" for a waitlisted answer
        // moved up; in the order sent.
        let (model, told) = play(id, cap, book);
        let file: BTreeMap<String, (String, i64)> = lines
            .iter()
            .map(|l| {
                let g = l.get("guests").and_then(|x| x.as_integer()).unwrap_or(0);
                (l["email"].as_str().unwrap().to_string(), (status(l), g))
            })
            .collect();
        assert_eq!(file, model, "{id}: the lines the rules give");
        for who in last.keys() {
            let sent: Vec<String> = mail
                .iter()
                .filter(|m| m.rcpt() == *who && kind(m).1 == id && kind(m).0.starts_with("rsvp-"))
                .map(|m| kind(m).0)
                .collect();
            let want = told.get(*who).cloned().unwrap_or_default();
            assert_eq!(
                sent,
                want,
                "{id} {who}: the answer mails for {:?}",
                book.rsvps[&(id.to_string(), who.to_string())]
            );
        }
    }

    for k in [
        "rsvp-in",
        "rsvp-waitlist",
        "rsvp-promoted",
        "remind",
        "waiting",
    ] {
        assert!(
            kinds.contains_key(k),
            "no {k} mail in the season: {kinds:?}"
        );
    }

    // Too late: not recorded, not answered.
    assert!(!book.late.is_empty());
    for (id, who) in &book.late {
        assert!(
            rsvp_lines(&doc, id)
                .iter()
                .all(|l| l["email"].as_str() != Some(who.as_str())),
            "{who}'s yes after {id} began was recorded"
        );
        let answered = mail
            .iter()
            .filter(|m| m.rcpt() == who && kind(m).1 == *id && SEATS.contains(&kind(m).0.as_str()))
            .count();
        assert_eq!(answered, 0, "{who} given a seat for {id} after it began");
    }

    // Bounces and auto-replies are never answered.
    for m in &mail {
        assert!(!m.rcpt().to_lowercase().contains("mailer-daemon"), "{m:#?}");
    }
    for (who, id) in &book.autoreplied {
        assert!(
            rsvp_lines(&doc, id)
                .iter()
                .all(|l| l["email"].as_str() != Some(who.as_str())),
            "{who}'s vacation reply was taken as an RSVP for {id}"
        );
        let answered: Vec<String> = mail
            .iter()
            .filter(|m| m.rcpt() == who && kind(m).0.starts_with("rsvp-"))
            .map(|m| m.message_id.clone())
            .collect();
        assert!(answered.is_empty(), "{who}: {answered:?}");
    }
    assert!(!book.autoreplied.is_empty());
    // Two hard bounces: marked bounced, mailed no more.
    for (who, day) in &book.bounced {
        let m = member_entry(&doc, who).unwrap();
        assert!(flag(&m, "bounced"), "{who}: {m:?}");
        let later: Vec<&Mail> = mail[after_inbox[day]..]
            .iter()
            .filter(|m| m.rcpt() == who)
            .collect();
        assert!(later.is_empty(), "{who} mailed after bouncing: {later:#?}");
    }
    // Unsubscribed: marked, and no announcement or reminder after.
    for (who, day) in &book.unsubscribed {
        let m = member_entry(&doc, who).unwrap();
        assert!(flag(&m, "unsubscribed"), "{who}: {m:?}");
        let later: Vec<String> = mail[after_inbox[day]..]
            .iter()
            .filter(|m| m.rcpt() == who)
            .map(|m| m.message_id.clone())
            .filter(|k| {
                ["announce", "remind", "release", "waiting", "thanks"]
                    .iter()
                    .any(|p| k.starts_with(p))
            })
            .collect();
        assert!(later.is_empty(), "{who} unsubscribed but got {later:?}");
    }
    // A bare "unsubscribe" or "join": asked to confirm once, and done on
    // the reply (checked above and below).
    for who in &book.to_confirm {
        let asked = mail
            .iter()
            .filter(|m| m.rcpt() == who && kind(m).0 == "confirm")
            .count();
        assert_eq!(asked, 1, "{who}: requests to confirm");
        assert!(
            book.joined.contains_key(who) || book.unsubscribed.contains_key(who),
            "{who} never answered the request to confirm"
        );
    }
    assert_eq!(
        kinds.get("confirm").copied().unwrap_or(0),
        book.to_confirm.len(),
        "requests to confirm: {kinds:?}"
    );
    assert!(book.unsubscribed.len() == 6 && book.joined.len() == 3);
    // Joins: on the list, and announced what was announced after.
    for who in book.joined.keys() {
        let m = member_entry(&doc, who).unwrap_or_else(|| panic!("{who} did not join"));
        assert!(!flag(&m, "unsubscribed"));
        let ann = mail
            .iter()
            .filter(|m| m.rcpt() == who && kind(m) == ("announce".into(), "2026-12-15".into()))
            .count();
        assert_eq!(ann, 1, "{who}: the announcement of 2026-12-15");
    }
    // Every question still waits for a person.
    let v = g.run_with(["inbox", "--json"]).success().json();
    let waiting: BTreeSet<String> = v["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message_id"].as_str().unwrap().to_string())
        .collect();
    assert!(!book.questions.is_empty());
    for q in &book.questions {
        assert!(waiting.contains(q), "{q} is not listed: {waiting:?}");
    }
}

/// Each person's final (status, guests), and their answer mails in order.
type Played = (
    BTreeMap<String, (String, i64)>,
    BTreeMap<String, Vec<String>>,
);

/// SPEC section 4 played over one event's replies in arrival order, with a
/// cron run after each day's: each person's final (status, guests), and
/// the answer mails each was due, in order.
fn play(id: &str, cap: i64, book: &Book) -> Played {
    let mut replies: Vec<(i64, &str, bool, i64)> = Vec::new();
    for ((e, who), v) in &book.rsvps {
        if e == id {
            replies.extend(v.iter().map(|r| (r.0, who.as_str(), r.1, r.2)));
        }
    }
    replies.sort();
    // Lines in file order: (who, status, guests, at).
    let mut list: Vec<(String, &str, i64, i64)> = Vec::new();
    let mut sent: BTreeSet<(String, &str, i64)> = BTreeSet::new();
    let mut told: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let party = |guests: i64| 1 + guests;
    let taken = |l: &[(String, &str, i64, i64)]| -> i64 {
        l.iter().filter(|r| r.1 == "yes").map(|r| 1 + r.2).sum()
    };
    let mut i = 0;
    while i < replies.len() {
        let day = replies[i].0.div_euclid(86_400);
        while i < replies.len() && replies[i].0.div_euclid(86_400) == day {
            let (at, who, yes, guests) = replies[i];
            i += 1;
            let at_line = match list.iter().position(|r| r.0 == who) {
                Some(k) => {
                    let r = &list[k];
                    let same = if yes {
                        r.1 != "no" && r.2 == guests
                    } else {
                        r.1 == "no"
                    };
                    if same {
                        continue;
                    }
                    list[k] = (who.to_string(), "no", guests, at);
                    k
                }
                None => {
                    list.push((who.to_string(), "no", guests, at));
                    list.len() - 1
                }
            };
            if yes {
                let fits = taken(&list) + 1 + guests <= cap;
                list[at_line].1 = if fits { "yes" } else { "waitlist" };
            }
            // The waitlist moves up: the first (by arrival) whose party fits.
            loop {
                let left = cap - taken(&list);
                let next = list
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.1 == "waitlist" && party(r.2) <= left)
                    .min_by_key(|(k, r)| (r.3, *k))
                    .map(|(k, _)| k);
                let Some(k) = next else { break };
                list[k].1 = "yes";
            }
        }
        // The cron run: each standing answer told once.
        for (who, st, _, at) in &list {
            let kind = match *st {
                "waitlist" => "rsvp-waitlist",
                "yes" if sent.contains(&(who.clone(), "rsvp-waitlist", *at)) => "rsvp-promoted",
                "yes" => "rsvp-in",
                _ => continue,
            };
            if sent.insert((who.clone(), kind, *at)) {
                told.entry(who.clone()).or_default().push(kind.to_string());
            }
        }
    }
    let lines = list
        .into_iter()
        .map(|(w, s, g, _)| (w, (s.to_string(), g)))
        .collect();
    (lines, told)
}
