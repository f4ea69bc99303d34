//! The `[email]` section and its transports: what `ug remind` sends with.

use toml_edit::TableLike;

use super::super::schema::{email, file, sendmail, smtp};
use super::super::*;
use super::getters::{describe, item_span, table_of};
use super::{Fields, Reader, Span};

impl Reader {
    pub(super) fn email(&mut self, t: &dyn TableLike, span: Span) -> Email {
        let f = self.fields(t, span.clone(), email::WHAT, email::KEYS);
        let from = self
            .req_str_spanned(&f, email::FROM)
            .and_then(|s| self.parsed(&s, Mailbox::parse));
        let reply_to = self
            .str_spanned(&f, email::REPLY_TO)
            .and_then(|s| self.parsed(&s, Mailbox::parse));
        let unsubscribe_url = self.str_spanned(&f, email::UNSUBSCRIBE_URL);
        if let Some(u) = &unsubscribe_url
            && (!u.value.starts_with("https://") && !u.value.starts_with("http://")
                || u.value.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            self.err(
                format!(
                    "`unsubscribe_url` must be a web address starting with https://, not \"{}\"",
                    u.value
                ),
                u.span.clone(),
            );
        }
        let bounces = self.bounces(&f);
        let transport = self
            .choice(&f, email::TRANSPORT, &Transport::ALL, Transport::parse)
            .unwrap_or(Transport::Smtp);
        let provider = self.choice(&f, email::PROVIDER, &Provider::ALL, Provider::parse);
        if let Some(d) = self.diags.last_mut()
            && f.get(email::PROVIDER).is_some()
            && provider.is_none()
            && d.message.starts_with("unknown provider")
        {
            d.hint = Some(
                "or leave `provider` out and set host, port and security in [email.smtp]".into(),
            );
        }
        let smtp = self
            .section_in(t, email::SMTP, smtp::WHAT, |r, t, s| r.smtp(t, s, provider))
            .or_else(|| provider.map(Smtp::of_provider));
        let sendmail = self.section_in(t, email::SENDMAIL, sendmail::WHAT, |r, t, s| {
            let f = r.fields(t, s, sendmail::WHAT, sendmail::KEYS);
            Sendmail {
                command: r
                    .str(&f, sendmail::COMMAND)
                    .unwrap_or_else(|| "/usr/sbin/sendmail".into()),
            }
        });
        let file = self.section_in(t, email::FILE, file::WHAT, |r, t, s| {
            let f = r.fields(t, s, file::WHAT, file::KEYS);
            FileTransport {
                dir: r.str(&f, file::DIR).unwrap_or_else(|| "outbox".into()),
            }
        });
        if transport == Transport::Smtp && smtp.is_none() && from.is_some() {
            self.err(
                "transport = \"smtp\" needs an [email.smtp] section with at least `host`",
                span,
            );
        }
        Email {
            from: from.unwrap_or(Mailbox {
                name: None,
                address: String::new(),
            }),
            reply_to,
            unsubscribe_url: unsubscribe_url.map(|u| u.value),
            one_click: self.bool(&f, email::ONE_CLICK).unwrap_or(false),
            bounces,
            provider,
            transport,
            smtp,
            sendmail,
            file,
        }
    }

    /// `bounces`: a plain address whose `+`-forms ug's envelope senders
    /// take (`bounces+TOKEN@...`): no name, no `+` of its own, a short user.
    fn bounces(&mut self, f: &Fields) -> Option<String> {
        let b = self.str_spanned(f, email::BOUNCES)?;
        let address = b.value.trim();
        let user = address.rsplit_once('@').map_or("", |(u, _)| u);
        let ok = crate::model::units::check_address(address).is_ok()
            && !address.contains(['<', '>', ' '])
            && !user.is_empty()
            && !user.contains('+')
            && user.len() <= 40;
        if ok {
            return Some(address.to_string());
        }
        self.err(
            format!(
                "`bounces` must be a plain address (no name, no `+`, a user part of at most 40 characters) such as \"bounces@example.org\", not \"{}\"",
                b.value
            ),
            b.span.clone(),
        );
        if let Some(d) = self.diags.last_mut() {
            d.hint = Some("ug sends each message from `bounces+TOKEN@...` of it: your mail server must deliver those plus-addresses to that mailbox".into());
        }
        None
    }

    /// A key that takes one of a few words (`transport`, `security`): `None`
    /// when it is absent or unknown (reported).
    pub(super) fn choice<T>(
        &mut self,
        f: &Fields,
        key: &str,
        all: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.str_spanned(f, key)?;
        let value = parse(&s.value);
        if value.is_none() {
            let (last, rest) = all.split_last()?;
            let quoted: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
            self.err(
                format!(
                    "unknown {key} \"{}\"; use {} or \"{last}\"",
                    s.value,
                    quoted.join(", ")
                ),
                s.span.clone(),
            );
        }
        value
    }

    pub(super) fn section_in<T>(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        what: &str,
        read: impl FnOnce(&mut Self, &dyn TableLike, Span) -> T,
    ) -> Option<T> {
        let item = t.get(key)?;
        match table_of(item) {
            Some((inner, span)) => Some(read(self, inner, span)),
            None => {
                self.err(
                    format!(
                        "`{key}` must be a table, written {what}, not {}",
                        describe(item)
                    ),
                    item_span(item),
                );
                None
            }
        }
    }

    /// A port, 1 to 65535 (`usual` says which ones in the error).
    pub(super) fn port(&mut self, f: &Fields, key: &str, usual: &str) -> Option<u16> {
        let p = self.u32(f, key)?;
        match u16::try_from(p) {
            Ok(p) if p > 0 => Some(p),
            _ => {
                self.err(
                    format!("port {p} is out of range: use 1 to 65535 (usually {usual})"),
                    f.get(key).and_then(item_span),
                );
                None
            }
        }
    }

    /// A `password` key (reported as unknown by `fields`) gets the fix: a
    /// password never goes into the group file.
    pub(super) fn no_password_in_file(&mut self, t: &dyn TableLike, what: &str, var: &str) {
        if let Some(k) = ["password", "pass", "secret"]
            .iter()
            .find(|k| t.contains_key(k))
        {
            let kspan = t.key(k).and_then(|k| k.span());
            if let Some(d) = self.diags.iter_mut().rev().find(|d| d.span == kspan) {
                d.message = format!("`{k}` in {what}: a password never goes into the group file");
                d.code = Some(crate::diag::SECRET);
                d.hint = Some(format!(
                    "remove it, put it in an environment variable, and name that variable: `password_env = \"{var}\"`"
                ));
            }
        }
    }

    /// `[email.smtp]`; with `provider`, what the file leaves out (host,
    /// port, security, quota) is the provider's.
    pub(super) fn smtp(
        &mut self,
        t: &dyn TableLike,
        span: Span,
        provider: Option<Provider>,
    ) -> Smtp {
        let f = self.fields(t, span.clone(), smtp::WHAT, smtp::KEYS);
        self.no_password_in_file(t, smtp::WHAT, "UG_SMTP_PASSWORD");
        let preset = provider.map(Provider::preset);
        let host = match preset {
            Some(_) => self.str_spanned(&f, smtp::HOST),
            None => self.req_str_spanned(&f, smtp::HOST),
        };
        let own_security = self.choice(&f, smtp::SECURITY, &Security::ALL, Security::parse);
        let security = own_security
            .or(preset.map(|p| p.security))
            .unwrap_or(Security::Starttls);
        // A preset's port goes with its security: `security = "tls"` alone
        // means 465, whatever the provider's usual port.
        let port = self.port(&f, smtp::PORT, "587 or 465").or(preset
            .filter(|_| f.get(smtp::SECURITY).is_none())
            .map(|p| p.port));
        let max_per_day = self
            .quota(&f, smtp::MAX_PER_DAY)
            .or(preset.and_then(|p| p.max_per_day));
        let max_per_hour = self
            .quota(&f, smtp::MAX_PER_HOUR)
            .or(preset.and_then(|p| p.max_per_hour));
        let username = self.str(&f, smtp::USERNAME);
        let allow_insecure = self.bool(&f, smtp::ALLOW_INSECURE).unwrap_or(false);
        let (password_env, password_cmd, oauth2_token_cmd) =
            self.password_keys(&f, span, smtp::WHAT, "SMTP", username.is_some());
        if security == Security::None
            && let Some(h) = host.as_ref().filter(|h| !is_loopback(&h.value))
        {
            self.smtp_in_clear(&f, &h.value, username.is_some(), allow_insecure);
        }
        Smtp {
            host: host
                .map(|h| h.value)
                .or(preset.map(|p| p.host.to_string()))
                .unwrap_or_default(),
            port,
            security,
            username,
            password_env,
            password_cmd,
            oauth2_token_cmd,
            ca_file: self.str(&f, smtp::CA_FILE),
            allow_insecure,
            max_per_day,
            max_per_hour,
        }
    }

    /// `max_per_day` / `max_per_hour`: a count of at least 1.
    fn quota(&mut self, f: &Fields, key: &str) -> Option<u32> {
        let n = self.u32(f, key)?;
        if n == 0 {
            self.err(
                format!("`{key}` in {} must be at least 1 (a message)", f.what),
                f.get(key).and_then(item_span),
            );
            if let Some(d) = self.diags.last_mut() {
                d.hint = Some(format!(
                    "write how many messages the server takes, e.g. `{key} = 500`, or leave it out for no quota"
                ));
            }
            return None;
        }
        Some(n)
    }

    /// `security = "none"` to `host`, not this machine: refused unless
    /// `allow_insecure = true`, and always with a password (AUTH is never
    /// sent in clear but to loopback).
    fn smtp_in_clear(&mut self, f: &Fields, host: &str, auth: bool, allow_insecure: bool) {
        let at = f.get(smtp::SECURITY).and_then(item_span);
        let (message, hint) = if auth {
            (
                format!(
                    "security = \"none\" would send the SMTP password unencrypted to \"{host}\"; ug sends a password in clear only to this machine (localhost)"
                ),
                "use security = \"starttls\" (port 587) or \"tls\" (port 465)",
            )
        } else if !allow_insecure {
            (
                format!(
                    "security = \"none\" sends mail unencrypted to \"{host}\", which is not this machine"
                ),
                "use security = \"starttls\" (port 587) or \"tls\" (port 465); if the server really has no TLS, add `allow_insecure = true` to [email.smtp]",
            )
        } else {
            return;
        };
        self.err(message, at);
        if let Some(d) = self.diags.last_mut() {
            d.hint = Some(hint.into());
        }
    }

    /// `password_env`, `password_cmd` and `oauth2_token_cmd`: at most one
    /// of them, and one when `needed` (the section has an account; an
    /// OAuth2 token needs one: its `username`). `service` names the example
    /// variable, `UG_SMTP_PASSWORD`.
    pub(super) fn password_keys(
        &mut self,
        f: &Fields,
        span: Span,
        what: &str,
        service: &str,
        needed: bool,
    ) -> (
        Option<String>,
        Option<Spanned<String>>,
        Option<Spanned<String>>,
    ) {
        let oauth = self.str_spanned(f, smtp::OAUTH2_TOKEN_CMD);
        let (env, cmd) = self.password_pair(f, span, what, service, needed && oauth.is_none());
        let Some(o) = oauth else {
            return (env, cmd, None);
        };
        let other = match (&env, &cmd) {
            (Some(_), _) => Some("password_env"),
            (_, Some(_)) => Some("password_cmd"),
            _ => None,
        };
        let message = match other {
            Some(other) => format!(
                "{what} has both `oauth2_token_cmd` and `{other}`: an account logs in with an OAuth2 token or a password, not both"
            ),
            None if !needed => format!(
                "`oauth2_token_cmd` in {what} needs `username`: the account the token is for"
            ),
            None => return (env, cmd, Some(o)),
        };
        self.err(message, o.span.clone());
        if let Some(d) = self.diags.last_mut() {
            d.hint = Some(match other {
                Some(other) => format!(
                    "keep `oauth2_token_cmd` (a command that prints an access token, such as \"oama access me@gmail.com\") or `{other}`, and remove the other"
                ),
                None => format!("add `username = \"me@gmail.com\"` to {what}"),
            });
        }
        (env, cmd, Some(o))
    }

    /// `password_env` and `password_cmd`: at most one of them, and one
    /// when `needed`.
    fn password_pair(
        &mut self,
        f: &Fields,
        span: Span,
        what: &str,
        service: &str,
        needed: bool,
    ) -> (Option<String>, Option<Spanned<String>>) {
        // The keys are named alike in [email.smtp] and [inbox.imap].
        let env = self.str_spanned(f, smtp::PASSWORD_ENV);
        if let Some(e) = &env
            && !is_variable_name(&e.value)
        {
            // Likely the password itself: located, never quoted.
            self.err(
                format!("`password_env` in {what} is not the name of an environment variable"),
                e.span.clone(),
            );
            if let Some(d) = self.diags.last_mut() {
                d.code = Some(crate::diag::SECRET);
                d.hint = Some(format!(
                    "it names the variable that holds the password (letters, digits and _), as `password_env = \"UG_{service}_PASSWORD\"`; if you wrote the password there, remove it from the file (and its history) and change it"
                ));
            }
        }
        let env = env.map(|e| e.value);
        let cmd = self.str_spanned(f, smtp::PASSWORD_CMD);
        let message = match (&env, &cmd) {
            (Some(_), Some(_)) => {
                format!("{what} has both `password_env` and `password_cmd`: keep one")
            }
            (None, None) if needed => {
                format!(
                    "{what} needs `password_env` or `password_cmd`: where ug finds the password"
                )
            }
            _ => return (env, cmd),
        };
        self.err(message, span);
        if let Some(d) = self.diags.last_mut() {
            let lower = service.to_ascii_lowercase();
            d.hint = Some(format!(
                "name the variable that holds the password, `password_env = \"UG_{service}_PASSWORD\"`, or a command that prints it, `password_cmd = \"pass show {lower}\"` (or, for OAuth2, a command that prints an access token: `oauth2_token_cmd = \"oama access me@gmail.com\"`)"
            ));
        }
        (env, cmd)
    }
}

/// An environment variable's name as a shell writes it: letters, digits
/// and `_`, not starting with a digit.
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
