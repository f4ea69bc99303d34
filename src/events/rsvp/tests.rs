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
