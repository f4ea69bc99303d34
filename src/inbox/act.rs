//! What `ug inbox` does with each message it sorted (SPEC §5), decided on a
//! working copy of the group and written into the document of the run's one
//! edit:
//! - an RSVP: `events::rsvp::decide` at the message's arrival time
//!   (`via = "email"`, the name from the From display name, else the
//!   member entry), then `events::rsvp::apply`;
//! - a task ask answered yes / no: accepted / declined as `ug tasks accept`
//!   / `decline` do (a talk ask as `ug talks accept` / `decline`); "done" to a nudge: done as `ug tasks done` does (the
//!   task that confirms the venue confirms its event). An answer to an ask
//!   from anyone but the person asked, or "done" from anyone but the
//!   task's owner now (a former owner's old nudge), is left for a person
//!   (`rights`);
//! - unsubscribe: `unsubscribed = true` (an address not on the list: noted,
//!   nothing else); join: a new `[[members]]` entry joined on the arrival
//!   date; an address on the list is left as it is, except one that
//!   unsubscribed or bounced: writing "join" is the person asking to come
//!   back, so it is resubscribed (as `ug members add --resubscribe`);
//! - a hard bounce: the address's second within 30 days (counted from the
//!   log and this run, at their arrival) marks its member `bounced = true`;
//! - auto-replies, ug's own copies and mail for a person: nothing here;
//! - and, beside any of these, a talk the message offers (SPEC §9): a
//!   `proposed` `[[talks]]` entry (`talks::propose`; its speaker added to
//!   `[[people]]` when the address is not there), said after the class's
//!   own words; the message then waits for a person (see `log`).
//!
//! Every action is idempotent: redone after a crash between the edit and
//! the log line (see `log`), it finds its work done and changes nothing.
//! The notices an RSVP change returns are kept on the [`Action`]; the
//! reply a message is owed is too ([`Action::reply`], written on its log
//! line, sent by `ug remind --send` through the sent log): "RSVPs are
//! closed" for an answer refused (with `[signups] confirm`), a welcome for
//! a join that added (or put back) the address, "unsubscribed" for an
//! unsubscribe that set the flag, thanks for a "done" that marked the task
//! done. One that found its work done (a crash replay, or a repeat) owes
//! it "if not told before" (`welcome?`, `unsubscribed?`, `thanks?:12`),
//! which the log settles (see `log::owed`).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::Serialize;
use toml_edit::DocumentMut;

use super::{Class, Incoming};
use crate::error::Result;
use crate::events::rsvp::{self, Answer, Notice, Outcome, RsvpChange, Slot};
use crate::members::{self, Added, write as mwrite};
use crate::model::{self, Group, Member, RsvpStatus, Spanned, TaskStatus, Via, units};
use crate::tasks::{self, Change, Dates};

/// What was done with one message.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Action {
    /// In words, for the run's line: "yes, seat taken", "waitlisted #3".
    pub done: String,
    /// The group file changed for it.
    pub changed: bool,
    /// Mails due because of it (sent by a later step, through the sent log).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// The reply owed to the sender, as the inbox log holds it:
    /// `closed:EVENT:WHY`, `welcome`, `unsubscribed`, `thanks:TASK`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

impl Action {
    pub(super) fn said(done: impl Into<String>) -> Action {
        Action {
            done: done.into(),
            ..Action::default()
        }
    }
}

/// True for the classes whose handling may edit the group file.
pub fn edits(class: &Class) -> bool {
    matches!(
        class,
        Class::Rsvp { proven: true, .. }
            | Class::TaskAsk { .. }
            | Class::TalkAsk { .. }
            | Class::TaskDone { .. }
            | Class::Unsubscribe { proven: true }
            | Class::Join { proven: true }
            | Class::Bounce { hard: true, .. }
    )
}

/// Acts on `messages` in order, each decided on the group as the ones
/// before left it; `hard_bounces` are the log's (arrival times by address). A message whose
/// sender may not do what it asks becomes [`Class::Person`].
pub fn act(
    g: &Group,
    doc: &mut DocumentMut,
    hard_bounces: &HashMap<String, Vec<i64>>,
    messages: &mut [Incoming],
) -> Result<Vec<Action>> {
    let mut a = Actor {
        g: None,
        base: g,
        doc,
        hard: hard_bounces.clone(),
    };
    let mut out = Vec::with_capacity(messages.len());
    for m in messages.iter_mut() {
        out.push(a.one(m)?);
    }
    Ok(out)
}

struct Actor<'a, 'd> {
    /// The group as this run's actions left it (`None`: as read).
    g: Option<Group>,
    base: &'a Group,
    doc: &'d mut DocumentMut,
    hard: HashMap<String, Vec<i64>>,
}

impl Actor<'_, '_> {
    fn group(&self) -> &Group {
        self.g.as_ref().unwrap_or(self.base)
    }

    fn group_mut(&mut self) -> &mut Group {
        self.g.get_or_insert_with(|| self.base.clone())
    }

    /// The arrival time in the group's zone.
    fn local(&self, arrived: i64) -> NaiveDateTime {
        DateTime::from_timestamp(arrived, 0)
            .unwrap_or_default()
            .with_timezone(&self.group().tz())
            .naive_local()
    }

    fn one(&mut self, m: &mut Incoming) -> Result<Action> {
        let mut a = self.class(m)?;
        // No reply is owed to an address no message can be built for.
        if a.reply.is_some() && units::check_address(&m.from).is_err() {
            a.reply = None;
            let sep = if a.done.is_empty() { "" } else { "; " };
            a.done = format!(
                "{}{sep}not answered: the sender's address cannot be mailed",
                a.done
            );
        }
        if m.no_reply && a.reply.take().is_some() {
            a.done.push_str(" (not answered: automatic or list mail)");
        }
        if let Some(p) = m.proposal.clone() {
            let day = self.local(m.arrived).date();
            let g: &Group = self.g.as_ref().unwrap_or(self.base);
            let (said, change) = super::proposal::record(g, self.doc, m, &p, day)?;
            if let Some(c) = change.filter(|c| c.changed) {
                let g = self.group_mut();
                g.people.extend(c.new_person());
                g.talks.push(c.talk());
                a.changed = true;
            }
            a.done = [a.done.as_str(), said.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
        }
        Ok(a)
    }

    /// What the message's class asks for.
    fn class(&mut self, m: &mut Incoming) -> Result<Action> {
        let at = self.local(m.arrived);
        match m.class.clone() {
            class @ (Class::Rsvp { proven: false, .. }
            | Class::Unsubscribe { proven: false }
            | Class::Join { proven: false }) => {
                Ok(super::confirm::ask(self.group(), m, &class, at))
            }
            Class::Rsvp {
                event, yes, guests, ..
            } => self.rsvp(m, &event, yes, guests, at),
            Class::TaskAsk { task, yes } => self.task(m, &task, Some(yes), at),
            Class::TalkAsk { talk, yes } => self.talk(m, &talk, yes),
            Class::TaskDone { task } => self.tasks_done(m, &task, at),
            Class::Unsubscribe { .. } => self.unsubscribe(&m.from),
            Class::Join { .. } => self.join(m, at.date()),
            Class::Bounce {
                hard, recipient, ..
            } => self.bounce(hard, recipient.as_deref(), m.arrived),
            Class::AutoReply => Ok(Action::said("not answered")),
            Class::Own => Ok(Action::said("ignored")),
            Class::Person => Ok(Action::default()),
        }
    }

    fn rsvp(
        &mut self,
        m: &Incoming,
        event: &str,
        yes: bool,
        guests: u32,
        at: NaiveDateTime,
    ) -> Result<Action> {
        if let Err(e) = units::check_address(&m.from) {
            return Ok(Action::said(format!("not recorded: {e}")));
        }
        let g = self.group();
        let Some(i) = g.events.iter().position(|e| e.id.value == event) else {
            return Ok(Action::said(format!(
                "not recorded: no event {event} in the file"
            )));
        };
        if let Some(why) = super::rights::not_announced(&g.events[i]) {
            return Ok(Action::said(format!("not recorded: {why}")));
        }
        let answer = Answer {
            email: m.from.clone(),
            name: Some(m.name.trim().to_string()).filter(|n| !n.is_empty()),
            yes,
            guests,
            via: Via::Email,
        };
        let confirm = g.signups.confirm;
        let change = rsvp::decide(&g.events[i], g, &answer, at);
        if change.changed() {
            rsvp::apply(self.doc, &change)?;
            let list = &mut self.group_mut().events[i].rsvps;
            for (slot, r) in &change.writes {
                match slot {
                    Slot::At(j) if *j < list.len() => list[*j] = r.clone(),
                    _ => list.push(r.clone()),
                }
            }
        }
        let reply = match change.outcome {
            Outcome::Refused { reason } if confirm => Some(format!("closed:{event}:{reason}")),
            _ => None,
        };
        Ok(Action {
            done: rsvp_said(&change, guests),
            changed: change.changed(),
            notices: change.notices,
            reply,
        })
    }

    /// A task's answer (`yes`: Some) or "done" (None).
    fn task(
        &mut self,
        m: &mut Incoming,
        task: &str,
        yes: Option<bool>,
        at: NaiveDateTime,
    ) -> Result<Action> {
        let g: &Group = self.g.as_ref().unwrap_or(self.base);
        let Ok(id) = task.parse::<i64>() else {
            return Ok(Action::said(format!("not changed: no task {task}")));
        };
        if let Some(said) = super::rights::task_refused(g, id, yes.is_none(), &m.from) {
            m.class = Class::Person;
            return Ok(Action::said(said));
        }
        let dates = Dates {
            today: at.date(),
            due: None,
        };
        let decided = match yes {
            Some(true) => tasks::accept(g, id, dates),
            Some(false) => tasks::decline(g, id),
            None => tasks::done(g, id, at.date()),
        };
        let change = match decided {
            Ok(c) => c,
            Err(e) => return Ok(Action::said(format!("not changed: {e}"))),
        };
        let was_done = g.task(id).is_some_and(|t| t.status == TaskStatus::Done);
        tasks::apply(self.doc, &change)?;
        let mut done = change.message.clone();
        if yes.is_none() && change.changed {
            done.push_str(&confirm_event(self.doc, g, id, at)?);
        }
        if change.changed {
            // Tasks change many keys: the model is read again from the document.
            self.g = Some(model::from_table(self.doc.as_table()).0);
        }
        // Already done: thanked unless an earlier message was (see `log`).
        let thanks = match (yes, change.changed) {
            (None, true) => Some(format!("thanks:{id}")),
            (None, false) if was_done => Some(format!("thanks?:{id}")),
            _ => None,
        };
        Ok(Action {
            reply: thanks,
            ..task_action(change, done)
        })
    }

    /// "done" for one task, or for several named in a reply to a nudge
    /// digest (`task` is `12 14`): each as `ug tasks done`, one reply owed
    /// (`thanks:12 14`) for those that changed.
    fn tasks_done(&mut self, m: &mut Incoming, task: &str, at: NaiveDateTime) -> Result<Action> {
        let ids: Vec<&str> = task.split_whitespace().collect();
        if ids.len() < 2 {
            return self.task(m, task, None, at);
        }
        let mut out = Action::default();
        let mut thanked = Vec::new();
        for id in ids {
            let a = self.task(m, id, None, at)?;
            out.changed |= a.changed;
            if a.reply.as_deref().is_some_and(|r| r.starts_with("thanks:")) {
                thanked.push(id);
            }
            if !out.done.is_empty() {
                out.done.push_str("; ");
            }
            out.done.push_str(&a.done);
        }
        out.reply = (!thanked.is_empty()).then(|| format!("thanks:{}", thanked.join(" ")));
        Ok(out)
    }

    fn member(&self, email: &str) -> Option<usize> {
        let key = members::key(email);
        self.group()
            .members
            .iter()
            .position(|m| members::key(&m.email.value) == key)
    }

    fn unsubscribe(&mut self, from: &str) -> Result<Action> {
        let Some(i) = self.member(from) else {
            return Ok(Action::said(format!(
                "{from} is not on the member list: nothing to do"
            )));
        };
        if self.group().members[i].unsubscribed {
            return Ok(Action {
                reply: Some("unsubscribed?".into()),
                ..Action::said("already unsubscribed: nothing changed")
            });
        }
        mwrite::unsubscribe(self.doc, from)?;
        self.group_mut().members[i].unsubscribed = true;
        Ok(Action {
            done: "unsubscribed: no more mail".into(),
            changed: true,
            notices: Vec::new(),
            reply: Some("unsubscribed".into()),
        })
    }

    fn join(&mut self, m: &Incoming, today: NaiveDate) -> Result<Action> {
        let name = Some(m.name.trim()).filter(|n| !n.is_empty());
        let added = match members::add(self.group(), &m.from, name, today, true) {
            Ok(a) => a,
            Err(e) => return Ok(Action::said(format!("not added: {e}"))),
        };
        let done = match added {
            Added::Added(new) => {
                mwrite::append(self.doc, std::slice::from_ref(&new))?;
                self.group_mut().members.push(Member {
                    name: new.name.clone(),
                    email: Spanned::new(new.email.clone(), None),
                    joined: Some(new.joined),
                    unsubscribed: false,
                    bounced: false,
                });
                format!("added to the member list (joined {})", new.joined)
            }
            Added::AlreadyOn { .. } => {
                return Ok(Action {
                    reply: Some("welcome?".into()),
                    ..Action::said("already on the member list: nothing changed")
                });
            }
            Added::Resubscribed { email, .. } => {
                mwrite::resubscribe(self.doc, &email)?;
                if let Some(i) = self.member(&email) {
                    let mm = &mut self.group_mut().members[i];
                    mm.unsubscribed = false;
                    mm.bounced = false;
                }
                "back on the member list (they asked to join again)".to_string()
            }
        };
        Ok(Action {
            done,
            changed: true,
            notices: Vec::new(),
            reply: Some("welcome".into()),
        })
    }

    /// A hard bounce for `recipient`, arrived at `at`: the second within
    /// [`bounce::WINDOW_DAYS`](super::bounce::WINDOW_DAYS) marks it.
    fn bounce(&mut self, hard: bool, recipient: Option<&str>, at: i64) -> Result<Action> {
        let Some(to) = recipient.filter(|_| hard) else {
            return Ok(Action::said("not answered"));
        };
        let times = self.hard.entry(to.to_lowercase()).or_default();
        times.push(at);
        let n = super::bounce::within_window(times, at);
        if n < 2 {
            return Ok(Action::said(format!(
                "hard bounce #1 for {to} (a second marks it bounced)"
            )));
        }
        let Some(i) = self.member(to) else {
            return Ok(Action::said(format!(
                "hard bounce #{n} for {to}, not a member: nothing to mark"
            )));
        };
        if self.group().members[i].bounced {
            return Ok(Action::said(format!(
                "hard bounce #{n}: {to} is already marked bounced"
            )));
        }
        mwrite::bounce(self.doc, to)?;
        self.group_mut().members[i].bounced = true;
        Ok(Action {
            done: format!("hard bounce #{n}: {to} marked bounced, no longer mailed"),
            changed: true,
            notices: Vec::new(),
            reply: None,
        })
    }
}

/// Done, the task that confirms the venue confirms its event (as `ug tasks done`).
fn confirm_event(doc: &mut DocumentMut, g: &Group, id: i64, now: NaiveDateTime) -> Result<String> {
    let Some(ev) = g.task(id).and_then(|t| tasks::confirms_event(g, t)) else {
        return Ok(String::new());
    };
    match crate::events::change::decide_confirm(ev, now) {
        Ok(c) if c.changed => {
            crate::events::change::apply(doc, &c)?;
            Ok(format!(
                " {}",
                crate::events::change::confirmed_message(g, ev, now.date())
            ))
        }
        _ => Ok(String::new()),
    }
}

impl Actor<'_, '_> {
    /// A talk ask answered (see `talk_answer`).
    fn talk(&mut self, m: &mut Incoming, talk: &str, yes: bool) -> Result<Action> {
        let g: &Group = self.g.as_ref().unwrap_or(self.base);
        let a = super::talk_answer::answer(g, self.doc, m, talk, yes)?;
        if a.changed {
            self.g = Some(model::from_table(self.doc.as_table()).0);
        }
        Ok(a)
    }
}

fn task_action(change: Change, done: String) -> Action {
    Action {
        done,
        changed: change.changed,
        notices: Vec::new(),
        reply: None,
    }
}

/// An RSVP's outcome in words: "yes, seat taken", "waitlisted #3",
/// "no; moved up: bo@x", "not recorded: RSVPs closed on ...".
fn rsvp_said(c: &RsvpChange, asked_guests: u32) -> String {
    let mut s = match c.outcome {
        Outcome::Recorded { status, position } => match status {
            RsvpStatus::Yes => {
                let g = asked_guests.min(c.guests_capped.unwrap_or(u32::MAX));
                match g {
                    0 => "yes, seat taken".to_string(),
                    g => format!("yes +{g}, {} seats taken", g + 1),
                }
            }
            RsvpStatus::Waitlist => match position {
                Some(n) => format!("waitlisted #{n}"),
                None => "waitlisted".to_string(),
            },
            RsvpStatus::No => "no, recorded".to_string(),
        },
        Outcome::Unchanged { status } => format!("unchanged (already {})", status.as_str()),
        Outcome::Refused { reason } => format!("not recorded: {reason}"),
        Outcome::Seats => String::new(),
    };
    if let Some(cap) = c.guests_capped {
        s.push_str(&format!(" (guests capped at {cap})"));
    }
    if !c.promoted.is_empty() {
        s.push_str(&format!("; moved up: {}", c.promoted.join(", ")));
    }
    s
}
