//! A message's key in the sent log, typed: what kind of mail, about what,
//! to whom. Its text form is stable (old logs must keep working): made here
//! by `Display` and read back by `FromStr`, and nowhere else.
//!
//! `announce:2026-12-08:ann@example.com` (also remind, cancel, blocked,
//! thanks: `KIND:EVENT:ADDRESS`), `change:2026-12-08:1:ann@example.com`
//! (`:SEQUENCE`), `nudge:12:2026-11-14:alex@example.org` (`TASK:ROUND`),
//! `ask:4:2026-11-25:jonas@example.net` (`TASK:ASKED_ON`, or `undated`),
//! `nudge-day:2026-11-23:maya@example.org` and `thanks-day:...` (a person's
//! one merged mail that day),
//! `rsvp-in:2026-12-08:20261124T101500:ann@example.com` (also
//! rsvp-waitlist, rsvp-promoted: `EVENT:AT`, the answer's `at` in the
//! iCalendar basic form, so the same answer replayed is the same key and a
//! new answer a new one), `closed:CAF=x@mail.gmail.com:ann@example.com`
//! (also unsubscribed, task-done: a reply to one message `ug inbox`
//! handled, by its Message-ID), `welcome:ann@example.com` (once ever per
//! address), `talk-ask:5:2026-11-27:kofi@example.org` (`TALK:ASKED_ON`),
//! `talk-thanks:5:kofi@example.org` (once per talk),
//! `digest-day:2026-12-01:ann@example.org` (the organizers' digest of the
//! day) and `digest-item:talk.7:2026-12-01:ann@example.org` (one of its
//! items, told that day). The address is
//! lowercased; a person with no `email` is `no-email:ID`.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

use crate::mail::Kind;

/// The stand-in address of a person with no `email`, before their id.
pub const NO_ADDRESS: &str = "no-email:";

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum About<S = String> {
    /// An event (announce, remind, cancel, blocked, thanks).
    Event(S),
    /// A change to an event, by its `sequence`.
    Change(S, u32),
    /// A task: a nudge's round, or the day an ask was made (`None`: undated).
    Task(i64, Option<NaiveDate>),
    /// A person's merged mail of the day (`nudge-day`, `thanks-day`).
    Day(NaiveDate),
    /// One RSVP answer to an event, by its `at` (rsvp-in, rsvp-waitlist,
    /// rsvp-promoted).
    Answer(S, NaiveDateTime),
    /// A reply to one incoming message, by its Message-ID (closed,
    /// unsubscribed, task-done).
    Reply(S),
    /// Once ever per address (welcome).
    Ever,
    /// A talk, by id (talk-thanks: once per talk).
    Talk(i64),
    /// One item of the organizers' digest, told on a day
    /// (`digest-item:talk.7:2026-12-01`): told again at most weekly.
    Item(S, NaiveDate),
}

/// How an answer's `at` is written in a key: no `:` (the address follows
/// the last one), to the second.
const AT: &str = "%Y%m%dT%H%M%S";

/// Whom a message is to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum To<S = String> {
    Address(S),
    /// A person with no `email`, by id: such mail is reported, not sent.
    Nobody(S),
}

/// A sent-log key. `SentKey<&str>` borrows its parts (what is due is
/// checked against the log without a copy of each address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SentKey<S = String> {
    pub kind: Kind,
    pub about: About<S>,
    pub to: To<S>,
}

impl<S: AsRef<str>> SentKey<S> {
    /// The key as text, written into `buf` (cleared first): a large group
    /// checks tens of thousands, in one reused buffer.
    pub fn write_into(&self, buf: &mut String) {
        buf.clear();
        let _ = write!(buf, "{self}");
    }

    /// The same key, owning its text.
    pub fn to_owned_key(&self) -> SentKey {
        let own = |s: &S| s.as_ref().to_string();
        SentKey {
            kind: self.kind,
            about: match &self.about {
                About::Event(e) => About::Event(own(e)),
                About::Change(e, n) => About::Change(own(e), *n),
                About::Task(t, d) => About::Task(*t, *d),
                About::Day(d) => About::Day(*d),
                About::Answer(e, at) => About::Answer(own(e), *at),
                About::Reply(m) => About::Reply(own(m)),
                About::Ever => About::Ever,
                About::Talk(t) => About::Talk(*t),
                About::Item(i, d) => About::Item(own(i), *d),
            },
            to: match &self.to {
                To::Address(a) => To::Address(own(a)),
                To::Nobody(p) => To::Nobody(own(p)),
            },
        }
    }

    /// The event this key is about, if any.
    pub fn event(&self) -> Option<&str> {
        match &self.about {
            About::Event(e) | About::Change(e, _) | About::Answer(e, _) => Some(e.as_ref()),
            About::Task(..)
            | About::Day(_)
            | About::Reply(_)
            | About::Ever
            | About::Talk(_)
            | About::Item(..) => None,
        }
    }

    /// For a person with no `email`: their id.
    pub fn nobody(&self) -> Option<&str> {
        match &self.to {
            To::Nobody(p) => Some(p.as_ref()),
            To::Address(_) => None,
        }
    }
}

impl<S: AsRef<str>> fmt::Display for SentKey<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        match &self.about {
            About::Event(e) => write!(f, ":{}", e.as_ref())?,
            About::Change(e, n) => write!(f, ":{}:{n}", e.as_ref())?,
            About::Task(t, Some(d)) => write!(f, ":{t}:{d}")?,
            About::Task(t, None) => write!(f, ":{t}:undated")?,
            About::Day(d) => write!(f, "-day:{d}")?,
            About::Answer(e, at) => write!(f, ":{}:{}", e.as_ref(), at.format(AT))?,
            About::Reply(m) => write!(f, ":{}", m.as_ref())?,
            About::Ever => {}
            About::Talk(t) => write!(f, ":{t}")?,
            About::Item(i, d) => write!(f, "-item:{}:{d}", i.as_ref())?,
        }
        f.write_char(':')?;
        let who = match &self.to {
            To::Address(a) => a.as_ref(),
            To::Nobody(p) => {
                f.write_str(NO_ADDRESS)?;
                p.as_ref()
            }
        };
        let who = who.trim();
        if who.bytes().any(|b| b.is_ascii_uppercase()) {
            who.chars()
                .try_for_each(|c| f.write_char(c.to_ascii_lowercase()))
        } else {
            f.write_str(who)
        }
    }
}

impl Serialize for SentKey {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.collect_str(self)
    }
}

impl PartialEq<&str> for SentKey {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<str> for SentKey {
    fn eq(&self, other: &str) -> bool {
        let mut text = String::with_capacity(other.len());
        self.write_into(&mut text);
        text == other
    }
}

/// Why a line of the log holds no key ug made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAKey(pub String);

impl fmt::Display for NotAKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a sent-log key", self.0)
    }
}

impl FromStr for SentKey {
    type Err = NotAKey;

    /// Reads a key back. Ids may hold `:`: the address is what follows the
    /// first `:no-email:`, or else the last `:`.
    fn from_str(s: &str) -> Result<SentKey, NotAKey> {
        let bad = || NotAKey(s.to_string());
        let (head, body) = s.split_once(':').ok_or_else(bad)?;
        let (kind_text, day) = match head.strip_suffix("-day") {
            Some(k) => (k, true),
            None => (head, false),
        };
        let (kind_text, item) = match kind_text.strip_suffix("-item") {
            Some(k) if !day => (k, true),
            _ => (kind_text, false),
        };
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind_text)
            .ok_or_else(bad)?;
        if kind == Kind::Welcome {
            let to = match body.strip_prefix(NO_ADDRESS) {
                Some(p) => To::Nobody(p),
                None => To::Address(body),
            };
            let key = SentKey {
                kind,
                about: About::Ever,
                to,
            };
            return Ok(key.to_owned_key());
        }
        let (about, to) = match body.find(&format!(":{NO_ADDRESS}")) {
            Some(i) => (&body[..i], To::Nobody(&body[i + 1 + NO_ADDRESS.len()..])),
            None => {
                let (about, to) = body.rsplit_once(':').ok_or_else(bad)?;
                (about, To::Address(to))
            }
        };
        let date = |d: &str| d.parse::<NaiveDate>().map_err(|_| bad());
        let about = match kind {
            _ if day => About::Day(date(about)?),
            _ if item => {
                let (i, on) = about.rsplit_once(':').ok_or_else(bad)?;
                About::Item(i, date(on)?)
            }
            Kind::Change => {
                let (e, n) = about.rsplit_once(':').ok_or_else(bad)?;
                About::Change(e, n.parse().map_err(|_| bad())?)
            }
            Kind::SpeakerThanks => About::Talk(about.parse().map_err(|_| bad())?),
            Kind::Nudge | Kind::Ask | Kind::TalkAsk => {
                let (t, on) = about.split_once(':').ok_or_else(bad)?;
                let on = if on == "undated" {
                    None
                } else {
                    Some(date(on)?)
                };
                About::Task(t.parse().map_err(|_| bad())?, on)
            }
            k if k.is_answer() => {
                let (e, at) = about.rsplit_once(':').ok_or_else(bad)?;
                let at = NaiveDateTime::parse_from_str(at, AT).map_err(|_| bad())?;
                About::Answer(e, at)
            }
            k if k.is_reply() => About::Reply(about),
            _ => About::Event(about),
        };
        Ok(SentKey { kind, about, to }.to_owned_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_back_as_written() {
        for text in [
            "announce:2026-12-08:ann@example.com",
            "remind:2026-12-08:ann@example.com",
            "cancel:2026-12-08:ann@example.com",
            "blocked:2026-12-08:no-email:priya",
            "thanks:2026-12-08:no-email:priya",
            "change:2026-12-08:2:ann@example.com",
            "nudge:12:2026-11-14:alex@example.org",
            "ask:4:undated:jonas@example.net",
            "ask:4:2026-11-25:jonas@example.net",
            "nudge-day:2026-11-23:maya@example.org",
            "thanks-day:2026-11-23:no-email:maya",
            "release:2026-12-08:ann@example.com",
            "waiting:2026-12-08:ann@example.com",
            "rsvp-in:2026-12-08:20261124T101500:ann@example.com",
            "rsvp-waitlist:2026-12-08:20261125T080200:bo@example.com",
            "rsvp-promoted:an:event:20261125T080200:no-email:bo",
            "announce:an:event:with:colons:ann@example.com",
            "closed:CAF=x+1@mail.gmail.com:ann@example.com",
            "unsubscribed:hash:120-00ff:ann@example.com",
            "task-done:a.b@[::1]:no-email:bo",
            "welcome:ann@example.com",
            "welcome:no-email:bo",
            "talk-ask:5:2026-11-27:kofi@example.org",
            "talk-thanks:5:kofi@example.org",
            "digest-day:2026-12-01:ann@example.org",
            "digest-item:talk.7:2026-12-01:ann@example.org",
            "digest-item:venue.an:event:2026-12-01:no-email:bo",
        ] {
            let key: SentKey = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        let k: SentKey = "change:e:3:A@X".parse().unwrap();
        assert_eq!(k.about, About::Change("e".to_string(), 3));
        assert_eq!(k.to_string(), "change:e:3:a@x");
        assert!("hello".parse::<SentKey>().is_err());
        assert!("nudge-day:soon:a@x".parse::<SentKey>().is_err());
        assert!("rsvp-in:e:yesterday:a@x".parse::<SentKey>().is_err());
        let k: SentKey = "rsvp-in:e:20261124T101500:a@x".parse().unwrap();
        let at = NaiveDate::from_ymd_opt(2026, 11, 24)
            .and_then(|d| d.and_hms_opt(10, 15, 0))
            .unwrap();
        assert_eq!(k.about, About::Answer("e".to_string(), at));
        let k: SentKey = "closed:m@x:A@X".parse().unwrap();
        assert_eq!(k.about, About::Reply("m@x".to_string()));
        assert_eq!(k.to, To::Address("A@X".to_string()));
        assert_eq!(k.to_string(), "closed:m@x:a@x");
        let k: SentKey = "welcome:A@X".parse().unwrap();
        assert_eq!(
            (k.about.clone(), k.to_string()),
            (About::Ever, "welcome:a@x".into())
        );
        assert!("closed:a@x".parse::<SentKey>().is_err());
    }

    #[test]
    fn the_address_is_trimmed_and_lowercased() {
        let k = SentKey {
            kind: Kind::Announce,
            about: About::Event("e"),
            to: To::Address(" Ann@Example.COM "),
        };
        assert_eq!(k.to_string(), "announce:e:ann@example.com");
        let mut buf = String::from("old");
        k.write_into(&mut buf);
        assert_eq!(buf, "announce:e:ann@example.com");
    }
}
