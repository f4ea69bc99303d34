//! What must hold for every input, run in-process through the library: the
//! store's one parse (`store::check_text`: TOML, the reader, the validator,
//! located diagnostics), then the schedule the file names (the rule parser
//! and its next occurrences, bounded); and for a bare rule string, the
//! parser, its occurrences from a few days with and without an anchor, its
//! words, and its RRULE form read back to the same dates.
//!
//! A broken property panics (the guard turns that into a failing case).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use usergroup::model::{self, Group};
use usergroup::schedule::{Rule, occurrences};
use usergroup::store;

/// How many occurrences each check takes: enough to cross years and DST.
pub const NEXT: usize = 30;

/// The "now"s a file is read at (as `UG_NOW` would give them).
pub fn nows() -> [NaiveDateTime; 3] {
    [
        dt("2026-11-26T09:00:00"),
        dt("2026-12-08T19:00:00"),
        dt("1999-12-31T23:59:00"),
    ]
}

fn dt(s: &str) -> NaiveDateTime {
    s.parse().expect("a date-time")
}

/// A group file's bytes, as `ug` would read them.
pub fn read_file(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return; // the store refuses it before parsing (the binary sample covers that)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text.split('\n').count();
    // One "now" per input (as one run of ug has), picked by its length.
    for now in [nows()[bytes.len() % 3]] {
        let checked = match store::check_text(text, "group.toml", |_| now) {
            Ok(c) => c,
            Err(e) => {
                assert!(
                    !e.to_string().trim().is_empty(),
                    "an error without a message"
                );
                continue;
            }
        };
        for d in &checked.diagnostics {
            assert!(
                !d.message.trim().is_empty(),
                "a diagnostic without a message"
            );
            if let Some(line) = d.line {
                assert!(
                    (1..=lines).contains(&line),
                    "{:?} points to line {line} of {lines}",
                    d.message
                );
            }
            let _ = d.render(usergroup::term::Style::new(false, false));
        }
        schedule_of(&checked.group, now.date());
    }
}

/// The file's schedule: its next occurrences from `today`, bounded.
fn schedule_of(g: &Group, today: NaiveDate) {
    let Some(s) = &g.schedule else { return };
    let Ok(rule) = Rule::parse(&s.rule.value) else {
        return;
    };
    let got: Vec<_> = occurrences(&rule, g.tz(), s.time, &s.skip, model::anchor(g), today)
        .take(NEXT)
        .collect();
    assert!(
        got.windows(2).all(|w| w[0] < w[1]),
        "occurrences not increasing"
    );
    assert!(
        got.iter().all(|t| !s.skip.contains(&t.date_naive())),
        "a skip date used"
    );
}

/// A `schedule.rule` string.
pub fn rule_text(text: &str) {
    let rule = match Rule::parse(text) {
        Ok(r) => r,
        Err(e) => {
            let message = e.message();
            assert!(
                !message.contains('\n'),
                "a rule error over two lines: {message:?}"
            );
            assert!(e.hint().contains("RRULE"), "the hint lists the forms");
            return;
        }
    };
    let _ = rule.describe();
    let days = [day("2026-11-26"), day("2399-02-28")];
    let anchors = [None, Some(day("2025-01-07"))];
    for from in days {
        for anchor in anchors {
            let dates: Vec<_> = rule.dates_from(from, anchor).take(NEXT).collect();
            assert!(
                dates.windows(2).all(|w| w[0] < w[1]),
                "{text}: not increasing"
            );
            assert!(
                dates.iter().all(|d| *d >= from),
                "{text}: a date before {from}"
            );
            if let Some(first) = dates.first() {
                assert!(
                    rule.matches(*first, anchor),
                    "{text}: {first} listed, not matched"
                );
            }
        }
        let tz = chrono_tz::America::New_York;
        let time = NaiveTime::from_hms_opt(2, 30, 0).expect("a time");
        let _ = occurrences(&rule, tz, time, &[], None, from)
            .take(NEXT)
            .count();
    }
    // Its RRULE form is a rule too, with the same dates (unanchored: a
    // human form counts weeks from its first matching day, as an RRULE does
    // when its DTSTART is that day).
    let rrule = rule.to_rrule();
    let again = Rule::parse(&rrule).unwrap_or_else(|e| panic!("{text} -> {rrule}: {e}"));
    let from = day("2026-11-26");
    let ours: Vec<_> = rule.dates_from(from, None).take(NEXT).collect();
    let theirs: Vec<_> = again.dates_from(from, None).take(NEXT).collect();
    assert_eq!(ours, theirs, "{text} and its RRULE {rrule} differ");
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}
