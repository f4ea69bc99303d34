//! What `ug remind` shows without sending: the preview (a table, `--show`,
//! `--out`, `--json`). Each line or message is written as it is composed:
//! a preview of 100,000 members never holds 100,000 messages.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::commands::Ctx;
use crate::error::Result;
use crate::mail::run::{self, Filter, Preview};
use crate::mail::summary::{Row, counted};
use crate::mail::{TERMINAL, clean, send};
use crate::render::print_json;
use crate::store::Loaded;
use crate::{out, outln};

/// How to show the messages: whole (`--show`), or written to a folder (`--out`).
#[derive(Debug, Default)]
pub struct Show {
    pub whole: bool,
    pub out: Option<PathBuf>,
}

/// Stdout is written in pieces of about this size.
const FLUSH_AT: usize = 1 << 16;

pub fn preview(ctx: &Ctx, loaded: &Loaded, filter: &Filter, show: &Show) -> Result<()> {
    let p = run::preview(loaded, &ctx.clock, filter)?;
    let style = ctx.err_style();
    for k in &p.skipped {
        eprintln!("{}", k.line(style, false));
    }
    if !p.skipped.is_empty() {
        eprintln!("  fix those addresses in the group file; `ug check` lists every bad one");
    }
    if p.placeholder && !p.wanted.is_empty() {
        eprintln!(
            "{} {} has no [email] section: this preview uses a placeholder sender; `--send` needs [email] (see the README, \"Sending mail\")",
            style.warning("note:"),
            loaded.location.display
        );
    }
    let total = || counted(p.wanted.iter().map(|d| d.kind));
    if let Some(dir) = &show.out {
        p.messages(|m| send::write_eml(dir, &m).map(drop))?;
        if !ctx.json {
            outln!("Wrote {} to {} (nothing sent).", total(), dir.display());
            return Ok(());
        }
    }
    if ctx.json {
        return print_json(&p.rows().collect::<Result<Vec<Row>>>()?);
    }
    if p.wanted.is_empty() {
        outln!("Nothing due now.");
        return Ok(());
    }
    if show.whole {
        p.messages(|m| {
            let text = String::from_utf8_lossy(&m.bytes).replace("\r\n", "\n");
            out!("{text}\n----------------------------------------------------------------\n");
            Ok(())
        })?;
    } else {
        table(&p)?;
    }
    outln!(
        "\n{} due; nothing sent. `ug remind --send` sends them.",
        total()
    );
    Ok(())
}

/// The table (Kind, To, Subject), a line at a time: the columns' widths come
/// from the recipients, known before any message is composed; the subject
/// is last, so it needs none.
fn table(p: &Preview) -> Result<()> {
    let to: Vec<String> = p
        .wanted
        .iter()
        .map(|d| clean(&d.to.address, TERMINAL))
        .collect();
    let kind_width = p
        .wanted
        .iter()
        .map(|d| d.kind.as_str().len())
        .max()
        .unwrap_or(0)
        .max(4);
    let to_width = to.iter().map(|t| width(t)).max().unwrap_or(0).max(2);
    let mut text = String::new();
    let mut line = |kind: &str, to: &str, subject: &str| {
        let pad = to_width - width(to);
        let _ = write!(text, " {kind:<kind_width$}  {to}{:pad$}  {subject}", "");
        let end = text.trim_end().len();
        text.truncate(end);
        text.push('\n');
        if text.len() >= FLUSH_AT {
            out!("{text}");
            text.clear();
        }
    };
    line("Kind", "To", "Subject");
    for ((d, subject), to) in p.wanted.iter().zip(p.subjects()).zip(&to) {
        line(d.kind.as_str(), to, &clean(&subject?, TERMINAL));
    }
    out!("{text}");
    Ok(())
}

/// Columns on a terminal: a wide character (CJK, emoji) takes two.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
