//! Delivery status notifications (RFC 3464): which recipient failed, and
//! whether the report proves it came back from ug's own mail to them (SPEC
//! §11), so that a stranger cannot get a member marked `bounced`.

use mail_parser::{Message, MessagePart, MimeHeaders};

use super::Class;
use super::classify::{Context, sender};
use crate::token;

/// A delivery status notification: `multipart/report;
/// report-type=delivery-status` (RFC 3464), hard when a recipient's
/// `Status` is 5.x.x; or a mailer daemon's plain failure notice (soft,
/// unknown recipient).
pub(super) fn bounce(m: &Message<'_>, cx: &Context) -> Option<Class> {
    let ct = m.content_type();
    let report = ct.is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && c.attribute("report-type")
                .is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    });
    let from = sender(m);
    let daemon = from.starts_with("mailer-daemon@") || from.starts_with("postmaster@");
    if report {
        let status = m.parts.iter().find(|p| is_delivery_status(p));
        let (recipient, code) = status.map(|p| dsn_fields(p.contents())).unwrap_or_default();
        // Counted only when it proves itself (SPEC §11): from a null or
        // mailer-daemon sender, and quoting one of ug's own Message-IDs
        // whose token verifies for the bounced address.
        let null = m.header_raw("Return-Path").is_some_and(|r| {
            r.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
                .is_empty()
        });
        let proven = (null || daemon)
            && recipient
                .as_deref()
                .is_some_and(|r| quotes_own_mail(m.raw_message(), cx, r));
        return Some(Class::Bounce {
            hard: proven && code.as_deref().is_some_and(|c| c.starts_with('5')),
            recipient,
            status: code,
        });
    }
    let subject = m.subject().unwrap_or("").to_lowercase();
    let failed = [
        "undeliver",
        "delivery status",
        "failure notice",
        "returned mail",
        "delivery failure",
    ]
    .iter()
    .any(|w| subject.contains(w));
    (daemon && failed).then_some(Class::Bounce {
        hard: false,
        recipient: None,
        status: None,
    })
}

/// Whether `raw` (a bounce) quotes one of ug's Message-IDs whose token
/// verifies for `recipient`: the returned headers of ug's own mail to them.
/// At most the first 200 `<...>` ids are looked at.
fn quotes_own_mail(raw: &[u8], cx: &Context, recipient: &str) -> bool {
    let text = String::from_utf8_lossy(&raw[..raw.len().min(4 << 20)]);
    text.split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(id, _)| id))
        .filter(|id| id.len() < 200 && id.contains('@'))
        .take(200)
        .filter_map(|id| token::parse(id, &cx.domain))
        .any(|r| cx.keys.proves(&r, recipient))
}

fn is_delivery_status(p: &MessagePart<'_>) -> bool {
    p.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("message")
            && c.subtype().is_some_and(|s| {
                s.eq_ignore_ascii_case("delivery-status")
                    || s.eq_ignore_ascii_case("global-delivery-status")
            })
    })
}

/// The first failed recipient and its status from a `message/delivery-status`
/// body: `Final-Recipient: rfc822; ann@example.com` (else `Original-Recipient`)
/// and `Status: 5.1.1`, preferring a recipient whose `Action` is `failed`.
fn dsn_fields(body: &[u8]) -> (Option<String>, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let mut best: (Option<String>, Option<String>) = (None, None);
    // Per-recipient groups are separated by blank lines; the first group is
    // per-message.
    for group in text.replace("\r\n", "\n").split("\n\n") {
        let field = |name: &str| {
            group.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let recipient = field("Final-Recipient")
            .or_else(|| field("Original-Recipient"))
            .map(|v| v.rsplit(';').next().unwrap_or("").trim().to_string())
            .filter(|v| v.contains('@'));
        let Some(recipient) = recipient else { continue };
        let status = field("Status").map(|s| s.split_whitespace().next().unwrap_or("").to_string());
        let failed = field("Action").is_some_and(|a| a.eq_ignore_ascii_case("failed"));
        if best.0.is_none() || failed {
            best = (Some(recipient), status);
            if failed {
                break;
            }
        }
    }
    best
}
