//! Replies as mail clients write them (SPEC 12): Gmail and Outlook
//! top-posted, the iPhone's "Sent from my iPhone", Thunderbird
//! bottom-posted, and an HTML-only Gmail reply. Each answers one message a
//! member really received (its Message-ID in `In-Reply-To` and
//! `References`, its subject after "Re: "), from the member's address.

use crate::support::Mail;

/// How the reply is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Gmail,
    Outlook,
    Iphone,
    Thunderbird,
    Html,
}

pub const SHAPES: [Shape; 5] = [
    Shape::Gmail,
    Shape::Outlook,
    Shape::Iphone,
    Shape::Thunderbird,
    Shape::Html,
];

/// Who writes, when, and the message they answer.
pub struct Reply<'a> {
    pub name: &'a str,
    pub from: &'a str,
    /// Seconds since the epoch: the Maildir name's arrival time.
    pub at: i64,
    /// Makes the reply's own Message-ID unique.
    pub n: usize,
    pub to: &'a Mail,
}

/// The first lines of what they received, as a client quotes it.
fn original(m: &Mail) -> Vec<String> {
    m.text
        .as_deref()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .map(str::to_string)
        .collect()
}

fn date(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S +0000")
        .to_string()
}

fn headers(r: &Reply, content_type: &str) -> String {
    let id = &r.to.message_id;
    format!(
        "From: {} <{}>\r\nTo: Rust Riverside <organizers@riverside.example>\r\n\
         Subject: Re: {}\r\nDate: {}\r\nMessage-ID: <r{}.{}@mail.members.example>\r\n\
         In-Reply-To: <{id}>\r\nReferences: <{id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: {content_type}\r\n\r\n",
        display(r.name),
        r.from,
        r.to.subject,
        date(r.at),
        r.n,
        r.at
    )
}

/// The raw message: `answer` written in `shape`.
pub fn write(shape: Shape, r: &Reply, answer: &str) -> String {
    let quoted = original(r.to);
    let sender = "Rust Riverside <organizers@riverside.example>";
    let when = chrono::DateTime::from_timestamp(r.at - 3 * 3600, 0).unwrap();
    let plain = "text/plain; charset=utf-8";
    match shape {
        Shape::Gmail => {
            let q: String = quoted.iter().map(|l| format!("> {l}\r\n")).collect();
            format!(
                "{}{answer}\r\n\r\nOn {}, {sender} wrote:\r\n\r\n{q}",
                headers(r, plain),
                when.format("%a, %b %-d, %Y at %-I:%M %p"),
            )
        }
        Shape::Outlook => {
            let q: String = quoted.iter().map(|l| format!("{l}\r\n")).collect();
            format!(
                "{}{answer}\r\n\r\nBest regards,\r\n{}\r\n\r\n\
                 ________________________________\r\nFrom: {sender}\r\nSent: {}\r\n\
                 To: {} <{}>\r\nSubject: {}\r\n\r\n{q}",
                headers(r, plain),
                r.name,
                when.format("%A, %B %-d, %Y %-I:%M %p"),
                r.name,
                r.from,
                r.to.subject,
            )
        }
        Shape::Iphone => {
            let q: String = quoted.iter().map(|l| format!("> {l}\r\n")).collect();
            format!(
                "{}{answer}\r\n\r\nSent from my iPhone\r\n\r\n> On {}, {sender} wrote:\r\n>\r\n{q}",
                headers(r, plain),
                when.format("%b %-d, %Y, at %H:%M"),
            )
        }
        Shape::Thunderbird => {
            let q: String = quoted.iter().map(|l| format!("> {l}\r\n")).collect();
            format!(
                "{}On {}, Rust Riverside wrote:\r\n{q}\r\n{answer}\r\n\r\n-- \r\n{}\r\n",
                headers(r, plain),
                when.format("%d.%m.%y %H:%M"),
                r.name,
            )
        }
        Shape::Html => {
            let q: String = quoted
                .iter()
                .map(|l| format!("{}<br>", escape(l)))
                .collect();
            format!(
                "{}<html><body><div dir=\"ltr\">{}</div><br><div class=\"gmail_quote\">\
                 <div dir=\"ltr\" class=\"gmail_attr\">On {}, {} wrote:<br></div>\
                 <blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">\
                 {q}</blockquote></div></body></html>\r\n",
                headers(r, "text/html; charset=utf-8"),
                escape(answer),
                when.format("%a, %b %-d, %Y at %-I:%M %p"),
                escape(sender),
            )
        }
    }
}

/// A display name as clients write it: quoted when it holds a comma
/// ("Smith, John" from a CSV), else as is.
fn display(name: &str) -> String {
    if name.contains(',') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A fresh mail (no reply): a stranger proposing a talk.
pub fn fresh(name: &str, from: &str, at: i64, n: usize, subject: &str, body: &str) -> String {
    format!(
        "From: {name} <{from}>\r\nTo: Rust Riverside <organizers@riverside.example>\r\n\
         Subject: {subject}\r\nDate: {}\r\nMessage-ID: <f{n}.{at}@mail.example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        date(at)
    )
}
