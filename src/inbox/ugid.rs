//! ug's own Message-IDs read back from a reply's `In-Reply-To` /
//! `References`: which kind of message it answers, and its event or task.
//!
//! The format is written by `mail::compose::message_id` (not imported here:
//! `inbox` sits below `mail` in no order and must not depend on it):
//! `<kind>.<middle>.<16 hex digits>@<domain>`, where `middle` is the key's
//! middle part (the event id, `event:sequence`, `task:round` or
//! `task:date`) with every character other than ASCII letters, digits and
//! `-` turned into `.`, runs of dots squeezed, cut to 64 characters. A
//! middle cannot be split back unambiguously, so it is matched against the
//! file's own event and task ids, written the same way. A nudge digest
//! (several tasks in one mail) is `nudges.<task>.<task>...<round>.<hash>`:
//! every task named, so a "done 12 14" reply can say which.

/// A reference to one of ug's messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UgRef {
    /// `announce`, `remind`, `change`, `cancel`, `nudge`, `ask`, ...
    pub kind: String,
    /// The key's middle, as the Message-ID writes it.
    pub middle: String,
}

/// Reads `id` (with or without angle brackets) as one of ug's Message-IDs
/// from `domain` (compared without regard to case).
pub fn parse(id: &str, domain: &str) -> Option<UgRef> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, at) = id.rsplit_once('@')?;
    if !at.eq_ignore_ascii_case(domain) {
        return None;
    }
    let (rest, hash) = local.rsplit_once('.')?;
    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (kind, middle) = rest.split_once('.').unwrap_or((rest, ""));
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return None;
    }
    Some(UgRef {
        kind: kind.to_string(),
        middle: middle.to_string(),
    })
}

/// An id as a Message-ID's middle writes it (see the module doc).
pub fn clean(s: &str) -> String {
    let dotted: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '.'
            }
        })
        .collect();
    let squeezed = dotted
        .split('.')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".");
    let cut: String = squeezed.chars().take(64).collect();
    cut.trim_end_matches('.').to_string()
}

/// The id among `ids` that `middle` starts with (the whole middle, or up to
/// a `.` that begins the rest of the key); the longest when several do.
pub fn find<'a>(middle: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ids.into_iter()
        .filter_map(|id| {
            let c = clean(id);
            let hit = !c.is_empty()
                && (middle == c
                    || middle.starts_with(&c) && middle[c.len()..].starts_with('.')
                    || c.len() >= 64 && middle.starts_with(&c));
            hit.then_some((c.len(), id))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ugs_message_ids() {
        let r = parse(
            "<announce.2026-12-08.5c0f3b9d2e1a4f67@Example.org>",
            "example.org",
        );
        assert_eq!(
            r,
            Some(UgRef {
                kind: "announce".into(),
                middle: "2026-12-08".into()
            })
        );
        let r = parse(
            "nudge.12.2026-11-20.0123456789abcdef@example.org",
            "example.org",
        )
        .unwrap();
        assert_eq!(
            (r.kind.as_str(), r.middle.as_str()),
            ("nudge", "12.2026-11-20")
        );
        assert_eq!(parse("CAF=abc@mail.gmail.com", "example.org"), None);
        assert_eq!(parse("announce.x.123@example.org", "example.org"), None);
        assert_eq!(
            parse("announce.x.5c0f3b9d2e1a4f67@other.org", "example.org"),
            None
        );
    }

    #[test]
    fn matches_the_files_ids() {
        let events = ["2026-12-08", "2026-12-0", "jan social"];
        assert_eq!(find("2026-12-08", events), Some("2026-12-08"));
        assert_eq!(find("2026-12-08.2", events), Some("2026-12-08"));
        assert_eq!(find("jan.social", events), Some("jan social"));
        assert_eq!(find("2027-01-01", events), None);
        assert_eq!(find("12.2026-11-20", ["1", "12", "2"]), Some("12"));
    }
}
