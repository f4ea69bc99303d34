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
