//! The join dates that member exports write: ISO dates and date-times
//! (Luma's `created_at`: `2026-03-04T18:22:10.123Z`, `2026-03-04 18:22:10+00:00`),
//! and the forms of Meetup's `Joined Group on` and spreadsheets
//! (`03/04/2026` as month/day/year, `04.03.2026`, `March 4, 2026`,
//! `4 Mar 2026`). Only the date is kept: the day as written.

use chrono::NaiveDate;

/// The date forms tried, in order. `/` dates are month/day/year as Meetup
/// (US) writes them; `.` dates are day.month.year as European tools do.
const FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%a, %d %b %Y",
    "%A, %B %d, %Y",
    "%a %b %d %Y",
];

/// The accepted forms, for an error's hint.
pub const ACCEPTED: &str = "2026-03-04, 2026-03-04T18:22:10Z, 03/04/2026 (month/day/year), 04.03.2026, March 4, 2026 or 4 Mar 2026";

/// The date at the start of `s`, if it is one of the accepted forms; a time
/// (and zone) after it is allowed and dropped.
pub fn parse(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    FORMATS.iter().find_map(|f| {
        let (d, rest) = NaiveDate::parse_and_remainder(s, f).ok()?;
        let ok = rest.is_empty()
            || rest.starts_with(['T', ' ', ',', '\t'])
                && rest
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_ascii_digit() || c == ' ');
        ok.then_some(d)
    })
}

#[cfg(test)]
mod tests {
    use super::parse;
    use chrono::NaiveDate;

    #[test]
    fn exports_date_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4);
        for s in [
            "2026-03-04",
            "2026-03-04T18:22:10.123Z",
            "2026-03-04 18:22:10+00:00",
            "2026-03-04T18:22:10",
            " 2026/03/04 ",
            "03/04/2026",
            "3/4/2026",
            "03/04/2026 6:22 PM",
            "04.03.2026",
            "March 4, 2026",
            "Mar 4, 2026",
            "March 4 2026",
            "4 March 2026",
            "4 Mar 2026",
            "Wed, 04 Mar 2026",
            "Wednesday, March 4, 2026",
        ] {
            assert_eq!(parse(s), d, "{s}");
        }
        for s in [
            "",
            "soon",
            "2026-13-01",
            "2026-02-30",
            "13/13/2026",
            "2026-03-04x",
            "1",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
