//! Expansion against RFC 5545: its examples, UNTIL, anchors, where the RFC and
//! dateutil differ, and rules that end or never match.

use super::*;

/// RFC 5545 §3.8.5.3, every example whose parts ug supports: the title, then
/// DTSTART and the rule, then the dates, all copied from the RFC (09:00
/// America/New_York). Open-ended examples list the RFC's first dates.
const RFC_EXAMPLES: &str = "
Weekly for 10 occurrences
19970902 FREQ=WEEKLY;COUNT=10
1997-09-02 1997-09-09 1997-09-16 1997-09-23 1997-09-30 1997-10-07 1997-10-14 1997-10-21 1997-10-28 1997-11-04

Every other week - forever
19970902 FREQ=WEEKLY;INTERVAL=2;WKST=SU
1997-09-02 1997-09-16 1997-09-30 1997-10-14 1997-10-28 1997-11-11 1997-11-25 1997-12-09 1997-12-23 1998-01-06 1998-01-20 1998-02-03 1998-02-17

Weekly on Tuesday and Thursday for five weeks
19970902 FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH
1997-09-02 1997-09-04 1997-09-09 1997-09-11 1997-09-16 1997-09-18 1997-09-23 1997-09-25 1997-09-30 1997-10-02

Every other week on Tuesday and Thursday, for 8 occurrences
19970902 FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH
1997-09-02 1997-09-04 1997-09-16 1997-09-18 1997-09-30 1997-10-02 1997-10-14 1997-10-16

Monthly on the first Friday for 10 occurrences
19970905 FREQ=MONTHLY;COUNT=10;BYDAY=1FR
1997-09-05 1997-10-03 1997-11-07 1997-12-05 1998-01-02 1998-02-06 1998-03-06 1998-04-03 1998-05-01 1998-06-05

Every other month on the first and last Sunday of the month for 10 occurrences
19970907 FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU
1997-09-07 1997-09-28 1997-11-02 1997-11-30 1998-01-04 1998-01-25 1998-03-01 1998-03-29 1998-05-03 1998-05-31

Monthly on the second-to-last Monday of the month for 6 months
19970922 FREQ=MONTHLY;COUNT=6;BYDAY=-2MO
1997-09-22 1997-10-20 1997-11-17 1997-12-22 1998-01-19 1998-02-16

Monthly on the third-to-the-last day of the month, forever
19970928 FREQ=MONTHLY;BYMONTHDAY=-3
1997-09-28 1997-10-29 1997-11-28 1997-12-29 1998-01-29 1998-02-26

Monthly on the 2nd and 15th of the month for 10 occurrences
19970902 FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15
1997-09-02 1997-09-15 1997-10-02 1997-10-15 1997-11-02 1997-11-15 1997-12-02 1997-12-15 1998-01-02 1998-01-15

Monthly on the first and last day of the month for 10 occurrences
19970930 FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1
1997-09-30 1997-10-01 1997-10-31 1997-11-01 1997-11-30 1997-12-01 1997-12-31 1998-01-01 1998-01-31 1998-02-01

Every 18 months on the 10th thru 15th of the month for 10 occurrences
19970910 FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15
1997-09-10 1997-09-11 1997-09-12 1997-09-13 1997-09-14 1997-09-15 1999-03-10 1999-03-11 1999-03-12 1999-03-13

Every Tuesday, every other month
19970902 FREQ=MONTHLY;INTERVAL=2;BYDAY=TU
1997-09-02 1997-09-09 1997-09-16 1997-09-23 1997-09-30 1997-11-04 1997-11-11 1997-11-18 1997-11-25 1998-01-06 1998-01-13 1998-01-20 1998-01-27 1998-03-03 1998-03-10 1998-03-17 1998-03-24 1998-03-31

Yearly in June and July for 10 occurrences
19970610 FREQ=YEARLY;COUNT=10;BYMONTH=6,7
1997-06-10 1997-07-10 1998-06-10 1998-07-10 1999-06-10 1999-07-10 2000-06-10 2000-07-10 2001-06-10 2001-07-10

Every other year on January, February, and March for 10 occurrences
19970310 FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3
1997-03-10 1999-01-10 1999-02-10 1999-03-10 2001-01-10 2001-02-10 2001-03-10 2003-01-10 2003-02-10 2003-03-10

Every 20th Monday of the year, forever
19970519 FREQ=YEARLY;BYDAY=20MO
1997-05-19 1998-05-18 1999-05-17

Every Thursday in March, forever
19970313 FREQ=YEARLY;BYMONTH=3;BYDAY=TH
1997-03-13 1997-03-20 1997-03-27 1998-03-05 1998-03-12 1998-03-19 1998-03-26 1999-03-04 1999-03-11 1999-03-18 1999-03-25

Every Thursday, but only during June, July, and August, forever
19970605 FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8
1997-06-05 1997-06-12 1997-06-19 1997-06-26 1997-07-03 1997-07-10 1997-07-17 1997-07-24 1997-07-31 1997-08-07 1997-08-14 1997-08-21 1997-08-28 1998-06-04 1998-06-11 1998-06-18 1998-06-25 1998-07-02

Every Friday the 13th, forever (the RFC's EXDATE of DTSTART is not needed: DTSTART does not match)
19970902 FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13
1998-02-13 1998-03-13 1998-11-13 1999-08-13 2000-10-13

The first Saturday that follows the first Sunday of the month, forever
19970913 FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13
1997-09-13 1997-10-11 1997-11-08 1997-12-13 1998-01-10 1998-02-07 1998-03-07 1998-04-11 1998-05-09 1998-06-13

Every 4 years, the first Tuesday after a Monday in November, forever (U.S. Presidential Election day)
19961105 FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8
1996-11-05 2000-11-07 2004-11-02

The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months
19970904 FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3
1997-09-04 1997-10-07 1997-11-06

The second-to-last weekday of the month
19970929 FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2
1997-09-29 1997-10-30 1997-11-27 1997-12-30 1998-01-29 1998-02-26 1998-03-30

WKST=MO: days generated
19970805 FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO
1997-08-05 1997-08-10 1997-08-19 1997-08-24

Changing only WKST from MO to SU yields different results
19970805 FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU
1997-08-05 1997-08-17 1997-08-19 1997-08-31

An invalid date (e.g., February 30) is ignored
20070115 FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5
2007-01-15 2007-01-30 2007-02-15 2007-03-15 2007-03-30
";

#[test]
fn rfc5545_examples() {
    let ny = tz("America/New_York");
    let mut seen = 0;
    for block in RFC_EXAMPLES.trim().split("\n\n") {
        let [title, spec, want] = block.lines().collect::<Vec<_>>()[..] else {
            panic!("{block}")
        };
        let (start, text) = spec.split_once(' ').unwrap();
        let want: Vec<&str> = want.split(' ').collect();
        let r = rule(text);
        let got = dates(&r, start, Some(start), want.len() + 1);
        // A COUNT example must end exactly there; an open-ended one goes on.
        let n = if text.contains("COUNT") {
            got.len()
        } else {
            want.len()
        };
        assert_eq!(got[..n], want, "{title}: {text}");
        // The same at 09:00 New York: the wall time holds across the 1997 switches.
        let at = occurrences(&r, ny, t("09:00"), &[], Some(d(start)), d(start));
        assert!(at.take(n).all(|x| x.time() == t("09:00")), "{title}");
        seen += 1;
    }
    assert_eq!(seen, 25);
}

/// The RFC examples with a date-time UNTIL: cut at the instant, not the date.
#[test]
fn rfc5545_until_examples() {
    let cases = "
        Weekly until December 24, 1997 | FREQ=WEEKLY;UNTIL=19971224T000000Z | 19970902 | 17 | 1997-12-23
        Monthly on the first Friday until December 24, 1997 | FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR | 19970905 | 4 | 1997-12-05
        Every other week on Monday, Wednesday, and Friday until December 24, 1997 | FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR | 19970901 | 25 | 1997-12-22
        Every day in January, for 3 years | FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA | 19980101 | 93 | 2000-01-31
        Weekly on Tuesday and Thursday for five weeks | FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH | 19970902 | 10 | 1997-10-02
    ";
    let ny = tz("America/New_York");
    for case in table(cases) {
        let [title, text, start, n, last] = case[..] else {
            panic!("{case:?}")
        };
        let r = rule(text);
        let got: Vec<_> = occurrences(&r, ny, t("09:00"), &[], Some(d(start)), d(start)).collect();
        assert_eq!(got.len().to_string(), n, "{title}");
        assert_eq!(got.last().map(|x| x.date_naive()), Some(d(last)), "{title}");
    }
    // A floating UNTIL compares local wall times: 09:00 on the last day is kept, 09:01 is not.
    let r = rule("FREQ=WEEKLY;UNTIL=19971223T090000;BYDAY=TU");
    let at = |time| occurrences(&r, ny, t(time), &[], Some(d("19970902")), d("19970902")).count();
    assert_eq!((at("09:00"), at("09:01")), (17, 16));
}

#[test]
fn anchors_count_weeks_and_bound_the_start() {
    let r = rule("every other wednesday");
    let jan7 = Some("2026-01-07");
    assert_eq!(
        dates(&r, "2026-01-01", jan7, 3),
        ["2026-01-07", "2026-01-21", "2026-02-04"]
    );
    // From far after the anchor: still on the anchor's fortnight.
    assert_eq!(
        dates(&r, "2030-06-01", jan7, 2),
        ["2030-06-05", "2030-06-19"]
    );
    // An anchor that is not a Wednesday: weeks count from the first Wednesday on or after it.
    assert_eq!(
        dates(&r, "2026-01-01", Some("2026-01-09"), 2),
        ["2026-01-14", "2026-01-28"]
    );
    // No anchor: the first Wednesday on or after `from` is the anchor.
    assert_eq!(
        dates(&r, "2026-01-09", None, 2),
        ["2026-01-14", "2026-01-28"]
    );
    // Nothing before the anchor, whatever the form.
    let monthly = rule("second tuesday monthly");
    assert_eq!(
        dates(&monthly, "2026-01-01", Some("2026-03-01"), 1),
        ["2026-03-10"]
    );
    let anchor = Some(d("2026-01-07"));
    assert!(r.matches(d("2026-01-21"), anchor));
    assert!(!r.matches(d("2026-01-14"), anchor));
    assert!(!r.matches(d("2025-12-24"), anchor));
    assert!(
        r.matches(d("2026-01-14"), None),
        "without an anchor any Wednesday can be one"
    );
    assert!(!r.matches(d("2026-01-15"), None));
    // COUNT counts from the anchor, whatever `from` is.
    let c = rule("FREQ=MONTHLY;BYDAY=2TU;COUNT=3");
    assert_eq!(
        dates(&c, "2026-02-01", Some("2026-01-01"), 9),
        ["2026-02-10", "2026-03-10"]
    );
    let unanchored = dates(&c, "2026-02-01", None, 9);
    assert_eq!(unanchored, ["2026-02-10", "2026-03-10", "2026-04-14"]);
    // An RRULE's anchor is its DTSTART as written (RFC semantics): the week of
    // Friday 2026-01-09 has no Wednesday after it, so the next is two weeks on.
    let rr = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");
    assert_eq!(
        dates(&rr, "2026-01-01", Some("2026-01-09"), 2),
        ["2026-01-21", "2026-02-04"]
    );
}

/// Where python-dateutil departs from RFC 5545, ug follows the RFC (so these
/// are not in the cross-check): a BYDAY list is a union even when it mixes
/// plain and ordinal weekdays (dateutil intersects them and finds nothing),
/// and BYSETPOS counts through the whole first period, not only the days
/// from DTSTART on (dateutil truncates a WEEKLY rule's first week).
#[test]
fn rfc_semantics_where_dateutil_differs() {
    let mixed = rule("FREQ=MONTHLY;BYDAY=MO,-1FR");
    let want = [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
        "2026-01-30",
        "2026-02-02",
    ];
    assert_eq!(dates(&mixed, "2026-01-01", None, 6), want);
    // The week of Friday 2025-03-14 holds Thursday 13 and Saturday 15: the second is the 15th.
    let setpos = rule("FREQ=WEEKLY;BYDAY=TH,SA;BYSETPOS=2");
    let want = ["2025-03-15", "2025-03-22"];
    assert_eq!(dates(&setpos, "2025-03-14", Some("2025-03-14"), 2), want);
}

#[test]
fn fifth_weekday_skips_months_without_one() {
    let r = rule("fifth wednesday monthly");
    let want = ["2026-04-29", "2026-07-29", "2026-09-30", "2026-12-30"];
    assert_eq!(dates(&r, "2026-01-01", None, 4), want);
    let q = rule("5th friday of january, may");
    assert_eq!(
        dates(&q, "2026-01-01", None, 3),
        ["2026-01-30", "2026-05-29", "2027-01-29"]
    );
}

#[test]
fn rules_that_end_or_never_match_stop() {
    let count = |text: &str, from: &str, anchor: Option<&str>| {
        rule(text).dates_from(d(from), anchor.map(d)).count()
    };
    assert_eq!(
        count("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260301", "2026-01-01", None),
        2
    );
    assert_eq!(
        count("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20250301", "2026-01-01", None),
        0
    );
    // Feb 29 every 4 years, phased onto non-leap years: found empty, not looped forever.
    let leap = "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29";
    assert_eq!(count(leap, "2026-01-01", Some("2025-01-01")), 0);
    let leap_years = dates(&rule(leap), "2026-01-01", Some("2024-01-01"), 2);
    assert_eq!(leap_years, ["2028-02-29", "2032-02-29"]);
    // The edges of the calendar end the iteration instead of panicking.
    let edges = [
        "every other monday",
        "last sunday monthly",
        "FREQ=YEARLY;INTERVAL=1000;BYMONTH=12;BYDAY=-1FR",
    ];
    for text in edges {
        let r = rule(text);
        assert!(r.dates_from(NaiveDate::MAX, None).count() <= 1);
        let _ = r.dates_from(NaiveDate::MIN, None).take(3).count();
        let near_end = NaiveDate::MAX - chrono::Days::new(40);
        let _ = r.dates_from(near_end, Some(NaiveDate::MIN)).count();
        assert!(!r.matches(NaiveDate::MAX, Some(NaiveDate::MIN)));
    }
}
