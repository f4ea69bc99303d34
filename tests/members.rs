//! `ug members`: the list's counts and growth on the bundled file, `add` and
//! `remove` as line diffs, `import` of real-shaped exports (Luma, Meetup,
//! plain; BOM, CRLF, quoted commas, non-ASCII names), its bad rows and the
//! files it refuses whole, 10,000 rows in one edit, and `export` read back.
//! Runs the real binary through the shared harness (`tests/support/`).

#[path = "support/mod.rs"]
mod support;

use support::{Line, Ug, insert_lines, line_diff, repo_file};

/// The day every run here is pinned to.
const TODAY: &str = "2026-11-20";

fn sample() -> Ug {
    Ug::sample().at(TODAY).env("NO_COLOR", "1")
}

/// The sample with a fixture CSV beside it.
fn with_csv(name: &str) -> Ug {
    let bytes = std::fs::read(support::repo(&format!("tests/fixtures/members/{name}")))
        .expect("read the fixture");
    sample().file(name, bytes)
}

/// The `[[members]]` of the file, parsed with the `toml` crate.
fn members(ug: &Ug) -> Vec<toml::Table> {
    let doc = support::parse_toml(&ug.text());
    doc["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m.as_table().expect("a table").clone())
        .collect()
}

fn member(ug: &Ug, email: &str) -> toml::Table {
    members(ug)
        .into_iter()
        .find(|m| m["email"].as_str() == Some(email))
        .unwrap_or_else(|| panic!("no member {email}"))
}

/// The last line of the bundled file's last `[[members]]` entry.
fn last_member_line() -> usize {
    support::line_of(&repo_file("group.toml"), 0, "joined = 2026-11-10")
}

#[test]
fn list_counts_and_growth_fit_80_columns() {
    let ug = sample();
    let out = ug.run_with(["members"]);
    out.success()
        .stdout_has("Members: 40 (39 subscribed, 1 unsubscribed, 0 bounced)")
        .stdout_has("Joined in the last 12 months: 5 members");
    let rows: Vec<&str> = out.stdout.lines().collect();
    assert!(
        rows.iter().all(|l| l.chars().count() <= 80),
        "{}",
        out.stdout
    );
    let header = rows
        .iter()
        .position(|l| l.starts_with("Joined  "))
        .expect("the grid");
    assert!(rows[header].contains("Jan") && rows[header].contains("Dec"));
    // A row per year from the first join: 2019 starts in April (2 joined).
    assert_eq!(
        rows[header + 1].split_whitespace().collect::<Vec<_>>(),
        [
            "2019", "2", ".", "1", ".", ".", "1", ".", ".", ".", "4", "4"
        ]
    );
    assert!(rows[header + 8].starts_with("2026"), "{}", out.stdout);
    assert!(
        rows[header + 8].trim_end().ends_with("5     40"),
        "{}",
        out.stdout
    );
}

#[test]
fn list_json_has_the_counts_and_every_month() {
    let j = sample().json(&["members"]);
    assert_eq!(j["total"], 40);
    assert_eq!(j["subscribed"], 39);
    assert_eq!(j["unsubscribed"], 1);
    assert_eq!(j["bounced"], 0);
    let months = j["months"].as_array().expect("months");
    assert_eq!(months[0]["month"], "2019-04");
    assert_eq!(months[0]["joined"], 2);
    let last = months.last().expect("a month");
    assert_eq!(
        (last["month"].as_str(), last["total"].as_i64()),
        (Some("2026-11"), Some(40))
    );
    // Every month from the first to today, zeros included.
    assert_eq!(months.len(), 12 * 7 + 8);
}

#[test]
fn an_empty_list_says_how_to_fill_it() {
    let ug = Ug::with_group("[group]\nname = \"G\"\ntimezone = \"UTC\"\n").at(TODAY);
    ug.run_with(["members"])
        .success()
        .stdout_has("Members: 0 (0 subscribed, 0 unsubscribed, 0 bounced)")
        .stdout_has("ug members import FILE.csv");
}

#[test]
fn add_appends_one_entry_joined_today() {
    let ug = sample();
    let (out, _) = ug.edit(&[
        "members",
        "add",
        "Nadia.Haddad@example.org",
        "--name",
        "Nadia Haddad",
    ]);
    out.stdout_has(
        "Added Nadia Haddad <Nadia.Haddad@example.org> to the member list (joined 2026-11-20)",
    );
    let at = last_member_line() + 1;
    assert_eq!(
        ug.text(),
        insert_lines(
            &repo_file("group.toml"),
            at,
            &[
                "",
                "[[members]]",
                "name = \"Nadia Haddad\"",
                "email = \"Nadia.Haddad@example.org\"",
                "joined = 2026-11-20",
            ]
        )
    );
}

#[test]
fn add_an_address_already_on_the_list_in_any_case_changes_nothing() {
    let ug = sample();
    let before = ug.text();
    ug.run_with(["members", "add", " ANN.BECKER@example.com "])
        .success()
        .stdout_has(
            "ann.becker@example.com is already on the list since 2019-04-02: nothing changed",
        );
    assert_eq!(ug.text(), before);
    let j = ug.json(&["members", "add", "ann.becker@example.com"]);
    assert_eq!(j["result"], "already_on");
}

#[test]
fn add_never_resubscribes_without_being_told() {
    let ug = sample();
    ug.fails(&["members", "add", "Liam.OConnor@example.com"], 1)
        .stderr_has("unsubscribed")
        .stderr_has("--resubscribe");
    let (out, changes) = ug.edit(&[
        "members",
        "add",
        "liam.oconnor@example.com",
        "--resubscribe",
    ]);
    out.stdout_has("is back on the list (was unsubscribed)");
    let line = support::line_of(
        &repo_file("group.toml"),
        0,
        "email = \"liam.oconnor@example.com\"",
    ) + 2;
    assert_eq!(
        changes,
        [Line(
            '-',
            line,
            "unsubscribed = true                     # asked to be removed in March 2026".into()
        )]
    );
}

#[test]
fn add_a_bad_address_is_a_usage_error() {
    let ug = sample();
    ug.fails(&["members", "add", "ann@"], 2)
        .stderr_has("invalid email address \"ann@\"");
}

#[test]
fn remove_unsubscribes_and_keeps_the_entry() {
    let ug = sample();
    let (out, changes) = ug.edit(&["members", "remove", "Marcus.Lee@EXAMPLE.net"]);
    out.stdout_has("Unsubscribed marcus.lee@example.net");
    let line = support::line_of(&repo_file("group.toml"), 0, "joined = 2019-04-02") + 6;
    assert_eq!(changes, [Line('+', line, "unsubscribed = true".into())]);
    // Again: nothing to do.
    let before = ug.text();
    ug.run_with(["members", "remove", "marcus.lee@example.net"])
        .success()
        .stdout_has("was already unsubscribed: nothing changed");
    assert_eq!(ug.text(), before);
    // And an import never brings them back.
    let ug = ug.file(
        "back.csv",
        "name,email\nMarcus Lee,MARCUS.LEE@example.net\n",
    );
    ug.run_with(["members", "import", "back.csv"])
        .success()
        .stdout_has("Added 0, already on the list 1, skipped 0")
        .stdout_has("1 of those on the list unsubscribed or bounced: not added again");
    assert_eq!(ug.text(), before);
    assert_eq!(
        member(&ug, "marcus.lee@example.net")["unsubscribed"].as_bool(),
        Some(true)
    );
}

#[test]
fn remove_an_unknown_address_names_the_nearest() {
    let ug = sample();
    ug.fails(&["members", "remove", "ann.beker@example.com"], 1)
        .stderr_has("ann.beker@example.com is not on the member list; the nearest addresses are ann.becker@example.com");
}

#[test]
fn import_luma_guest_export_with_crlf_and_quoted_commas() {
    let ug = with_csv("luma.csv");
    let (out, changes) = ug.edit(&["members", "import", "luma.csv"]);
    out.stdout_has("luma.csv: 6 rows")
        .stdout_has("email = \"email\"")
        .stdout_has("joined = \"created_at\"")
        .stdout_has("Added 4, already on the list 2, skipped 0");
    assert!(changes.iter().all(|l| l.0 == '+'), "{changes:?}");
    let m = member(&ug, "priya.raman@example.com");
    assert_eq!(m["name"].as_str(), Some("Priya Raman"));
    assert_eq!(m["joined"].to_string(), "2026-03-04");
    // A quoted comma in the name; the date of "2026-03-05 09:01:44+00:00".
    let m = member(&ug, "mai.nguyen@example.org");
    assert_eq!(m["name"].as_str(), Some("Nguyễn, Thị Mai"));
    assert_eq!(m["joined"].to_string(), "2026-03-05");
    // No `name`: first_name + last_name; the address as written.
    assert_eq!(
        member(&ug, "Jose.Alvarez@Example.net")["name"].as_str(),
        Some("José Álvarez")
    );
    // Ann Becker is on the list already; Priya's second RSVP is the same address.
    assert_eq!(members(&ug).len(), 44);
    // Importing again adds nothing and writes nothing.
    let before = ug.text();
    ug.run_with(["members", "import", "luma.csv"])
        .success()
        .stdout_has("Added 0, already on the list 6, skipped 0");
    assert_eq!(ug.text(), before);
}

#[test]
fn import_meetup_members_with_a_bom_and_us_dates() {
    let ug = with_csv("meetup.csv");
    let (out, _) = ug.edit(&["members", "import", "meetup.csv"]);
    out.stdout_has("joined = \"Joined Group on\"")
        .stdout_has("Added 3, already on the list 1, skipped 0");
    let m = member(&ug, "soren.k@example.dk");
    assert_eq!(m["name"].as_str(), Some("Søren Kierkegaard"));
    assert_eq!(m["joined"].to_string(), "2021-06-14");
    assert_eq!(
        member(&ug, "xiaolong.li@example.cn")["name"].as_str(),
        Some("李小龙")
    );
    assert_eq!(
        member(&ug, "zoe.washington@example.com")["joined"].to_string(),
        "2019-01-09"
    );
}

#[test]
fn import_plain_name_email_joins_today() {
    let ug = with_csv("plain.csv");
    let (out, _) = ug.edit(&["members", "import", "plain.csv"]);
    out.stdout_has("Added 2, already on the list 0, skipped 0");
    let at = last_member_line() + 1;
    assert_eq!(
        ug.text(),
        insert_lines(
            &repo_file("group.toml"),
            at,
            &[
                "",
                "[[members]]",
                "name = \"Kai Müller\"",
                "email = \"kai.mueller@example.de\"",
                "joined = 2026-11-20",
                "",
                "[[members]]",
                "name = \"O'Brien, Siobhán\"",
                "email = \"siobhan@example.ie\"",
                "joined = 2026-11-20",
            ]
        )
    );
}

#[test]
fn import_reports_each_bad_row_with_its_line_and_skips_it() {
    let ug = with_csv("bad-rows.csv");
    let (out, _) = ug.edit(&["members", "import", "bad-rows.csv"]);
    out.stdout_has("Added 3, already on the list 0, skipped 4")
        .stderr_has("bad-rows.csv:3: no email address: row skipped")
        .stderr_has("bad-rows.csv:4: invalid email address \"bob@\"")
        .stderr_has("bad-rows.csv:5: the row has 1 field and none under `E-mail`")
        .stderr_has("bad-rows.csv:6: the joined date \"someday\" is not a date");
    assert_eq!(
        member(&ug, "spaced@example.org")["name"].as_str(),
        Some("Spaced Out")
    );
    assert_eq!(
        member(&ug, "charles@example.org")["joined"].to_string(),
        "2026-11-20"
    );
    let ug = with_csv("bad-rows.csv");
    let j = ug.json(&["members", "import", "bad-rows.csv", "--dry-run"]);
    assert_eq!(
        (j["added"].as_i64(), j["skipped"].as_i64()),
        (Some(3), Some(4))
    );
    let lines: Vec<i64> = j["skipped_rows"]
        .as_array()
        .expect("skipped_rows")
        .iter()
        .filter_map(|p| p["line"].as_i64())
        .collect();
    assert_eq!(lines, [3, 4, 5, 6]);
}

#[test]
fn import_dry_run_writes_nothing() {
    let ug = with_csv("luma.csv");
    let before = ug.text();
    ug.run_with(["members", "import", "luma.csv", "--dry-run"])
        .success()
        .stdout_has("Would add 4, already on the list 2, skipped 0")
        .stdout_has("--dry-run: nothing was written");
    assert_eq!(ug.text(), before);
}

#[test]
fn import_json_summary() {
    let ug = with_csv("luma.csv");
    let j = ug.json(&["members", "import", "luma.csv"]);
    assert_eq!(j["added"], 4);
    assert_eq!(j["already_on_list"], 2);
    assert_eq!(j["skipped"], 0);
    assert_eq!(j["dry_run"], false);
    assert_eq!(j["members_added"][0]["email"], "priya.raman@example.com");
    assert_eq!(j["members_added"][0]["joined"], "2026-03-04");
}

/// A CSV that cannot be read whole: exit 1, a message with the line, a fix, nothing written.
fn refused(ug: &Ug, file: &str, message: &str, fix: &str) {
    ug.fails(&["members", "import", file], 1)
        .stderr_has(message)
        .stderr_has(fix)
        .stderr_has("nothing was imported");
}

#[test]
fn import_refuses_a_file_that_is_not_utf8() {
    refused(
        &with_csv("latin1.csv"),
        "latin1.csv",
        "latin1.csv:3:4: not UTF-8 text",
        "save it as UTF-8",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "email\r\na@example.com\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    refused(
        &sample().file("u16.csv", utf16),
        "u16.csv",
        "u16.csv:1: the file is UTF-16 text",
        "CSV UTF-8",
    );
}

#[test]
fn import_refuses_a_file_without_an_email_column() {
    refused(
        &with_csv("no-email.csv"),
        "no-email.csv",
        "no-email.csv:1: no email column: the headers are `api_id`, `name`, `phone_number`, `created_at`; ug looks for one named email, e-mail, email address, user_email",
        "rename the column that holds the addresses to `email`",
    );
}

#[test]
fn import_refuses_a_broken_quote() {
    refused(
        &with_csv("broken-quote.csv"),
        "broken-quote.csv",
        "broken-quote.csv:3: a quoted field opens here and is never closed",
        "close the quote",
    );
    // Closed later, swallowing rows: the row it starts on.
    let ug = sample().file(
        "swallow.csv",
        "name,email,joined\nAnn,ann.lee@example.com,2026-01-01\n\"Bo,bo@example.com,2026-01-02\nCy,cy@example.com,\"2026-01-03\"\nDi,di@example.com,2026-01-04\n",
    );
    refused(
        &ug,
        "swallow.csv",
        "swallow.csv:3: a quoted field here runs over several lines",
        "close the quote",
    );
}

#[test]
fn import_of_an_empty_or_missing_file() {
    refused(
        &sample().file("empty.csv", ""),
        "empty.csv",
        "empty.csv is empty",
        "header row",
    );
    sample()
        .fails(&["members", "import", "nope.csv"], 1)
        .stderr_has("nope.csv");
}

#[test]
fn import_ten_thousand_rows_in_one_edit() {
    let mut csv = String::from("Email Address,First Name,Last Name,Created_At\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "member{i}@example.com,Member,Nr {i},2025-{:02}-{:02}T10:00:00Z\n",
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    csv.push_str("MEMBER7@example.com,Member,Again,\n");
    let ug = sample().file("big.csv", csv);
    // How fast is a benchmark's business (bench/), not a test's.
    ug.run_with(["members", "import", "big.csv"])
        .success()
        .stdout_has("Added 10000, already on the list 1, skipped 0");
    let all = members(&ug);
    assert_eq!(all.len(), 10_040);
    assert_eq!(all[40]["name"].as_str(), Some("Member Nr 0"));
    ug.run_with(["members"])
        .success()
        .stdout_has("Members: 10040 (10039 subscribed");
    // Only lines added, in one block after the last member.
    let changes = line_diff(&repo_file("group.toml"), &ug.text());
    assert_eq!(changes.len(), 10_000 * 5);
    assert!(changes.iter().all(|l| l.0 == '+'), "{:?}", &changes[..5]);
    let first = changes[0].1;
    assert!(
        (last_member_line() + 1..=last_member_line() + 2).contains(&first),
        "{first}"
    );
}

#[test]
fn export_is_csv_that_imports_back() {
    let ug = sample();
    ug.edit(&[
        "members",
        "add",
        "o'hara@example.com",
        "--name",
        "Scarlett \"Katie\" O'Hara, Jr.",
    ]);
    let out = ug.run_with(["members", "export"]);
    out.success();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("a header")
            .iter()
            .collect::<Vec<_>>(),
        ["name", "email", "joined", "status"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 41);
    assert_eq!(
        &rows[0].iter().collect::<Vec<_>>(),
        &[
            "Ann Becker",
            "ann.becker@example.com",
            "2019-04-02",
            "subscribed"
        ]
    );
    assert!(
        rows.iter()
            .any(|r| &r[1] == "liam.oconnor@example.com" && &r[3] == "unsubscribed")
    );
    assert_eq!(&rows[40][0], "Scarlett \"Katie\" O'Hara, Jr.");
    // Read back into an empty group: the same list, the unsubscribed kept so.
    let fresh = Ug::with_group("[group]\nname = \"G\"\ntimezone = \"UTC\"\n")
        .at(TODAY)
        .file("export.csv", &out.stdout);
    fresh
        .edit(&["members", "import", "export.csv"])
        .0
        .stdout_has("Added 41");
    assert_eq!(fresh.run_with(["members", "export"]).stdout, out.stdout);
    let j = fresh.json(&["members", "export"]);
    assert_eq!(j[0]["status"], "subscribed");
    assert_eq!(j.as_array().map(Vec::len), Some(41));
}

#[test]
fn help_documents_every_subcommand() {
    let out = sample().run_with(["members", "--help"]);
    out.success();
    for s in ["add", "remove", "import", "export"] {
        assert!(out.stdout.contains(s), "{}", out.stdout);
    }
    sample()
        .run_with(["members", "import", "--help"])
        .success()
        .stdout_has("--dry-run")
        .stdout_has("user_email");
}

#[test]
fn import_semicolon_and_tab_separated_sheets() {
    let ug = sample()
        .file(
            "semi.csv",
            "Name;E-Mail;Joined\r\n\"Müller; Anna\";anna@example.de;04.03.2026\r\n",
        )
        .file(
            "tabs.tsv",
            "user_name\tuser_email\nBo Tab\tbo.tab@example.com\n",
        );
    ug.edit(&["members", "import", "semi.csv"])
        .0
        .stdout_has("Added 1, already on the list 0, skipped 0");
    let m = member(&ug, "anna@example.de");
    assert_eq!(m["name"].as_str(), Some("Müller; Anna"));
    assert_eq!(m["joined"].to_string(), "2026-03-04");
    ug.edit(&["members", "import", "tabs.tsv"])
        .0
        .stdout_has("Added 1");
    assert_eq!(
        member(&ug, "bo.tab@example.com")["name"].as_str(),
        Some("Bo Tab")
    );
}

#[test]
fn import_on_a_terminal_shows_the_new_members_and_asks() {
    let ug = with_csv("plain.csv");
    let before = ug.text();
    let Some(mut term) = ug.terminal(&["members", "import", "plain.csv"]) else {
        eprintln!("SKIPPED: util-linux `script` is not installed");
        return;
    };
    assert!(term.wait_for("Add 2 members to the list?"), "{}", term.seen);
    assert!(
        term.seen
            .contains("+ Kai Müller <kai.mueller@example.de> (joined 2026-11-20)"),
        "{}",
        term.seen
    );
    term.answer("n\n");
    term.finish().code(1);
    assert_eq!(ug.text(), before, "written without a yes");
    // --yes: no question.
    ug.run_in_terminal(&["members", "import", "plain.csv", "--yes"])
        .expect("script")
        .success()
        .stdout_has("Added 2");
}

#[test]
fn import_a_mailchimp_audience() {
    let ug = sample().file(
        "audience.csv",
        "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE\n\
         mc.one@example.com,Mia,Chen,2,\"2024-05-01 10:00:00\",,\"2024-05-02 09:30:12\",203.0.113.9,,\n",
    );
    ug.edit(&["members", "import", "audience.csv"])
        .0
        .stdout_has("joined = \"CONFIRM_TIME\"");
    let m = member(&ug, "mc.one@example.com");
    assert_eq!(m["name"].as_str(), Some("Mia Chen"));
    assert_eq!(m["joined"].to_string(), "2024-05-02");
}
