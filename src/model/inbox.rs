//! `[inbox]` and `[inbox.imap]` (SPEC §5): where `ug inbox` reads replies,
//! from a Maildir or over IMAP, and how long mail that needs a person may
//! wait.

use serde::Serialize;

use super::{Days, Security, Spanned};

/// `[inbox]`: folders are relative to the group file. At most one of
/// `maildir` and `imap` is set (the reader reports both).
#[derive(Debug, Clone, Serialize)]
pub struct Inbox {
    pub answer_within: Days,
    pub maildir: Option<Spanned<String>>,
    pub sent_maildir: Option<Spanned<String>>,
    pub imap: Option<Imap>,
    /// The variable holding the group's secret (SPEC §11); else `key_cmd`.
    pub key_env: Option<String>,
    /// A command that prints the group's secret; else `group.key`.
    pub key_cmd: Option<String>,
    /// The organizers' own mail server, whose `Authentication-Results`
    /// (`dmarc=pass`) proves an unsubscribe's sender (RFC 8601).
    pub trust_authserv: Option<String>,
}

impl Inbox {
    /// `answer_within` when the file does not say.
    pub const ANSWER_WITHIN: Days = Days(2);
}

/// `[inbox.imap]`: the server, the account and the folders. The password
/// is never in the file: `password_env` names a variable, `password_cmd` a
/// command whose output is the password.
#[derive(Debug, Clone, Serialize)]
pub struct Imap {
    pub host: String,
    /// The port when the file says; else [`Imap::port`] picks by security.
    pub port: Option<u16>,
    pub security: Security,
    pub username: String,
    pub password_env: Option<String>,
    pub password_cmd: Option<Spanned<String>>,
    /// A command that prints an OAuth2 access token (XOAUTH2 instead of
    /// a password; SPEC §13).
    pub oauth2_token_cmd: Option<Spanned<String>>,
    pub folder: String,
    pub sent_folder: Option<String>,
    /// A PEM file of CA certificates trusted besides the system's roots,
    /// relative to the group file.
    pub ca_file: Option<String>,
}

impl Imap {
    /// The folder read when the file does not say.
    pub const FOLDER: &str = "INBOX";

    /// The port to connect to: the file's, else 993 for TLS, 143 otherwise.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 993,
            Security::Starttls | Security::None => 143,
        })
    }
}

/// Whether `host` is this machine (`localhost`, 127.0.0.0/8, `::1`): the
/// only place `security = "none"` is allowed.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_this_machine_only() {
        for h in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["imap.example.org", "10.0.0.1", "localhost.example.org", ""] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
