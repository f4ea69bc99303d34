//! Composed messages, read back with mail-parser: headers, parts, the
//! calendar attachment, escaping, and template overrides.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};
use usergroup::mail::compose::{Templates, compose, message_id};
use usergroup::token::Keys;

/// The keys every composed message of these tests is signed with.
pub fn keys() -> Keys {
    Keys::from_secrets(&[&[42u8; 32]])
}
use usergroup::mail::{Due, Kind, Outgoing};
use usergroup::model::Group;

use crate::{GROUP, due_with, edited, group, instant};

/// The fixture's announcements, sent (so the reminder goes on its own).
const ANNOUNCED: [&str; 2] = [
    "announce:2026-12-08:ann@example.com",
    "announce:2026-12-08:carla@example.com",
];

pub fn one(g: &Group, now: &str, sent: &[&str], kind: Kind) -> Due {
    due_with(g, now, sent)
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} due at {now}"))
}

pub fn built(g: &Group, due: &Due, now: &str) -> Outgoing {
    compose(
        g,
        due,
        instant(g, now),
        &Templates::built_in().unwrap(),
        &keys(),
    )
    .unwrap()
}

pub fn parse(out: &Outgoing) -> Message<'_> {
    MessageParser::default()
        .parse(&out.bytes[..])
        .expect("an RFC 5322 message")
}

/// Every part's `type/subtype`, in order.
fn types(m: &Message<'_>) -> Vec<String> {
    m.parts
        .iter()
        .map(|p| {
            p.content_type().map_or("text/plain".into(), |c| {
                format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))
            })
        })
        .collect()
}

pub fn text(m: &Message<'_>) -> String {
    m.body_text(0).expect("a text part").into_owned()
}

fn html(m: &Message<'_>) -> String {
    m.body_html(0).expect("an HTML part").into_owned()
}

fn calendar_part(m: &Message<'_>) -> String {
    let part = m
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.subtype() == Some("calendar"))
        })
        .expect("a text/calendar part");
    match &part.body {
        PartType::Text(t) => t.to_string(),
        PartType::Binary(b) | PartType::InlineBinary(b) => String::from_utf8(b.to_vec()).unwrap(),
        other => panic!("unexpected calendar body {other:?}"),
    }
}

/// The `[ug:TOKEN]` tag of the unsubscribe link to `to` under [`keys`],
/// as a `mailto:` subject percent-encodes it.
fn unsubscribe_tag_encoded(to: &str) -> String {
    keys()
        .tag(&usergroup::token::Purpose::Unsubscribe, to)
        .replace('[', "%5B")
        .replace(':', "%3A")
        .replace(']', "%5D")
}

/// The header lines of the raw message (before the first blank line), unfolded.
fn raw_headers(out: &Outgoing) -> Vec<String> {
    let s = String::from_utf8_lossy(&out.bytes);
    let head = s
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .replace("\r\n ", " ")
        .replace("\r\n\t", " ");
    head.split("\r\n").map(str::to_string).collect()
}

#[test]
fn an_announcement_has_the_headers_parts_and_calendar() {
    let g = group(GROUP);
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let out = built(&g, &due, "2026-11-24");
    assert_eq!(out.key, "announce:2026-12-08:ann@example.com");
    assert_eq!(out.to, "ann@example.com");
    assert_eq!(out.from, "organizers@lakeside.example.org");
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some("Tue Dec 8: December talks night at Lakeview Analytics")
    );
    assert_eq!(out.subject, m.subject().unwrap());
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("organizers@lakeside.example.org"));
    assert_eq!(from.name(), Some("Django Lakeside"));
    let to = m.to().unwrap().first().unwrap();
    assert_eq!(
        (to.name(), to.address()),
        (Some("Ann Member"), Some("ann@example.com"))
    );
    assert_eq!(
        m.reply_to().unwrap().first().unwrap().address(),
        Some("reply@lakeside.example.org")
    );
    assert!(m.date().is_some());
    assert_eq!(m.message_id(), Some(out.message_id.as_str()));
    assert_eq!(out.message_id, message_id(&g, &keys(), &out.key));
    assert!(
        out.message_id.ends_with("@lakeside.example.org"),
        "{}",
        out.message_id
    );
    assert!(!out.message_id.contains("ann@"), "the id hides the address");
    let headers = raw_headers(&out);
    let get = |name: &str| {
        headers
            .iter()
            .find_map(|h| h.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in {headers:#?}"))
            .to_string()
    };
    assert_eq!(get("List-Id"), "<django-lakeside.lakeside.example.org>");
    // The mailto's subject carries the unsubscribe tag for Ann (SPEC 11).
    assert_eq!(
        get("List-Unsubscribe"),
        format!(
            "<mailto:reply@lakeside.example.org?subject=unsubscribe%20{}>, <https://lakeside.example.org/unsubscribe>",
            unsubscribe_tag_encoded("ann@example.com")
        )
    );
    // A static page cannot take RFC 8058's POST: no one-click header
    // without `one_click = true` (SPEC 11).
    assert!(
        !headers
            .iter()
            .any(|h| h.starts_with("List-Unsubscribe-Post:")),
        "{headers:#?}"
    );

    assert_eq!(
        types(&m),
        [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "text/calendar"
        ]
    );
    let cal_type = m.parts[4].content_type().unwrap();
    assert_eq!(cal_type.attribute("method"), Some("PUBLISH"));
    let body = text(&m);
    for needle in [
        "Hi Ann,",
        "18:30  Doors open, pizza",
        "19:00  Async views in practice (Jonas Lindqvist)",
        "410 E Washington Ave, Madison, WI",
        "Food and drinks: pizza, thanks to North Shore Pizza.",
        "https://lakeside.example.org/unsubscribe",
    ] {
        assert!(body.contains(needle), "no {needle:?} in:\n{body}");
    }
    assert!(html(&m).contains("<td>19:00</td>"));
    let ics = calendar_part(&m);
    let cal: icalendar::Calendar = ics.parse().expect("the attachment parses");
    let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    use icalendar::Component as _;
    assert_eq!(
        event.get_uid(),
        Some("2026-12-08.django-lakeside@lakeside.example.org")
    );
}

#[test]
fn the_same_message_composes_to_the_same_bytes() {
    let g = group(GROUP);
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let (a, b) = (built(&g, &due, "2026-11-24"), built(&g, &due, "2026-11-24"));
    assert_eq!(a.bytes, b.bytes);
    let later = built(&g, &due, "2026-11-25");
    assert_eq!(
        a.message_id, later.message_id,
        "a re-send is the same message"
    );
}

#[test]
fn a_hostile_member_name_injects_no_header() {
    let g = group(GROUP);
    let due = due_with(&g, "2026-11-24", &[])
        .into_iter()
        .find(|d| d.to.address == "Carla@Example.com")
        .unwrap();
    let out = built(&g, &due, "2026-11-24");
    let m = parse(&out);
    assert!(m.bcc().is_none(), "a Bcc header appeared");
    for h in raw_headers(&out) {
        assert!(!h.to_ascii_lowercase().starts_with("bcc:"), "{h}");
    }
    let to = m.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("Carla@Example.com"));
    assert!(!to.name().unwrap_or("").contains('\n'));
    let body = text(&m);
    assert!(
        body.starts_with("Hi Ann,"),
        "greeted by the first word of the name: {body}"
    );
    assert!(html(&m).contains("Hi Ann,"));
}

#[test]
fn a_hostile_title_is_one_subject_line_and_escaped_in_html() {
    let g = group(&edited(
        "title = \"December talks night\"",
        "title = \"<script>alert(1)</script> & more\\r\\nBcc: x@evil.test\"",
    ));
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let out = built(&g, &due, "2026-11-24");
    let m = parse(&out);
    assert!(m.bcc().is_none());
    assert_eq!(
        m.subject(),
        Some("Tue Dec 8: <script>alert(1)</script> & more Bcc: x@evil.test at Lakeview Analytics")
    );
    let h = html(&m);
    assert!(!h.contains("<script>"), "{h}");
    assert!(
        h.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; more")
            || h.contains("&lt;script&gt;"),
        "{h}"
    );
    assert!(
        text(&m).contains("<script>alert(1)</script>"),
        "plain text stays plain"
    );
}

#[test]
fn a_cancellation_carries_method_cancel_with_the_same_uid() {
    let g = group(GROUP);
    let announce = built(
        &g,
        &one(&g, "2026-11-24", &[], Kind::Announce),
        "2026-11-24",
    );
    let cancelled = group(&edited("status = \"confirmed\"", "status = \"cancelled\""));
    let due = one(
        &cancelled,
        "2026-12-01",
        &["announce:2026-12-08:ann@example.com"],
        Kind::Cancel,
    );
    let out = built(&cancelled, &due, "2026-12-01");
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some("Cancelled: Tue Dec 8: December talks night")
    );
    let ics = calendar_part(&m);
    assert!(ics.contains("METHOD:CANCEL\r\n"), "{ics}");
    assert!(ics.contains("STATUS:CANCELLED\r\n"));
    assert!(ics.contains("SEQUENCE:1\r\n"), "above the announcement's 0");
    let uid = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("UID:"))
            .unwrap()
            .to_string()
    };
    assert_eq!(uid(&ics), uid(&calendar_part(&parse(&announce))));
    assert!(m.parts.iter().any(|p| {
        p.content_type()
            .is_some_and(|c| c.attribute("method") == Some("CANCEL"))
    }));
}

#[test]
fn personal_messages_have_no_list_headers_and_no_calendar() {
    let g = group(GROUP);
    for (now, kind, subject, to) in [
        (
            "2026-11-23",
            Kind::Nudge,
            "Overdue since Fri Nov 20: Confirm the room with Priya",
            "rosa@example.org",
        ),
        (
            "2026-11-25",
            Kind::Ask,
            "Would you take this on? Bring name tags",
            "jonas@example.net",
        ),
        (
            "2026-11-11",
            Kind::Thanks,
            "Thank you! November hack night on Tue Nov 10",
            "Priya.Raman@example.com",
        ),
    ] {
        let out = built(&g, &one(&g, now, &[], kind), now);
        let m = parse(&out);
        assert_eq!(m.subject(), Some(subject));
        assert_eq!(m.to().unwrap().first().unwrap().address(), Some(to));
        assert_eq!(
            types(&m),
            ["multipart/alternative", "text/plain", "text/html"],
            "{kind:?}"
        );
        assert!(
            raw_headers(&out).iter().all(|h| !h.starts_with("List-")),
            "{kind:?}"
        );
    }
    let thanks = built(&g, &one(&g, "2026-11-11", &[], Kind::Thanks), "2026-11-11");
    let body = text(&parse(&thanks));
    assert!(
        body.contains("Thank you for hosting us at Lakeview Analytics"),
        "{body}"
    );
    assert!(body.contains("31 people came"), "{body}");
    // A helper is told what to do in words; an organizer gets no nudge
    // (the organizers' digest lists their tasks, with the command).
    let helper = group(&edited(
        "owner = \"rosa\"\ndue = 2026-11-20\nevent",
        "owner = \"priya\"\ndue = 2026-11-20\nevent",
    ));
    let nudge = built(
        &helper,
        &one(&helper, "2026-11-17", &[], Kind::Nudge),
        "2026-11-17",
    );
    let body = text(&parse(&nudge));
    assert!(body.starts_with("Hi Priya,"), "{body}");
    assert!(
        !body.contains("ug tasks"),
        "helpers have no ug to run: {body}"
    );
    assert!(body.contains("Reply \"done\" to this mail"), "{body}");
    let organizer = group(&edited(
        "owner = \"rosa\"\ndue = 2026-11-20\nevent",
        "owner = \"maya\"\ndue = 2026-11-20\nevent",
    ));
    for day in ["2026-11-17", "2026-11-20", "2026-11-30"] {
        assert!(
            !due_with(&organizer, day, &[])
                .iter()
                .any(|d| d.kind == Kind::Nudge && d.to.address == "maya@example.org"),
            "{day}"
        );
    }
}

#[test]
fn without_an_email_section_compose_says_to_add_one() {
    let text = GROUP.split("[email]").next().unwrap();
    let g = group(text);
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let err = compose(
        &g,
        &due,
        instant(&g, "2026-11-24"),
        &Templates::built_in().unwrap(),
        &keys(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("[email]"), "{err}");
    assert!(err.hint().unwrap().contains("from = "), "{:?}", err.hint());
}

#[test]
fn a_template_override_with_an_undefined_variable_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/announce.txt"),
        "Hello {{ to.name }},\n\n{{ event.speaker_bio }}\n",
    )
    .unwrap();
    let g = group(GROUP);
    let templates = Templates::load(dir.path()).unwrap();
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let err = compose(&g, &due, instant(&g, "2026-11-24"), &templates, &keys()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("templates/announce.txt:3"), "{msg}");
    assert!(msg.contains("event.speaker_bio"), "{msg}");
    assert!(err.hint().is_some());
    // The other kinds still use the built-in templates.
    let nudge = one(&g, "2026-11-23", &[], Kind::Nudge);
    assert!(compose(&g, &nudge, instant(&g, "2026-11-23"), &templates, &keys()).is_ok());
}

#[test]
fn a_template_override_that_does_not_parse_fails_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/remind.html"), "<p>\n{% if %}\n").unwrap();
    let err = Templates::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("templates/remind.html:2"), "{err}");
}

#[test]
fn a_text_template_may_set_the_subject() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/announce.txt"),
        "Subject: {{ group.name }}: {{ event.title }}\n\nHi {{ to.name }}!\n",
    )
    .unwrap();
    let g = group(GROUP);
    let templates = Templates::load(dir.path()).unwrap();
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let out = compose(&g, &due, instant(&g, "2026-11-24"), &templates, &keys()).unwrap();
    let m = parse(&out);
    assert_eq!(m.subject(), Some("Django Lakeside: December talks night"));
    assert_eq!(text(&m).trim_end(), "Hi Ann Member!");
}

#[test]
fn without_an_unsubscribe_url_only_the_mailto() {
    let g = group(&edited(
        "unsubscribe_url = \"https://lakeside.example.org/unsubscribe\"\n",
        "",
    ));
    let out = built(
        &g,
        &one(&g, "2026-11-24", &[], Kind::Announce),
        "2026-11-24",
    );
    let headers = raw_headers(&out);
    assert!(
        headers.contains(&format!(
            "List-Unsubscribe: <mailto:reply@lakeside.example.org?subject=unsubscribe%20{}>",
            unsubscribe_tag_encoded("ann@example.com")
        )),
        "{headers:#?}"
    );
    assert!(
        !headers
            .iter()
            .any(|h| h.starts_with("List-Unsubscribe-Post"))
    );
}

#[test]
fn members_never_see_open_slots() {
    let g = group(&edited(
        "title = \"Async views in practice\"",
        "title = \"Talk 2 (open slot)\"\nkind = \"talk\"\nminutes = 30\n\n[[events.agenda]]\ntitle = \"Async views in practice\"",
    ));
    for (now, sent, kind) in [
        ("2026-11-24", &[][..], Kind::Announce),
        ("2026-12-07", &ANNOUNCED[..], Kind::Remind),
    ] {
        let out = built(&g, &one(&g, now, sent, kind), now);
        let m = parse(&out);
        for body in [text(&m), html(&m)] {
            assert!(!body.contains("open slot"), "{kind:?}: {body}");
            assert!(
                body.contains("More talks to be announced."),
                "{kind:?}: {body}"
            );
            assert!(body.contains("Async views in practice"), "{body}");
        }
        assert!(!calendar_part(&m).contains("open slot"), "the calendar too");
    }
}

#[test]
fn a_nudge_digest_lists_every_task_in_words() {
    // Both tasks are Priya's (a venue contact, without ug).
    let g = group(
        &edited(
            "[[tasks]]\nid = 2",
            "[[tasks]]\nid = 5\ntitle = \"Print the flyers\"\nowner = \"priya\"\ndue = 2026-11-24\nstatus = \"open\"\n\n[[tasks]]\nid = 2",
        )
        .replacen(
            "owner = \"rosa\"\ndue = 2026-11-20\nevent",
            "owner = \"priya\"\ndue = 2026-11-20\nevent",
            1,
        ),
    );
    let due = one(&g, "2026-11-23", &[], Kind::Nudge);
    let out = built(&g, &due, "2026-11-23");
    assert_eq!(
        out.also,
        [
            "nudge:5:2026-11-23:priya.raman@example.com",
            "nudge-day:2026-11-23:priya.raman@example.com"
        ],
        "each task keyed by the digest's day, and the day itself"
    );
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some("Your 2 tasks for Django Lakeside (1 overdue)")
    );
    let body = text(&m);
    for needle in [
        "Hi Priya,",
        "Confirm the room with Priya",
        "3 days overdue",
        "Print the flyers",
        "due Tuesday, November 24",
        "Reply \"done\" to this mail and say which",
    ] {
        assert!(body.contains(needle), "no {needle:?} in:\n{body}");
    }
    assert!(!body.contains("ug tasks"), "{body}");
    assert!(!body.contains("1 days"), "{body}");
}

#[test]
fn a_change_mail_carries_the_calendar_with_the_events_sequence() {
    let g = group(&edited(
        "status = \"confirmed\"",
        "status = \"announced\"\nsequence = 1",
    ));
    let due = one(
        &g,
        "2026-11-30",
        &["announce:2026-12-08:ann@example.com"],
        Kind::Change,
    );
    let out = built(&g, &due, "2026-11-30");
    let m = parse(&out);
    assert!(
        m.subject().unwrap().starts_with("Changed: "),
        "{:?}",
        m.subject()
    );
    let body = text(&m);
    assert!(body.contains("Hi Ann,") && body.contains("Tuesday, December 8, 2026"));
    let ics = calendar_part(&m);
    assert!(ics.contains("METHOD:PUBLISH\r\n"), "{ics}");
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
    assert!(ics.contains("UID:2026-12-08.django-lakeside@lakeside.example.org\r\n"));
    assert!(
        raw_headers(&out)
            .iter()
            .any(|h| h.starts_with("List-Unsubscribe:"))
    );
}

#[test]
fn the_blocked_mail_tells_the_organizers_what_to_do() {
    let g = group(
        &edited("status = \"confirmed\"", "status = \"planned\"").replacen(
            "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"",
            "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"\nconfirms = \"venue\"",
            1,
        ),
    );
    let due = one(&g, "2026-11-24", &[], Kind::Blocked);
    let out = built(&g, &due, "2026-11-24");
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some("Not announced yet: December talks night on Tue Dec 8")
    );
    let body = text(&m);
    for needle in [
        "Hi Maya,",
        "the venue (Lakeview Analytics) is not confirmed",
        "task 1: Confirm the room with Priya (Rosa Helper)",
        "ug tasks done 1",
        "ug events confirm 2026-12-08",
    ] {
        assert!(body.contains(needle), "no {needle:?} in:\n{body}");
    }
    assert!(raw_headers(&out).iter().all(|h| !h.starts_with("List-")));
}

#[test]
fn the_sponsor_line_reads_as_a_sentence() {
    let g = group(GROUP);
    let out = built(
        &g,
        &one(&g, "2026-12-07", &ANNOUNCED, Kind::Remind),
        "2026-12-07",
    );
    let m = parse(&out);
    assert!(
        text(&m).contains("Food and drinks: pizza, thanks to North Shore Pizza."),
        "{}",
        text(&m)
    );
    assert!(html(&m).contains("Food and drinks: pizza, thanks to North Shore Pizza."));
}
