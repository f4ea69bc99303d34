//! Rules that do not parse: each error quotes the rule, says why and lists
//! the forms; random strings never panic.

use super::*;

#[test]
fn errors_quote_the_rule_explain_and_list_the_forms() {
    let cases = "
        second tusday monthly | unknown weekday `tusday` (did you mean `tuesday`?)
        sixth monday monthly | `sixth` is not an ordinal ug knows: use first, second, third, fourth, fifth or last
        6th monday monthly | `6th` is not an ordinal
        every 0 weeks on monday | the interval must be at least 1 week
        every x weeks on monday | `x` is not a number of weeks
        every second tuesday | ambiguous
        every tuesday and thursday | FREQ=WEEKLY;BYDAY=TU,TH
        every day | needs a weekday
        every | a weekday is missing
        tuesday monthly | say which `tuesday`
        second tuesday | say how often
        second tuesday weekly | unexpected `weekly`
        first monday of janury, july | unknown month `janury` (did you mean `january`?)
        first monday of | unexpected `of`
        second last monday monthly | BYDAY=-2MO
        second-to-last monday monthly | BYDAY=-2MO
        third to last friday monthly | counting back from the end
         | the rule is empty
        fortnightly | `fortnightly` needs a weekday: e.g. \"every tuesday\" or \"every other tuesday\"
        Quarterly | `quarterly` needs a weekday
        meetup on tuesdays | not `meetup`
        RRULE:FREQ=DAILY | FREQ=DAILY is not supported: use WEEKLY, MONTHLY or YEARLY
        FREQ=MONTHLY;BYDAY=2TU;BYHOUR=18 | BYHOUR is not supported
        FREQ=YEARLY;BYWEEKNO=20 | BYWEEKNO is not supported
        FREQ=MONTHLY;FOO=1 | unknown RRULE part `FOO`
        RRULE:BYDAY=2TU | FREQ is required
        FREQ=MONTHLY;INTERVAL=0;BYDAY=2TU | INTERVAL=0: 0 is not allowed
        FREQ=MONTHLY;COUNT=3;UNTIL=20270101 | COUNT and UNTIL cannot both be given
        FREQ=MONTHLY;FREQ=WEEKLY | FREQ is given twice
        FREQ=WEEKLY;BYDAY=2TU | cannot be used with FREQ=WEEKLY
        FREQ=MONTHLY;BYDAY=6TU | at most five
        FREQ=MONTHLY;BYDAY=TX | `TX` is not a weekday
        FREQ=MONTHLY;BYMONTHDAY=32 | BYMONTHDAY=32: expected 1 to 31 or -31 to -1
        FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30 | no date ever matches
        FREQ=WEEKLY;BYDAY=TH;BYSETPOS=-2 | no date ever matches
        FREQ=WEEKLY;BYMONTH=6;BYSETPOS=81,205;COUNT=55 | no date ever matches
        FREQ=YEARLY;BYDAY=20MO,-1FR;BYSETPOS=3 | no date ever matches
        FREQ=MONTHLY;BYSETPOS=1 | BYSETPOS needs
        FREQ=MONTHLY;UNTIL=2027 | UNTIL=2027: expected a date
        FREQ=MONTHLY;BYDAY= | a value is missing
        FREQ=MONTHLY;BYDAY | not a NAME=VALUE part
    ";
    let mut all: Vec<(String, String)> = table(cases)
        .map(|c| (c[0].to_string(), c[1].to_string()))
        .collect();
    let pasted = "DTSTART:20260101\nRRULE:FREQ=MONTHLY";
    all.push((pasted.to_string(), "schedule.since".to_string()));
    for (text, reason) in all {
        let e = Rule::parse(&text).expect_err(&text);
        assert!(
            e.reason.contains(&reason),
            "{text:?}: {:?} lacks {reason:?}",
            e.reason
        );
        assert_eq!(e.rule, text);
        let shown = e.to_string();
        let head = format!("schedule rule {text:?} is not understood: ");
        assert!(shown.starts_with(&head), "{shown}");
        for example in [
            "\"second tuesday monthly\"",
            "\"last thursday of every month\"",
            "\"every wednesday\"",
            "\"every other wednesday\"",
            "\"every 3 weeks on monday\"",
            "\"first thursday of january, april, july and october\"",
            "\"RRULE:FREQ=MONTHLY;BYDAY=2TU\"",
        ] {
            assert!(shown.contains(example), "{shown}");
        }
    }
    let e = Rule::parse("second tusday monthly")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(
        "schedule rule \"second tusday monthly\" is not understood: \
         unknown weekday `tusday` (did you mean `tuesday`?)\n  accepted forms:\n"
    ));
    let long = Rule::parse(&"x".repeat(500)).unwrap_err().to_string();
    assert!(long.lines().next().unwrap().chars().count() < 500);
}

const TEMPLATES: [&str; 8] = [
    "second tuesday monthly",
    "every other wednesday",
    "every 3 weeks on monday",
    "fifth friday of jan, apr and july",
    "last thu of every month",
    "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29;COUNT=4",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU;UNTIL=20300101T000000Z",
];

/// The message is one line whatever the rule holds (a caller shows the rest
/// as the hint), and the hint lists the forms.
#[test]
fn the_message_is_one_line_and_the_hint_lists_the_forms() {
    for text in [
        "FREQ=MONTHLY;BY\nDAY=2TU",
        "FREQ=MONTHLY;BY\tDAY=2TU",
        "every blursday",
    ] {
        let e = Rule::parse(text).unwrap_err();
        assert!(!e.message().contains('\n'), "{:?}", e.message());
        assert!(e.hint().starts_with("accepted forms:\n"), "{}", e.hint());
        assert!(e.hint().contains("\"every other wednesday\""));
        assert_eq!(e.to_string(), format!("{}\n  {}", e.message(), e.hint()));
    }
    let e = Rule::parse("every blursday").unwrap_err();
    let err = crate::error::Error::from(e.clone());
    assert_eq!(err.to_string(), e.message());
    assert_eq!(err.hint(), Some(e.hint()));
    assert_eq!(err.exit_code(), 1);
    let e = Rule::parse("FREQ=MONTHLY;BY\nDAY=2TU").unwrap_err();
    assert!(e.message().ends_with(
        "unknown RRULE part `BY\\nDAY` (supported parts: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, BYSETPOS, WKST)"
    ));
}

/// Words and marks the random rules are made of.
const WORDS: [&str; 53] = [
    "every",
    "other",
    "first",
    "second",
    "last",
    "fifth",
    "sixth",
    "tuesday",
    "tue",
    "weds",
    "monthly",
    "of",
    "in",
    "month",
    "weeks",
    "on",
    "and",
    ",",
    "january",
    "oct",
    "3",
    "0",
    "-1",
    "99999999999",
    "RRULE:",
    "FREQ=",
    "WEEKLY",
    "MONTHLY",
    "YEARLY",
    "DAILY",
    ";",
    "=",
    "BYDAY=",
    "2TU",
    "-1FR",
    "+5SU",
    "53MO",
    "BYMONTH=",
    "BYMONTHDAY=",
    "BYSETPOS=",
    "COUNT=",
    "UNTIL=",
    "20270101",
    "20270101T000000Z",
    "INTERVAL=",
    "WKST=SU",
    "ä",
    "日曜日",
    "🎉",
    " ",
    "th",
    "1st",
    "st",
];

/// A xorshift generator: the same strings on every run.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Half the time a template uppercased, with a word spliced in, or cut
    /// short; then up to eight words or random characters.
    fn rule_text(&mut self) -> String {
        let mut s = String::new();
        if self.next().is_multiple_of(2) {
            s.push_str(TEMPLATES[self.next() as usize % TEMPLATES.len()]);
            let at = self.next() as usize % (s.len() + 1);
            let cut = (at..=s.len()).find(|i| s.is_char_boundary(*i)).unwrap_or(0);
            match self.next() % 3 {
                0 => s = s.to_uppercase(),
                1 => s.insert_str(cut, WORDS[self.next() as usize % WORDS.len()]),
                _ => s.truncate(cut),
            }
        }
        for _ in 0..self.next() % 9 {
            let pick = self.next();
            if pick.is_multiple_of(5) {
                s.push(char::from_u32((pick >> 8) as u32 % 0x3000).unwrap_or('?'));
            } else {
                s.push_str(WORDS[(pick >> 8) as usize % WORDS.len()]);
                if pick.is_multiple_of(3) {
                    s.push(' ');
                }
            }
        }
        s
    }
}

/// Everything else a parsed rule offers, which must not panic either.
fn exercise(r: &Rule) {
    let _ = (
        r.describe(),
        r.rhythm_days(),
        r.needs_anchor(),
        r.to_rrule(),
    );
    let _ = r
        .dates_from(d("2026-01-01"), Some(d("2020-02-29")))
        .take(5)
        .count();
    let _ = r.matches(d("2026-01-01"), None);
}

/// Thousands of random strings (valid rules with words spliced in, cut short,
/// or pure noise) through `parse`, and what parses through everything else.
#[test]
fn random_strings_never_panic() {
    let mut noise = Noise(0x2545_f491_4f6c_dd1d);
    let mut parsed = 0;
    for _ in 0..5000 {
        if let Ok(r) = Rule::parse(&noise.rule_text()) {
            parsed += 1;
            exercise(&r);
        }
    }
    assert!(
        parsed > 50,
        "the generator should hit some valid rules ({parsed})"
    );
}
