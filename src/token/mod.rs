//! Tokens (SPEC §11): the one place that writes and reads ug's Message-IDs
//! and the `[ug:TOKEN]` tags of its `mailto:` subjects, and proves them.
//!
//! A Message-ID is `<kind.middle.TOKEN@domain>`: `kind` is the mail's kind
//! (`announce`, `nudge`, `nudges`, `confirm`...), `middle` the key's
//! readable part (the event id, `task.round`, ...) with every character
//! other than ASCII letters, digits and `-` turned into `.` (runs squeezed,
//! cut to 64 characters), and TOKEN a MAC over the kind, the middle and the
//! recipient's address (see [`Keys`]): 20 base32 characters, 100 bits. A
//! reply proves its sender when the token it answers verifies for the
//! address in its `From`. Mail sent before tokens ended in 16 hex digits:
//! it is still recognised as ug's ([`Token::Legacy`]), and proves nothing.
//!
//! A `mailto:` link's subject ends with `[ug:TOKEN]`, the MAC over what the
//! link does ([`Purpose`]) and the recipient.
//!
//! With `[email] bounces`, each message's envelope sender is a VERP return
//! path, `bounces+TOKEN@example.org` ([`Keys::verp`]): TOKEN the MAC for
//! kind `bounce`, no middle, and the recipient, so a delivery report that
//! arrives there proves which recipient bounced ([`Keys::verp_proves`]).
//!
//! The middle cannot be split back unambiguously, so it is matched against
//! the file's own event and task ids, written the same way ([`find`]).

mod keys;

pub use keys::{KEY_FILE, Keys, key_path};

/// The readable characters kept of a middle.
const MIDDLE_MAX: usize = 64;

/// How many base32 characters a token has (5 bits each: 100 bits).
pub const TOKEN_LEN: usize = 20;

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// An id as a Message-ID's middle writes it (see the module doc).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MIDDLE_MAX));
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '-' {
            c
        } else {
            '.'
        };
        if c == '.' && (out.is_empty() || out.ends_with('.')) {
            continue;
        }
        if out.len() == MIDDLE_MAX {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches('.').to_string()
}

/// The address a token is bound to: trimmed, lowercased.
fn recipient(address: &str) -> String {
    address.trim().to_lowercase()
}

/// What the MAC covers: a version, the kind, the middle and the recipient,
/// each ended by a NUL (none of them holds one).
fn message(kind: &str, middle: &str, to: &str) -> Vec<u8> {
    let to = recipient(to);
    let mut m = Vec::with_capacity(8 + kind.len() + middle.len() + to.len());
    for part in ["ug1", kind, middle, &to] {
        m.extend_from_slice(part.as_bytes());
        m.push(0);
    }
    m
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(TOKEN_LEN);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 && out.len() < TOKEN_LEN {
            bits -= 5;
            out.push(char::from(BASE32[((acc >> bits) & 31) as usize]));
        }
        if out.len() == TOKEN_LEN {
            break;
        }
        acc &= (1 << bits) - 1;
    }
    out
}

/// Whether `s` could be a token (20 base32 characters, either case).
fn looks_like_token(s: &str) -> bool {
    s.len() == TOKEN_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphabetic() || (b'2'..=b'7').contains(&b))
}

/// Compares two tokens in constant time (case-insensitively: a mail
/// program may change the case of a header it copies).
fn same(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| {
        d | (x.to_ascii_lowercase() ^ y.to_ascii_lowercase())
    }) == 0
}

impl Keys {
    /// The token for mail of `kind` about `middle` (already [`clean`]ed) to `to`.
    pub fn token(&self, kind: &str, middle: &str, to: &str) -> String {
        base32(&self.sign(&message(kind, middle, to)))
    }

    /// Whether `token` is the one for (`kind`, `middle`, `to`) under the key
    /// or any old key, compared in constant time.
    pub fn verify(&self, token: &str, kind: &str, middle: &str, to: &str) -> bool {
        if !looks_like_token(token) {
            return false;
        }
        let m = message(kind, middle, to);
        self.all_signatures(&m)
            .into_iter()
            .fold(false, |ok, sig| ok | same(&base32(&sig), token))
    }

    /// The Message-ID (no angle brackets) of mail of `kind` about `middle`
    /// (cleaned here) to `to`, under `domain`:
    /// `announce.2026-12-08.<token>@example.org`.
    pub fn message_id(&self, kind: &str, middle: &str, to: &str, domain: &str) -> String {
        let kind = clean(kind);
        let middle = clean(middle);
        let token = self.token(&kind, &middle, to);
        if middle.is_empty() {
            format!("{kind}.{token}@{domain}")
        } else {
            format!("{kind}.{middle}.{token}@{domain}")
        }
    }

    /// The `[ug:TOKEN]` tag a `mailto:` link for `purpose` to `to` ends its subject with.
    pub fn tag(&self, purpose: &Purpose<'_>, to: &str) -> String {
        let (kind, middle) = purpose.parts();
        format!("[ug:{}]", self.token(kind, &clean(middle), to))
    }

    /// The VERP return path of mail to `to` when bounces go to `mailbox`
    /// (`bounces@example.org`): `bounces+TOKEN@example.org`.
    pub fn verp(&self, mailbox: &str, to: &str) -> String {
        let mailbox = mailbox.trim();
        let (local, domain) = mailbox.rsplit_once('@').unwrap_or((mailbox, ""));
        format!("{local}+{}@{domain}", self.token(BOUNCE, "", to))
    }

    /// Whether `address` (a header's, angle brackets allowed) is a VERP
    /// return path of `mailbox` whose token verifies for `recipient`: a
    /// report delivered there is about mail ug sent to `recipient`.
    pub fn verp_proves(&self, mailbox: &str, address: &str, recipient: &str) -> bool {
        verp_token(mailbox, address).is_some_and(|t| self.verify(t, BOUNCE, "", recipient))
    }

    /// Whether a [`UgRef`] read from a reply proves that `from` sent it: its
    /// token verifies for `from`.
    pub fn proves(&self, r: &UgRef, from: &str) -> bool {
        match &r.token {
            Token::Mac(t) => self.verify(t, &r.kind, &r.middle, from),
            Token::Legacy => false,
        }
    }
}

/// The kind a VERP return path's token is made for (its middle is empty).
const BOUNCE: &str = "bounce";

/// The token of `address` when it is `mailbox`'s VERP form,
/// `local+TOKEN@domain` (the local part and domain compared without case).
fn verp_token<'a>(mailbox: &str, address: &'a str) -> Option<&'a str> {
    let (local, domain) = mailbox.trim().rsplit_once('@')?;
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (user, at) = address.rsplit_once('@')?;
    let (base, token) = user.rsplit_once('+')?;
    (base.eq_ignore_ascii_case(local) && at.eq_ignore_ascii_case(domain) && looks_like_token(token))
        .then_some(token)
}

/// What a `mailto:` link asks for, which its tag's MAC covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// `RSVP yes|no EVENT`: an answer for this event.
    Rsvp(&'a str),
    /// `unsubscribe`: off the list.
    Unsubscribe,
    /// `done TASK`: a task done.
    Done(&'a str),
}

impl Purpose<'_> {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Purpose::Rsvp(e) => ("rsvp", e),
            Purpose::Unsubscribe => ("unsubscribe", ""),
            Purpose::Done(t) => ("done", t),
        }
    }
}

/// The token of a `[ug:TOKEN]` tag in `subject` (the last one), if any.
pub fn tag_in(subject: &str) -> Option<&str> {
    let start = subject.rfind("[ug:")?;
    let rest = &subject[start + 4..];
    let token = &rest[..rest.find(']')?];
    looks_like_token(token.trim()).then(|| token.trim())
}

/// `subject` without its `[ug:TOKEN]` tag.
pub fn untagged(subject: &str) -> String {
    match subject.rfind("[ug:") {
        Some(start) => {
            let end = subject[start..]
                .find(']')
                .map_or(subject.len(), |e| start + e + 1);
            format!("{}{}", subject[..start].trim_end(), &subject[end..])
                .trim()
                .to_string()
        }
        None => subject.trim().to_string(),
    }
}

/// Whether `subject`'s tag proves that `from` sent a link for `purpose`.
pub fn tag_proves(keys: &Keys, subject: &str, purpose: &Purpose<'_>, from: &str) -> bool {
    let Some(token) = tag_in(subject) else {
        return false;
    };
    let (kind, middle) = purpose.parts();
    keys.verify(token, kind, &clean(middle), from)
}

/// What a reference's last part is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A MAC (to be verified).
    Mac(String),
    /// 16 hex digits: mail ug sent before tokens; it proves nothing.
    Legacy,
}

/// A reference to one of ug's messages, read from a Message-ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UgRef {
    /// `announce`, `remind`, `change`, `cancel`, `nudge`, `ask`, ...
    pub kind: String,
    /// The key's middle, as the Message-ID writes it.
    pub middle: String,
    pub token: Token,
}

/// Reads `id` (with or without angle brackets) as one of ug's Message-IDs
/// from `domain` (compared without regard to case). Whether it proves
/// anything is [`Keys::proves`]'s to say.
pub fn parse(id: &str, domain: &str) -> Option<UgRef> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, at) = id.rsplit_once('@')?;
    if !at.eq_ignore_ascii_case(domain) {
        return None;
    }
    let (rest, last) = local.rsplit_once('.')?;
    let token = if looks_like_token(last) {
        Token::Mac(last.to_string())
    } else if last.len() == 16 && last.bytes().all(|b| b.is_ascii_hexdigit()) {
        Token::Legacy
    } else {
        return None;
    };
    let (kind, middle) = rest.split_once('.').unwrap_or((rest, ""));
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return None;
    }
    Some(UgRef {
        kind: kind.to_string(),
        middle: middle.to_string(),
        token,
    })
}

/// The id among `ids` that `middle` starts with (the whole middle, or up to
/// a `.` that begins the rest of the key); the longest when several do.
pub fn find<'a>(middle: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ids.into_iter()
        .filter_map(|id| {
            let c = clean(id);
            let hit = !c.is_empty()
                && (middle == c
                    || middle.starts_with(&c) && middle[c.len()..].starts_with('.')
                    || c.len() >= MIDDLE_MAX && middle.starts_with(&c));
            hit.then_some((c.len(), id))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests;
