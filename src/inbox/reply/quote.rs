//! The person's words in a plain-text reply: every line that is not a
//! quote, an attribution, a forwarded or original message, a header block
//! or a signature, above the quote (top-posted), below it (bottom-posted)
//! or between quotes (interleaved).
//!
//! - quoted lines begin with `>`;
//! - an attribution introduces a quote: "On ... wrote:" (Gmail, Apple Mail,
//!   Thunderbird, Yahoo; wrapped over up to three lines), its forms in other
//!   languages ("Am ... schrieb ...:", "Le ... a écrit :", "El ...
//!   escribió:", "Op ... schreef ...:", "Il ... ha scritto:", "Em ...
//!   escreveu:", "Den ... skrev:", "... написал(а):"), and the dated address
//!   lines of Mail.ru ("Вторник, 24 ноября 2026, 10:15 +03:00 от Rust
//!   <...>:") and Yandex ("24.11.2026, 10:15, "Rust" <...>:") when a quote
//!   follows;
//! - Outlook's header block (`From:` then `Sent:`, `Date:`, `To:` or
//!   `Subject:`, also German, French, Spanish, Italian, Dutch and Russian),
//!   its underscore rule, "-----Original Message-----" and forwarded
//!   messages: when no `>` quote follows, the rest is the quoted message;
//! - a signature: from `-- ` (or a device line: "Sent from my iPhone", "Get
//!   Outlook for Android", "Sent from Yahoo Mail for iPhone", ...) to the
//!   next quote.

/// The person's words, in order, trimmed; the runs of their own text
/// between quotes are separated by a blank line.
pub fn own_text(body: &str) -> String {
    own_parts(body).join("\n\n")
}

/// The runs of the person's own text (more than one: interleaved).
pub fn own_parts(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    let mut parts: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_signature = false;
    let mut i = 0;
    let flush = |current: &mut Vec<&str>, parts: &mut Vec<String>| {
        let text = current.join("\n").trim().to_string();
        if !text.is_empty() {
            parts.push(text);
        }
        current.clear();
    };
    while i < lines.len() {
        let line = lines[i];
        if is_quoted(line) {
            flush(&mut current, &mut parts);
            in_signature = false;
            i += 1;
            continue;
        }
        if let Some(span) = boundary(&lines, i) {
            flush(&mut current, &mut parts);
            in_signature = false;
            match span {
                Boundary::Skip(n) => i += n,
                Boundary::Rest => break,
            }
            continue;
        }
        if is_signature(line) {
            in_signature = true;
        }
        if !in_signature {
            current.push(line);
        }
        i += 1;
    }
    flush(&mut current, &mut parts);
    parts
}

enum Boundary {
    /// The next n lines introduce a `>` quote: skipped, and the person's
    /// words may go on after it.
    Skip(usize),
    /// The rest is a quoted or forwarded message.
    Rest,
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// The first non-blank line at or after `i` is quoted.
fn quote_follows(lines: &[&str], i: usize) -> bool {
    lines
        .iter()
        .skip(i)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| is_quoted(l))
}

fn boundary(lines: &[&str], i: usize) -> Option<Boundary> {
    let line = lines[i].trim();
    let lower = line.to_lowercase();
    if is_forwarded(&lower) {
        return Some(Boundary::Rest);
    }
    let mut span = if is_original_message(&lower) || is_rule(line) {
        1
    } else if let Some(n) = attribution(lines, i) {
        n
    } else {
        header_block(lines, i)?
    };
    // "-----Original Message-----" or a rule, then Outlook's header block.
    if span == 1
        && let Some(n) = header_block(lines, i + 1)
    {
        span += n;
    }
    Some(if quote_follows(lines, i + span) {
        Boundary::Skip(span)
    } else {
        Boundary::Rest
    })
}

/// "---------- Forwarded message ---------", "Begin forwarded message:".
fn is_forwarded(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let dashed = lower.starts_with("--");
    (dashed
        && [
            "forwarded message",
            "weitergeleitete nachricht",
            "message transféré",
            "mensaje reenviado",
            "messaggio inoltrato",
            "doorgestuurd bericht",
            "пересланное сообщение",
        ]
        .contains(&core))
        || [
            "begin forwarded message:",
            "anfang der weitergeleiteten nachricht:",
            "début du message réexpédié :",
            "début du message réexpédié:",
        ]
        .contains(&lower)
}

/// "-----Original Message-----" and its forms (Outlook, AOL, Thunderbird).
fn is_original_message(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| c == '-' || c.is_whitespace());
    lower.starts_with("--")
        && [
            "original message",
            "ursprüngliche nachricht",
            "message d'origine",
            "mensaje original",
            "messaggio originale",
            "oorspronkelijk bericht",
            "исходное сообщение",
            "original",
        ]
        .contains(&core)
}

/// Outlook's rule above its header block: a line of 10+ underscores.
fn is_rule(line: &str) -> bool {
    line.chars().count() >= 10 && line.chars().all(|c| c == '_')
}

/// Outlook's header block at `i`: "From: ..." then "Sent:", "Date:",
/// "To:", "Subject:" (or their translations) within the next four lines.
/// Its length in lines.
fn header_block(lines: &[&str], i: usize) -> Option<usize> {
    const FROM: &[&str] = &["from", "von", "de", "da", "van", "от", "od", "från", "fra"];
    const REST: &[&str] = &[
        "sent",
        "date",
        "to",
        "cc",
        "subject",
        "gesendet",
        "datum",
        "an",
        "betreff",
        "envoyé",
        "à",
        "objet",
        "enviado",
        "para",
        "asunto",
        "fecha",
        "inviato",
        "oggetto",
        "data",
        "verzonden",
        "aan",
        "onderwerp",
        "enviada em",
        "reply-to",
        "отправлено",
        "дата",
        "кому",
        "тема",
        "skickat",
        "till",
        "ämne",
    ];
    if !lines.get(i).is_some_and(|l| header_label(l, FROM)) {
        return None;
    }
    let mut n = 1;
    while lines.get(i + n).is_some_and(|l| header_label(l, REST)) {
        n += 1;
    }
    (n > 1).then_some(n)
}

/// `line` is "Label: ..." (also "*Label:*", bold in a text part) for one of
/// `labels`.
fn header_label(line: &str, labels: &[&str]) -> bool {
    let l = line.trim().trim_start_matches('*').to_lowercase();
    let Some((label, _)) = l.split_once(':') else {
        return false;
    };
    let label = label.trim().trim_end_matches('*').trim();
    labels.contains(&label)
}

/// Endings of "On ... wrote:" in the languages people write in.
const WROTE: &[&str] = &[
    "wrote:",
    "writes:",
    "schrieb:",
    "a écrit :",
    "a écrit:",
    "escribió:",
    "schreef:",
    "ha scritto:",
    "escreveu:",
    "skrev:",
    "napisał(a):",
    "napisał:",
    "написал(а):",
    "написал:",
    "написала:",
    "kirjoitti:",
    "yazdı:",
];

/// Openings of an attribution that may wrap over lines.
const OPENERS: &[&str] = &[
    "on ", "am ", "le ", "el ", "op ", "il ", "em ", "den ", "w dniu ", "в ",
];

/// An attribution at `i`, and how many lines it spans (1 to 3).
fn attribution(lines: &[&str], i: usize) -> Option<usize> {
    let first = lines[i].trim().to_lowercase();
    if first.is_empty() {
        return None;
    }
    let wraps = OPENERS.iter().any(|o| first.starts_with(o)) || first.contains('<');
    let most = if wraps { 3 } else { 1 };
    let mut joined = String::new();
    for n in 1..=most {
        let line = lines.get(i + n - 1)?.trim().to_lowercase();
        if n > 1 && (line.is_empty() || is_quoted(&line)) {
            return None;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&line);
        if joined.chars().count() > 300 {
            return None;
        }
        let explicit = explicit_attribution(&joined)
            && (wraps || joined.chars().count() <= 100 && quote_follows(lines, i + n));
        if explicit || (dated_address(&joined) && quote_follows(lines, i + n)) {
            return Some(n);
        }
    }
    None
}

/// "... wrote:" (in any of the languages), or "Am ... schrieb ...:", "15.
/// marts 2017 kl. 11.00 skrev John <john@example.com>:".
fn explicit_attribution(l: &str) -> bool {
    let l = l.trim_end();
    WROTE.iter().any(|w| l.ends_with(w))
        || (l.ends_with(':')
            && (l.contains('@') || OPENERS.iter().any(|o| l.starts_with(o)))
            && WROTE
                .iter()
                .any(|w| l.contains(&format!(" {} ", w.trim_end_matches(':').trim()))))
}

/// The Mail.ru / Yandex / old Gmail form: a date and time and an address,
/// ending with ':' ("24.11.2026, 10:15, "Rust" <x@y>:").
fn dated_address(l: &str) -> bool {
    let l = l.trim_end();
    l.ends_with(':') && l.contains('@') && has_time(l)
}

/// "10:15" somewhere in `l`.
fn has_time(l: &str) -> bool {
    let b = l.as_bytes();
    (1..b.len().saturating_sub(2)).any(|k| {
        b[k] == b':'
            && b[k - 1].is_ascii_digit()
            && b[k + 1].is_ascii_digit()
            && b[k + 2].is_ascii_digit()
    })
}

/// The start of a signature: `-- `, a dash alone, or a device line.
fn is_signature(line: &str) -> bool {
    if line == "-- " || ["--", "—", "–", "__"].contains(&line.trim()) {
        return true;
    }
    let l = line.trim().to_lowercase();
    const DEVICE: &[&str] = &[
        "sent from my ",
        "sent from yahoo mail",
        "sent from mail for windows",
        "sent from outlook",
        "sent from aol",
        "sent from the all new aol app",
        "sent from samsung",
        "sent from gmail mobile",
        "sent with proton mail",
        "sent via ",
        "get outlook for ",
        "von meinem ",
        "gesendet von ",
        "envoyé de mon ",
        "envoyé depuis ",
        "enviado desde mi ",
        "enviado do meu ",
        "inviato da ",
        "verzonden vanaf ",
        "verstuurd vanaf ",
        "отправлено из ",
        "отправлено с ",
    ];
    DEVICE.iter().any(|d| l.starts_with(d)) && l.chars().count() <= 120
}
