//! The reader's half for sign-ups (SPEC §4): `[signups]` and each event's
//! `rsvps = [ {email, name, status, guests, at, via, attended}, ... ]`, every
//! bad entry located (`group.toml:LINE:COL`): an unknown status or `via`, an
//! address that cannot be mailed, a missing `at`, the same person twice,
//! more guests than `[signups] guests` allows. Files hold tens of thousands
//! of these lines: each is read in one pass over its keys.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use toml_edit::TableLike;

use super::schema::{event, rsvp, signups};
use super::*;

impl Reader {
    pub(super) fn signups(&mut self, t: &dyn TableLike, span: Span) -> Signups {
        let f = self.fields(t, span, signups::WHAT, signups::KEYS);
        let address = self.str_spanned(&f, signups::ADDRESS);
        if let Some(a) = &address {
            self.mailable(
                a,
                "the address members answer to, like \"rsvp@example.org\"",
            );
        }
        let d = Signups::default();
        Signups {
            address: address.map(|a| a.value),
            opens: self.days(&f, signups::OPENS),
            closes: self.closes(&f).unwrap_or(d.closes),
            guests: self.count(&f, signups::GUESTS).unwrap_or(d.guests),
            confirm: self.bool(&f, signups::CONFIRM).unwrap_or(d.confirm),
            release: self.days(&f, signups::RELEASE).unwrap_or(d.release),
        }
    }

    /// `closes`: a duration, or zero ("0m") for "until the event starts".
    fn closes(&mut self, f: &Fields) -> Option<Minutes> {
        let s = self.str_spanned(f, signups::CLOSES)?;
        if ["0", "0m", "0h"].contains(&s.value.trim()) {
            return Some(Minutes(0));
        }
        self.parsed(&s, Minutes::parse)
    }

    /// The event's `rsvps`, when it has them: an inline array of inline tables.
    pub(super) fn rsvps(&mut self, t: &dyn TableLike, event_id: &str) -> Vec<Rsvp> {
        let Some(item) = t.get(event::RSVPS) else {
            return Vec::new();
        };
        let Some(arr) = item.as_array() else {
            self.err(
                format!(
                    "`rsvps` of event `{event_id}` must be a list of inline tables, like `rsvps = [ {{ email = \"ann@example.com\", status = \"yes\", at = 2026-11-24T10:15:00 }} ]`, not {}",
                    getters::describe(item)
                ),
                item_span(item),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(arr.len());
        for v in arr.iter() {
            let Some(t) = v.as_inline_table() else {
                self.err(
                    format!(
                        "each RSVP of event `{event_id}` must be an inline table {{ email = ..., status = ..., at = ... }}, not {}",
                        v.type_name()
                    ),
                    v.span(),
                );
                continue;
            };
            let Some(r) = self.rsvp(t, t.span()) else {
                continue;
            };
            if !seen.insert(r.email.trim().to_ascii_lowercase()) {
                self.diags.push(
                    Diagnostic::error(
                        format!("{} answered twice for event `{event_id}`", r.email),
                        r.span.clone(),
                    )
                    .with_hint("keep one line per person: the latest answer"),
                );
            }
            out.push(r);
        }
        out
    }

    fn rsvp(&mut self, t: &dyn TableLike, span: Span) -> Option<Rsvp> {
        let f = self.fields(t, span.clone(), rsvp::WHAT, rsvp::KEYS);
        let email = self.req_str_spanned(&f, rsvp::EMAIL);
        if let Some(e) = &email {
            // A warning, as for a member (SPEC §3 Email): an RSVP an older
            // ug recorded must not make the file unusable.
            self.address(
                e,
                "this RSVP counts, but gets no mail",
                "correct the address, or remove this RSVP's line",
            );
        }
        let status = self.req_str_spanned(&f, rsvp::STATUS).and_then(|s| {
            let st = RsvpStatus::parse(&s.value);
            if st.is_none() {
                self.unknown_value("RSVP status", &s, &RsvpStatus::ALL);
            }
            st
        });
        let via = self.str_spanned(&f, rsvp::VIA).and_then(|s| {
            let v = Via::parse(&s.value);
            if v.is_none() {
                self.unknown_value("RSVP `via`", &s, &Via::ALL);
            }
            v
        });
        let at = self.arrived(&f);
        let guests = self.count(&f, rsvp::GUESTS).unwrap_or(0);
        Some(Rsvp {
            email: email?.value,
            name: self.str(&f, rsvp::NAME),
            status: status?,
            guests,
            at: at?,
            via,
            attended: self.bool(&f, rsvp::ATTENDED).unwrap_or(false),
            span,
        })
    }

    /// An unknown value of a key with a fixed list: the nearest named, and
    /// every value in the hint.
    pub(super) fn unknown_value(&mut self, what: &str, s: &Spanned<String>, known: &[&str]) {
        let mut msg = format!("unknown {what} \"{}\"", s.value);
        if let Some(n) = nearest(&s.value, known.iter().copied()) {
            msg.push_str(&format!("; did you mean \"{n}\"?"));
        }
        self.diags.push(
            Diagnostic::error(msg, s.span.clone()).with_hint(format!("use one of {}", list(known))),
        );
    }

    /// `at`: when the answer arrived, a local date-time.
    fn arrived(&mut self, f: &Fields) -> Option<NaiveDateTime> {
        if f.get(rsvp::AT).is_none() {
            self.err(
                format!(
                    "missing `at` in {}: when the answer arrived, like `at = 2026-11-24T10:15:00`",
                    f.what
                ),
                f.span.clone(),
            );
            return None;
        }
        self.req_datetime(f, rsvp::AT)
    }

    /// An address RSVPs come from or go to must be one mail can use.
    fn mailable(&mut self, s: &Spanned<String>, hint: &str) {
        if let Err(e) = units::check_address(&s.value) {
            self.diags
                .push(Diagnostic::error(e.to_string(), s.span.clone()).with_hint(hint));
        }
    }

    /// Guests beyond `[signups] guests` (checked once both are read).
    pub(super) fn guest_limits(&mut self, signups: &Signups, events: &[Event]) {
        let limit = signups.guests;
        for e in events {
            for r in e.rsvps.iter().filter(|r| r.guests > limit) {
                self.diags.push(
                    Diagnostic::error(
                        format!(
                            "{} brings {} guests to event `{}`, more than [signups] guests = {limit} allows",
                            r.email, r.guests, e.id.value
                        ),
                        r.span.clone(),
                    )
                    .with_hint(format!(
                        "lower `guests` to at most {limit}, or raise `guests` in [signups]"
                    )),
                );
            }
        }
    }
}
