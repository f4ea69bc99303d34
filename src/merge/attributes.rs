//! The `.gitattributes` lines `ug git-setup` wants: the group file merged by
//! `ug merge`, its logs as unions (a line in either log is kept, so a message
//! sent on either side is never sent again). Pure: text in, text out.

use std::path::Path;

use crate::store::journal::beside;

/// The lines for a group file at `group` (relative to the repository's
/// root, `/`-separated) and its logs beside it.
pub fn wanted(group: &str) -> Vec<String> {
    let mut lines = vec![format!("{} merge=ug", quote(group))];
    for log in ["sent.log", "inbox.log", "daily.log"] {
        let path = beside(Path::new(group), log);
        lines.push(format!("{} merge=union", quote(&path.to_string_lossy())));
    }
    lines
}

/// A pattern with spaces is written in git's quoted form.
fn quote(path: &str) -> String {
    if path.contains([' ', '\t', '"', '\\']) {
        format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        path.to_string()
    }
}

/// `existing` with the `wanted` lines it lacks appended (one each, its own
/// lines and line ends untouched), and the lines added.
pub fn add(existing: &str, wanted: &[String]) -> (String, Vec<String>) {
    let have: Vec<Vec<&str>> = existing
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let missing: Vec<String> = wanted
        .iter()
        .filter(|w| !have.contains(&w.split_whitespace().collect()))
        .cloned()
        .collect();
    let mut text = existing.to_string();
    if missing.is_empty() {
        return (text, missing);
    }
    let nl = if existing.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(nl);
    }
    if !text.contains("ug git-setup") {
        text.push_str(&format!(
            "# ug git-setup: the group file merges entry by entry, its logs as unions{nl}"
        ));
    }
    for line in &missing {
        text.push_str(line);
        text.push_str(nl);
    }
    (text, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_file_and_its_logs() {
        assert_eq!(
            wanted("club/group.toml"),
            [
                "club/group.toml merge=ug",
                "club/group.sent.log merge=union",
                "club/group.inbox.log merge=union",
                "club/group.daily.log merge=union"
            ]
        );
    }

    #[test]
    fn only_missing_lines_are_added_once() {
        let want = wanted("group.toml");
        let (text, added) = add("*.png binary", &want);
        assert_eq!(added.len(), 4);
        assert!(text.starts_with("*.png binary\n# ug git-setup"));
        let (again, added) = add(&text, &want);
        assert!(added.is_empty());
        assert_eq!(again, text);
    }
}
