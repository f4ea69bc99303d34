//! `[inbox]` and `[inbox.imap]`: where `ug inbox` reads replies.

use toml_edit::TableLike;

use super::super::schema::{imap, inbox};
use super::super::*;
use super::{Reader, Span};

impl Reader {
    pub(super) fn inbox(&mut self, t: &dyn TableLike, span: Span) -> Inbox {
        let f = self.fields(t, span, inbox::WHAT, inbox::KEYS);
        let maildir = self.str_spanned(&f, inbox::MAILDIR);
        let sent_maildir = self.str_spanned(&f, inbox::SENT_MAILDIR);
        let imap = self.section_in(t, inbox::IMAP, imap::WHAT, Self::imap);
        if imap.is_some() {
            for s in [&maildir, &sent_maildir].into_iter().flatten() {
                self.err(
                    "[inbox] has both a Maildir and [inbox.imap]: ug reads one or the other",
                    s.span.clone(),
                );
                if let Some(d) = self.diags.last_mut() {
                    d.hint = Some("keep `maildir` and `sent_maildir` (a folder your mail program keeps), or [inbox.imap] (ug reads the server itself), and remove the other".into());
                }
            }
        }
        Inbox {
            answer_within: self
                .days(&f, inbox::ANSWER_WITHIN)
                .unwrap_or(Inbox::ANSWER_WITHIN),
            maildir,
            sent_maildir,
            imap,
            key_env: self.str(&f, inbox::KEY_ENV),
            key_cmd: self.str(&f, inbox::KEY_CMD),
            trust_authserv: self.str(&f, inbox::TRUST_AUTHSERV),
        }
    }

    fn imap(&mut self, t: &dyn TableLike, span: Span) -> Imap {
        let f = self.fields(t, span.clone(), imap::WHAT, imap::KEYS);
        self.no_password_in_file(t, imap::WHAT, "UG_IMAP_PASSWORD");
        let host = self.req_str_spanned(&f, imap::HOST);
        let security = self.choice(&f, imap::SECURITY, &Security::ALL, Security::parse);
        if security == Some(Security::None)
            && let Some(h) = host.as_ref().filter(|h| !is_loopback(&h.value))
        {
            self.err(
                format!(
                    "security = \"none\" sends the password unencrypted, so it is only allowed to this machine (localhost), not to \"{}\"",
                    h.value
                ),
                f.get(imap::SECURITY).and_then(super::getters::item_span),
            );
            if let Some(d) = self.diags.last_mut() {
                d.hint =
                    Some("use security = \"tls\" (port 993) or \"starttls\" (port 143)".into());
            }
        }
        let (env, cmd, oauth2_token_cmd) = self.password_keys(&f, span, imap::WHAT, "IMAP", true);
        Imap {
            host: host.map(|h| h.value).unwrap_or_default(),
            port: self.port(&f, imap::PORT, "993, or 143 with starttls"),
            security: security.unwrap_or(Security::Tls),
            username: self.req_str(&f, imap::USERNAME).unwrap_or_default(),
            password_env: env,
            password_cmd: cmd,
            oauth2_token_cmd,
            folder: self
                .str(&f, imap::FOLDER)
                .unwrap_or_else(|| Imap::FOLDER.into()),
            sent_folder: self.str(&f, imap::SENT_FOLDER),
            ca_file: self.str(&f, imap::CA_FILE),
        }
    }
}
