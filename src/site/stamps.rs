//! Date stamps that do not churn (SPEC §6: a rebuild writes only files
//! whose content changed). The calendar's DTSTAMP and the feed's `updated`
//! say when the file was made, not what it holds: a file on disk that
//! differs from the new one in those lines alone is kept as it is, stamps
//! and all, so a daily rebuild with nothing changed writes nothing.

use std::path::Path;

use super::Files;

/// Whether a line is a stamp.
type IsStamp = fn(&str) -> bool;

/// The files with stamps, and how to tell a stamp line.
const STAMPED: [(&str, IsStamp); 2] = [("calendar.ics", ics_stamp), ("feed.xml", atom_stamp)];

fn ics_stamp(line: &str) -> bool {
    line.starts_with("DTSTAMP:")
}

fn atom_stamp(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("<updated>") && l.ends_with("</updated>")
}

/// Puts the bytes on disk in `out` back into `files` for each stamped file
/// whose only differences are its stamp lines.
pub fn keep(out: &Path, files: &mut Files) {
    for (name, is_stamp) in STAMPED {
        let Some(new) = files.get(name) else { continue };
        let Ok(old) = std::fs::read(out.join(name)) else {
            continue;
        };
        if old != *new && same_but_stamps(&old, new, is_stamp) {
            files.insert(name.to_string(), old);
        }
    }
}

/// True when `a` and `b` have the same lines, but for lines that are
/// stamps in both.
fn same_but_stamps(a: &[u8], b: &[u8], is_stamp: IsStamp) -> bool {
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else {
        return false;
    };
    let (mut a, mut b) = (a.split('\n'), b.split('\n'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || (is_stamp(x) && is_stamp(y)) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stamp_lines_may_differ() {
        let a = b"BEGIN:VEVENT\r\nDTSTAMP:20261110T060000Z\r\nSUMMARY:A\r\n";
        let b = b"BEGIN:VEVENT\r\nDTSTAMP:20261111T060000Z\r\nSUMMARY:A\r\n";
        let c = b"BEGIN:VEVENT\r\nDTSTAMP:20261111T060000Z\r\nSUMMARY:B\r\n";
        assert!(same_but_stamps(a, b, ics_stamp));
        assert!(!same_but_stamps(a, c, ics_stamp));
        assert!(!same_but_stamps(a, &c[..20], ics_stamp));
        let x = b"<feed>\n  <updated>2026-11-10T00:00:00-06:00</updated>\n</feed>\n";
        let y = b"<feed>\n  <updated>2026-11-11T00:00:00-06:00</updated>\n</feed>\n";
        assert!(same_but_stamps(x, y, atom_stamp));
        assert!(!same_but_stamps(x, b"<feed>\n</feed>\n", atom_stamp));
    }
}
