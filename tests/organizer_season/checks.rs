//! What the season must end with (SPEC 4, 5, 8, 11, 12), checked each
//! morning (the waitlist moves up in the run that reads the "no") and at
//! the end (answers, leavers, digests, nudges, task births, once-only
//! mail, greetings). Each check adds what it finds to [`Findings`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};

pub use super::findings::Findings;
use super::group::{BEFORE, HELPERS, ORGANIZERS};
use super::people::{Book, People, epoch, kind_and_middle};
use crate::support::{Mail, Ug, parse_toml, tasks};

/// The venue's seats: every event of the season is at the Town Hall.
const SEATS: i64 = 20;
/// `[inbox] answer_within`, in seconds.
const ANSWER_WITHIN: i64 = 2 * 86_400;
/// `[reminders] nudge`, in days.
const NUDGE_DAYS: i64 = 3;

/// What the season sent and planned, as it went.
#[derive(Default)]
pub struct Season {
    /// Every message the SMTP server accepted, with the morning it went.
    pub mail: Vec<(NaiveDate, Mail)>,
    /// Task id -> the morning it first appeared in the file.
    pub born: BTreeMap<i64, NaiveDate>,
    /// (event, address) of each move up the waitlist, and the morning.
    pub promoted: Vec<(String, String, NaiveDate)>,
    /// The last morning run: what was written after it never landed.
    pub last: Option<NaiveDate>,
}

/// One RSVP line: (address, status, guests).
type Line = (String, String, i64);

fn rsvps(doc: &toml::Table, id: &str) -> Vec<Line> {
    let Some(ev) = events(doc).find(|e| e.get("id").and_then(|i| i.as_str()) == Some(id)) else {
        return Vec::new();
    };
    ev.get("rsvps")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|l| {
            let l = l.as_table()?;
            Some((
                l.get("email")?.as_str()?.to_lowercase(),
                l.get("status")?.as_str()?.to_string(),
                l.get("guests").and_then(|g| g.as_integer()).unwrap_or(0),
            ))
        })
        .collect()
}

fn events(doc: &toml::Table) -> impl Iterator<Item = &toml::Table> {
    doc.get("events")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_table())
}

/// Seats the "yes" lines of an event take (guests included).
pub fn seats_taken(doc: &toml::Table, id: &str) -> i64 {
    rsvps(doc, id)
        .iter()
        .filter(|l| l.1 == "yes")
        .map(|l| 1 + l.2)
        .sum()
}

impl Season {
    /// After a morning's run: tasks born, and the waitlist (SPEC 4): no
    /// seat left free while a waitlisted party fits, and whoever moved up
    /// told so in the same run.
    pub fn morning(
        &mut self,
        day: NaiveDate,
        before: &toml::Table,
        after: &toml::Table,
        new: &[Mail],
        findings: &mut Findings,
    ) {
        self.last = Some(day);
        for t in tasks(after) {
            if let Some(id) = t.get("id").and_then(|i| i.as_integer())
                && !tasks(before)
                    .iter()
                    .any(|b| b.get("id").and_then(|i| i.as_integer()) == Some(id))
            {
                self.born.entry(id).or_insert(day);
            }
        }
        for ev in events(after) {
            let Some(id) = ev.get("id").and_then(|i| i.as_str()) else {
                continue;
            };
            if id < day.to_string().as_str() {
                continue;
            }
            let cap = ev
                .get("capacity")
                .and_then(|c| c.as_integer())
                .unwrap_or(SEATS);
            let lines = rsvps(after, id);
            let taken = seats_taken(after, id);
            if taken > cap {
                findings.add(
                    "waitlist",
                    format!("{day} {id}: {taken} seats taken of {cap}"),
                );
            }
            for (who, status, guests) in &lines {
                if status == "waitlist" && *guests < cap - taken {
                    findings.add(
                        "waitlist",
                        format!(
                            "{day} {id}: {who} (party {}) still waits with {} seats free",
                            1 + guests,
                            cap - taken
                        ),
                    );
                }
            }
            let was = rsvps(before, id);
            for (who, status, _) in &lines {
                let waited = was.iter().any(|l| l.0 == *who && l.1 == "waitlist");
                if status == "yes" && waited {
                    self.promoted.push((id.to_string(), who.clone(), day));
                    let told = new.iter().any(|m| {
                        let (k, mid) = kind_and_middle(&m.message_id);
                        k == "rsvp-promoted"
                            && mid.starts_with(id)
                            && m.rcpt().eq_ignore_ascii_case(who)
                    });
                    if !told {
                        findings.add(
                            "waitlist",
                            format!("{day} {id}: {who} moved up, not told that morning"),
                        );
                    }
                }
            }
        }
    }

    /// The end of the season: every rule of the brief.
    pub fn finish(&self, ug: &Ug, book: &Book, people: &People, findings: &mut Findings) {
        let doc = parse_toml(&ug.text());
        self.answers(&doc, book, findings);
        if self.promoted.is_empty() {
            findings.add("waitlist", "nobody moved up a waitlist all season".into());
        }
        self.leavers(&doc, book, findings);
        self.digests(ug, book, findings);
        self.nudges(findings);
        self.births(&doc, findings);
        self.once(ug, findings);
        self.greetings(people, findings);
        self.delegation(&doc, book, findings);
        println!(
            "RSVP answers meant: {}; moves up the waitlist: {}; for a person: {}; digests: {}",
            book.rsvps.values().map(Vec::len).sum::<usize>(),
            self.promoted.len(),
            book.for_a_person.len(),
            self.of_kind(super::DIGEST_KIND).count()
        );
    }

    fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a (NaiveDate, Mail)> + 'a {
        self.mail
            .iter()
            .filter(move |(_, m)| kind_and_middle(&m.message_id).0 == kind)
    }

    /// Each member's latest answer is the file's (SPEC 4, 12).
    fn answers(&self, doc: &toml::Table, book: &Book, findings: &mut Findings) {
        // The replies behind wrong answers, by shape and words: the report.
        let mut misread: BTreeMap<String, usize> = BTreeMap::new();
        for id in super::EVENTS {
            let lines = rsvps(doc, id);
            let mut meant: BTreeMap<&str, bool> = BTreeMap::new();
            for ((e, who), v) in &book.rsvps {
                if e == id {
                    let last = v.iter().max_by_key(|r| r.0).unwrap();
                    meant.insert(who.as_str(), last.1);
                }
            }
            for (who, yes) in &meant {
                let status = lines.iter().find(|l| l.0 == *who).map(|l| l.1.as_str());
                let right = match status {
                    Some("yes" | "waitlist") => *yes,
                    Some(_) => !*yes,
                    None => false,
                };
                if !right {
                    let said: Vec<&str> = book.rsvps[&(id.to_string(), who.to_string())]
                        .iter()
                        .filter_map(|r| book.said.get(&(who.to_string(), r.0)))
                        .map(String::as_str)
                        .collect();
                    if let Some(last) = said.last() {
                        *misread.entry(last.to_string()).or_default() += 1;
                    }
                    findings.add(
                        "rsvp",
                        format!("{id} {who}: wrote {said:?}, the file says {status:?}"),
                    );
                }
            }
            for l in &lines {
                if !meant.contains_key(l.0.as_str()) {
                    findings.add("rsvp", format!("{id} {}: a line nobody meant: {l:?}", l.0));
                }
            }
        }
        if !misread.is_empty() {
            println!("RSVP replies behind a wrong answer (the last each wrote): {misread:#?}");
        }
    }

    /// The leavers are unsubscribed and get nothing after but the one
    /// confirmation (SPEC 5, 11).
    fn leavers(&self, doc: &toml::Table, book: &Book, findings: &mut Findings) {
        for (who, at) in &book.unsubscribed {
            let entry = doc["members"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|m| m.as_table())
                .find(|m| m.get("email").and_then(|e| e.as_str()) == Some(who.as_str()));
            let gone = entry
                .and_then(|m| m.get("unsubscribed"))
                .and_then(|u| u.as_bool());
            if gone != Some(true) {
                findings.add(
                    "unsubscribe",
                    format!("{who} is not unsubscribed: {entry:?}"),
                );
            }
            let read = chrono::DateTime::from_timestamp(*at, 0)
                .unwrap()
                .date_naive()
                + Days::new(1);
            for (d, m) in &self.mail {
                let kind = kind_and_middle(&m.message_id).0;
                if *d >= read && m.rcpt().eq_ignore_ascii_case(who) && kind != "unsubscribed" {
                    findings.add(
                        "unsubscribe",
                        format!("{who} left, got {} on {d}", m.message_id),
                    );
                }
            }
        }
    }

    /// Nobody waits longer than `answer_within` without the organizers
    /// being mailed (SPEC 8 step 4): every mail for a person (what the
    /// people meant so, and what `ug inbox` lists) is in an organizers'
    /// digest by the first morning after `answer_within`.
    fn digests(&self, ug: &Ug, book: &Book, findings: &mut Findings) {
        let mut waiting: BTreeMap<String, (String, i64, Vec<String>)> = book.for_a_person.clone();
        let v = ug.run_with(["inbox", "--json"]).success().json();
        for w in v["waiting"].as_array().into_iter().flatten() {
            let id = w["message_id"]
                .as_str()
                .unwrap_or_default()
                .trim_matches(['<', '>'])
                .to_string();
            let from = w["from"].as_str().unwrap_or_default().to_string();
            let name = w["name"].as_str().unwrap_or_default().to_string();
            let at = w["arrived"]
                .as_str()
                .and_then(|a| chrono::DateTime::parse_from_rfc3339(a).ok())
                .map_or(0, |t| t.timestamp());
            waiting
                .entry(id)
                .or_insert((from.clone(), at, vec![from, name]));
        }
        let digests: Vec<(NaiveDate, String)> = self
            .of_kind(super::DIGEST_KIND)
            .filter(|(_, m)| ORGANIZERS.contains(&m.rcpt()))
            .map(|(d, m)| (*d, m.text.clone().unwrap_or_default().to_lowercase()))
            .collect();
        let last = self.mail.last().map(|(d, _)| *d);
        for (id, (from, at, words)) in &waiting {
            let arrived = chrono::DateTime::from_timestamp(*at, 0)
                .unwrap()
                .date_naive();
            let mut by = arrived;
            while epoch(by, 8, 15) < at + ANSWER_WITHIN {
                by = by + Days::new(1);
            }
            if last.is_some_and(|l| by > l) {
                continue;
            }
            let told = digests.iter().any(|(d, text)| {
                arrived <= *d
                    && *d <= by
                    && words
                        .iter()
                        .any(|w| !w.is_empty() && text.contains(&w.to_lowercase()))
            });
            if !told {
                findings.add(
                    "digest",
                    format!(
                        "{id} from {from} (arrived {arrived}) not in an organizers' digest by {by}"
                    ),
                );
            }
        }
    }

    /// One nudge digest per interval per person; organizers never nudged
    /// about their own tasks (SPEC 8).
    fn nudges(&self, findings: &mut Findings) {
        let mut by_person: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
        for (d, m) in self.of_kind("nudge").chain(self.of_kind("nudges")) {
            by_person
                .entry(m.rcpt().to_lowercase())
                .or_default()
                .push(*d);
        }
        for (who, mut days) in by_person {
            if ORGANIZERS.contains(&who.as_str()) {
                findings.add("organizer nudged", format!("{who} nudged on {days:?}"));
            }
            days.sort();
            for w in days.windows(2) {
                if (w[1] - w[0]).num_days() < NUDGE_DAYS {
                    findings.add(
                        "nudge interval",
                        format!("{who} nudged on {} and {}", w[0], w[1]),
                    );
                }
            }
        }
        if !self
            .of_kind("nudge")
            .chain(self.of_kind("nudges"))
            .any(|(_, m)| HELPERS.contains(&m.rcpt()))
        {
            findings.add("nudge interval", "no helper was ever nudged".into());
        }
    }

    /// Every checklist task born on time (SPEC 8 step 2, the planning
    /// horizon): planned at least its `before` ahead of its event, so never
    /// overdue on the morning it appeared (a due date moved to the day it
    /// was born does not make a late task timely).
    fn births(&self, doc: &toml::Table, findings: &mut Findings) {
        let mut n = 0;
        for t in tasks(doc) {
            let Some(id) = t.get("id").and_then(|i| i.as_integer()) else {
                continue;
            };
            let Some(born) = self.born.get(&id) else {
                continue;
            };
            let title = t.get("title").and_then(|x| x.as_str()).unwrap_or("");
            let due: Option<NaiveDate> = t.get("due").and_then(|d| d.to_string().parse().ok());
            let event: Option<NaiveDate> = t
                .get("event")
                .and_then(|e| e.as_str())
                .and_then(|e| e.parse().ok());
            let before = BEFORE
                .iter()
                .find(|(p, _)| title.starts_with(p))
                .map(|(_, d)| *d);
            n += 1;
            let late = match (event, before) {
                (Some(event), Some(before)) => (event - *born).num_days() < before,
                _ => due.is_none_or(|due| due < *born),
            };
            if late {
                findings.add(
                    "born late",
                    format!("task {id} \"{title}\" (event {event:?}, before {before:?}d, due {due:?}) born {born}"),
                );
            }
        }
        if n < 12 {
            findings.add(
                "born late",
                format!("only {n} checklist tasks born in the season"),
            );
        }
    }

    /// Each message once: Message-IDs unique, sent-log keys unique.
    fn once(&self, ug: &Ug, findings: &mut Findings) {
        let mut ids = BTreeSet::new();
        for (d, m) in &self.mail {
            if !ids.insert(m.message_id.clone()) {
                findings.add("once", format!("{d}: {} sent again", m.message_id));
            }
        }
        let mut keys = BTreeSet::new();
        for line in ug.log() {
            let key = line.split('\t').nth(1).unwrap_or_default().to_string();
            if !keys.insert(key.clone()) {
                findings.add("once", format!("sent-log key twice: {key}"));
            }
        }
    }

    /// "Last, First" from the CSV is greeted "Hi First," (SPEC 12).
    fn greetings(&self, people: &People, findings: &mut Findings) {
        for p in people.members.iter().filter(|p| p.written.contains(',')) {
            for (d, m) in &self.mail {
                let Some(first) = m.text.as_deref().and_then(|t| t.lines().next()) else {
                    continue;
                };
                if m.rcpt() == p.email
                    && first.starts_with("Hi ")
                    && first != format!("Hi {},", p.first)
                {
                    findings.add(
                        "greeting",
                        format!("{d}: \"{}\" greeted {first:?}", p.written),
                    );
                    break;
                }
            }
        }
    }

    /// "done" to a nudge marks the task done; an ask's answer accepts or
    /// declines it (SPEC 5, 12).
    fn delegation(&self, doc: &toml::Table, book: &Book, findings: &mut Findings) {
        let status = |id: i64| -> String {
            tasks(doc)
                .iter()
                .find(|t| t.get("id").and_then(|i| i.as_integer()) == Some(id))
                .and_then(|t| t.get("status").and_then(|s| s.as_str()).map(str::to_string))
                .unwrap_or_default()
        };
        let notes = |id: i64| -> String {
            tasks(doc)
                .iter()
                .find(|t| t.get("id").and_then(|i| i.as_integer()) == Some(id))
                .and_then(|t| t.get("notes").and_then(|s| s.as_str()).map(str::to_string))
                .unwrap_or_default()
        };
        // A reply written after the last morning run was never read.
        let read_by = self.last.map_or(0, |d| epoch(d, 8, 15));
        for (task, who, _) in book.done.iter().filter(|d| d.2 < read_by) {
            if status(*task) != "done" {
                findings.add(
                    "done",
                    format!("task {task}: {who} said done, it is {}", status(*task)),
                );
            }
        }
        for (task, (yes, _)) in book.asks.iter().filter(|a| a.1.1 < read_by) {
            let s = status(*task);
            // A declined task goes back to its owner (the note says who
            // declined), who may well finish it later.
            let right = if *yes {
                s != "asked" && s != "declined"
            } else {
                s == "declined" || (s != "asked" && notes(*task).contains("declined"))
            };
            if !right {
                findings.add(
                    "ask",
                    format!(
                        "task {task}: answered {}, it is {s}",
                        if *yes { "yes" } else { "no" }
                    ),
                );
            }
        }
        if book.done.is_empty() || book.asks.len() < 3 {
            findings.add(
                "done",
                format!(
                    "{} done replies, {} asks answered",
                    book.done.len(),
                    book.asks.len()
                ),
            );
        }
    }
}
