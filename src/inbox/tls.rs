//! The secure connection under `ug inbox`'s IMAP client: the stream
//! (plain on loopback only, else TLS), the rustls connector (the built-in
//! public roots plus `ca_file`; the check is never skipped), the handshake
//! and STARTTLS (a server that does not offer it is an error, never a
//! plaintext login).

use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskCx, Poll};
use std::time::Duration;

use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf,
};
use tokio::net::TcpStream;
use tokio_rustls::{TlsConnector, client::TlsStream, rustls};

use crate::error::{Error, Result};
use crate::model::Imap as Config;

/// How long connecting (TCP, TLS, greeting) may take.
pub const CONNECT: Duration = Duration::from_secs(30);

/// A connection, plain (loopback only) or TLS.
#[derive(Debug)]
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut TaskCx<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut TaskCx<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut TaskCx<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut TaskCx<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// The TLS connector: the built-in public roots plus `ca_file`.
fn connector(config: &Config, base: &Path) -> Result<TlsConnector> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(f) = &config.ca_file {
        let path = base.join(f);
        let bad = |why: String| {
            Error::failed_with(
                format!(
                    "ca_file {} in [inbox.imap] could not be read: {why}",
                    path.display()
                ),
                "point `ca_file` at a PEM file of the CA that signed the server's certificate (relative to the group file)",
            )
        };
        let certs = CertificateDer::pem_file_iter(&path).map_err(|e| bad(e.to_string()))?;
        let mut n = 0;
        for c in certs {
            roots
                .add(c.map_err(|e| bad(e.to_string()))?)
                .map_err(|e| bad(e.to_string()))?;
            n += 1;
        }
        if n == 0 {
            return Err(bad("it holds no certificate".into()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::failed(format!("TLS could not be set up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The TLS handshake, the server's certificate verified for `host`.
pub async fn handshake(
    config: &Config,
    base: &Path,
    server: &str,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>> {
    let tls = connector(config, base)?;
    let name = rustls_pki_types::ServerName::try_from(config.host.clone()).map_err(|_| {
        Error::failed_with(
            format!("\"{}\" is not a host name TLS can check", config.host),
            "set `host` in [inbox.imap] to the server's name, as its certificate says",
        )
    })?;
    let done = tokio::time::timeout(CONNECT, tls.connect(name, tcp))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))
        .and_then(|r| r);
    done.map_err(|e| {
        let cert = e
            .get_ref()
            .and_then(|i| i.downcast_ref::<rustls::Error>())
            .is_some_and(|r| matches!(r, rustls::Error::InvalidCertificate(_)));
        let hint = if cert {
            "if the server's certificate is signed by your own CA (a self-hosted server), set `ca_file = \"ca.pem\"` in [inbox.imap] to that CA's certificate; ug never skips the check"
        } else {
            "check `port` and `security` in [inbox.imap]: 993 is usually tls, 143 starttls"
        };
        Error::failed_with(format!("TLS with the IMAP server {server} failed: {e}"), hint)
    })
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
        return Err(fail(format!("it greeted with \"{}\"", greeting.trim())));
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
