//! Mail that must not be answered (RFC 3834, SPEC §11): ug sends no
//! automatic answer (a confirmation request, a welcome, "RSVPs are closed",
//! "unsubscribed", thanks) to a message that is itself automatic or comes
//! from a list. Such a message is still read and sorted; what it proves is
//! still acted on, but nothing is owed to its sender, and what would need
//! a confirmation request waits for a person instead (`act`).

use mail_parser::Message;

/// Whether `m` must not be answered: `Auto-Submitted` other than `no`, a
/// `List-Id`, `Precedence: bulk`, `list` or `junk`, or an empty return
/// path (`Return-Path: <>`, any of them).
pub fn must_not_answer(m: &Message<'_>) -> bool {
    let mut out = false;
    for (name, value) in m.headers_raw().take(500) {
        let value = value.trim().to_ascii_lowercase();
        out |= match name.to_ascii_lowercase().as_str() {
            "auto-submitted" => value.split(';').next().is_some_and(|v| v.trim() != "no"),
            "list-id" => true,
            "precedence" => ["bulk", "list", "junk"].contains(&value.as_str()),
            "return-path" => is_null(&value),
            _ => false,
        };
    }
    out
}

/// Whether the message came from the null sender: its `Return-Path` is `<>`.
pub fn null_sender(m: &Message<'_>) -> bool {
    m.header_raw("Return-Path").is_some_and(is_null)
}

fn is_null(path: &str) -> bool {
    path.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .is_empty()
}

#[cfg(test)]
mod tests {
    use mail_parser::MessageParser;

    use super::*;

    fn answerable(headers: &str) -> bool {
        let raw = format!("From: a@example.com\r\nSubject: hi\r\n{headers}\r\nhello\r\n");
        !must_not_answer(&MessageParser::default().parse(raw.as_bytes()).unwrap())
    }

    #[test]
    fn automatic_and_list_mail_is_never_answered() {
        assert!(answerable(""));
        assert!(answerable("Auto-Submitted: no\r\n"));
        assert!(answerable("Precedence: first-class\r\n"));
        assert!(answerable("Return-Path: <a@example.com>\r\n"));
        for h in [
            "Auto-Submitted: auto-replied\r\n",
            "Auto-Submitted: auto-generated; owner-email=x@example.com\r\n",
            "List-Id: Other list <other.lists.example.net>\r\n",
            "Precedence: bulk\r\n",
            "Precedence: List\r\n",
            "Precedence: junk\r\n",
            "Return-Path: <>\r\n",
            "Return-Path: <a@example.com>\r\nReturn-Path: <>\r\n",
        ] {
            assert!(!answerable(h), "{h}");
        }
    }
}
