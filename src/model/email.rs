//! `[email]` and its transports (SPEC §1, §3 "Email", §13): the sender, the provider
//! whose settings `[email.smtp]` starts from, the SMTP account with its
//! password or OAuth2 token command, `sendmail` and the file transport.

use serde::Serialize;

use super::{Mailbox, Provider, Security, Spanned, Transport};

#[derive(Debug, Clone, Serialize)]
pub struct Email {
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub unsubscribe_url: Option<String>,
    /// `unsubscribe_url` takes RFC 8058's one-click POST (with the token in
    /// the URL): only then is `List-Unsubscribe-Post` sent (SPEC §11).
    pub one_click: bool,
    /// `bounces = "bounces@example.org"`: each message's envelope sender is
    /// then that mailbox's VERP form, `bounces+TOKEN@example.org` (SPEC §11),
    /// so a delivery report proves whose mail bounced.
    pub bounces: Option<String>,
    /// `provider = "gmail"`: the service `smtp`'s defaults came from.
    pub provider: Option<Provider>,
    pub transport: Transport,
    pub smtp: Option<Smtp>,
    pub sendmail: Option<Sendmail>,
    pub file: Option<FileTransport>,
}

/// `[email.smtp]`: the server and the account. The password is never in
/// the file (nor in this struct): `password_env` names a variable,
/// `password_cmd` a command whose output is the password.
#[derive(Debug, Clone, Serialize)]
pub struct Smtp {
    pub host: String,
    pub port: Option<u16>,
    pub security: Security,
    pub username: Option<String>,
    pub password_env: Option<String>,
    /// Where it is in the file: `ug check` points there when the file is
    /// readable by others.
    pub password_cmd: Option<Spanned<String>>,
    /// A command that prints an OAuth2 access token (XOAUTH2 or
    /// OAUTHBEARER instead of a password; SPEC §13).
    pub oauth2_token_cmd: Option<Spanned<String>>,
    /// A PEM file of CA certificates trusted besides the public roots,
    /// relative to the group file.
    pub ca_file: Option<String>,
    /// `security = "none"` to a host that is not this machine (never with
    /// a password).
    pub allow_insecure: bool,
    /// The sending quota: at most this many messages in any 24 hours / any
    /// hour (the file's `max_per_day` / `max_per_hour`, else the provider's).
    pub max_per_day: Option<u32>,
    pub max_per_hour: Option<u32>,
}

impl Smtp {
    /// `[email] provider` without an `[email.smtp]` section: the provider's
    /// settings, no account.
    pub fn of_provider(p: Provider) -> Smtp {
        let preset = p.preset();
        Smtp {
            host: preset.host.to_string(),
            port: Some(preset.port),
            security: preset.security,
            username: None,
            password_env: None,
            password_cmd: None,
            oauth2_token_cmd: None,
            ca_file: None,
            allow_insecure: false,
            max_per_day: preset.max_per_day,
            max_per_hour: preset.max_per_hour,
        }
    }

    /// The port to connect to: the file's, else 587 for STARTTLS, 465 for
    /// TLS, 25 without.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Sendmail {
    pub command: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileTransport {
    pub dir: String,
}
