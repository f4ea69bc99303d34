//! Header text from the file: long names and titles folded into encoded
//! words (no line over 998 bytes), encoded-word look-alikes kept literal,
//! and line breaks in bodies; read back with mail-parser.

use usergroup::mail::{Kind, Outgoing};

use crate::compose::{built, one, parse, text};
use crate::{GROUP, edited, group};

/// Every raw header line (folded lines apart) of a message.
fn raw_lines(out: &Outgoing) -> Vec<String> {
    let s = String::from_utf8_lossy(&out.bytes);
    s.split("\r\n\r\n")
        .next()
        .unwrap()
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

#[track_caller]
fn assert_short_lines(out: &Outgoing) {
    for line in String::from_utf8_lossy(&out.bytes).split("\r\n") {
        assert!(line.len() <= 998, "a line of {} bytes", line.len());
    }
}

#[test]
fn a_very_long_title_and_name_fold_into_short_lines_and_decode_back() {
    let title = "T".repeat(2000);
    let name = "N".repeat(2000);
    let g = group(
        &edited(
            "title = \"December talks night\"",
            &format!("title = \"{title}\""),
        )
        .replacen("name = \"Ann Member\"", &format!("name = \"{name}\""), 1),
    );
    let due = one(&g, "2026-11-24", &[], Kind::Announce);
    let out = built(&g, &due, "2026-11-24");
    assert_short_lines(&out);
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some(format!("Tue Dec 8: {title} at Lakeview Analytics").as_str())
    );
    let to = m.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some(name.as_str()));
    assert_eq!(to.address(), Some("ann@example.com"));
    // Spaces too: a long title of words.
    let words = "word ".repeat(400);
    let g = group(&edited(
        "title = \"December talks night\"",
        &format!("title = \"{words}\""),
    ));
    let out = built(
        &g,
        &one(&g, "2026-11-24", &[], Kind::Announce),
        "2026-11-24",
    );
    assert_short_lines(&out);
    assert!(parse(&out).subject().unwrap().contains(words.trim()));
}

#[test]
fn a_title_written_as_an_encoded_word_stays_literal_text() {
    let evil = "=?utf-8?q?Evil=0D=0ABcc:_x@evil.test?=";
    let g = group(&edited(
        "title = \"December talks night\"",
        &format!("title = \"{evil}\""),
    ));
    let out = built(
        &g,
        &one(&g, "2026-11-24", &[], Kind::Announce),
        "2026-11-24",
    );
    let m = parse(&out);
    assert_eq!(
        m.subject(),
        Some(format!("Tue Dec 8: {evil} at Lakeview Analytics").as_str()),
        "decodes to the text in the file, not to what it encodes"
    );
    assert!(m.bcc().is_none());
    for h in raw_lines(&out) {
        assert!(!h.to_ascii_lowercase().starts_with("bcc"), "{h}");
        assert!(!h.contains(evil), "raw in a header: {h}");
    }
    // The same for a display name.
    let g = group(&edited(
        "name = \"Ann Member\"",
        &format!("name = \"{evil}\""),
    ));
    let out = built(
        &g,
        &one(&g, "2026-11-24", &[], Kind::Announce),
        "2026-11-24",
    );
    let m = parse(&out);
    assert_eq!(m.to().unwrap().first().unwrap().name(), Some(evil));
    assert!(m.bcc().is_none());
}

#[test]
fn a_carriage_return_in_a_title_leaves_no_lone_cr_in_the_text() {
    let g = group(&edited(
        "title = \"Bring name tags\"",
        "title = \"Bring\\rname tags\\r\\nand pens\"",
    ));
    let out = built(&g, &one(&g, "2026-11-25", &[], Kind::Ask), "2026-11-25");
    let bytes = &out.bytes;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a lone CR at byte {i}");
        }
    }
    let m = parse(&out);
    assert!(!m.subject().unwrap().contains('\r'));
    let body = text(&m);
    assert!(!body.replace("\r\n", "").contains('\r'), "{body:?}");
}

#[test]
fn a_very_long_group_name_and_event_id_keep_every_header_line_short() {
    let long = "Lakeside".repeat(250);
    let id = "x".repeat(2000);
    let g = group(
        &GROUP
            .replacen(
                "name = \"Django Lakeside\"",
                &format!("name = \"{long}\""),
                1,
            )
            .replacen(
                "from = \"Django Lakeside <",
                &format!("from = \"{long} <"),
                1,
            )
            .replacen("id = \"2026-12-08\"", &format!("id = \"{id}\""), 1)
            .replace("event = \"2026-12-08\"", &format!("event = \"{id}\"")),
    );
    for (now, kind) in [("2026-11-24", Kind::Announce), ("2026-11-17", Kind::Nudge)] {
        let out = built(&g, &one(&g, now, &[], kind), now);
        assert_short_lines(&out);
        let m = parse(&out);
        assert_eq!(
            m.from().unwrap().first().unwrap().name(),
            Some(long.as_str())
        );
        assert_eq!(m.message_id(), Some(out.message_id.as_str()));
    }
}
