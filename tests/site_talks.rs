//! The talks on the site (issue 12): an event page lists its talks and their
//! speakers from the agenda and from `[[talks]]`, each once ("Talks given"
//! once the event is over); the index shows the next event's talks; the
//! speakers page lists everyone who gave a talk, newest first. A proposed,
//! asked or declined talk, and an open slot, appear nowhere; a speaker's
//! name and a title are escaped in the HTML and whole in the JSON-LD.

#[path = "support/mod.rs"]
mod support;

use support::{Ug, repo_file};

const TODAY: &str = "2026-11-10";

/// The agenda item of the next event's (2026-12-08) scheduled talk.
const ELENA_ITEM: &str = "title = \"Django 6.0: what changed and why\"\nkind = \"talk\"\nminutes = 30\nspeaker = \"elena\"\n";

/// The bundled file with `agenda` added after the next event's talk and
/// `tail` appended at the end.
fn group_with(agenda: &str, tail: &str) -> String {
    let plain = repo_file("group.toml");
    assert!(plain.contains(ELENA_ITEM), "the bundled file changed");
    format!(
        "{}\n{tail}",
        plain.replacen(ELENA_ITEM, &format!("{ELENA_ITEM}{agenda}"), 1)
    )
}

/// Builds the site and returns its pages as text, by relative path.
fn site(toml: &str) -> (Ug, Vec<(String, String)>) {
    let ug = Ug::with_group(toml).at(TODAY);
    ug.run_with(["site"]).success();
    let mut pages = Vec::new();
    let mut stack = vec![ug.path("public")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                let rel = p.strip_prefix(ug.path("public")).unwrap();
                pages.push((
                    rel.to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    pages.sort();
    (ug, pages)
}

fn page<'a>(pages: &'a [(String, String)], name: &str) -> &'a str {
    &pages
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// `<li>` of one talk as the event page and the index write it.
fn talk_li(title: &str, speaker: &str, what: &str) -> String {
    format!(
        "<li><span class=\"talk-title\">{title}</span> by <span class=\"talk-speaker\">{speaker}</span> <span class=\"meta\">({what})</span></li>"
    )
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let rest = &html[start..];
    serde_json::from_str(&rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()])
        .unwrap()
}

fn performers(html: &str) -> Vec<String> {
    json_ld(html)["performer"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    assert_eq!(p["@type"], "Person");
                    p["name"].as_str().unwrap().to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_events_page_lists_its_talks_given_with_their_speakers_once() {
    let (_, pages) = site(&repo_file("group.toml"));
    let past = page(&pages, "events/2025-12-09/index.html");
    assert!(past.contains("<h2>Talks given</h2>"), "{past}");
    // Jonas's talk is in the agenda and a `given` talk in [[talks]]: listed once.
    let jonas = talk_li(
        "Type hints in templates?",
        "Jonas Lindqvist",
        "lightning talk, 5 min",
    );
    assert_eq!(past.matches(&jonas).count(), 1, "{past}");
    assert_eq!(
        past.matches("class=\"talk-title\"").count(),
        7,
        "seven lightning talks by a speaker; the open mic has none"
    );
    assert!(performers(past).contains(&"Jonas Lindqvist".to_string()));
    let next = page(&pages, "events/2026-12-08/index.html");
    let elena = talk_li(
        "Django 6.0: what changed and why",
        "Elena Petrova",
        "talk, 30 min",
    );
    assert!(
        next.contains("<h2>Talks</h2>") && next.contains(&elena),
        "{next}"
    );
    assert!(!next.contains("Talks given"));
    assert_eq!(performers(next), ["Elena Petrova"]);
    let index = page(&pages, "index.html");
    assert!(
        index.contains("<h4>Talks</h4>") && index.contains(&elena),
        "{index}"
    );
    // A social with no talk has no talks heading.
    assert!(!page(&pages, "events/2026-11-10/index.html").contains("class=\"talks\""));
}

#[test]
fn a_scheduled_talk_not_yet_in_the_agenda_is_listed_and_pending_ones_and_open_slots_never() {
    let toml = group_with(
        "[[events.agenda]]\ntitle = \"Talk 2 (open slot)\"\nkind = \"talk\"\nminutes = 30\n",
        r#"[[talks]]
id = 10
title = "Signals considered harmful"
speaker = "samir"
minutes = 5
kind = "lightning"
status = "scheduled"
event = "2026-12-08"

[[talks]]
id = 11
title = "Secret proposal about ORMs"
speaker = "aiko"
kind = "talk"
status = "proposed"

[[talks]]
id = 12
title = "Declined idea about caching"
speaker = "chris"
kind = "talk"
status = "declined"

[[talks]]
id = 13
title = "Accepted but not placed"
speaker = "maya"
kind = "talk"
status = "accepted"
"#,
    );
    let (_, pages) = site(&toml);
    let next = page(&pages, "events/2026-12-08/index.html");
    assert!(
        next.contains(&talk_li(
            "Signals considered harmful",
            "Samir Haddad",
            "lightning talk, 5 min"
        )),
        "{next}"
    );
    assert_eq!(performers(next), ["Elena Petrova", "Samir Haddad"]);
    assert!(next.contains("More talks to be announced."), "{next}");
    for (name, html) in &pages {
        for hidden in [
            "(open slot)",
            "Secret proposal about ORMs",
            "Declined idea about caching",
            "Accepted but not placed",
            // Asked (talk 3 of the bundled file), and proposed (talk 4's title
            // is also Elena's given talk of March, so Priya's name is checked).
            "Testing Django apps with pytest",
        ] {
            assert!(!html.contains(hidden), "{name} shows {hidden:?}");
        }
        assert!(
            !html.contains(
                "Full-text search with Postgres</span> by <span class=\"talk-speaker\">Priya"
            ),
            "{name} shows Priya's proposed talk"
        );
    }
    // Not given yet: the scheduled talks are not on the speakers page.
    let speakers = page(&pages, "speakers/index.html");
    assert!(!speakers.contains("Signals considered harmful"));
    assert!(!speakers.contains("Django 6.0: what changed and why"));
}

#[test]
fn a_speakers_name_and_a_title_are_escaped() {
    let toml = format!(
        "{}\n[[people]]\nid = \"mallory\"\nname = \"Mal <script>alert(1)</script> & Co\"\nemail = \"mal@example.org\"\n\n[[talks]]\nid = 20\ntitle = \"Tags <b> & \\\"quotes\\\"\"\nspeaker = \"mallory\"\nminutes = 10\nkind = \"talk\"\nstatus = \"scheduled\"\nevent = \"2026-12-08\"\n",
        repo_file("group.toml")
    );
    let (_, pages) = site(&toml);
    let next = page(&pages, "events/2026-12-08/index.html");
    assert!(
        next.contains(&talk_li(
            "Tags &lt;b&gt; &amp; &quot;quotes&quot;",
            "Mal &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co",
            "talk, 10 min"
        )),
        "{next}"
    );
    for (name, html) in &pages {
        assert!(!html.contains("<script>alert"), "{name}");
        assert!(!html.contains("<b> &"), "{name}");
    }
    // The JSON-LD keeps the name whole (`<` written as \u003c inside the script).
    assert!(performers(next).contains(&"Mal <script>alert(1)</script> & Co".to_string()));
}

#[test]
fn the_speakers_page_lists_who_gave_talks_newest_first_and_is_in_the_nav() {
    let (_, pages) = site(&repo_file("group.toml"));
    let speakers = page(&pages, "speakers/index.html");
    let section = |name: &str| {
        let start = speakers
            .find(&format!(">{name}</h2>"))
            .unwrap_or_else(|| panic!("{name}"));
        let end = speakers[start..].find("</section>").unwrap() + start;
        speakers[start..end].to_string()
    };
    let jonas = section("Jonas Lindqvist");
    let newer = jonas.find("How we run this meetup").unwrap();
    let older = jonas.find("Type hints in templates?").unwrap();
    assert!(newer < older, "newest first: {jonas}");
    assert_eq!(
        jonas.matches("<li>").count(),
        2,
        "the given talk counted once"
    );
    assert!(jonas.contains("href=\"../events/2025-12-09/\""), "{jonas}");
    // Kofi was only asked, Elena's December talk is not given yet.
    assert!(!speakers.contains("Kofi"));
    for (name, html) in &pages {
        assert!(
            html.contains("speakers/\""),
            "{name}: no Speakers link in the nav"
        );
    }
    assert!(speakers.contains("href=\"../speakers/\" aria-current=\"page\""));
    // A group with no talk given says so.
    let (_, none) = site(&repo_file("examples/minimal.toml"));
    assert!(page(&none, "speakers/index.html").contains("No talks given yet."));
}
