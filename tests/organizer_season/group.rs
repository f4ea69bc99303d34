//! The season's group: an organizer, a co-organizer, two helpers, two
//! speakers, a venue and a sponsor; a monthly schedule with no
//! `plan_ahead` (SPEC 8's default horizon); a checklist that delegates to
//! both helpers and both organizers; December's meetup already planned and
//! confirmed; three tasks asked of speakers over the season; and the 60
//! members of `members.csv` (imported by `ug members import`).

use std::fmt::Write as _;

/// The group file before the import; `PORT` is the SMTP server's.
pub const GROUP: &str = r#"# Rust Riverside: the organizers' one file.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"
city = "Riverside"

[[people]]
id = "ann"
name = "Ann Organizer"
email = "ann@riverside.example"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Cohost"
email = "bo@riverside.example"
roles = ["co-organizer"]

[[people]]
id = "hana"
name = "Hana Helper"
email = "hana@helpers.example"
roles = ["helper"]

[[people]]
id = "hugo"
name = "Hugo Helper"
email = "hugo@helpers.example"
roles = ["helper"]

[[people]]
id = "jane"
name = "Jane Venue"
email = "jane@venue.example"
roles = ["contact"]

[[people]]
id = "pat"
name = "Pat Pizza"
email = "pat@pizza.example"
roles = ["contact"]

[[people]]
id = "maria"
name = "Maria Speaker"
email = "maria@speakers.example"
roles = ["speaker"]

[[people]]
id = "li"
name = "Li Lightning"
email = "li@speakers.example"
roles = ["speaker"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"
duration = "2h30m"
formats = ["talks"]
expected = 16

[[venues]]
id = "hall"
name = "Town Hall"
address = "1 Market Square, Riverside"
capacity = 20
contact = "jane"

[[sponsors]]
id = "pizzaco"
name = "Pizza Co"
provides = "pizza and soft drinks"
contact = "pat"

[[events]]
id = "2026-12-08"
title = "December talks night"
start = 2026-12-08T18:30:00
duration = "2h30m"
format = "talks"
venue = "hall"
sponsors = ["pizzaco"]
status = "confirmed"

[[events.agenda]]
title = "Doors open, pizza"
kind = "social"
minutes = 30

[[events.agenda]]
title = "Async Rust in practice"
kind = "talk"
minutes = 30
speaker = "maria"

[[events.agenda]]
title = "Drinks"
kind = "social"
minutes = 60

[[tasks]]
id = 1
title = "Confirm Town Hall with Jane Venue"
owner = "ann"
due = 2026-11-17
event = "2026-12-08"
status = "done"
done_on = 2026-11-16

[[tasks]]
id = 2
title = "Bring name tags"
owner = "hana"
due = 2026-12-06
event = "2026-12-08"
status = "open"

[[tasks]]
id = 3
title = "Post slides and a recap of 2026-12-08"
owner = "hugo"
due = 2026-12-11
event = "2026-12-08"
status = "open"

[[tasks]]
id = 4
title = "Bring the projector adapter"
owner = "hana"
due = 2027-01-10
status = "asked"
asked = "li"
asked_on = 2026-12-01

[[tasks]]
id = 5
title = "Take photos at the February meetup"
owner = "hugo"
due = 2027-02-07
status = "asked"
asked = "maria"
asked_on = 2027-01-04

[[tasks]]
id = 6
title = "Write the March recap for the newsletter"
owner = "hana"
due = 2027-03-14
status = "asked"
asked = "li"
asked_on = 2027-02-22

[[checklist]]
title = "Find speakers for {date}"
owner = "helper"
before = "28d"

[[checklist]]
title = "Confirm {venue} with {contact}"
owner = "organizer"
before = "21d"
confirms = "venue"

[[checklist]]
title = "Confirm {sponsor} for {date}"
owner = "co-organizer"
before = "21d"

[[checklist]]
title = "Bring name tags"
owner = "helper"
before = "2d"

[[checklist]]
title = "Post slides and a recap of {date}"
owner = "helper"
after = "3d"

[[formats.talks]]
title = "Doors open, pizza"
kind = "social"
minutes = 30

[[formats.talks]]
title = "Talk (open slot)"
kind = "talk"
minutes = 30

[[formats.talks]]
title = "Drinks"
kind = "social"
minutes = 60

[reminders]
announce = "14d"
remind = "1d"
thanks = "1d"
nudge = "3d"

[signups]
opens = "14d"
closes = "2h"
guests = 1
confirm = true
release = "2d"

[inbox]
answer_within = "2d"
maildir = "mail/INBOX"

[email]
from = "Rust Riverside <organizers@riverside.example>"
transport = "smtp"

[email.smtp]
host = "127.0.0.1"
port = PORT
security = "none"
"#;

/// The checklist's `before` offsets in days, by the start of the titles
/// it gives: such a task must be planned at least this long before its
/// event (else it is born overdue, whatever due date it is given).
pub const BEFORE: [(&str, i64); 4] = [
    ("Find speakers", 28),
    ("Confirm Town Hall", 21),
    ("Confirm Pizza Co", 21),
    ("Bring name tags", 2),
];

pub const ORGANIZERS: [&str; 2] = ["ann@riverside.example", "bo@riverside.example"];
pub const HELPERS: [&str; 2] = ["hana@helpers.example", "hugo@helpers.example"];

const FIRST: [&str; 20] = [
    "John", "Amira", "Lukas", "Sofia", "Kenji", "Priya", "Mateo", "Olga", "Tomasz", "Chloe",
    "Emeka", "Ines", "Rafael", "Yuki", "Sven", "Leila", "Daniel", "Ana", "Felix", "Maya",
];
const LAST: [&str; 15] = [
    "Smith", "Haddad", "Becker", "Rossi", "Tanaka", "Patel", "Garcia", "Ivanova", "Nowak",
    "Martin", "Okafor", "Silva", "Costa", "Sato", "Berg",
];

/// One imported member: the name as the CSV writes it, the first name a
/// greeting should use, and the address.
#[derive(Debug, Clone)]
pub struct Member {
    pub written: String,
    pub first: String,
    pub email: String,
}

/// The 60 members; every fifth is written "Last, First" (as exports of
/// some tools do).
pub fn members() -> Vec<Member> {
    (0..60)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i * 7 + i / 20) % LAST.len()];
            let written = if i % 5 == 0 {
                format!("{last}, {first}")
            } else {
                format!("{first} {last}")
            };
            Member {
                written,
                first: first.to_string(),
                email: format!(
                    "{}.{}{i}@members.example",
                    first.to_lowercase(),
                    last.to_lowercase()
                ),
            }
        })
        .collect()
}

/// The members as a CSV export (quoted where a name holds a comma).
pub fn csv(members: &[Member]) -> String {
    let mut out = String::from("Name,Email,Joined\n");
    for (i, m) in members.iter().enumerate() {
        let name = if m.written.contains(',') {
            format!("\"{}\"", m.written)
        } else {
            m.written.clone()
        };
        let _ = writeln!(out, "{name},{},2026-{:02}-15", m.email, 1 + i % 11);
    }
    out
}
