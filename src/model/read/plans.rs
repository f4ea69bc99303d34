//! The reader's half for what the group plans: events and their agendas,
//! tasks, the checklist, and the format skeletons.

use std::collections::BTreeMap;

use toml_edit::{Table, TableLike};

use super::*;

impl Reader {
    pub(super) fn event(&mut self, t: &dyn TableLike, span: Span) -> Event {
        let f = self.fields(
            t,
            span.clone(),
            "[[events]]",
            &[
                "id",
                "title",
                "start",
                "duration",
                "format",
                "venue",
                "sponsors",
                "status",
                "capacity",
                "attendance",
                "sequence",
                "agenda",
            ],
        );
        let status = self.req_str_spanned(&f, "status").and_then(|s| {
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
        let agenda = self.array(t, "agenda", "[[events.agenda]]", |r, t, s| {
            r.agenda_item(t, s, "[[events.agenda]]")
        });
        Event {
            id: self.req_id(&f, "id"),
            title: self.req_str(&f, "title").unwrap_or_default(),
            start: self.req_datetime(&f, "start").unwrap_or_default(),
            duration: self.minutes(&f, "duration"),
            format: self.str(&f, "format"),
            venue: self.str_spanned(&f, "venue"),
            sponsors: self.id_array(&f, "sponsors"),
            status: status.unwrap_or(EventStatus::Planned),
            capacity: self.count(&f, "capacity"),
            attendance: self.count(&f, "attendance"),
            sequence: self.count(&f, "sequence").unwrap_or(0),
            agenda,
            span,
        }
    }

    pub(super) fn agenda_item(&mut self, t: &dyn TableLike, span: Span, what: &str) -> AgendaItem {
        let f = self.fields(
            t,
            span.clone(),
            what,
            &["title", "kind", "minutes", "speaker"],
        );
        let kind = self.str_spanned(&f, "kind");
        if let Some(k) = &kind
            && !AGENDA_KINDS.contains(&k.value.as_str())
        {
            let mut msg = format!("unknown agenda kind \"{}\"", k.value);
            if let Some(n) = nearest(&k.value, AGENDA_KINDS) {
                msg.push_str(&format!("; did you mean \"{n}\"?"));
            }
            self.diags.push(
                Diagnostic::error(msg, k.span.clone())
                    .with_hint(format!("kinds are {}", list(&AGENDA_KINDS))),
            );
        }
        let minutes = match f.get("minutes") {
            None => {
                self.err(
                    format!("agenda item in {what} has no `minutes`: say how long it takes, e.g. `minutes = 30`"),
                    span.clone(),
                );
                0
            }
            Some(item) => match self.u32(&f, "minutes") {
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
            title: self.req_str(&f, "title").unwrap_or_default(),
            kind: kind.map(|k| k.value),
            minutes,
            speaker: self.str_spanned(&f, "speaker"),
            span,
        }
    }

    pub(super) fn task(&mut self, t: &dyn TableLike, span: Span) -> Task {
        let f = self.fields(
            t,
            span.clone(),
            "[[tasks]]",
            &[
                "id", "title", "owner", "due", "event", "status", "done_on", "notes", "asked",
                "asked_on", "confirms",
            ],
        );
        let id = match f.get("id") {
            Some(item) => match item.as_integer() {
                Some(n) => Spanned::new(n, item_span(item)),
                None => {
                    self.type_err(&f, "id", item, "a whole number, like `id = 12`");
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
        let status = match self.str_spanned(&f, "status") {
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
            title: self.req_str(&f, "title").unwrap_or_default(),
            owner: self.str_spanned(&f, "owner"),
            due: self.date(&f, "due"),
            event: self.str_spanned(&f, "event"),
            status,
            done_on: self.date(&f, "done_on"),
            notes: self.str(&f, "notes"),
            asked: self.str_spanned(&f, "asked"),
            asked_on: self.date(&f, "asked_on"),
            confirms: self.confirms(&f),
            span,
        }
    }

    pub(super) fn checklist_item(&mut self, t: &dyn TableLike, span: Span) -> ChecklistItem {
        let f = self.fields(
            t,
            span.clone(),
            "[[checklist]]",
            &["title", "owner", "before", "after", "confirms"],
        );
        let before = self.days(&f, "before");
        let after = self.days(&f, "after");
        if before.is_some() && after.is_some() {
            self.err(
                "a [[checklist]] entry has both `before` and `after`: keep one",
                span.clone(),
            );
        }
        ChecklistItem {
            title: self.req_str(&f, "title").unwrap_or_default(),
            owner: self
                .req_str_spanned(&f, "owner")
                .unwrap_or_else(|| Spanned::new(String::new(), None)),
            before,
            after,
            confirms: self.confirms(&f),
            span,
        }
    }

    pub(super) fn confirms(&mut self, f: &Fields) -> Option<Confirms> {
        let s = self.str_spanned(f, "confirms")?;
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
        let Some(item) = root.get("formats") else {
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
