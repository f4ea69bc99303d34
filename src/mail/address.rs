//! Who mail goes to: a person's address, or, for a person with no `email`,
//! the stand-in that keys (and reports) the mail ug cannot send them.

use crate::mail::Due;
use crate::mail::key::NO_ADDRESS;
use crate::model::Person;

/// Who a person is for mail: their address (lowercased), or, without one,
/// the key's placeholder for them (`no-email:priya`).
pub(crate) fn identity(p: &Person) -> String {
    if has_address(p) {
        address_of(p).to_ascii_lowercase()
    } else {
        format!("{NO_ADDRESS}{}", p.id.value)
    }
}

/// For mail due to a person with no `email` (keyed
/// `thanks:2026-12-08:no-email:priya`: not sent, but reported once with
/// the fix): that person's id.
pub fn without_address(d: &Due) -> Option<&str> {
    d.key.nobody()
}

pub(crate) fn has_address(p: &Person) -> bool {
    p.email.as_deref().is_some_and(|a| !a.trim().is_empty())
}

pub(crate) fn address_of(p: &Person) -> &str {
    p.email.as_deref().unwrap_or("").trim()
}

/// The mailbox an address delivers to, for counting automatic answers
/// (SPEC 11: one a day): lowercased, without a `+tag` on its local part
/// (RFC 5233 subaddressing, as Gmail, Fastmail and Outlook.com deliver
/// `ann+1@` and `ann+2@` to `ann@`). Otherwise a stranger writing "join"
/// under `ann+1@`, `ann+2@`, ... would have ug mail Ann once per tag.
pub(crate) fn mailbox_of(address: &str) -> String {
    let a = address.trim().to_lowercase();
    match a.rsplit_once('@') {
        Some((local, domain)) if !local.starts_with('"') => match local.split_once('+') {
            Some((base, _)) if !base.is_empty() => format!("{base}@{domain}"),
            _ => a,
        },
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::mailbox_of;

    #[test]
    fn a_tagged_address_counts_as_its_mailbox() {
        for (address, mailbox) in [
            ("ann@example.com", "ann@example.com"),
            (" Ann+1@Example.COM ", "ann@example.com"),
            ("ann+a+b@example.com", "ann@example.com"),
            ("+ann@example.com", "+ann@example.com"),
            ("\"a+b\"@example.com", "\"a+b\"@example.com"),
            ("ann@ex+ample.com", "ann@ex+ample.com"),
            ("no-at-sign", "no-at-sign"),
        ] {
            assert_eq!(mailbox_of(address), mailbox, "{address}");
        }
    }
}
