//! SPEC §11 attacked again (issue 19's audit), each hole found played as
//! mail dropped into the bundled group's Maildir and the real `ug inbox`,
//! `ug remind --send` and `ug daily`: a member acting beyond their rights
//! with a token that is really theirs, and a stranger's name or RSVP
//! reaching what only the group's people may. The bounds are in
//! `stranger_bounds.rs`.

use crate::support::{self, parse_toml};

use super::proof::{DOMAIN, answering, deliver, inbox, kind, scene, send, waiting_in};

/// The Message-ID of the nudge about task 12 that ug sent `to` on Dec 4.
fn nudge_to(to: &str) -> String {
    support::ug_message_id("nudge", "12.2026-12-04", to, DOMAIN)
}

const ROSA: &str = "rosa.delgado@example.com";
const BEN: &str = "ben.whitaker@example.com";

#[test]
fn a_former_owners_done_to_an_old_nudge_waits_for_a_person() {
    // Task 12 confirms the venue, and was Rosa's: she had a nudge about it
    // (a token that really proves her). It is now Ben's.
    let ug = scene(|t| {
        t.replacen("status = \"confirmed\"", "status = \"planned\"", 1)
            .replacen(
                "title = \"Bring name tags and markers\"\nowner = \"rosa\"\ndue = 2026-12-07\n",
                "title = \"Bring name tags and markers\"\nowner = \"ben\"\ndue = 2026-12-07\nconfirms = \"venue\"\n",
                1,
            )
    });
    let file = ug.text();
    deliver(
        &ug,
        1,
        &format!("Rosa Delgado <{ROSA}>"),
        "Re: Bring name tags",
        &answering(&nudge_to(ROSA)),
        "done",
    );
    let v = inbox(&ug);
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("open"),
        "{v:#}"
    );
    assert_eq!(
        ug.text(),
        file,
        "the former owner's \"done\" changed the file"
    );
    let waiting = waiting_in(&v);
    assert_eq!(waiting, [ROSA], "{v:#}");
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // The owner's own "done" still does it all: the event is confirmed and
    // announced.
    deliver(
        &ug,
        2,
        &format!("Ben Whitaker <{BEN}>"),
        "Re: Bring name tags",
        &answering(&nudge_to(BEN)),
        "done",
    );
    inbox(&ug);
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("done")
    );
    let sent = send(&ug);
    assert!(sent.iter().filter(|m| kind(m) == "announce").count() > 30);
}

/// Ann's own Message-ID or token for mail of `kind` about `middle`.
fn anns(kind: &str, middle: &str) -> String {
    support::ug_message_id(kind, middle, ANN, DOMAIN)
}

const ANN: &str = "ann.becker@example.com";

#[test]
fn a_members_own_tokens_do_only_what_they_were_made_for() {
    let ug = scene(|t| t);
    let file = ug.text();
    let t = |kind: &str, middle: &str| support::token(kind, middle, ANN);
    let announce = anns("announce", super::proof::EVENT);
    let forged_nudge = format!("nudge.12.2026-12-04.k4jq7x2m3n5p6r8s9t2v@{DOMAIN}");
    // Each a reply from Ann, proven where its token is hers, asking for
    // what that token was not made for.
    let tries: Vec<(String, &str)> = vec![
        // Her announcement answered "done": no task is done by it.
        (super::proof::answering(&announce), "done"),
        // Her RSVP link's tag, her VERP return path's token and her
        // announcement's token, each put in a nudge's or a talk ask's id.
        (
            super::proof::answering(&format!(
                "nudge.12.2026-12-04.{}@{DOMAIN}",
                t("rsvp", EVENT_ID)
            )),
            "done",
        ),
        (
            super::proof::answering(&format!("nudge.12.2026-12-04.{}@{DOMAIN}", t("bounce", ""))),
            "done",
        ),
        (
            super::proof::answering(&format!("talk-ask.3.{}@{DOMAIN}", t("announce", EVENT_ID))),
            "yes",
        ),
        // Her own ids of other kinds, answered as if they were asks.
        (
            super::proof::answering(&format!("rsvp.{EVENT_ID}.{}@{DOMAIN}", t("rsvp", EVENT_ID))),
            "yes",
        ),
        (
            super::proof::answering(&format!("bounce.{}@{DOMAIN}", t("bounce", ""))),
            "done",
        ),
        // A confirmation request of hers (to join), its middle rewritten
        // into an RSVP with nine guests.
        (
            super::proof::answering(&format!(
                "confirm.2026-11-26.rsvp-yes-9.{EVENT_ID}.{}@{DOMAIN}",
                t("confirm", "2026-11-26.join")
            )),
            "yes",
        ),
        // Her real announcement beside a forged nudge: the proof is for the
        // announcement, which "done" does not answer.
        (
            format!(
                "In-Reply-To: <{forged_nudge}>\r\nReferences: <{announce}> <{forged_nudge}>\r\n"
            ),
            "done",
        ),
    ];
    for (n, (headers, body)) in tries.iter().enumerate() {
        deliver(
            &ug,
            n,
            &format!("Ann Becker <{ANN}>"),
            "Re: hello",
            headers,
            body,
        );
    }
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "{v:#}");
    assert_eq!(
        v["waiting"].as_array().unwrap().len(),
        tries.len(),
        "each waits for a person: {v:#}"
    );
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // What her announcement's token was made for it does: her own RSVP,
    // its guests capped at the file's one.
    deliver(
        &ug,
        20,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&announce),
        "yes, with 5 guests",
    );
    inbox(&ug);
    let rsvps = rsvps(&ug.text());
    assert_eq!(rsvps.len(), 1, "{rsvps:?}");
    assert_eq!(rsvps[0]["email"].as_str(), Some(ANN));
    assert_eq!(rsvps[0]["guests"].as_integer(), Some(1));
    assert_eq!(
        support::find_task(&ug.text(), 12)["status"].as_str(),
        Some("open")
    );
    // Her RSVP link's tag is hers too (so the tries above were proven and
    // refused, not merely unproven): in its own place it records her "no".
    deliver(
        &ug,
        21,
        &format!("Ann Becker <{ANN}>"),
        &format!("RSVP no {EVENT_ID} {}", support::rsvp_tag(EVENT_ID, ANN)),
        "",
        "",
    );
    inbox(&ug);
    assert!(
        ug.text().contains(&format!(
            "{{ email = \"{ANN}\", name = \"Ann Becker\", status = \"no\""
        )),
        "{}",
        ug.text()
    );
}

const EVENT_ID: &str = super::proof::EVENT;

#[test]
fn no_rsvp_by_mail_is_taken_for_an_event_not_announced_yet() {
    // 2026-12-08 is only planned (its venue not confirmed): nobody was told
    // of it, so nobody's RSVP counts yet, proven or not.
    let ug = scene(|t| t.replacen("status = \"confirmed\"", "status = \"planned\"", 1));
    let file = ug.text();
    let zed = "zed@stranger.example";
    deliver(&ug, 1, zed, &format!("RSVP yes {EVENT_ID}"), "", "yes");
    // A reply to a confirmation request for that RSVP (its token good).
    let asked = support::ug_message_id(
        "confirm",
        &format!("2026-11-26.rsvp-yes-0.{EVENT_ID}"),
        zed,
        DOMAIN,
    );
    deliver(
        &ug,
        2,
        zed,
        "Re: Please confirm",
        &super::proof::answering(&asked),
        "yes",
    );
    // A member's proven reply to an announcement of that event.
    deliver(
        &ug,
        3,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&anns("announce", EVENT_ID)),
        "yes, count me in",
    );
    let v = inbox(&ug);
    assert_eq!(ug.text(), file, "{v:#}");
    let said: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["action"]["done"].as_str().unwrap())
        .collect();
    assert!(
        said.iter().all(|s| s.contains("not announced yet")),
        "{said:#?}"
    );
    let sent = send(&ug);
    assert!(sent.is_empty(), "mailed: {sent:#?}");
    // Confirmed (and so announced), the same answers count.
    ug.run_with(["events", "confirm", EVENT_ID, "--yes"])
        .success();
    assert!(send(&ug).iter().any(|m| kind(m) == "announce"));
    deliver(
        &ug,
        4,
        &format!("Ann Becker <{ANN}>"),
        "Re: Tue Dec 8",
        &super::proof::answering(&anns("announce", EVENT_ID)),
        "yes, count me in",
    );
    deliver(&ug, 5, zed, &format!("RSVP yes {EVENT_ID}"), "", "yes");
    let v = inbox(&ug);
    let rsvps: Vec<String> = rsvps(&ug.text())
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["email"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rsvps, [format!("{ANN} yes")], "{v:#}");
    let sent = send(&ug);
    assert!(
        sent.iter().any(|m| kind(m) == "confirm" && m.rcpt() == zed),
        "{sent:#?}"
    );
}

/// The RSVPs of the December event.
fn rsvps(text: &str) -> Vec<toml::Value> {
    parse_toml(text)["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"].as_str() == Some(EVENT_ID))
        .and_then(|e| e.get("rsvps"))
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default()
}

#[test]
fn a_stranger_named_like_a_role_never_takes_the_roles_checklist_tasks() {
    // The checklist gives "organizer", "co-organizer" and "helper" tasks
    // (one confirms the venue) to whoever holds the role, unless a person
    // has that id. A stranger proposing a talk under such a name must not
    // become that person.
    let ug = scene(|t| t);
    let names = ["Organizer", "Co-Organizer", "helper", "Speaker", "Contact"];
    for (i, name) in names.iter().enumerate() {
        deliver(
            &ug,
            i,
            &format!("{name} <r{i}@evil.example>"),
            &format!("Talk proposal: thing {i}"),
            "",
            &format!("I'd like to give a talk on thing {i}."),
        );
    }
    inbox(&ug);
    let doc = parse_toml(&ug.text());
    let strangers: Vec<String> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["email"]
                .as_str()
                .is_some_and(|e| e.ends_with("@evil.example"))
        })
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(strangers.len(), names.len(), "{strangers:?}");
    for id in &strangers {
        assert!(
            !["organizer", "co-organizer", "helper", "speaker", "contact"].contains(&id.as_str()),
            "a stranger became person `{id}`"
        );
    }
    // The next meetup is planned: each of its tasks goes to a person of
    // the group, none to a stranger.
    ug.run_at("2026-12-10T09:00:00", &["daily"]).success();
    let doc = parse_toml(&ug.text());
    let owners: Vec<(String, String)> = doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("event").and_then(|e| e.as_str()) == Some("2027-01-12"))
        .map(|t| {
            (
                t["title"].as_str().unwrap().to_string(),
                t.get("owner")
                    .and_then(|o| o.as_str())
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert!(owners.len() >= 5, "{owners:?}");
    for (title, owner) in &owners {
        assert!(
            !strangers.contains(owner),
            "\"{title}\" went to the stranger `{owner}`"
        );
    }
}
