//! `ug check`'s warning about the files others can read while the group
//! file names a `password_cmd` (a command ug runs to get a password): the
//! group file itself, and the sent and inbox logs beside it (they hold the
//! members' addresses; ug creates them 0600). The fix is the `chmod`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::Group;
use crate::store::journal::beside;

/// A warning when `group.key` (the group's secret, SPEC §11) beside the
/// group file can be read by anyone but its owner: whoever reads it can
/// answer for any member.
pub fn key_readable(path: &Path, display: &str) -> Option<Diagnostic> {
    let file = crate::token::key_path(path);
    let mode = std::fs::metadata(&file).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let name = crate::token::key_path(Path::new(display));
    let name = name.display();
    Some(
        Diagnostic::warning(
            format!(
                "{name} can be read by others (mode {mode:03o}): it is the group's secret, and whoever has it can answer ug's mail as any member"
            ),
            None,
        )
        .with_hint(format!("chmod 600 {name}")),
    )
}

/// A warning for each of the group file at `path` (`display` as the user
/// wrote it) and its logs that the group or others can read, when the
/// file names a `password_cmd` (or an `oauth2_token_cmd`); each points
/// at that key.
pub fn readable(path: &Path, display: &str, group: &Group) -> Vec<Diagnostic> {
    let smtp = group.email.as_ref().and_then(|e| e.smtp.as_ref());
    let imap = group.inbox.as_ref().and_then(|i| i.imap.as_ref());
    let password = smtp
        .and_then(|s| s.password_cmd.as_ref())
        .or_else(|| imap.and_then(|i| i.password_cmd.as_ref()))
        .map(|c| ("password_cmd", c));
    let token = smtp
        .and_then(|s| s.oauth2_token_cmd.as_ref())
        .or_else(|| imap.and_then(|i| i.oauth2_token_cmd.as_ref()))
        .map(|c| ("oauth2_token_cmd", c));
    let Some((key, cmd)) = password.or(token) else {
        return Vec::new();
    };
    let key = if key.starts_with('o') {
        format!("an {key}")
    } else {
        format!("a {key}")
    };
    let shown = Path::new(display);
    let files = [
        (path.to_path_buf(), shown.to_path_buf(), ""),
        (
            beside(path, "sent.log"),
            beside(shown, "sent.log"),
            "; the sent log holds the members' addresses",
        ),
        (
            beside(path, "inbox.log"),
            beside(shown, "inbox.log"),
            "; the inbox log holds the senders' addresses",
        ),
    ];
    let mut warnings = Vec::new();
    for (file, name, why) in files {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o044 == 0 {
            continue;
        }
        let who = if mode & 0o004 != 0 {
            "anyone on this machine"
        } else {
            "the file's group"
        };
        let name = name.display();
        warnings.push(
            Diagnostic::warning(
                format!(
                    "{name} can be read by {who} (mode {mode:03o}), and the group file names {key}{why}"
                ),
                cmd.span.clone(),
            )
            .with_hint(format!("chmod 600 {name}")),
        );
    }
    warnings
}
