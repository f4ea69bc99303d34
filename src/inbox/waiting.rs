//! Mail that needs a person, until it is answered: an organizer's reply
//! in the sent Maildir (its `In-Reply-To` or `References` names the
//! message), or `ug inbox done ID`.

use std::collections::HashSet;
use std::path::Path;

use super::maildir;
use crate::error::Result;

/// The Message-IDs (without brackets) that the mail in the sent Maildir
/// `dir` answers. Only the headers are read.
pub fn answered(dir: &Path) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    for entry in maildir::list(dir)? {
        // A sent file that cannot be read answers nothing: skipped.
        let Ok(bytes) = std::fs::read(&entry.path) else {
            continue;
        };
        ids.extend(reply_ids(&bytes));
    }
    Ok(ids)
}

/// The ids in a message's `In-Reply-To` and `References` headers; none
/// for an automatic answer (`Auto-Submitted` other than `no`, as ug's own
/// confirmations and welcomes carry): a mail service that keeps what ug
/// sends in the sent folder must not make them close what they answer,
/// nor a stranger's mail that copies another's Message-ID close that one.
pub fn reply_ids(bytes: &[u8]) -> Vec<String> {
    let end = find(bytes, b"\r\n\r\n")
        .or_else(|| find(bytes, b"\n\n"))
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let flush = |v: Option<String>, out: &mut Vec<String>| {
        if let Some(v) = v {
            out.extend(bracketed(&v));
        }
    };
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(v) = current.as_mut() {
                v.push_str(line);
            }
            continue;
        }
        flush(current.take(), &mut out);
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("In-Reply-To") || name.eq_ignore_ascii_case("References") {
                current = Some(value.to_string());
            } else if name.eq_ignore_ascii_case("Auto-Submitted")
                && !value.trim().to_ascii_lowercase().starts_with("no")
            {
                return Vec::new();
            }
        }
    }
    flush(current, &mut out);
    out
}

fn bracketed(v: &str) -> Vec<String> {
    v.split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(id, _)| id.trim().to_string()))
        .filter(|id| !id.is_empty())
        .collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// "3d", "5h", "20m": how long a message has waited.
pub fn age(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 86_400 {
        format!("{}d", s / 86_400)
    } else if s >= 3_600 {
        format!("{}h", s / 3_600)
    } else {
        format!("{}m", s / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ids_a_reply_answers() {
        let mail = b"From: a@x\r\nIn-Reply-To: <q1@mail.gmail.com>\r\nReferences: <a@x>\r\n <q1@mail.gmail.com>\r\nSubject: Re\r\n\r\nIn-Reply-To: <not@header>\r\n";
        assert_eq!(
            reply_ids(mail),
            ["q1@mail.gmail.com", "a@x", "q1@mail.gmail.com"]
        );
        let auto = b"In-Reply-To: <q1@mail.gmail.com>\r\nAuto-Submitted: auto-replied\r\n\r\n";
        assert!(reply_ids(auto).is_empty());
        let person = b"In-Reply-To: <q1@mail.gmail.com>\r\nAuto-Submitted: no\r\n\r\n";
        assert_eq!(reply_ids(person), ["q1@mail.gmail.com"]);
        assert_eq!(age(3 * 86_400 + 5), "3d");
        assert_eq!(age(7_200), "2h");
    }
}
