//! `ug status`: the group on one screen. The view (for `--json` too) is
//! built here; how it reads as text is in `text`.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::Result;
use crate::events::{
    EventSummary, Momentum, last_held, momentum, next_event, over_warnings, summary,
};
use crate::model::Group;
use crate::render;
use crate::schedule::Rule;
use crate::term::Style;

mod text;

/// The group on one screen: the team, members, venues, sponsors, the next
/// event, open and overdue tasks, and every warning worth acting on.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let now = ctx.now(g);
    let mut view = StatusView::new(g, now);
    let sent = crate::mail::log::read_keys(&crate::mail::log::path_for(&loaded.location.path))?;
    view.reminders = Reminders::new(g, now, &sent);
    if let Some(email) = &g.email {
        let due = view.reminders.due_today.iter().map(|c| c.count).sum();
        let path = &loaded.location.path;
        view.reminders.held = crate::mail::quota::would_hold(g, email, path, &ctx.clock, due)?;
        view.reminders.sending = crate::mail::quota::sending(email);
    }
    view.readiness = view
        .readiness
        .map(|r| r.with_sent(&crate::mail::log::was_sent(&sent)));
    view.warnings = over_warnings(g, now);
    // `check`'s own "is over but still planned" is said above, with the command.
    // The others with their line, as `ug check` says them: the fix is an edit there.
    view.warnings.extend(
        loaded
            .warnings
            .iter()
            .filter(|d| !d.is(crate::diag::EVENT_OVER))
            .map(|d| match d.location() {
                Some(at) => format!("{at}: {}", d.message),
                None => d.message.clone(),
            }),
    );
    view.warnings.extend(view.momentum.warnings.iter().cloned());
    // Mail workstream: an announcement that is due but held up, and why
    // (an event without a venue is already listed under Reminders).
    view.warnings.extend(
        crate::mail::due::blocked_announcements(g, now)
            .iter()
            .filter(|b| g.event(&b.event).is_some_and(|e| e.venue.is_some()))
            .map(|b| b.line()),
    );
    view.warnings
        .extend(unanswered(ctx, g, &loaded.location.path));
    view.daily = crate::daily::last_run(&loaded.location.path, ctx.clock.instant(g.tz()).to_utc());
    view.warnings
        .extend(view.daily.as_ref().and_then(|d| d.stale()));
    view.style = ctx.out_style();
    render::show(&view, ctx.json)
}

/// Mail waiting for a person longer than `[inbox] answer_within` (SPEC
/// §5), as the last `ug inbox` left its log: one line, how many and the
/// oldest's age.
fn unanswered(ctx: &Ctx, g: &Group, group_file: &std::path::Path) -> Option<String> {
    let within = g.inbox.as_ref()?.answer_within;
    let now = ctx.clock.instant(g.tz()).timestamp();
    let late = crate::inbox::run::overdue(group_file, within, now).ok()?;
    let oldest = late.iter().map(|w| w.arrived).min()?;
    let n = late.len();
    Some(format!(
        "{n} {} waiting for a person longer than {}d (the oldest for {}): answer {}; `ug inbox` lists {}",
        if n == 1 { "message is" } else { "messages are" },
        within.0,
        crate::inbox::waiting::age(now - oldest),
        if n == 1 { "it" } else { "them" },
        if n == 1 { "it" } else { "them" },
    ))
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub group: String,
    pub city: Option<String>,
    pub timezone: String,
    pub schedule: Option<String>,
    pub now: NaiveDateTime,
    pub team: Team,
    pub members: Members,
    pub venues: Vec<Named>,
    pub sponsors: Vec<Named>,
    pub next_event: Option<EventSummary>,
    pub readiness: Option<crate::events::readiness::Readiness>,
    pub last_event: Option<EventSummary>,
    pub momentum: Momentum,
    pub tasks: TaskCounts,
    pub reminders: Reminders,
    pub warnings: Vec<String>,
    /// The last `ug daily` run, when it has a log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily: Option<crate::daily::LastRun>,
    #[serde(skip)]
    pub style: Style,
}

#[derive(Debug, Serialize)]
pub struct DueCount {
    pub kind: crate::mail::Kind,
    pub count: usize,
}

/// Mail: what `ug remind --send` would send today, and what comes next.
#[derive(Debug, Default, Serialize)]
pub struct Reminders {
    /// Messages due now, per kind.
    pub due_today: Vec<DueCount>,
    pub upcoming: Vec<crate::mail::due::Upcoming>,
    /// Live events that cannot be announced yet because they have no venue.
    pub waiting_for_venue: Vec<String>,
    /// Of the mail due now, what the sending quota holds back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<crate::mail::quota::Held>,
    /// The SMTP server and quota, when a provider or quota is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sending: Option<String>,
}

impl Reminders {
    pub fn new(g: &Group, now: NaiveDateTime, sent: &std::collections::HashSet<String>) -> Self {
        let due_today = crate::mail::due::count(g, now, &|k| sent.contains(k))
            .into_iter()
            .map(|(kind, count)| DueCount { kind, count })
            .collect();
        let mut upcoming = crate::mail::due::upcoming(g, now, 30);
        upcoming.truncate(5);
        let waiting_for_venue = g
            .events
            .iter()
            .filter(|e| e.status.is_live() && e.venue.is_none() && e.start > now)
            .map(|e| e.id.value.clone())
            .collect();
        Reminders {
            due_today,
            upcoming,
            waiting_for_venue,
            held: None,
            sending: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Team {
    pub organizers: Vec<String>,
    pub co_organizers: Vec<String>,
    pub helpers: Vec<String>,
    pub speakers: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Members {
    pub total: usize,
    /// Mailed: neither unsubscribed nor bounced.
    pub subscribed: usize,
    pub unsubscribed: usize,
    pub bounced: usize,
}

#[derive(Debug, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct TaskCounts {
    pub open: usize,
    pub overdue: usize,
    pub asked: usize,
    pub done: usize,
}

fn names(g: &Group, role: &str) -> Vec<String> {
    g.people
        .iter()
        .filter(|p| p.has_role(role))
        .map(|p| p.name.clone())
        .collect()
}

impl StatusView {
    pub fn new(g: &Group, now: NaiveDateTime) -> Self {
        let today = now.date();
        let unsubscribed = g.members.iter().filter(|m| m.unsubscribed).count();
        let bounced = g
            .members
            .iter()
            .filter(|m| m.bounced && !m.unsubscribed)
            .count();
        let open = g.tasks.iter().filter(|t| t.status.is_open());
        StatusView {
            group: g.group.name.clone(),
            city: g.group.city.clone(),
            timezone: g.tz().name().to_string(),
            schedule: g.schedule.as_ref().map(|s| {
                let rule =
                    Rule::parse(&s.rule).map_or_else(|_| s.rule.value.clone(), |r| r.describe());
                format!("{rule}, {}", s.time.format("%H:%M"))
            }),
            now,
            team: Team {
                organizers: names(g, "organizer"),
                co_organizers: names(g, "co-organizer"),
                helpers: names(g, "helper"),
                speakers: names(g, "speaker"),
            },
            members: Members {
                total: g.members.len(),
                subscribed: g.members.len() - unsubscribed - bounced,
                unsubscribed,
                bounced,
            },
            venues: g
                .venues
                .iter()
                .map(|v| Named {
                    id: v.id.value.clone(),
                    name: v.name.clone(),
                    detail: [v.kind.clone(), v.capacity.map(|c| format!("{c} seats"))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            sponsors: g
                .sponsors
                .iter()
                .map(|s| Named {
                    id: s.id.value.clone(),
                    name: s.name.clone(),
                    detail: s.provides.clone().unwrap_or_default(),
                })
                .collect(),
            next_event: next_event(g, now).map(|e| summary(g, e, today)),
            readiness: next_event(g, now).map(|e| crate::events::readiness::readiness(g, e, now)),
            last_event: last_held(g, now).map(|e| summary(g, e, today)),
            momentum: momentum(g, now),
            tasks: TaskCounts {
                open: open.clone().count(),
                overdue: open.filter(|t| t.due.is_some_and(|d| d < today)).count(),
                asked: g
                    .tasks
                    .iter()
                    .filter(|t| t.status == crate::model::TaskStatus::Asked)
                    .count(),
                done: g
                    .tasks
                    .iter()
                    .filter(|t| t.status == crate::model::TaskStatus::Done)
                    .count(),
            },
            reminders: Reminders::default(),
            warnings: Vec::new(),
            daily: None,
            style: Style::default(),
        }
    }
}
