//! The `[email]` section and its transports: what `ug remind` sends with.

use toml_edit::TableLike;

use super::super::*;
use super::getters::{describe, item_span, table_of};
use super::{Reader, Span};

impl Reader {
    pub(super) fn email(&mut self, t: &dyn TableLike, span: Span) -> Email {
        let f = self.fields(
            t,
            span.clone(),
            "[email]",
            &[
                "from",
                "reply_to",
                "unsubscribe_url",
                "transport",
                "smtp",
                "sendmail",
                "file",
            ],
        );
        let from = self
            .req_str_spanned(&f, "from")
            .and_then(|s| self.parsed(&s, Mailbox::parse));
        let reply_to = self
            .str_spanned(&f, "reply_to")
            .and_then(|s| self.parsed(&s, Mailbox::parse));
        let unsubscribe_url = self.str_spanned(&f, "unsubscribe_url");
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
        let transport = match self.str_spanned(&f, "transport") {
            None => Transport::Smtp,
            Some(s) => {
                match s.value.as_str() {
                    "smtp" => Transport::Smtp,
                    "sendmail" => Transport::Sendmail,
                    "file" => Transport::File,
                    other => {
                        self.err(format!("unknown transport \"{other}\"; use \"smtp\", \"sendmail\" or \"file\""), s.span.clone());
                        Transport::Smtp
                    }
                }
            }
        };
        let smtp = self.section_in(t, "smtp", "[email.smtp]", Self::smtp);
        let sendmail = self.section_in(t, "sendmail", "[email.sendmail]", |r, t, s| {
            let f = r.fields(t, s, "[email.sendmail]", &["command"]);
            Sendmail {
                command: r
                    .str(&f, "command")
                    .unwrap_or_else(|| "/usr/sbin/sendmail".into()),
            }
        });
        let file = self.section_in(t, "file", "[email.file]", |r, t, s| {
            let f = r.fields(t, s, "[email.file]", &["dir"]);
            FileTransport {
                dir: r.str(&f, "dir").unwrap_or_else(|| "outbox".into()),
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
            transport,
            smtp,
            sendmail,
            file,
        }
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

    pub(super) fn smtp(&mut self, t: &dyn TableLike, span: Span) -> Smtp {
        let f = self.fields(
            t,
            span,
            "[email.smtp]",
            &["host", "port", "security", "username", "password_env"],
        );
        if let Some(k) = ["password", "pass", "secret"]
            .iter()
            .find(|k| t.contains_key(k))
        {
            let kspan = t.key(k).and_then(|k| k.span());
            if let Some(d) = self.diags.iter_mut().rev().find(|d| d.span == kspan) {
                d.message =
                    format!("`{k}` in [email.smtp]: a password never goes into the group file");
                d.hint = Some("remove it, put it in an environment variable, and name that variable: `password_env = \"UG_SMTP_PASSWORD\"`".into());
            }
        }
        let security = match self.str_spanned(&f, "security") {
            None => Security::Starttls,
            Some(s) => {
                match s.value.as_str() {
                    "starttls" => Security::Starttls,
                    "tls" => Security::Tls,
                    "none" => Security::None,
                    other => {
                        self.err(format!("unknown security \"{other}\"; use \"starttls\", \"tls\" or \"none\""), s.span.clone());
                        Security::Starttls
                    }
                }
            }
        };
        let port = self.u32(&f, "port").and_then(|p| match u16::try_from(p) {
            Ok(p) if p > 0 => Some(p),
            _ => {
                self.err(
                    format!("port {p} is out of range: use 1 to 65535 (usually 587 or 465)"),
                    f.get("port").and_then(item_span),
                );
                None
            }
        });
        Smtp {
            host: self.req_str(&f, "host").unwrap_or_default(),
            port,
            security,
            username: self.str(&f, "username"),
            password_env: self.str(&f, "password_env"),
        }
    }
}
