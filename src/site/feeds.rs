//! The machine-read files: each event page's schema.org `Event` JSON-LD,
//! the Atom feed (RFC 4287: one entry per announced event) and the sitemap.
//! Absolute links use `[site] url`, else `[group] website`. Pure.

use chrono::{DateTime, SecondsFormat};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::view::{EventView, GroupView};
use crate::agenda::escape_html;
use crate::model::{EventStatus, Group};

/// The site's address with a final `/`: `[site] url`, else `[group] website`.
pub fn base(g: &Group) -> Option<String> {
    crate::mail::calendar::site_base(g)
}

/// `path` (relative to the site's root) made absolute when the site has an address.
fn absolute(base: Option<&str>, path: &str) -> String {
    format!("{}{path}", base.unwrap_or_default())
}

/// schema.org `Event` for one event, as a `<script>`-safe JSON text.
pub fn json_ld(g: &GroupView, e: &EventView, base: Option<&str>) -> String {
    let status = if e.cancelled {
        "EventCancelled"
    } else {
        "EventScheduled"
    };
    let mut location = json!({
        "@type": "Place",
        "name": e.venue.as_ref().map_or("To be announced", |v| v.name.as_str()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": e.venue.as_ref().and_then(|v| v.address.clone()).unwrap_or_default(),
        },
    });
    if let Some(city) = &g.city {
        location["address"]["addressLocality"] = json!(city);
    }
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "startDate": e.start,
        "endDate": e.end,
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": { "@type": "Organization", "name": g.name },
        "description": description(e),
    });
    if let Some(b) = base {
        v["url"] = json!(absolute(Some(b), &e.path));
        v["organizer"]["url"] = json!(b);
    }
    if let Some(s) = e.seats {
        v["maximumAttendeeCapacity"] = json!(s);
    }
    if let (Some(left), false) = (e.seats_left, e.past || e.cancelled) {
        v["remainingAttendeeCapacity"] = json!(left);
    }
    if !e.speakers.is_empty() {
        v["performer"] = Value::Array(
            e.speakers
                .iter()
                .map(|n| json!({"@type": "Person", "name": n}))
                .collect(),
        );
    }
    // `</script>` cannot appear inside: `<` is written as its JSON escape.
    serde_json::to_string_pretty(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// One line saying what the event is.
fn description(e: &EventView) -> String {
    let titles: Vec<&str> = e.agenda.iter().map(|s| s.title.as_str()).collect();
    match (e.format.as_deref(), titles.is_empty()) {
        (Some(f), true) => format!("A {f} meetup."),
        (Some(f), false) => format!("A {f} meetup: {}.", titles.join("; ")),
        (None, false) => format!("{}.", titles.join("; ")),
        (None, true) => e.title.clone(),
    }
}

/// The Atom feed: one entry per announced event (announced, held or
/// cancelled after its announcement is not known: announced ones only),
/// newest first; `updated` is the build's time.
pub fn atom(g: &Group, gv: &GroupView, events: &[EventView], now: DateTime<Tz>) -> String {
    let base = base(g);
    let base = base.as_deref();
    let updated = now.to_rfc3339_opts(SecondsFormat::Secs, false);
    let tag = |path: &str| match base {
        Some(b) => absolute(Some(b), path),
        None => format!(
            "tag:{},2026:{}",
            crate::mail::calendar::domain(g),
            path.trim_end_matches('/')
        ),
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    push_el(&mut out, 1, "title", &gv.name);
    if let Some(a) = &gv.about {
        push_el(&mut out, 1, "subtitle", a);
    }
    push_el(&mut out, 1, "id", &tag(""));
    push_el(&mut out, 1, "updated", &updated);
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_html(&gv.name)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&absolute(base, "feed.xml")),
        escape_html(&base.map_or_else(|| "./".to_string(), str::to_string))
    ));
    let mut announced: Vec<&EventView> = events
        .iter()
        .filter(|e| e.status == EventStatus::Announced)
        .collect();
    announced.sort_by(|a, b| b.start.cmp(&a.start).then(a.id.cmp(&b.id)));
    for e in announced {
        out.push_str("  <entry>\n");
        push_el(&mut out, 2, "title", &e.title);
        push_el(&mut out, 2, "id", &tag(&e.path));
        push_el(&mut out, 2, "updated", &updated);
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&absolute(base, &e.path))
        ));
        let place = e
            .venue
            .as_ref()
            .map_or(String::new(), |v| format!(", {}", v.name));
        let summary = format!(
            "{}, {} ({}){place}. {}",
            e.date,
            e.time,
            e.zone,
            description(e)
        );
        push_el(&mut out, 2, "summary", &summary);
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn push_el(out: &mut String, depth: usize, name: &str, text: &str) {
    out.push_str(&format!(
        "{}<{name}>{}</{name}>\n",
        "  ".repeat(depth),
        escape_html(text)
    ));
}

/// The sitemap (sitemaps.org 0.9): every page, absolute when the site has
/// an address (else relative, which search engines ignore).
pub fn sitemap(g: &Group, pages: &[String]) -> String {
    let base = base(g);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        out.push_str("  <url>\n");
        push_el(&mut out, 2, "loc", &absolute(base.as_deref(), p));
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
