//! `ug tasks ask ID PERSON --send`: before handing the ask to `ug remind`'s
//! mail code, say exactly why it cannot go now (no address, already sent).

use crate::commands::NotSent;
use crate::diag::LineIndex;
use crate::error::{Error, Result};
use crate::mail::Kind;
use crate::{Ctx, store, tasks};

/// `Ok(true)` when the ask of task `id` is due to send now; an error naming
/// the fix when the person asked has no address; `Ok(false)` with a note
/// printed when the same ask already went out.
pub fn why_not(ctx: &Ctx, id: i64) -> Result<bool> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let Some(t) = g.task(id) else {
        return Ok(true); // Removed since the edit: `ug remind` reports it.
    };
    let Some(p) = t.asked.as_ref().and_then(|a| g.person(a)) else {
        return Ok(true);
    };
    let who = &p.id.value;
    if p.email.as_deref().is_none_or(|a| a.trim().is_empty()) {
        let at = p
            .span
            .as_ref()
            .and_then(|s| {
                let text = store::read_text(&loaded.location.path).ok()?;
                let (line, col) = LineIndex::new(&text).position(s.start);
                Some(format!(" ({}:{line}:{col})", loaded.location.display))
            })
            .unwrap_or_default();
        return Err(Error::failed_with(
            format!(
                "{who} has no email address: add `email = \"...\"` to their [[people]] entry{at}, then run `ug remind --send --kind ask`"
            ),
            format!(
                "the ask is recorded in the file; ask {} in person meanwhile",
                tasks::first_name(p)
            ),
        ));
    }
    let sent = crate::mail::log::read_keys(&crate::mail::log::path_for(&loaded.location.path))?;
    let due = crate::mail::due::due(g, ctx.now(g), &|k| sent.contains(k));
    if due
        .iter()
        .any(|d| d.kind == Kind::Ask && d.task == Some(id))
    {
        return Ok(true);
    }
    let on = t.asked_on.map(|d| format!(" on {d}")).unwrap_or_default();
    let msg = format!(
        "Not sent again: the ask to {who} for task {id}{on} already went out (the sent log has it); ug sends a message once. Ask them in person, or ask again another day."
    );
    crate::render::show(
        &NotSent {
            reason: msg,
            sent: 0,
        },
        ctx.json,
    )?;
    Ok(false)
}
