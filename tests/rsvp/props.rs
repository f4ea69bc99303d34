//! Many random answer sequences through `events::rsvp` in process, each
//! answer decided, written, and the file read back: seats taken never exceed
//! the seats, nobody holds two entries, nobody waits whose party fits, the
//! waitlist moves up in arrival order, and each change is one line per
//! person it touches.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use usergroup::events::rsvp::{self, Answer, NoticeKind, Outcome};
use usergroup::model::{Group, RsvpStatus, Via, from_table};

/// A small deterministic generator (xorshift64*): no dependency, same runs everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn load(text: &str) -> (toml_edit::DocumentMut, Group) {
    let doc: toml_edit::DocumentMut = text.parse().expect("parses");
    let (g, diags) = from_table(doc.as_table());
    assert!(diags.is_empty(), "{diags:?}\n{text}");
    (doc, g)
}

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 8)
        .unwrap()
        .and_hms_opt(18, 30, 0)
        .unwrap()
}

fn file(capacity: Option<u32>, guests: u32) -> String {
    let cap = capacity.map_or(String::new(), |c| format!("capacity = {c}\n"));
    format!(
        "[group]\nname = \"G\"\ntimezone = \"Europe/Berlin\"\n\n[signups]\nguests = {guests}\nopens = \"30d\"\n\n\
         [[events]]\nid = \"e\"\ntitle = \"E\"\nstart = 2026-12-08T18:30:00\nstatus = \"announced\"\n{cap}"
    )
}

#[test]
fn random_answer_sequences_keep_every_rule() {
    let mut rng = Rng(0x5eed_2026_1126);
    for round in 0..150 {
        let capacity = match rng.below(4) {
            0 => None,
            _ => Some(1 + rng.below(8) as u32),
        };
        let limit = rng.below(3) as u32;
        let mut text = file(capacity, limit);
        let mut now = start() - Duration::days(20);
        let people = 2 + rng.below(10);
        for step in 0..(10 + rng.below(40)) {
            now += Duration::minutes(1 + rng.below(600) as i64);
            if now >= start() {
                break;
            }
            let (mut doc, g) = load(&text);
            let before = g.events[0].rsvps.clone();
            let who = rng.below(people);
            let email = if rng.below(3) == 0 {
                format!("P{who}@Example.com")
            } else {
                format!("p{who}@example.com")
            };
            let answer = Answer {
                email: email.clone(),
                name: None,
                yes: rng.below(3) != 0,
                guests: rng.below(u64::from(limit) + 2) as u32,
                via: Via::Email,
            };
            // Now and then the capacity grows instead (`events edit --capacity`).
            let grow = capacity.is_some() && rng.below(10) == 0;
            let c = if grow {
                let seats = g.seats(&g.events[0]).map(|s| s + 1 + rng.below(3) as u32);
                let c = rsvp::promote(&g, &g.events[0], seats);
                let cap = seats.unwrap();
                let t = text.clone();
                let i = t.find("capacity = ").unwrap();
                let end = i + t[i..].find('\n').unwrap();
                text = format!("{}capacity = {cap}{}", &t[..i], &t[end..]);
                doc = text.parse().unwrap();
                c
            } else {
                rsvp::decide(&g.events[0], &g, &answer, now)
            };
            rsvp::apply(&mut doc, &c).unwrap();
            let new_text = doc.to_string();
            let ctx = format!("round {round} step {step}: {answer:?} -> {c:?}\n{new_text}");
            // One line per person touched, changed in place (- and +) or
            // added; a first answer also opens and closes the array.
            let diff = crate::support::line_diff(&text, &new_text).len();
            let opened = if before.is_empty() && c.changed() {
                2
            } else {
                0
            };
            assert!(diff <= 2 * c.writes.len() + opened, "{ctx}");
            let (_, g2) = load(&new_text);
            let e = &g2.events[0];
            let seats = g2.seats(e);
            // Nobody twice.
            let mut seen: Vec<String> = e.rsvps.iter().map(|r| r.email.to_lowercase()).collect();
            seen.sort();
            let n = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), n, "{ctx}");
            // Seats taken never exceed the seats; nobody waits whose party fits.
            let taken = rsvp::taken(&e.rsvps);
            if let Some(s) = seats {
                assert!(taken <= s, "{ctx}");
                let left = s - taken;
                assert!(
                    rsvp::waitlist(&e.rsvps)
                        .iter()
                        .all(|(_, r)| r.party() > left),
                    "{ctx}"
                );
            } else {
                assert!(rsvp::waitlist(&e.rsvps).is_empty(), "{ctx}");
            }
            assert_eq!(c.taken, taken, "{ctx}");
            // The waitlist moves up in arrival order: an earlier waiting party
            // no larger than a promoted one was promoted too.
            let waited: Vec<_> = before
                .iter()
                .filter(|r| r.status == RsvpStatus::Waitlist)
                .collect();
            for p in &c.promoted {
                let pr = waited.iter().find(|r| r.is_from(p)).expect("was waiting");
                for earlier in waited
                    .iter()
                    .filter(|r| r.at < pr.at && r.party() <= pr.party())
                {
                    assert!(c.promoted.contains(&earlier.email), "{ctx}");
                }
            }
            // The answer itself, and the waitlist number told.
            if let Outcome::Recorded { status, position } = c.outcome {
                let mine = e
                    .rsvps
                    .iter()
                    .find(|r| r.is_from(&email))
                    .expect("recorded");
                assert_eq!(mine.status, status, "{ctx}");
                assert_eq!(answer.yes, status != RsvpStatus::No, "{ctx}");
                assert!(mine.guests <= limit, "{ctx}");
                if let Some(n) = position {
                    let order = rsvp::waitlist(&e.rsvps);
                    assert!(order[n - 1].1.is_from(&email), "{ctx}");
                    assert!(
                        c.notices
                            .iter()
                            .any(|x| x.kind == NoticeKind::Waitlisted { n }),
                        "{ctx}"
                    );
                }
            }
            text = new_text;
        }
    }
}
