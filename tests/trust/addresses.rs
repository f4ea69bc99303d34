//! SPEC §11, "One bad address never stops the mail": an address mail can
//! carry but ug cannot build a message for (an address literal
//! `u@[127.0.0.1]`, a quoted `"../../x"@evil.example`, a `-oQ/x` that a
//! sendmail command would read as an option), sent by a stranger or left in
//! the file by an older ug. It is never recorded; one already in the file
//! is skipped and named when sending, and everyone else gets theirs; no
//! address reaches a path or a command line. The property test below holds
//! the one check to what the sender can build.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::support::{MEMBERS, Server, Ug, parse_mail};

const ANNOUNCE_DAY: &str = "2026-11-24T09:00:00";
const REMIND_DAY: &str = "2026-12-07T09:00:00";

/// What an older ug may have written, and why ug now refuses each.
const HOSTILE: [(&str, &str); 3] = [
    ("u@[127.0.0.1]", "address literal"),
    ("\"../../x\"@evil.example", "quoted part"),
    ("-oQ/tmp/x@evil.example", "starts with `-`"),
];

/// The remind fixture (five members to mail) with the hostile members
/// appended, sending through `transport` (`file`, `sendmail`, or `smtp` on
/// `port`).
fn group_with_hostile_members(port: u16, transport: &str) -> Ug {
    Ug::remind_fixture(port, |t| {
        let mut t = t
            .replace("transport = \"smtp\"", &format!("transport = \"{transport}\""))
            .replace(
                "[email.smtp]",
                "[email.file]\ndir = \"outbox\"\n\n[email.sendmail]\ncommand = \"./fake-sendmail\"\n\n[email.smtp]",
            );
        for (i, (a, _)) in HOSTILE.iter().enumerate() {
            let quoted = toml_string(a);
            t.push_str(&format!(
                "\n[[members]]\nname = \"Hostile {i}\"\nemail = {quoted}\n"
            ));
        }
        t
    })
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out
}

/// The run named each hostile recipient on stderr with its reason.
#[track_caller]
fn assert_skipped_with_reason(stderr: &str) {
    for (a, why) in HOSTILE {
        let shown = format!("{a:?}");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("skipped: ") && l.contains(&shown) && l.contains(why)),
            "no skipped line for {a} ({why}) in\n{stderr}"
        );
    }
}

#[test]
fn a_group_file_with_unmailable_members_still_announces_to_everyone_else_by_file() {
    let g = group_with_hostile_members(1, "file");
    // `ug check`: a warning at each line, the file usable.
    let check = g.run_with(["check"]);
    check.success().stdout_has("3 warnings");
    for (a, why) in HOSTILE {
        let line = (g.text().lines())
            .position(|l| l.contains(&toml_string(a)))
            .unwrap()
            + 1;
        check.stderr_has(&format!(
            "warning: group.toml:{line}:9: invalid email address"
        ));
        check.stderr_has(why);
    }

    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1)
        .stdout_has("Sent 5 messages (5 announce); 3 skipped")
        .stdout_has("Event 2026-12-08 is now announced.");
    assert_skipped_with_reason(&run.stderr);
    let outbox: Vec<_> = fs::read_dir(g.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let got: BTreeSet<String> = parse_mail(&outbox)
        .iter()
        .map(|m| m.to[0].clone())
        .collect();
    assert_eq!(got, MEMBERS.iter().map(|s| s.to_string()).collect());
    // Nothing was written anywhere but the outbox and ug's own files.
    let files = files_under(g.dir());
    let stray: Vec<_> = (files.iter())
        .filter(|f| !f.starts_with("outbox/") && !f.starts_with("group."))
        .filter(|f| *f != "fake-sendmail")
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert!(!g.dir().parent().unwrap().join("x").exists());

    // Reported once: the next run has nothing left, and says so calmly.
    g.run_at(ANNOUNCE_DAY, &["remind", "--send"])
        .success()
        .stdout_has("Nothing to send");
}

#[test]
fn the_smtp_server_gets_everyone_else_and_json_names_the_skipped() {
    let server = Server::plain();
    let g = group_with_hostile_members(server.port, "smtp");
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send", "--json"]);
    run.code(1);
    assert_skipped_with_reason(&run.stderr);
    let rcpts: BTreeSet<String> = server.mail().iter().map(|m| m.rcpt().to_string()).collect();
    assert_eq!(rcpts, MEMBERS.iter().map(|s| s.to_string()).collect());
    let v = run.json();
    assert_eq!(v["sent"].as_array().unwrap().len(), 5);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), HOSTILE.len(), "{v:#}");
    for (a, why) in HOSTILE {
        let s = skipped
            .iter()
            .find(|s| s["to"] == a)
            .unwrap_or_else(|| panic!("{a}: {v:#}"));
        assert_eq!(s["kind"], "announce");
        assert!(s["error"].as_str().unwrap().contains(why), "{s}");
    }

    // The reminder day: the same, for the reminders.
    let run = g.run_at(REMIND_DAY, &["remind", "--send", "--json"]);
    run.code(1);
    assert_eq!(
        run.json()["skipped"].as_array().unwrap().len(),
        HOSTILE.len()
    );
    let reminded: BTreeSet<String> = (server.mail().iter())
        .filter(|m| m.message_id.starts_with("remind."))
        .map(|m| m.rcpt().to_string())
        .collect();
    assert_eq!(reminded, MEMBERS.iter().map(|s| s.to_string()).collect());
}

#[test]
fn sendmail_never_gets_an_unmailable_address_as_an_argument() {
    let g = group_with_hostile_members(1, "sendmail");
    let script = "#!/bin/sh\necho \"$@\" >> args.log\ncat > /dev/null\n";
    fs::write(g.path("fake-sendmail"), script).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    fs::set_permissions(g.path("fake-sendmail"), mode).unwrap();
    let run = g.run_at(ANNOUNCE_DAY, &["remind", "--send"]);
    run.code(1)
        .stdout_has("Sent 5 messages (5 announce); 3 skipped");
    assert_skipped_with_reason(&run.stderr);
    let args = g.read("args.log");
    let to: BTreeSet<&str> = args
        .lines()
        .map(|l| l.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(to, MEMBERS.into_iter().collect(), "{args}");
    assert!(!args.contains("-oQ"), "{args}");
}

#[test]
fn ug_daily_sends_everyone_else_and_reports_the_skipped() {
    let g = group_with_hostile_members(1, "file");
    let run = g.run_at(ANNOUNCE_DAY, &["daily"]);
    run.code(1);
    assert_skipped_with_reason(&run.stderr);
    assert_eq!(
        fs::read_dir(g.path("outbox")).unwrap().count(),
        MEMBERS.len()
    );
    assert!(g.text().contains("status = \"announced\""));
}

/// The inbox fixtures' group, acting at Nov 27, with an empty Maildir.
fn inbox() -> Ug {
    let text = crate::support::repo_file("tests/fixtures/inbox/group.toml")
        .replace("status = \"announced\"", "status = \"confirmed\"");
    let ug = Ug::with_group(&text).at("2026-11-27T10:00:00");
    for d in [
        "mail/INBOX/new",
        "mail/INBOX/cur",
        "mail/INBOX/tmp",
        "mail/Sent/cur",
    ] {
        fs::create_dir_all(ug.path(d)).unwrap();
    }
    ug
}

/// A fresh mail from `from` (as a `From:` header writes it) saying `subject`.
fn deliver(ug: &Ug, i: usize, from: &str, subject: &str) {
    let mail = format!(
        "From: {from}\r\nTo: rsvp@example.org\r\nSubject: {subject}\r\n\
         Message-ID: <hostile{i}@mail.example.com>\r\n\
         Date: Thu, 26 Nov 2026 07:45:00 +0100\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nplease\r\n"
    );
    let name = format!("{}.M{i}P4242.mx", 1_795_507_200 + i * 600);
    fs::write(ug.path(&format!("mail/INBOX/new/{name}")), mail).unwrap();
}

#[test]
fn a_join_or_rsvp_by_mail_from_an_unmailable_address_is_never_recorded() {
    let ug = inbox();
    let before = ug.text();
    let froms = [
        "Literal <u@[127.0.0.1]>",
        "u@[127.0.0.1]",
        "\"../../x\"@evil.example",
        "Quoted <\"../../x\"@evil.example>",
        "Dash <-oQ/tmp/x@evil.example>",
    ];
    let mut i = 0;
    for from in froms {
        for subject in ["join", "RSVP yes 2026-12-08"] {
            deliver(&ug, i, from, subject);
            i += 1;
        }
    }
    let out = ug.run_with(["inbox"]);
    out.success();
    for (what, why) in [
        ("not added", "address literal"),
        ("not recorded", "address literal"),
    ] {
        out.stdout_has(&format!(
            "u@[127.0.0.1]: {what}: invalid email address \"u@[127.0.0.1]\": an {why}"
        ));
    }
    for what in ["not added", "not recorded"] {
        out.stdout_has(&format!(
            "\"../../x\"@evil.example: {what}: invalid email address"
        ));
    }
    let after = ug.text();
    for bad in ["127.0.0.1", "../", "-oQ"] {
        assert!(!after.contains(bad), "{bad} was recorded:\n{after}");
    }
    assert_eq!(after, before, "nothing recorded");
    // Nothing owed to them stops the next send.
    let send = ug.run_with(["remind", "--send"]);
    send.success();
    assert!(!send.stderr.contains("127.0.0.1"), "{}", send.stderr);
}

#[test]
fn commands_refuse_to_record_an_unmailable_address() {
    let ug = inbox();
    let before = ug.text();
    for (a, why) in HOSTILE {
        ug.run_with(["members", "add", "--", a])
            .code(2)
            .stderr_has(why);
        ug.run_with(["rsvp", "2026-12-08", "--", a])
            .code(2)
            .stderr_has(why);
    }
    let csv: String = std::iter::once("email,name\n".to_string())
        .chain(
            HOSTILE
                .iter()
                .map(|(a, _)| format!("{},X\n", toml_string(a).replace("\\\"", "\"\""))),
        )
        .chain(["new@example.net,New\n".to_string()])
        .collect();
    let ug = ug.file("members.csv", csv);
    let run = ug.run_with(["members", "import", "members.csv"]);
    run.success().stdout_has("Added 1");
    for (_, why) in HOSTILE {
        run.stderr_has(why);
    }
    let after = ug.text();
    assert!(after.contains("new@example.net"), "{after}");
    assert_eq!(
        after.lines().count(),
        before.lines().count() + 5,
        "one entry added"
    );
    for bad in ["127.0.0.1", "../", "-oQ"] {
        assert!(!after.contains(bad), "{bad} was recorded:\n{after}");
    }
}
