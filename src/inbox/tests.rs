//! The sorter on real replies, one fixture per client and case
//! (`tests/fixtures/inbox/*.eml`).

use std::path::PathBuf;

use super::maildir::Entry;
use super::{Class, Context, reader};

fn cx() -> Context {
    Context {
        domain: "example.org".into(),
        events: vec!["2026-11-10".into(), "2026-12-08".into()],
        tasks: vec!["3".into(), "7".into(), "12".into()],
        talks: vec!["5".into()],
        signups: Some("rsvp@example.org".into()),
        keys: crate::token::Keys::from_secrets(&[&TEST_KEY]),
        trust_authserv: None,
        bounces: None,
    }
}

/// The key the fixtures' tokens were made with (`tests/fixtures/inbox/retoken.py`).
const TEST_KEY: [u8; 32] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
];

/// Reads a fixture as the file `cur/<name>:2,S`.
fn read(name: &str) -> reader::Incoming {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inbox")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let entry = Entry {
        file: format!("cur/{name}:2,S"),
        unique: name.to_string(),
        path,
        other: None,
        delivered: 1_795_500_000,
    };
    reader::parse(&bytes, &entry, &cx()).unwrap()
}

fn class(name: &str) -> Class {
    read(name).class
}

fn rsvp(yes: bool, guests: u32) -> Class {
    Class::Rsvp {
        event: "2026-12-08".into(),
        yes,
        guests,
        proven: true,
    }
}

#[test]
fn rsvps_from_each_client() {
    assert_eq!(class("gmail_yes.eml"), rsvp(true, 0));
    assert_eq!(class("gmail_yes_guests.eml"), rsvp(true, 2));
    assert_eq!(class("outlook_no.eml"), rsvp(false, 0));
    assert_eq!(class("outlook_original_message.eml"), rsvp(true, 0));
    assert_eq!(class("apple_mail_yes_plus_one.eml"), rsvp(true, 1));
    assert_eq!(class("thunderbird_de_no.eml"), rsvp(false, 0));
    assert_eq!(class("thunderbird_fr_yes.eml"), rsvp(true, 0));
    assert_eq!(class("html_only_yes.eml"), rsvp(true, 0));
    assert_eq!(class("apple_mail_html_only_no.eml"), rsvp(false, 0));
}

#[test]
fn the_prefilled_subject_is_an_rsvp() {
    assert_eq!(class("mailto_rsvp.eml"), rsvp(true, 1));
}

#[test]
fn answers_about_tasks() {
    let ask = |task: &str, yes| Class::TaskAsk {
        task: task.into(),
        yes,
    };
    assert_eq!(class("ask_yes.eml"), ask("3", true));
    assert_eq!(class("ask_no.eml"), ask("7", false));
    assert_eq!(
        class("nudge_done.eml"),
        Class::TaskDone { task: "3".into() }
    );
}

#[test]
fn list_membership() {
    // Neither proves its sender: both wait for a reply to a confirmation.
    assert_eq!(
        class("unsubscribe.eml"),
        Class::Unsubscribe { proven: false }
    );
    assert_eq!(class("join.eml"), Class::Join { proven: false });
}

#[test]
fn bounces_with_the_failed_recipient() {
    assert_eq!(
        class("bounce_hard.eml"),
        Class::Bounce {
            hard: true,
            recipient: Some("gone@example.com".into()),
            status: Some("5.1.1".into()),
        }
    );
    assert_eq!(
        class("bounce_soft.eml"),
        Class::Bounce {
            hard: false,
            recipient: Some("full.box@gmail.com".into()),
            status: Some("4.2.2".into()),
        }
    );
}

#[test]
fn auto_replies_even_when_they_start_with_yes_or_no() {
    for f in [
        "vacation_outlook.eml",
        "vacation_x_autoreply.eml",
        "vacation_subject.eml",
    ] {
        assert_eq!(class(f), Class::AutoReply, "{f}");
    }
}

#[test]
fn a_copy_of_ugs_own_message_is_ignored() {
    assert_eq!(class("own_copy.eml"), Class::Own);
}

#[test]
fn everything_else_needs_a_person() {
    for f in [
        "question.eml",
        "question_non_ascii.eml",
        "no_message_id.eml",
    ] {
        assert_eq!(class(f), Class::Person, "{f}");
    }
}

#[test]
fn names_subjects_and_ids_are_decoded() {
    let m = read("gmail_yes.eml");
    assert_eq!(m.name, "Ann Müller");
    assert_eq!(m.from, "ann.mueller@gmail.com");
    assert_eq!(
        m.id,
        "CAK7LNAQy3m1fz0VhG3Xo2Zr8dS9JmQKxp1h9o4vB2sD+Xq=5gA@mail.gmail.com"
    );
    let m = read("question_non_ascii.eml");
    assert_eq!(m.name, "José Núñez");
    assert_eq!(m.subject, "Frage zur Anmeldung – Zugang für Rollstühle?");
    assert_eq!(
        read("thunderbird_fr_yes.eml").subject,
        "Re: Rust Lakeside : événement du 8 décembre"
    );
    assert_eq!(read("nudge_done.eml").name, "中村 愛子 (Aiko)");
    // Arrival: when it was delivered (the Maildir's word), not the
    // Received stamp (1_795_511_742) or the Date, which the sender writes.
    assert_eq!(read("gmail_yes.eml").arrived, 1_795_500_000);
    let m = read("no_message_id.eml");
    assert!(m.id.starts_with("hash:"), "{}", m.id);
    assert_eq!(
        m.id,
        read("no_message_id.eml").id,
        "the same bytes, the same id"
    );
}

#[test]
fn a_reply_to_an_unknown_event_or_another_domain_needs_a_person() {
    let mut c = cx();
    c.events = vec!["2027-01-12".into()];
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox/gmail_yes.eml");
    let bytes = std::fs::read(&path).unwrap();
    let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(super::classify(&m, &c), Class::Person);
    c = cx();
    c.domain = "other.org".into();
    assert_eq!(super::classify(&m, &c), Class::Person);
}

#[test]
fn any_prefix_of_any_fixture_sorts_without_a_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox");
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let entry = Entry {
            file: "new/x".into(),
            unique: "x".into(),
            path: path.clone(),
            other: None,
            delivered: 0,
        };
        for cut in (0..bytes.len()).step_by(23) {
            let _ = reader::parse(&bytes[..cut], &entry, &cx());
        }
    }
    let odd = "Subject: RÉF: Re:  İ K\nFrom: x@y\n\n\u{212a}\u{130} yes";
    let entry = Entry {
        file: "new/y".into(),
        unique: "y".into(),
        path: PathBuf::new(),
        other: None,
        delivered: 0,
    };
    assert!(reader::parse(odd.as_bytes(), &entry, &cx()).is_ok());
}
