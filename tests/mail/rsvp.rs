//! The sign-up mails (SPEC §4) through the real binary and the test SMTP
//! server: the RSVP links of the announcement, "you're in" (with the .ics),
//! "waitlisted, number N" and "a seat opened" answered once each from the
//! file's RSVP lines, the reminder to "yes" people only, the note to the
//! waitlisted, and the release request.

use crate::support::{Line, Mail, Server, Ug, rsvp_tag, yes_rsvps};

const EVENT: &str = "2026-12-08";
/// `[email] reply_to` of the remind fixture: where RSVPs go.
const SIGNUPS: &str = "organizers@riverside.example";

/// The remind fixture, announced already (no announcement due), without its
/// task (no nudge), with `rsvps` on the event and `signups` as `[signups]`.
fn group(server: &Server, rsvps: &str, signups: &str) -> Ug {
    let (rsvps, signups) = (rsvps.to_string(), signups.to_string());
    Ug::remind_fixture(server.port, move |t| {
        let t = t.replace(
            "status = \"confirmed\"",
            &format!("status = \"announced\"\n{rsvps}"),
        );
        let (head, tail) = t.split_once("[[tasks]]").unwrap();
        let tail = &tail[tail.find("[reminders]").unwrap()..];
        format!("{head}{tail}\n[signups]\n{signups}\n")
    })
}

/// The messages received so far, from index `from`.
fn since(server: &Server, from: usize) -> Vec<Mail> {
    server.mail().into_iter().skip(from).collect()
}

/// The kind of a mail, from its Message-ID (`rsvp-in.2026-12-08....`).
fn kind(m: &Mail) -> &str {
    m.message_id.split('.').next().unwrap_or_default()
}

/// Every `mailto:` link in `text` (up to a quote, `<`, or white space).
fn mailtos(text: &str) -> Vec<String> {
    text.match_indices("mailto:")
        .map(|(i, _)| {
            text[i..]
                .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// A `mailto:` link as (address, decoded subject).
fn decode_mailto(link: &str) -> (String, String) {
    let rest = link.strip_prefix("mailto:").unwrap();
    let (to, query) = rest.split_once('?').unwrap();
    let subject = query.strip_prefix("subject=").unwrap();
    let bytes = subject.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&subject[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            assert!(
                bytes[i].is_ascii_alphanumeric() || b"-._~".contains(&bytes[i]),
                "not encoded: {link}"
            );
            out.push(bytes[i]);
            i += 1;
        }
    }
    (to.to_string(), String::from_utf8(out).unwrap())
}

/// (address, subject) of each RSVP link.
type Links = Vec<(String, String)>;

/// The RSVP subjects the links of `m` carry, text and HTML each.
#[track_caller]
fn links(m: &Mail) -> (Links, Links) {
    let text = m.text.as_deref().unwrap();
    let html = m.html.as_deref().unwrap().replace("&#x2f;", "/");
    let rsvp = |t: &str| {
        mailtos(t)
            .iter()
            .filter(|l| l.contains("RSVP"))
            .map(|l| decode_mailto(l))
            .collect()
    };
    (rsvp(text), rsvp(&html))
}

#[track_caller]
fn calendar_event(m: &Mail) -> icalendar::Calendar {
    let ics = m.calendar.as_deref().expect("a text/calendar part");
    let cal: icalendar::Calendar = ics.parse().expect("the .ics parses");
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("December talks night"));
    cal
}

#[test]
fn the_announcement_carries_mailto_links_with_the_rsvp_subject() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| t);
    g.run_at("2026-11-24T09:00:00", &["remind", "--send"])
        .success();
    let mail = server.mail();
    assert_eq!(mail.len(), 5, "{mail:#?}");
    for m in &mail {
        // Each link's subject ends with the RSVP tag for its recipient.
        let tag = rsvp_tag(EVENT, m.rcpt());
        let yes = (SIGNUPS.to_string(), format!("RSVP yes {EVENT} {tag}"));
        let no = (SIGNUPS.to_string(), format!("RSVP no {EVENT} {tag}"));
        assert_eq!(kind(m), "announce");
        let text = m.text.as_deref().unwrap();
        assert!(text.contains("Reply yes to save a seat (or no)"), "{text}");
        assert!(
            text.contains("mailto:organizers@riverside.example?subject=RSVP%20yes%202026-12-08")
        );
        let (in_text, in_html) = links(m);
        assert_eq!(in_text, [yes.clone(), no.clone()], "{text}");
        assert_eq!(in_html, [yes.clone(), no.clone()], "{:?}", m.html);
        assert!(m.defects.is_empty(), "{m:#?}");
    }
    // `[signups] address` wins over the reply-to.
    let server = Server::plain();
    let g = group(&server, "", "address = \"rsvp@riverside.example\"");
    let text = g
        .text()
        .replace("status = \"announced\"", "status = \"confirmed\"");
    std::fs::write(g.path("group.toml"), text).unwrap();
    g.run_at("2026-11-24T09:00:00", &["remind", "--send"])
        .success();
    let first = &server.mail()[0];
    let (in_text, _) = links(first);
    assert_eq!(
        in_text[0],
        (
            "rsvp@riverside.example".into(),
            format!("RSVP yes {EVENT} {}", rsvp_tag(EVENT, first.rcpt()))
        )
    );
}

#[test]
fn a_yes_by_hand_is_answered_once_with_you_are_in_and_the_ics() {
    let server = Server::plain();
    let g = group(&server, "", "");
    g.edit(&["rsvp", EVENT, "mia@members.example", "--guests", "1"]);
    // `edit` runs at the harness's "now", 2026-11-26.
    let at = "2026-11-26T11:00:00";
    let run = g.run_at(at, &["remind"]);
    run.success().stdout_has("rsvp-in").stdout_has("You're in");
    let json = g.run_at(at, &["--json", "remind"]).success().json();
    assert!(json.to_string().contains("\"rsvp-in\""), "{json}");

    g.run_at(at, &["remind", "--send"]).success();
    let mail = server.mail();
    assert_eq!(mail.len(), 1, "{mail:#?}");
    let m = &mail[0];
    assert_eq!(m.rcpt(), "mia@members.example");
    assert_eq!(kind(m), "rsvp-in");
    assert!(
        m.subject.starts_with("You're in: Tue Dec 8 18:30"),
        "{}",
        m.subject
    );
    let text = m.text.as_deref().unwrap();
    assert!(text.contains("You're in, with 1 guest"), "{text}");
    calendar_event(m);
    let (in_text, in_html) = links(m);
    let no = format!("RSVP no {EVENT} {}", rsvp_tag(EVENT, m.rcpt()));
    assert_eq!(in_text, [(SIGNUPS.into(), no)]);
    assert_eq!(in_html, in_text);
    assert!(m.defects.is_empty(), "{m:#?}");
    assert!(
        g.log().iter().any(|l| l.contains("rsvp-in:2026-12-08:")),
        "{:?}",
        g.log()
    );

    // Run again, a day later: nothing new.
    g.run_at("2026-11-27T11:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 1);
    // The same answer given again changes nothing and is not told again.
    g.run_with(["rsvp", EVENT, "mia@members.example", "--guests", "1"])
        .success();
    g.run_at("2026-11-27T12:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 1);
}

/// `n` "yes" lines for `p0..`, a minute apart from 08:00 on Nov 24.
fn yes_lines(n: usize) -> String {
    yes_rsvps(n, "2026-11-24", |i| {
        format!("email = \"p{i}@people.example\"")
    })
}

#[test]
fn the_preview_gives_each_waitlisted_person_their_own_number() {
    // Subjects shared by many ("You're in: ...") are made once per event;
    // a waitlist number is each person's own.
    let server = Server::plain();
    let g = group(&server, &yes_lines(60), "");
    g.edit(&["rsvp", EVENT, "late1@people.example"]);
    g.edit(&["rsvp", EVENT, "late2@people.example"]);
    let rows = g
        .run_at("2026-11-26T09:00:00", &["remind", "--json"])
        .json();
    let subject_to = |to: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["to"] == to)
            .map(|r| r["subject"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no mail to {to}: {rows:#}"))
    };
    assert!(subject_to("late1@people.example").contains("waitlist, number 1"));
    assert!(subject_to("late2@people.example").contains("waitlist, number 2"));
    assert_eq!(
        subject_to("p0@people.example"),
        subject_to("p59@people.example"),
        "one subject for everyone who is in"
    );
    assert!(subject_to("p0@people.example").starts_with("You're in:"));
}

#[test]
fn the_61st_yes_is_told_waitlist_number_1_and_a_no_tells_them_a_seat_opened() {
    let server = Server::plain();
    let g = group(&server, &yes_lines(60), "");
    // The 60 who are in hear so once.
    g.run_at("2026-11-25T08:00:00", &["remind", "--send"])
        .success();
    let first = server.mail();
    assert_eq!(first.len(), 60);
    assert!(first.iter().all(|m| kind(m) == "rsvp-in"));

    // `edit` runs at the harness's "now", 2026-11-26.
    let (run, diff) = g.edit(&["rsvp", EVENT, "late@people.example"]);
    run.stdout_has("number 1");
    assert_eq!(diff.len(), 1, "{diff:?}");
    g.run_at("2026-11-26T09:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, 60);
    assert_eq!(mail.len(), 1, "{mail:#?}");
    let m = &mail[0];
    assert_eq!(
        (m.rcpt(), kind(m)),
        ("late@people.example", "rsvp-waitlist")
    );
    assert!(m.subject.contains("waitlist, number 1"), "{}", m.subject);
    assert!(m.text.as_deref().unwrap().contains("number 1"));
    assert!(m.calendar.is_none(), "no seat, no calendar entry");

    // p0 says no: late moves up, and is told a seat opened; p0 hears nothing.
    let (_, diff): (_, Vec<Line>) = g.edit(&["rsvp", EVENT, "p0@people.example", "--no"]);
    assert_eq!(diff.len(), 4, "two lines replaced: {diff:?}");
    g.run_at("2026-11-26T10:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, 61);
    assert_eq!(mail.len(), 1, "{mail:#?}");
    let m = &mail[0];
    assert_eq!(
        (m.rcpt(), kind(m)),
        ("late@people.example", "rsvp-promoted")
    );
    assert!(
        m.subject.starts_with("A seat opened, you're in"),
        "{}",
        m.subject
    );
    calendar_event(m);

    // Replayed: nothing more.
    g.run_at("2026-11-27T15:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 62);
}

#[test]
fn once_there_are_rsvps_the_reminder_goes_to_yes_people_and_the_waitlisted_hear_they_wait() {
    let rsvps = "capacity = 2\nrsvps = [\n  \
        { email = \"mia@members.example\", name = \"Mia Member\", status = \"yes\", guests = 1, at = 2026-11-24T10:00:00, via = \"email\" },\n  \
        { email = \"noah@members.example\", name = \"Noah Member\", status = \"waitlist\", at = 2026-11-24T11:00:00, via = \"email\" },\n  \
        { email = \"olga@members.example\", name = \"Olga Member\", status = \"no\", at = 2026-11-24T12:00:00, via = \"email\" },\n]";
    let server = Server::plain();
    let g = group(&server, rsvps, "confirm = false");

    // `ug status` sees them coming: the release request to Mia, the
    // reminder to the two who said yes or wait.
    g.run_at("2026-12-05T09:00:00", &["status"])
        .success()
        .stdout_has("release Sun Dec 6 (1 person), remind Mon Dec 7 (2 people)");
    // Two days before (`release`, 2d by default): "yes" people are asked
    // to free their seat if they can't come.
    let run = g.run_at("2026-12-06T09:00:00", &["remind"]);
    run.success().stdout_has("release");
    g.run_at("2026-12-06T09:00:00", &["remind", "--send"])
        .success();
    let mail = server.mail();
    assert_eq!(mail.len(), 1, "{mail:#?}");
    let m = &mail[0];
    assert_eq!((m.rcpt(), kind(m)), ("mia@members.example", "release"));
    let text = m.text.as_deref().unwrap();
    assert!(text.contains("Reply no"), "{text}");
    let no = format!("RSVP no {EVENT} {}", rsvp_tag(EVENT, m.rcpt()));
    assert_eq!(links(m).0, [(SIGNUPS.into(), no)]);

    // The day before: the reminder to Mia (with her guest), the note to Noah.
    g.run_at("2026-12-07T09:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, 1);
    let got: Vec<(&str, &str)> = mail.iter().map(|m| (m.rcpt(), kind(m))).collect();
    assert_eq!(
        got,
        [
            ("mia@members.example", "remind"),
            ("noah@members.example", "waiting")
        ],
        "{mail:#?}"
    );
    let remind = mail[0].text.as_deref().unwrap();
    assert!(remind.contains("You said yes, with 1 guest"), "{remind}");
    assert!(mail[0].calendar.is_some());
    let waiting = mail[1].text.as_deref().unwrap();
    assert!(
        waiting.contains("still on the waitlist, number 1"),
        "{waiting}"
    );
    assert!(mail[1].subject.contains("number 1"), "{}", mail[1].subject);

    g.run_at("2026-12-07T12:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 3);
}

/// Issue 20: a waitlisted answer confirmed on the reminder's day got
/// "waitlist, number 1" and "still on the waitlist, number 1" in one run.
/// One run sends one of them; the other is settled with it.
#[test]
fn a_waitlisted_answer_on_the_reminders_day_gets_one_mail_not_two() {
    let rsvps = "capacity = 1\nrsvps = [\n  \
        { email = \"mia@members.example\", name = \"Mia Member\", status = \"yes\", at = 2026-11-24T10:00:00, via = \"email\" },\n]";
    let server = Server::plain();
    let g = group(&server, rsvps, "");
    g.run_at("2026-11-25T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 1, "Mia's you're in");
    // Noah answers the day before: waitlisted, number 1.
    let t = g.text().replace(
        "via = \"email\" },\n]",
        "via = \"email\" },\n  { email = \"noah@members.example\", name = \"Noah Member\", status = \"waitlist\", at = 2026-12-07T08:00:00, via = \"email\" },\n]",
    );
    std::fs::write(g.path("group.toml"), t).unwrap();
    for hour in ["09", "12"] {
        g.run_at(&format!("2026-12-07T{hour}:00:00"), &["remind", "--send"])
            .success();
    }
    // The next morning, before it starts: still nothing more for Noah.
    g.run_at("2026-12-08T08:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, 1);
    let noah: Vec<&str> = mail
        .iter()
        .filter(|m| m.rcpt() == "noah@members.example")
        .map(kind)
        .collect();
    assert_eq!(noah, ["rsvp-waitlist"], "{mail:#?}");
    let m = mail
        .iter()
        .find(|m| m.rcpt() == "noah@members.example")
        .unwrap();
    assert!(m.text.as_deref().unwrap().contains("number 1"));
    // Mia gets her reminder as ever.
    assert!(
        mail.iter()
            .any(|m| m.rcpt() == "mia@members.example" && kind(m) == "remind"),
        "{mail:#?}"
    );
}

#[test]
fn without_rsvps_the_reminder_still_goes_to_every_member_with_the_links() {
    let server = Server::plain();
    let g = group(&server, "", "");
    g.run_at("2026-12-07T09:00:00", &["remind", "--send"])
        .success();
    let mail = server.mail();
    assert_eq!(mail.len(), 5, "{mail:#?}");
    for m in &mail {
        assert_eq!(kind(m), "remind");
        assert_eq!(links(m).0.len(), 2, "{:?}", m.text);
    }
}

#[test]
fn the_mailto_subject_sent_back_is_recorded_by_the_inbox_and_answered_once() {
    let server = Server::plain();
    let g = Ug::remind_fixture(server.port, |t| {
        format!("{t}\n[inbox]\nmaildir = \"mail/INBOX\"\n")
    });
    g.run_at("2026-11-24T09:00:00", &["remind", "--send"])
        .success();
    let announce = server
        .mail()
        .into_iter()
        .find(|m| m.rcpt() == "mia@members.example")
        .unwrap();
    let (to, subject) = links(&announce).0[0].clone();
    for d in ["mail/INBOX/cur", "mail/INBOX/tmp", "mail/INBOX/new"] {
        std::fs::create_dir_all(g.path(d)).unwrap();
    }
    // What a mail program makes of the link: a new message, that subject.
    let clicked = format!(
        "From: Mia Member <mia@members.example>\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Message-ID: <click1@mail.example.com>\r\nDate: Tue, 24 Nov 2026 12:00:00 +0100\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\r\n"
    );
    std::fs::write(g.path("mail/INBOX/new/1795950000.M1P4242.mx"), clicked).unwrap();
    g.run_at("2026-11-24T12:30:00", &["inbox"]).success();
    assert!(
        g.text().contains("email = \"mia@members.example\""),
        "{}",
        g.text()
    );
    let before = server.mail().len();
    g.run_at("2026-11-24T13:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, before);
    assert_eq!(mail.len(), 1, "{mail:#?}");
    assert_eq!(
        (mail[0].rcpt(), kind(&mail[0])),
        ("mia@members.example", "rsvp-in")
    );
    calendar_event(&mail[0]);
    // Both again: nothing new.
    g.run_at("2026-11-24T14:00:00", &["inbox"]).success();
    g.run_at("2026-11-24T14:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), before + 1);
}

#[test]
fn a_no_in_reply_to_the_release_request_frees_the_seat_for_the_waitlist() {
    let rsvps = "capacity = 2\nrsvps = [\n  \
        { email = \"mia@members.example\", name = \"Mia Member\", status = \"yes\", guests = 1, at = 2026-11-24T10:00:00, via = \"email\" },\n  \
        { email = \"noah@members.example\", name = \"Noah Member\", status = \"waitlist\", at = 2026-11-24T11:00:00, via = \"email\" },\n]";
    let server = Server::plain();
    let g = group(&server, rsvps, "");
    let text = format!("{}\n[inbox]\nmaildir = \"mail/INBOX\"\n", g.text());
    std::fs::write(g.path("group.toml"), text).unwrap();
    let sent = |from: usize| -> Vec<(String, String)> {
        since(&server, from)
            .iter()
            .map(|m| (m.rcpt().to_string(), kind(m).to_string()))
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    g.run_at("2026-11-25T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(
        sent(0),
        [
            pair("mia@members.example", "rsvp-in"),
            pair("noah@members.example", "rsvp-waitlist")
        ]
    );
    g.run_at("2026-12-06T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(sent(2), [pair("mia@members.example", "release")]);
    let release = server.mail().pop().unwrap();
    for d in ["mail/INBOX/cur", "mail/INBOX/tmp", "mail/INBOX/new"] {
        std::fs::create_dir_all(g.path(d)).unwrap();
    }
    let id = &release.message_id;
    let reply = format!(
        "From: Mia Member <mia@members.example>\r\nTo: {SIGNUPS}\r\nSubject: Re: {}\r\n\
         Message-ID: <reply1@mail.example.com>\r\nIn-Reply-To: <{id}>\r\nReferences: <{id}>\r\n\
         Date: Sun, 6 Dec 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         No, sorry, can't make it after all.\r\n\r\nOn Sun, Dec 6, 2026 Rust Riverside wrote:\r\n> Reply no\r\n",
        release.subject
    );
    std::fs::write(g.path("mail/INBOX/new/1796547600.M1P4242.mx"), reply).unwrap();
    g.run_at("2026-12-06T10:30:00", &["inbox"]).success();
    // Noah moves up: "a seat opened" stands in for his release request.
    g.run_at("2026-12-06T11:00:00", &["remind", "--send"])
        .success();
    assert_eq!(sent(3), [pair("noah@members.example", "rsvp-promoted")]);
    assert!(
        g.log()
            .iter()
            .any(|l| l.contains("release:2026-12-08:noah@members.example")),
        "{:?}",
        g.log()
    );
    // The day before, the reminder goes to Noah alone.
    g.run_at("2026-12-07T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(sent(4), [pair("noah@members.example", "remind")]);
}

#[test]
fn a_cancellation_reaches_those_who_answered_though_not_on_the_list() {
    let rsvps = "rsvps = [\n  \
        { email = \"guest@elsewhere.example\", name = \"Gus Guest\", status = \"yes\", at = 2026-11-24T10:00:00, via = \"manual\" },\n]";
    let server = Server::plain();
    let g = group(&server, rsvps, "");
    g.run_at("2026-11-25T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 1);
    let text = g
        .text()
        .replace("status = \"announced\"", "status = \"cancelled\"");
    std::fs::write(g.path("group.toml"), text).unwrap();
    g.run_at("2026-11-26T09:00:00", &["remind", "--send"])
        .success();
    let mail = since(&server, 1);
    assert_eq!(mail.len(), 1, "{mail:#?}");
    assert_eq!(
        (mail[0].rcpt(), kind(&mail[0])),
        ("guest@elsewhere.example", "cancel")
    );
    assert!(
        mail[0]
            .calendar
            .as_deref()
            .unwrap()
            .contains("METHOD:CANCEL")
    );
    g.run_at("2026-11-27T09:00:00", &["remind", "--send"])
        .success();
    assert_eq!(server.mail().len(), 2);
}
