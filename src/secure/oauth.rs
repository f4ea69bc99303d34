//! OAuth2 instead of a password (SPEC §13): `oauth2_token_cmd` prints an
//! access token (see [`super::password`], which runs it), and ug hands it
//! to the server with SASL XOAUTH2 (Google's, Microsoft's) or OAUTHBEARER
//! (RFC 7628). The token is never stored, printed or logged: [`hide`]
//! takes it out of anything a server said before that reaches an error.

use super::Password;
use super::redact::{REDACTED, redact};

/// A SASL mechanism that carries a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Xoauth2,
    OauthBearer,
}

impl Mechanism {
    /// The mechanism's name after AUTH / AUTHENTICATE.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Xoauth2 => "XOAUTH2",
            Mechanism::OauthBearer => "OAUTHBEARER",
        }
    }

    /// OAUTHBEARER when the server offers it (`offered`: the mechanisms
    /// of its AUTH keyword or `AUTH=` capabilities), else XOAUTH2.
    pub fn pick<'a>(offered: impl IntoIterator<Item = &'a str>) -> Mechanism {
        let mut offered = offered.into_iter();
        if offered.any(|m| m.eq_ignore_ascii_case("OAUTHBEARER")) {
            Mechanism::OauthBearer
        } else {
            Mechanism::Xoauth2
        }
    }

    /// The client's first message, before base64: XOAUTH2's
    /// `user=U^Aauth=Bearer T^A^A`, or OAUTHBEARER's GS2 header, host,
    /// port and `auth=Bearer T` (RFC 7628 3.1).
    pub fn initial(self, user: &str, host: &str, port: u16, token: &Password) -> String {
        let token = token.expose();
        match self {
            Mechanism::Xoauth2 => format!("user={user}\x01auth=Bearer {token}\x01\x01"),
            Mechanism::OauthBearer => {
                // RFC 5801: `,` and `=` in the authzid are escaped.
                let user = user.replace('=', "=3D").replace(',', "=2C");
                format!("n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01")
            }
        }
    }

    /// The answer to an error challenge (the server's JSON status): an
    /// empty message for XOAUTH2, `^A` for OAUTHBEARER (RFC 7628 3.2.3);
    /// the server then fails the exchange.
    pub fn after_error(self) -> &'static str {
        match self {
            Mechanism::Xoauth2 => "",
            Mechanism::OauthBearer => "\x01",
        }
    }
}

/// `text` (a server's reply) with the token, and every AUTH argument and
/// base64 run, redacted.
pub fn hide(text: &str, token: &Password) -> String {
    let t = token.expose();
    if t.is_empty() {
        return redact(text);
    }
    redact(&text.replace(t, REDACTED))
}

/// The exchange for IMAP's AUTHENTICATE (async-imap base64-encodes what
/// it returns): the initial message to the first challenge, then the
/// answer to an error challenge.
pub struct Authenticator {
    first: Option<String>,
    mechanism: Mechanism,
}

impl Authenticator {
    pub fn new(mechanism: Mechanism, user: &str, host: &str, port: u16, token: &Password) -> Self {
        Authenticator {
            first: Some(mechanism.initial(user, host, port, token)),
            mechanism,
        }
    }
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Authenticator({}, <hidden>)", self.mechanism.name())
    }
}

impl async_imap::Authenticator for &mut Authenticator {
    type Response = String;

    fn process(&mut self, _challenge: &[u8]) -> String {
        self.first
            .take()
            .unwrap_or_else(|| self.mechanism.after_error().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Password {
        Password("ya29.a0-Secret_Token".into())
    }

    #[test]
    fn xoauth2_is_googles_format() {
        // developers.google.com/gmail/imap/xoauth2-protocol
        let s = Mechanism::Xoauth2.initial("someuser@example.com", "imap.gmail.com", 993, &token());
        assert_eq!(
            s,
            "user=someuser@example.com\x01auth=Bearer ya29.a0-Secret_Token\x01\x01"
        );
        let mut b64 = String::new();
        crate::mail::compose::base64(
            "user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"
                .as_bytes(),
            &mut b64,
        );
        assert_eq!(
            b64,
            "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
        );
    }

    #[test]
    fn oauthbearer_is_rfc_7628() {
        let s = Mechanism::OauthBearer.initial(
            "a,b=c@example.com",
            "server.example.com",
            587,
            &token(),
        );
        assert_eq!(
            s,
            "n,a=a=2Cb=3Dc@example.com,\x01host=server.example.com\x01port=587\x01auth=Bearer ya29.a0-Secret_Token\x01\x01"
        );
    }

    #[test]
    fn oauthbearer_only_when_offered() {
        assert_eq!(Mechanism::pick(["PLAIN", "XOAUTH2"]), Mechanism::Xoauth2);
        assert_eq!(
            Mechanism::pick(["oauthbearer", "XOAUTH2"]),
            Mechanism::OauthBearer
        );
        assert_eq!(Mechanism::pick([]), Mechanism::Xoauth2);
    }

    #[test]
    fn the_imap_exchange_sends_the_token_once_then_gives_up() {
        use async_imap::Authenticator as _;
        let mut a = Authenticator::new(Mechanism::Xoauth2, "me@example.com", "h", 993, &token());
        let mut r = &mut a;
        assert!(r.process(b"").contains("auth=Bearer ya29.a0-Secret_Token"));
        assert_eq!(r.process(br#"{"status":"400"}"#), "");
        assert!(!format!("{a:?}").contains("Secret"));
        let mut b =
            Authenticator::new(Mechanism::OauthBearer, "me@example.com", "h", 993, &token());
        let mut r = &mut b;
        assert!(r.process(b"").starts_with("n,a=me@example.com,"));
        assert_eq!(r.process(b"{}"), "\x01");
    }

    #[test]
    fn a_token_a_server_echoes_is_hidden() {
        let said = "535 5.7.8 token ya29.a0-Secret_Token refused";
        assert_eq!(hide(said, &token()), "535 5.7.8 token [redacted] refused");
    }
}
