//! Received mail read back with mail-parser (a real RFC 5322 / MIME parser),
//! plus the checks of the raw bytes that a lenient parser skips (`defects`).

use std::fs;
use std::path::PathBuf;

use mail_parser::{MessageParser, MimeHeaders, PartType};

/// A message as a mail client would read it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope recipients (RCPT TO), when known: from the server, or
    /// aiosmtpd's `X-RcptTo:` / an `X-Envelope-To:` header in a file.
    pub envelope_to: Vec<String>,
    /// The envelope sender (MAIL FROM), when known.
    pub envelope_from: String,
    /// The addresses of the `To:` header.
    pub to: Vec<String>,
    /// The address of the `From:` header.
    pub from: String,
    pub subject: String,
    /// Without the angle brackets.
    pub message_id: String,
    /// The addresses of any `Bcc:` header, comma-separated ("" when none).
    pub bcc: String,
    /// The `type/subtype` of every MIME part, the multipart containers included.
    pub parts: Vec<String>,
    /// The first text/plain body, decoded.
    pub text: Option<String>,
    /// The first text/html body, decoded.
    pub html: Option<String>,
    /// The first text/calendar part, decoded.
    pub calendar: Option<String>,
    /// Every header as (name, raw value), in order.
    pub headers: Vec<(String, String)>,
    /// What is wrong with the raw bytes; see [`defects`].
    pub defects: Vec<String>,
    pub raw: Vec<u8>,
}

impl Mail {
    /// The recipient: the envelope's, else the To header's.
    pub fn rcpt(&self) -> &str {
        self.envelope_to
            .first()
            .or(self.to.first())
            .map_or("", String::as_str)
    }

    /// The raw value of the first header with this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// Parses one message; `envelope` is (MAIL FROM, RCPT TO) when known.
pub fn parse(raw: &[u8], envelope: Option<(&str, &[String])>) -> Mail {
    let m = MessageParser::default()
        .parse(raw)
        .unwrap_or_else(|| panic!("not an RFC 5322 message:\n{}", String::from_utf8_lossy(raw)));
    let addrs = |a: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        a.map(|a| {
            a.iter()
                .filter_map(|x| x.address().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
    };
    let headers: Vec<(String, String)> = m
        .headers_raw()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let (envelope_from, envelope_to) = match envelope {
        Some((from, to)) => (from.to_string(), to.to_vec()),
        None => {
            let mut to = Vec::new();
            for (n, v) in &headers {
                if n.eq_ignore_ascii_case("X-Envelope-To") || n.eq_ignore_ascii_case("X-RcptTo") {
                    to.extend(
                        v.split(',')
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .map(String::from),
                    );
                }
            }
            let from = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("X-MailFrom"))
                .map_or(String::new(), |(_, v)| v.trim().to_string());
            (from, to)
        }
    };
    let boundaries: Vec<String> = m
        .parts
        .iter()
        .filter(|p| p.is_multipart())
        .filter_map(|p| p.content_type()?.attribute("boundary").map(String::from))
        .collect();
    let mut calendar = None;
    let parts = m
        .parts
        .iter()
        .map(|p| {
            let ty = p.content_type().map_or("text/plain".to_string(), |c| {
                format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase()
            });
            if ty == "text/calendar" && calendar.is_none() {
                calendar = match &p.body {
                    PartType::Text(t) | PartType::Html(t) => Some(t.to_string()),
                    PartType::Binary(b) | PartType::InlineBinary(b) => {
                        Some(String::from_utf8_lossy(b).into_owned())
                    }
                    _ => None,
                };
            }
            ty
        })
        .collect();
    Mail {
        envelope_to,
        envelope_from,
        to: addrs(m.to()),
        from: addrs(m.from()).into_iter().next().unwrap_or_default(),
        subject: m.subject().unwrap_or("").to_string(),
        message_id: m.message_id().unwrap_or("").to_string(),
        bcc: addrs(m.bcc()).join(", "),
        parts,
        text: m.body_text(0).map(|t| t.into_owned()),
        html: m.body_html(0).map(|t| t.into_owned()),
        calendar,
        defects: defects(raw, &headers, &boundaries),
        headers,
        raw: raw.to_vec(),
    }
}

/// Parses message files (.eml, a Maildir's files), in the order given.
pub fn parse_mail(files: &[PathBuf]) -> Vec<Mail> {
    files
        .iter()
        .map(|f| {
            let raw = fs::read(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
            parse(&raw, None)
        })
        .collect()
}

/// What RFC 5322 and MIME forbid and mail-parser forgives, one string per
/// finding: a line over 998 bytes (RFC 5322 2.1.1); a CR or LF that is not
/// part of a CRLF (2.3); a byte that is not ASCII, or a control character, in
/// the header (2.2); no `From`, `Date` or `Message-ID` header (3.6); a
/// multipart boundary that is never closed (RFC 2046 5.1.1).
pub fn defects(raw: &[u8], headers: &[(String, String)], boundaries: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let lines: Vec<&[u8]> = raw.split(|b| *b == b'\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let body = line.strip_suffix(b"\r").unwrap_or(line);
        if body.len() > 998 {
            found.push(format!("line {} is {} bytes long", i + 1, body.len()));
        }
        if body.contains(&b'\r') {
            found.push(format!("line {} has a bare CR", i + 1));
        }
        if i + 1 < lines.len() && !line.ends_with(b"\r") {
            found.push(format!("line {} ends in a bare LF", i + 1));
        }
    }
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let odd =
        |b: &&u8| !b.is_ascii() || (b.is_ascii_control() && !matches!(b, b'\r' | b'\n' | b'\t'));
    if let Some(b) = raw[..head_end].iter().find(odd) {
        found.push(format!("the header has the byte {b:#04x}"));
    }
    for name in ["From", "Date", "Message-ID"] {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            found.push(format!("no {name} header"));
        }
    }
    let text = String::from_utf8_lossy(raw);
    for b in boundaries {
        if !text.contains(&format!("--{b}--")) {
            found.push(format!("the boundary {b:?} is never closed"));
        }
    }
    found
}
