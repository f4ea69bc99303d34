//! Where `ug inbox` reads mail: a Maildir or an IMAP folder, behind one
//! [`Source`] so that one pass (`reader`, `run`) serves both. A source
//! lists its messages by unique name (cheap), gives the bytes of the ones
//! not known yet (in batches), and the Message-IDs the organizers' sent
//! folder answers. No source ever changes the mailbox.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{bounds, maildir, waiting};
use crate::error::Result;

/// One message of a source, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// How a person finds it: `new/NAME` in a Maildir, `INBOX UID 42` over IMAP.
    pub file: String,
    /// Its name for the log and the cache: the Maildir file's unique
    /// name, `imap:<folder>:<UIDVALIDITY>:<UID>` over IMAP.
    pub unique: String,
    /// When it was delivered (unix seconds; 0 when unknown): the seconds
    /// a Maildir name starts with, else the file's modification time; the
    /// IMAP internal date (known once fetched: [`Source::arrived`]). Never
    /// a header the sender writes (SPEC §11).
    pub arrived: i64,
}

/// A message's bytes, its size when it is over the limit (not read), or
/// why it could not be read.
pub type Fetched = maildir::Content;

/// A mailbox `ug inbox` reads, and the sent folder beside it.
pub trait Source: std::fmt::Debug {
    /// Every message, in the source's order.
    fn list(&mut self) -> Result<Vec<Item>>;

    /// The bytes of `items` (one answer each, in order); none over
    /// `bounds::MAX_MESSAGE` is read.
    fn fetch(&mut self, items: &[Item]) -> Result<Vec<Fetched>>;

    /// When `item` arrived, as its fetch told (an IMAP internal date); 0
    /// when the source has no more to say than `item.arrived`.
    fn arrived(&self, item: &Item) -> i64 {
        item.arrived
    }

    /// The Message-IDs that the organizers' sent mail answers, when any of
    /// `waiting` may be among them; `Err` is a warning (the pass goes on).
    fn answered(&mut self, waiting: &HashSet<&str>)
    -> std::result::Result<HashSet<String>, String>;
}

/// A Maildir and the sent Maildir beside it (SPEC §5 `maildir`, `sent_maildir`).
#[derive(Debug)]
pub struct Maildir {
    pub dir: PathBuf,
    pub sent: Option<PathBuf>,
    /// Each unique name's file, and what it is when not a regular file.
    paths: std::collections::HashMap<String, (PathBuf, Option<&'static str>)>,
}

impl Maildir {
    pub fn new(dir: PathBuf, sent: Option<PathBuf>) -> Maildir {
        Maildir {
            dir,
            sent,
            paths: Default::default(),
        }
    }
}

impl Source for Maildir {
    fn list(&mut self) -> Result<Vec<Item>> {
        let entries = maildir::list(&self.dir)?;
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            out.push(Item {
                arrived: e.delivered,
                file: e.file,
                unique: e.unique.clone(),
            });
            self.paths.insert(e.unique, (e.path, e.other));
        }
        Ok(out)
    }

    fn fetch(&mut self, items: &[Item]) -> Result<Vec<Fetched>> {
        Ok(items
            .iter()
            .map(|i| match self.paths.get(&i.unique) {
                Some((_, Some(what))) => Fetched::Unreadable(format!("not a mail file ({what})")),
                Some((p, None)) => maildir::read_message(p, bounds::MAX_MESSAGE),
                None => Fetched::Unreadable("no longer in the Maildir".into()),
            })
            .collect())
    }

    fn answered(&mut self, _: &HashSet<&str>) -> std::result::Result<HashSet<String>, String> {
        let Some(dir) = &self.sent else {
            return Ok(HashSet::new());
        };
        waiting::answered(dir).map_err(|_| {
            format!(
                "{} is not a Maildir (no cur/ or new/), so replies sent from there cannot close mail; fix `sent_maildir` in [inbox]",
                dir.display()
            )
        })
    }
}
