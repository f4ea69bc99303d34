//! The merge on small texts: each rule of the module doc, one test.

use super::merge;

const BASE: &str = r#"# The group
[group]
name = "Django Lakeside"   # the name
city = "Madison"

[[tasks]]
id = 1
title = "Book the room"
owner = "ann"
status = "open"

[[tasks]]
id = 2
title = "Order pizza"
owner = "bo"
status = "open"
"#;

#[test]
fn a_task_done_on_one_side_and_reassigned_on_the_other_gets_both() {
    let ours = BASE.replacen("status = \"open\"", "status = \"done\"", 1);
    let theirs = BASE.replacen("owner = \"ann\"", "owner = \"cy\"", 1);
    let m = merge(BASE, &ours, &theirs);
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(
        m.text,
        BASE.replacen("status = \"open\"", "status = \"done\"", 1)
            .replacen("owner = \"ann\"", "owner = \"cy\"", 1)
    );
}

#[test]
fn new_tasks_with_the_same_id_are_both_kept_theirs_renumbered() {
    let add = |title: &str| {
        format!(
            "{BASE}\n[[tasks]]\nid = 3\ntitle = \"{title}\"\nowner = \"ann\"\nstatus = \"open\"\n"
        )
    };
    let m = merge(BASE, &add("Name tags"), &add("Slides"));
    assert!(m.is_clean(), "{m:?}");
    assert!(m.text.starts_with(&add("Name tags")), "{}", m.text);
    assert!(
        m.text.ends_with(
            "\n[[tasks]]\nid = 4\ntitle = \"Slides\"\nowner = \"ann\"\nstatus = \"open\"\n"
        ),
        "{}",
        m.text
    );
}

#[test]
fn the_same_key_changed_two_ways_is_a_conflict_around_that_line_only() {
    let ours = BASE.replace("city = \"Madison\"", "city = \"Milwaukee\"");
    let theirs = BASE.replace("city = \"Madison\"", "city = \"Chicago\"  # moved");
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{m:?}");
    assert!(m.conflicts[0].contains("group.city"), "{m:?}");
    let want = BASE.replace(
        "city = \"Madison\"\n",
        "<<<<<<< ours\ncity = \"Milwaukee\"\n=======\ncity = \"Chicago\"  # moved\n>>>>>>> theirs\n",
    );
    assert_eq!(m.text, want);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let ours = BASE.replace("city = \"Madison\"", "city = \"Chicago\"");
    let m = merge(BASE, &ours, &ours.replace("Chicago\"", "Chicago\" "));
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, ours);
}

#[test]
fn a_deleted_entry_stays_deleted_unless_the_other_side_changed_it() {
    let cut = |s: &str| {
        s.replace(
            "\n[[tasks]]\nid = 2\ntitle = \"Order pizza\"\nowner = \"bo\"\nstatus = \"open\"\n",
            "",
        )
    };
    let theirs = BASE.replace("Madison", "Verona");
    let m = merge(BASE, &cut(BASE), &theirs);
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, cut(&theirs));
    let changed = BASE.replace("owner = \"bo\"", "owner = \"cy\"");
    let m = merge(BASE, &cut(BASE), &changed);
    assert_eq!(m.conflicts.len(), 1, "{m:?}");
    assert!(m.text.contains("<<<<<<< ours\n=======\n[[tasks]]\nid = 2\ntitle = \"Order pizza\"\nowner = \"cy\"\nstatus = \"open\"\n>>>>>>> theirs\n"), "{}", m.text);
}

#[test]
fn rsvps_merge_by_address_line_by_line() {
    let ev = |rsvps: &str| format!("[[events]]\nid = \"e\"\nrsvps = [\n{rsvps}]\n");
    let ann = "  { email = \"ann@x.org\", status = \"yes\" },\n";
    let bo = "  { email = \"bo@x.org\", status = \"yes\" },\n";
    let cy = "  { email = \"cy@x.org\", status = \"no\" },\n";
    let base = ev(ann);
    let ours = ev(&format!("{ann}{bo}"));
    let theirs = ev(&format!("{}{cy}", ann.replace("yes", "no")));
    let m = merge(&base, &ours, &theirs);
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, ev(&format!("{}{bo}{cy}", ann.replace("yes", "no"))));
}

#[test]
fn crlf_bom_and_comments_survive() {
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    let ours = BASE.replacen("status = \"open\"", "status = \"done\"", 1);
    let theirs = BASE.replace("owner = \"bo\"", "owner = \"cy\"");
    let m = merge(&crlf(BASE), &crlf(&ours), &theirs);
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(
        m.text,
        crlf(&ours.replace("owner = \"bo\"", "owner = \"cy\""))
    );
}

#[test]
fn text_that_does_not_parse_is_merged_line_by_line() {
    let ours = BASE.replace("city = \"Madison\"", "city = \"Madison");
    let theirs = BASE.replace("owner = \"bo\"", "owner = \"cy\"");
    let m = merge(BASE, &ours, &theirs);
    assert!(
        m.by_lines.as_deref().is_some_and(|w| w.contains("OURS")),
        "{m:?}"
    );
    assert_eq!(m.text, ours.replace("owner = \"bo\"", "owner = \"cy\""));
    let theirs = BASE.replace("city = \"Madison\"", "city = \"Rome\"");
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert!(
        m.text
            .contains("<<<<<<< ours\ncity = \"Madison\n=======\ncity = \"Rome\"\n>>>>>>> theirs\n")
    );
}

#[test]
fn agenda_items_added_on_both_sides_are_both_kept_ours_first() {
    let ev = |items: &str| {
        format!(
            "[[events]]\nid = \"e\"\ntitle = \"Talks\"\n\n[[events.agenda]]\ntitle = \"Doors\"\nminutes = 30\n{items}\n[[tasks]]\nid = 1\ntitle = \"x\"\n"
        )
    };
    let item = |t: &str| format!("[[events.agenda]]\ntitle = \"{t}\"\nminutes = 10\n");
    let m = merge(&ev(""), &ev(&item("Ours")), &ev(&item("Theirs")));
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, ev(&format!("{}{}", item("Ours"), item("Theirs"))));
}

#[test]
fn one_event_planned_on_both_sides_the_same_way_is_one_event() {
    let ev = "\n[[events]]\nid = \"2027-01-12\"\ntitle = \"January\"\nstatus = \"planned\"\n";
    let ours = format!("{BASE}{ev}");
    let m = merge(BASE, &ours, &format!("{BASE}{ev}"));
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, ours);
    let theirs = format!("{BASE}{}", ev.replace("January", "New year"));
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{m:?}");
    assert!(m.text.contains("<<<<<<< ours\ntitle = \"January\"\n=======\ntitle = \"New year\"\n>>>>>>> theirs\nstatus"), "{}", m.text);
}

#[test]
fn an_entry_changed_in_ours_and_deleted_in_theirs_is_a_block_of_ours() {
    let task2 = "\n[[tasks]]\nid = 2\ntitle = \"Order pizza\"\nowner = \"bo\"\nstatus = \"open\"\n";
    let ours = BASE.replace("owner = \"bo\"", "owner = \"cy\"");
    let m = merge(BASE, &ours, &BASE.replace(task2, ""));
    assert_eq!(m.conflicts.len(), 1, "{m:?}");
    assert!(
        m.conflicts[0].contains("changed in ours and deleted in theirs"),
        "{m:?}"
    );
    assert!(m.text.ends_with("<<<<<<< ours\n[[tasks]]\nid = 2\ntitle = \"Order pizza\"\nowner = \"cy\"\nstatus = \"open\"\n=======\n>>>>>>> theirs\n"), "{}", m.text);
}

#[test]
fn a_comment_changed_on_one_side_is_taken() {
    let theirs = BASE.replace("# the name", "# the group's name");
    let ours = BASE.replace("city = \"Madison\"", "city = \"Verona\"");
    let m = merge(BASE, &ours, &theirs);
    assert!(m.is_clean(), "{m:?}");
    assert_eq!(m.text, ours.replace("# the name", "# the group's name"));
}

#[test]
fn conflicts_name_their_lines_in_the_result() {
    let ours = BASE
        .replace("city = \"Madison\"", "city = \"A\"")
        .replace("owner = \"bo\"", "owner = \"x\"");
    let theirs = BASE
        .replace("city = \"Madison\"", "city = \"B\"")
        .replace("owner = \"bo\"", "owner = \"y\"");
    let m = merge(BASE, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 2, "{m:?}");
    for c in &m.conflicts {
        let n: usize = c["line ".len()..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            m.text.lines().nth(n - 1),
            Some("<<<<<<< ours"),
            "{c}\n{}",
            m.text
        );
    }
}
