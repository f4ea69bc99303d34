//! The decisions of `add`, `remove` and an import on a small list.

use chrono::NaiveDate;

use super::*;
use crate::model::from_table;

fn group(members: &str) -> Group {
    let text = format!("[group]\nname = \"G\"\ntimezone = \"UTC\"\n{members}");
    let doc: toml_edit::DocumentMut = text.parse().expect("toml");
    from_table(doc.as_table()).0
}

const LIST: &str = r#"
[[members]]
name = "Ann"
email = "Ann@Example.com"
joined = 2025-03-01

[[members]]
email = "gone@example.com"
unsubscribed = true

[[members]]
email = "bounced@example.com"
bounced = true
"#;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

#[test]
fn add_decides_by_address_in_any_case() {
    let g = group(LIST);
    assert!(matches!(
        add(&g, " ann@EXAMPLE.com ", None, today(), false),
        Ok(Added::AlreadyOn { .. })
    ));
    let Ok(Added::Added(m)) = add(&g, "new@example.com", Some("New One"), today(), false) else {
        panic!("not added");
    };
    assert_eq!((m.name.as_str(), m.joined), ("New One", today()));
    let err = add(&g, "GONE@example.com", None, today(), false).expect_err("refused");
    assert!(err.to_string().contains("unsubscribed"), "{err}");
    assert!(matches!(
        add(&g, "bounced@example.com", None, today(), true),
        Ok(Added::Resubscribed {
            was: Status::Bounced,
            ..
        })
    ));
    assert_eq!(
        add(&g, "not an address", None, today(), false)
            .expect_err("bad")
            .exit_code(),
        2
    );
}

#[test]
fn remove_names_the_nearest_addresses() {
    let g = group(LIST);
    assert!(remove(&g, "ANN@example.com").expect("found").changed);
    assert!(!remove(&g, "gone@example.com").expect("found").changed);
    let err = remove(&g, "an@example.com").expect_err("unknown");
    assert!(err.to_string().contains("ann@example.com"), "{err}");
}

#[test]
fn import_dedups_and_never_readds() {
    let g = group(LIST);
    let csv = "Email,Name\nann@example.com,Ann\nGONE@example.com,Gone\nx@example.com,X\nX@example.com,X again\nbad@,Bad\n";
    let table = read_csv(csv.as_bytes(), "m.csv").expect("read");
    let plan = plan_import(&g, table, today());
    assert_eq!(plan.added.len(), 1);
    assert_eq!(plan.already, 3);
    assert_eq!(plan.not_readded, ["GONE@example.com"]);
    assert_eq!(plan.skipped.len(), 1);
    assert_eq!(plan.skipped[0].line, 6);
}

#[test]
fn counts_and_growth() {
    let g = group(LIST);
    let v = ListView::new(&g, today());
    assert_eq!(
        (v.total, v.subscribed, v.unsubscribed, v.bounced),
        (3, 1, 1, 1)
    );
    assert_eq!(v.no_joined_date, 2);
    assert_eq!(v.months.first().map(|m| m.month.as_str()), Some("2025-03"));
    assert_eq!(
        v.months.last().map(|m| (m.month.as_str(), m.total)),
        Some(("2026-11", 1))
    );
}

#[test]
fn writes_touch_only_their_entry() {
    let mut doc: toml_edit::DocumentMut = LIST.parse().expect("toml");
    write::unsubscribe(&mut doc, "ANN@example.COM").expect("found");
    write::bounce(&mut doc, "ann@example.com").expect("found");
    write::resubscribe(&mut doc, "gone@example.com").expect("found");
    let new = NewMember {
        name: "Bo".into(),
        email: "bo@example.com".into(),
        joined: today(),
        status: Status::Unsubscribed,
    };
    write::append(&mut doc, &[new]).expect("appended");
    assert!(write::unsubscribe(&mut doc, "nobody@example.com").is_err());
    let want = LIST
        .replace(
            "joined = 2025-03-01\n",
            "joined = 2025-03-01\nunsubscribed = true\nbounced = true\n",
        )
        .replace(
            "email = \"gone@example.com\"\nunsubscribed = true\n",
            "email = \"gone@example.com\"\n",
        )
        + "\n[[members]]\nname = \"Bo\"\nemail = \"bo@example.com\"\njoined = 2026-11-20\nunsubscribed = true\n";
    assert_eq!(doc.to_string(), want);
}

#[test]
fn names_are_one_clean_line() {
    assert_eq!(clean_name("  Ann \n  Lee\t"), "Ann Lee");
    assert_eq!(clean_name("A\u{0}B \u{1b}[31mRed \u{7}"), "AB [31mRed");
    assert_eq!(clean_name("李 小龙"), "李 小龙");
}
