//! What `ug remind` shows without sending: the preview (a table, `--show`,
//! `--out`, `--json`), the messages composed for it, and the recipients no
//! mail can reach (a bad address, or a person with no `email`).

use comfy_table::{Table, presets};

use super::{RemindOptions, Row};
use crate::error::{Error, Result};
use crate::mail::outcome::counted;
use crate::mail::{Due, Outgoing, address_problem, due, send};
use crate::model::Group;
use crate::{Ctx, out, outln, print_json};

/// The group with a placeholder `[email]` (`from` the group's name at
/// `organizers@example.invalid`), for a preview of a file that has none.
pub(super) fn with_placeholder_sender(g: &Group) -> Group {
    let mut g = g.clone();
    g.email = Some(crate::model::Email {
        from: crate::model::units::Mailbox {
            name: Some(g.group.name.clone()),
            address: "organizers@example.invalid".to_string(),
        },
        reply_to: None,
        unsubscribe_url: None,
        transport: crate::model::Transport::File,
        smtp: None,
        sendmail: None,
        file: None,
    });
    g
}

/// Why `d` cannot be sent: its person has no address, or lettre rejects it.
pub(super) fn recipient_problem(d: &Due) -> Option<String> {
    if let Some(id) = due::without_address(d) {
        return Some(format!(
            "no email address: add `email = ...` to [[people]] id = {id:?}"
        ));
    }
    address_problem(&d.to.address)
}

/// Each skipped recipient on stderr: the address, the message, and why.
pub(super) fn report_skipped(ctx: &Ctx, skipped: &[(&Due, String)], sending: bool) {
    let style = ctx.err_style();
    let label = if sending { "skipped:" } else { "will skip:" };
    for (d, why) in skipped {
        if due::without_address(d).is_some() {
            eprintln!(
                "{} {} ({}): {}",
                style.error(label),
                clean(&d.to.name),
                d.kind.as_str(),
                clean(why)
            );
            continue;
        }
        eprintln!(
            "{} {} ({}, {}): cannot be mailed: {}",
            style.error(label),
            clean(&format!("{:?}", d.to.address.trim())),
            clean(&d.to.name),
            d.key,
            clean(why)
        );
    }
    if !skipped.is_empty() && !sending {
        eprintln!("  fix those addresses in the group file; `ug check` lists every bad one");
    }
}

/// Composes every message, in order, on all CPUs when there are many
/// (composing is most of a large preview's time).
pub(super) fn compose_all(
    wanted: &[&Due],
    compose: impl Fn(&Due) -> Result<Outgoing> + Sync,
) -> Result<Vec<Outgoing>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    if wanted.len() < 512 || threads == 1 {
        return wanted.iter().map(|d| compose(d)).collect();
    }
    let per = wanted.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = wanted
            .chunks(per)
            .map(|part| s.spawn(|| part.iter().map(|d| compose(d)).collect::<Result<Vec<_>>>()))
            .collect();
        let mut all = Vec::with_capacity(wanted.len());
        for p in parts {
            let part = p.join().unwrap_or_else(|_| {
                Err(Error::failed("composing the messages failed (a bug in ug)"))
            })?;
            all.extend(part);
        }
        Ok(all)
    })
}

pub(super) fn preview(ctx: &Ctx, messages: &[Outgoing], opts: &RemindOptions) -> Result<()> {
    if let Some(dir) = &opts.out {
        for m in messages {
            send::write_eml(dir, m)?;
        }
        if !ctx.json {
            outln!(
                "Wrote {} to {} (nothing sent).",
                counted(messages.iter().map(|m| m.kind)),
                dir.display()
            );
            return Ok(());
        }
    }
    if ctx.json {
        let rows: Vec<Row> = messages.iter().map(Row::of).collect();
        return print_json(&rows);
    }
    if messages.is_empty() {
        outln!("Nothing due now.");
        return Ok(());
    }
    if opts.show {
        let mut text = String::new();
        for m in messages {
            text.push_str(&String::from_utf8_lossy(&m.bytes).replace("\r\n", "\n"));
            text.push_str("\n----------------------------------------------------------------\n");
        }
        out!("{text}");
    } else {
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        t.set_header(vec!["Kind", "To", "Subject"]);
        for m in messages {
            t.add_row(vec![m.kind.as_str(), &clean(&m.to), &clean(&m.subject)]);
        }
        let mut text = String::new();
        for line in t.lines() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        out!("{text}");
    }
    outln!(
        "\n{} due; nothing sent. `ug remind --send` sends them.",
        counted(messages.iter().map(|m| m.kind))
    );
    Ok(())
}

/// Text from the file made safe for a terminal.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}
