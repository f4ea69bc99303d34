//! `ug stats` (SPEC §7): per-format and per-venue attendance against a hand
//! count of the bundled file, known numbers from small files written for it
//! (`tests/stats/`: the means, the advice, "not enough history", the show-up
//! rate, the team's counts), the `--json` shape, 80 columns over a year of
//! `UG_NOW`s, SVGs that parse as XML, and plain text when piped.
//! Runs the real binary through the shared harness (`tests/support/`).

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::{Ug, repo_file};
use unicode_width::UnicodeWidthStr;

/// Every file `ug stats` is tried on: the bundled one, the examples, and ours.
const FILES: [&str; 7] = [
    "group.toml",
    "examples/hack-night.toml",
    "examples/minimal.toml",
    "examples/quarterly.toml",
    "tests/stats/crowded.toml",
    "tests/stats/small.toml",
    "tests/stats/speakers.toml",
];

fn stats_json(file: &str, now: &str) -> Value {
    let ug = Ug::with_group(&repo_file(file)).at(now);
    let out = ug.run_with(["--json", "stats"]);
    out.success();
    out.json()
}

fn stats_text(file: &str, now: &str) -> String {
    let ug = Ug::with_group(&repo_file(file)).at(now);
    let out = ug.run_with(["stats"]);
    out.success();
    out.stdout.clone()
}

/// (events, sum, best) per format and per venue name, counted from the file
/// with the `toml` crate: held events up to `today` with an attendance.
fn hand_count(file: &str, today: &str) -> [BTreeMap<String, (u64, u64, u64)>; 2] {
    let doc = support::parse_toml(&repo_file(file));
    let venues: BTreeMap<String, String> = doc
        .get("venues")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .map(|v| {
            (
                v["id"].as_str().unwrap().into(),
                v["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut by = [BTreeMap::new(), BTreeMap::new()];
    for e in doc["events"].as_array().unwrap() {
        let start = e["start"].as_datetime().unwrap().to_string();
        let Some(n) = e.get("attendance").and_then(|a| a.as_integer()) else {
            continue;
        };
        if e["status"].as_str() != Some("held") || start[..10] > *today {
            continue;
        }
        let format = e["format"].as_str().unwrap_or("(no format)").to_string();
        let venue = venues[e["venue"].as_str().unwrap()].clone();
        for (map, key) in by.iter_mut().zip([format, venue]) {
            let entry = map.entry(key).or_insert((0, 0, 0));
            entry.0 += 1;
            entry.1 += n as u64;
            entry.2 = entry.2.max(n as u64);
        }
    }
    by
}

#[test]
fn per_format_and_per_venue_attendance_match_a_hand_count_of_the_bundled_file() {
    let j = stats_json("group.toml", "2026-11-10");
    let [formats, venues] = hand_count("group.toml", "2026-11-10");
    assert_eq!(formats.len(), 4, "talks, lightning, social, hack-night");
    for (key, counted) in [("by_format", formats), ("by_venue", venues)] {
        let shown = j["attendance"][key].as_array().unwrap();
        assert_eq!(shown.len(), counted.len(), "{key}: {shown:?}");
        for d in shown {
            let (events, sum, best) = counted[d["name"].as_str().unwrap()];
            let mean = (sum as f64 / events as f64 * 10.0).round() / 10.0;
            assert_eq!(d["events"], events, "{key} {d}");
            assert_eq!(d["mean"].as_f64().unwrap(), mean, "{key} {d}");
            assert_eq!(d["best"], best, "{key} {d}");
        }
    }
    // The text says the same: talks drew most, a mean over how many events.
    let text = stats_text("group.toml", "2026-11-10");
    let talks = text
        .lines()
        .find(|l| l.trim_start().starts_with("talks"))
        .unwrap();
    assert!(talks.contains("45.5 over 2 events, best 52"), "{talks}");
    assert!(text.contains("mean 38.2 over 11 held events"), "{text}");
}

#[test]
fn a_full_room_with_a_waitlist_says_too_big_with_its_numbers() {
    let j = stats_json("tests/stats/crowded.toml", "2026-03-20");
    let a = &j["attendance"];
    assert_eq!(a["mean"], 19.0);
    assert_eq!(a["over_events"], 3);
    assert_eq!(a["trend"]["direction"], "steady");
    assert_eq!(a["trend"]["over_events"], 3);
    let talks = &a["by_format"][0];
    assert_eq!(
        (
            talks["name"].as_str(),
            talks["mean"].as_f64(),
            talks["events"].as_u64(),
            talks["best"].as_u64()
        ),
        (Some("talks"), Some(19.5), Some(2), Some(20))
    );
    let v = &a["viability"];
    assert_eq!(v["verdict"], "too big");
    assert_eq!(
        v["advice"],
        "too big: narrow the topic or find a bigger room"
    );
    assert_eq!(v["full_events"], 3);
    assert_eq!(v["waitlisted_events"], 1);
    assert_eq!(v["fill_percent"], 95.0);
    let text = stats_text("tests/stats/crowded.toml", "2026-03-20");
    assert!(
        text.contains("→ too big: narrow the topic or find a bigger room"),
        "{text}"
    );
}

#[test]
fn sign_ups_count_the_show_up_rate_from_attended_rsvps_and_the_first_timers() {
    let j = stats_json("tests/stats/crowded.toml", "2026-03-20");
    let s = &j["signups"];
    assert_eq!(s["rsvps"], 9);
    assert_eq!(s["yes"], 6);
    // February: 2 of 2 yes came; March: 2 of 4. 4 / 6.
    assert_eq!(s["show_up_percent"], 66.7);
    assert_eq!(s["show_up_over_events"], 2);
    // a@ said yes in February and again (as A@) in March: 5 new of 6.
    assert_eq!(s["first_timer_percent"], 83.3);
    let march = &s["events"][1];
    assert_eq!(
        (
            march["yes"].as_u64(),
            march["waitlist"].as_u64(),
            march["no"].as_u64(),
            march["attended"].as_u64(),
            march["first_timers"].as_u64()
        ),
        (Some(4), Some(2), Some(1), Some(2), Some(3))
    );
    let text = stats_text("tests/stats/crowded.toml", "2026-03-20");
    assert!(
        text.contains("show-up: 66.7% of the yes came (over 2 checked-in events)"),
        "{text}"
    );
    // Before any answer arrived there are no sign-ups to show.
    let early = stats_json("tests/stats/crowded.toml", "2026-01-20");
    assert_eq!(early["signups"], Value::Null);
}

#[test]
fn the_team_counts_tasks_done_within_six_months_and_the_asks_answered() {
    let j = stats_json("tests/stats/crowded.toml", "2026-03-20");
    let t = &j["team"];
    assert_eq!(t["since"], "2025-09-20");
    let person = |id: &str| {
        t["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    let ann = person("ann");
    // Done on 2026-02-01 and 2026-03-10; 2025-08-01 is over six months ago.
    assert_eq!(
        (ann["done"].as_u64(), ann["open"].as_u64()),
        (Some(2), Some(2))
    );
    let bo = person("bo");
    assert_eq!(
        (
            bo["done"].as_u64(),
            bo["asked"].as_u64(),
            bo["declined"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(t["done"], 3);
    // In late August, February's task is out and March's are still in.
    let later = stats_json("tests/stats/crowded.toml", "2026-08-25");
    assert_eq!(
        later["team"]["done"], 2,
        "only 2026-03-01 and 2026-03-10 are within six months"
    );
}

#[test]
fn two_held_events_are_not_enough_history_and_a_small_audience_says_too_small() {
    let j = stats_json("tests/stats/small.toml", "2026-04-20");
    let a = &j["attendance"];
    assert_eq!(a["trend"]["direction"], "not enough history");
    assert_eq!(a["trend"]["per_event"], Value::Null);
    assert_eq!(a["mean"], 8.5);
    assert_eq!(a["over_events"], 2);
    assert_eq!(
        a["viability"]["advice"],
        "too small: broaden the topic, try a social"
    );
    let text = stats_text("tests/stats/small.toml", "2026-04-20");
    assert!(
        text.contains("trend: not enough history (2 held, 3 needed)"),
        "{text}"
    );
    assert!(
        text.contains("→ too small: broaden the topic, try a social"),
        "{text}"
    );
    assert!(
        !text.contains("steady") && !text.contains("falling"),
        "{text}"
    );
}

#[test]
fn momentum_counts_dates_held_cancelled_and_missed_and_the_streak() {
    let m = &stats_json("tests/stats/small.toml", "2026-04-20")["momentum"];
    // First Mondays Jan 5 (held), Feb 2 (cancelled), Mar 2 (nothing), Apr 6 (held).
    assert_eq!(m["scheduled"], 4);
    assert_eq!(m["held_on_schedule"], 2);
    assert_eq!(m["cancelled"], 1);
    assert_eq!(m["gaps"], serde_json::json!(["2026-03-02"]));
    assert_eq!(m["streak_months"], 1);
    assert_eq!(m["days_since_last"], 14);
    let crowded = &stats_json("tests/stats/crowded.toml", "2026-03-20")["momentum"];
    assert_eq!(
        (
            crowded["scheduled"].as_u64(),
            crowded["streak_months"].as_u64()
        ),
        (Some(3), Some(3))
    );
}

#[test]
fn the_list_counts_members_joins_per_month_leaves_and_bounces() {
    let l = &stats_json("tests/stats/crowded.toml", "2026-03-20")["list"];
    assert_eq!(
        (
            l["members"].as_u64(),
            l["mailable"].as_u64(),
            l["leaves"].as_u64(),
            l["bounced"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );
    let joins = l["joins"].as_array().unwrap();
    assert_eq!(joins.len(), 12);
    assert_eq!(joins.last().unwrap()["month"], "2026-03");
    let count = |m: &str| joins.iter().find(|j| j["month"] == m).unwrap()["count"].clone();
    assert_eq!(
        (count("2026-01"), count("2026-02"), count("2026-03")),
        (2.into(), 0.into(), 1.into())
    );
}

#[test]
fn the_json_has_a_stable_shape() {
    for file in FILES {
        let j = stats_json(file, "2026-11-10");
        // serde_json's map is sorted: the keys in name order.
        let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "attendance",
                "group",
                "list",
                "momentum",
                "signups",
                "speakers",
                "team",
                "today"
            ],
            "{file}"
        );
        let a = j["attendance"].as_object().unwrap();
        for key in [
            "events",
            "mean",
            "over_events",
            "trend",
            "by_format",
            "by_venue",
            "viability",
        ] {
            assert!(a.contains_key(key), "{file}: attendance.{key}");
        }
        for key in [
            "scheduled",
            "held_on_schedule",
            "cancelled",
            "gaps",
            "streak_months",
            "days_since_last",
            "warnings",
        ] {
            assert!(j["momentum"].get(key).is_some(), "{file}: momentum.{key}");
        }
        for key in ["since", "people", "done"] {
            assert!(j["team"].get(key).is_some(), "{file}: team.{key}");
        }
        assert!(j["attendance"]["trend"]["direction"].is_string(), "{file}");
        for key in [
            "talks",
            "speakers",
            "top",
            "since",
            "events",
            "new_voices",
            "recent_talks",
            "first_time_talks",
            "first_time_percent",
        ] {
            assert!(j["speakers"].get(key).is_some(), "{file}: speakers.{key}");
        }
    }
}

#[test]
fn speakers_count_each_talk_once_and_the_first_time_speakers_of_the_last_year() {
    let j = stats_json("tests/stats/speakers.toml", "2026-11-10");
    let s = &j["speakers"];
    // The welcome, the open slot, the cancelled event, the scheduled and the
    // proposed talk do not count; dan's talk in the agenda and in [[talks]]
    // counts once; eve's given talk missing from the agenda counts.
    assert_eq!(
        (s["talks"].clone(), s["speakers"].clone()),
        (9.into(), 5.into())
    );
    let top: Vec<(&str, u64)> = s["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["talks"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        top,
        [
            ("Dan Dyer", 2),
            ("Cat Carver", 2),
            ("Ann Archer", 2),
            ("Bob Baker", 2),
            ("Eve Evans", 1)
        ]
    );
    assert_eq!(s["since"], "2025-11-10");
    let events: Vec<(&str, u64, u64, u64)> = s["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap(),
                e["talks"].as_u64().unwrap(),
                e["first_time"].as_u64().unwrap(),
                e["returning"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("2026-01-05", 2, 1, 1),
            ("2026-03-02", 2, 1, 1),
            ("2026-05-04", 2, 1, 1)
        ]
    );
    assert_eq!(s["events"][0]["new"], serde_json::json!(["Cat Carver"]));
    assert_eq!(s["new_voices"], 3);
    assert_eq!(
        (s["first_time_talks"].clone(), s["recent_talks"].clone()),
        (3.into(), 6.into())
    );
    assert_eq!(s["first_time_percent"], 50.0);
    let text = stats_text("tests/stats/speakers.toml", "2026-11-10");
    for line in [
        "  9 talks by 5 speakers",
        "  new voices since Nov 10 2025: 3 first-time speakers",
        "  first-time speakers gave 3 of the 6 talks since then (50%)",
        "    Jan 5 2026   2 talks: 1 new, 1 returning (Cat Carver)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    assert!(!text.contains("Hal Hunter") && !text.contains("Gus") && !text.contains("Fay"));
    // The chart stacks first-time on returning speakers, and says so in words.
    let ug = Ug::with_group(&repo_file("tests/stats/speakers.toml")).at("2026-11-10");
    ug.run_with(["stats", "--svg", "charts"]).success();
    let svg = ug.read("charts/speakers.svg");
    roxmltree::Document::parse(&svg).unwrap();
    assert!(
        svg.contains("2026-01-05 1 first-time, 1 returning")
            && svg.contains("3 new voices gave 3 of 6 talks"),
        "{svg}"
    );
    assert!(
        svg.contains("first-time") && svg.contains("returning"),
        "a legend"
    );
    // A year later nobody is new: the window moved past them all.
    let later = stats_json("tests/stats/speakers.toml", "2027-06-01");
    assert_eq!(later["speakers"]["new_voices"], 0);
    assert_eq!(later["speakers"]["first_time_percent"], Value::Null);
    assert!(stats_text("tests/stats/speakers.toml", "2027-06-01").contains("no talk given since"));
}

#[test]
fn every_line_fits_80_columns_at_dates_over_a_year() {
    let long = repo_file("group.toml").replace(
        "name = \"Django Lakeside\"",
        "name = \"Django Lakeside, the very long-named user group of the lake shore and the hills\"",
    );
    for month in 1..=12 {
        let now = format!("2026-{month:02}-15");
        for file in FILES {
            let text = stats_text(file, &now);
            for line in text.lines() {
                assert!(
                    line.width() <= 80,
                    "{file} at {now}: {} columns:\n{line}",
                    line.width()
                );
            }
        }
        let ug = Ug::with_group(&long).at(&now);
        let out = ug.run_with(["stats"]);
        out.success();
        assert!(
            out.stdout.lines().all(|l| l.width() <= 80),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn svg_charts_parse_as_xml_with_a_title_a_description_and_text() {
    let ug = Ug::with_group(&repo_file("tests/stats/crowded.toml")).at("2026-03-20");
    let out = ug.run_with(["stats", "--svg", "charts"]);
    out.success().stderr_has("Wrote 7 charts to charts");
    let mut names: Vec<String> = std::fs::read_dir(ug.path("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "attendance.svg",
            "formats.svg",
            "joins.svg",
            "signups.svg",
            "speakers.svg",
            "team.svg",
            "venues.svg"
        ]
    );
    for name in names {
        let text = ug.read(&format!("charts/{name}"));
        assert!(
            text.starts_with("<svg"),
            "{name}: no XML declaration, inlinable"
        );
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"), "{name}");
        let child = |tag: &str| {
            root.children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        assert!(!child("title").is_empty(), "{name}: a <title>");
        assert!(!child("desc").is_empty(), "{name}: a <desc>");
        assert!(
            child("style").contains("prefers-color-scheme: dark"),
            "{name}: dark mode"
        );
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(|t| t.trim().to_string())
            .collect();
        assert!(
            texts.len() >= 4,
            "{name}: caption, axis labels, ticks: {texts:?}"
        );
        // No tick label said twice (1, 1, 1 for ticks at 1.0, 1.2, 1.4).
        let numbers: Vec<&String> = texts
            .iter()
            .filter(|t| !t.is_empty() && t.parse::<f64>().is_ok())
            .collect();
        let distinct: std::collections::BTreeSet<&&String> = numbers.iter().collect();
        assert_eq!(distinct.len(), numbers.len(), "{name}: {numbers:?}");
        assert!(
            !text.contains("#212121"),
            "{name}: ink follows currentColor"
        );
    }
    let formats = ug.read("charts/formats.svg");
    assert!(
        formats.contains("talks 19.5 over 2 events, best 20"),
        "the text alternative says the numbers"
    );
    assert!(
        formats.contains(">\ntalks\n<") || formats.contains(">talks<"),
        "the bars are labelled"
    );
}

#[test]
fn piped_output_is_plain_text_without_escape_codes() {
    for file in FILES {
        let text = stats_text(file, "2026-11-10");
        assert!(!text.contains('\u{1b}'), "{file}: {text:?}");
    }
    // On a terminal it is the same plain text (no colour to strip).
    let ug = Ug::with_group(&repo_file("group.toml")).at("2026-11-10");
    if let Some(out) = ug.run_in_terminal(&["stats"]) {
        assert!(out.stdout.contains("By format"), "{}", out.stdout);
    }
}

#[test]
fn a_file_with_no_events_says_so_instead_of_inventing_numbers() {
    let j = stats_json("examples/minimal.toml", "2026-11-10");
    assert_eq!(j["attendance"]["mean"], Value::Null);
    assert_eq!(j["attendance"]["over_events"], 0);
    assert_eq!(
        j["attendance"]["viability"]["verdict"],
        "not enough history"
    );
    let text = stats_text("examples/minimal.toml", "2026-11-10");
    assert!(
        text.contains("no held event records its attendance yet"),
        "{text}"
    );
}

#[test]
fn svg_charts_are_written_for_every_file_and_a_file_in_the_way_is_refused() {
    for file in FILES {
        let ug = Ug::with_group(&repo_file(file)).at("2026-11-10");
        ug.run_with(["stats", "--svg", "out/charts"]).success();
        for name in [
            "attendance",
            "formats",
            "venues",
            "joins",
            "team",
            "speakers",
        ] {
            let text = ug.read(&format!("out/charts/{name}.svg"));
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
        }
    }
    let ug = Ug::sample().file("charts", "not a folder");
    ug.run_with(["stats", "--svg", "charts"])
        .code(1)
        .stderr_has("--svg charts: that is a file, not a folder");
    assert_eq!(ug.read("charts"), "not a folder", "nothing written");
}
