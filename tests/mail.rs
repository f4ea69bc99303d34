//! Email without a server: what is due on each day of an event's life
//! (`usergroup::mail::due`), the composed messages read back with a real
//! RFC 5322 parser (mail-parser), and the iCalendar that `ug calendar` and
//! the attachments carry, read back with the `icalendar` crate.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use usergroup::mail::Due;
use usergroup::model::Group;

#[path = "support/mod.rs"]
mod support;

#[path = "mail/calendar.rs"]
mod calendar;
#[path = "mail/changes.rs"]
mod changes;
#[path = "mail/compose.rs"]
mod compose;
#[path = "mail/due.rs"]
mod due;
#[path = "mail/headers.rs"]
mod headers;
#[path = "mail/merged.rs"]
mod merged;
#[path = "mail/over.rs"]
mod over;
#[path = "mail/replies.rs"]
mod replies;
#[path = "mail/rsvp.rs"]
mod rsvp;
#[path = "mail/season.rs"]
mod season;

/// A small group in Chicago: an event with a venue, a sponsor and an agenda;
/// one with no venue; one held, one cancelled; members, one unsubscribed and
/// one with a hostile name; tasks open, asked and done.
pub const GROUP: &str = r#"
[group]
name = "Django Lakeside"
timezone = "America/Chicago"
website = "https://lakeside.example.org"

[[people]]
id = "maya"
name = "Maya Okafor"
email = "maya@example.org"
roles = ["organizer"]

[[people]]
id = "jonas"
name = "Jonas Lindqvist"
email = "jonas@example.net"
roles = ["co-organizer"]

[[people]]
id = "priya"
name = "Priya Raman"
email = "Priya.Raman@example.com"
roles = ["contact"]

[[people]]
id = "dana"
name = "Dana Kowalski"
email = "dana@example.com"
roles = ["contact"]

[[people]]
id = "nomail"
name = "No Mail"
roles = ["helper"]

[[people]]
id = "rosa"
name = "Rosa Helper"
email = "rosa@example.org"
roles = ["helper"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"
duration = "2h30m"

[[venues]]
id = "lakeview"
name = "Lakeview Analytics"
address = "410 E Washington Ave, Madison, WI"
contact = "priya"

[[sponsors]]
id = "northpie"
name = "North Shore Pizza"
provides = "pizza"
contact = "dana"

[[members]]
name = "Ann Member"
email = "ann@example.com"

[[members]]
name = "Ben Gone"
email = "ben@example.com"
unsubscribed = true

[[members]]
name = "Ann\r\nBcc: x@evil.test"
email = "Carla@Example.com"

[[events]]
id = "2026-11-10"
title = "November hack night"
start = 2026-11-10T18:30:00
venue = "lakeview"
sponsors = ["northpie"]
status = "held"
attendance = 31

[[events]]
id = "2026-12-08"
title = "December talks night"
start = 2026-12-08T18:30:00
venue = "lakeview"
sponsors = ["northpie"]
status = "confirmed"

[[events.agenda]]
title = "Doors open, pizza"
kind = "social"
minutes = 30

[[events.agenda]]
title = "Async views in practice"
kind = "talk"
minutes = 40
speaker = "jonas"

[[events]]
id = "2027-01-12"
title = "January social"
start = 2027-01-12T18:30:00
status = "planned"

[[tasks]]
id = 1
title = "Confirm the room with Priya"
owner = "rosa"
due = 2026-11-20
event = "2026-12-08"
status = "open"

[[tasks]]
id = 2
title = "Bring name tags"
owner = "maya"
due = 2026-12-08
event = "2026-12-08"
status = "asked"
asked = "jonas"
asked_on = 2026-11-25

[[tasks]]
id = 3
title = "Order pizza"
owner = "jonas"
due = 2026-11-18
status = "done"
done_on = 2026-11-17

[[tasks]]
id = 4
title = "Ask someone without mail"
owner = "nomail"
due = 2026-11-20
status = "open"

[email]
from = "Django Lakeside <organizers@lakeside.example.org>"
reply_to = "reply@lakeside.example.org"
unsubscribe_url = "https://lakeside.example.org/unsubscribe"
transport = "file"

[email.file]
dir = "outbox"
"#;

/// `2026-11-24T09:00` as a local date-time.
pub fn at(s: &str) -> NaiveDateTime {
    let s = if s.len() == 10 {
        format!("{s}T09:00:00")
    } else {
        s.to_string()
    };
    NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("bad time {s}: {e}"))
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The instant of a local time in the group's zone.
pub fn instant(g: &Group, s: &str) -> chrono::DateTime<Tz> {
    g.tz().from_local_datetime(&at(s)).earliest().unwrap()
}

/// A valid group from TOML text: any error diagnostic fails the test.
pub fn group(text: &str) -> Group {
    let checked = usergroup::store::check_text(text, "group.toml", |_| at("2026-11-26"))
        .expect("the text is read");
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{:?}: {}", d.path, d.line, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "the test group has errors:\n{}",
        errors.join("\n")
    );
    checked.group
}

/// The fixture with `from` replaced by `to` (which must be there).
pub fn edited(from: &str, to: &str) -> String {
    assert!(GROUP.contains(from), "the fixture has no {from:?}");
    GROUP.replacen(from, to, 1)
}

/// Everything due at `now` when the log holds `sent`.
pub fn due_with(g: &Group, now: &str, sent: &[&str]) -> Vec<Due> {
    usergroup::mail::due::due(g, at(now), &|k| sent.contains(&k))
}

/// The keys due at `now` with nothing sent yet.
pub fn keys(g: &Group, now: &str) -> Vec<String> {
    due_with(g, now, &[])
        .into_iter()
        .map(|d| d.key.to_string())
        .collect()
}
