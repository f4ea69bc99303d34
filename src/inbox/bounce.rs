//! Delivery status notifications (RFC 3464): which recipient failed, and
//! whether the report proves it came back from ug's own mail to them (SPEC
//! §11), so that a stranger cannot get a member marked `bounced`.

use mail_parser::{Message, MessagePart, MimeHeaders};

use super::classify::{Context, sender};
use super::{Class, bounds};
use crate::token;

/// The longest address a report's recipient may be (RFC 5321), and the
/// longest status code kept (`5.1.1`; RFC 3463 allows 3 digits a part).
const ADDRESS_MAX: usize = 254;
const STATUS_MAX: usize = 11;

/// Two hard bounces for an address within this many days mark it
/// `bounced`; older ones no longer count.
pub const WINDOW_DAYS: i64 = 30;

/// How many of the hard bounces that arrived at `times` (unix seconds) are
/// within [`WINDOW_DAYS`] of `at` (the one at `at` included).
pub fn within_window(times: &[i64], at: i64) -> usize {
    times
        .iter()
        .filter(|&&t| (at - t).abs() <= WINDOW_DAYS * 86_400)
        .count()
}

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
        let (named, code) = status.map(|p| dsn_fields(p.contents())).unwrap_or_default();
        // Counted only when it proves itself (SPEC §11): from a null or
        // mailer-daemon sender, and quoting one of ug's own Message-IDs
        // whose token verifies for the bounced address, or delivered to
        // the VERP return path of ug's mail to that address.
        let sent = (super::noreply::null_sender(m) || daemon)
            .then(|| {
                named
                    .iter()
                    .find(|r| quotes_own_mail(m.raw_message(), cx, r) || at_verp(m, cx, r))
            })
            .flatten();
        let recipient = sent.or(named.first()).cloned();
        return Some(Class::Bounce {
            hard: sent.is_some() && code.as_deref().is_some_and(|c| c.starts_with('5')),
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

/// The headers a report's delivery address may be in: the one it was
/// written to, and those the delivering server adds.
const DELIVERED_TO: [&str; 4] = ["to", "delivered-to", "x-original-to", "envelope-to"];

/// Whether the report was delivered to the VERP return path of ug's mail
/// to `recipient` (`[email] bounces`): one of [`DELIVERED_TO`] names it.
fn at_verp(m: &Message<'_>, cx: &Context, recipient: &str) -> bool {
    let Some(mailbox) = cx.bounces.as_deref() else {
        return false;
    };
    m.headers_raw()
        .filter(|(name, _)| DELIVERED_TO.contains(&name.to_ascii_lowercase().as_str()))
        .take(20)
        .flat_map(|(_, value)| {
            value
                .split(|c: char| c.is_whitespace() || ",;<>\"".contains(c))
                .filter(|w| w.contains('@') && w.len() < 200)
                .take(20)
        })
        .any(|a| cx.keys.verp_proves(mailbox, a, recipient))
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
/// body: `Final-Recipient: rfc822; ann@example.com`, then its
/// `Original-Recipient` (the address ug sent to, when the mail was
/// forwarded), and `Status: 5.1.1`, preferring a recipient whose `Action`
/// is `failed`.
fn dsn_fields(body: &[u8]) -> (Vec<String>, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let mut best: (Vec<String>, Option<String>) = (Vec::new(), None);
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
        // What a stranger writes there is kept and shown: only what can be
        // an address (RFC 5321: 254 bytes), cleaned (SPEC 11).
        let mut named: Vec<String> = ["Final-Recipient", "Original-Recipient"]
            .into_iter()
            .filter_map(field)
            .map(|v| bounds::clean(v.rsplit(';').next().unwrap_or(""), usize::MAX, false))
            .filter(|v| v.contains('@') && v.len() <= ADDRESS_MAX)
            .collect();
        named.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        if named.is_empty() {
            continue;
        }
        let status = field("Status")
            .map(|s| bounds::clean(s.split_whitespace().next().unwrap_or(""), STATUS_MAX, false));
        let failed = field("Action").is_some_and(|a| a.eq_ignore_ascii_case("failed"));
        if best.0.is_empty() || failed {
            best = (named, status);
            if failed {
                break;
            }
        }
    }
    best
}
