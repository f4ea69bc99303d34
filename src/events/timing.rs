//! When an event's mails fall: the one place that turns `[reminders]` into
//! dates. The planner, readiness, `ug status` and `mail` (what is due, what
//! is coming up) all ask here, so they can never disagree.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::{Event, EventStatus, Group};

/// The first day each of an event's mails is due (`None` past the calendar's
/// end). A mail is due from its day until the event starts (the thank-you:
/// for `reminders.thanks` days after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MailDates {
    /// `start − reminders.announce`.
    pub announce: Option<NaiveDate>,
    /// `start − reminders.remind`.
    pub remind: Option<NaiveDate>,
    /// `start + reminders.thanks`: the first day of the thank-you window.
    pub thanks: Option<NaiveDate>,
}

/// When `e`'s announcement, reminder and thank-you fall.
pub fn mail_dates(g: &Group, e: &Event) -> MailDates {
    let d = e.start.date();
    let r = &g.reminders;
    MailDates {
        announce: d.checked_sub_days(Days::new(u64::from(r.announce.0))),
        remind: d.checked_sub_days(Days::new(u64::from(r.remind.0))),
        thanks: d.checked_add_days(Days::new(u64::from(r.thanks.0))),
    }
}

/// The day the announcement of `e` is due (the event's own day past the
/// calendar's start).
pub fn announce_date(g: &Group, e: &Event) -> NaiveDate {
    mail_dates(g, e).announce.unwrap_or(e.start.date())
}

/// The first day of the thank-you window, for a held event only.
pub fn thanks_from(g: &Group, e: &Event) -> Option<NaiveDate> {
    (e.status == EventStatus::Held)
        .then(|| mail_dates(g, e).thanks)
        .flatten()
}

/// The three mails an event's `[reminders]` time: their stable text form is
/// the sent log's key prefix (`announce:<event>:<address>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailKind {
    Announce,
    Remind,
    Thanks,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Announce => "announce",
            MailKind::Remind => "remind",
            MailKind::Thanks => "thanks",
        }
    }
}

impl std::fmt::Display for MailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
