//! One SMTP session over lettre's async connection: connecting (plain,
//! STARTTLS or implicit TLS, always verified, never downgraded; TCP_NODELAY
//! on every socket), authenticating (never in clear but to this machine),
//! and sending. Every round trip is one write. When the server offers
//! PIPELINING (RFC 2920), MAIL, RCPT and DATA go in one write, and the next
//! message's envelope rides with the previous body: one round trip a message.

use std::error::Error as _;
use std::path::Path;
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, Certificate, CertificateStore, TlsParameters,
};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use rustls_pki_types::CertificateDer;

use crate::error::{Error, Result};
use crate::mail::{Outgoing, SentKey};
use crate::model::{Security, Smtp, is_loopback};
use crate::secure::redact::redact;
use crate::secure::tls::{Stream, ca_certs, failed as tls_failed, handshake, tcp};
use crate::secure::{Account, Password, password};

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
pub const MESSAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// Where and how to connect: the server, the password (read here, from
/// `password_env` or `password_cmd`; `Debug` hides it) and the
/// certificates of `ca_file` (read here, once, for every connection).
#[derive(Debug)]
pub struct Config {
    host: String,
    port: u16,
    security: Security,
    username: Option<String>,
    password: Option<Password>,
    password_env: Option<String>,
    password_cmd: Option<String>,
    /// With it, `password` is the access token it printed.
    oauth2_token_cmd: Option<String>,
    ca_file: Option<String>,
    /// The certificates of `ca_file`, trusted besides the public roots.
    ca: Vec<CertificateDer<'static>>,
}

impl Config {
    pub fn from_model(s: &Smtp, base: &Path) -> Result<Config> {
        let mut cfg = Config {
            host: s.host.clone(),
            port: s.port(),
            security: s.security,
            username: s.username.clone(),
            password: None,
            password_env: s.password_env.clone(),
            password_cmd: s.password_cmd.as_ref().map(|c| c.value.clone()),
            oauth2_token_cmd: s.oauth2_token_cmd.as_ref().map(|c| c.value.clone()),
            ca_file: s.ca_file.clone(),
            ca: Vec::new(),
        };
        if cfg.username.is_some() {
            if s.security == Security::None && !is_loopback(&s.host) {
                return Err(Error::failed_with(
                    format!(
                        "refusing to send the SMTP password to {} without encryption (security = \"none\")",
                        s.host
                    ),
                    "set security = \"starttls\" (port 587) or \"tls\" (port 465) in [email.smtp]",
                ));
            }
            cfg.password = Some(password(&cfg.account())?);
        }
        if s.security != Security::None {
            // A bad `ca_file` is found before the first message, once.
            cfg.ca = ca_certs(&cfg.account(), base)?;
        }
        Ok(cfg)
    }

    /// The account, for the shared TLS and password code.
    fn account(&self) -> Account<'_> {
        Account {
            section: "[email.smtp]",
            service: "SMTP",
            host: &self.host,
            port: self.port,
            username: self.username.as_deref().unwrap_or_default(),
            password_env: self.password_env.as_deref(),
            password_cmd: self.password_cmd.as_deref(),
            oauth2_token_cmd: self.oauth2_token_cmd.as_deref(),
            ca_file: self.ca_file.as_deref(),
            ports: "465 is usually tls, 587 starttls",
        }
    }

    pub fn name(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// lettre's TLS settings for STARTTLS: the same roots as
    /// [`handshake`]'s, the public ones plus `ca_file`.
    fn starttls_parameters(&self) -> Result<TlsParameters, ConnectError> {
        let mut b = TlsParameters::builder(self.host.clone())
            .certificate_store(CertificateStore::WebpkiRoots);
        for der in &self.ca {
            b = b.add_root_certificate(Certificate::from_der(der.to_vec())?);
        }
        Ok(b.build_rustls()?)
    }
}

/// Why one message did not go through.
pub struct Fail {
    pub text: String,
    /// 5xx: retrying will not help.
    pub permanent: bool,
}

impl Fail {
    fn from(e: &lettre::transport::smtp::Error) -> Fail {
        Fail {
            text: describe(e),
            permanent: e.is_permanent() || e.is_client(),
        }
    }
}

/// The server's own words ("550 5.1.1 no such user"), else lettre's;
/// redacted (an AUTH line echoed back would show the password).
fn describe(e: &lettre::transport::smtp::Error) -> String {
    redact(&match (e.status(), e.source()) {
        (Some(code), Some(src)) => format!("{code} {src}"),
        _ => e.to_string(),
    })
}

/// What became of one message: `Err((fail, usable))`, `usable` false when
/// the session must be dropped.
pub type Outcome = Result<(), (Fail, bool)>;

/// One open connection.
pub struct Conn {
    c: AsyncSmtpConnection,
    pipelining: bool,
    eightbit: bool,
    smtputf8: bool,
    /// The answer to an envelope already sent for the message with this key.
    primed: Option<(SentKey, Outcome)>,
    /// The key of a message whose envelope went out but is not answered yet.
    unread: Option<SentKey>,
}

/// Why a connection could not be opened, and whether trying again may help.
pub struct ConnectError {
    pub text: String,
    pub hopeless: bool,
}

impl ConnectError {
    fn of(e: &lettre::transport::smtp::Error) -> Self {
        ConnectError {
            hopeless: e.is_permanent() || e.is_tls() || e.is_client(),
            text: describe(e),
        }
    }
}

impl From<lettre::transport::smtp::Error> for ConnectError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        ConnectError::of(&e)
    }
}

impl From<std::io::Error> for ConnectError {
    /// Connecting failed: worth another try.
    fn from(e: std::io::Error) -> Self {
        ConnectError {
            text: e.to_string(),
            hopeless: false,
        }
    }
}

impl From<Error> for ConnectError {
    /// ug's own errors (TLS, `ca_file`), with their fix: trying again
    /// will not help.
    fn from(e: Error) -> Self {
        let text = match e.hint() {
            Some(h) => format!("{e}; {h}"),
            None => e.to_string(),
        };
        ConnectError {
            text,
            hopeless: true,
        }
    }
}

pub async fn connect(cfg: &Config, hello: &ClientId) -> Result<Conn, ConnectError> {
    let account = cfg.account();
    let tcp = tcp(&account).await?;
    let mut c = match cfg.security {
        Security::Tls => {
            let tls = handshake(&account, cfg.ca.clone(), tcp).await?;
            let stream = Stream::Tls(Box::new(tls));
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), hello).await?
        }
        Security::Starttls | Security::None => {
            let stream = Stream::Plain(tcp);
            let mut c =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), hello).await?;
            if cfg.security == Security::Starttls {
                if !c.can_starttls() {
                    return Err(ConnectError {
                        text: "the server does not offer STARTTLS, and ug never falls back to sending in clear (set `security` to \"tls\" in [email.smtp] if the server has it)".into(),
                        hopeless: true,
                    });
                }
                let params = cfg.starttls_parameters()?;
                if let Err(e) = c.starttls(params, hello).await {
                    return Err(starttls_failed(&account, &e));
                }
            }
            c
        }
    };
    // lettre keeps only some EHLO keywords; ask again to learn PIPELINING.
    let ehlo = c.command(format!("EHLO {hello}\r\n")).await?;
    let has = |kw: &str| {
        ehlo.message().any(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(kw))
        })
    };
    let mut conn = Conn {
        pipelining: has("PIPELINING"),
        eightbit: has("8BITMIME"),
        smtputf8: has("SMTPUTF8"),
        primed: None,
        unread: None,
        c,
    };
    if let (Some(user), Some(password)) = (&cfg.username, &cfg.password) {
        // Never in clear but to this machine (`from_model` checked too).
        if cfg.security == Security::None && !is_loopback(&cfg.host) {
            return Err(ConnectError {
                text: "refusing to send the SMTP password without encryption".into(),
                hopeless: true,
            });
        }
        if cfg.oauth2_token_cmd.is_some() {
            let login = super::oauth::Login::new(user, &cfg.host, cfg.port, password);
            super::oauth::auth(&mut conn.c, &ehlo, &login).await?;
            return Ok(conn);
        }
        let creds = Credentials::new(user.clone(), password.expose().to_string());
        conn.c
            .auth(&[Mechanism::Plain, Mechanism::Login], &creds)
            .await?;
    }
    Ok(conn)
}

/// A STARTTLS that failed: a certificate ug could not verify gets the
/// `ca_file` fix, as implicit TLS does.
fn starttls_failed(account: &Account, e: &lettre::transport::smtp::Error) -> ConnectError {
    if e.status().is_some() {
        // The server refused STARTTLS (454): its own words.
        return ConnectError::of(e);
    }
    // The innermost cause: "invalid peer certificate: UnknownIssuer".
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let why = cause.to_string();
    ConnectError::from(tls_failed(account, &why, why.contains("certificate")))
}

impl Conn {
    /// Drops the session without waiting on a server that may be gone.
    pub async fn abort(&mut self) {
        self.c.abort().await;
    }

    /// Ends the session politely (or drops it, when the server waits for
    /// the data of a message that will not come).
    pub async fn quit(&mut self) {
        if self.primed.is_some() || self.unread.is_some() {
            self.c.abort().await;
        } else {
            let _ = self.c.quit().await;
        }
    }

    /// True when the envelope of the next message can ride with a body.
    pub fn pipelines(&self) -> bool {
        self.pipelining
    }

    /// MAIL, RCPT and DATA for `m`; `Err` when its addresses cannot be sent.
    fn envelope(&self, m: &Outgoing) -> Result<String, Fail> {
        let permanent = |text: String| Fail {
            text,
            permanent: true,
        };
        for a in [&m.from, &m.to] {
            if a.is_empty()
                || a.chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
            {
                return Err(permanent(format!("`{a}` is not a valid address")));
            }
        }
        let mut params = String::new();
        if !m.bytes.is_ascii() && self.eightbit {
            params.push_str(" BODY=8BITMIME");
        }
        if !(m.from.is_ascii() && m.to.is_ascii()) {
            if !self.smtputf8 {
                return Err(permanent(format!(
                    "the server does not accept non-ASCII addresses (no SMTPUTF8): {}",
                    m.to
                )));
            }
            params.push_str(" SMTPUTF8");
        }
        Ok(format!(
            "MAIL FROM:<{}>{params}\r\nRCPT TO:<{}>\r\nDATA\r\n",
            m.from, m.to
        ))
    }

    /// Reads the three answers to a pipelined envelope; after a refusal,
    /// leaves the session clean (RSET) for the next message.
    async fn envelope_answers(
        &mut self,
        r1: Result<Response, lettre::transport::smtp::Error>,
    ) -> Outcome {
        let r2 = self.c.read_response().await;
        let r3 = self.c.read_response().await;
        for r in [&r1, &r2, &r3] {
            if let Err(e) = r
                && !e.is_response()
                && e.status().is_none()
            {
                return Err((Fail::from(e), false));
            }
        }
        let refused = match (r1.and(r2), r3) {
            (Ok(_), Ok(_)) => return Ok(()),
            (Err(e), Ok(_)) => {
                // A server that took DATA with no recipient: end it empty.
                let _ = self.c.command(".\r\n").await;
                e
            }
            (Err(e), Err(_)) | (Ok(_), Err(e)) => e,
        };
        Err(self.reset(&refused).await)
    }

    async fn reset(&mut self, e: &lettre::transport::smtp::Error) -> (Fail, bool) {
        let usable = e.status().is_some() && self.c.command("RSET\r\n").await.is_ok();
        (Fail::from(e), usable)
    }

    /// Sends `m`. With PIPELINING, the envelope of `next` (the message the
    /// caller will send right after, on this session) rides with `m`'s body,
    /// so a message costs one round trip. `Err((fail, usable))`: `usable` is
    /// false when the session must be dropped (and `next` sent elsewhere).
    pub async fn send(&mut self, m: &Outgoing, next: Option<&Outgoing>) -> Outcome {
        self.read_ahead().await;
        let primed = self.primed.take();
        match primed {
            Some((key, answer)) if key == m.key => answer?,
            Some(_) => {
                // The server waits for another message's data: start over.
                let text = "the SMTP session got out of step; retrying".to_string();
                return Err((
                    Fail {
                        text,
                        permanent: false,
                    },
                    false,
                ));
            }
            None => {
                let cmds = self.envelope(m).map_err(|f| (f, true))?;
                if self.pipelining {
                    let r1 = self.c.command(cmds).await;
                    self.envelope_answers(r1).await?;
                } else {
                    for line in cmds.split_inclusive("\r\n") {
                        if let Err(e) = self.c.command(line).await {
                            return Err(self.reset(&e).await);
                        }
                    }
                }
            }
        }
        let Ok(mut data) = String::from_utf8(stuff(&m.bytes)) else {
            let sent = self.c.message(&m.bytes).await;
            return sent
                .map(drop)
                .map_err(|e| (Fail::from(&e), e.status().is_some()));
        };
        let next = next
            .filter(|_| self.pipelining)
            .and_then(|n| Some((n.key.clone(), self.envelope(n).ok()?)));
        if let Some((_, cmds)) = &next {
            data.push_str(cmds);
        }
        let sent = self.c.command(data).await;
        if let Err(e) = &sent
            && e.status().is_none()
        {
            return Err((Fail::from(e), false));
        }
        // The answers for `next` are read later, by `read_ahead`: first the
        // caller records this message as sent.
        self.unread = next.map(|(key, _)| key);
        sent.map(drop).map_err(|e| (Fail::from(&e), true))
    }

    /// Reads the answers to the envelope that went out ahead with the last
    /// body, and keeps them for that message's `send`.
    pub async fn read_ahead(&mut self) {
        if let Some(key) = self.unread.take() {
            let r1 = self.c.read_response().await;
            let answer = self.envelope_answers(r1).await;
            self.primed = Some((key, answer));
        }
    }
}

/// The DATA payload: dot-stuffed (RFC 5321 4.5.2), CRLF-terminated, with the
/// final `.` line.
fn stuff(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut at_line_start = true;
    for &b in bytes {
        if at_line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        at_line_start = b == b'\n';
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_account_never_the_password() {
        let smtp = Smtp {
            host: "127.0.0.1".into(),
            port: None,
            security: Security::Tls,
            username: Some("organizers".into()),
            password_env: None,
            password_cmd: Some(crate::model::Spanned::new(
                "printf Hunt%s er-2-pw".into(),
                None,
            )),
            oauth2_token_cmd: None,
            ca_file: None,
            allow_insecure: false,
            max_per_day: None,
            max_per_hour: None,
        };
        let cfg = Config::from_model(&smtp, Path::new(".")).unwrap();
        assert_eq!(
            cfg.password.as_ref().map(Password::expose),
            Some("Hunter-2-pw")
        );
        let shown = format!("{cfg:?} {cfg:#?} {smtp:?}");
        assert!(
            shown.contains("organizers") && shown.contains("<hidden>"),
            "{shown}"
        );
        assert!(!shown.contains("Hunter-2-pw"), "{shown}");
    }

    #[test]
    fn dot_stuffing() {
        assert_eq!(stuff(b"a\r\n.b\r\n"), b"a\r\n..b\r\n.\r\n");
        assert_eq!(stuff(b".x"), b"..x\r\n.\r\n");
        assert_eq!(stuff(b"a\r\n"), b"a\r\n.\r\n");
    }
}
