//! The words a person wrote above the quoted message, and what they say:
//! yes or no (with guests), "done", "unsubscribe", "join".
//!
//! Where the quote begins: a `>` line; an attribution line ("On ... wrote:",
//! Gmail and Apple Mail wrap it over two lines; "Am ... schrieb ...:",
//! "Le ... a écrit :", "El ... escribió:", "Op ... schreef ...:"); Outlook's
//! "-----Original Message-----" (and its German and French forms), its
//! `From:` / `Sent:` header block and its underscore rule; a signature
//! (`-- `). HTML-only mail arrives here already as text (mail-parser).

/// The text above the quote, trimmed.
pub fn above_quote(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let next = lines.get(i + 1).copied().unwrap_or("");
        if starts_quote(line, next) {
            end = i;
            break;
        }
    }
    lines[..end].join("\n").trim().to_string()
}

fn starts_quote(line: &str, next: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    if t.starts_with('>') || line == "-- " || t == "--" {
        return true;
    }
    if is_attribution(&lower) || is_attribution(&format!("{lower} {}", next.trim().to_lowercase()))
    {
        return true;
    }
    if t.len() >= 10 && t.chars().all(|c| c == '_') {
        return true;
    }
    let dashed = lower.trim_matches('-').trim();
    if t.starts_with("-----")
        && [
            "original message",
            "ursprüngliche nachricht",
            "message d'origine",
            "forwarded message",
            "mensaje original",
        ]
        .contains(&dashed)
    {
        return true;
    }
    // Outlook: "From: Ann <ann@...>" followed by "Sent: ..." (or "Date:").
    let header = |l: &str, names: &[&str]| {
        let l = l.trim().to_lowercase();
        names.iter().any(|n| l.starts_with(n))
    };
    header(t, &["from:", "von:", "de :", "de:"])
        && header(
            next,
            &[
                "sent:",
                "date:",
                "gesendet:",
                "datum:",
                "envoyé :",
                "envoyé:",
                "to:",
            ],
        )
}

/// "On Tue, 24 Nov 2026 at 10:15, Ann <ann@example.com> wrote:" and its
/// forms in other languages (lowercased).
fn is_attribution(l: &str) -> bool {
    let l = l.trim_end();
    (l.starts_with("on ") && l.ends_with("wrote:"))
        || (l.starts_with("am ") && l.contains("schrieb") && l.ends_with(':'))
        || (l.starts_with("le ") && (l.ends_with("a écrit :") || l.ends_with("a écrit:")))
        || (l.starts_with("el ") && l.ends_with("escribió:"))
        || (l.starts_with("op ") && l.contains("schreef") && l.ends_with(':'))
        || (l.starts_with("il ") && l.ends_with("ha scritto:"))
}

/// A yes or no, with the guests a yes brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes { guests: u32 },
    No,
}

const YES: &[&str] = &[
    "count me in",
    "i'm in",
    "im in",
    "i am in",
    "i'll be there",
    "i will be there",
    "see you there",
    "going",
    "yes",
    "yep",
    "yeah",
    "sure",
    "ja",
    "oui",
    "sí",
    "si",
    "y",
];

const NO: &[&str] = &[
    "can't make it",
    "cannot make it",
    "can not make it",
    "can't come",
    "cannot come",
    "won't make it",
    "will not make it",
    "won't be able",
    "not going",
    "not coming",
    "count me out",
    "unfortunately not",
    "sorry, no",
    "no",
    "nope",
    "nein",
    "non",
    "n",
];

/// Openings that start with "no" but answer nothing.
const NOT_AN_ANSWER: &[&str] = &["no problem", "no worries", "no doubt", "no question"];

/// The answer in the first words of `text` (the reply above the quote):
/// "yes", "y", "going", "count me in", "+1"; "no", "n", "can't make it",
/// "not going"...; "yes +1", "yes, with 2 guests", "yes plus one".
pub fn answer(text: &str) -> Option<Answer> {
    let first = first_line(text);
    let l = first.as_str();
    if let Some(rest) = l.strip_prefix('+')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        // "+1" alone means yes (an upvote), "+1 going" too.
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        return Some(Answer::Yes {
            guests: guests(after),
        });
    }
    if NOT_AN_ANSWER.iter().any(|w| starts_with_word(l, w)) {
        // "No problem, ..." says nothing about coming: a person reads it.
        return None;
    }
    if NO.iter().any(|w| starts_with_word(l, w)) {
        return Some(Answer::No);
    }
    let yes = YES.iter().find(|w| starts_with_word(l, w))?;
    Some(Answer::Yes {
        guests: guests(&l[yes.len()..]),
    })
}

/// The first non-empty line, lowercased, with typographic apostrophes
/// made plain and leading punctuation dropped.
pub fn first_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines.next().unwrap_or("").to_lowercase();
    if is_greeting(&line) {
        line = lines.next().unwrap_or("").to_lowercase();
    }
    let mut l = line
        .replace(['\u{2019}', '\u{2018}'], "'")
        .trim_start_matches(|c: char| c.is_ascii_punctuation() && c != '+')
        .trim()
        .to_string();
    for filler in ["sorry", "unfortunately", "oh", "ok", "okay", "hi", "hey"] {
        if starts_with_word(&l, filler) {
            l = l[filler.len()..]
                .trim_start_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
                .to_string();
        }
    }
    l
}

/// "Hi Maya," or "Hello!" alone on its line.
fn is_greeting(l: &str) -> bool {
    [
        "hi", "hello", "hey", "dear", "hallo", "bonjour", "salut", "moin",
    ]
    .iter()
    .any(|g| starts_with_word(l, g))
        && (l.ends_with(',') || l.ends_with('!'))
        && l.split_whitespace().count() <= 3
}

/// `l` begins with the phrase `w`, followed by the end or a non-letter.
pub fn starts_with_word(l: &str, w: &str) -> bool {
    l.strip_prefix(w)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '\''))
}

/// Guests in what follows the yes: "+1", "+ 2", "with 2 guests", "with a
/// guest", "plus one", "and a friend". None: 0.
fn guests(rest: &str) -> u32 {
    let rest = rest.trim_start_matches([',', '.', '!', ' ', '-', ':', ';']);
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '!')
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    if let Some(n) = words.first().and_then(|w| w.strip_prefix('+')) {
        let n = if n.is_empty() {
            words.get(1).copied().unwrap_or("")
        } else {
            n
        };
        return number(n).unwrap_or(0);
    }
    let starts = |w: &str| words.first() == Some(&w);
    if starts("with") || starts("plus") || starts("and") || starts("bringing") {
        let n = words.get(1).and_then(|w| number(w));
        let noun = words.iter().skip(1).take(3).any(|w| {
            [
                "guest",
                "guests",
                "friend",
                "friends",
                "colleague",
                "colleagues",
                "other",
                "others",
                "one",
                "more",
                "person",
                "people",
            ]
            .contains(w)
        });
        if noun || starts("plus") {
            return n.unwrap_or(1);
        }
    }
    0
}

fn number(w: &str) -> Option<u32> {
    let words = ["zero", "one", "two", "three", "four", "five"];
    if let Some(i) = words.iter().position(|x| *x == w) {
        return u32::try_from(i).ok();
    }
    if w == "a" || w == "an" {
        return Some(1);
    }
    w.parse().ok().filter(|n| *n <= 99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_each_clients_quote() {
        let cases = [
            "Yes!\n\nOn Tue, Nov 24, 2026 at 10:15 AM Rust Berlin <organizers@example.org> wrote:\n> Reply yes",
            "Yes!\n\nOn Tue, Nov 24, 2026 at 10:15 AM Rust Berlin <\norganizers@example.org> wrote:\n\n> x",
            "Yes!\n\nAm Di., 24. Nov. 2026 um 10:15 Uhr schrieb Rust Berlin <organizers@example.org>:\n> x",
            "Yes!\n\nLe mar. 24 nov. 2026 à 10:15, Rust Berlin <organizers@example.org> a écrit :\n> x",
            "Yes!\n\n-----Original Message-----\nFrom: Rust Berlin",
            "Yes!\n\n________________________________\nFrom: Rust Berlin <organizers@example.org>\nSent: Tuesday",
            "Yes!\n\nFrom: Rust Berlin <organizers@example.org>\nSent: Tuesday, November 24, 2026 10:15 AM",
            "Yes!\n-- \nAnn, sent from my phone",
            "Yes!\n\nOn 24/11/2026 10:15, Rust Lakeside wrote:\n> x",
            "Yes!\n\n-----Ursprüngliche Nachricht-----\nVon: Rust Lakeside",
            "Yes!\n\nVon: Rust Lakeside <organizers@example.org>\nGesendet: Dienstag, 24. November 2026 09:00",
            "Yes!\n\nDe : Rust Lakeside <organizers@example.org>\nEnvoyé : mardi 24 novembre 2026 09:00",
            "Yes!\n\n-----Message d'origine-----\nDe : Rust Lakeside",
            "Yes!\n\nEl mar, 24 nov 2026 a las 9:00, Rust Lakeside (<organizers@example.org>) escribió:\n> x",
        ];
        for c in cases {
            assert_eq!(above_quote(c), "Yes!", "{c}");
        }
    }

    #[test]
    fn reads_yes_and_no() {
        let yes = |g| Some(Answer::Yes { guests: g });
        let cases = [
            ("yes", yes(0)),
            ("Yes!", yes(0)),
            ("y", yes(0)),
            ("Going :)", yes(0)),
            ("Count me in!", yes(0)),
            ("+1", yes(0)),
            ("yes +1", yes(1)),
            ("Yes, with 2 guests", yes(2)),
            ("yes, plus one", yes(1)),
            ("Yes, with a friend", yes(1)),
            ("no", Some(Answer::No)),
            ("No problem, I'll ask Maya", None),
            ("no worries!", None),
            ("N", Some(Answer::No)),
            ("Sorry, can’t make it this time", Some(Answer::No)),
            ("can't make it", Some(Answer::No)),
            ("Not going, sorry", Some(Answer::No)),
            ("Hi Maya,\n\nyes, see you there", yes(0)),
            ("Is there parking near the venue?", None),
            ("nobody told me", None),
            ("yesterday was great", None),
        ];
        for (text, want) in cases {
            assert_eq!(answer(text), want, "{text}");
        }
    }
}
