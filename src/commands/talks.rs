//! `ug talks`: the speaker pipeline (SPEC §9), the personal ask to speak,
//! the answers, and scheduling by hand. The decisions live in
//! `crate::talks`; this parses, applies, sends and prints.

use clap::Subcommand;

use crate::commands::{NotSent, warn};
use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::model::TalkKind;
use crate::talks::{self as domain, AskOptions, Change, Fill, TalksView};
use crate::{Ctx, render};

/// Talks and speakers: proposed, accepted but not on an agenda yet,
/// scheduled per event (with the open slots left), and the asks waiting for
/// an answer (flagged after three days: follow up).
///
/// `ug next-meetup` and `ug daily` put accepted talks into open agenda
/// slots, oldest first, kind matching kind (a lightning slot takes only a
/// lightning talk); a talk asked for one event goes only there. `ug events
/// held ID` marks that event's scheduled talks `given`, and each speaker is
/// thanked once (`ug remind --send`, `reminders.thanks` after the event).
/// `--json` prints {today, proposed, asked, accepted, scheduled: [{event,
/// title, date, talks, open_slots}], given, declined}.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Without one: the pipeline
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Ask one person directly to speak: one personal email
    ///
    /// Adds a `[[talks]]` entry (status `asked`, `asked_on` today) and sends
    /// that person one mail asking them to speak at the event (`--event`, else
    /// the next upcoming one), with its date, venue, kind and length. On a
    /// terminal it asks first (`--yes` skips the question). The mail goes
    /// once: asking the same person for the same event again the same day
    /// sends nothing. Without `[email]`, or when the send fails, the ask is
    /// still recorded; `ug remind --send --kind talk-ask` sends it later.
    /// Their reply "yes" or "no", read by `ug inbox`, accepts or declines it.
    Ask {
        /// A person id (speakers are people in [[people]])
        person: String,
        /// The event to speak at (its id); else the next upcoming one
        #[arg(long, value_name = "ID")]
        event: Option<String>,
        /// talk, lightning or tutorial [default: talk]
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<TalkKind>,
        /// The talk's title, if you have one in mind
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// How long: minutes
        #[arg(long, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..=600))]
        minutes: Option<u32>,
    },
    /// The speaker said yes (to an ask, or a proposal you take): `accepted`
    Accept {
        /// The talk's id (`ug talks` shows it)
        id: i64,
    },
    /// The speaker said no (or you do not take a proposal): `declined`
    Decline {
        /// The talk's id
        id: i64,
    },
    /// Put a talk on an event's agenda: the first open slot of its kind, else
    /// a new agenda item at the end; status `scheduled`
    Schedule {
        /// The talk's id
        id: i64,
        /// The event's id (e.g. 2026-12-08)
        event: String,
    },
    /// The speaker pulled out: `withdrawn`
    Withdraw {
        /// The talk's id
        id: i64,
    },
}

fn parse_kind(s: &str) -> std::result::Result<TalkKind, String> {
    TalkKind::parse(&s.to_ascii_lowercase())
        .ok_or_else(|| format!("`{s}` is not a talk kind: use talk, lightning or tutorial"))
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let Some(action) = args.action else {
        let loaded = ctx.load()?;
        let g = &loaded.group;
        let view = TalksView::new(g, ctx.now(g), ctx.out_style());
        return render::show(&view, ctx.json);
    };
    match action {
        Action::Ask {
            person,
            event,
            kind,
            title,
            minutes,
        } => {
            if let Some(t) = &title
                && (t.trim().is_empty() || t.chars().any(char::is_control))
            {
                return Err(Error::usage(
                    "the talk's title must be one non-empty line",
                    "e.g. ug talks ask kofi --title \"Testing with pytest\"",
                ));
            }
            let o = AskOptions {
                event,
                kind,
                title,
                minutes,
            };
            ask(ctx, &person, &o)
        }
        Action::Accept { id } => one(ctx, |g| domain::accept(g, id)),
        Action::Decline { id } => one(ctx, |g| domain::decline(g, id)),
        Action::Withdraw { id } => one(ctx, |g| domain::withdraw(g, id)),
        Action::Schedule { id, event } => schedule(ctx, id, &event),
    }
}

/// Decides and applies one change, then reports it.
fn one(ctx: &Ctx, decide: impl FnOnce(&crate::model::Group) -> Result<Change>) -> Result<()> {
    let change = decide_and_apply(ctx, decide)?;
    report(ctx, &change)
}

/// Decides one change on the file as it is under the lock, and applies it.
fn decide_and_apply(
    ctx: &Ctx,
    decide: impl FnOnce(&crate::model::Group) -> Result<Change>,
) -> Result<Change> {
    ctx.edit(|e| {
        let c = decide(e.group)?;
        domain::apply(e.doc, &c)?;
        Ok(c)
    })
}

fn report(ctx: &Ctx, change: &Change) -> Result<()> {
    warn(ctx, &change.warnings);
    render::show(change, ctx.json)
}

/// `ug talks ask PERSON`: records the ask, then sends its one mail now
/// through `ug remind`'s sending code (on a terminal, asking first).
fn ask(ctx: &Ctx, person: &str, o: &AskOptions) -> Result<()> {
    let change = decide_and_apply(ctx, |g| domain::ask(g, person, o, ctx.now(g)))?;
    // With --json, stdout is the sending summary alone: one document.
    if ctx.json {
        warn(ctx, &change.warnings);
        eprintln!("{}", change.message);
    } else {
        report(ctx, &change)?;
    }
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let sent = crate::mail::log::read_keys(&crate::mail::log::path_for(&loaded.location.path))?;
    let due = crate::mail::due::due(g, ctx.now(g), &|k| sent.contains(k));
    let id = change.id;
    if !due
        .iter()
        .any(|d| d.kind == Kind::TalkAsk && d.task == Some(id))
    {
        let msg = format!(
            "Not sent again: the ask for talk {id} already went out (the sent log has it); ug sends a message once. Ask them in person, or ask again another day."
        );
        return render::show(
            &NotSent {
                reason: msg,
                sent: 0,
            },
            ctx.json,
        );
    }
    if g.email.is_none() {
        let msg = format!(
            "The ask is recorded (talk {id}); no mail went: the group file has no [email] section. Add one, then `ug remind --send --kind talk-ask` sends it."
        );
        return render::show(
            &NotSent {
                reason: msg,
                sent: 0,
            },
            ctx.json,
        );
    }
    let filter = crate::mail::run::Filter {
        kinds: vec![Kind::TalkAsk],
        event: None,
        task: Some(id),
    };
    crate::commands::send_due(ctx, &filter, 1, None).map_err(|e| {
        e.or_hint(format!(
            "the ask is recorded (talk {id}); `ug remind --send --kind talk-ask` sends it once the problem is fixed"
        ))
    })
}

/// `ug talks schedule ID EVENT`.
fn schedule(ctx: &Ctx, id: i64, event: &str) -> Result<()> {
    let fill = ctx.edit(|e| {
        let f = domain::schedule(e.group, id, event)?;
        domain::apply_fills(e.doc, std::slice::from_ref(&f))?;
        Ok(f)
    })?;
    render::show(&Scheduled(fill), ctx.json)
}

/// What `ug talks schedule` did; `--json` prints the fill.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Scheduled(Fill);

impl std::fmt::Display for Scheduled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.0.to_string();
        let mut c = s.chars();
        let first = c.next().map(|ch| ch.to_uppercase().collect::<String>());
        writeln!(f, "{}{}.", first.unwrap_or_default(), c.as_str())
    }
}
