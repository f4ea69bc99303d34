//! Wording shared by every command's output: a count with its noun in the
//! right number ("1 day", "2 people"), and a day said relative to today.

/// "1 day", "2 days", "0 tasks", "1 person", "3 people". The plural is the
/// noun plus "s", except for "person".
pub fn plural(n: impl Into<i64>, word: &str) -> String {
    let n = n.into();
    let word = match (n.abs() == 1, word) {
        (true, w) => w.to_string(),
        (false, "person") => "people".to_string(),
        (false, w) => format!("{w}s"),
    };
    format!("{n} {word}")
}

/// A day `n` days from today: "today", "tomorrow", "yesterday", "in 5 days",
/// "5 days ago".
pub fn days_from_today(n: i64) -> String {
    match n {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} ago", plural(n.saturating_neg(), "day")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_days() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "task"), "0 tasks");
        assert_eq!(plural(1, "person"), "1 person");
        assert_eq!(plural(2, "person"), "2 people");
        assert_eq!(days_from_today(0), "today");
        assert_eq!(days_from_today(1), "tomorrow");
        assert_eq!(days_from_today(-1), "yesterday");
        assert_eq!(days_from_today(12), "in 12 days");
        assert_eq!(days_from_today(-3), "3 days ago");
        assert_eq!(days_from_today(i64::MIN), format!("{} days ago", i64::MAX));
    }
}

/// The first name in `name`, as greetings use it: "Marta Diaz" ->
/// "Marta", and "Smith, John" (a name written "Last, First", as CSV
/// imports give it) -> "John"; "John Smith, PhD" -> "John". `None` for
/// no name.
pub fn first_name(name: &str) -> Option<&str> {
    let name = name.trim();
    if let Some((last, first)) = name.split_once(',') {
        let given = first.split_whitespace().next().map(|w| w.trim_matches(','));
        let suffix = given.is_some_and(|w| {
            [
                "jr", "sr", "phd", "md", "ii", "iii", "iv", "esq", "dr", "mba", "msc",
            ]
            .contains(&w.trim_end_matches('.').to_lowercase().as_str())
        });
        if let Some(given) = given.filter(|g| !g.is_empty())
            && !suffix
            && !last.trim().is_empty()
        {
            return Some(given);
        }
    }
    name.split_whitespace()
        .next()
        .map(|w| w.trim_end_matches(','))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod first_name_tests {
    use super::first_name;

    #[test]
    fn last_comma_first_is_greeted_by_the_first() {
        for (name, want) in [
            ("Marta Diaz", Some("Marta")),
            ("Smith, John", Some("John")),
            ("Smith,John", Some("John")),
            ("  van der Berg, Anna Maria ", Some("Anna")),
            ("John Smith, PhD", Some("John")),
            ("Okafor, Jr.", Some("Okafor")),
            ("Cher", Some("Cher")),
            ("Smith,", Some("Smith")),
            ("", None),
            (" , ", None),
        ] {
            assert_eq!(first_name(name), want, "{name:?}");
        }
    }
}
