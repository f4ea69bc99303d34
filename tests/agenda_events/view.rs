//! `ug agenda`'s views: clock times, totals, JSON, Markdown and HTML.

use super::*;

#[test]
fn agenda_shows_clock_times_of_the_next_event() {
    let g = Ug::sample();
    let run = g.run_with(["agenda"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("December talks night"), "{out}");
    let row = |n: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(n))
            .unwrap_or_else(|| panic!("{n}: {out}"))
    };
    let (one, two, three) = (row("1 "), row("2 "), row("3 "));
    assert!(
        one.contains("18:30–19:00") && one.contains("social") && one.contains("Doors open, pizza"),
        "{one}"
    );
    assert!(
        two.contains("19:00–19:10") && two.contains("welcome") && two.contains("Welcome and news"),
        "{two}"
    );
    assert!(
        three.contains("19:10–19:40")
            && three.contains("Django 6.0")
            && three.contains("Elena Petrova"),
        "{three}"
    );
    assert!(three.trim_end().ends_with("30"), "{three}");
    assert!(
        out.contains("Total 1h10m of 2h30m: 80 minutes free (19:40–21:00)"),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");
    assert_eq!(g.run_with(["agenda", "2026-12-08"]).stdout, run.stdout);
}

#[test]
fn agenda_json() {
    let g = Ug::sample();
    let v = g.json(&["agenda"]);
    assert_eq!(v["event"], "2026-12-08");
    assert_eq!(v["start"], "2026-12-08T18:30:00");
    assert_eq!(v["end"], "2026-12-08T21:00:00");
    assert_eq!(v["duration_minutes"], 150);
    assert_eq!(v["total_minutes"], 70);
    assert_eq!(v["overrun"], false);
    let items = v["items"].as_array().unwrap();
    let starts: Vec<&str> = items.iter().map(|i| i["start"].as_str().unwrap()).collect();
    let ends: Vec<&str> = items.iter().map(|i| i["end"].as_str().unwrap()).collect();
    assert_eq!(starts, ["18:30", "19:00", "19:10"]);
    assert_eq!(ends, ["19:00", "19:10", "19:40"]);
    assert_eq!(items[2]["kind"], "talk");
    assert_eq!(items[2]["speaker"], "elena");
    assert_eq!(items[2]["minutes"], 30);
    assert_eq!(items[0]["speaker"], serde_json::Value::Null);
}

#[test]
fn agenda_of_a_past_event_by_id() {
    let g = Ug::sample();
    let v = g.json(&["agenda", "2026-11-10"]);
    assert_eq!(v["total_minutes"], 150);
    assert_eq!(v["items"][2]["start"], "20:45");
    assert!(
        g.run_with(["agenda", "2026-11-10"])
            .stdout
            .contains("fills the event exactly")
    );
}

#[test]
fn agenda_markdown() {
    let g = Ug::sample();
    let run = g.run_with(["agenda", "--format", "markdown"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "## December talks night\n\n\
         Tue Dec 8 2026, 18:30–21:00 · Lakeview Analytics\n\n\
         | Time | Kind | Title | Speaker | Minutes |\n\
         |---|---|---|---|--:|\n\
         | 18:30 | social | Doors open, pizza |  | 30 |\n\
         | 19:00 | welcome | Welcome and news |  | 10 |\n\
         | 19:10 | talk | Django 6.0: what changed and why | Elena Petrova | 30 |\n"
    );
}

#[test]
fn no_upcoming_event_suggests_next_meetup() {
    let g = Ug::sample().at("2027-06-01");
    let run = g.fails(&["agenda"], 1);
    assert!(run.stderr.contains("ug next-meetup"), "{}", run.stderr);
    g.fails(
        &["agenda", "add", "Talk", "--kind", "talk", "--minutes", "30"],
        1,
    );
}

#[test]
fn html_escapes_quotes_and_apostrophes_in_every_field() {
    let sample = SAMPLE
        .replacen(
            "title = \"December talks night\"",
            "title = \"Rock 'n' <b>roll</b> & \\\"friends\\\"\"",
            1,
        )
        .replacen(
            "name = \"Elena Petrova\"",
            "name = \"Elena <i>O'Brien</i>\"",
            1,
        );
    let g = Ug::with_group(&sample);
    let html = g.run_with(["agenda", "--format", "html"]).stdout;
    assert!(
        html.contains(
            "<h2>Rock &#39;n&#39; &lt;b&gt;roll&lt;/b&gt; &amp; &quot;friends&quot;</h2>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<td>Elena &lt;i&gt;O&#39;Brien&lt;/i&gt;</td>"),
        "{html}"
    );
    assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
}
