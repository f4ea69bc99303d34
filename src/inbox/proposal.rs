//! Talk proposals in mail (SPEC §9): "I'd like to give a lightning talk on
//! HTMX forms" in a reply to an announcement or reminder (their "call for
//! talks"), or in a new mail whose subject says "Talk proposal" / "Call for
//! talks". Found beside the message's class, so "yes, and I'd like to give
//! a talk on X" is an RSVP yes and a proposal; a plain "yes" only the RSVP.
//!
//! Where: a message sorted as an RSVP, or one for a person that answers
//! ug's mail about an event or has such a subject. What: a sentence (of
//! the words above the quote) with "a/an [...] talk | lightning talk |
//! tutorial | workshop | presentation" followed by "on / about / titled /
//! called / :" and the title; or one that starts "talk proposal: X",
//! "lightning talk: X". Not a sentence that says "not", "can't"... before
//! it, nor a question without "I" in it ("Will there be a talk on X?").
//! The kind from the words (lightning, tutorial or workshop, else talk);
//! the title from the sentence, else from the subject ("Talk proposal: X").
//! The title and the notes go through `bounds` (cut, no control or bidi
//! characters) before the file keeps them. While [`bounds::PROPOSALS`]
//! talks wait in `proposed` for review, a further offer is not recorded
//! (its message still waits for a person): strangers cannot grow the file
//! without bound.

use chrono::NaiveDate;
use mail_parser::Message;
use serde::{Deserialize, Serialize};
use toml_edit::DocumentMut;

use super::classify::{EVENT_KINDS, reply_text, strip_prefixes, ug_refs};
use super::{Class, Context, Incoming, bounds};
use crate::error::Result;
use crate::model::{Group, TalkKind, TalkStatus, units};
use crate::talks::propose::{self, Change, Offer};

/// A talk a message offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// `talk`, `lightning` or `tutorial`.
    pub kind: String,
    pub title: String,
}

impl Proposal {
    pub fn talk_kind(&self) -> TalkKind {
        TalkKind::parse(&self.kind).unwrap_or(TalkKind::Talk)
    }
}

/// Records the talk `m` offers, that arrived on `day`, into `doc`: what
/// was done in words ("proposal: talk 5 ..."), and the change (`None`:
/// not recorded, the sender's address is not one, or the file's talks or
/// people are an inline array ug cannot add to).
pub fn record(
    g: &Group,
    doc: &mut DocumentMut,
    m: &Incoming,
    p: &Proposal,
    day: NaiveDate,
) -> Result<(String, Option<Change>)> {
    if units::check_address(&m.from).is_err() {
        let why = format!(
            "proposal \"{}\" not recorded: the sender's address \"{}\" is not valid",
            p.title, m.from
        );
        return Ok((why, None));
    }
    let waiting = g
        .talks
        .iter()
        .filter(|t| t.status == TalkStatus::Proposed)
        .count();
    if waiting >= bounds::PROPOSALS {
        let why = format!(
            "proposal \"{}\" not recorded: {waiting} talks already wait for review (`ug talks`)",
            p.title
        );
        return Ok((why, None));
    }
    let subject = propose::one_line(&m.subject);
    let offer = Offer {
        title: &p.title,
        kind: p.talk_kind(),
        email: &m.from,
        name: &m.name,
        notes: bounds::note(&format!(
            "Proposed by mail on {day} (\"{subject}\"), read by ug inbox."
        )),
    };
    let change = propose::decide(g, &offer);
    if let Err(e) = propose::apply(doc, &change) {
        // The rest of the run goes on; the message waits for a person.
        return Ok((format!("proposal \"{}\" not recorded: {e}", p.title), None));
    }
    Ok((change.message(), Some(change)))
}

/// The talk `m` (sorted as `class`) offers, if it offers one.
pub fn detect(m: &Message<'_>, cx: &Context, class: &Class) -> Option<Proposal> {
    let subject = strip_prefixes(m.subject().unwrap_or(""));
    let about_event = || {
        ug_refs(m, cx)
            .first()
            .is_some_and(|r| EVENT_KINDS.contains(&r.kind.as_str()))
    };
    let titled = subject_title(&subject);
    let looked = match class {
        Class::Rsvp { .. } => true,
        Class::Person => titled.is_some() || about_event(),
        _ => false,
    };
    if !looked {
        return None;
    }
    find(&reply_text(m), titled)
}

/// The proposal in `text`, the subject's (kind, title) filling what it lacks.
fn find(text: &str, subject: Option<(Option<TalkKind>, Option<String>)>) -> Option<Proposal> {
    let said = sentences(text)
        .find_map(|s| in_sentence(&s))
        .or_else(|| title_line(text));
    let (kind, title) = match (said, subject) {
        (Some((k, Some(t))), _) => (k, t),
        (Some((k, None)), Some((_, Some(t)))) => (k, t),
        (None, Some((k, Some(t)))) => (k.unwrap_or(TalkKind::Talk), t),
        _ => return None,
    };
    Some(Proposal {
        kind: kind.as_str().to_string(),
        title: bounds::title(&title),
    })
}

/// A reply that does what the call asks, "Title: X" on a line of its own
/// (the kind named anywhere, else a talk).
fn title_line(text: &str) -> Option<(TalkKind, Option<String>)> {
    let t = text.lines().find_map(|l| {
        let l = l.trim();
        let head = l.get(..6)?;
        head.eq_ignore_ascii_case("title:")
            .then(|| title(&l[6..]))?
    })?;
    let kind = kind_in(&text.to_lowercase()).unwrap_or(TalkKind::Talk);
    Some((kind, Some(t)))
}

/// The words for a kind, longest first; a workshop is a tutorial.
const KINDS: [(&str, TalkKind); 7] = [
    ("lightning talk", TalkKind::Lightning),
    ("lightning", TalkKind::Lightning),
    ("tutorial", TalkKind::Tutorial),
    ("workshop", TalkKind::Tutorial),
    ("presentation", TalkKind::Talk),
    ("short talk", TalkKind::Talk),
    ("talk", TalkKind::Talk),
];

/// What follows the kind before the title.
const LEADS: [&str; 8] = [
    "on ",
    "about ",
    "titled ",
    "entitled ",
    "called ",
    "named ",
    ": ",
    "- ",
];

/// Words that turn the offer down.
const NEGATIONS: [&str; 6] = ["not ", "n't ", "cannot ", "never ", "no time", "unable "];

/// "Talk proposal: X", "Call for talks - X", "Lightning talk: X": the kind
/// (if the subject says one) and the title (if it has one), or `None` when
/// the subject is not about a proposal.
fn subject_title(subject: &str) -> Option<(Option<TalkKind>, Option<String>)> {
    let l = subject.to_lowercase();
    let kind = kind_in(&l);
    // "Venue proposal: X" is not about a talk: a proposal names its kind.
    let about = ["call for talks", "call for speakers", "cfp"]
        .iter()
        .any(|w| l.contains(w))
        || kind.is_some()
            && (["proposal", "idea", "submission", "offer"]
                .iter()
                .any(|w| l.contains(w))
                || KINDS.iter().any(|(w, _)| word_at(&l, w) == Some(0)));
    if !about {
        return None;
    }
    let title = [":", " - ", " – "]
        .iter()
        .find_map(|sep| subject.split_once(sep))
        .and_then(|(_, t)| title(t));
    Some((kind, title))
}

/// The text's sentences: lines, split after ". ", "! ", "? "; typographic
/// apostrophes made plain.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().flat_map(|line| {
        let line = line.replace(['\u{2019}', '\u{2018}'], "'");
        let mut out = Vec::new();
        let mut start = 0;
        let b = line.as_bytes();
        for i in 0..b.len() {
            if matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1) == Some(&b' ') {
                out.push(line[start..=i].trim().to_string());
                start = i + 1;
            }
        }
        out.push(line[start..].trim().to_string());
        out.into_iter().filter(|s| !s.is_empty())
    })
}

/// The kind and (maybe) the title one sentence offers.
fn in_sentence(s: &str) -> Option<(TalkKind, Option<String>)> {
    let l = s.to_ascii_lowercase();
    // "Talk proposal: X", "Lightning talk: X" at the start.
    let lead = l
        .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .len();
    let start = l.len() - lead;
    for (w, kind) in KINDS {
        let rest = &l[start..];
        let after = rest
            .strip_prefix(w)
            .map(|r| r.strip_prefix(" proposal").unwrap_or(r));
        if let Some(after) = after.filter(|a| a.starts_with(':')) {
            let at = s.len() - after.len() + 1;
            return Some((kind, title(&s[at..])));
        }
    }
    if let Some(after) = l[start..].strip_prefix("proposal:") {
        let at = s.len() - after.len();
        return Some((kind_in(&l).unwrap_or(TalkKind::Talk), title(&s[at..])));
    }
    let question = l.trim_end().ends_with('?');
    let first_person = [" i ", " i'd ", " i'm ", " i'll ", " me ", " we "]
        .iter()
        .any(|w| format!(" {l} ").contains(w));
    if question && !first_person {
        return None;
    }
    for (w, kind) in KINDS {
        let Some(at) = word_at(&l, w) else { continue };
        let before = &l[..at];
        if !offered(before) || NEGATIONS.iter().any(|n| before.contains(n)) {
            continue;
        }
        let rest = l[at + w.len()..].trim_start();
        let from = l.len() - rest.len();
        let title = LEADS
            .iter()
            .find(|lead| rest.starts_with(*lead))
            .and_then(|lead| title(&s[from + lead.len()..]));
        return Some((kind, title));
    }
    None
}

/// The first kind named in `l` (lowercase), as a whole word.
fn kind_in(l: &str) -> Option<TalkKind> {
    KINDS
        .iter()
        .find(|(w, _)| word_at(l, w).is_some())
        .map(|(_, k)| *k)
}

/// Where `w` first stands as whole words in `l`.
fn word_at(l: &str, w: &str) -> Option<usize> {
    l.match_indices(w).map(|(i, _)| i).find(|&i| {
        let before = l[..i].chars().next_back();
        let after = l[i + w.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric())
            && after.is_none_or(|c| !c.is_alphanumeric() && c != '\'')
    })
}

/// The words before the kind offer one: "a" or "an" among the last three
/// ("give a talk", "a short lightning talk", "an intro tutorial"), and a
/// word that offers ("give", "do", "like to", "could", "and" as in "yes,
/// and a talk on X"): "I have a talk on that evening" offers nothing.
fn offered(before: &str) -> bool {
    const OFFERS: [&str; 24] = [
        "give",
        "giving",
        "do",
        "doing",
        "present",
        "propose",
        "proposing",
        "offer",
        "submit",
        "hold",
        "run",
        "prepare",
        "like",
        "love",
        "happy",
        "glad",
        "could",
        "can",
        "would",
        "want",
        "volunteer",
        "and",
        "also",
        "plus",
    ];
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let article = words.iter().rev().take(3).any(|w| *w == "a" || *w == "an");
    let offers = words.iter().any(|w| {
        let w = w.strip_prefix("i'").map_or(*w, |_| "would");
        OFFERS.contains(&w)
    });
    article && offers
}

/// Where a "when" starts in a title, to be cut: "embedded Rust in
/// January" -> "embedded Rust" (" in / for / this / next" and a month or a
/// season, or "next month").
fn when_at(l: &str) -> Option<usize> {
    const WHEN: [&str; 17] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ];
    let mut best: Option<usize> = None;
    for lead in [" in ", " in the ", " for ", " for the ", " this ", " next "] {
        for (i, _) in l.match_indices(lead) {
            let rest = &l[i + lead.len()..];
            let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
            let when = WHEN.contains(&word.as_str()) || (lead == " next " && word == "month");
            if when && best.is_none_or(|b| i < b) {
                best = Some(i);
            }
        }
    }
    best
}

/// The title as written: quotes and closing punctuation off, cut before
/// ", if you..." and the like; `None` when nothing is left.
fn title(raw: &str) -> Option<String> {
    let mut t = raw.trim().to_string();
    let l = t.to_ascii_lowercase();
    let cut = [
        ", if ",
        " if you",
        " if there",
        " if that",
        " at the next",
        " at one of",
        " at a future",
        " sometime",
        " some time",
        " next time",
        ", maybe",
        " - would",
        ", would",
    ]
    .iter()
    .filter_map(|c| l.find(c))
    .chain(when_at(&l))
    .min();
    if let Some(at) = cut {
        t.truncate(at);
    }
    let quotes: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»', '`'];
    let t = t
        .trim()
        .trim_end_matches(['.', '!', '?', ',', ';', ':'])
        .trim_matches(quotes)
        .trim_end_matches(['.', '!', '?', ',', ';', ':'])
        .trim();
    let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let t: String = t.chars().take(150).collect();
    // "a tutorial about it": the title is elsewhere (the subject).
    let vague = [
        "it",
        "this",
        "that",
        "them",
        "something",
        "anything",
        "...",
        "…",
    ];
    let said = t.chars().any(char::is_alphanumeric);
    (said && !vague.iter().any(|v| t.eq_ignore_ascii_case(v))).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Option<(String, String)> {
        find(text, None).map(|p| (p.kind, p.title))
    }

    fn p(kind: &str, title: &str) -> Option<(String, String)> {
        Some((kind.into(), title.into()))
    }

    #[test]
    fn the_kind_and_title_from_the_words() {
        assert_eq!(
            said("I'd like to give a lightning talk on HTMX forms."),
            p("lightning", "HTMX forms")
        );
        assert_eq!(
            said("Hi!\nI could do a tutorial about Django REST framework, if you have a slot"),
            p("tutorial", "Django REST framework")
        );
        assert_eq!(
            said("yes, and I\u{2019}d like to give a talk titled \"Async views in practice\""),
            p("talk", "Async views in practice")
        );
        assert_eq!(
            said("Talk proposal: Postgres at scale"),
            p("talk", "Postgres at scale")
        );
        assert_eq!(
            said("Lightning talk: uv in 5 minutes"),
            p("lightning", "uv in 5 minutes")
        );
        assert_eq!(
            said("Could I give a short talk about Wagtail 7?"),
            p("talk", "Wagtail 7")
        );
        assert_eq!(
            said("yes, and a talk on Django 6.0"),
            p("talk", "Django 6.0")
        );
        assert_eq!(
            said("Could I give a lightning talk on embedded Rust in January?"),
            p("lightning", "embedded Rust")
        );
        assert_eq!(
            said("I'd like to give a talk on Spring Boot for Djangonauts"),
            p("talk", "Spring Boot for Djangonauts")
        );
    }

    #[test]
    fn what_is_not_an_offer() {
        assert_eq!(said("yes"), None);
        assert_eq!(said("yes +1, see you there"), None);
        assert_eq!(said("Will there be a talk on async?"), None);
        assert_eq!(said("Looking forward to the talk on async views."), None);
        assert_eq!(said("I can't give a talk on that, sorry."), None);
        assert_eq!(said("It was a talking point on the way home."), None);
        assert_eq!(said("Sorry, I have a talk on the same evening."), None);
    }

    #[test]
    fn the_subject_gives_a_title_the_words_lack() {
        let subject = subject_title("Talk proposal: HTMX forms");
        assert_eq!(
            find("Hi, here is my abstract.", subject.clone()).map(|p| p.title),
            Some("HTMX forms".into())
        );
        assert_eq!(
            find("I'd love to do a lightning talk!", subject).map(|p| (p.kind, p.title)),
            p("lightning", "HTMX forms")
        );
        assert_eq!(subject_title("Re: your mail"), None);
        assert_eq!(subject_title("Venue proposal: The Foundry"), None);
        assert_eq!(
            subject_title("Lightning talk idea"),
            Some((Some(TalkKind::Lightning), None))
        );
        assert_eq!(
            find("Title: HTMX forms\nKind: lightning talk\n", None).map(|p| (p.kind, p.title)),
            p("lightning", "HTMX forms")
        );
        assert_eq!(subject_title("Call for talks"), Some((None, None)));
        assert_eq!(
            find("I have an idea", subject_title("Call for talks")),
            None
        );
    }
}
