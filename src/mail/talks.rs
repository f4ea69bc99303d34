//! The talk mails that are due, as part of `due`'s walk (SPEC §9):
//! - talk-ask: the personal ask to speak, for a talk in status `asked`, to
//!   its speaker, from `asked_on`, while the event asked for (if it names
//!   one) is still to come; keyed `talk-ask:TALK:ASKED_ON:ADDRESS`, so asking
//!   again another day is a new message and the same day is not;
//! - talk-thanks: to the speaker of a `given` talk, from `reminders.thanks`
//!   after its held event, for 14 days; once per talk (`talk-thanks:TALK:ADDRESS`).
//!
//! And what their templates see of the talk.

use serde::Serialize;

use crate::mail::Kind;
use crate::mail::due::{Found, Walk, mail_to, thanks_open};
use crate::mail::key::{About, SentKey};
use crate::model::{Group, Talk, TalkStatus};
use crate::talks;

impl<'g> Walk<'g, '_> {
    pub(super) fn talk(&mut self, t: &'g Talk) {
        let (g, now) = (self.g, self.now);
        let Some(p) = talks::speaker_of(t).and_then(|s| g.person(s)) else {
            return;
        };
        let id = t.id.value;
        let (kind, about, event) = match t.status {
            TalkStatus::Asked => {
                let named = talks::event_of(t).map(|e| g.event(e));
                // Nobody is asked to speak at a meetup that is over.
                if let Some(e) = named
                    && e.is_none_or(|e| !talks::to_come(e, now))
                {
                    return;
                }
                if t.asked_on.is_some_and(|d| now.date() < d) {
                    return;
                }
                let event = talks::event_for(g, t, now).map(|e| e.id.value.as_str());
                (Kind::TalkAsk, About::Task(id, t.asked_on), event)
            }
            TalkStatus::Given => {
                let Some(e) = talks::event_of(t).and_then(|e| g.event(e)) else {
                    return;
                };
                if !thanks_open(g, e, now) {
                    return;
                }
                (
                    Kind::SpeakerThanks,
                    About::Talk(id),
                    Some(e.id.value.as_str()),
                )
            }
            _ => return,
        };
        self.offer(Found {
            key: SentKey {
                kind,
                about,
                to: mail_to(p),
            },
            event,
            task: Some(id),
            name: &p.name,
            with: None,
        });
    }
}

/// What a talk mail's templates see as `talk`.
#[derive(Debug, Clone, Serialize)]
pub struct TalkCtx {
    pub id: i64,
    /// Its title; "a talk" while it has none.
    pub title: String,
    pub has_title: bool,
    /// "talk", "lightning talk", "tutorial".
    pub kind: String,
    pub minutes: u32,
}

pub fn talk_ctx(g: &Group, t: &Talk) -> TalkCtx {
    let kind = talks::kind_phrase(t.kind)
        .trim_start_matches("A ")
        .to_string();
    let has_title = t.title.as_deref().is_some_and(|s| !s.trim().is_empty());
    TalkCtx {
        id: t.id.value,
        title: if has_title {
            talks::title_of(g, t)
        } else {
            format!("a {kind}")
        },
        has_title,
        kind,
        minutes: talks::minutes_of(t),
    }
}
