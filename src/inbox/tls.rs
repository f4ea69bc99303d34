//! IMAP's side of the secure connection under `ug inbox` (the stream, the
//! verified TLS and the password are `crate::secure`'s, shared with SMTP):
//! the account of `[inbox.imap]`, and STARTTLS (a server that does not
//! offer it is an error, never a plaintext login).

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::error::{Error, Result};
use crate::model::Imap as Config;
use crate::secure::Account;
use crate::secure::redact::redact;
use crate::secure::tls::CONNECT;

/// The account of `config`, for the shared TLS and password code.
pub fn account(config: &Config) -> Account<'_> {
    Account {
        section: "[inbox.imap]",
        service: "IMAP",
        host: &config.host,
        port: config.port(),
        username: &config.username,
        password_env: config.password_env.as_deref(),
        password_cmd: config.password_cmd.as_ref().map(|c| c.value.as_str()),
        oauth2_token_cmd: config.oauth2_token_cmd.as_ref().map(|c| c.value.as_str()),
        ca_file: config.ca_file.as_deref(),
        ports: "993 is usually tls, 143 starttls",
    }
}

/// STARTTLS on a fresh connection: the greeting, CAPABILITY (a server
/// without STARTTLS is an error, never a plaintext login), then STARTTLS.
/// Returns the connection, ready for the handshake.
pub async fn starttls(tcp: TcpStream, server: &str) -> Result<TcpStream> {
    let fail = |what: String| {
        Error::failed_with(
            format!("STARTTLS with the IMAP server {server} failed: {what}"),
            "check `port` and `security` in [inbox.imap]: 143 is usually starttls, 993 tls",
        )
    };
    let mut r = BufReader::new(tcp);
    let greeting = line(&mut r).await.map_err(&fail)?;
    if !greeting.starts_with("* OK") {
        let greeting = redact(greeting.trim());
        return Err(fail(format!("it greeted with \"{greeting}\"")));
    }
    let caps = command(&mut r, "u0 CAPABILITY").await.map_err(&fail)?;
    let offered = caps.iter().any(|l| {
        l.starts_with("* CAPABILITY")
            && l.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("STARTTLS"))
    });
    if !offered {
        return Err(Error::failed_with(
            format!(
                "the IMAP server {server} does not offer STARTTLS, and ug never sends a password unencrypted"
            ),
            "use security = \"tls\" in [inbox.imap] (usually port 993) if the server has it",
        ));
    }
    let ok = command(&mut r, "u1 STARTTLS").await.map_err(&fail)?;
    if !ok.last().is_some_and(|l| l.starts_with("u1 OK")) {
        return Err(fail("the server refused it".into()));
    }
    if !r.buffer().is_empty() {
        return Err(fail("the server sent data before the TLS handshake".into()));
    }
    Ok(r.into_inner())
}

/// Sends `cmd`; returns the lines up to and including its tagged answer.
async fn command(
    r: &mut BufReader<TcpStream>,
    cmd: &str,
) -> std::result::Result<Vec<String>, String> {
    r.get_mut()
        .write_all(format!("{cmd}\r\n").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let tag = cmd.split(' ').next().unwrap_or_default();
    let mut lines = Vec::new();
    for _ in 0..100 {
        let l = line(r).await?;
        let done = l.starts_with(&format!("{tag} "));
        lines.push(l);
        if done {
            return Ok(lines);
        }
    }
    Err("the server's answer did not end".into())
}

/// One line from the server (at most 8 KiB).
async fn line(r: &mut BufReader<TcpStream>) -> std::result::Result<String, String> {
    let mut buf = Vec::new();
    let read =
        tokio::time::timeout(CONNECT, (&mut *r).take(8192).read_until(b'\n', &mut buf)).await;
    match read {
        Ok(Ok(0)) => Err("the server closed the connection".into()),
        Ok(Ok(_)) => Ok(String::from_utf8_lossy(&buf).into_owned()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the server did not answer".into()),
    }
}
