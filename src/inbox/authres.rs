//! `Authentication-Results` (RFC 8601) from the organizers' own mail
//! server (`[inbox] trust_authserv`): the one outside proof ug accepts,
//! and only for an unsubscribe (SPEC §11). Only the topmost header counts
//! (the one the receiving server added; anything below came with the
//! mail), and only when its authserv-id is the trusted server's.

use mail_parser::Message;

/// Whether the topmost `Authentication-Results` is `authserv`'s and says
/// `dmarc=pass` for the domain of `from`.
pub fn dmarc_pass(m: &Message<'_>, authserv: &str, from: &str) -> bool {
    let Some(value) = m.header_raw("Authentication-Results") else {
        return false;
    };
    let Some((_, domain)) = from.rsplit_once('@') else {
        return false;
    };
    results(value, authserv, domain)
}

fn results(value: &str, authserv: &str, domain: &str) -> bool {
    let value = strip_comments(value);
    let mut parts = value.split(';');
    let id = parts
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("");
    if !id.eq_ignore_ascii_case(authserv.trim()) {
        return false;
    }
    parts.any(|p| {
        let mut words = p.split_whitespace();
        let Some(method) = words.next() else {
            return false;
        };
        if !method.eq_ignore_ascii_case("dmarc=pass") {
            return false;
        }
        words.any(|w| {
            w.split_once('=').is_some_and(|(k, v)| {
                k.eq_ignore_ascii_case("header.from")
                    && v.trim_matches('"').eq_ignore_ascii_case(domain)
            })
        })
    })
}

/// The value without `( comments )` (RFC 5322 CFWS, not nested here).
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_trusted_servers_dmarc_pass_for_the_from_domain() {
        let v = "mx.example.org; spf=pass smtp.mailfrom=ann@ex.com;\r\n dkim=pass header.d=ex.com;\r\n dmarc=pass (p=none) header.from=ex.com";
        assert!(results(v, "mx.example.org", "ex.com"));
        assert!(results(v, "MX.Example.org", "EX.com"));
        assert!(!results(v, "mx.other.org", "ex.com"));
        assert!(!results(v, "mx.example.org", "evil.com"));
        assert!(!results(
            "mx.example.org; dmarc=fail header.from=ex.com",
            "mx.example.org",
            "ex.com"
        ));
        assert!(!results(
            "mx.example.org; dmarc=none header.from=ex.com (dmarc=pass header.from=ex.com)",
            "mx.example.org",
            "ex.com"
        ));
    }
}
