//! Replies as people write them (SPEC 12): one place finds the person's
//! words, one reads what they say.
//!
//! - `quote`: the words of a plain-text reply, without quotes,
//!   attributions, forwarded or original messages, header blocks and
//!   signatures, top- or bottom-posted or interleaved;
//! - `html`: the words of an HTML-only reply, its quotes cut where each
//!   client marks them before it is made text;
//! - `words`: what the words say (yes with guests, no, done, unsubscribe),
//!   unsure (`None`) at any doubt, question, negation or contradiction;
//!   `lexicon` the phrases it knows.

pub mod html;
pub mod lexicon;
pub mod quote;
pub mod words;

#[cfg(test)]
mod tests;

use mail_parser::{Message, PartType};

pub use words::{Said, read, starts_with_word};

/// How much of a plain-text body is read for the person's words: a reply's
/// own words and the quote around them fit many times over, and anyone can
/// send a message of 25 MB, so reading stays bounded whatever is sent
/// (SPEC 11). Words past it are not read: such a reply waits for a person.
pub const TEXT_READ: usize = 64 * 1024;

/// How much of an HTML-only body is read (an HTML reply carries its styles
/// and markup beside the words).
pub const HTML_READ: usize = 512 * 1024;

/// The person's words in a message: its first text part (plain text, or
/// HTML when it has no plain part), without what they quote. Only the
/// first `TEXT_READ` bytes of text (`HTML_READ` of HTML) are read.
pub fn message_words(m: &Message<'_>) -> String {
    match m.text_part(0).map(|p| &p.body) {
        Some(PartType::Html(html)) => own_words(&html::own_html_text(head(html, HTML_READ))),
        Some(PartType::Text(text)) => own_words(text),
        _ => m.body_text(0).map(|b| own_words(&b)).unwrap_or_default(),
    }
}

/// The person's words in a plain-text `body` (its first `TEXT_READ` bytes),
/// trimmed (see `quote`).
pub fn own_words(body: &str) -> String {
    quote::own_text(head(body, TEXT_READ))
}

/// The first `most` bytes of `s`, cut back to a character boundary.
fn head(s: &str, most: usize) -> &str {
    if s.len() <= most {
        return s;
    }
    let mut end = most;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A yes or no, with the guests a yes brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes { guests: u32 },
    No,
}

/// The yes or no in the person's words: "yes", "y", "going", "count me
/// in", "I'll be there", "+1", "yes, with 2 guests" / "no", "can't make
/// it", "unfortunately not this time", "sorry, I can't"...; `None` when
/// they say something else or are not sure.
pub fn answer(text: &str) -> Option<Answer> {
    match read(text)? {
        Said::Yes { guests } => Some(Answer::Yes { guests }),
        Said::No => Some(Answer::No),
        _ => None,
    }
}

/// "done", "all done", "booked", "taken care of"... (not "not done yet",
/// "almost done", "will be done tomorrow").
pub fn says_done(text: &str) -> bool {
    read(text) == Some(Said::Done)
}

/// "unsubscribe", "please remove me from this list", "unsubscribe me
/// please"... (not "don't unsubscribe me", not a question).
pub fn says_unsubscribe(text: &str) -> bool {
    read(text) == Some(Said::Unsubscribe)
}

/// The first non-empty line of the person's words, lowercased, after a
/// greeting line ("Hi Maya,"), with leading punctuation dropped.
pub fn first_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines.next().unwrap_or("").to_lowercase();
    if is_greeting(&line) {
        line = lines.next().unwrap_or("").to_lowercase();
    }
    line.replace(['\u{2019}', '\u{2018}'], "'")
        .trim_start_matches(|c: char| c.is_ascii_punctuation() && c != '+')
        .trim()
        .to_string()
}

/// "Hi Maya," or "Hello!" alone on its line.
fn is_greeting(l: &str) -> bool {
    lexicon::GREETINGS.iter().any(|g| starts_with_word(l, g))
        && (l.ends_with(',') || l.ends_with('!'))
        && l.split_whitespace().count() <= 3
}
