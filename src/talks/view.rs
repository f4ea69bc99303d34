//! `ug talks`: the pipeline, from proposals to the agenda, and the asks
//! waiting for an answer (flagged after three days). One view, printed as
//! text (80 columns) or `--json`.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{
    ASK_FOLLOW_UP_DAYS, event_of, minutes_of, speaker_of, title_of, upcoming, waiting_for,
};
use crate::model::{Group, Talk, TalkKind, TalkStatus};
use crate::tasks::name_of;
use crate::term::Style;

/// One talk as `ug talks` lists it.
#[derive(Debug, Serialize)]
pub struct TalkRow {
    pub id: i64,
    pub title: String,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub kind: TalkKind,
    pub minutes: u32,
    pub status: TalkStatus,
    pub event: Option<String>,
    pub asked_on: Option<NaiveDate>,
    /// For an ask: days since it was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_days: Option<i64>,
    /// For an ask: waiting three days or more, follow up.
    pub follow_up: bool,
}

/// The talks of one event, in file order.
#[derive(Debug, Serialize)]
pub struct EventTalks {
    pub event: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub talks: Vec<TalkRow>,
    /// Its open agenda slots (for an upcoming event).
    pub open_slots: usize,
}

/// The pipeline. Serializes as `ug talks --json`.
#[derive(Debug, Serialize)]
pub struct TalksView {
    pub today: NaiveDate,
    pub proposed: Vec<TalkRow>,
    pub asked: Vec<TalkRow>,
    /// Accepted, not yet on an agenda.
    pub accepted: Vec<TalkRow>,
    /// Scheduled, per event (soonest first).
    pub scheduled: Vec<EventTalks>,
    /// How many talks were given, and declined or withdrawn.
    pub given: usize,
    pub declined: usize,
    #[serde(skip)]
    style: Style,
}

impl TalksView {
    pub fn new(g: &Group, now: NaiveDateTime, style: Style) -> TalksView {
        let today = now.date();
        let rows = |s: TalkStatus| -> Vec<TalkRow> {
            g.talks
                .iter()
                .filter(|t| t.status == s)
                .map(|t| row(g, t, today))
                .collect()
        };
        let mut scheduled: Vec<EventTalks> = Vec::new();
        for t in g.talks.iter().filter(|t| t.status == TalkStatus::Scheduled) {
            let id = event_of(t).unwrap_or("?");
            match scheduled.iter_mut().find(|e| e.event == id) {
                Some(e) => e.talks.push(row(g, t, today)),
                None => {
                    let ev = g.event(id);
                    scheduled.push(EventTalks {
                        event: id.to_string(),
                        title: ev.map(|e| e.title.clone()),
                        date: ev.map(|e| e.start.date()),
                        talks: vec![row(g, t, today)],
                        open_slots: 0,
                    });
                }
            }
        }
        // Upcoming events with open slots are listed even with no talk yet.
        for e in upcoming(g, now) {
            let (open, _) = waiting_for(g, e);
            match scheduled.iter_mut().find(|s| s.event == e.id.value) {
                Some(s) => s.open_slots = open,
                None if open > 0 => scheduled.push(EventTalks {
                    event: e.id.value.clone(),
                    title: Some(e.title.clone()),
                    date: Some(e.start.date()),
                    talks: Vec::new(),
                    open_slots: open,
                }),
                None => {}
            }
        }
        scheduled.sort_by_key(|e| e.date);
        let count = |s: &[TalkStatus]| g.talks.iter().filter(|t| s.contains(&t.status)).count();
        TalksView {
            today,
            proposed: rows(TalkStatus::Proposed),
            asked: rows(TalkStatus::Asked),
            accepted: rows(TalkStatus::Accepted),
            scheduled,
            given: count(&[TalkStatus::Given]),
            declined: count(&[TalkStatus::Declined, TalkStatus::Withdrawn]),
            style,
        }
    }
}

fn row(g: &Group, t: &Talk, today: NaiveDate) -> TalkRow {
    let waiting = (t.status == TalkStatus::Asked)
        .then(|| t.asked_on.map(|d| (today - d).num_days()))
        .flatten();
    TalkRow {
        id: t.id.value,
        title: title_of(g, t),
        speaker: speaker_of(t).map(str::to_string),
        speaker_name: speaker_of(t).map(|s| name_of(g, s).to_string()),
        kind: t.kind,
        minutes: minutes_of(t),
        status: t.status,
        event: event_of(t).map(str::to_string),
        asked_on: t.asked_on,
        waiting_days: waiting,
        follow_up: waiting.is_some_and(|d| d >= ASK_FOLLOW_UP_DAYS),
    }
}

/// At most `n` characters, with "…" when cut.
fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// "  #3  talk       30m  Testing Django apps with pytest   Kofi Mensah"
fn line(f: &mut fmt::Formatter<'_>, r: &TalkRow, indent: &str) -> fmt::Result {
    let who = fit(r.speaker_name.as_deref().unwrap_or("(no speaker)"), 20);
    let head = format!(
        "{indent}#{:<3} {:<9} {:>3}m  ",
        r.id,
        r.kind.as_str(),
        r.minutes
    );
    // The speaker column starts at 58 whatever the indent; 78 wide in all.
    let room = 56usize.saturating_sub(head.chars().count());
    writeln!(f, "{head}{:<room$}  {who}", fit(&r.title, room))
}

impl fmt::Display for TalksView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.style;
        let section = |f: &mut fmt::Formatter<'_>, name: &str, rows: &[TalkRow]| {
            writeln!(f, "{} ({})", st.bold(name), rows.len())?;
            rows.iter().try_for_each(|r| line(f, r, "  "))
        };
        section(f, "Proposed", &self.proposed)?;
        section(f, "Accepted, not on an agenda yet", &self.accepted)?;
        writeln!(f, "{}", st.bold("Scheduled"))?;
        if self.scheduled.is_empty() {
            writeln!(f, "  (none)")?;
        }
        for e in &self.scheduled {
            let open = match e.open_slots {
                0 => String::new(),
                n => format!(", {}", crate::words::plural(n as i64, "open slot")),
            };
            let title = fit(e.title.as_deref().unwrap_or(""), 50);
            writeln!(f, "  {} {title}{open}", e.event)?;
            e.talks.iter().try_for_each(|r| line(f, r, "    "))?;
        }
        writeln!(
            f,
            "{} ({})",
            st.bold("Asked, waiting for an answer"),
            self.asked.len()
        )?;
        for r in &self.asked {
            line(f, r, "  ")?;
            if let (Some(on), Some(days)) = (r.asked_on, r.waiting_days) {
                let note = format!("asked {on}, {} ago", crate::words::plural(days, "day"));
                if r.follow_up {
                    let who = r.speaker_name.as_deref().unwrap_or("them");
                    writeln!(
                        f,
                        "       {}",
                        st.warning(&format!("{note}: follow up with {who}"))
                    )?;
                } else {
                    writeln!(f, "       {note}")?;
                }
            }
        }
        writeln!(
            f,
            "Given: {}; declined or withdrawn: {}",
            self.given, self.declined
        )
    }
}
