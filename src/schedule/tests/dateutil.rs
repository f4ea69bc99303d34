//! The cross-check against python-dateutil's committed output.

use super::*;

/// ug's rule | its anchor (- for none) | the RRULE given to dateutil | dateutil's DTSTART.
const CROSS_CHECK: &str = include_str!("../../../tests/fixtures/dateutil/cases.txt");
/// python-dateutil's dates for each case, `DTSTART|RRULE|dates`, made by
/// `tests/fixtures/dateutil/regenerate.py` (the interop test runs it live).
const DATEUTIL: &str = include_str!("../../../tests/fixtures/dateutil/expected.txt");

/// Five years of dates per rule, ours against python-dateutil's rrule (its
/// committed output: no Python needed).
#[test]
fn cross_check_with_python_dateutil() {
    let cases: Vec<Vec<&str>> = table(CROSS_CHECK)
        .filter(|c| !c[0].starts_with('#'))
        .collect();
    let (from, to) = (d("2026-01-01"), d("2030-12-31"));
    let mut oracle = DATEUTIL.lines();
    assert_eq!(
        oracle.next(),
        Some("# python-dateutil's rrule from 2026-01-01 to 2030-12-31; made by regenerate.py")
    );
    let oracle: Vec<&str> = oracle.collect();
    assert_eq!(
        oracle.len(),
        cases.len(),
        "expected.txt is stale: run /usr/bin/python3 tests/fixtures/dateutil/regenerate.py"
    );
    for (case, line) in cases.iter().zip(oracle) {
        let [text, anchor, rr, start] = case[..] else {
            panic!("{case:?}")
        };
        let mut fields = line.splitn(3, '|');
        assert_eq!(
            (fields.next(), fields.next()),
            (Some(start), Some(rr)),
            "expected.txt is stale: run /usr/bin/python3 tests/fixtures/dateutil/regenerate.py"
        );
        let want: Vec<&str> = fields.next().unwrap_or("").split_whitespace().collect();
        let r = rule(text);
        let anchor = (anchor != "-").then(|| d(anchor));
        let got: Vec<String> = r
            .dates_from(from, anchor)
            .take_while(|x| *x <= to)
            .map(|x| x.to_string())
            .collect();
        assert!(!got.is_empty(), "{text}");
        assert_eq!(
            got, want,
            "{text} (anchor {anchor:?}) against dateutil {rr}"
        );
        // `matches` agrees with `dates_from` on every day of the window.
        if anchor.is_some() || !r.needs_anchor() {
            for day in from.iter_days().take_while(|day| *day <= to) {
                let listed = got.contains(&day.to_string());
                assert_eq!(r.matches(day, anchor), listed, "{text} on {day}");
            }
        }
    }
}
