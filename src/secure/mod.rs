//! What both mail clients share to log in safely (SMTP for `ug remind
//! --send`, IMAP for `ug inbox`): the account as a section of the group
//! file names it ([`Account`]), its password from `password_env` or
//! `password_cmd` ([`Password`]: never printed, never in an error, `Debug`
//! hides it), in [`tls`], the verified TLS under both, in [`redact`], a
//! server's reply made safe to show, and in [`exposed`], `ug check`'s
//! warning about a readable file that names a `password_cmd`.

pub mod exposed;
pub mod oauth;
pub mod redact;
pub mod tls;

use std::fmt;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// One account on one server, as a section of the group file gives it.
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    /// The section, for messages: `[email.smtp]`, `[inbox.imap]`.
    pub section: &'a str,
    /// `SMTP`, `IMAP`.
    pub service: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub username: &'a str,
    pub password_env: Option<&'a str>,
    pub password_cmd: Option<&'a str>,
    /// A command that prints an OAuth2 access token, used instead of a
    /// password (the model has checked that there is not both).
    pub oauth2_token_cmd: Option<&'a str>,
    /// A PEM file of CA certificates trusted besides the public roots,
    /// relative to the group file.
    pub ca_file: Option<&'a str>,
    /// The usual ports, for a fix: "993 is usually tls, 143 starttls".
    pub ports: &'a str,
}

impl Account<'_> {
    /// `host:port`, for messages.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The example `password_cmd` in a fix: `pass show smtp`.
    fn example_cmd(&self) -> String {
        format!("pass show {}", self.service.to_ascii_lowercase())
    }
}

/// A password: shown nowhere (`Debug` and `Display` print `<hidden>`).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// The password itself, to hand to the server and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

/// The password of `account`: the variable `password_env`, or what
/// `password_cmd` prints (run with `sh -c`; the final newline is not part
/// of it); with `oauth2_token_cmd`, the access token it prints instead.
/// Errors name the variable or the command and its exit status, never
/// what it printed.
pub fn password(account: &Account) -> Result<Password> {
    let who = format!("\"{}\" at {}", account.username, account.host);
    let (section, service) = (account.section, account.service);
    if let Some(cmd) = account.oauth2_token_cmd {
        return run_secret_cmd(
            cmd,
            account,
            &who,
            "oauth2_token_cmd",
            "OAuth2 access token",
        );
    }
    if let Some(var) = account.password_env {
        return match std::env::var(var) {
            Ok(p) if !p.is_empty() => Ok(Password(p)),
            _ => Err(Error::failed_with(
                format!(
                    "the environment variable {var} is not set, so ug has no {service} password for {who}"
                ),
                format!(
                    "set it before running ug (export {var}=...), or name a command that prints the password: `password_cmd = \"{}\"` in {section}",
                    account.example_cmd()
                ),
            )),
        };
    }
    let Some(cmd) = account.password_cmd else {
        return Err(Error::failed_with(
            format!("{section} names no password for {who}"),
            format!(
                "add `password_env = \"UG_{service}_PASSWORD\"` or `password_cmd = \"{}\"`",
                account.example_cmd()
            ),
        ));
    };
    run_secret_cmd(cmd, account, &who, "password_cmd", "password")
}

/// Runs a command that prints a secret (`password_cmd`, `key_cmd`) with
/// `sh -c`, stdin closed and both outputs captured, never shown: what it
/// printed, or how it failed ("exit status 1", "killed by a signal").
pub fn secret_cmd(cmd: &str) -> std::io::Result<std::result::Result<Vec<u8>, String>> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()?;
    if out.status.success() {
        return Ok(Ok(out.stdout));
    }
    Ok(Err(match out.status.code() {
        Some(c) => format!("exit status {c}"),
        None => "killed by a signal".into(),
    }))
}

/// Runs `password_cmd` (or `oauth2_token_cmd`, `key` in the file, giving
/// `what`): its stdout, less the final newline, is the password (or
/// token). What it prints (stdout or stderr) is never shown.
fn run_secret_cmd(
    cmd: &str,
    account: &Account,
    who: &str,
    key: &str,
    what: &str,
) -> Result<Password> {
    let (section, service) = (account.section, account.service);
    let named = format!("{key} in {section}");
    let the = format!("the command: `{cmd}`");
    let out = secret_cmd(cmd)
        .map_err(|e| Error::failed(format!("{named} could not be run ({the}): {e}")))?;
    let fix = format!(
        "run the command yourself to see why; ug uses what it prints (less the final newline) as the {what}, and never shows it"
    );
    let fix = fix.as_str();
    let stdout = out.map_err(|status| {
        Error::failed_with(
            format!("{named} failed ({status}), so ug has no {service} {what} for {who} ({the})"),
            fix,
        )
    })?;
    let mut p = String::from_utf8(stdout).map_err(|_| {
        Error::failed_with(
            format!("{named} printed something that is not UTF-8 ({the})"),
            fix,
        )
    })?;
    if p.ends_with('\n') {
        p.pop();
        if p.ends_with('\r') {
            p.pop();
        }
    }
    if p.is_empty() {
        return Err(Error::failed_with(
            format!("{named} printed nothing, so ug has no {service} {what} for {who} ({the})"),
            fix,
        ));
    }
    Ok(Password(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(cmd: &str) -> Account<'_> {
        Account {
            section: "[email.smtp]",
            service: "SMTP",
            host: "smtp.example.org",
            port: 465,
            username: "organizers",
            password_env: None,
            password_cmd: Some(cmd),
            oauth2_token_cmd: None,
            ca_file: None,
            ports: "465 is tls, 587 starttls",
        }
    }

    #[test]
    fn the_command_prints_the_password_less_its_final_newline() {
        let p = password(&account("printf ' pa ss \\n'")).unwrap();
        assert_eq!(p.expose(), " pa ss ");
        let p = password(&account("printf 'pw\\r\\n'")).unwrap();
        assert_eq!(p.expose(), "pw");
        assert_eq!(format!("{p:?}"), "<hidden>");
    }

    #[test]
    fn a_failing_or_silent_command_is_named_never_its_output() {
        let cmd = "printf 'hun%s' ter2-out; printf 'hun%s' ter2-err >&2; exit 3";
        let e = password(&account(cmd)).unwrap_err();
        let text = format!("{e} {:?}", e.hint());
        assert!(text.contains("exit status 3"), "{text}");
        assert!(text.contains(&format!("the command: `{cmd}`")), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        let e = password(&account("printf '\\n'")).unwrap_err();
        assert!(e.to_string().contains("printed nothing"), "{e}");
    }
}
