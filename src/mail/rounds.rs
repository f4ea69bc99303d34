//! Nudge rounds (pure): a task due on `due` is nudged once at
//! `due − nudge`, then every `nudge` days while overdue. Each round is
//! computed from the date, never searched for, so any day is quick.

use chrono::{Duration, NaiveDate};

use crate::mail::Kind;
use crate::mail::key::{About, SentKey, To};
use crate::model::{Group, Task};

/// The nudge rounds of a task due on `due`: the first, and the step between
/// the overdue ones that follow (`due + k·step`, k ≥ 1).
fn rounds(g: &Group, due: NaiveDate) -> (NaiveDate, i64) {
    let every = i64::from(g.reminders.nudge.0);
    let first = due.checked_sub_signed(Duration::days(every)).unwrap_or(due);
    (first, every.max(1))
}

/// The current nudge round: the latest one on or before today (computed).
pub(crate) fn nudge_round(g: &Group, t: &Task, today: NaiveDate) -> Option<NaiveDate> {
    let due = t.due?;
    let (first, step) = rounds(g, due);
    if today < first {
        return None;
    }
    let k = (today - due).num_days().div_euclid(step);
    if k < 1 {
        return Some(first);
    }
    due.checked_add_signed(Duration::days(k * step))
}

/// The first nudge round after today (computed).
pub(crate) fn next_nudge_round(g: &Group, t: &Task, today: NaiveDate) -> Option<NaiveDate> {
    let due = t.due?;
    let (first, step) = rounds(g, due);
    if first > today {
        return Some(first);
    }
    let k = ((today - due).num_days().div_euclid(step) + 1).max(1);
    due.checked_add_signed(Duration::days(k.checked_mul(step)?))
}

/// Whether a nudge about `t` went to `address` in the `nudge` days before
/// `round`. A task's rounds follow its due date, so when the due date moves
/// (its event's date changed) a new round can fall a day after the last
/// one: it waits for the next round instead. At most 62 days are looked at.
pub(crate) fn nudged_lately(
    g: &Group,
    t: &Task,
    round: NaiveDate,
    to: To<&str>,
    sent: &dyn Fn(&str) -> bool,
) -> bool {
    let every = i64::from(g.reminders.nudge.0).clamp(1, 62);
    let mut buf = String::new();
    (1..every).any(|back| {
        round
            .checked_sub_signed(Duration::days(back))
            .is_some_and(|d| {
                let key = SentKey {
                    kind: Kind::Nudge,
                    about: About::Task(t.id.value, Some(d)),
                    to,
                };
                key.write_into(&mut buf);
                sent(&buf)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_are_computed_far_from_the_due_date() {
        let g: Group = crate::store::check_text(
            "[group]\nname = \"G\"\ntimezone = \"UTC\"\n[[people]]\nid = \"a\"\nname = \"A\"\nemail = \"a@x.org\"\n[[tasks]]\nid = 1\ntitle = \"T\"\nowner = \"a\"\ndue = 2026-12-20\n",
            "group.toml",
            |_| d("2026-11-01").and_hms_opt(9, 0, 0).unwrap(),
        )
        .unwrap()
        .group;
        let t = &g.tasks[0];
        assert_eq!(nudge_round(&g, t, d("2026-11-01")), None);
        assert_eq!(
            next_nudge_round(&g, t, d("2026-11-01")),
            Some(d("2026-12-17"))
        );
        assert_eq!(nudge_round(&g, t, d("2026-12-19")), Some(d("2026-12-17")));
        assert_eq!(
            next_nudge_round(&g, t, d("2026-12-19")),
            Some(d("2026-12-23"))
        );
        assert_eq!(nudge_round(&g, t, d("2026-12-24")), Some(d("2026-12-23")));
        // 369 days after the due date: a round of its own (369 = 123 × 3).
        assert_eq!(nudge_round(&g, t, d("2027-12-25")), Some(d("2027-12-24")));
        assert_eq!(
            next_nudge_round(&g, t, d("2027-12-25")),
            Some(d("2027-12-27"))
        );
    }
}
