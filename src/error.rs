//! One error type for the whole tool. Each variant says what went wrong and
//! how to fix it; its kind decides the exit code (SPEC §3: 1 failure, 2 usage).
//!
//! Domain code returns it directly: `Error::failed_with(message, hint)` when
//! the command cannot do its job, `Error::usage` for a bad argument (exit 2;
//! `into_usage` turns a failure about a typed value into one). A caller adds
//! its own help line with `or_hint`, which never replaces the callee's. A
//! module with its own error type implements [`Hinted`], and `?` converts it
//! with its message and hint intact.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::diag::Diagnostic;

#[derive(Debug)]
pub enum Error {
    /// No group file was found by walking up from this folder.
    NotFound { start: PathBuf },
    /// Reading or writing a file failed.
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// The group file has errors; every one of them, in file order.
    Invalid {
        path: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// The file was changed by someone else between our read and our write.
    Conflict { path: String },
    /// `ug init` would overwrite an existing file.
    Exists { path: String },
    /// A bad `UG_NOW`.
    BadNow { value: String },
    /// A command-line argument that clap accepted but that makes no sense (exit 2).
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// The command could not do its job (exit 1).
    Failed {
        message: String,
        hint: Option<String>,
    },
    /// The user answered "no" at a confirmation prompt.
    Aborted,
    /// Already reported to the user (e.g. `ug check`'s list): exit with this code.
    Quiet(i32),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn failed(message: impl Into<String>) -> Self {
        Error::Failed {
            message: message.into(),
            hint: None,
        }
    }

    pub fn failed_with(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Failed {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The same error with `hint` as its help line, unless it already has one.
    pub fn or_hint(self, hint: impl Into<String>) -> Self {
        match self {
            Error::Failed {
                message,
                hint: None,
            } => Error::failed_with(message, hint),
            Error::Usage {
                message,
                hint: None,
            } => Error::usage(message, hint),
            other => other,
        }
    }

    /// The same words and hint, as a usage error (exit 2): for a value the
    /// user typed on the command line rather than one read from the file.
    pub fn into_usage(self) -> Self {
        match self {
            Error::Failed { message, hint } => Error::Usage { message, hint },
            other => other,
        }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            Error::Quiet(code) => *code,
            _ => 1,
        }
    }

    /// What to do about it, shown under the message.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotFound { .. } => Some(
                "create one with `ug init`, or point at one with `--file PATH` or `UG_FILE=PATH`"
                    .into(),
            ),
            Error::Invalid { path, .. } => Some(format!(
                "fix the lines above in {path}; `ug check` lists every problem"
            )),
            Error::Conflict { .. } => Some("nothing was written; run the command again".into()),
            Error::Exists { .. } => {
                Some("edit it by hand, or pass `--file NEW_PATH` to create another".into())
            }
            Error::BadNow { .. } => {
                Some("write it as UG_NOW=2026-11-26 or UG_NOW=2026-11-26T09:00:00".into())
            }
            Error::Usage { hint, .. } | Error::Failed { hint, .. } => hint.clone(),
            Error::Io { source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
                Some("check the file's permissions and that you own the folder".into())
            }
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound { start } => write!(
                f,
                "no group.toml found in {} or any folder above it",
                start.display()
            ),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
            Error::Invalid { path, diagnostics } => {
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{path} has {n} error{}", if n == 1 { "" } else { "s" })
            }
            Error::Conflict { path } => write!(
                f,
                "{path} changed on disk while ug was editing it (another editor or ug process?)"
            ),
            Error::Exists { path } => {
                write!(f, "{path} already exists; ug init never overwrites a file")
            }
            Error::BadNow { value } => write!(
                f,
                "UG_NOW=\"{}\" is not a date or local date-time",
                value.escape_debug()
            ),
            Error::Usage { message, .. } | Error::Failed { message, .. } => f.write_str(message),
            Error::Aborted => f.write_str("cancelled: nothing was changed"),
            Error::Quiet(code) => write!(f, "exit {code}"),
        }
    }
}

impl std::error::Error for Error {}

/// An error type of a module below the commands (e.g. `schedule::RuleError`): its `Display` is the message, `hint` what to do.
/// `impl Hinted for E {}` is all it takes for `?` to turn an `E` into an
/// [`Error`] with both intact (exit 1).
pub trait Hinted: fmt::Display {
    /// The one-line message (by default the whole `Display`).
    fn message(&self) -> String {
        self.to_string()
    }

    fn hint(&self) -> Option<String> {
        None
    }
}

impl<E: Hinted> From<E> for Error {
    fn from(e: E) -> Self {
        Error::Failed {
            message: Hinted::message(&e),
            hint: Hinted::hint(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Domain;

    impl fmt::Display for Domain {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the rule is not understood")
        }
    }

    impl Hinted for Domain {
        fn hint(&self) -> Option<String> {
            Some("write it like \"second tuesday monthly\"".into())
        }
    }

    fn fails() -> Result<()> {
        Err(Domain)?
    }

    #[test]
    fn a_domain_error_keeps_its_message_and_hint() {
        let e = fails().unwrap_err();
        assert_eq!(e.to_string(), "the rule is not understood");
        assert!(e.hint().is_some_and(|h| h.contains("second tuesday")));
        assert_eq!(e.exit_code(), 1);
        let u = e.into_usage();
        assert_eq!(u.exit_code(), 2);
        assert!(u.hint().is_some_and(|h| h.contains("second tuesday")));
    }

    #[test]
    fn or_hint_never_replaces_a_hint() {
        let e = Error::failed("x").or_hint("first");
        assert_eq!(e.hint().as_deref(), Some("first"));
        let e = e.or_hint("second");
        assert_eq!(e.hint().as_deref(), Some("first"));
    }
}
