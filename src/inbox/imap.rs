//! `[inbox.imap]`: the inbox read over IMAP (async-imap on tokio, TLS by
//! rustls), behind the same [`Source`] as a Maildir. Read-only: the folder
//! is opened with EXAMINE and bodies fetched with `BODY.PEEK[]` (after
//! their sizes: one over the limit is never downloaded), so ug
//! never sets `\Seen`, moves or deletes a message. TLS is always verified
//! (the built-in public roots, plus `ca_file`); STARTTLS is never skipped:
//! a server without it is an error. A message's unique name is
//! `imap:<folder>:<UIDVALIDITY>:<UID>`; a rerun with nothing new lists the
//! UIDs and fetches nothing. The password (`password_env` or
//! `password_cmd`) is never in an error or in output.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use async_imap::{Client, Session};
use futures_util::TryStreamExt;

use super::bounds::MAX_MESSAGE;
use super::source::{Fetched, Item, Source};
use super::tls::{account, starttls};
use super::waiting::reply_ids;
use crate::error::{Error, Result};
use crate::model::{Imap as Config, Security};
use crate::secure::oauth::{Authenticator, Mechanism, hide};
use crate::secure::redact::redact;
use crate::secure::tls::{CONNECT, Stream, ca_certs, connect, handshake};
use crate::secure::{Password, password};

/// An IMAP folder, logged in and examined (read-only), and the sent folder
/// beside it.
#[derive(Debug)]
pub struct Imap {
    rt: tokio::runtime::Runtime,
    session: Option<Session<Stream>>,
    folder: String,
    sent_folder: Option<String>,
    uid_validity: u32,
    /// `host:port`, for messages.
    server: String,
    /// The internal date of each UID fetched (unix seconds).
    dates: HashMap<u32, i64>,
}

impl Imap {
    /// Logs in to the server of `config` and examines its folder. `base`
    /// is the group file's folder (`ca_file` is relative to it).
    pub fn connect(config: &Config, base: &Path) -> Result<Imap> {
        let password = password(&account(config))?;
        let server = format!("{}:{}", config.host, config.port());
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::failed(format!("could not start the IMAP client: {e}")))?;
        let opened = rt.block_on(async {
            tokio::time::timeout(WAIT, open(config, base, &server, &password)).await
        });
        let (session, uid_validity) = opened.map_err(|_| {
            Error::failed_with(
                format!(
                    "the IMAP server {server} did not answer within {} s",
                    WAIT.as_secs()
                ),
                "check that the server is up, and `port` and `security` in [inbox.imap]",
            )
        })??;
        Ok(Imap {
            rt,
            session: Some(session),
            folder: config.folder.clone(),
            sent_folder: config.sent_folder.clone(),
            uid_validity,
            server,
            dates: HashMap::new(),
        })
    }

    fn lost(&self, e: &async_imap::error::Error) -> Error {
        Error::failed_with(
            format!("the IMAP server {} failed: {}", self.server, said(e)),
            "run `ug inbox` again; nothing was recorded for the messages not read",
        )
    }
}

impl Drop for Imap {
    fn drop(&mut self) {
        if let Some(mut s) = self.session.take() {
            let _ = self
                .rt
                .block_on(async { tokio::time::timeout(Duration::from_secs(5), s.logout()).await });
        }
    }
}

impl Source for Imap {
    fn list(&mut self) -> Result<Vec<Item>> {
        let session = self.session.as_mut().expect("open until dropped");
        let found = self.rt.block_on(within(session.uid_search("ALL")));
        let mut uids: Vec<u32> = found.map_err(|e| self.lost(&e))?.into_iter().collect();
        uids.sort_unstable();
        Ok(uids
            .into_iter()
            .map(|uid| Item {
                file: format!("{} UID {uid}", self.folder),
                unique: format!("imap:{}:{}:{uid}", self.folder, self.uid_validity),
                arrived: 0,
            })
            .collect())
    }

    fn fetch(&mut self, items: &[Item]) -> Result<Vec<Fetched>> {
        let uids: Vec<u32> = items.iter().map(|i| uid_of(&i.unique)).collect();
        let set = |uids: &[u32]| {
            uids.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let all = set(&uids);
        let rt = &self.rt;
        let session = self.session.as_mut().expect("open until dropped");
        // First each one's size and internal date: a message over the
        // limit is never downloaded (SPEC §11).
        let got = rt.block_on(within(async {
            let mut sizes = HashMap::new();
            let mut s = session
                .uid_fetch(&all, "(UID RFC822.SIZE INTERNALDATE)")
                .await?;
            while let Some(f) = s.try_next().await? {
                if let Some(uid) = f.uid {
                    let date = f.internal_date().map(|d| d.timestamp());
                    sizes.insert(uid, (f.size.map_or(0, u64::from), date));
                }
            }
            async_imap::error::Result::Ok(sizes)
        }));
        let sizes = got.map_err(|e| self.lost(&e))?;
        let small: Vec<u32> = uids
            .iter()
            .copied()
            .filter(|u| sizes.get(u).is_some_and(|(n, _)| *n <= MAX_MESSAGE))
            .collect();
        let wanted = set(&small);
        let session = self.session.as_mut().expect("open until dropped");
        let got = rt.block_on(within(async {
            let mut bodies = HashMap::new();
            if small.is_empty() {
                return async_imap::error::Result::Ok(bodies);
            }
            let mut s = session.uid_fetch(&wanted, "(UID BODY.PEEK[])").await?;
            while let Some(f) = s.try_next().await? {
                if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                    bodies.insert(uid, body.to_vec());
                }
            }
            async_imap::error::Result::Ok(bodies)
        }));
        let mut got = got.map_err(|e| self.lost(&e))?;
        Ok(uids
            .iter()
            .map(|uid| {
                let Some(&(size, date)) = sizes.get(uid) else {
                    return Fetched::Unreadable(format!(
                        "the server sent no message for UID {uid}"
                    ));
                };
                if let Some(d) = date {
                    self.dates.insert(*uid, d);
                }
                if size > MAX_MESSAGE {
                    return Fetched::TooBig(size);
                }
                match got.remove(uid) {
                    Some(body) if body.len() as u64 > MAX_MESSAGE => {
                        Fetched::TooBig(body.len() as u64)
                    }
                    Some(body) => Fetched::Mail(body),
                    None => {
                        Fetched::Unreadable(format!("the server sent no message for UID {uid}"))
                    }
                }
            })
            .collect())
    }

    fn arrived(&self, item: &Item) -> i64 {
        self.dates.get(&uid_of(&item.unique)).copied().unwrap_or(0)
    }

    fn answered(
        &mut self,
        waiting: &HashSet<&str>,
    ) -> std::result::Result<HashSet<String>, String> {
        let Some(sent) = self.sent_folder.clone() else {
            return Ok(HashSet::new());
        };
        if waiting.is_empty() {
            return Ok(HashSet::new());
        }
        let server = self.server.clone();
        let rt = &self.rt;
        let session = self.session.as_mut().expect("open until dropped");
        rt.block_on(async {
            let mbox = session.examine(&sent).await.map_err(|e| {
                format!("the sent folder \"{sent}\" could not be opened on {server} ({}), so replies sent from there cannot close mail; fix `sent_folder` in [inbox.imap]", said(&e))
            })?;
            let mut ids = HashSet::new();
            if mbox.exists == 0 {
                return Ok(ids);
            }
            let read = async {
                let mut s = session
                    .uid_fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (IN-REPLY-TO REFERENCES AUTO-SUBMITTED)])")
                    .await?;
                while let Some(f) = s.try_next().await? {
                    if let Some(h) = f.header() {
                        ids.extend(reply_ids(h));
                    }
                }
                async_imap::error::Result::Ok(())
            };
            within(read).await.map_err(|e| {
                format!("the sent folder \"{sent}\" on {server} could not be read ({}), so replies sent from there cannot close mail", said(&e))
            })?;
            Ok(ids)
        })
    }
}

/// How long one exchange with the server may take (connecting and
/// logging in; listing; one batch of bodies).
const WAIT: Duration = Duration::from_secs(120);

/// `f`, or a timeout error after [`WAIT`].
async fn within<T>(
    f: impl std::future::Future<Output = async_imap::error::Result<T>>,
) -> async_imap::error::Result<T> {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| Err(std::io::Error::from(std::io::ErrorKind::TimedOut).into()))
}

/// What the server said, for a person: the text of a NO or BAD answer
/// (async-imap gives its debug form), else the error; redacted (a LOGIN
/// or AUTHENTICATE line echoed back would show the password).
fn said(e: &async_imap::error::Error) -> String {
    use async_imap::error::Error as E;
    let text = match e {
        E::No(s) | E::Bad(s) => s,
        other => return redact(&other.to_string()),
    };
    let said = ["information: Some(\"", "info: Some(\""]
        .iter()
        .find_map(|k| text.split_once(k))
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map_or_else(|| text.clone(), |(info, _)| info.replace("\\\"", "\""));
    redact(&said)
}

/// The UID at the end of a unique name `imap:<folder>:<UIDVALIDITY>:<UID>`.
fn uid_of(unique: &str) -> u32 {
    unique
        .rsplit(':')
        .next()
        .and_then(|u| u.parse().ok())
        .unwrap_or(0)
}

/// Connects, secures, logs in and examines the folder: the session and
/// the folder's UIDVALIDITY.
async fn open(
    config: &Config,
    base: &Path,
    server: &str,
    password: &Password,
) -> Result<(Session<Stream>, u32)> {
    let account = account(config);
    let tcp = connect(&account).await?;
    let stream = match config.security {
        Security::None => Stream::Plain(tcp),
        Security::Tls => {
            let ca = ca_certs(&account, base)?;
            Stream::Tls(Box::new(handshake(&account, ca, tcp).await?))
        }
        Security::Starttls => {
            let tcp = starttls(tcp, server).await?;
            let ca = ca_certs(&account, base)?;
            Stream::Tls(Box::new(handshake(&account, ca, tcp).await?))
        }
    };
    let mut client = Client::new(stream);
    if config.security != Security::Starttls {
        // The greeting (after STARTTLS there is none).
        let greeting = tokio::time::timeout(CONNECT, client.read_response()).await;
        if !matches!(greeting, Ok(Ok(Some(_)))) {
            return Err(Error::failed_with(
                format!("the IMAP server {server} did not greet ug"),
                "check `port` and `security` in [inbox.imap]: 993 is usually tls, 143 starttls",
            ));
        }
    }
    if config.oauth2_token_cmd.is_some() {
        return examine(
            config,
            server,
            oauth_login(client, config, server, password).await?,
        )
        .await;
    }
    let session = client
        .login(&config.username, password.expose())
        .await
        .map_err(|(e, _)| {
            Error::failed_with(
                format!(
                    "the IMAP server {server} refused the login of \"{}\": {}",
                    config.username,
                    said(&e)
                ),
                "check `username` in [inbox.imap] and the password (password_env or password_cmd)",
            )
        })?;
    examine(config, server, session).await
}

/// AUTHENTICATE with the access token `oauth2_token_cmd` printed:
/// OAUTHBEARER when the server offers it, else XOAUTH2; a refusal is told
/// without the token.
async fn oauth_login(
    mut client: Client<Stream>,
    config: &Config,
    server: &str,
    token: &Password,
) -> Result<Session<Stream>> {
    let offered = auth_offered(&mut client).await;
    let m = Mechanism::pick(offered.iter().map(String::as_str));
    let port = config.port();
    let mut auth = Authenticator::new(m, &config.username, &config.host, port, token);
    client.authenticate(m.name(), &mut auth).await.map_err(|(e, _)| {
        Error::failed_with(
            format!(
                "the IMAP server {server} refused the OAuth2 access token of \"{}\" ({}): {}",
                config.username,
                m.name(),
                hide(&said(&e), token)
            ),
            "check that oauth2_token_cmd in [inbox.imap] prints a current access token for this account, with the scope for mail (run it yourself: ug never shows the token)",
        )
    })
}

/// The SASL mechanisms the server offers (`AUTH=...` in its CAPABILITY);
/// none when it does not say.
async fn auth_offered(client: &mut Client<Stream>) -> Vec<String> {
    use async_imap::imap_proto::{Capability, Response};
    use tokio::io::AsyncWriteExt;
    const TAG: &str = "ucap";
    let mut out = Vec::new();
    let line = format!("{TAG} CAPABILITY\r\n");
    let sent = client.get_mut().write_all(line.as_bytes()).await;
    if sent.is_err() || client.get_mut().flush().await.is_err() {
        return out;
    }
    while let Ok(Ok(Some(r))) = tokio::time::timeout(CONNECT, client.read_response()).await {
        match r.parsed() {
            Response::Capabilities(caps) => out.extend(caps.iter().filter_map(|c| match c {
                Capability::Auth(m) => Some(m.to_string()),
                _ => None,
            })),
            Response::Done { tag, .. } if tag.0 == TAG => break,
            _ => {}
        }
    }
    out
}

/// Examines the folder: the session and the folder's UIDVALIDITY.
async fn examine(
    config: &Config,
    server: &str,
    mut session: Session<Stream>,
) -> Result<(Session<Stream>, u32)> {
    let mbox = match session.examine(&config.folder).await {
        Ok(m) => m,
        Err(e) => {
            let names = folders(&mut session).await;
            return Err(Error::failed_with(
                format!(
                    "the folder \"{}\" could not be opened on {server}: {}",
                    config.folder,
                    said(&e)
                ),
                format!("set `folder` in [inbox.imap] to one the server has: {names}"),
            ));
        }
    };
    Ok((session, mbox.uid_validity.unwrap_or(0)))
}

/// The server's folders, for an error's fix.
async fn folders(session: &mut Session<Stream>) -> String {
    let mut names = Vec::new();
    if let Ok(mut s) = session.list(None, Some("*")).await {
        while let Ok(Some(n)) = s.try_next().await {
            names.push(format!("\"{}\"", n.name()));
        }
    }
    if names.is_empty() {
        "(it listed none)".into()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uid_is_the_end_of_the_unique_name() {
        assert_eq!(uid_of("imap:INBOX:1795806598:42"), 42);
        assert_eq!(uid_of("imap:Lists:Rust:7:3"), 3);
        assert_eq!(uid_of("1764152100.M5P17.host"), 0);
    }

    #[test]
    fn the_server_is_quoted_as_it_said_it() {
        let e = async_imap::error::Error::No(
            "code: None, info: Some(\"[AUTHENTICATIONFAILED] Authentication failed.\")".into(),
        );
        assert_eq!(said(&e), "[AUTHENTICATIONFAILED] Authentication failed.");
        let e = async_imap::error::Error::No(
            "outcome: Outcome { code: None, information: Some(\"Mailbox doesn't exist: Sent\") }"
                .into(),
        );
        assert_eq!(said(&e), "Mailbox doesn't exist: Sent");
    }
}
