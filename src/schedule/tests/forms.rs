//! The forms a rule is written in: human forms and RRULE spellings parse to
//! the same rules, print canonically, describe themselves, and say when they
//! need an anchor.

use super::*;

#[test]
fn human_forms_parse_to_rules() {
    use Weekday::*;
    let nth = |nth, weekday, months| Rule::Nth {
        nth,
        weekday,
        months,
    };
    let weekly = |weekday, interval| Rule::Weekly { weekday, interval };
    let quarterly = Months::of([1, 4, 7, 10]);
    let cases = [
        ("second tuesday monthly", nth(Nth::Second, Tue, Months::ALL)),
        (
            "  Second   TUESDAY  Monthly ",
            nth(Nth::Second, Tue, Months::ALL),
        ),
        ("2nd tue monthly", nth(Nth::Second, Tue, Months::ALL)),
        (
            "last thursday of every month",
            nth(Nth::Last, Thu, Months::ALL),
        ),
        (
            "last thursdays of each month",
            nth(Nth::Last, Thu, Months::ALL),
        ),
        ("first mon of the month", nth(Nth::First, Mon, Months::ALL)),
        ("fifth wednesday monthly", nth(Nth::Fifth, Wed, Months::ALL)),
        ("5th Wed every month", nth(Nth::Fifth, Wed, Months::ALL)),
        ("every wednesday", weekly(Wed, 1)),
        ("Every Wednesdays", weekly(Wed, 1)),
        ("every other wednesday", weekly(Wed, 2)),
        ("every other week on weds", weekly(Wed, 2)),
        ("every 3 weeks on monday", weekly(Mon, 3)),
        ("every 1 week on sun", weekly(Sun, 1)),
        ("every 4 weeks thursday", weekly(Thu, 4)),
        (
            "first thursday of january, april, july, october",
            nth(Nth::First, Thu, quarterly),
        ),
        (
            "First Thu of Jan,Apr, Jul and Oct",
            nth(Nth::First, Thu, quarterly),
        ),
        (
            "last friday in sept and march",
            nth(Nth::Last, Fri, Months::of([3, 9])),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(rule(text), want, "{text}");
        assert_eq!(text.parse::<Rule>().ok(), Some(want.clone()));
    }
}

#[test]
fn rrule_spellings_compare_equal_and_print_canonically() {
    let a = rule("RRULE:FREQ=MONTHLY;BYDAY=2TU");
    assert_eq!(a, rule("freq=monthly;byday=+2tu;"));
    assert_eq!(a, rule(" rrule: FREQ = MONTHLY ; BYDAY = 2TU "));
    assert_eq!(
        rule("FREQ=WEEKLY;BYDAY=TH,TU"),
        rule("FREQ=WEEKLY;BYDAY=TU,TH;WKST=MO")
    );
    assert_eq!(a.to_rrule(), "FREQ=MONTHLY;BYDAY=2TU");
    let canonical = [
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;BYDAY=MO,WE,FR;WKST=SU",
        "FREQ=MONTHLY;COUNT=3;BYMONTH=1,2;BYMONTHDAY=1,-1;BYDAY=-1FR,TU;BYSETPOS=-1,3",
        "FREQ=YEARLY;BYDAY=20MO",
        "FREQ=MONTHLY;UNTIL=20270101",
        "FREQ=WEEKLY;UNTIL=20270101T180000;BYDAY=SU",
    ];
    for r in canonical {
        assert_eq!(rule(r).to_rrule(), r);
        assert_eq!(rule(&rule(r).to_rrule()), rule(r));
    }
    let every_other = rule("every other wednesday").to_rrule();
    assert_eq!(every_other, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");
    let quarterly = rule("last friday of march, june").to_rrule();
    assert_eq!(quarterly, "FREQ=MONTHLY;BYMONTH=3,6;BYDAY=-1FR");
}

#[test]
fn describe_and_rhythm() {
    let cases = "
        second tuesday monthly | the second Tuesday of every month | 30
        fifth wednesday monthly | the fifth Wednesday of every month that has one | 30
        every other wednesday | every other Wednesday | 14
        every wednesday | every Wednesday | 7
        every 3 weeks on monday | every 3 weeks on Monday | 21
        first thursday of jan, apr, jul, oct | the first Thursday of January, April, July and October | 91
        last friday of june and december | the last Friday of June and December | 183
        RRULE:FREQ=MONTHLY;BYDAY=2TU | the second Tuesday of every month | 30
        FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO | the first Monday of January and July | 183
        FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH | every other week on Tuesday and Thursday | 7
        FREQ=MONTHLY;BYDAY=-2MO;COUNT=6 | every month on the second-to-last Monday, 6 times | 30
        FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 | every month on Monday, Tuesday, Wednesday, Thursday and Friday, only the last of those in each month | 30
        FREQ=MONTHLY;BYMONTHDAY=7,8,9,10,11,12,13;BYDAY=SA | every month on the 7th, 8th, 9th, 10th, 11th, 12th or 13th when it is a Saturday | 30
        FREQ=MONTHLY;INTERVAL=2;BYDAY=TU | every other month on Tuesday | 14
        FREQ=MONTHLY;BYMONTHDAY=-3 | every month on the third-to-last day | 30
        FREQ=MONTHLY;BYMONTHDAY=1,-1 | every month on the 1st and last day | 15
        FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR,SA | every month on the 13th when it is a Friday or Saturday | 107
        FREQ=YEARLY;INTERVAL=4;UNTIL=20400101 | every 4 years on the anchor's day, until 2040-01-01 | 1461
        FREQ=YEARLY;BYDAY=20MO | every year on the 20th Monday | 365
        FREQ=MONTHLY;BYDAY=1SU;COUNT=1 | every month on the first Sunday, once | 30
    ";
    for case in table(cases) {
        let [text, want, rhythm] = case[..] else {
            panic!("{case:?}")
        };
        let r = rule(text);
        assert_eq!(r.describe(), want, "{text}");
        assert_eq!(r.to_string(), want);
        assert_eq!(r.rhythm_days().to_string(), rhythm, "{text}");
    }
}

#[test]
fn needs_anchor_for_week_counting_and_dtstart_dependent_rules() {
    let cases = "
        second tuesday monthly | false
        first thursday of jan, jul | false
        every tuesday | true
        every other tuesday | true
        every 3 weeks on tuesday | true
        FREQ=WEEKLY;INTERVAL=2;BYDAY=TU | true
        FREQ=WEEKLY;BYDAY=TU | false
        FREQ=MONTHLY;BYDAY=2TU | false
        FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU | true
        FREQ=MONTHLY;BYDAY=2TU;COUNT=5 | true
        FREQ=MONTHLY | true
    ";
    for case in table(cases) {
        assert_eq!(
            rule(case[0]).needs_anchor().to_string(),
            case[1],
            "{}",
            case[0]
        );
    }
}
