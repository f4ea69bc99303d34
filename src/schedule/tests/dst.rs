//! Occurrences as instants: the local meetup time across daylight-saving
//! changes, skip dates, and the cost of stepping through hundreds.

use super::*;
use chrono::Offset;

/// Every form, and its RRULE spelling, in three zones across both switches of
/// 2026: always 18:30 local, with both offsets seen.
#[test]
fn every_form_stays_at_local_time_across_dst() {
    let forms = [
        "second tuesday monthly",
        "RRULE:FREQ=MONTHLY;BYDAY=2TU",
        "last sunday of every month",
        "fifth saturday monthly",
        "every sunday",
        "every other sunday",
        "every 3 weeks on sunday",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,WE",
        "first sunday of march, april, october, november",
        "FREQ=YEARLY;BYMONTH=3,4,10,11;BYDAY=1SU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ];
    for zone in ["America/New_York", "Europe/Berlin", "Australia/Sydney"] {
        for form in forms {
            let r = rule(form);
            let jan1 = d("2026-01-01");
            let all: Vec<_> = occurrences(&r, tz(zone), t("18:30"), &[], Some(jan1), jan1)
                .take_while(|x| x.year() == 2026)
                .collect();
            assert!(all.len() >= 4, "{zone} {form}");
            assert!(
                all.iter().all(|x| x.time() == t("18:30")),
                "{zone} {form}: {all:?}"
            );
            let offsets: std::collections::BTreeSet<i32> = all
                .iter()
                .map(|x| x.offset().fix().local_minus_utc())
                .collect();
            assert_eq!(offsets.len(), 2, "{zone} {form}: standard and summer time");
            assert!(all.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

/// Meetups on the switch days themselves: New York springs forward at 02:00
/// on 2026-03-08 and falls back at 02:00 on 2026-11-01; Berlin 02:00 -> 03:00
/// on 2026-03-29 and 03:00 -> 02:00 on 2026-10-25; Sydney 03:00 -> 02:00 on
/// 2026-04-05 and 02:00 -> 03:00 on 2026-10-04.
#[test]
fn meetups_on_switch_days() {
    let cases = "
        America/New_York | second sunday of march | 18:30 | 2026-03-08T18:30:00-04:00
        America/New_York | second sunday of march | 02:30 | 2026-03-08T03:00:00-04:00
        America/New_York | FREQ=YEARLY;BYMONTH=3;BYDAY=2SU | 02:30 | 2026-03-08T03:00:00-04:00
        America/New_York | first sunday of november | 01:30 | 2026-11-01T01:30:00-04:00
        America/New_York | first sunday of november | 18:30 | 2026-11-01T18:30:00-05:00
        America/New_York | every other sunday | 01:30 | 2026-11-01T01:30:00-04:00
        America/New_York | every sunday | 02:30 | 2026-03-08T03:00:00-04:00
        Europe/Berlin | last sunday of march | 02:30 | 2026-03-29T03:00:00+02:00
        Europe/Berlin | last sunday of march | 18:30 | 2026-03-29T18:30:00+02:00
        Europe/Berlin | last sunday of october | 02:30 | 2026-10-25T02:30:00+02:00
        Europe/Berlin | last sunday monthly | 02:30 | 2026-10-25T02:30:00+02:00
        Europe/Berlin | FREQ=MONTHLY;BYMONTH=10;BYDAY=-1SU | 18:30 | 2026-10-25T18:30:00+01:00
        Europe/Berlin | every 4 weeks on sunday | 02:30 | 2026-03-29T03:00:00+02:00
        Australia/Sydney | first sunday of april | 02:30 | 2026-04-05T02:30:00+11:00
        Australia/Sydney | first sunday of april | 18:30 | 2026-04-05T18:30:00+10:00
        Australia/Sydney | first sunday of october | 02:30 | 2026-10-04T03:00:00+11:00
        Australia/Sydney | 1st sun monthly | 02:30 | 2026-10-04T03:00:00+11:00
        Australia/Sydney | every 3 weeks on sunday | 02:30 | 2026-10-04T03:00:00+11:00
        Australia/Sydney | FREQ=WEEKLY;BYDAY=SU,MO | 02:30 | 2026-04-05T02:30:00+11:00
    ";
    for case in table(cases) {
        let [zone, text, time, want] = case[..] else {
            panic!("{case:?}")
        };
        let day = d(&want[..10]);
        let first = occurrences(&rule(text), tz(zone), t(time), &[], Some(day), day).next();
        assert_eq!(
            first.map(|x| x.to_rfc3339()).as_deref(),
            Some(want),
            "{case:?}"
        );
    }
}

#[test]
fn occurrences_skip_dates_but_count_them() {
    let ny = tz("America/New_York");
    let r = rule("second tuesday monthly");
    let skip = [d("2026-12-08"), d("2027-02-09")];
    let got: Vec<String> = occurrences(&r, ny, t("18:30"), &skip, None, d("2026-11-01"))
        .take(3)
        .map(|x| x.date_naive().to_string())
        .collect();
    assert_eq!(got, ["2026-11-10", "2027-01-12", "2027-03-09"]);
    // A skipped date still uses up one of COUNT's occurrences (like EXDATE).
    let c = rule("FREQ=MONTHLY;BYDAY=2TU;COUNT=3");
    let nov = Some(d("2026-11-01"));
    assert_eq!(
        occurrences(&c, ny, t("18:30"), &skip, nov, d("2026-11-01")).count(),
        2
    );
}

/// Not a timed test: a few hundred steps of each kind must stay cheap (run
/// `cargo test --release schedule -- --nocapture` to see the numbers).
#[test]
fn iterating_hundreds_of_occurrences_is_cheap() {
    for text in [
        "second tuesday monthly",
        "every other wednesday",
        "first thursday of jan, apr, jul, oct",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ] {
        let r = rule(text);
        let started = std::time::Instant::now();
        let (anchor, from) = (Some(d("2020-01-01")), d("2026-01-01"));
        let all = occurrences(&r, tz("Europe/Berlin"), t("18:30"), &[], anchor, from);
        let n = all.take(300).count();
        println!("{text}: {n} occurrences in {:?}", started.elapsed());
        assert_eq!(n, 300);
    }
}
