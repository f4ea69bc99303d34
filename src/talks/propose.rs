//! A talk proposed by mail (SPEC §9: "I'd like to give a lightning talk on
//! X" in reply to an announcement's call for talks), as a pure decision and
//! its edit: a new `[[talks]]` entry, `status = "proposed"`, the next id,
//! its title, kind, speaker and a note saying where it came from.
//!
//! The speaker is a person id: the `[[people]]` entry with the sender's
//! address (any case); else a new one is added (`roles = ["speaker"]`, the
//! name and address from the mail, an id from the first name, else the
//! whole name, else the address's local part, made unique with 2, 3...).
//!
//! Deciding again is harmless (a crash replay, or the same offer twice):
//! a talk with the same title from the same speaker is found, not added.

use serde::Serialize;
use toml_edit::{Array, DocumentMut, Table};

use crate::edit;
use crate::error::Result;
use crate::model::schema::{person, talk, top};
use crate::model::{Group, Person, Role, Spanned, Talk, TalkKind, TalkStatus};

/// A talk offered by mail.
#[derive(Debug, Clone)]
pub struct Offer<'a> {
    pub title: &'a str,
    pub kind: TalkKind,
    /// The sender's address and display name ("" when none).
    pub email: &'a str,
    pub name: &'a str,
    /// Where it came from, for the talk's `notes`.
    pub notes: String,
}

/// A `[[people]]` entry to add for a speaker the file does not know yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPerson {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// What one offer does to the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The talk's id: the new one, or the one already in the file.
    pub id: i64,
    pub title: String,
    pub kind: TalkKind,
    /// The speaker's person id.
    pub speaker: String,
    /// The speaker's name, for messages.
    pub speaker_name: String,
    /// The person added for the speaker, if they were not in `[[people]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<NewPerson>,
    #[serde(skip)]
    pub notes: String,
    /// False: the talk was in the file already (nothing to write).
    pub changed: bool,
}

impl Change {
    /// "proposal: talk 5 \"HTMX forms\" from Maria: `ug talks accept 5`".
    pub fn message(&self) -> String {
        let kind = super::kind_phrase(self.kind).trim_start_matches("A ");
        let mut s = format!(
            "proposal: {kind} {} \"{}\" from {}",
            self.id, self.title, self.speaker_name
        );
        if !self.changed {
            s.push_str(" (already in the file)");
        } else if let Some(p) = &self.person {
            s.push_str(&format!(" (added to [[people]] as `{}`)", p.id));
        }
        s.push_str(&format!(": `ug talks accept {}`", self.id));
        s
    }

    /// The talk as the model holds it (for a working copy of the group).
    pub fn talk(&self) -> Talk {
        Talk {
            id: Spanned::new(self.id, None),
            title: Some(self.title.clone()),
            speaker: Some(Spanned::new(self.speaker.clone(), None)),
            minutes: None,
            kind: self.kind,
            status: TalkStatus::Proposed,
            event: None,
            asked_on: None,
            notes: Some(self.notes.clone()),
            span: None,
        }
    }

    /// The added speaker as the model holds them.
    pub fn new_person(&self) -> Option<Person> {
        self.person.as_ref().map(|p| Person {
            id: Spanned::new(p.id.clone(), None),
            name: p.name.clone(),
            email: Some(p.email.clone()),
            roles: vec!["speaker".into()],
            span: None,
        })
    }
}

/// What the offer changes: a new proposed talk (and maybe a new person),
/// or nothing when the speaker already offered a talk of that title.
pub fn decide(g: &Group, offer: &Offer<'_>) -> Change {
    let email = offer.email.trim();
    let title = one_line(offer.title);
    let known = g.people.iter().find(|p| {
        p.email
            .as_deref()
            .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
    });
    let name = Some(one_line(offer.name))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let (speaker, speaker_name, person) = match known {
        Some(p) => (p.id.value.clone(), p.name.clone(), None),
        None => {
            let id = person_id(g, &name, email);
            let new = NewPerson {
                id: id.clone(),
                name: name.clone(),
                email: email.to_string(),
            };
            (id, name, Some(new))
        }
    };
    let same = g.talks.iter().find(|t| {
        t.speaker.as_ref().is_some_and(|s| s.value == speaker)
            && t.title
                .as_deref()
                .is_some_and(|t| one_line(t).eq_ignore_ascii_case(&title))
    });
    Change {
        id: same.map_or_else(|| super::next_id(g), |t| t.id.value),
        title,
        kind: same.map_or(offer.kind, |t| t.kind),
        speaker,
        speaker_name,
        person: person.filter(|_| same.is_none()),
        notes: offer.notes.clone(),
        changed: same.is_none(),
    }
}

/// Writes the change: the person after the last `[[people]]` entry, the
/// talk after the last `[[talks]]` one (nothing for an unchanged one).
/// Either list written as an inline array is an error, and then nothing
/// was written.
pub fn apply(doc: &mut DocumentMut, c: &Change) -> Result<()> {
    if !c.changed {
        return Ok(());
    }
    // Both lists take entries (not inline arrays) before either is touched.
    edit::array_mut(doc, top::TALKS)?;
    if c.person.is_some() {
        edit::array_mut(doc, top::PEOPLE)?;
    }
    if let Some(p) = &c.person {
        let mut t = Table::new();
        t.insert(person::ID, toml_edit::value(p.id.as_str()));
        t.insert(person::NAME, toml_edit::value(p.name.as_str()));
        t.insert(person::EMAIL, toml_edit::value(p.email.as_str()));
        let mut roles = Array::new();
        roles.push("speaker");
        t.insert(person::ROLES, toml_edit::value(roles));
        edit::push(doc, top::PEOPLE, t)?;
    }
    let mut t = Table::new();
    t.insert(talk::ID, toml_edit::value(c.id));
    t.insert(talk::TITLE, toml_edit::value(c.title.as_str()));
    t.insert(talk::SPEAKER, toml_edit::value(c.speaker.as_str()));
    t.insert(talk::KIND, toml_edit::value(c.kind.as_str()));
    t.insert(
        talk::STATUS,
        toml_edit::value(TalkStatus::Proposed.as_str()),
    );
    if !c.notes.is_empty() {
        t.insert(talk::NOTES, toml_edit::value(one_line(&c.notes)));
    }
    edit::push(doc, top::TALKS, t)
}

/// Whitespace (newlines, tabs) made single spaces, trimmed.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person id not taken yet: the first name, the whole name, the address's
/// local part (lowercase letters, digits and dashes), else `speaker`; with
/// 2, 3... after it when all are taken. Never a role's name (SPEC's, one a
/// person holds, or a checklist owner): a checklist task owned by a role
/// goes to a person with that id first, so a stranger named "Organizer"
/// would take the organizers' tasks (the one that confirms the venue too).
fn person_id(g: &Group, name: &str, email: &str) -> String {
    let role = |id: &str| {
        Role::ALL.iter().any(|r| r.eq_ignore_ascii_case(id))
            || g.people.iter().any(|p| p.has_role(id))
            || g.checklist
                .iter()
                .any(|c| c.owner.value.eq_ignore_ascii_case(id))
    };
    let taken = |id: &str| role(id) || g.people.iter().any(|p| p.id.value.eq_ignore_ascii_case(id));
    let local = email.split('@').next().unwrap_or("");
    let first = name.split_whitespace().next().unwrap_or("");
    let candidates: Vec<String> = [first, name, local]
        .iter()
        .map(|s| slug(s))
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(free) = candidates.iter().find(|c| !taken(c)) {
        return free.clone();
    }
    let base = candidates
        .into_iter()
        .next()
        .unwrap_or_else(|| "speaker".into());
    // One of these is free: there are fewer people than numbers tried.
    (2..g.people.len() + 3)
        .map(|n| format!("{base}{n}"))
        .find(|c| !taken(c))
        .unwrap_or(base)
}

/// "María José" -> "maria-jose": ASCII letters and digits, lowercased
/// (common accented letters without their accent, other letters left
/// out); other runs of characters one dash.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = plain(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !c.is_alphanumeric() && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A lowercase Latin letter without its accent ("é" -> "e").
fn plain(c: char) -> char {
    const FROM: [&str; 7] = [
        "àáâãäåā",
        "çćč",
        "èéêëēę",
        "ìíîïī",
        "ñń",
        "òóôõöøō",
        "ùúûüū",
    ];
    const TO: [char; 7] = ['a', 'c', 'e', 'i', 'n', 'o', 'u'];
    FROM.iter().position(|f| f.contains(c)).map_or(c, |i| TO[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> Group {
        let text = r#"
[[talks]]
id = 4
title = "Full-text search"
speaker = "maria"
kind = "lightning"
status = "proposed"

[[people]]
id = "maria"
name = "Maria Lopez"
email = "Maria@Example.org"
roles = ["organizer"]

[group]
name = "G"
timezone = "Europe/Berlin"
"#;
        crate::model::from_table(text.parse::<toml_edit::DocumentMut>().unwrap().as_table()).0
    }

    fn offer<'a>(title: &'a str, email: &'a str, name: &'a str) -> Offer<'a> {
        Offer {
            title,
            kind: TalkKind::Talk,
            email,
            name,
            notes: "by mail".into(),
        }
    }

    #[test]
    fn a_known_sender_is_the_speaker_and_the_id_is_the_next() {
        let c = decide(&group(), &offer("HTMX forms", "maria@example.org", "M"));
        assert_eq!((c.id, c.speaker.as_str(), c.changed), (5, "maria", true));
        assert_eq!(c.person, None);
        assert_eq!(
            c.message(),
            "proposal: talk 5 \"HTMX forms\" from Maria Lopez: `ug talks accept 5`"
        );
    }

    #[test]
    fn the_same_title_again_is_the_talk_already_there() {
        let c = decide(
            &group(),
            &offer("full-text  search", "maria@example.org", ""),
        );
        assert_eq!((c.id, c.changed, c.kind), (4, false, TalkKind::Lightning));
    }

    #[test]
    fn an_unknown_sender_becomes_a_person_with_a_free_id() {
        let c = decide(&group(), &offer("X", "maria.b@example.com", "Maria Brown"));
        let p = c.person.unwrap();
        assert_eq!(
            (p.id.as_str(), p.name.as_str()),
            ("maria-brown", "Maria Brown")
        );
        let c = decide(&group(), &offer("X", "maria@other.org", ""));
        assert_eq!(c.person.unwrap().id, "maria2");
        assert_eq!(slug("José Ñ. O'Brien"), "jose-n-o-brien");
    }

    #[test]
    fn inline_people_refuse_and_nothing_is_written() {
        let mut doc: DocumentMut = "people = [{ id = \"maria\" }]\n".parse().unwrap();
        let c = decide(&group(), &offer("HTMX forms", "bo@x.org", "Bo"));
        assert!(apply(&mut doc, &c).is_err());
        assert_eq!(doc.to_string(), "people = [{ id = \"maria\" }]\n");
    }

    #[test]
    fn apply_adds_the_person_and_the_talk() {
        let g = group();
        let mut doc: DocumentMut = "[[people]]\nid = \"maria\"\n\n[[talks]]\nid = 4\n"
            .parse()
            .unwrap();
        let c = decide(&g, &offer("HTMX forms", "bo@x.org", "Bo"));
        apply(&mut doc, &c).unwrap();
        let text = doc.to_string();
        assert!(
            text.contains("[[people]]\nid = \"bo\"\nname = \"Bo\"\nemail = \"bo@x.org\"\nroles = [\"speaker\"]\n"),
            "{text}"
        );
        assert!(
            text.contains("[[talks]]\nid = 5\ntitle = \"HTMX forms\"\nspeaker = \"bo\"\nkind = \"talk\"\nstatus = \"proposed\"\nnotes = \"by mail\"\n"),
            "{text}"
        );
    }
}
