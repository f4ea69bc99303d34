//! The reader's half for what the group plans: events and their agendas,
//! tasks, the checklist, and the format skeletons.

use std::collections::BTreeMap;

use toml_edit::{Table, TableLike};

use super::schema::{agenda_item, checklist, event, task, top};
use super::*;

impl Reader {
    pub(super) fn event(&mut self, t: &dyn TableLike, span: Span) -> Event {
        let f = self.fields(t, span.clone(), event::WHAT, event::KEYS);
        let status = self.req_str_spanned(&f, event::STATUS).and_then(|s| {
            let st = EventStatus::parse(&s.value);
            if st.is_none() {
                self.err(
                    format!(
                        "unknown event status \"{}\"; use one of {}",
                        s.value,
                        list(&EventStatus::ALL)
                    ),
                    s.span.clone(),
                );
            }
            st
        });
        let agenda = self.array(t, event::AGENDA, agenda_item::WHAT, |r, t, s| {
            r.agenda_item(t, s, agenda_item::WHAT)
        });
        let id = self.req_id(&f, event::ID);
        let rsvps = self.rsvps(t, &id.value);
        Event {
            id,
            title: self.req_str(&f, event::TITLE).unwrap_or_default(),
            start: self.req_datetime(&f, event::START).unwrap_or_default(),
            duration: self.minutes(&f, event::DURATION),
            format: self.str(&f, event::FORMAT),
            venue: self.str_spanned(&f, event::VENUE),
            sponsors: self.id_array(&f, event::SPONSORS),
            status: status.unwrap_or(EventStatus::Planned),
            capacity: self.count(&f, event::CAPACITY),
            attendance: self.count(&f, event::ATTENDANCE),
            sequence: self.count(&f, event::SEQUENCE).unwrap_or(0),
            told_start: f
                .get(event::TOLD_START)
                .is_some()
                .then(|| self.req_datetime(&f, event::TOLD_START))
                .flatten(),
            told_venue: self.str(&f, event::TOLD_VENUE),
            told_sequence: self.count(&f, event::TOLD_SEQUENCE),
            agenda,
            rsvps,
            span,
        }
    }

    pub(super) fn agenda_item(&mut self, t: &dyn TableLike, span: Span, what: &str) -> AgendaItem {
        let f = self.fields(t, span.clone(), what, agenda_item::KEYS);
        let kind = self.str_spanned(&f, agenda_item::KIND).and_then(|k| {
            let kind = AgendaKind::parse(&k.value);
            if kind.is_none() {
                let mut msg = format!("unknown agenda kind \"{}\"", k.value);
                if let Some(n) = nearest(&k.value, AgendaKind::ALL) {
                    msg.push_str(&format!("; did you mean \"{n}\"?"));
                }
                self.diags.push(
                    Diagnostic::error(msg, k.span.clone())
                        .with_hint(format!("kinds are {}", list(&AgendaKind::ALL))),
                );
            }
            kind
        });
        let minutes = match f.get(agenda_item::MINUTES) {
            None => {
                self.err(
                    format!("agenda item in {what} has no `minutes`: say how long it takes, e.g. `minutes = 30`"),
                    span.clone(),
                );
                0
            }
            Some(item) => match self.u32(&f, agenda_item::MINUTES) {
                Some(0) => {
                    self.err(
                        format!("agenda item in {what} has `minutes = 0`: say how long it takes"),
                        item_span(item),
                    );
                    0
                }
                // Longer than a day is a typo; the bound also keeps the
                // agenda's sums far from overflowing.
                Some(m) if m > MAX_ITEM_MINUTES => {
                    self.err(
                        format!("agenda item in {what} has `minutes = {m}`, more than a day: say how long it takes, e.g. `minutes = 30`"),
                        item_span(item),
                    );
                    0
                }
                m => m.unwrap_or(0),
            },
        };
        AgendaItem {
            title: self.req_str(&f, agenda_item::TITLE).unwrap_or_default(),
            kind,
            minutes,
            speaker: self.str_spanned(&f, agenda_item::SPEAKER),
            span,
        }
    }

    pub(super) fn task(&mut self, t: &dyn TableLike, span: Span) -> Task {
        let f = self.fields(t, span.clone(), task::WHAT, task::KEYS);
        let id = match f.get(task::ID) {
            Some(item) => match item.as_integer() {
                Some(n) => Spanned::new(n, item_span(item)),
                None => {
                    self.type_err(&f, task::ID, item, "a whole number, like `id = 12`");
                    Spanned::new(0, item_span(item))
                }
            },
            None => {
                self.err(
                    "a task in [[tasks]] has no `id`: give it the next free number, e.g. `id = 13`",
                    span.clone(),
                );
                Spanned::new(0, span.clone())
            }
        };
        let status = match self.str_spanned(&f, task::STATUS) {
            None => TaskStatus::Open,
            Some(s) => TaskStatus::parse(&s.value).unwrap_or_else(|| {
                self.err(
                    format!(
                        "unknown task status \"{}\"; use one of {}",
                        s.value,
                        list(&TaskStatus::ALL)
                    ),
                    s.span.clone(),
                );
                TaskStatus::Open
            }),
        };
        Task {
            id,
            title: self.req_str(&f, task::TITLE).unwrap_or_default(),
            owner: self.str_spanned(&f, task::OWNER),
            due: self.date(&f, task::DUE),
            event: self.str_spanned(&f, task::EVENT),
            status,
            done_on: self.date(&f, task::DONE_ON),
            notes: self.str(&f, task::NOTES),
            asked: self.str_spanned(&f, task::ASKED),
            asked_on: self.date(&f, task::ASKED_ON),
            confirms: self.confirms(&f),
            span,
        }
    }

    pub(super) fn checklist_item(&mut self, t: &dyn TableLike, span: Span) -> ChecklistItem {
        let f = self.fields(t, span.clone(), checklist::WHAT, checklist::KEYS);
        let before = self.days(&f, checklist::BEFORE);
        let after = self.days(&f, checklist::AFTER);
        if before.is_some() && after.is_some() {
            self.err(
                "a [[checklist]] entry has both `before` and `after`: keep one",
                span.clone(),
            );
        }
        ChecklistItem {
            title: self.req_str(&f, checklist::TITLE).unwrap_or_default(),
            owner: self
                .req_str_spanned(&f, checklist::OWNER)
                .unwrap_or_else(|| Spanned::new(String::new(), None)),
            before,
            after,
            confirms: self.confirms(&f),
            span,
        }
    }

    pub(super) fn confirms(&mut self, f: &Fields) -> Option<Confirms> {
        let s = self.str_spanned(f, task::CONFIRMS)?;
        let c = Confirms::parse(&s.value);
        if c.is_none() {
            self.err(
                format!(
                    "unknown `confirms` value \"{}\"; use {}",
                    s.value,
                    list(&Confirms::ALL)
                ),
                s.span.clone(),
            );
        }
        c
    }

    pub(super) fn formats(&mut self, root: &Table) -> BTreeMap<String, Vec<AgendaItem>> {
        let mut out = BTreeMap::new();
        let Some(item) = root.get(top::FORMATS) else {
            return out;
        };
        let Some((t, _)) = table_of(item) else {
            self.err(
                format!("`formats` must be a table of agenda skeletons, written [[formats.talks]], not {}", describe(item)),
                item_span(item),
            );
            return out;
        };
        for (name, _) in t.iter() {
            let what = format!("[[formats.{name}]]");
            let items = self.array(t, name, &what, |r, t, s| r.agenda_item(t, s, &what));
            out.insert(name.to_string(), items);
        }
        out
    }
}
