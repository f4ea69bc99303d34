//! The sent log's own tests: lines, room, locks and the run's time.

use super::*;
use std::io::Write;

#[test]
fn log_path_beside_group_file() {
    assert_eq!(
        path_for(Path::new("/x/group.toml")),
        Path::new("/x/group.sent.log")
    );
    assert_eq!(path_for(Path::new("club.toml")), Path::new("club.sent.log"));
}

#[test]
fn records_survive_reopen_and_torn_line_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    {
        let mut log = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
        log.record("announce:e:a@x", "id1@x", "a@x").unwrap();
        log.record("announce:e:b@x", "id2@x", "b@x").unwrap();
        log.commit().unwrap();
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"2026-01-01T00:00:00Z\tannounce:e:c@x\tid3")
        .unwrap();
    drop(f);
    let mut log = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
    assert!(log.contains("announce:e:a@x") && log.contains("announce:e:b@x"));
    assert!(!log.contains("announce:e:c@x"));
    log.record("announce:e:d@x", "id4@x", "d@x").unwrap();
    drop(log);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().all(|l| l.split('\t').count() == 4));
    assert_eq!(read_keys(&path).unwrap().len(), 3);
}

#[test]
fn a_skipped_key_is_settled_but_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    {
        let mut log = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
        log.record("announce:e:a@x", "id1@x", "a@x").unwrap();
        log.record_skipped("announce:e:a..b@x", "a..b@x", "bad\taddress")
            .unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let skipped = text.lines().nth(1).unwrap();
    assert_eq!(skipped.split('\t').nth(2), Some(SKIPPED), "{skipped}");
    assert_eq!(skipped.split('\t').count(), 5, "{skipped}");
    let log = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
    assert!(log.contains("announce:e:a..b@x") && log.contains("announce:e:a@x"));
    assert_eq!(log.len(), 1, "one sent");
    drop(log);
    assert_eq!(read_keys(&path).unwrap().len(), 2, "both settled");
}

#[test]
fn room_made_and_not_used_is_cut_off_and_never_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    {
        let mut log = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
        log.grow(300).unwrap();
        log.record("announce:e:a@x", "id1@x", "a@x").unwrap();
        // While the log is open, the zeros after the line are a torn line.
        assert_eq!(read_keys(&path).unwrap().len(), 1);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains('\0') && text.ends_with('\n'), "{text:?}");
    assert_eq!(text.lines().count(), 1);
}

/// A pinned clock at `local` (a local time in `tz`).
fn pinned(local: &str) -> Clock {
    Clock::Pinned(Clock::parse(local).unwrap())
}

#[test]
fn a_line_records_the_runs_clock_in_utc_across_zones_and_days() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    // (zone, pinned local time, the line's time): across DST changes, a
    // leap day, the year's turn; the second run is pinned earlier than
    // the first, and the log takes it as it comes.
    let cases = [
        (
            "Europe/Berlin",
            "2026-11-24T09:00:00",
            "2026-11-24T08:00:00.000Z",
        ),
        (
            "Europe/Berlin",
            "2026-07-01T09:00:00",
            "2026-07-01T07:00:00.000Z",
        ),
        (
            "Europe/Berlin",
            "2026-03-29T02:30:00",
            "2026-03-29T01:00:00.000Z",
        ),
        (
            "America/New_York",
            "2026-11-01T01:30:00",
            "2026-11-01T05:30:00.000Z",
        ),
        (
            "Australia/Sydney",
            "2028-02-29T10:15:30",
            "2028-02-28T23:15:30.000Z",
        ),
        (
            "Pacific/Auckland",
            "2027-01-01T00:00:00",
            "2026-12-31T11:00:00.000Z",
        ),
        ("UTC", "2026-12-31T23:59:59", "2026-12-31T23:59:59.000Z"),
    ];
    for (i, (zone, local, _)) in cases.iter().enumerate() {
        let tz: Tz = zone.parse().unwrap();
        let mut log = SentLog::open(&path, pinned(local), tz).unwrap();
        log.record(&format!("announce:e:m{i}@x"), &format!("id{i}@x"), "m@x")
            .unwrap();
        log.record_skipped(&format!("announce:e:s{i}@x"), "s@x", "no address")
            .unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 * cases.len(), "{text}");
    for (i, (_, local, want)) in cases.iter().enumerate() {
        for l in &lines[2 * i..2 * i + 2] {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f[0], *want, "{local}: {l}");
        }
        assert_eq!(lines[2 * i].split('\t').count(), 4, "no fifth field");
    }
    // Out of order, every key is still settled.
    let log = SentLog::open(&path, pinned("2026-01-01"), chrono_tz::UTC).unwrap();
    assert_eq!(log.len(), cases.len());
    assert!((0..cases.len()).all(|i| log.contains(&format!("announce:e:s{i}@x"))));
}

#[test]
fn an_old_line_with_a_fifth_field_is_settled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    std::fs::write(
        &path,
        "2026-12-06T22:00:00.000Z\tannounce:e:a@x\t<a@ug>\ta@x\t2026-11-24T07:00:00.000Z\n",
    )
    .unwrap();
    let mut log = SentLog::open(&path, pinned("2026-11-25T08:00"), chrono_tz::UTC).unwrap();
    assert!(log.contains("announce:e:a@x"));
    log.record("announce:e:b@x", "<b@ug>", "b@x").unwrap();
    drop(log);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.ends_with("\n2026-11-25T08:00:00.000Z\tannounce:e:b@x\t<b@ug>\tb@x\n"),
        "{text}"
    );
}

#[test]
fn second_open_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sent.log");
    let _first = SentLog::open(&path, Clock::System, chrono_tz::UTC).unwrap();
    let err = SentLog::open(&path, Clock::System, chrono_tz::UTC)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("another `ug remind --send` is running"),
        "{err}"
    );
}
