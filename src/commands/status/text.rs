//! How `ug status` reads on a terminal: the one-screen table (the team,
//! the next and last event, tasks and mail) and the warnings under it.

use std::fmt;

use comfy_table::{Table, presets};

use super::{Named, StatusView};
use crate::events::days_to_go;

/// The coming sends, one entry per kind and day: "announce Tue Nov 24 (39
/// people)", "nudge Sat Nov 28 (tasks 12, 14)". Two nudges on one day are
/// one entry, not the same words twice.
fn upcoming_lines(upcoming: &[crate::mail::due::Upcoming]) -> Vec<String> {
    let mut groups: Vec<(&crate::mail::due::Upcoming, Vec<String>, usize)> = Vec::new();
    for u in upcoming {
        let whats: Vec<String> = match (&u.event, u.task) {
            (_, Some(t)) if u.tasks.is_empty() => vec![t.to_string()],
            (_, Some(_)) => u.tasks.iter().map(i64::to_string).collect(),
            (Some(e), None) => vec![e.clone()],
            (None, None) => Vec::new(),
        };
        match groups
            .iter_mut()
            .find(|(g, _, _)| g.kind == u.kind && g.date == u.date)
        {
            Some((_, seen, n)) => {
                for what in whats {
                    if !seen.contains(&what) {
                        seen.push(what);
                    }
                }
                *n += u.recipients;
            }
            None => groups.push((u, whats, u.recipients)),
        }
    }
    groups
        .into_iter()
        .map(|(u, whats, n)| {
            let detail = if u.task.is_some() {
                format!(
                    "task{} {}",
                    if whats.len() == 1 { "" } else { "s" },
                    whats.join(", ")
                )
            } else {
                crate::words::plural(n as i64, "person")
            };
            format!(
                "{} {} ({detail})",
                u.kind.as_str(),
                u.date.format("%a %b %-d")
            )
        })
        .collect()
}

fn join_or(list: &[String], none: &str) -> String {
    if list.is_empty() {
        none.to_string()
    } else {
        list.join(", ")
    }
}

/// "Acme (hall, 80 seats), Beta (roof)".
fn named_list(list: &[Named]) -> Vec<String> {
    list.iter()
        .map(|n| format!("{} ({})", n.name, n.detail))
        .collect()
}

impl StatusView {
    /// The team, members, venues and sponsors.
    fn group_rows(&self, t: &mut Table) {
        let team = &self.team;
        for (label, list, none) in [
            ("Organizers", &team.organizers, "nobody"),
            ("Co-organizers", &team.co_organizers, "nobody yet"),
            ("Helpers", &team.helpers, "none"),
            ("Speakers", &team.speakers, "none"),
        ] {
            t.add_row(vec![label.to_string(), join_or(list, none)]);
        }
        let m = &self.members;
        let bounced = if m.bounced == 0 {
            String::new()
        } else {
            format!(", {} bounced", m.bounced)
        };
        t.add_row(vec![
            "Members".to_string(),
            format!(
                "{} subscribed ({} unsubscribed{bounced})",
                m.subscribed, m.unsubscribed
            ),
        ]);
        t.add_row(vec![
            "Venues".to_string(),
            join_or(&named_list(&self.venues), "none"),
        ]);
        t.add_row(vec![
            "Sponsors".to_string(),
            join_or(&named_list(&self.sponsors), "none"),
        ]);
    }

    /// The next event, how ready it is, and the last one held.
    fn event_rows(&self, t: &mut Table) {
        let next = match &self.next_event {
            Some(e) => format!(
                "{} · {} · {} · {} ({})",
                e.start.format("%a %b %-d, %H:%M"),
                e.title,
                e.venue.as_deref().unwrap_or("no venue yet"),
                e.status.as_str(),
                days_to_go(e.days)
            ),
            None => "nothing planned: run `ug next-meetup`".to_string(),
        };
        t.add_row(vec!["Next event".to_string(), next]);
        if let Some(r) = &self.readiness {
            let todo = if r.todo.is_empty() {
                "ready".to_string()
            } else {
                r.todo.join("; ")
            };
            t.add_row(vec!["Readiness".to_string(), todo]);
        }
        if let Some(e) = &self.last_event {
            let att = e
                .attendance
                .map(|a| format!(", {a} came"))
                .unwrap_or_default();
            let since = self
                .momentum
                .days_since_last
                .map(|d| format!(" ({})", crate::words::days_from_today(-d)))
                .unwrap_or_default();
            t.add_row(vec![
                "Last event".to_string(),
                format!(
                    "{} · {}{att}{since}",
                    e.start.format("%a %b %-d %Y"),
                    e.title
                ),
            ]);
        }
    }

    /// Tasks, and the mail due now and next.
    fn work_rows(&self, t: &mut Table) {
        let overdue = if self.tasks.overdue > 0 {
            self.style.red(&format!("{} overdue", self.tasks.overdue))
        } else {
            "none overdue".to_string()
        };
        t.add_row(vec![
            "Tasks".to_string(),
            format!(
                "{} open, {overdue}, {} asked",
                self.tasks.open, self.tasks.asked
            ),
        ]);
        let r = &self.reminders;
        let due = if r.due_today.is_empty() {
            "nothing due today".to_string()
        } else {
            let parts: Vec<String> = r
                .due_today
                .iter()
                .map(|c| format!("{} {}", c.count, c.kind.as_str()))
                .collect();
            format!("due now: {} (`ug remind --send`)", parts.join(", "))
        };
        let next: Vec<String> = upcoming_lines(&r.upcoming).into_iter().take(3).collect();
        let next = if next.is_empty() {
            String::new()
        } else {
            format!("; next: {}", next.join(", "))
        };
        t.add_row(vec!["Reminders".to_string(), format!("{due}{next}")]);
        if let Some(h) = &r.held {
            t.add_row(vec![String::new(), h.line()]);
        }
        if let Some(how) = &r.sending {
            t.add_row(vec!["Sending".to_string(), how.clone()]);
        }
        for id in &r.waiting_for_venue {
            t.add_row(vec![
                String::new(),
                format!("event {id} has no venue yet: its announcement waits for one"),
            ]);
        }
    }
}

impl fmt::Display for StatusView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.style;
        let place = self
            .city
            .as_deref()
            .map(|c| format!(" · {c}"))
            .unwrap_or_default();
        writeln!(f, "{}{place} · {}", s.bold(&self.group), self.timezone)?;
        if let Some(rule) = &self.schedule {
            writeln!(f, "Meets {rule}")?;
        }
        writeln!(f)?;
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        self.group_rows(&mut t);
        self.event_rows(&mut t);
        self.work_rows(&mut t);
        for line in t.lines() {
            writeln!(f, "{}", line.trim_end())?;
        }
        if let Some(d) = &self.daily {
            writeln!(f, "\nDaily run  {}", d.line())?;
        }
        if !self.warnings.is_empty() {
            writeln!(f)?;
            for w in &self.warnings {
                writeln!(f, "{}: {w}", s.warning("warning"))?;
            }
        }
        Ok(())
    }
}
