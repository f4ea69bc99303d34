//! The rules on small in-memory groups, and the file written back.

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::model::from_table;

const DOC: &str = "[group]\nname = \"G\"\ntimezone = \"Europe/Berlin\"\n\n[[members]]\nname = \"Un\"\nemail = \"un@example.com\"\nunsubscribed = true\n\n[[events]]\nid = \"e1\"\ntitle = \"One\"\nstart = 2026-12-08T18:30:00\nstatus = \"announced\" # told\ncapacity = 2\nrsvps = [\n  { email = \"ann@example.com\", name = \"Ann\", status = \"yes\", at = 2026-11-24T10:15:00, via = \"email\" },\n]\n\n[[events.agenda]]\ntitle = \"Talk\"\nminutes = 30\n";

fn at(s: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn load(text: &str) -> (toml_edit::DocumentMut, Group) {
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let (g, d) = from_table(doc.as_table());
    assert!(d.is_empty(), "{d:?}");
    (doc, g)
}

fn yes(email: &str, guests: u32) -> Answer {
    Answer {
        email: email.into(),
        name: None,
        yes: true,
        guests,
        via: Via::Email,
    }
}

#[test]
fn a_new_answer_is_one_new_line_and_a_change_edits_in_place() {
    let (mut doc, g) = load(DOC);
    let c = decide(
        &g.events[0],
        &g,
        &yes("bo@example.com", 0),
        at("2026-11-26"),
    );
    assert_eq!(
        c.outcome,
        Outcome::Recorded {
            status: RsvpStatus::Yes,
            position: None
        }
    );
    apply(&mut doc, &c).unwrap();
    let text = doc.to_string();
    assert_eq!(
        text,
        DOC.replace(
            "via = \"email\" },\n]",
            "via = \"email\" },\n  { email = \"bo@example.com\", status = \"yes\", at = 2026-11-26T09:00:00, via = \"email\" },\n]"
        )
    );
    let (mut doc, g) = load(&text);
    let no = Answer {
        yes: false,
        ..yes("ANN@example.com", 0)
    };
    let c = decide(&g.events[0], &g, &no, at("2026-11-27"));
    apply(&mut doc, &c).unwrap();
    assert_eq!(
        doc.to_string(),
        text.replace(
            "status = \"yes\", at = 2026-11-24T10:15:00",
            "status = \"no\", at = 2026-11-27T09:00:00"
        )
    );
}

#[test]
fn the_first_answer_creates_a_multi_line_array() {
    let text = DOC.replace(
        "rsvps = [\n  { email = \"ann@example.com\", name = \"Ann\", status = \"yes\", at = 2026-11-24T10:15:00, via = \"email\" },\n]\n",
        "",
    );
    let (mut doc, g) = load(&text);
    let c = decide(
        &g.events[0],
        &g,
        &yes("bo@example.com", 1),
        at("2026-11-26"),
    );
    apply(&mut doc, &c).unwrap();
    assert_eq!(
        doc.to_string(),
        text.replace(
            "capacity = 2\n",
            "capacity = 2\nrsvps = [\n  { email = \"bo@example.com\", status = \"yes\", guests = 1, at = 2026-11-26T09:00:00, via = \"email\" },\n]\n"
        )
    );
}

/// The model writes exactly the schema's keys for `[signups]` and an RSVP.
#[test]
fn signups_and_rsvps_serialize_the_schema_keys() {
    use crate::model::schema;
    let (_, g) = load(&DOC.replace("[group]", "[signups]\nguests = 2\n\n[group]"));
    let keys = |v: serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |k: &[&str]| {
        let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(serde_json::to_value(&g.signups).unwrap()),
        sorted(schema::signups::KEYS)
    );
    let mut r = g.events[0].rsvps[0].clone();
    r.attended = true;
    assert_eq!(
        keys(serde_json::to_value(&r).unwrap()),
        sorted(schema::rsvp::KEYS)
    );
    assert_eq!(g.signups.guests, 2);
}

#[test]
fn promotions_are_in_arrival_order_and_capacity_raises_promote() {
    let text = DOC.replace(
        "via = \"email\" },\n]",
        "via = \"email\" },\n  { email = \"late@example.com\", status = \"waitlist\", at = 2026-11-25T12:00:00 },\n  { email = \"early@example.com\", status = \"waitlist\", at = 2026-11-25T08:00:00 },\n]",
    );
    let (_, g) = load(&text);
    // Two seats, Ann holds one: the earlier arrival moves up, not the first line.
    let c = promote(&g, &g.events[0], Some(2));
    assert_eq!(c.promoted, ["early@example.com"]);
    assert_eq!(c.notices[0].kind, NoticeKind::Promoted);
    let c = promote(&g, &g.events[0], None);
    assert_eq!(c.promoted, ["early@example.com", "late@example.com"]);
    // Unsubscribed: refused with the reason, and told so.
    let c = decide(
        &g.events[0],
        &g,
        &yes("UN@example.com", 0),
        at("2026-11-26"),
    );
    assert_eq!(
        c.outcome,
        Outcome::Refused {
            reason: Closed::Unsubscribed
        }
    );
    assert!(!c.changed());
    assert_eq!(
        c.notices[0].kind,
        NoticeKind::Closed {
            reason: Closed::Unsubscribed
        }
    );
}
