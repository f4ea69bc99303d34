//! The legitimate paths SPEC 11 keeps, end to end on the bundled group
//! (the scene and helpers of `proof.rs`): a member's reply to the mail ug
//! actually sent acts at once; what has no proof (the site's RSVP link, a
//! join) acts on the reply to ug's request to confirm, at that reply's
//! arrival; each automatic answer goes once.

use crate::proof::{
    DOMAIN, EVENT, all_sent, answering, arrival, deliver, inbox, kind, member, scene, send,
};
use crate::support::{Ug, parse_toml};

/// The event's RSVP lines: (email, status, at).
fn rsvps(ug: &Ug) -> Vec<(String, String, String)> {
    let doc = parse_toml(&ug.text());
    let event = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some(EVENT))
        .unwrap()
        .clone();
    event
        .get("rsvps")
        .and_then(|r| r.as_array())
        .map(|r| {
            r.iter()
                .map(|l| {
                    (
                        l["email"].as_str().unwrap().to_string(),
                        l["status"].as_str().unwrap().to_string(),
                        l["at"].to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Message `n`'s arrival as the group's local time (Madison, UTC-6 in
/// November), as an RSVP line's `at` writes it.
fn local(n: usize) -> String {
    chrono::DateTime::from_timestamp(arrival(n) - 6 * 3600, 0)
        .unwrap()
        .naive_utc()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

#[test]
fn a_members_yes_to_the_announcement_ug_sent_is_recorded_at_once() {
    let ug = scene(|t| t);
    let ann = "ann.becker@example.com";
    let announcement = all_sent(&ug)
        .into_iter()
        .find(|m| kind(m) == "announce" && m.rcpt() == ann)
        .expect("the announcement to Ann");
    assert!(announcement.message_id.ends_with(&format!("@{DOMAIN}")));
    deliver(
        &ug,
        0,
        &format!("Ann Becker <{ann}>"),
        &format!("Re: {}", announcement.subject),
        &answering(&announcement.message_id),
        "Yes, see you there!",
    );
    assert!(inbox(&ug)["waiting"].as_array().unwrap().is_empty());
    assert_eq!(rsvps(&ug), [(ann.into(), "yes".into(), local(0))]);
    let sent = send(&ug);
    let to: Vec<(&str, &str)> = sent.iter().map(|m| (kind(m), m.rcpt())).collect();
    assert_eq!(to, [("rsvp-in", ann)], "no request to confirm");
}

#[test]
fn the_sites_rsvp_link_is_confirmed_by_reply_and_counts_from_that_reply() {
    let ug = scene(|t| t);
    ug.run_with(["site"]).success();
    // The link on the event's page: a mailto without a tag (a public page
    // cannot carry one token per reader).
    let page = ug.read("public/index.html");
    let link = page
        .split("mailto:")
        .skip(1)
        .map(|l| l.split('"').next().unwrap().replace("&#x2f;", "/"))
        .find(|l| l.contains("RSVP%20yes"))
        .unwrap_or_else(|| panic!("no RSVP link on the home page"));
    let (to, query) = link.split_once('?').unwrap();
    let subject = query.strip_prefix("subject=").unwrap().replace("%20", " ");
    assert_eq!(subject, format!("RSVP yes {EVENT}"));
    assert_eq!(to, "organizers@lakeside.example.org");
    let ann = "ann.becker@example.com";
    deliver(&ug, 0, &format!("Ann Becker <{ann}>"), &subject, "", "");
    inbox(&ug);
    assert!(rsvps(&ug).is_empty(), "recorded before it was confirmed");
    let asked = send(&ug);
    assert_eq!(asked.len(), 1, "{asked:#?}");
    assert_eq!((kind(&asked[0]), asked[0].rcpt()), ("confirm", ann));
    // Ann answers it an hour later: that is when her seat is taken.
    deliver(
        &ug,
        60,
        ann,
        &format!("Re: {}", asked[0].subject),
        &answering(&asked[0].message_id),
        "Yes, that was me.",
    );
    inbox(&ug);
    assert_eq!(rsvps(&ug), [(ann.into(), "yes".into(), local(60))]);
    let sent = send(&ug);
    let to: Vec<(&str, &str)> = sent.iter().map(|m| (kind(m), m.rcpt())).collect();
    assert_eq!(to, [("rsvp-in", ann)]);
}

#[test]
fn a_join_is_confirmed_by_reply_then_added_and_welcomed_once() {
    let ug = scene(|t| t);
    let noa = "noa.newbie@example.net";
    deliver(
        &ug,
        0,
        &format!("Noa Newbie <{noa}>"),
        "join",
        "",
        "Hi! Please add me.",
    );
    inbox(&ug);
    assert!(!ug.text().contains(noa), "added before confirming");
    let asked = send(&ug);
    assert_eq!(asked.len(), 1, "{asked:#?}");
    assert_eq!((kind(&asked[0]), asked[0].rcpt()), ("confirm", noa));
    let reply = |n| {
        deliver(
            &ug,
            n,
            &format!("Noa Newbie <{noa}>"),
            &format!("Re: {}", asked[0].subject),
            &answering(&asked[0].message_id),
            "Yes please!",
        )
    };
    reply(30);
    inbox(&ug);
    let m = member(&ug, noa);
    assert_eq!(m["name"].as_str(), Some("Noa Newbie"));
    assert_eq!(m["joined"].to_string(), "2026-11-26");
    // The next day: she had her one automatic answer today (SPEC 11).
    let sent = super::proof::send_at(&ug, "2026-11-27");
    let welcome: Vec<_> = sent.iter().filter(|m| kind(m) == "welcome").collect();
    assert_eq!(welcome.len(), 1, "{sent:#?}");
    assert_eq!(welcome[0].rcpt(), noa);
    // She answers the request again: nothing new, no second welcome.
    let file = ug.text();
    reply(40);
    inbox(&ug);
    assert_eq!(ug.text(), file);
    let again = send(&ug);
    assert!(
        again.iter().all(|m| kind(m) != "welcome"),
        "welcomed twice: {again:#?}"
    );
    assert_eq!(ug.text().matches(noa).count(), 1);
}

#[test]
fn unsubscribe_in_reply_to_an_announcement_takes_effect_at_once() {
    let ug = scene(|t| t);
    let marcus = "marcus.lee@example.net";
    let announcement = all_sent(&ug)
        .into_iter()
        .find(|m| kind(m) == "announce" && m.rcpt() == marcus)
        .expect("the announcement to Marcus");
    deliver(
        &ug,
        0,
        marcus,
        &format!("Re: {}", announcement.subject),
        &answering(&announcement.message_id),
        "unsubscribe",
    );
    inbox(&ug);
    let m = member(&ug, marcus);
    assert_eq!(m.get("unsubscribed").and_then(|v| v.as_bool()), Some(true));
    let sent = send(&ug);
    let to: Vec<(&str, &str)> = sent.iter().map(|m| (kind(m), m.rcpt())).collect();
    assert_eq!(to, [("unsubscribed", marcus)], "told once, not asked");
    assert!(send(&ug).is_empty());
    // The next event's mail skips him: the reminder the day before.
    let reminded = ug.run_at("2026-12-07T09:00:00", &["remind", "--send"]);
    reminded.success();
    let all = all_sent(&ug);
    assert!(all.iter().any(|m| kind(m) == "remind"), "no reminder went");
    assert!(
        all.iter()
            .filter(|m| m.rcpt() == marcus)
            .all(|m| ["announce", "unsubscribed"].contains(&kind(m))),
        "mailed after leaving"
    );
}
