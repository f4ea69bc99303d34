//! Everyone who answers ug's mail, as people do: the 60 members (RSVPs,
//! changes of mind, "still coming?" answers, questions, two who leave by
//! replying), the two helpers ("done" to their nudges), the speakers asked
//! to take a task, and strangers proposing talks. Each reply answers a
//! message its writer really received; the [`Book`] keeps what each one
//! meant, for the checks.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime, TimeZone};

use super::group::{Member, ORGANIZERS};
use super::shapes::{self, Reply, SHAPES, Shape};
use crate::support::{Mail, Rng};

/// One message waiting to land in the Maildir.
pub struct Drop {
    pub at: i64,
    pub text: String,
}

/// One RSVP answer meant: (arrival, yes, guests).
pub type Meant = (i64, bool, i64);

/// What the people meant by what they wrote.
#[derive(Default)]
pub struct Book {
    /// (event, address) -> each RSVP answer in the order written.
    pub rsvps: BTreeMap<(String, String), Vec<Meant>>,
    /// address -> arrival of their "unsubscribe" reply.
    pub unsubscribed: BTreeMap<String, i64>,
    /// Mail that needs a person (questions, talk proposals): Message-ID ->
    /// (sender, arrival, what an organizer would know it by: the address,
    /// the name, a talk's title).
    pub for_a_person: BTreeMap<String, (String, i64, Vec<String>)>,
    /// (task, helper, arrival) of each "done" reply to a nudge.
    pub done: Vec<(i64, String, i64)>,
    /// task -> the asked person's answer (yes: accepted), and its arrival.
    pub asks: BTreeMap<i64, (bool, i64)>,
    /// Messages still to land, by arrival.
    pub pending: Vec<Drop>,
    /// (address, arrival) -> "Shape: words" of each reply, for the report.
    pub said: BTreeMap<(String, i64), String>,
    /// How many replies of each shape were written.
    pub shapes: BTreeMap<String, usize>,
    n: usize,
}

/// Seconds since the epoch of a local time in the group's zone.
pub fn epoch(day: NaiveDate, hour: u32, minute: u32) -> i64 {
    let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap());
    chrono_tz::Europe::Berlin
        .from_local_datetime(&local)
        .earliest()
        .unwrap()
        .timestamp()
}

/// A message's kind and middle, from its Message-ID
/// (`nudge.12.2026-12-01.TOKEN@domain` -> ("nudge", "12.2026-12-01")).
pub fn kind_and_middle(message_id: &str) -> (String, String) {
    let local = message_id.rsplit_once('@').map_or(message_id, |(l, _)| l);
    let rest = local.rsplit_once('.').map_or(local, |(r, _)| r);
    let (kind, middle) = rest.split_once('.').unwrap_or((rest, ""));
    (kind.to_string(), middle.to_string())
}

/// The event id a middle starts with (`2027-01-12`, maybe with a suffix).
fn event_of(middle: &str) -> String {
    middle.chars().take(10).collect()
}

/// Who the season's people are, and what they mean to do.
pub struct People {
    pub members: Vec<Member>,
    /// Address -> the member.
    by_address: BTreeMap<String, Member>,
    /// The member who replies "unsubscribe" to January's announcement, and
    /// the one who writes "Please remove me from this list." to February's.
    pub leavers: [String; 2],
    /// Those who asked a question already (once each, to keep it human).
    asked: BTreeSet<String>,
    pub rng: Rng,
}

impl People {
    pub fn new(members: Vec<Member>, seed: u64) -> People {
        let by_address = members
            .iter()
            .map(|m| (m.email.clone(), m.clone()))
            .collect();
        let leavers = [members[7].email.clone(), members[13].email.clone()];
        People {
            members,
            by_address,
            leavers,
            asked: BTreeSet::new(),
            rng: Rng::new(seed),
        }
    }

    fn shape(&mut self) -> Shape {
        SHAPES[self.rng.below(SHAPES.len() as u64) as usize]
    }

    /// A time later on `day` (09:00 to 21:59), or on one of the next
    /// `spread` days, never on or after `last` (the event's day).
    fn when(&mut self, day: NaiveDate, spread: u64, last: Option<NaiveDate>) -> Option<i64> {
        let mut d = day + chrono::Days::new(self.rng.below(spread + 1));
        if let Some(last) = last {
            if d >= last {
                d = last.pred_opt().unwrap();
            }
            if d < day {
                return None;
            }
        }
        Some(epoch(
            d,
            9 + self.rng.below(13) as u32,
            self.rng.below(60) as u32,
        ))
    }

    /// Writes `answer` to `to` from `who` at `at`, in `shape`.
    fn reply(
        &self,
        book: &mut Book,
        who: (&str, &str),
        to: &Mail,
        at: i64,
        shape: Shape,
        answer: &str,
    ) {
        book.n += 1;
        let r = Reply {
            name: who.0,
            from: who.1,
            at,
            n: book.n,
            to,
        };
        *book.shapes.entry(format!("{shape:?}")).or_default() += 1;
        book.said
            .insert((who.1.to_string(), at), format!("{shape:?}: {answer}"));
        book.pending.push(Drop {
            at,
            text: shapes::write(shape, &r, answer),
        });
    }

    /// The id the reply written last will have.
    fn last_id(book: &Book, at: i64) -> String {
        format!("r{}.{at}@mail.members.example", book.n)
    }

    /// What the recipient of `m` (received on `day`) does about it.
    pub fn react(&mut self, book: &mut Book, m: &Mail, day: NaiveDate) {
        let to = m.rcpt().to_lowercase();
        let (kind, middle) = kind_and_middle(&m.message_id);
        if let Some(member) = self.by_address.get(&to).cloned() {
            if book.unsubscribed.contains_key(&to) {
                return;
            }
            self.member(book, &member, m, &kind, &middle, day);
        } else if !ORGANIZERS.contains(&to.as_str()) && (kind == "nudge" || kind == "nudges") {
            // Helpers, and a speaker who took a task on.
            self.helper(book, &to, m, &kind, &middle, day);
        } else if kind == "ask" {
            self.asked(book, &to, m, &middle, day);
        }
    }

    fn member(
        &mut self,
        book: &mut Book,
        who: &Member,
        m: &Mail,
        kind: &str,
        middle: &str,
        day: NaiveDate,
    ) {
        let event = event_of(middle);
        let Ok(date) = event.parse::<NaiveDate>() else {
            return;
        };
        let me = (who.written.as_str(), who.email.as_str());
        let key = (event.clone(), who.email.clone());
        let yes_now = book
            .rsvps
            .get(&key)
            .and_then(|v| v.last())
            .is_some_and(|r| r.1);
        match kind {
            "announce" => {
                // The two who leave: by a reply to the announcement.
                if (who.email == self.leavers[0] && event.starts_with("2027-01"))
                    || (who.email == self.leavers[1] && event.starts_with("2027-02"))
                {
                    let Some(at) = self.when(day, 1, None) else {
                        return;
                    };
                    let (shape, words) = if who.email == self.leavers[0] {
                        (Shape::Gmail, "unsubscribe")
                    } else {
                        (Shape::Outlook, "Please remove me from this list.")
                    };
                    self.reply(book, me, m, at, shape, words);
                    book.unsubscribed.insert(who.email.clone(), at);
                    return;
                }
                let r = self.rng.below(100);
                let Some(at) = self.when(day, 2, Some(date)) else {
                    return;
                };
                let shape = self.shape();
                let (yes, guests, words) = match r {
                    0..=5 => (true, 1, "Yes +1, bringing a colleague"),
                    6..=14 => (true, 0, "Yes"),
                    15..=24 => (true, 0, "Count me in!"),
                    25..=34 => (true, 0, "I'll be there"),
                    36..=44 => (true, 0, "Sounds great, I'm coming"),
                    45..=52 => (true, 0, "Yes please, see you there"),
                    53..=58 => (false, 0, "No, sorry, I'm away that week."),
                    59..=64 => (false, 0, "Unfortunately not this time."),
                    65..=67 if self.asked.insert(who.email.clone()) => {
                        self.reply(
                            book,
                            me,
                            m,
                            at,
                            shape,
                            "Is there step-free access at the venue? My wheelchair needs a ramp.",
                        );
                        let id = Self::last_id(book, at);
                        book.for_a_person.insert(
                            id,
                            (
                                who.email.clone(),
                                at,
                                vec![who.email.clone(), who.written.clone()],
                            ),
                        );
                        return;
                    }
                    _ => return,
                };
                self.reply(book, me, m, at, shape, words);
                book.rsvps.entry(key).or_default().push((at, yes, guests));
            }
            // A change of mind, written to the confirmation they got.
            "rsvp-in" | "rsvp-promoted" | "rsvp-waitlist" if yes_now && self.rng.below(100) < 9 => {
                let Some(at) = self.when(day, 4, Some(date)) else {
                    return;
                };
                let shape = self.shape();
                self.reply(
                    book,
                    me,
                    m,
                    at,
                    shape,
                    "Sorry, something came up - I can't make it after all.",
                );
                book.rsvps.entry(key).or_default().push((at, false, 0));
            }
            // "Still coming?": some free their seat, some say yes again.
            "release" if yes_now => {
                let r = self.rng.below(100);
                let Some(at) = self.when(day, 0, Some(date)) else {
                    return;
                };
                let shape = self.shape();
                let guests = book.rsvps[&key].last().unwrap().2;
                let (yes, words) = match r {
                    0..=14 => (false, "Unfortunately not this time."),
                    15..=19 => (false, "Have to cancel, sorry. Next time!"),
                    20..=29 => (true, "Yes, see you there!"),
                    _ => return,
                };
                // A "yes" again keeps their party as it was.
                let words = if yes && guests == 1 {
                    "Yes +1, see you there!"
                } else {
                    words
                };
                self.reply(book, me, m, at, shape, words);
                book.rsvps
                    .entry(key)
                    .or_default()
                    .push((at, yes, if yes { guests } else { 0 }));
            }
            _ => {}
        }
    }

    /// A helper does what the nudge lists, most days, and says "done".
    fn helper(
        &mut self,
        book: &mut Book,
        to: &str,
        m: &Mail,
        kind: &str,
        middle: &str,
        day: NaiveDate,
    ) {
        if self.rng.below(10) >= 8 {
            return;
        }
        let tasks: Vec<i64> = if kind == "nudge" {
            middle
                .split('.')
                .next()
                .and_then(|t| t.parse().ok())
                .into_iter()
                .collect()
        } else {
            middle
                .split('.')
                .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .filter_map(|p| p.parse().ok())
                .collect()
        };
        if tasks.is_empty() {
            return;
        }
        let Some(at) = self.when(day, 0, None) else {
            return;
        };
        let words = match tasks.as_slice() {
            [_] => ["Done!", "done, thanks for the reminder", "All done."]
                [self.rng.below(3) as usize]
                .to_string(),
            many => format!(
                "Done {}",
                many.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        let name = if to.starts_with("hana") {
            "Hana Helper"
        } else {
            "Hugo Helper"
        };
        let shape = [Shape::Gmail, Shape::Thunderbird, Shape::Iphone][self.rng.below(3) as usize];
        self.reply(book, (name, to), m, at, shape, &words);
        for t in tasks {
            book.done.push((t, to.to_string(), at));
        }
    }

    /// A speaker asked to take a task answers the ask.
    fn asked(&mut self, book: &mut Book, to: &str, m: &Mail, middle: &str, day: NaiveDate) {
        let Some(task) = middle.split('.').next().and_then(|t| t.parse::<i64>().ok()) else {
            return;
        };
        let Some(at) = self.when(day, 1, None) else {
            return;
        };
        let (yes, shape, words) = match task {
            4 => (true, Shape::Gmail, "Sure, I'll do it"),
            5 => (false, Shape::Iphone, "Sorry, I can't."),
            _ => (true, Shape::Thunderbird, "Yes, happy to"),
        };
        let name = if to.starts_with("li") {
            "Li Lightning"
        } else {
            "Maria Speaker"
        };
        self.reply(book, (name, to), m, at, shape, words);
        book.asks.insert(task, (yes, at));
    }

    /// A stranger's talk proposal, by a fresh mail on `day`.
    pub fn stranger(&mut self, book: &mut Book, day: NaiveDate, who: (&str, &str), title: &str) {
        book.n += 1;
        let at = epoch(day, 11, 20);
        let body = format!(
            "Hi organizers,\r\n\r\nI'd like to give a talk on {title}. About 30 minutes, with a demo.\r\n\r\nCheers,\r\n{}",
            who.0
        );
        book.pending.push(Drop {
            at,
            text: shapes::fresh(
                who.0,
                who.1,
                at,
                book.n,
                &format!("Talk proposal: {title}"),
                &body,
            ),
        });
        book.for_a_person.insert(
            format!("f{}.{at}@mail.example.com", book.n),
            (
                who.1.to_string(),
                at,
                vec![who.1.to_string(), who.0.to_string(), title.to_string()],
            ),
        );
    }
}
