//! `ug site` (SPEC §6) on the bundled file and every example: every internal
//! link resolves, calendar.ics parses strictly, feed.xml is Atom, the
//! sitemap parses, each event page's JSON-LD has schema.org's Event fields;
//! the build is deterministic and incremental (a rebuild writes nothing,
//! a gone event's page goes, a user's file stays); a cancelled event says
//! so; template overrides are used, and a broken one is located.

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use icalendar::parser::{read_calendar, unfold};
use support::{Ug, repo, repo_file};

const TODAY: &str = "2026-11-10";

/// The bundled file and every example, by name.
fn group_files() -> Vec<(String, String)> {
    let mut files = vec![("group.toml".to_string(), repo_file("group.toml"))];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    examples.sort();
    for p in examples {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    files
}

/// Every file under `dir`, relative path -> bytes (the manifest left out).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                if rel != ".ug-site" {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    out
}

/// Builds the site of `ug`'s file into `public/` and returns its files.
fn build(ug: &Ug) -> BTreeMap<String, Vec<u8>> {
    ug.run_with(["site"]).success();
    tree(&ug.path("public"))
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

/// The values of `attr="..."` in an HTML text, unescaped.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// Every internal `href`/`src` of every page resolves to a file of the site.
fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>, what: &str) {
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let dir = Path::new(name).parent().unwrap().to_path_buf();
        for link in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            let mut parts: Vec<String> = dir
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            for seg in link.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => assert!(
                        parts.pop().is_some(),
                        "{what}: {name}: {link} leaves the site"
                    ),
                    s => parts.push(s.to_string()),
                }
            }
            if link.ends_with('/') || link.is_empty() || link.ends_with("/.") || link == "." {
                parts.push("index.html".into());
            }
            let target = parts.join("/");
            assert!(
                files.contains_key(&target),
                "{what}: {name}: link {link} -> {target} is missing"
            );
        }
    }
}

/// Every VEVENT has UID, DTSTART, DTSTAMP and SUMMARY; one per event.
fn assert_calendar(ics: &str, events: usize, what: &str) {
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{what}: calendar.ics: {e}"));
    let vevents: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(vevents.len(), events, "{what}: one VEVENT per event");
    for v in vevents {
        for p in ["UID", "DTSTART", "DTSTAMP", "SUMMARY"] {
            assert!(v.find_prop(p).is_some(), "{what}: a VEVENT without {p}");
        }
    }
}

/// feed.xml is Atom: id, title, updated, and one entry (with those) per announced event.
fn assert_atom(xml: &str, announced: usize, what: &str) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what}: feed.xml: {e}"));
    let feed = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_string))
    };
    for k in ["id", "title", "updated"] {
        assert!(
            child(feed, k).is_some_and(|t| !t.is_empty()),
            "{what}: feed has no {k}"
        );
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(
        entries.len(),
        announced,
        "{what}: one entry per announced event"
    );
    for e in entries {
        for k in ["id", "title", "updated"] {
            assert!(child(e, k).is_some(), "{what}: an entry has no {k}");
        }
    }
}

/// The JSON-LD of an event page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script");
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).expect("JSON-LD parses")
}

fn assert_event_ld(v: &serde_json::Value, what: &str) {
    assert_eq!(v["@context"], "https://schema.org", "{what}");
    assert_eq!(v["@type"], "Event", "{what}");
    for k in ["name", "startDate", "endDate"] {
        assert!(
            v[k].as_str().is_some_and(|s| !s.is_empty()),
            "{what}: no {k}"
        );
    }
    for k in ["startDate", "endDate"] {
        let d = v[k].as_str().unwrap();
        chrono::DateTime::parse_from_rfc3339(d).unwrap_or_else(|e| panic!("{what}: {k} {d}: {e}"));
    }
    let status = v["eventStatus"].as_str().unwrap();
    assert!(
        [
            "https://schema.org/EventScheduled",
            "https://schema.org/EventCancelled"
        ]
        .contains(&status),
        "{what}: {status}"
    );
    assert_eq!(
        v["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(v["location"]["@type"], "Place", "{what}");
    assert_eq!(v["location"]["address"]["@type"], "PostalAddress", "{what}");
    assert!(v["organizer"]["name"].is_string(), "{what}");
}

#[test]
fn every_bundled_file_makes_a_whole_site() {
    for (name, toml) in group_files() {
        let ug = Ug::with_group(&toml).at(TODAY);
        let files = build(&ug);
        let doc = support::parse_toml(&toml);
        let events = doc
            .get("events")
            .and_then(|e| e.as_array())
            .map_or(0, Vec::len);
        let announced = doc.get("events").and_then(|e| e.as_array()).map_or(0, |a| {
            a.iter()
                .filter(|e| e["status"].as_str() == Some("announced"))
                .count()
        });
        for page in [
            "index.html",
            "events/index.html",
            "stats/index.html",
            "style.css",
            "calendar.ics",
            "feed.xml",
            "sitemap.xml",
        ] {
            assert!(files.contains_key(page), "{name}: no {page}");
        }
        assert!(
            files["style.css"].len() < 10 * 1024,
            "{name}: the CSS is 10 KB or more"
        );
        let pages = files
            .keys()
            .filter(|k| {
                k.starts_with("events/") && k.ends_with("/index.html") && *k != "events/index.html"
            })
            .count();
        assert_eq!(pages, events, "{name}: one page per event");
        assert_links_resolve(&files, &name);
        assert_calendar(&text(&files, "calendar.ics"), events, &name);
        assert_atom(&text(&files, "feed.xml"), announced, &name);
        let sitemap = text(&files, "sitemap.xml");
        let map = roxmltree::Document::parse(&sitemap).unwrap();
        let locs = map.descendants().filter(|n| n.has_tag_name("loc")).count();
        assert_eq!(locs, events + 4, "{name}: the sitemap lists every page");
        for (page, bytes) in files
            .iter()
            .filter(|(k, _)| k.starts_with("events/2") || k.starts_with("events/e"))
        {
            let html = String::from_utf8(bytes.clone()).unwrap();
            assert_event_ld(&json_ld(&html), &format!("{name}: {page}"));
            assert!(
                !html.contains("<script>") && !html.contains("<script src"),
                "{name}: {page} has JavaScript"
            );
        }
    }
}

#[test]
fn the_next_event_shows_its_time_zone_and_the_rsvp_mailto() {
    let ug = Ug::sample().at(TODAY);
    let files = build(&ug);
    let index = text(&files, "index.html");
    assert!(index.contains("America/Chicago"), "{index}");
    assert!(index.contains("mailto:"));
    assert!(
        index.contains("mailto:organizers@lakeside.example.org?subject=RSVP%20yes%202026-12-08"),
        "{index}"
    );
    let page = text(&files, "events/2026-12-08/index.html");
    assert!(page.contains("Tuesday 8 December 2026, 18:30"), "{page}");
    let ld = json_ld(&page);
    assert_eq!(ld["startDate"], "2026-12-08T18:30:00-06:00");
    assert_eq!(ld["eventStatus"], "https://schema.org/EventScheduled");
    assert!(ld["maximumAttendeeCapacity"].is_u64());
    assert!(ld["remainingAttendeeCapacity"].is_u64());
}

#[test]
fn the_same_file_gives_the_same_bytes_and_a_rebuild_writes_nothing() {
    let a = Ug::sample().at(TODAY);
    let b = Ug::sample().at(TODAY);
    let first = build(&a);
    assert_eq!(first, build(&b), "two builds differ");
    let mtimes = |ug: &Ug| -> BTreeMap<String, SystemTime> {
        tree(&ug.path("public"))
            .keys()
            .map(|k| {
                (
                    k.clone(),
                    std::fs::metadata(ug.path("public").join(k))
                        .unwrap()
                        .modified()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = mtimes(&a);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = a.run_with(["--json", "site"]);
    let report = again.success().json();
    assert_eq!(report["written"], 0, "{report}");
    assert_eq!(report["removed"], 0);
    assert_eq!(report["unchanged"].as_u64().unwrap() as usize, first.len());
    assert_eq!(mtimes(&a), before, "a rebuild touched files");
    a.run_with(["site"]).success().stdout_has("0 written");
}

/// Issue 20: every daily rebuild rewrote calendar.ics and feed.xml for
/// their date stamps. Days later with nothing changed: no file is written
/// (contents and mtimes stay); one event changed: only the files that show
/// it are.
#[test]
fn a_rebuild_days_later_with_nothing_changed_writes_nothing() {
    let a = Ug::sample();
    a.run_at(TODAY, &["site"]).success();
    let first = tree(&a.path("public"));
    let mtimes = || -> BTreeMap<String, SystemTime> {
        first
            .keys()
            .map(|k| {
                let m = std::fs::metadata(a.path("public").join(k)).unwrap();
                (k.clone(), m.modified().unwrap())
            })
            .collect()
    };
    let before = mtimes();
    std::thread::sleep(std::time::Duration::from_millis(20));
    for day in ["2026-11-11", "2026-11-12T09:00:00"] {
        let report = a.run_at(day, &["--json", "site"]).success().json();
        assert_eq!(report["written"], 0, "{day}: {report}");
    }
    assert_eq!(tree(&a.path("public")), first, "contents changed");
    assert_eq!(mtimes(), before, "a rebuild touched files");
    // The stamps are still the first build's, and the files still parse.
    let ics = text(&first, "calendar.ics");
    assert!(ics.contains("DTSTAMP:20261110T"), "{ics}");
    assert_calendar(&ics, ics.matches("BEGIN:VEVENT").count(), "kept calendar");

    // One event renamed: its page and the files listing it, nothing else.
    let file = a.text();
    let g: toml::Table = toml::from_str(&file).unwrap();
    let ev = &g["events"].as_array().unwrap()[0];
    let (id, title) = (ev["id"].as_str().unwrap(), ev["title"].as_str().unwrap());
    let renamed = file.replacen(
        &format!("title = \"{title}\""),
        "title = \"A renamed meetup\"",
        1,
    );
    assert_ne!(renamed, file);
    std::fs::write(a.path("group.toml"), renamed).unwrap();
    let report = a.run_at("2026-11-13", &["--json", "site"]).success().json();
    let written: Vec<&str> = report["written_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let page = format!("events/{id}/index.html");
    assert!(written.contains(&page.as_str()), "{written:?}");
    assert!(written.contains(&"calendar.ics"), "{written:?}");
    for w in &written {
        let shows =
            String::from_utf8_lossy(&tree(&a.path("public"))[*w]).contains("A renamed meetup");
        assert!(shows, "{w} was written but does not show the change");
    }
    for quiet in ["style.css", "sitemap.xml"] {
        assert!(!written.contains(&quiet), "{quiet} rewritten: {written:?}");
    }
    assert!(
        text(&tree(&a.path("public")), "calendar.ics").contains("DTSTAMP:20261113T"),
        "a changed calendar gets a new stamp"
    );
}

#[test]
fn a_cancelled_event_says_so_and_its_json_ld_too() {
    let ug = Ug::sample().at(TODAY);
    build(&ug);
    ug.run_with(["events", "cancel", "2026-12-08"]).success();
    let out = ug.run_with(["--json", "site"]);
    let report = out.success().json();
    assert!(report["written"].as_u64().unwrap() >= 1);
    let page = ug.read("public/events/2026-12-08/index.html");
    assert!(page.contains("Cancelled"), "{page}");
    assert_eq!(
        json_ld(&page)["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    let archive = ug.read("public/events/index.html");
    assert!(
        archive.contains("events/2026-12-08/"),
        "a cancelled event is dropped from the archive"
    );
}

/// An event appended at the end of the bundled file (after other sections:
/// TOML allows it).
const EXTRA: &str = "\n[[events]]\nid = \"2027-03-09\"\ntitle = \"A spring social\"\nstart = 2027-03-09T18:30:00\nformat = \"social\"\nstatus = \"planned\"\n";

#[test]
fn a_gone_events_page_is_removed_and_a_users_file_is_kept() {
    let plain = repo_file("group.toml");
    let ug = Ug::with_group(&format!("{plain}{EXTRA}")).at(TODAY);
    build(&ug);
    assert!(ug.path("public/events/2027-03-09/index.html").exists());
    // The user's own file, added to ug's folder (SPEC §11: ug writes only
    // into a folder that is new, empty or carries its marker).
    let ug = ug.file("public/CNAME", "meetup.example.org\n");
    let ug = ug.file("group.toml", &plain);
    let report = ug.run_with(["--json", "site"]).success().json();
    assert_eq!(report["removed"], 1, "{report}");
    assert!(
        !ug.path("public/events/2027-03-09").exists(),
        "the gone event's page is left"
    );
    assert!(!ug.read("public/events/index.html").contains("2027-03-09"));
    assert_eq!(ug.read("public/CNAME"), "meetup.example.org\n");
}

#[test]
fn a_template_override_is_used_and_a_broken_one_is_located() {
    let ug = Ug::sample().at(TODAY).file(
        "site/stats.html",
        "<h1>Our numbers</h1>\n<p>{{ group.name }} by hand</p>\n",
    );
    let files = build(&ug);
    assert!(text(&files, "stats/index.html").contains("Django Lakeside by hand"));
    let ug = ug.file(
        "site/event.html",
        "<h1>{{ event.title }}</h1>\n{% if event.past %}\n<p>over</p>\n",
    );
    let out = ug.run_with(["site"]);
    out.code(1);
    let err = out.stderr.clone();
    assert!(err.contains("event.html:"), "{err}");
    assert!(err.contains("site"), "{err}");
}

#[test]
fn a_bad_site_section_is_located_and_nothing_is_written() {
    let toml = "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\n\n[site]\nurl = \"example.org\"\noutt = \"p\"\n";
    let ug = Ug::with_group(toml).at(TODAY);
    let out = ug.run_with(["check"]);
    out.code(1);
    assert!(out.stderr.contains("group.toml:6:7"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `out`?"), "{}", out.stderr);
    ug.run_with(["site"]).code(1);
    assert!(!ug.path("public").exists(), "an invalid file wrote a site");
}

#[test]
fn the_out_folder_comes_from_the_flag_then_the_file() {
    let toml = "[group]\nname = \"X\"\ntimezone = \"Europe/Berlin\"\n\n[site]\nout = \"www\"\nabout = \"Rust evenings.\"\n";
    let ug = Ug::with_group(toml).at(TODAY);
    ug.run_with(["site"]).success().stdout_has("www");
    assert!(ug.read("www/index.html").contains("Rust evenings."));
    ug.run_with(["site", "--out", "elsewhere"]).success();
    assert!(ug.path("elsewhere/index.html").exists());
}
