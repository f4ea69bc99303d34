//! `ug remind` run as the real binary with the file transport (no server):
//! bad addresses, the held-up announcement, change mails, thank-yous and
//! nudge digests over several days, read back with mail-parser.

use crate::support::{Ug, parse_mail};
use crate::{GROUP, edited};
use std::path::{Path, PathBuf};

/// Every .eml in the outbox: (file name, subject, to, text body).
fn outbox(d: &Ug) -> Vec<(String, String, String, String)> {
    eml(&d.path("outbox"))
}

/// The .eml files of `dir`, sorted: (file name, subject, to, text body).
fn eml(dir: &Path) -> Vec<(String, String, String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    let mail = parse_mail(&files);
    files
        .iter()
        .zip(mail)
        .map(|(path, m)| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                m.subject,
                m.to.into_iter().next().unwrap_or_default(),
                m.text.unwrap_or_default(),
            )
        })
        .collect()
}

/// The fixture with the task of the owner without an address done: no
/// skipped recipient (reported, exit 1) in a test about something else.
fn reachable(text: &str) -> String {
    let open = "owner = \"nomail\"\ndue = 2026-11-20\nstatus = \"open\"";
    assert!(text.contains(open));
    text.replacen(
        open,
        "owner = \"nomail\"\ndue = 2026-11-20\nstatus = \"done\"",
        1,
    )
}

#[test]
fn a_bad_member_address_is_skipped_and_named_and_the_others_go_out() {
    let bad = ["a..b@example.com", ".a@example.com", "a@b.c-"];
    let mut extra = String::new();
    for (i, a) in bad.iter().enumerate() {
        extra.push_str(&format!(
            "[[members]]\nname = \"Bad {i}\"\nemail = \"{a}\"\n\n"
        ));
    }
    extra.push_str(
        "[[members]]\nname = \"Bo Bounced\"\nemail = \"bo@example.com\"\nbounced = true\n\n",
    );
    let d = Ug::with_group(&GROUP.replacen("[[events]]", &format!("{extra}[[events]]"), 1));

    // The preview lists the good ones and warns about the others.
    let r = d.run_at("2026-11-24", &["remind", "--kind", "announce"]);
    r.success();
    assert!(
        r.stdout.contains("2 messages (2 announce) due"),
        "{}",
        r.stdout
    );
    for a in bad {
        assert!(r.stderr.contains(a), "{a} not named in:\n{}", r.stderr);
    }

    let r = d.run_at("2026-11-24", &["remind", "--send", "--kind", "announce"]);
    assert_eq!(
        r.code,
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stdout.contains("Sent 2 messages (2 announce); 3 skipped"),
        "{}",
        r.stdout
    );
    for a in bad {
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains(a))
            .unwrap_or_else(|| panic!("{a} not named in:\n{}", r.stderr));
        assert!(line.contains("announce:2026-12-08:"), "{line}");
        assert!(line.contains("cannot be mailed"), "{line}");
    }
    let to: Vec<String> = outbox(&d).into_iter().map(|m| m.2).collect();
    assert_eq!(to, ["ann@example.com", "Carla@Example.com"]);
    assert!(
        !to.iter().any(|t| t.contains("bo@")),
        "a bounced member got mail"
    );
    // Two sent, and the three skipped recorded as such (reported once).
    assert_eq!(d.log().len(), 5);
    let log = std::fs::read_to_string(d.path("group.sent.log")).unwrap();
    assert_eq!(
        log.lines()
            .filter(|l| l.split('\t').nth(2) == Some("skipped"))
            .count(),
        3,
        "{log}"
    );
    // Nobody reachable is left: the event is announced.
    assert!(d.text().contains("status = \"announced\""));
    d.run_at("2026-11-24", &["remind", "--send", "--kind", "announce"])
        .success();
    assert_eq!(outbox(&d).len(), 2);
}

#[test]
fn an_unconfirmed_event_waits_the_organizers_are_told_once_and_it_goes_when_confirmed() {
    let text = edited("status = \"confirmed\"", "status = \"planned\"").replacen(
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"",
        "due = 2026-11-20\nevent = \"2026-12-08\"\nstatus = \"open\"\nconfirms = \"venue\"",
        1,
    );
    let d = Ug::with_group(&reachable(&text));
    let r = d.run_at("2026-11-24", &["status"]);
    r.success();
    assert!(
        r.stdout.contains("announcement of 2026-12-08")
            || r.stderr.contains("announcement of 2026-12-08"),
        "status does not say the announcement waits:\n{}{}",
        r.stdout,
        r.stderr
    );

    d.run_at("2026-11-24", &["remind", "--send"]).success();
    let mail = outbox(&d);
    assert!(
        mail.iter().all(|m| !m.0.starts_with("announce")),
        "{mail:#?}"
    );
    let blocked: Vec<_> = mail.iter().filter(|m| m.0.starts_with("blocked")).collect();
    assert_eq!(
        blocked.iter().map(|m| m.2.as_str()).collect::<Vec<_>>(),
        ["jonas@example.net", "maya@example.org"]
    );
    assert!(
        blocked[0].3.contains("ug events confirm 2026-12-08"),
        "{}",
        blocked[0].3
    );
    assert!(blocked[0].3.contains("task 1"), "{}", blocked[0].3);

    // Days later, still planned: no announcement, no second warning.
    d.run_at("2026-11-27", &["remind", "--send"]).success();
    let list = outbox(&d);
    let event_mail = |m: &&(String, String, String, String)| {
        m.0.starts_with("blocked") || m.0.starts_with("announce")
    };
    assert_eq!(list.iter().filter(event_mail).count(), 2, "{list:#?}");

    // Confirmed: the next run announces it.
    d.run_at("2026-11-28", &["events", "confirm", "2026-12-08"])
        .success();
    d.run_at("2026-11-29", &["remind", "--send"]).success();
    let announce: Vec<_> = outbox(&d)
        .into_iter()
        .filter(|m| m.0.starts_with("announce"))
        .collect();
    assert_eq!(announce.len(), 2, "{announce:#?}");
    assert!(d.text().contains("status = \"announced\""));
    assert!(
        outbox(&d)
            .iter()
            .filter(|m| m.0.starts_with("blocked"))
            .count()
            == 2,
        "still one each"
    );
}

#[test]
fn a_changed_event_sends_one_change_mail_per_change() {
    let d = Ug::with_group(&reachable(GROUP));
    d.run_at("2026-11-29", &["remind", "--send"]).success();
    d.run_at(
        "2026-11-30",
        &["events", "edit", "2026-12-08", "--time", "19:00"],
    )
    .success();
    let r = d.run_at("2026-11-30", &["--json", "remind", "--kind", "change"]);
    r.success();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows.iter().all(|r| r["kind"] == "change"));
    d.run_at("2026-11-30", &["remind", "--send"]).success();
    d.run_at("2026-12-01", &["remind", "--send"]).success();
    let change: Vec<_> = outbox(&d)
        .into_iter()
        .filter(|m| m.0.starts_with("change"))
        .collect();
    assert_eq!(change.len(), 2, "once per member: {change:#?}");
    assert!(change.iter().all(|m| m.1.starts_with("Changed: ")));
}

#[test]
fn the_weekly_example_thanks_each_contact_once_a_day() {
    // Two hack nights a week apart, both held, both in their thank-you
    // window on Nov 5: each contact gets one mail that thanks for both.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/hack-night.toml")).unwrap();
    let d = Ug::with_group(&text);
    let r = d.run_at("2026-11-05", &["--json", "remind", "--kind", "thanks"]);
    r.success();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let mut to: Vec<&str> = rows.iter().map(|r| r["to"].as_str().unwrap()).collect();
    let n = to.len();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), n, "a contact thanked twice: {rows:#?}");
    assert!(n > 0);
    let out = d.path("out");
    d.run_at(
        "2026-11-05",
        &["remind", "--kind", "thanks", "--out", out.to_str().unwrap()],
    )
    .success();
    let mail = eml(&out);
    assert_eq!(mail.len(), n);
    for m in mail {
        assert!(
            m.3.contains("These meetups happened because of you"),
            "{}",
            m.3
        );
        assert!(m.3.contains("Wednesday, October 28, 2026"), "{}", m.3);
        assert!(m.3.contains("Wednesday, November 4, 2026"), "{}", m.3);
    }
}

#[test]
fn a_second_run_the_same_day_sends_a_contact_no_second_thank_you() {
    // Nov 4 not yet recorded as held: Nov 5 thanks for Oct 28 only. Recorded
    // later that day: its thank-you waits for the next day.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/hack-night.toml"))
        .unwrap()
        .replacen(
            "status = \"held\"\nattendance = 14",
            "status = \"announced\"",
            1,
        );
    let d = Ug::with_group(&text);
    let thanks = |d: &Ug| -> Vec<String> {
        outbox(d)
            .into_iter()
            .filter(|m| m.0.starts_with("thanks"))
            .map(|m| m.0)
            .collect()
    };
    d.run_at(
        "2026-11-05T09:00:00",
        &["remind", "--send", "--kind", "thanks"],
    )
    .success();
    let first = thanks(&d);
    assert!(!first.is_empty());
    assert!(
        first.iter().all(|f| f.starts_with("thanks_2026-10-28_")),
        "{first:?}"
    );
    d.run_at(
        "2026-11-05T12:00:00",
        &["events", "held", "2026-11-04", "--attendance", "14"],
    )
    .success();
    d.run_at(
        "2026-11-05T18:00:00",
        &["remind", "--send", "--kind", "thanks"],
    )
    .success();
    assert_eq!(thanks(&d), first, "a second thank-you the same day");
    d.run_at(
        "2026-11-06T09:00:00",
        &["remind", "--send", "--kind", "thanks"],
    )
    .success();
    let later = thanks(&d);
    assert_eq!(later.len(), 2 * first.len(), "{later:?}");
    assert!(d.log().iter().any(|l| l.contains("\tthanks:2026-11-04:")));
}

#[test]
fn status_on_the_bundled_file_and_with_a_task_due_far_ahead() {
    // Both days panicked: `upcoming` searched an endless sequence of nudge dates.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = Ug::with_group(&std::fs::read_to_string(root.join("group.toml")).unwrap());
    for day in ["2026-11-01", "2026-11-10"] {
        d.run_at(day, &["status"]).success();
        d.run_at(day, &["--json", "status"]).success();
    }
    d.run_at(
        "2026-11-10",
        &[
            "tasks",
            "add",
            "Book the room",
            "--owner",
            "maya",
            "--due",
            "+40d",
        ],
    )
    .success();
    let r = d.run_at("2026-11-10", &["--json", "status"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["reminders"]["upcoming"].is_array(), "{v}");
}
