//! The inbox log's tests: handled once, waiting until closed, a torn line
//! dropped, the replies owed, the cache.

use super::super::Class;
use super::*;

fn msg(id: &str, unique: &str, class: Class) -> Incoming {
    Incoming {
        id: id.into(),
        digest: String::new(),
        file: format!("cur/{unique}:2,S"),
        unique: unique.into(),
        from: "ann@example.com".into(),
        name: "Ann".into(),
        subject: "Parking?".into(),
        arrived: 1_764_152_100,
        class,
        proposal: None,
        no_reply: false,
    }
}

#[test]
fn paths_beside_the_group_file() {
    assert_eq!(
        path_for(Path::new("/x/group.toml")),
        Path::new("/x/group.inbox.log")
    );
    assert_eq!(
        cache_path_for(Path::new("c.toml")),
        Path::new("c.inbox.cache")
    );
}

#[test]
fn handled_once_waiting_until_closed_and_a_torn_line_dropped() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("g.inbox.log");
    {
        let mut log = InboxLog::open(&path).unwrap();
        log.record(&msg("a@x", "1.a", Class::Person), "").unwrap();
        log.record(&msg("b@x", "2.b", Class::Person), "").unwrap();
        let bounce = Class::Bounce {
            hard: true,
            recipient: Some("Bo@x".into()),
            status: Some("5.1.1".into()),
        };
        log.record(&msg("c@x", "3.c", bounce), "").unwrap();
        log.close("a@x", "closed").unwrap();
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"2026-01-01T00:00:00Z\td@x\tperson\t4.d")
        .unwrap();
    drop(f);
    let log = InboxLog::open(&path).unwrap();
    let s = &log.state;
    assert!(s.handled.contains("a@x") && s.handled.contains("c@x"));
    assert!(!s.handled.contains("d@x") && !s.files.contains("4.d"));
    assert!(s.files.contains("2.b"));
    let waiting: Vec<_> = s.waiting().iter().map(|w| w.id.clone()).collect();
    assert_eq!(waiting, ["b@x"]);
    assert_eq!(s.hard_bounces.get("bo@x").map(Vec::len), Some(1));
    assert!(InboxLog::open(&path).is_err(), "locked");
    drop(log);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn a_reply_owed_is_the_last_field_and_old_lines_read_as_before() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("g.inbox.log");
    {
        let mut log = InboxLog::open(&path).unwrap();
        log.record_reply(
            &msg("a@x", "1.a", Class::Join { proven: true }),
            "added",
            Some("welcome"),
        )
        .unwrap();
        let done = Class::TaskDone { task: "12".into() };
        log.record(&msg("b@x", "2.b", done), "done").unwrap();
        let auto = msg("c@x", "3.c", Class::AutoReply);
        log.record_reply(&auto, "not answered", Some("welcome"))
            .unwrap();
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"2020-01-01T00:00:00.000Z\told@x\tunsubscribe\t4.d\tbo@x\tunsubscribed\treply=unsubscribed\n")
        .unwrap();
    drop(f);
    let all = owed(&path, 0).unwrap();
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|o| (o.id.as_str(), o.reply.as_str()))
        .collect();
    assert_eq!(got, [("a@x", "welcome"), ("old@x", "unsubscribed")]);
    assert_eq!(all[0].from, "ann@example.com");
    let recent = owed(&path, 1_700_000_000).unwrap();
    assert_eq!(recent.len(), 1, "{recent:?}");
    let log = InboxLog::open(&path).unwrap();
    assert!(log.state.handled.contains("b@x") && log.state.handled.contains("old@x"));
}

#[test]
fn a_reply_owed_if_not_told_before_goes_once() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("g.inbox.log");
    {
        let mut log = InboxLog::open(&path).unwrap();
        let un = |id, unique| msg(id, unique, Class::Unsubscribe { proven: true });
        // A crash replay: the flag was set, the line lost: still told.
        log.record_reply(&un("a@x", "1.a"), "already", Some("unsubscribed?"))
            .unwrap();
        // A second request: told already.
        log.record_reply(&un("b@x", "2.b"), "already", Some("unsubscribed?"))
            .unwrap();
        let done = msg("c@x", "3.c", Class::TaskDone { task: "4".into() });
        log.record_reply(&done, "done", Some("thanks:4")).unwrap();
        let again = msg("d@x", "4.d", Class::TaskDone { task: "4".into() });
        log.record_reply(&again, "already done", Some("thanks?:4"))
            .unwrap();
    }
    let got: Vec<(String, String)> = owed(&path, 0)
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.reply))
        .collect();
    let want = [("a@x", "unsubscribed"), ("c@x", "thanks:4")];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_cache_holds_for_one_context() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("g.inbox.cache");
    let m = msg("a@x", "1.a", Class::Join { proven: true });
    let rsvp = Class::Rsvp {
        event: "2026-12-08".into(),
        yes: true,
        guests: 2,
        proven: true,
    };
    let r = msg("b@x", "2.b", rsvp);
    let bounce = Class::Bounce {
        hard: false,
        recipient: None,
        status: Some("4.2.2".into()),
    };
    let b = msg("c@x", "3.c", bounce);
    write_cache(&path, 7, [&m, &r, &b].into_iter()).unwrap();
    let cache = read_cache(&path, 7);
    assert_eq!(cache.get("1.a"), Some(&m));
    assert_eq!(cache.get("2.b"), Some(&r));
    assert_eq!(cache.get("3.c"), Some(&b));
    assert!(read_cache(&path, 8).is_empty());
}

#[test]
fn an_rsvp_that_offers_a_talk_is_one_line_that_also_waits() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("g.inbox.log");
    let rsvp = Class::Rsvp {
        event: "2026-12-08".into(),
        yes: true,
        guests: 0,
        proven: true,
    };
    let m = Incoming {
        proposal: Some(crate::inbox::proposal::Proposal {
            kind: "talk".into(),
            title: "Django 6.0".into(),
        }),
        ..msg("y@x", "5.y", rsvp)
    };
    {
        let mut log = InboxLog::open(&path).unwrap();
        log.record(&m, "yes, seat taken; proposal: talk 5").unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("\trsvp\t5.y\tann@example.com\tyes, seat taken; proposal: talk 5\tarrived=1764152100\twaits=Parking?\tname=Ann\n"), "{text}");
    let log = InboxLog::open(&path).unwrap();
    let w = log.state.waiting();
    assert_eq!(
        (w.len(), w[0].subject.as_str(), w[0].arrived),
        (1, "Parking?", 1_764_152_100)
    );
    assert!(
        log.state.owed.is_empty(),
        "nothing owed: {:?}",
        log.state.owed
    );
}
