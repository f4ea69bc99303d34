//! Nudge digests (pure, SPEC §8): a person hears about their tasks in one
//! mail, at most once per `[reminders] nudge` interval, holding every task
//! of theirs that is overdue or due within the interval; not one cycle per
//! task. An organizer or co-organizer is never nudged by mail about the
//! tasks they own: the organizers' digest (`mail::digest`) lists them.
//!
//! When a person was last nudged is read from the sent log's day keys
//! (`nudge-day:DATE:ADDRESS`, written with every nudge mail), looking back
//! one interval at most: never a search over an unbounded range.

use chrono::{Duration, NaiveDate};

use crate::mail::Kind;
use crate::mail::due::day_key;
use crate::mail::key::To;
use crate::model::{Group, Person, Task};

/// The longest interval looked back over, in days.
const MAX_INTERVAL: i64 = 62;

/// The nudge interval in days (`[reminders] nudge`), at least 1.
pub(crate) fn interval(g: &Group) -> i64 {
    i64::from(g.reminders.nudge.0).clamp(1, MAX_INTERVAL)
}

/// The day `t` enters a nudge digest: `due − nudge`.
pub(crate) fn window_opens(g: &Group, t: &Task) -> Option<NaiveDate> {
    let due = t.due?;
    Some(
        due.checked_sub_signed(Duration::days(interval(g)))
            .unwrap_or(due),
    )
}

/// Whether `t` belongs in a digest sent on `today`: overdue, or due within
/// the interval.
pub(crate) fn in_window(g: &Group, t: &Task, today: NaiveDate) -> bool {
    window_opens(g, t).is_some_and(|from| from <= today)
}

/// Whether `p` is told about their own tasks by mail: not an organizer or
/// co-organizer (who have ug, and get the organizers' digest).
pub(crate) fn nudged_by_mail(p: &Person) -> bool {
    !(p.has_role("organizer") || p.has_role("co-organizer"))
}

/// The latest day within the interval ending `today` (today included) on
/// which `to` was sent a nudge digest, as the sent log's day keys say.
pub(crate) fn last_digest(
    g: &Group,
    today: NaiveDate,
    to: To<&str>,
    sent: &mut dyn FnMut(&crate::mail::SentKey<&str>) -> bool,
) -> Option<NaiveDate> {
    (0..interval(g)).find_map(|back| {
        let day = today.checked_sub_signed(Duration::days(back))?;
        sent(&day_key(Kind::Nudge, day, to)).then_some(day)
    })
}

/// The next day after `today` a digest may go to a person whose tasks are
/// `tasks` (each in the digest's window from `window_opens`), supposing the
/// one due today (if any) went: one interval on when a task is in the
/// window today, else the first day one enters it.
pub(crate) fn next_digest<'t>(
    g: &Group,
    tasks: impl Iterator<Item = &'t Task>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let opens = tasks.filter_map(|t| window_opens(g, t)).min()?;
    if opens > today {
        return Some(opens);
    }
    today.checked_add_signed(Duration::days(interval(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn group() -> Group {
        crate::store::check_text(
            "[group]\nname = \"G\"\ntimezone = \"UTC\"\n[[people]]\nid = \"a\"\nname = \"A\"\nemail = \"a@x.org\"\n[[tasks]]\nid = 1\ntitle = \"T\"\nowner = \"a\"\ndue = 2026-12-20\n[[tasks]]\nid = 2\ntitle = \"U\"\nowner = \"a\"\ndue = 2027-01-20\n",
            "group.toml",
            |_| d("2026-11-01").and_hms_opt(9, 0, 0).unwrap(),
        )
        .unwrap()
        .group
    }

    #[test]
    fn a_task_is_in_the_window_from_one_interval_before_it_is_due_on() {
        let g = group();
        let t = &g.tasks[0];
        assert_eq!(interval(&g), 3);
        assert_eq!(window_opens(&g, t), Some(d("2026-12-17")));
        for (day, inside) in [
            ("2026-11-01", false),
            ("2026-12-16", false),
            ("2026-12-17", true),
            ("2026-12-20", true),
            ("2027-12-25", true),
        ] {
            assert_eq!(in_window(&g, t, d(day)), inside, "{day}");
        }
    }

    #[test]
    fn the_next_digest_is_an_interval_on_or_when_a_task_enters_the_window() {
        let g = group();
        let next = |day| next_digest(&g, g.tasks.iter(), d(day));
        assert_eq!(next("2026-11-01"), Some(d("2026-12-17")));
        assert_eq!(next("2026-12-18"), Some(d("2026-12-21")));
        assert_eq!(next("2027-06-01"), Some(d("2027-06-04")));
    }

    #[test]
    fn the_last_digest_is_looked_for_within_one_interval_only() {
        let g = group();
        let to = To::Address("a@x.org");
        let log = [
            "nudge-day:2026-12-15:a@x.org",
            "nudge-day:2026-12-10:a@x.org",
        ];
        let mut asked = 0;
        let mut sent = |k: &crate::mail::SentKey<&str>| {
            asked += 1;
            log.contains(&k.to_string().as_str())
        };
        assert_eq!(
            last_digest(&g, d("2026-12-17"), to, &mut sent),
            Some(d("2026-12-15"))
        );
        assert_eq!(last_digest(&g, d("2026-12-18"), to, &mut sent), None);
        assert_eq!(
            last_digest(&g, d("2026-12-12"), to, &mut sent),
            Some(d("2026-12-10"))
        );
        assert!(asked <= 9, "{asked}");
    }
}
