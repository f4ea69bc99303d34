//! What the person's words say: yes (with guests), no, done, unsubscribe,
//! or nothing sure. Each sentence is read on its own (greetings, thanks
//! and "sorry" at its start set aside; "no problem" and the like taken
//! out); a sentence with doubt ("not sure", "maybe", "if ..."), a question,
//! or a negation that is not itself a "no" makes the whole reply unsure,
//! and so do two sentences that say different things. Wrong is worse than
//! unsure: unsure is `None`, for a person.

use super::lexicon::{
    AFTER_IN, DONE, DONE_START, DOUBT, FILLERS, GREETINGS, IN, NEUTRAL, NO, NO_EXACT, NO_START,
    NOT_DONE_YET, UNSUBSCRIBE, YES, YES_DESPITE_NEGATION, YES_START,
};

/// What a reply says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Yes { guests: u32 },
    No,
    Done,
    Unsubscribe,
}

/// What one sentence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sig {
    Nothing,
    Unsure,
    Guests(u32),
    Said(Said),
}

/// Words of more sentences than this are a letter, not an answer: a
/// person reads them (and reading stays cheap whatever a stranger sends).
pub const MOST_SENTENCES: usize = 60;

/// What `text` (the person's words) says, `None` when it is not sure.
pub fn read(text: &str) -> Option<Said> {
    let text = normalize(text);
    let mut said: Option<Said> = None;
    let mut guests = 0;
    let mut first = true;
    let sentences = sentences(&text);
    if sentences.len() > MOST_SENTENCES {
        return None;
    }
    for (sentence, question) in sentences {
        let s = strip_openings(&sentence);
        if question {
            return None;
        }
        if s.is_empty() {
            continue;
        }
        match signal(&s, first) {
            Sig::Unsure => return None,
            Sig::Nothing => {}
            Sig::Guests(n) => guests = guests.max(n),
            Sig::Said(x) => {
                said = match (said, x) {
                    (None, x) => Some(x),
                    (Some(Said::Yes { guests: a }), Said::Yes { guests: b }) => {
                        Some(Said::Yes { guests: a.max(b) })
                    }
                    (Some(a), b) if a == b => Some(a),
                    _ => return None,
                };
            }
        }
        first = false;
    }
    match said? {
        Said::Yes { guests: g } => Some(Said::Yes {
            guests: g.max(guests),
        }),
        _ if guests > 0 => None,
        other => Some(other),
    }
}

/// Lowercased, one space between words, apostrophes plain and the usual
/// contractions made ("i am" -> "i'm", "cannot" -> "can't", "cant" ->
/// "can't").
pub fn normalize(text: &str) -> String {
    let t = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{02bc}', '`', '\u{b4}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2013}', '\u{2014}'], " - ")
        .replace('\u{a0}', " ");
    let mut out = String::with_capacity(t.len());
    for line in t.lines() {
        let words: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
        let mut line = format!(" {} ", words.join(" "));
        for (from, to) in [
            (" cannot ", " can't "),
            (" can not ", " can't "),
            (" cant ", " can't "),
            (" wont ", " won't "),
            (" dont ", " don't "),
            (" didnt ", " didn't "),
            (" isnt ", " isn't "),
            (" wouldnt ", " wouldn't "),
            (" couldnt ", " couldn't "),
            (" im ", " i'm "),
            (" ive ", " i've "),
            (" i am ", " i'm "),
            (" i will ", " i'll "),
            (" i shall ", " i'll "),
            (" we will ", " we'll "),
            (" we are ", " we're "),
            (" i would ", " i'd "),
            (" will not ", " won't "),
            (" do not ", " don't "),
            (" does not ", " doesn't "),
            (" did not ", " didn't "),
            (" is not ", " isn't "),
            (" would not ", " wouldn't "),
            (" it is ", " it's "),
            (" that is ", " that's "),
            (" i have done ", " i've done "),
            (" i have booked ", " i've booked "),
            (" i have sorted ", " i've sorted "),
            (" i have finished ", " i've finished "),
            (" i have sent ", " i've sent "),
            (" i have ordered ", " i've ordered "),
            (" i have taken ", " i've taken "),
        ] {
            while line.contains(from) {
                line = line.replace(from, to);
            }
        }
        out.push_str(line.trim());
        out.push('\n');
    }
    out
}

/// The sentences of `text`, each with whether it asks (ends with '?').
fn sentences(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if matches!(c, '.' | '!' | '?' | ';' | '\n' | '\u{2026}') {
            let s = cur.trim().to_string();
            if !s.is_empty() || c == '?' {
                out.push((s, c == '?'));
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    let s = cur.trim().to_string();
    if !s.is_empty() {
        out.push((s, false));
    }
    out
}

/// `s` without its leading punctuation, greeting and fillers ("Hi Maya,",
/// "Thanks!", "Sorry,", "Unfortunately").
fn strip_openings(s: &str) -> String {
    let mut s = trim_punct(s).to_string();
    if let Some(g) = GREETINGS.iter().find(|g| starts_with_word(&s, g)) {
        let rest = &s[g.len()..];
        match rest.find(',') {
            Some(i) if rest[..i].split_whitespace().count() <= 3 => s = rest[i + 1..].to_string(),
            _ if rest.split_whitespace().count() <= 2 => s.clear(),
            _ => {}
        }
        s = trim_punct(&s).to_string();
    }
    while let Some(f) = FILLERS.iter().find(|f| starts_with_word(&s, f)) {
        s = trim_punct(&s[f.len()..]).to_string();
    }
    // And after a comma at its end ("I can't, sorry", "no, thanks").
    while let Some(f) = FILLERS.iter().find(|f| {
        s.strip_suffix(*f)
            .is_some_and(|r| r.trim_end().ends_with(','))
    }) {
        s = trim_punct(&s[..s.len() - f.len()]).to_string();
    }
    s
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || (c.is_ascii_punctuation() && c != '+' && c != '\'') || is_emoji(c)
    })
}

/// Emoji and other pictographs: decoration, not words.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D)
}

/// `l` begins with the phrase `w`, followed by the end or a non-letter.
pub fn starts_with_word(l: &str, w: &str) -> bool {
    l.strip_prefix(w)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '\''))
}

/// Where the phrase `p` occurs in `s` as whole words.
fn find_phrase(s: &str, p: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut from = 0;
    while let Some(at) = find_from(s, p, from) {
        let before = s[..at].chars().next_back();
        let after = s[at + p.len()..].chars().next();
        let open = p.chars().next().is_some_and(word);
        let close = p.chars().next_back().is_some_and(word);
        if (!open || !before.is_some_and(word)) && (!close || !after.is_some_and(word)) {
            return Some(at);
        }
        from = at + p.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Where `p` first occurs in `s` at or after byte `from`. A sentence is
/// short and the lexicon long: in a short text a plain scan for `p`'s first
/// byte costs less than setting up `str::find`'s searcher for each phrase
/// (that setup was a third of `ug inbox`'s time on 10,000 replies); a long
/// one (a stranger's) gets the searcher, linear whatever the text. A match
/// of `p`'s bytes starts at a character boundary, since `p` starts with one.
fn find_from(s: &str, p: &str, from: usize) -> Option<usize> {
    let rest = s.get(from..)?;
    if rest.len() > 256 {
        return rest.find(p).map(|i| from + i);
    }
    let (hay, needle) = (rest.as_bytes(), p.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(from);
    };
    let last = hay.len().checked_sub(needle.len())?;
    (0..=last)
        .find(|&i| hay[i] == first && hay[i + 1..i + needle.len()] == *rest)
        .map(|i| from + i)
}

fn has(s: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| find_phrase(s, p).is_some())
}

/// `s` with each of `phrases` blanked out.
fn without(s: &str, phrases: &[&str]) -> String {
    let mut s = s.to_string();
    for p in phrases {
        while let Some(i) = find_phrase(&s, p) {
            s.replace_range(i..i + p.len(), " ");
        }
    }
    s
}

/// A word that turns a sentence around.
fn negated(s: &str) -> bool {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|w| {
            [
                "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without",
                "unable", "cannot",
            ]
            .contains(&w)
                || w.ends_with("n't")
        })
}

fn signal(s: &str, first: bool) -> Sig {
    if has(s, DOUBT) {
        return Sig::Unsure;
    }
    let t = without(s, NEUTRAL);
    let t = trim_punct(&t).to_string();
    if t.is_empty() {
        return Sig::Nothing;
    }
    // "I'd love to, but I can't": what follows the last "but" decides.
    if let Some(i) = t.rfind(" but ") {
        let before = clause(&t[..i], first);
        match (before, clause(&t[i + 5..], false)) {
            (_, Sig::Nothing) => {}
            (Sig::Said(Said::Yes { .. }), no @ Sig::Said(Said::No)) => return no,
            (Sig::Nothing, after) => return after,
            (b, after) if b == after => return after,
            _ => return Sig::Unsure,
        }
    }
    clause(&t, first)
}

fn clause(t: &str, first: bool) -> Sig {
    let t = trim_punct(t);
    if t.is_empty() {
        return Sig::Nothing;
    }
    if has(t, UNSUBSCRIBE) {
        return if negated(&without(t, UNSUBSCRIBE)) {
            Sig::Unsure
        } else {
            Sig::Said(Said::Unsubscribe)
        };
    }
    if let Some(sig) = done(t) {
        return sig;
    }
    let yes = yes(t, first);
    let no = says_no(t, first);
    match (yes, no) {
        (Some(_), true) if has(t, YES_DESPITE_NEGATION) => Sig::Said(Said::Yes { guests: 0 }),
        (Some(_), true) => Sig::Unsure,
        (None, true) => Sig::Said(Said::No),
        (Some(g), false) => {
            let rest = without(&without(t, YES), YES_START);
            if negated(&rest) || has(t, &["next time", "next month"]) {
                Sig::Unsure
            } else {
                Sig::Said(Said::Yes { guests: g })
            }
        }
        (None, false) => match guests_said(t) {
            Some(n) if !first => Sig::Guests(n),
            Some(_) => Sig::Unsure,
            None if negated(t) => Sig::Unsure,
            None => Sig::Nothing,
        },
    }
}

fn says_no(t: &str, first: bool) -> bool {
    NO_EXACT.contains(&t)
        || (first && t == "n")
        || NO.iter().any(|p| {
            // "I'm not going to say no" is not a no.
            find_phrase(t, p).is_some_and(|i| {
                !(p.ends_with("going") && starts_with_word(t[i + p.len()..].trim_start(), "to"))
            })
        })
        || NO_START.iter().any(|w| {
            starts_with_word(t, w)
                && !["no one", "no way", "no need", "no more", "no matter"]
                    .iter()
                    .any(|x| starts_with_word(t, x))
        })
}

/// The guests of a yes in `t`, `None` when `t` says no yes.
fn yes(t: &str, first: bool) -> Option<u32> {
    if let Some(rest) = t.strip_prefix('+')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        // "+1" alone is a yes (an upvote), "+1 going" too.
        if !first {
            return None;
        }
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        return Some(guests(after).max(guests_said(after).unwrap_or(0)));
    }
    if first && t == "y" {
        return Some(0);
    }
    for p in IN {
        if let Some(i) = find_phrase(t, p) {
            let rest = trim_punct(&t[i + p.len()..]);
            if (i == 0 || *p != "in") && AFTER_IN.contains(&rest) {
                return Some(guests_said(t).unwrap_or(0));
            }
        }
    }
    if let Some(w) = YES_START.iter().find(|w| starts_with_word(t, w)) {
        let rest = &t[w.len()..];
        if *w == "going" && starts_with_word(trim_punct(rest), "to") {
            return None;
        }
        return Some(guests(rest).max(guests_said(rest).unwrap_or(0)));
    }
    if let Some(p) = YES.iter().find(|p| find_phrase(t, p).is_some()) {
        if *p == "i'm going" && t.contains("i'm going to") {
            return None;
        }
        return Some(guests_said(t).unwrap_or(0));
    }
    None
}

/// Done: a sentence opening with a done word ("Done!", "Booked the room",
/// "Yes, all sorted") or saying something is done ("the room is booked"),
/// unless it is said of the future or negated.
fn done(t: &str) -> Option<Sig> {
    let mut s = t;
    for y in ["yes", "yep", "yeah", "yup", "ok", "okay", "sure", "update"] {
        if starts_with_word(s, y) {
            s = trim_punct(&s[y.len()..]);
        }
    }
    let opens = DONE_START.iter().any(|w| starts_with_word(s, w));
    if !opens && !has(s, DONE) {
        return None;
    }
    Some(if negated(s) || has(s, NOT_DONE_YET) {
        Sig::Unsure
    } else {
        Sig::Said(Said::Done)
    })
}

/// Guests named anywhere in `t`: "bringing a friend", "with 2 guests",
/// "plus one", "+2".
fn guests_said(t: &str) -> Option<u32> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_prefix('+').and_then(number)
            && i > 0
        {
            return Some(n);
        }
        if ["with", "plus", "bringing", "bring", "and"].contains(w) {
            let n = guests(&words[i..].join(" "));
            if n > 0 {
                return Some(n);
            }
        }
    }
    None
}

/// Guests in what follows a yes: "+1", "+ 2", "with 2 guests", "with a
/// guest", "plus one", "and a friend". None: 0.
pub fn guests(rest: &str) -> u32 {
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
    if starts("with") || starts("plus") || starts("and") || starts("bringing") || starts("bring") {
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
                "partner",
                "wife",
                "husband",
                "girlfriend",
                "boyfriend",
                "coworker",
                "coworkers",
            ]
            .contains(w)
        });
        if noun || starts("plus") {
            return n
                .or_else(|| (words.get(1) == Some(&"my")).then_some(1))
                .unwrap_or(1);
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
