//! The member edits on the document: new `[[members]]` entries appended in
//! one pass (an import of 10,000 rows is one edit), and the `unsubscribed` /
//! `bounced` keys of one entry, found by address in any case.

use toml_edit::{DocumentMut, Item, Table};

use super::{NewMember, Status, key};
use crate::edit;
use crate::error::{Error, Result};
use crate::model::schema::{member, top};

/// Appends the members after the last entry, each separated by a blank line
/// when the entries before them are.
pub fn append(doc: &mut DocumentMut, members: &[NewMember]) -> Result<()> {
    if members.is_empty() {
        return Ok(());
    }
    let arr = edit::array_mut(doc, top::MEMBERS)?;
    // The last entry's spacing, looked at once (not once per new entry).
    let blank = arr.iter().last().is_none_or(|t| {
        t.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_none_or(|p| p.contains('\n'))
    });
    for m in members {
        let mut t = Table::new();
        if !m.name.is_empty() {
            t.insert(member::NAME, toml_edit::value(m.name.as_str()));
        }
        t.insert(member::EMAIL, toml_edit::value(m.email.as_str()));
        t.insert(member::JOINED, Item::Value(edit::date(m.joined)?));
        match m.status {
            Status::Unsubscribed => t.insert(member::UNSUBSCRIBED, toml_edit::value(true)),
            Status::Bounced => t.insert(member::BOUNCED, toml_edit::value(true)),
            Status::Subscribed => None,
        };
        if blank {
            t.decor_mut().set_prefix("\n");
        }
        arr.push(t);
    }
    Ok(())
}

/// The entry with this address (any case).
fn entry_mut<'d>(doc: &'d mut DocumentMut, email: &str) -> Result<&'d mut Table> {
    let want = key(email);
    edit::array_mut(doc, top::MEMBERS)?
        .iter_mut()
        .find(|t| {
            t.get(member::EMAIL)
                .and_then(Item::as_str)
                .is_some_and(|e| key(e) == want)
        })
        .ok_or_else(|| Error::failed(format!("{email} is not on the member list")))
}

/// Marks the entry `unsubscribed = true` (the entry stays: an import never re-adds it).
pub fn unsubscribe(doc: &mut DocumentMut, email: &str) -> Result<()> {
    edit::set(entry_mut(doc, email)?, member::UNSUBSCRIBED, true);
    Ok(())
}

/// Marks the entry `bounced = true` (for `ug inbox`, after two hard bounces).
pub fn bounce(doc: &mut DocumentMut, email: &str) -> Result<()> {
    edit::set(entry_mut(doc, email)?, member::BOUNCED, true);
    Ok(())
}

/// Puts the entry back on the list: `unsubscribed` and `bounced` removed.
pub fn resubscribe(doc: &mut DocumentMut, email: &str) -> Result<()> {
    let t = entry_mut(doc, email)?;
    edit::remove(t, member::UNSUBSCRIBED);
    edit::remove(t, member::BOUNCED);
    Ok(())
}
