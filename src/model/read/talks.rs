//! `[[talks]]` (SPEC §9): each talk's id, speaker, kind and status, with
//! the nearest valid value named when a kind or status is misspelt.

use toml_edit::TableLike;

use super::getters::item_span;
use super::schema::talk;
use super::*;

impl Reader {
    pub(super) fn talk(&mut self, t: &dyn TableLike, span: Span) -> Talk {
        let f = self.fields(t, span.clone(), talk::WHAT, talk::KEYS);
        let id = match f.get(talk::ID) {
            Some(item) => match item.as_integer() {
                Some(n) => Spanned::new(n, item_span(item)),
                None => {
                    self.type_err(&f, talk::ID, item, "a whole number, like `id = 3`");
                    Spanned::new(0, item_span(item))
                }
            },
            None => {
                self.err(
                    "a talk in [[talks]] has no `id`: give it the next free number, e.g. `id = 4`",
                    span.clone(),
                );
                Spanned::new(0, span.clone())
            }
        };
        let kind = self
            .one_of(&f, talk::KIND, "talk kind", TalkKind::parse, &TalkKind::ALL)
            .unwrap_or(TalkKind::Talk);
        let status = self
            .one_of(
                &f,
                talk::STATUS,
                "talk status",
                TalkStatus::parse,
                &TalkStatus::ALL,
            )
            .unwrap_or(TalkStatus::Proposed);
        let speaker = self.str_spanned(&f, talk::SPEAKER);
        if speaker.is_none() {
            self.err(
                format!(
                    "talk {} in [[talks]] has no `speaker`: name the person giving it, e.g. `speaker = \"maria\"`",
                    id.value
                ),
                span.clone(),
            );
        }
        Talk {
            id,
            title: self.str(&f, talk::TITLE),
            speaker,
            minutes: self.u32(&f, talk::MINUTES),
            kind,
            status,
            event: self.str_spanned(&f, talk::EVENT),
            asked_on: self.date(&f, talk::ASKED_ON),
            notes: self.str(&f, talk::NOTES),
            span,
        }
    }

    /// A key whose value is one of a fixed list (a kind, a status): an
    /// unknown one is an error naming the nearest and every value.
    fn one_of<T>(
        &mut self,
        f: &Fields,
        key: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        let s = self.str_spanned(f, key)?;
        let v = parse(&s.value);
        if v.is_none() {
            self.unknown_value(what, &s, all);
        }
        v
    }
}
