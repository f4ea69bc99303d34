//! One pass of the inbox with its file edit: reads the new messages from
//! where `[inbox]` says, acts on them in one edit of the group file, and
//! warns about what could not be read (`ug inbox` and `ug daily`'s first step).

use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::error::{Error, Result};
use crate::inbox::imap::Imap;
use crate::inbox::run::{self, Outcome};
use crate::inbox::source::{Maildir, Source};
use crate::inbox::{Context, act};
use crate::model::{Group, Spanned};
use crate::store::{Loaded, Session};
use crate::token::Keys;

/// Reads the new messages and acts on them (one edit of the file; with
/// `dry_run` nothing recorded), warning on stderr about what could not be
/// read. `domain` is the one ug's Message-IDs live under
/// (`mail::calendar::domain`).
pub fn handle(s: &impl Session, loaded: &Loaded, domain: &str, dry_run: bool) -> Result<Outcome> {
    let g = &loaded.group;
    let group_file = &loaded.location.path;
    let source = source(g, group_file, &loaded.location.display)?;
    let keys = Keys::load(g, group_file, !dry_run)?;
    let mut pass = run::start(group_file, source, &context(g, domain, keys), dry_run)?;
    let hard = pass.hard_bounces().clone();
    let actions = if !pass.needs_edit() {
        // Nothing here edits the file: no document is touched.
        act::act(g, &mut DocumentMut::new(), &hard, &mut pass.incoming)?
    } else if dry_run {
        let mut doc = document(group_file, &loaded.location.display)?;
        act::act(g, &mut doc, &hard, &mut pass.incoming)?
    } else {
        // One edit for the whole run, durable before any log line.
        let incoming = &mut pass.incoming;
        s.edit(|e| act::act(e.group, e.doc, &hard, incoming))?
    };
    let out = pass.finish(actions)?;
    let style = s.err_style();
    for w in &out.warnings {
        eprintln!("{} {w}", style.warning("warning:"));
    }
    for u in &out.unreadable {
        eprintln!(
            "{} {}: {}; skipped",
            style.warning("warning:"),
            u.file,
            u.why
        );
    }
    Ok(out)
}

/// The group file's document, for a dry run to act on (and throw away).
fn document(path: &Path, display: &str) -> Result<DocumentMut> {
    let raw = crate::store::read_text(path)?;
    raw.trim_start_matches('\u{feff}')
        .parse::<DocumentMut>()
        .map_err(|e| Error::failed(format!("{display} could not be parsed: {e}")))
}

/// Where `[inbox]` says the mail is: a Maildir (folders relative to the
/// group file), or an IMAP server, logged in to.
fn source(g: &Group, group_file: &Path, display: &str) -> Result<Box<dyn Source>> {
    let inbox = g.inbox.as_ref();
    let base = group_file.parent().unwrap_or(Path::new("."));
    if let Some(imap) = inbox.and_then(|i| i.imap.as_ref()) {
        return Ok(Box::new(Imap::connect(imap, base)?));
    }
    let Some(maildir) = inbox.and_then(|i| i.maildir.as_ref()) else {
        return Err(Error::failed_with(
            format!("{display} has no [inbox] maildir, so ug does not know where replies are"),
            "add one (a Maildir your mail program keeps, relative to the group file):\n\n    [inbox]\n    maildir = \"mail/INBOX\"\n    sent_maildir = \"mail/Sent\"\n\nor read the server itself, with [inbox.imap] (see `ug inbox --help`)",
        ));
    };
    let rel = |s: &Spanned<String>| -> PathBuf { base.join(&s.value) };
    Ok(Box::new(Maildir::new(
        rel(maildir),
        inbox.and_then(|i| i.sent_maildir.as_ref()).map(rel),
    )))
}

/// What the sorter needs: ug's Message-ID domain, the event
/// and task ids, the sign-ups address (`[signups] address`, else the
/// reply-to address, else the sender: SPEC §4), and the keys.
fn context(g: &Group, domain: &str, keys: Keys) -> Context {
    Context {
        domain: domain.to_string(),
        events: g.events.iter().map(|e| e.id.value.clone()).collect(),
        tasks: g.tasks.iter().map(|t| t.id.value.to_string()).collect(),
        talks: g.talks.iter().map(|t| t.id.value.to_string()).collect(),
        signups: g.signups_address().map(|a| a.trim().to_ascii_lowercase()),
        keys,
        trust_authserv: g.inbox.as_ref().and_then(|i| i.trust_authserv.clone()),
        bounces: g.email.as_ref().and_then(|e| e.bounces.clone()),
    }
}
