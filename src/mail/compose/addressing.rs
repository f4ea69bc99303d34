//! Who a message is from and to, and where its replies go: typed
//! mailboxes through ug's one address check, `Reply-To` and `In-Reply-To`,
//! and for a mail to the members the list headers (`List-Id`, how to leave).

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MessageBuilder};

use super::context::one_line;
use super::headers;
use crate::error::{Error, Result};
use crate::mail::Due;
use crate::mail::calendar;
use crate::model::{Email, Group};

/// `Reply-To` (from `[email]`), and for a reply to a message `ug inbox`
/// handled, `In-Reply-To` / `References` naming it.
pub(super) fn reply_headers(
    mut b: MessageBuilder,
    email: &Email,
    due: &Due,
) -> Result<MessageBuilder> {
    if let Some(r) = &email.reply_to {
        let reply = mailbox(r.name.as_deref(), &r.address, due)?;
        let header = headers::mailbox("Reply-To", &reply);
        b = b.reply_to(reply);
        if let Some(h) = header {
            b = b.raw_header(h);
        }
    }
    if let Some(id) = due.reply.as_ref().and_then(|r| r.message_id.as_deref()) {
        b = headers::in_reply_to(b, id);
    }
    if due.reply.is_some() {
        // An automatic answer to a mail (RFC 3834 5.2): no responder answers
        // it, and in a sent folder it is not an organizer's reply (`inbox::waiting`).
        b = b.raw_header(raw("Auto-Submitted", "auto-replied".to_string()));
    }
    Ok(b)
}

/// The headers of a mail to the list of members: its id, and how to leave.
pub(super) fn list_headers(
    mut b: MessageBuilder,
    g: &Group,
    mailto: &str,
    unsubscribe_url: Option<&str>,
    one_click: bool,
) -> MessageBuilder {
    b = b.raw_header(raw(
        "List-Id",
        format!(
            "<{}.{}>",
            short(&calendar::slug(&g.group.name)),
            calendar::domain(g)
        ),
    ));
    let mut links = format!("<{mailto}>");
    if let Some(u) = unsubscribe_url {
        links.push_str(&format!(", <{u}>"));
    }
    b = b.raw_header(raw("List-Unsubscribe", links));
    // A static page cannot take RFC 8058's POST: without `one_click` a
    // mail client's unsubscribe button uses the mailto, which ug handles.
    if unsubscribe_url.is_some() && one_click {
        b = b.raw_header(raw(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ));
    }
    b
}

/// At most 60 characters of a slug (ASCII), for identifiers in headers.
pub(super) fn short(slug: &str) -> &str {
    slug.get(..60).unwrap_or(slug).trim_end_matches('-')
}

fn raw(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), one_line(&value))
}

/// A typed mailbox, its address through ug's one address check
/// (`units::parse_address`, as every intake and `ug check` use it): the
/// display name loses control characters, lettre encodes the rest.
pub(super) fn mailbox(name: Option<&str>, address: &str, due: &Due) -> Result<Mailbox> {
    let addr = crate::model::units::parse_address(address).map_err(|e| {
        Error::failed_with(
            format!("cannot write to {e} ({})", due.key),
            "fix the address in the group file; `ug check` lists every bad one",
        )
    })?;
    let name = name.map(one_line).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, addr))
}
