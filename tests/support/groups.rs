//! The groups the tests start from: a small valid one, a large one, and the
//! bundled `group.toml` (the remind fixture with its SMTP port is in `server.rs`).

use std::fmt::Write as _;

/// The bundled `group.toml`, the realistic file `ug events` and `ug agenda` edit.
pub const SAMPLE: &str = include_str!("../../group.toml");

/// A small valid group: two organizers (so no co-organizer warning), a
/// venue, a sponsor, an event and three tasks. Tasks come last, so an added
/// task is appended at the very end of the file.
pub const SMALL_GROUP: &str = r#"# A small group for the tests.
[group]
name = "Rust Riverside"
timezone = "Europe/Berlin"
city = "Riverside"

[[people]]
id = "ann"
name = "Ann Example"
email = "ann@example.org"
roles = ["organizer"]

[[people]]
id = "bo"
name = "Bo Example"
email = "bo@example.org"
roles = ["co-organizer", "contact"]

[schedule]
rule = "second tuesday monthly"
time = "18:30"

[[venues]]
id = "hall"
name = "Town Hall"
capacity = 60
contact = "bo"

[[sponsors]]
id = "pizzaco"
name = "Pizza Co"
provides = "pizza"
contact = "bo"

[[events]]
id = "2026-12-08"
title = "December talks"
start = 2026-12-08T18:30:00
venue = "hall"
sponsors = ["pizzaco"]
status = "confirmed"

[[tasks]]
id = 1
title = "Confirm the room"
owner = "ann"
due = 2026-11-20
status = "open"

[[tasks]]
id = 2
title = "Find two speakers"
owner = "bo"
due = 2026-11-30
status = "open"

[[tasks]]
id = 3
title = "Order pizza"
owner = "ann"
due = 2026-12-07
event = "2026-12-08"
status = "open"
"#;

/// A valid group file with `members` members: big enough that parsing it
/// takes a noticeable time, for tests that need to act while ug works.
pub fn large_group(members: usize) -> String {
    let mut s = String::from(SMALL_GROUP);
    // Members go before the tasks so that tasks stay last in the file.
    let at = s.find("[[tasks]]").expect("tasks in SMALL_GROUP");
    let mut block = String::new();
    for i in 0..members {
        let _ = write!(
            block,
            "[[members]]\nname = \"Member {i}\"\nemail = \"member{i}@example.com\"\njoined = 2025-03-01\n\n"
        );
    }
    s.insert_str(at, &block);
    s
}

/// `rsvps = [...]` with `n` "yes" lines, arriving a minute apart from 08:00
/// on `day`; `who(i)` gives the `i`th person's fields (`email = "..."`,
/// maybe `name = "..."`).
pub fn yes_rsvps(n: usize, day: &str, who: impl Fn(usize) -> String) -> String {
    let mut s = String::from("rsvps = [\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "  {{ {}, status = \"yes\", at = {day}T{:02}:{:02}:00, via = \"email\" }},",
            who(i),
            8 + i / 60,
            i % 60
        );
    }
    s.push_str("]\n");
    s
}
