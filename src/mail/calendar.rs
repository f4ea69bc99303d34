//! Events as iCalendar (RFC 5545): one event for a mail attachment or
//! `ug calendar`, or a feed of every event (`ug calendar --all`). Pure.
//!
//! - METHOD: announcements and reminders carry `PUBLISH`, not `REQUEST`: a
//!   list message is a notice, not an invitation (iTIP's REQUEST needs
//!   ATTENDEEs and asks each for a reply, which ug neither lists nor reads).
//!   A cancellation carries `CANCEL` with the same UID and a higher SEQUENCE.
//! - UID: `<event-id>.<group-slug>@<from-domain>`, stable for the event's
//!   life and unique to the group (two groups mailing from one domain and
//!   meeting on one day get two UIDs); a group name with letters the slug
//!   cannot hold adds a hash of the whole name.
//! - SEQUENCE is the event's `sequence` (raised by each change of an
//!   announced event's date, time or venue; a mail run raises it for a
//!   change made by hand, see `mail::record`); a cancellation is one above it.
//! - URL: the event's page on the site (`events/<id>/` under `[site] url`,
//!   else under `[group] website`) when the group has a `[site]`; else the
//!   website.
//! - VTIMEZONE: the zone's real transitions found by probing chrono-tz, one
//!   STANDARD/DAYLIGHT observance per transition from the year before the
//!   first event to the last event's year; a zone without any in that span
//!   gets one STANDARD.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::agenda;
use crate::mail::clean;
use crate::model::{Event, EventStatus, Group};

/// The iTIP method of a calendar object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Publish,
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// The domain ug's identifiers live under: the From address's, else the
/// website's host, else `<group-slug>.invalid`.
pub fn domain(g: &Group) -> String {
    if let Some(e) = &g.email
        && let Some((_, d)) = e.from.address.rsplit_once('@')
    {
        return d.to_ascii_lowercase();
    }
    if let Some(w) = &g.group.website {
        let host = w
            .split("://")
            .nth(1)
            .unwrap_or(w)
            .split(['/', ':', '?', '#'])
            .next();
        if let Some(h) = host.filter(|h| h.contains('.')) {
            return h.to_ascii_lowercase();
        }
    }
    format!("{}.invalid", slug(&g.group.name))
}

/// "Django NYC" -> "django-nyc": lowercase ASCII letters and digits, joined by dashes.
pub fn slug(s: &str) -> String {
    let words: Vec<String> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "group".into()
    } else {
        words.join("-")
    }
}

/// The UID of an event: stable for its whole life, unique to the group and event.
pub fn uid(g: &Group, e: &Event) -> String {
    let name = &g.group.name;
    let slug = slug(name);
    let faithful = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c.is_ascii_whitespace() || "-_.".contains(c))
        && slug != "group";
    let id = e.id.value.as_str();
    if faithful {
        format!("{id}.{slug}@{}", domain(g))
    } else {
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("{id}.{slug}-{:08x}@{}", hash >> 32, domain(g))
    }
}

/// The site's address with a final `/`: `[site] url`, else `[group] website`.
pub fn site_base(g: &Group) -> Option<String> {
    let url = g
        .site
        .as_ref()
        .and_then(|s| s.url.clone())
        .or_else(|| g.group.website.clone())?;
    let url = url.trim().to_string();
    Some(if url.ends_with('/') { url } else { url + "/" })
}

/// An event id as a folder name on the site: safe characters only (ids are
/// dates, with a suffix; anything else becomes `-`).
pub fn page_name(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('.').is_empty() {
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        format!("event-{hex}")
    } else {
        s
    }
}

/// The calendar entry's `URL`: the event's own page on the site
/// (`<site>/events/<id>/`) when the group has a `[site]`, else the
/// group's website, else none.
pub fn event_url(g: &Group, e: &Event) -> Option<String> {
    match &g.site {
        Some(_) => site_base(g).map(|base| format!("{base}events/{}/", page_name(&e.id.value))),
        None => g.group.website.clone(),
    }
}

/// One event as a calendar object with `method`.
pub fn event_ics(g: &Group, e: &Event, method: Method, now: DateTime<Tz>) -> String {
    let mut w = Writer::default();
    header(&mut w, method);
    let year = e.start.year();
    vtimezone(&mut w, g.tz(), &[year]);
    vevent(&mut w, g, e, method, now);
    w.line("END:VCALENDAR");
    w.out
}

/// Every event in the file as one PUBLISH feed.
pub fn feed_ics(g: &Group, now: DateTime<Tz>) -> String {
    let mut w = Writer::default();
    header(&mut w, Method::Publish);
    w.prop("X-WR-CALNAME", &escape(&g.group.name));
    w.prop("X-WR-TIMEZONE", g.tz().name());
    let mut years: Vec<i32> = g.events.iter().map(|e| e.start.year()).collect();
    if years.is_empty() {
        years.push(now.year());
    }
    vtimezone(&mut w, g.tz(), &years);
    for e in &g.events {
        vevent(&mut w, g, e, Method::Publish, now);
    }
    w.line("END:VCALENDAR");
    w.out
}

fn header(w: &mut Writer, method: Method) {
    w.line("BEGIN:VCALENDAR");
    w.line(concat!(
        "PRODID:-//usergroup//ug ",
        env!("CARGO_PKG_VERSION"),
        "//EN"
    ));
    w.line("VERSION:2.0");
    w.line("CALSCALE:GREGORIAN");
    w.prop("METHOD", method.as_str());
}

fn vevent(w: &mut Writer, g: &Group, e: &Event, method: Method, now: DateTime<Tz>) {
    let tz = g.tz();
    let tzid = tz.name();
    let view = agenda::build(g, e);
    w.line("BEGIN:VEVENT");
    w.prop("UID", &escape(&uid(g, e)));
    w.prop(
        "DTSTAMP",
        &now.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string(),
    );
    w.prop(&format!("DTSTART;TZID={tzid}"), &local(e.start));
    w.prop(&format!("DTEND;TZID={tzid}"), &local(view.end));
    w.prop("SUMMARY", &escape(&e.title));
    if let Some(loc) = location(g, e) {
        w.prop("LOCATION", &escape(&loc));
    }
    w.prop("DESCRIPTION", &escape(&description(g, e, &view)));
    if let Some(url) = event_url(g, e) {
        w.prop("URL", &clean(&url, None));
    }
    if let Some(email) = &g.email {
        let name = email.from.name.as_deref().unwrap_or(&g.group.name);
        w.prop(
            &format!("ORGANIZER;CN=\"{}\"", param(name)),
            &format!("mailto:{}", clean(&email.from.address, None)),
        );
    }
    let cancelled = e.status == EventStatus::Cancelled || method == Method::Cancel;
    let (status, sequence) = match e.status {
        _ if cancelled => ("CANCELLED", e.sequence.saturating_add(1)),
        EventStatus::Planned => ("TENTATIVE", e.sequence),
        _ => ("CONFIRMED", e.sequence),
    };
    w.prop("STATUS", status);
    w.prop("SEQUENCE", &sequence.to_string());
    w.line("TRANSP:OPAQUE");
    w.line("END:VEVENT");
}

/// "Lakeview Analytics, 100 Lake St, Madison" (the venue id when unknown).
pub fn location(g: &Group, e: &Event) -> Option<String> {
    let id = e.venue.as_ref()?;
    Some(match g.venue(id) {
        Some(v) => match &v.address {
            Some(a) => format!("{}, {a}", v.name),
            None => v.name.clone(),
        },
        None => id.value.clone(),
    })
}

/// The agenda with clock times; open slots (which members never see) left
/// out for one "More talks to be announced." line.
fn description(g: &Group, e: &Event, v: &agenda::AgendaView) -> String {
    let mut s = String::new();
    let mut more = false;
    for (slot, item) in v.items.iter().zip(&e.agenda) {
        if crate::mail::compose::is_open_slot(item) {
            more = true;
            continue;
        }
        let _ = write!(s, "{} {}", slot.start.format("%H:%M"), slot.title);
        if let Some(name) = &slot.speaker_name {
            let _ = write!(s, " ({name})");
        }
        s.push('\n');
    }
    if more {
        s.push_str(crate::mail::compose::MORE_TALKS);
        s.push('\n');
    } else if v.items.is_empty() {
        s.push_str("Agenda to be announced.\n");
    }
    if let Some(w) = &g.group.website {
        let _ = write!(s, "\n{w}\n");
    }
    s.trim_end().to_string()
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// Writes the VTIMEZONE for `tz` covering each of `years` and the year
/// before it: only the years events fall in, so a file with one event in
/// year 1 and one in 9999 probes four years, not ten thousand.
fn vtimezone(w: &mut Writer, tz: Tz, years: &[i32]) {
    w.line("BEGIN:VTIMEZONE");
    w.prop("TZID", tz.name());
    let needed: std::collections::BTreeSet<i32> = years
        .iter()
        .flat_map(|y| [y.saturating_sub(1), *y])
        .collect();
    // Consecutive years probed as one span.
    let mut spans: Vec<(i32, i32)> = Vec::new();
    for y in needed {
        match spans.last_mut() {
            Some((_, to)) if *to + 1 == y => *to = y,
            _ => spans.push((y, y)),
        }
    }
    let first = spans.first().map_or(1970, |s| s.0);
    let start = NaiveDate::from_ymd_opt(first, 1, 1).unwrap_or(NaiveDate::MIN);
    let list: Vec<Transition> = spans
        .iter()
        .flat_map(|&(from, to)| {
            let a = NaiveDate::from_ymd_opt(from, 1, 1).unwrap_or(NaiveDate::MIN);
            let b = NaiveDate::from_ymd_opt(to.saturating_add(1), 1, 1).unwrap_or(NaiveDate::MAX);
            transitions(tz, a, b)
        })
        .collect();
    if list.is_empty() {
        let o = tz.offset_from_utc_datetime(&start.and_time(chrono::NaiveTime::MIN));
        let off = o.fix().local_minus_utc();
        observance(w, "STANDARD", off, off, o.abbreviation(), "19700101T000000");
    }
    for t in list {
        let kind = if t.dst { "DAYLIGHT" } else { "STANDARD" };
        let onset = t.at + Duration::seconds(i64::from(t.from));
        observance(w, kind, t.from, t.to, t.name.as_deref(), &local(onset));
    }
    w.line("END:VTIMEZONE");
}

fn observance(w: &mut Writer, kind: &str, from: i32, to: i32, name: Option<&str>, dtstart: &str) {
    w.line(&format!("BEGIN:{kind}"));
    w.prop("DTSTART", dtstart);
    w.prop("TZOFFSETFROM", &utc_offset(from));
    w.prop("TZOFFSETTO", &utc_offset(to));
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        w.prop("TZNAME", &escape(n));
    }
    w.line(&format!("END:{kind}"));
}

/// "-0500", "+0530", "+054500" for the odd historical offset with seconds.
fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

struct Transition {
    /// The UTC instant the new offset begins.
    at: NaiveDateTime,
    from: i32,
    to: i32,
    dst: bool,
    name: Option<String>,
}

fn utc(secs: i64) -> NaiveDateTime {
    DateTime::from_timestamp(secs, 0).map_or(NaiveDateTime::MIN, |t| t.naive_utc())
}

/// The zone's offset changes between two dates: probed daily, then bisected
/// to the second.
fn transitions(tz: Tz, start: NaiveDate, end: NaiveDate) -> Vec<Transition> {
    let key = |t: NaiveDateTime| {
        let o = tz.offset_from_utc_datetime(&t);
        (
            o.fix().local_minus_utc(),
            o.abbreviation().map(str::to_string),
        )
    };
    let mut out = Vec::new();
    let mut at = start.and_time(chrono::NaiveTime::MIN);
    let stop = end.and_time(chrono::NaiveTime::MIN);
    let mut before = key(at);
    while at < stop {
        let next = at + Duration::days(1);
        let after = key(next);
        if after != before {
            // The change lies in (at, next]: narrow it down to the second.
            let (mut lo, mut hi) = (at.and_utc().timestamp(), next.and_utc().timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if key(utc(mid)) == before {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            let hi = utc(hi);
            let o = tz.offset_from_utc_datetime(&hi);
            out.push(Transition {
                at: hi,
                from: before.0,
                to: after.0,
                dst: !o.dst_offset().is_zero(),
                name: after.1.clone(),
            });
        }
        before = after;
        at = next;
    }
    out
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,`, newlines;
/// drops other control characters.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A quoted parameter value may hold anything but DQUOTE and controls.
fn param(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && *c != '"').collect()
}

/// Content lines with CRLF endings, folded at 75 octets without splitting a character.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut w = Writer::default();
        let long = "é".repeat(100);
        w.prop("SUMMARY", &long);
        for line in w.out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = w.out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{long}\r\n"));
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn finds_dst_transitions() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let t = transitions(tz, d(2026, 1, 1), d(2027, 1, 1));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].at.to_string(), "2026-03-08 08:00:00");
        assert!(t[0].dst && !t[1].dst);
        assert_eq!((t[1].from, t[1].to), (-5 * 3600, -6 * 3600));
        assert!(transitions(Tz::Asia__Tokyo, d(2026, 1, 1), d(2027, 1, 1)).is_empty());
        assert_eq!(utc_offset(19800), "+0530");
    }
}
