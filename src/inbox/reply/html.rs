//! The person's words in an HTML-only reply: the quoted message cut from
//! the HTML before it is made text, where each client marks it:
//! `<blockquote>` (Apple Mail's `type="cite"`, Thunderbird, AOL), Gmail's
//! `div.gmail_quote`, Yahoo's `yahoo_quoted`, Proton's `protonmail_quote`
//! (any class naming a quote), Thunderbird's `moz-cite-prefix`
//! attribution; Outlook's `div#divRplyFwdMsg`, `#appendonsend` and a
//! `<hr>` followed by `From:` start the quoted message, which runs to the
//! end. Signatures (`gmail_signature`, `moz-signature`, Outlook's
//! `#Signature`) are dropped. A cut quote leaves a `>` line, so the text
//! reads like a plain-text reply (an attribution before it, the person's
//! words after it when bottom-posted).

use mail_parser::decoders::html::html_to_text;

/// The text of `html` without its quotes and signatures.
pub fn own_html_text(html: &str) -> String {
    html_to_text(&with_breaks(&cut(html)))
}

/// What to do with an element.
#[derive(PartialEq)]
enum Cut {
    /// Replaced by a `>` line.
    Quote,
    /// Dropped.
    Drop,
    /// Everything from here on is the quoted message.
    Rest,
}

fn cut(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(off) = lower[at..].find('<') {
        let start = at + off;
        let Some(len) = lower[start..].find('>') else {
            break;
        };
        let end = start + len + 1;
        let tag = &lower[start..end];
        let name = tag_name(tag);
        match what(tag, name, &lower[end..]) {
            Some(Cut::Rest) => {
                out.push_str(&html[at..start]);
                return out;
            }
            Some(c) => {
                out.push_str(&html[at..start]);
                if c == Cut::Quote {
                    out.push_str("<br>&gt; quoted<br>");
                }
                at = element_end(&lower, end, name);
            }
            None => {
                out.push_str(&html[at..end]);
                at = end;
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

/// "div" for `<div class=...>` (lowercased).
fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('<');
    let n = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(t.len());
    &t[..n]
}

/// The value of attribute `name` in `tag` (lowercased), quoted or not.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let i = from + i;
        from = i + name.len();
        let before = tag[..i].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

fn what(tag: &str, name: &str, after: &str) -> Option<Cut> {
    if tag.starts_with("</") {
        return None;
    }
    if name == "blockquote" {
        return Some(Cut::Quote);
    }
    if name == "hr" {
        let next = text_start(after);
        let header = ["from:", "von:", "de :", "de:", "от:", "da:", "van:"];
        return header
            .iter()
            .any(|h| next.starts_with(h))
            .then_some(Cut::Rest);
    }
    let class = attr(tag, "class").unwrap_or("");
    let id = attr(tag, "id").unwrap_or("");
    let classes = || class.split_whitespace();
    if ["divrplyfwdmsg", "appendonsend"].contains(&id)
        || classes().any(|c| c == "outlookmessageheader")
    {
        return Some(Cut::Rest);
    }
    if id == "signature"
        || classes().any(|c| c.ends_with("gmail_signature") || c == "moz-signature")
        || attr(tag, "data-smartmail") == Some("gmail_signature")
    {
        return Some(Cut::Drop);
    }
    if classes().any(|c| c.contains("quote") || c == "moz-cite-prefix") {
        return Some(Cut::Quote);
    }
    None
}

/// The first words of text in `html` (tags skipped, lowercased, at most
/// 200 bytes looked at).
fn text_start(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars().take(2000) {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() && out.is_empty() => {}
            c => out.push(c),
        }
        if out.len() >= 200 {
            break;
        }
    }
    out.replace("&nbsp;", " ").trim().to_string()
}

/// Where the element `name` opened before `from` ends (after its closing
/// tag, nested ones counted); the end of the text when it never closes.
/// Void elements end where they open. Linear: each search starts past the
/// last one, so nesting a quote a million deep costs one pass, not one per
/// level (SPEC 11: anyone can send this).
fn element_end(lower: &str, from: usize, name: &str) -> usize {
    if ["hr", "br", "img"].contains(&name) {
        return from;
    }
    let open = format!("<{name}");
    let close = format!("</{name}");
    let find = |pat: &str, at: usize| lower[at..].find(pat).map(|i| at + i);
    let mut depth = 1;
    let mut next_open = find(&open, from);
    let mut next_close = find(&close, from);
    loop {
        let Some(c) = next_close else {
            return lower.len();
        };
        match next_open {
            Some(o) if o < c => {
                if is_tag_start(lower, o + open.len()) {
                    depth += 1;
                }
                next_open = find(&open, o + open.len());
            }
            _ => {
                depth -= 1;
                let end = lower[c..].find('>').map_or(lower.len(), |i| c + i + 1);
                if depth == 0 {
                    return end;
                }
                next_close = find(&close, end);
                if next_open.is_some_and(|o| o < end) {
                    next_open = find(&open, end);
                }
            }
        }
    }
}

/// The tag name ends at `i` (`<div>` and `<div class>`, not `<divx>`).
fn is_tag_start(lower: &str, i: usize) -> bool {
    lower[i..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
}

/// A line break before each block element, as a browser shows them
/// (mail-parser's text breaks lines at `<br>` and `</p>` only).
fn with_breaks(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre",
    ];
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    while let Some(off) = lower[at..].find('<') {
        let start = at + off;
        out.push_str(&html[at..start]);
        let name = tag_name(lower[start..].trim_start_matches("</"));
        if BLOCKS.contains(&name) {
            out.push_str("<br>");
        }
        out.push('<');
        at = start + 1;
    }
    out.push_str(&html[at..]);
    out
}
