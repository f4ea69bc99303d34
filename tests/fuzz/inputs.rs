//! The generators. Structured: valid-ish group files built from pieces (a
//! base that reads, then sections with the schema's own keys and strangers,
//! values of every TOML type, unicode, huge numbers, deep nesting), with CRLF
//! line ends, a BOM, truncation. Byte-level: the bundled files with bytes
//! flipped, inserted, deleted and spans duplicated. Rule strings: the SPEC §2
//! forms assembled from their words, RRULEs from their parts, and noise.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use usergroup::model::schema::{
    agenda_item, checklist, email, event, group, imap, inbox, member, person, reminders, schedule,
    signups, site, smtp, sponsor, talk, task, venue,
};

/// Each section: its header, whether it is an array of tables, its keys.
const SECTIONS: [(&str, bool, &[&str]); 19] = [
    ("group", false, group::KEYS),
    ("people", true, person::KEYS),
    ("schedule", false, schedule::KEYS),
    ("venues", true, venue::KEYS),
    ("sponsors", true, sponsor::KEYS),
    ("members", true, member::KEYS),
    ("events", true, event::KEYS),
    ("events.agenda", true, agenda_item::KEYS),
    ("formats.talks", true, agenda_item::KEYS),
    ("tasks", true, task::KEYS),
    ("talks", true, talk::KEYS),
    ("checklist", true, checklist::KEYS),
    ("reminders", false, reminders::KEYS),
    ("email", false, email::KEYS),
    ("email.smtp", false, smtp::KEYS),
    ("inbox", false, inbox::KEYS),
    ("inbox.imap", false, imap::KEYS),
    ("signups", false, signups::KEYS),
    ("site", false, site::KEYS),
];

const WORDS: [&str; 24] = [
    "",
    "x",
    "kim",
    "acme",
    "pizzaco",
    "organizer",
    "co-organizer",
    "speaker",
    "helper",
    "planned",
    "confirmed",
    "held",
    "cancelled",
    "open",
    "done",
    "asked",
    "talks",
    "social",
    "hack-night",
    "kim@example.org",
    "a..b@example.com",
    "Europe/Berlin",
    "Europe/Atlantis",
    "UTC",
];

const ODD_TEXT: [&str; 14] = [
    "Zoë Ünïcödé 日本語 🦀",
    "\\u0000",
    "\\u001b[31mred",
    "\\u202eevil",
    "\\u200b",
    "\\r\\n",
    "\\t tab",
    "\\\\",
    "\\\"quoted\\\"",
    "-3d",
    "99999999w",
    "2h30m",
    "25:00",
    "0m",
];

const NUMBERS: [&str; 14] = [
    "0",
    "-1",
    "1",
    "40",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967296",
    "65536",
    "1e308",
    "-0.0",
    "nan",
    "inf",
    "0x7fffffff",
    "1_000_000",
];

const DATES: [&str; 14] = [
    "2026-12-08",
    "2026-12-08T18:30:00",
    "2026-12-08T18:30:00Z",
    "2026-12-08T18:30:00+05:45",
    "18:30:00",
    "0000-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "1970-01-01",
    "2024-02-29",
    "2026-03-08T02:30:00",
    "2026-10-25T02:30:00",
    "2026-11-26",
    "1900-01-01T00:00:00",
];

/// A rule string: mostly the forms of SPEC §2 (right or nearly right), some noise.
pub fn rule_text() -> impl Strategy<Value = String> {
    let nth = select(vec![
        "first", "second", "third", "fourth", "fifth", "last", "1st", "5th", "sixth", "0th",
    ]);
    let day = select(vec![
        "monday", "tuesday", "wed", "Thursday", "FRI", "sat", "sunday", "funday",
    ]);
    let month = select(vec![
        "january",
        "feb",
        "march",
        "apr",
        "May",
        "june",
        "jul",
        "aug",
        "september",
        "oct",
        "nov",
        "december",
        "smarch",
    ]);
    prop_oneof![
        (nth.clone(), day.clone()).prop_map(|(n, d)| format!("{n} {d} monthly")),
        (nth.clone(), day.clone()).prop_map(|(n, d)| format!("{n} {d} of every month")),
        (nth, day.clone(), vec(month, 0..5), any::<bool>()).prop_map(|(n, d, ms, and)| {
            let list = if and && ms.len() > 1 {
                format!("{} and {}", ms[..ms.len() - 1].join(", "), ms[ms.len() - 1])
            } else {
                ms.join(", ")
            };
            format!("{n} {d} of {list}")
        }),
        day.clone().prop_map(|d| format!("every {d}")),
        day.clone().prop_map(|d| format!("every other {d}")),
        (0u64..2000, day).prop_map(|(n, d)| format!("every {n} weeks on {d}")),
        rrule_text(),
        "\\PC{0,40}",
        ".{0,12}",
    ]
}

/// An RRULE: its parts in any order, valid values and edge values mixed.
pub fn rrule_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        select(vec![
            "FREQ=WEEKLY",
            "FREQ=MONTHLY",
            "FREQ=YEARLY",
            "FREQ=DAILY",
            "FREQ=x"
        ])
        .prop_map(String::from),
        (0i64..400).prop_map(|n| format!("INTERVAL={n}")),
        (0i64..60).prop_map(|n| format!("COUNT={n}")),
        select(vec![
            "20271231",
            "20271231T235959Z",
            "20271231T2359",
            "19000101",
            "99991231"
        ])
        .prop_map(|u| format!("UNTIL={u}")),
        vec(1i64..=13, 1..4).prop_map(|v| format!("BYMONTH={}", join(&v))),
        vec(-32i64..=32, 1..4).prop_map(|v| format!("BYMONTHDAY={}", join(&v))),
        vec(-370i64..=370, 1..3).prop_map(|v| format!("BYSETPOS={}", join(&v))),
        vec(
            (
                select(vec![
                    "", "1", "2", "-1", "5", "-5", "20", "-53", "54", "0", "+2"
                ]),
                select(vec!["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX"])
            ),
            1..4
        )
        .prop_map(|v| {
            let items: Vec<String> = v.into_iter().map(|(n, d)| format!("{n}{d}")).collect();
            format!("BYDAY={}", items.join(","))
        }),
        select(vec![
            "WKST=SU",
            "WKST=MO",
            "WKST=XX",
            "BYHOUR=9",
            "DTSTART=20260101",
            ";",
            "=",
            "FOO"
        ])
        .prop_map(String::from),
    ];
    (any::<bool>(), vec(part, 1..6), any::<bool>()).prop_map(|(prefix, parts, lower)| {
        let s = format!("{}{}", if prefix { "RRULE:" } else { "" }, parts.join(";"));
        if lower { s.to_lowercase() } else { s }
    })
}

fn join(v: &[i64]) -> String {
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// A TOML value of any type, nested up to `depth`.
fn value(depth: u32) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(WORDS.to_vec()).prop_map(|w| format!("{w:?}")),
        select(ODD_TEXT.to_vec()).prop_map(|w| format!("\"{w}\"")),
        "[a-zA-Z0-9 ÄÖÜß日本🦀.@-]{0,20}".prop_map(|w| format!("{w:?}")),
        (1usize..5).prop_map(|n| format!("{:?}", "long ".repeat(n * 2000))),
        select(NUMBERS.to_vec()).prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        select(DATES.to_vec()).prop_map(String::from),
        any::<bool>().prop_map(|b| b.to_string()),
        rule_text().prop_map(|r| format!("{r:?}")),
        Just("'''multi\nline'''".to_string()),
    ];
    leaf.prop_recursive(depth, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
            vec(("[a-z_]{1,8}", inner), 0..5).prop_map(|kv| {
                let items: Vec<String> =
                    kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", items.join(", "))
            }),
        ]
    })
}

/// A key: mostly the section's own, sometimes a stranger, a quoted or dotted one.
fn key(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(keys.to_vec()).prop_map(String::from),
        1 => "[a-z_]{1,10}",
        1 => "\\PC{0,6}".prop_map(|k| format!("{k:?}")),
        1 => select(keys.to_vec()).prop_map(|k| format!("{k}.deeper.still")),
    ]
}

/// One section: its header (or a stranger, or a deeply nested table) and some keys.
fn section() -> impl Strategy<Value = String> {
    let known = select(SECTIONS.to_vec()).prop_flat_map(|(name, array, keys)| {
        vec((key(keys), value(3)), 0..7).prop_map(move |kv| {
            let header = if array {
                format!("[[{name}]]")
            } else {
                format!("[{name}]")
            };
            let body: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("{header}\n{}\n", body.join("\n"))
        })
    });
    let deep = (1usize..200, any::<bool>()).prop_map(|(n, array)| {
        let path = vec!["a"; n].join(".");
        if array {
            format!("[[{path}]]\nx = 1\n")
        } else {
            format!(
                "[{path}]\nx = {}\n",
                "[".repeat(n.min(120)) + &"]".repeat(n.min(120))
            )
        }
    });
    prop_oneof![8 => known, 1 => deep, 1 => "\\PC{0,30}".prop_map(|s| format!("{s}\n"))]
}

/// The start of a file that reads (with a chosen zone, rule and time), so the
/// sections after it reach the reader's and validator's deeper checks.
fn base() -> impl Strategy<Value = String> {
    let tz = select(vec![
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "UTC",
        "Asia/Kathmandu",
        "Europe/Atlantis",
        "",
    ]);
    let time = select(vec![
        "19:00", "02:30", "00:00", "23:59", "24:00", "7pm", "18:30:15",
    ]);
    // The anchor (since, else the first event) and skip dates: the schedule's other inputs.
    let since = prop::option::weighted(0.3, select(DATES.to_vec()));
    let skip = vec(select(DATES.to_vec()), 0..3);
    let event = prop::option::weighted(0.3, select(DATES.to_vec()));
    (tz, rule_text(), time, since, skip, event).prop_map(|(tz, rule, time, since, skip, event)| {
        let since = since.map_or(String::new(), |d| format!("since = {d}\n"));
        let event = event.map_or(String::new(), |d| {
            format!("[[events]]\nid = \"e1\"\nstart = {d}\nstatus = \"held\"\n\n")
        });
        format!(
            "[group]\nname = \"Fuzz Group\"\ntimezone = \"{tz}\"\n\n\
             [[people]]\nid = \"kim\"\nname = \"Kim\"\nemail = \"kim@example.org\"\nroles = [\"organizer\"]\n\n\
             [schedule]\nrule = {rule:?}\ntime = \"{time}\"\nskip = [{}]\n{since}\n{event}",
            skip.join(", ")
        )
    })
}

/// A structured group file, as bytes.
pub fn group_file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::option::weighted(0.9, base()),
        vec(section(), 0..8),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.1, any::<Index>()),
    )
        .prop_map(|(base, sections, crlf, bom, cut)| {
            let mut text = base.unwrap_or_default() + &sections.join("\n");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            let mut bytes = text.into_bytes();
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

/// One byte-level edit.
#[derive(Debug, Clone)]
pub enum Edit {
    Flip(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Duplicate(Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let bytes = prop_oneof![
        vec(any::<u8>(), 1..4),
        select(vec![
            &b"\""[..],
            b"'",
            b"[",
            b"]]",
            b"=",
            b"\n",
            b"\r\n",
            b"#",
            b"{",
            b"}",
            b",",
            b"\xef\xbb\xbf",
            b"\xe2\x80\xae",
            b"\x00",
            b"9999999999999999999",
            b"-",
            b".",
            b"\\u",
            b"\xff",
        ])
        .prop_map(<[u8]>::to_vec),
    ];
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<Index>(), bytes).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), 1usize..200).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), 1usize..400).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

/// Applies the edits in turn.
pub fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Flip(i, b) if len > 0 => bytes[i.index(len)] ^= b | 1,
            Edit::Flip(..) => {}
            Edit::Insert(i, b) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(i, n) => {
                let at = i.index(len + 1);
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Duplicate(i, n) => {
                let at = i.index(len + 1);
                let span = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, span);
            }
        }
    }
    bytes
}

/// A bundled file (by index into `files`) with a few byte-level edits.
pub fn mutant(files: usize) -> impl Strategy<Value = (usize, Vec<Edit>)> {
    (0..files, vec(edit(), 1..6))
}
