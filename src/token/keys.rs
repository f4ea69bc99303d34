//! The group's secret (SPEC §11): never in the group file, never printed.
//! From `[inbox] key_env` (a variable holding it) or `key_cmd` (a command
//! that prints it), else `group.key` beside the group file, made on first
//! use (32 random bytes, written as 64 hex digits, mode 0600).
//!
//! A key is 64 hex digits (32 bytes), or any other text of at least 32
//! characters, taken as it is. Where several keys are given (one per line
//! in `group.key`, or separated by white space in the variable or the
//! command's output), the first signs and every one verifies: the others
//! are old keys, kept for a while after a rotation so that replies to mail
//! signed with them still prove their sender.

use std::fmt;
use std::fs::OpenOptions;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, Result};
use crate::model::Group;

/// `group.key` for `group.toml`.
pub const KEY_FILE: &str = "key";

/// The key file beside `group_file`.
pub fn key_path(group_file: &Path) -> PathBuf {
    crate::store::journal::beside(group_file, KEY_FILE)
}

/// The keys tokens are made and checked with.
#[derive(Clone)]
pub struct Keys {
    sign: hmac::Key,
    old: Vec<hmac::Key>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keys(<hidden>, {} old)", self.old.len())
    }
}

impl Default for Keys {
    /// A key nobody knows (fresh random bytes): its tokens verify nowhere
    /// else. For what never leaves this process (a preview, a test).
    fn default() -> Keys {
        Keys::ephemeral()
    }
}

/// Where the keys come from, as the group file names them.
enum Origin<'a> {
    Env(&'a str),
    Cmd(&'a str),
    File(PathBuf),
}

impl Keys {
    /// Keys from the bytes of each (the first signs).
    pub fn from_secrets(secrets: &[&[u8]]) -> Keys {
        let key = |s: &[u8]| hmac::Key::new(hmac::HMAC_SHA256, s);
        let (first, rest) = match secrets.split_first() {
            Some((first, rest)) => (*first, rest),
            None => (&[][..], &[][..]),
        };
        Keys {
            sign: key(first),
            old: rest.iter().map(|s| key(s)).collect(),
        }
    }

    /// A random key held only in memory.
    pub fn ephemeral() -> Keys {
        let mut bytes = [0u8; 32];
        // The system's random source; on failure the key is still unknown
        // to anyone but this process's memory.
        let _ = SystemRandom::new().fill(&mut bytes);
        Keys::from_secrets(&[&bytes])
    }

    /// The group's keys, for the group file at `group_file`. With `create`,
    /// a missing `group.key` is made (when the file names neither
    /// `key_env` nor `key_cmd`); without, a missing one gives
    /// [`Keys::ephemeral`] (a preview's tokens are then not the ones a send
    /// would make, and nothing is written).
    pub fn load(g: &Group, group_file: &Path, create: bool) -> Result<Keys> {
        let inbox = g.inbox.as_ref();
        let origin = match (
            inbox.and_then(|i| i.key_env.as_deref()),
            inbox.and_then(|i| i.key_cmd.as_deref()),
        ) {
            (Some(var), _) => Origin::Env(var),
            (None, Some(cmd)) => Origin::Cmd(cmd),
            (None, None) => Origin::File(key_path(group_file)),
        };
        match origin {
            Origin::Env(var) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => parse(&v, &format!("the variable {var}")),
                _ => Err(Error::failed_with(
                    format!(
                        "the environment variable {var} (`key_env` in [inbox]) is not set, so ug has no key to sign and check its mail with"
                    ),
                    format!(
                        "set it before running ug: `export {var}=$(cat group.key)`, or remove `key_env` to use group.key beside the group file"
                    ),
                )),
            },
            Origin::Cmd(cmd) => parse(&run(cmd)?, &format!("the output of key_cmd `{cmd}`")),
            Origin::File(path) => match std::fs::read_to_string(&path) {
                Ok(text) => parse(&text, &path.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if create {
                        make(&path)
                    } else {
                        Ok(Keys::ephemeral())
                    }
                }
                Err(e) => Err(Error::io("read", &path, e)),
            },
        }
    }

    pub(super) fn sign(&self, message: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(hmac::sign(&self.sign, message).as_ref());
        out
    }

    /// The signature of `message` under every key, the signing one first.
    pub(super) fn all_signatures(&self, message: &[u8]) -> Vec<[u8; 32]> {
        std::iter::once(&self.sign)
            .chain(&self.old)
            .map(|k| {
                let mut out = [0u8; 32];
                out.copy_from_slice(hmac::sign(k, message).as_ref());
                out
            })
            .collect()
    }
}

/// Keys from text: white-space separated, `#` starts a comment line.
fn parse(text: &str, whence: &str) -> Result<Keys> {
    let mut secrets: Vec<Vec<u8>> = Vec::new();
    for word in text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
    {
        secrets.push(match hex(word) {
            Some(bytes) => bytes,
            None if word.len() >= 32 => word.as_bytes().to_vec(),
            None => {
                return Err(Error::failed_with(
                    format!(
                        "a key in {whence} is too short ({} characters): a key is 64 hex digits or at least 32 characters",
                        word.len()
                    ),
                    "make one with `openssl rand -hex 32` (or delete group.key: ug makes a new one, and replies to mail signed with the old one then wait for a person)",
                ));
            }
        });
    }
    if secrets.is_empty() {
        return Err(Error::failed_with(
            format!("{whence} holds no key"),
            "make one with `openssl rand -hex 32`",
        ));
    }
    let refs: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    Ok(Keys::from_secrets(&refs))
}

/// 64 hex digits as 32 bytes.
fn hex(word: &str) -> Option<Vec<u8>> {
    if word.len() != 64 || !word.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..32)
        .map(|i| u8::from_str_radix(&word[2 * i..2 * i + 2], 16).ok())
        .collect()
}

/// Makes `group.key`: 32 random bytes as hex, mode 0600, written whole
/// before it appears (a second run at once reads the same key, never half
/// of one).
fn make(path: &Path) -> Result<Keys> {
    let mut bytes = [0u8; 32];
    SystemRandom::new().fill(&mut bytes).map_err(|_| {
        Error::failed("the system's random source failed, so ug could not make group.key")
    })?;
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = path.with_extension(format!("key.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        writeln!(
            f,
            "# ug's secret for this group (SPEC 11): signs the tokens of its mail. Never share it publicly.\n{text}"
        )?;
        f.sync_all()?;
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    match written {
        Ok(()) => Ok(Keys::from_secrets(&[&bytes])),
        // Another run made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            parse(&text, &path.display().to_string())
        }
        Err(e) => Err(Error::io("write", path, e)),
    }
}

/// Runs `key_cmd` with `sh -c`: what it prints is the key, never shown.
fn run(cmd: &str) -> Result<String> {
    let the = format!("key_cmd in [inbox] (`{cmd}`)");
    let out = crate::secure::secret_cmd(cmd)
        .map_err(|e| Error::failed(format!("{the} could not be run: {e}")))?;
    let fix = "run the command yourself to see why; ug uses what it prints as the key, and never shows it";
    let stdout = out.map_err(|status| {
        Error::failed_with(format!("{the} failed ({status}), so ug has no key"), fix)
    })?;
    String::from_utf8(stdout)
        .map_err(|_| Error::failed_with(format!("{the} printed something that is not UTF-8"), fix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_and_values() {
        let d = tempfile::tempdir().unwrap();
        let group = d.path().join("group.toml");
        std::fs::write(&group, "[group]\nname = \"G\"\ntimezone = \"UTC\"\n").unwrap();
        let doc: toml_edit::DocumentMut = std::fs::read_to_string(&group).unwrap().parse().unwrap();
        let g = crate::model::from_table(doc.as_table()).0;
        // Not made without `create`; made once, 0600, with `create`.
        let _ = Keys::load(&g, &group, false).unwrap();
        assert!(!key_path(&group).exists());
        let a = Keys::load(&g, &group, true).unwrap();
        let b = Keys::load(&g, &group, true).unwrap();
        let t = a.sign(b"x");
        assert_eq!(b.sign(b"x"), t);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(key_path(&group))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(parse("short", "x").is_err());
        assert!(parse("# only a comment\n", "x").is_err());
        let hex = "ab".repeat(32);
        let k = parse(&format!("{hex}\n{}\n", "z".repeat(40)), "x").unwrap();
        assert_eq!(k.old.len(), 1);
    }
}
