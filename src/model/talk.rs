//! `[[talks]]` (SPEC §9): a talk as the model holds it, what its status and
//! kind mean, and its cross-section checks (ids once, a speaker who is a
//! person, a scheduled talk's event).

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use super::validate::Refs;
use super::{AgendaKind, Group, Id, Spanned, TalkKind, TalkStatus};
use crate::diag::Diagnostic;

/// `[[talks]]` (SPEC §9): one talk, from a proposal or a direct ask to
/// given. The speaker is a person id (speakers are people).
#[derive(Debug, Clone, Serialize)]
pub struct Talk {
    pub id: Spanned<i64>,
    /// Unset while an ask names no title yet.
    pub title: Option<String>,
    pub speaker: Option<Id>,
    pub minutes: Option<u32>,
    pub kind: TalkKind,
    pub status: TalkStatus,
    /// The event it is (or was) on, once scheduled.
    pub event: Option<Id>,
    /// When `ug talks ask` asked the speaker directly.
    pub asked_on: Option<NaiveDate>,
    pub notes: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl TalkStatus {
    /// Still on its way to an agenda: proposed, asked or accepted.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Proposed | Self::Asked | Self::Accepted)
    }
}

impl TalkKind {
    /// The agenda slot kind this talk fills.
    pub fn agenda_kind(self) -> AgendaKind {
        match self {
            Self::Talk => AgendaKind::Talk,
            Self::Lightning => AgendaKind::Lightning,
            Self::Tutorial => AgendaKind::Tutorial,
        }
    }
}

/// Talks: each id once, a speaker who is a person, a scheduled talk's event.
pub(super) fn check(out: &mut Vec<Diagnostic>, g: &Group, refs: &Refs) {
    let mut ids = HashSet::with_capacity(g.talks.len());
    for t in &g.talks {
        if !ids.insert(t.id.value) {
            out.push(
                Diagnostic::error(
                    format!("duplicate talk id {}", t.id.value),
                    t.id.span.clone(),
                )
                .with_hint(
                    "every talk needs its own number; `ug talks ask` picks the next free one",
                ),
            );
        }
        let what = format!("talk {}", t.id.value);
        if let Some(s) = &t.speaker {
            refs.check(out, "person", s, &what);
        }
        match &t.event {
            Some(ev) => refs.check(out, "event", ev, &what),
            None if matches!(t.status, TalkStatus::Scheduled | TalkStatus::Given) => out.push(
                Diagnostic::error(
                    format!("talk {} is {} but names no `event`", t.id.value, t.status),
                    t.id.span.clone(),
                )
                .with_hint(format!(
                    "`ug talks schedule {} EVENT` puts it on an event",
                    t.id.value
                )),
            ),
            None => {}
        }
    }
}
