//! `ug stats`: is the group healthy? (SPEC §7). Pure numbers from the group
//! file and a day: attendance and its trend, what draws people (`attendance`),
//! sign-ups (`signups`), the list (`list`), the rhythm (`rhythm`), who carries
//! the group (`team`), who speaks and the new voices (`speakers`); drawn as
//! terminal text (`text`) and SVG charts (`svg`),
//! which the site inlines. Nothing here prints or reads the clock.

mod attendance;
mod list;
mod rhythm;
mod signups;
mod speakers;
mod svg;
mod team;
mod text;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::model::{Event, EventStatus, Group};

pub use attendance::{Attendance, Draw, EventPoint, Trend, Viability};
pub use list::{List, MonthCount};
pub use rhythm::Rhythm;
pub use signups::{EventSignups, Signups};
pub use speakers::{
    EventTalk, EventVoices, GivenTalk, SpeakerTalks, Speakers, talks_given, talks_on,
};
pub use svg::Chart;
pub use team::{Team, TeamMember};

/// Fewer held events than this and there is no trend: "not enough history".
pub const MIN_HISTORY: usize = 3;

/// Every number `ug stats` shows (and `--json` prints), as of `today`.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub group: String,
    pub today: NaiveDate,
    pub attendance: Attendance,
    /// `None` until an event has RSVPs.
    pub signups: Option<Signups>,
    pub list: List,
    pub momentum: Rhythm,
    pub team: Team,
    pub speakers: Speakers,
}

/// The numbers as of `now` (the day counts; the time only for "the next event").
pub fn stats(g: &Group, now: NaiveDateTime) -> Stats {
    let today = now.date();
    let held = held(g, today);
    Stats {
        group: g.group.name.clone(),
        today,
        attendance: attendance::attendance(g, &held),
        signups: signups::signups(g, now),
        list: list::list(g, today),
        momentum: rhythm::rhythm(g, now),
        team: team::team(g, today),
        speakers: speakers::speakers(g, today),
    }
}

/// The charts the site shows and `ug stats --svg` writes, one per chart.
pub fn charts(g: &Group, today: NaiveDate) -> Vec<Chart> {
    svg::charts(&stats(g, today.and_time(NaiveTime::MIN)))
}

/// Held events up to `today` that say how many came, oldest first.
fn held(g: &Group, today: NaiveDate) -> Vec<&Event> {
    let mut held: Vec<&Event> = g
        .events
        .iter()
        .filter(|e| {
            e.status == EventStatus::Held && e.start.date() <= today && e.attendance.is_some()
        })
        .collect();
    held.sort_by_key(|e| e.start);
    held
}

/// `x` rounded to one decimal: what a person reads, and what JSON carries.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
