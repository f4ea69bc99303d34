//! Email addresses as ug accepts them: the one address check (lettre's
//! `Address`, and less), and the mailbox of `[email] from` and `reply_to`
//! (`Django NYC <organizers@example.org>`). Each error says how to fix it.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result};

/// The one address check of ug, the sender's own: an address is recorded
/// (a join or RSVP by mail, `ug members add|import`, `ug rsvps add`) and
/// mailed only if this accepts it, and compose builds every recipient with
/// it. It is lettre's [`lettre::Address`] (the type that sends), read back
/// the way lettre reads the `To` header it wrote, and less: no quoted local
/// part (`"a b"@x.org`), no address literal (`u@[127.0.0.1]`), nothing
/// invisible (control characters, spaces, bidi or zero-width marks), no
/// encoded-word look-alike (`=?utf-8?q?x?=@`, which readers decode), no
/// leading `-` (a sendmail command gets the address as an argument), at
/// most 254 bytes (RFC 5321) with at most 64 before the `@`. Spaces around
/// the address are ignored (as when sending). The error says why in words,
/// for `ug check`, `ug init` and a skipped recipient.
pub fn parse_address(s: &str) -> Result<lettre::Address> {
    let t = s.trim();
    if let Some((user, domain)) = plain_address(t) {
        return Ok(lettre::Address::new_dangerous(user, domain));
    }
    let parsed = match refused(t) {
        Some(why) => Err(why),
        None => t
            .parse::<lettre::Address>()
            .map_err(lettre_says)
            .and_then(written_back),
    };
    parsed.map_err(|why| {
        Error::failed(format!(
            "invalid email address \"{}\": {why}",
            clip(s).escape_debug()
        ))
    })
}

/// [`parse_address`] when only the verdict matters.
pub fn check_address(s: &str) -> Result<()> {
    parse_address(s).map(|_| ())
}

/// What ug refuses of an address before asking lettre (see [`parse_address`]).
fn refused(t: &str) -> Option<&'static str> {
    let invisible = |c: char| {
        c.is_whitespace()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
            || matches!(c, '\u{2060}'..='\u{206f}' | '\u{feff}')
    };
    let (user, domain) = t.rsplit_once('@').unwrap_or((t, ""));
    Some(if t.is_empty() {
        "it is empty"
    } else if t.chars().any(char::is_control) {
        "it contains a control character"
    } else if t.chars().any(invisible) {
        "it contains a space or an invisible character"
    } else if t.contains(['"', '\\']) {
        "a quoted part (`\"...\"@`) is not accepted: write a plain address like name@example.org"
    } else if domain.contains(['[', ']']) {
        "an address literal (`@[127.0.0.1]`) is not accepted: the domain must be a name like example.org"
    } else if t.contains("=?") {
        "it looks like an encoded word (`=?...?=`), which mail programs would decode into another address"
    } else if t.starts_with('-') {
        "it starts with `-` (a sendmail command would read it as an option)"
    } else if t.len() > 254 {
        "it is longer than 254 bytes (RFC 5321)"
    } else if user.len() > 64 {
        "the part before `@` is longer than 64 bytes (RFC 5321)"
    } else {
        return None;
    })
}

fn lettre_says(e: lettre::address::AddressError) -> &'static str {
    use lettre::address::AddressError;
    match e {
        AddressError::MissingParts => "it has no `@`: write it as name@example.org",
        AddressError::InvalidUser => {
            "the part before `@` is not valid (no spaces, no dot at either end or two in a row)"
        }
        AddressError::InvalidDomain => {
            "the domain after `@` is not valid: it must look like example.org"
        }
        _ => "it is not an email address: write it as name@example.org",
    }
}

/// `a` when lettre reads the `To` header it writes for `a` back as `a`
/// (the envelope and every reader take the address from there).
fn written_back(a: lettre::Address) -> std::result::Result<lettre::Address, &'static str> {
    let header = lettre::message::Mailbox::new(None, a.clone()).to_string();
    match header.parse::<lettre::message::Mailbox>() {
        Ok(m) if m.email == a => Ok(a),
        _ => Err(
            "the sending library cannot read it back from a header: write a plain address like name@example.org",
        ),
    }
}

/// The user and domain of a plain ASCII address (`name.x+tag@mail.example.org`),
/// in one pass: a strict subset of what [`parse_address`] accepts (dot-atoms
/// of ASCII letters, digits and `atext` symbols, no leading `-`; two or more
/// labels, each starting and ending with a letter or digit; RFC 5321's
/// lengths), so most addresses skip lettre's slower check. `None`: ask lettre.
fn plain_address(t: &str) -> Option<(&str, &str)> {
    let (user, domain) = t.rsplit_once('@')?;
    let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
    let dot_atom = |s: &str| s.split('.').all(|a| !a.is_empty() && a.bytes().all(atext));
    let label = |l: &str| {
        let b = l.as_bytes();
        (1..=63).contains(&b.len())
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|&c| atext(c))
    };
    let ok = (1..=64).contains(&user.len())
        && !user.starts_with('-')
        && dot_atom(user)
        && !user.contains("=?")
        && t.len() <= 254
        && domain.contains('.')
        && domain.split('.').all(label);
    ok.then_some((user, domain))
}

/// At most 100 characters of a value quoted in a message.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// A mailbox such as `Django NYC <organizers@example.org>` or a bare address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

impl Mailbox {
    pub fn parse(s: &str) -> Result<Mailbox> {
        if s.chars().any(|c| c.is_control()) {
            return Err(Error::failed(format!(
                "invalid email address \"{}\": it contains a control character",
                s.escape_debug()
            )));
        }
        let s = s.trim();
        if let Some(open) = s.rfind('<') {
            let Some(addr) = s[open + 1..].strip_suffix('>') else {
                return Err(Error::failed(format!(
                    "invalid email address \"{s}\": write it as `Name <name@example.org>`"
                )));
            };
            check_address(addr)?;
            let name = s[..open].trim().trim_matches('"').trim();
            Ok(Mailbox {
                name: (!name.is_empty()).then(|| name.to_string()),
                address: addr.trim().to_string(),
            })
        } else {
            check_address(s)?;
            Ok(Mailbox {
                name: None,
                address: s.trim().to_string(),
            })
        }
    }
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n} <{}>", self.address),
            None => f.write_str(&self.address),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_address_check_accepts_only_what_lettre_accepts() {
        let plain = [
            "ann@example.org",
            "a.b+tag@mail.example.co.uk",
            "o'neil_x-y@ex-ample.org",
            "ann@x_y.org",
            "x@1.2",
        ];
        for a in plain {
            assert!(plain_address(a).is_some(), "{a}");
            assert!(a.parse::<lettre::Address>().is_ok(), "{a}");
            assert_eq!(parse_address(a).unwrap().to_string(), a);
        }
        // Left to lettre: what it rejects, and what it accepts in general.
        let rejected = [
            "",
            "@",
            "ann",
            "ann@",
            "@example.org",
            ".ann@x.org",
            "an..n@x.org",
            "ann.@x.org",
            "ann@-x.org",
            "ann@x-.org",
            "ann@x..org",
            "ann@x.org.",
            "a n@x.org",
            "a@b@x.org",
        ];
        for a in rejected {
            assert!(plain_address(a).is_none(), "{a}");
            assert!(check_address(a).is_err(), "{a}");
        }
        for a in [
            "ann@localhost",
            "jos\u{e9}@x.org",
            "ann@b\u{fc}cher.example",
        ] {
            assert!(plain_address(a).is_none(), "{a}");
            assert!(check_address(a).is_ok(), "{a}");
        }
    }

    #[test]
    fn what_lettre_takes_but_ug_refuses() {
        for (a, why) in [
            ("u@[127.0.0.1]", "address literal"),
            ("u@[IPv6:::1]", "address literal"),
            ("\"../../x\"@evil.example", "quoted part"),
            ("\"a b\"@x.org", "space"),
            ("\"a\\\"b\"@x.org", "quoted part"),
            ("-oQ/tmp/x@example.org", "starts with `-`"),
            ("=?utf-8?q?x?=@example.org", "encoded word"),
            ("a\u{202e}b@x.org", "invisible"),
            ("a\u{200b}b@x.org", "invisible"),
            ("a\u{a0}b@x.org", "space"),
            ("a\u{85}b@x.org", "control"),
        ] {
            assert!(
                a.trim().parse::<lettre::Address>().is_ok() || why == "space",
                "{a}"
            );
            let err = check_address(a).unwrap_err().to_string();
            assert!(err.contains(why), "{a}: {err}");
        }
        let long = format!("{}@{}example.org", "a".repeat(64), "b.".repeat(94));
        assert!(long.parse::<lettre::Address>().is_ok());
        assert!(
            check_address(&long)
                .unwrap_err()
                .to_string()
                .contains("254")
        );
        assert!(check_address(&format!("{}@x.org", "a".repeat(65))).is_err());
    }

    #[test]
    fn addresses() {
        assert!(check_address("ann@example.com").is_ok());
        assert!(check_address("a.b+tag@sub.example.org").is_ok());
        assert!(check_address(" ann@example.com ").is_ok());
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a@b.c-",
            "a@-b.org",
            "ann@@x.org",
            "a n@x.org",
            "ann@x.org\r\nBcc: e@x.org",
            "<a@x.org>",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
        let m = Mailbox::parse("Django NYC <organizers@example.org>").unwrap();
        assert_eq!(m.name.as_deref(), Some("Django NYC"));
        assert_eq!(m.address, "organizers@example.org");
        assert!(Mailbox::parse("Evil\r\nBcc: x@y.org <a@b.org>").is_err());
    }
}
