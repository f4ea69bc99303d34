//! `ug calendar`, run as the real binary; its output read back with the
//! `icalendar` crate and checked line by line against RFC 5545.

use icalendar::parser::{read_calendar, unfold};
use icalendar::{CalendarDateTime, Component as _, DatePerhapsTime, EventLike as _};

use crate::support::{Output, Ug};
use crate::{GROUP, edited};

/// `ug --file group.toml calendar ARGS` on `group`, on the day `now`.
fn ug(group: &str, now: &str, args: &[&str]) -> Output {
    let t = Ug::with_group(group).at(now);
    let file = t.path("group.toml");
    let mut all = vec!["--file", file.to_str().unwrap(), "calendar"];
    all.extend_from_slice(args);
    t.run_with(&all)
}

fn ok(group: &str, now: &str, args: &[&str]) -> String {
    ug(group, now, args).success().stdout.clone()
}

/// CRLF everywhere, no line over 75 octets, folded lines start with a space.
fn assert_wire_format(ics: &str) {
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    for line in ics.split_terminator("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare LF or CR in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

#[test]
fn the_next_event_with_its_time_zone() {
    let ics = ok(GROUP, "2026-11-26", &[]);
    assert_wire_format(&ics);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "TZID:America/Chicago",
        "BEGIN:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0600",
        "DTSTART;TZID=America/Chicago:20261208T183000",
        "DTEND;TZID=America/Chicago:20261208T210000",
        "DTSTAMP:20261126T060000Z",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
    ] {
        assert!(ics.contains(&format!("{line}\r\n")), "no {line} in:\n{ics}");
    }
    assert!(ics.lines().any(|l| l.starts_with("PRODID:")));
    let cal: icalendar::Calendar = ics.parse().expect("it parses");
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1);
    let e = events[0];
    assert_eq!(
        e.get_uid(),
        Some("2026-12-08.django-lakeside@lakeside.example.org")
    );
    assert_eq!(e.get_summary(), Some("December talks night"));
    assert_eq!(
        e.get_location(),
        Some("Lakeview Analytics, 410 E Washington Ave, Madison, WI")
    );
    assert_eq!(
        e.get_description(),
        Some(
            "18:30 Doors open, pizza\n19:00 Async views in practice (Jonas Lindqvist)\n\nhttps://lakeside.example.org"
        )
    );
    match e.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            assert_eq!(tzid, "America/Chicago");
            assert_eq!(date_time.to_string(), "2026-12-08 18:30:00");
        }
        other => panic!("DTSTART is {other:?}"),
    }
    // The VTIMEZONE names the same zone as DTSTART's TZID.
    let unfolded = unfold(&ics);
    let raw = read_calendar(&unfolded).unwrap();
    let tz = raw
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .unwrap();
    assert_eq!(
        tz.find_prop("TZID").unwrap().val.as_ref(),
        "America/Chicago"
    );
}

#[test]
fn a_named_event_and_the_feed_of_all() {
    let one = ok(GROUP, "2026-11-26", &["2026-11-10"]);
    assert!(one.contains("UID:2026-11-10.django-lakeside@lakeside.example.org\r\n"));
    let feed = ok(GROUP, "2026-11-26", &["--all"]);
    assert_wire_format(&feed);
    assert!(feed.contains("METHOD:PUBLISH\r\n"));
    assert!(feed.contains("X-WR-CALNAME:Django Lakeside\r\n"));
    let cal: icalendar::Calendar = feed.parse().unwrap();
    let uids: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    assert_eq!(
        uids,
        [
            "2026-11-10.django-lakeside@lakeside.example.org",
            "2026-12-08.django-lakeside@lakeside.example.org",
            "2027-01-12.django-lakeside@lakeside.example.org"
        ]
    );
    assert!(
        feed.contains("STATUS:TENTATIVE\r\n"),
        "the planned January social"
    );
    assert_eq!(feed.matches("BEGIN:VTIMEZONE").count(), 1);
}

/// Issue 20: the calendar entry's URL is the event's page on the site, not
/// the home page; without a `[site]` there is no such page: the website.
#[test]
fn the_url_is_the_events_page_on_the_site() {
    let url = |ics: &str| -> String {
        let cal: icalendar::Calendar = ics.parse().expect("it parses");
        let e = cal.components.iter().find_map(|c| c.as_event()).unwrap();
        e.property_value("URL").unwrap_or_default().to_string()
    };
    let no_site = ok(GROUP, "2026-11-26", &[]);
    assert_eq!(url(&no_site), "https://lakeside.example.org");
    let with_site = format!("{GROUP}\n[site]\nurl = \"https://meet.example.net/lakeside\"\n");
    let ics = ok(&with_site, "2026-11-26", &[]);
    assert_eq!(
        url(&ics),
        "https://meet.example.net/lakeside/events/2026-12-08/"
    );
    // Without `[site] url`, the page under the website.
    let site_no_url = format!("{GROUP}\n[site]\nout = \"public\"\n");
    let ics = ok(&site_no_url, "2026-11-26", &["2026-11-10"]);
    assert_eq!(url(&ics), "https://lakeside.example.org/events/2026-11-10/");
}

#[test]
fn json_carries_the_text_and_the_uids() {
    let out = ok(GROUP, "2026-11-26", &["--all", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["events"][1]["uid"],
        "2026-12-08.django-lakeside@lakeside.example.org"
    );
    assert!(
        v["ics"]
            .as_str()
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
}

#[test]
fn unknown_and_missing_events_are_errors() {
    let r = ug(GROUP, "2026-11-26", &["2026-12-09"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no event `2026-12-09`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("2026-12-08"),
        "suggests the nearest: {}",
        r.stderr
    );
    let r = ug(GROUP, "2027-06-01", &[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no upcoming event"), "{}", r.stderr);
    assert!(r.stderr.contains("--all"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn a_zone_without_daylight_saving_has_one_standard_observance() {
    let g = edited(
        "timezone = \"America/Chicago\"",
        "timezone = \"Asia/Tokyo\"",
    );
    let ics = ok(&g, "2026-11-26", &[]);
    assert_eq!(ics.matches("BEGIN:STANDARD").count(), 1, "{ics}");
    assert!(!ics.contains("DAYLIGHT"));
    assert!(ics.contains("TZOFFSETTO:+0900\r\n"));
    assert!(ics.contains("DTSTART;TZID=Asia/Tokyo:20261208T183000\r\n"));
}

#[test]
fn text_is_escaped_and_long_lines_folded() {
    let g = edited(
        "title = \"December talks night\"",
        "title = \"Talks; tea, and \\\\ backslashes: a very long title that will need folding across lines ünïcödé ünïcödé\"",
    );
    let ics = ok(&g, "2026-11-26", &[]);
    assert_wire_format(&ics);
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let e = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    assert!(
        ics.replace("\r\n ", "")
            .contains("SUMMARY:Talks\\; tea\\, and \\\\ backslashes:"),
        "{ics}"
    );
    assert!(e.get_summary().unwrap().contains("ünïcödé ünïcödé"));
}

#[test]
fn a_cancelled_event_in_the_feed() {
    let g = edited("status = \"confirmed\"", "status = \"cancelled\"");
    let ics = ok(&g, "2026-11-26", &["2026-12-08"]);
    assert!(ics.contains("STATUS:CANCELLED\r\n"));
    assert!(
        ics.contains("SEQUENCE:1\r\n"),
        "one above the event's sequence"
    );
}

/// The event's `sequence` (raised by each change) is the calendar's
/// SEQUENCE; a cancellation stays above it.
#[test]
fn sequence_follows_the_event_and_a_cancellation_stays_above() {
    let changed = edited(
        "status = \"confirmed\"",
        "status = \"announced\"\nsequence = 3",
    );
    let ics = ok(&changed, "2026-11-26", &["2026-12-08"]);
    assert!(ics.contains("SEQUENCE:3\r\n"), "{ics}");
    let cancelled = edited(
        "status = \"confirmed\"",
        "status = \"cancelled\"\nsequence = 3",
    );
    let ics = ok(&cancelled, "2026-11-26", &["2026-12-08"]);
    assert!(ics.contains("SEQUENCE:4\r\n"), "{ics}");
}

/// Two groups mailing from one domain and meeting on one day: two UIDs,
/// each the same on every run.
#[test]
fn uids_are_unique_to_the_group_and_stable() {
    let uid = |text: &str| -> String {
        let out = ok(text, "2026-11-26", &["2026-12-08", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["events"][0]["uid"].as_str().unwrap().to_string()
    };
    let other = GROUP.replacen(
        "name = \"Django Lakeside\"",
        "name = \"PyData Lakeside\"",
        1,
    );
    let (a, b) = (uid(GROUP), uid(&other));
    assert_ne!(a, b);
    assert!(a.ends_with("@lakeside.example.org") && b.ends_with("@lakeside.example.org"));
    assert_eq!(a, uid(GROUP), "stable across runs");
    // A name the slug cannot hold (no ASCII letters) still gives its own UID.
    let cyrillic = GROUP.replacen("name = \"Django Lakeside\"", "name = \"Джанго\"", 1);
    let greek = GROUP.replacen("name = \"Django Lakeside\"", "name = \"Τζάνγκο\"", 1);
    assert_ne!(uid(&cyrillic), uid(&greek));
    // The mail's attachment carries the same UID as `ug calendar`.
    let ics = ok(GROUP, "2026-11-26", &["2026-12-08"]);
    assert!(ics.contains(&format!("UID:{a}\r\n")), "{ics}");
}

#[test]
fn a_feed_of_events_thousands_of_years_apart_probes_only_their_years() {
    let g = GROUP
        .replacen(
            "start = 2026-11-10T18:30:00",
            "start = 0001-11-10T18:30:00",
            1,
        )
        .replacen(
            "start = 2027-01-12T18:30:00",
            "start = 9999-01-12T18:30:00",
            1,
        );
    // Probing only the years events fall in shows as few VTIMEZONE
    // transitions (how fast it runs is a benchmark's business, not a test's).
    let feed = ok(&g, "2026-11-26", &["--all"]);
    assert_wire_format(&feed);
    assert!(feed.matches("BEGIN:STANDARD").count() < 20, "{feed}");
}
