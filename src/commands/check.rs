//! `ug check`: validate the group file and list every problem at once.

use crate::error::{Error, Result};
use crate::{Ctx, print_json, store};

/// Validate the group file: every problem at once, in file order.
///
/// Errors (exit 1): TOML syntax, unknown or misspelled fields, wrong types,
/// duplicate ids, references to unknown people, venues, sponsors or events,
/// unknown time zones, a `[email] from` or `reply_to` that cannot send,
/// malformed durations, offsets and schedule rules, a rule with no date in
/// the next three years, unknown formats in the rotation, agenda items with
/// no minutes or over a day, counts over a million, a task id that leaves
/// no id for new tasks, a `[site]` folder `ug site` would refuse (one that
/// holds other files and no .ug-site marker).
/// Warnings (exit 0): one organizer and no co-organizer, one person holding
/// most open tasks, past events still planned, venues or sponsors without a
/// contact, a member's or person's address that cannot receive mail (they
/// are skipped when sending), a schedule that has run out, a group file or
/// log that others can read while the file names a `password_cmd`. Each is printed
/// as `path:line:col: message`; `--json` prints a list of {severity, path,
/// line, column, message}.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Ctx) -> Result<()> {
    let loc = ctx.locate()?;
    let text = store::read_text_named(&loc.path, &loc.display)?;
    // Leaked on purpose: the process ends after printing, and freeing a large
    // file's model piece by piece costs more than the check itself.
    let checked: &'static store::Checked = Box::leak(Box::new(store::check_text(
        &text,
        &loc.display,
        ctx.now_fn(),
    )?));
    let mut exposed = crate::secure::exposed::readable(&loc.path, &loc.display, &checked.group);
    exposed.extend(crate::secure::exposed::key_readable(
        &loc.path,
        &loc.display,
    ));
    let dir = loc.path.parent().unwrap_or(std::path::Path::new(""));
    exposed.extend(crate::site::folder_diagnostic(&checked.group, dir));
    crate::diag::locate(&mut exposed, &loc.display, &text);
    let diags: Vec<&crate::diag::Diagnostic> = checked.diagnostics.iter().chain(&exposed).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if ctx.json {
        print_json(&diags)?;
    } else {
        let style = ctx.err_style();
        for d in diags {
            eprintln!("{}", d.render(style));
        }
        let g = &checked.group;
        if errors == 0 {
            crate::outln!(
                "{}: {} ({}, {}, {}, {}{}){}",
                loc.display,
                ctx.out_style().ok("ok"),
                crate::words::plural(g.people.len() as i64, "person"),
                crate::words::plural(g.members.len() as i64, "member"),
                crate::words::plural(g.events.len() as i64, "event"),
                crate::words::plural(g.tasks.len() as i64, "task"),
                // Talks are counted once the file has any (SPEC §9).
                plural(g.talks.len(), "talk")
                    .map(|t| format!(", {t}"))
                    .unwrap_or_default(),
                plural(warnings, "warning")
                    .map(|w| format!(", {w}"))
                    .unwrap_or_default()
            );
        } else {
            eprintln!(
                "{}: {}{}",
                loc.display,
                plural(errors, "error").unwrap_or_default(),
                plural(warnings, "warning")
                    .map(|w| format!(", {w}"))
                    .unwrap_or_default()
            );
        }
    }
    if errors > 0 {
        Err(Error::Quiet(1))
    } else {
        Ok(())
    }
}

/// "2 warnings", or nothing for none.
fn plural(n: usize, word: &str) -> Option<String> {
    (n > 0).then(|| crate::words::plural(n as i64, word))
}
