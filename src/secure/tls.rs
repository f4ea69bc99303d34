//! Verified TLS for the mail clients: the trusted roots (the built-in
//! public ones plus the account's `ca_file`; the check is never skipped),
//! the handshake with a clear error (an unknown CA's fix names `ca_file`),
//! and [`Stream`], a TCP connection (TCP_NODELAY set) plain or with TLS,
//! which lettre's SMTP and async-imap both run over.

use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskCx, Poll};
use std::time::Duration;

use rustls_pki_types::CertificateDer;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::{TlsConnector, client::TlsStream, rustls};

use super::Account;
use crate::error::{Error, Result};

/// How long connecting (TCP, TLS) may take.
pub const CONNECT: Duration = Duration::from_secs(30);

/// A connection, plain or TLS.
#[derive(Debug)]
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        }
    }
}

impl lettre::transport::smtp::client::AsyncTokioStream for Stream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.tcp().peer_addr()
    }
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

/// A TCP connection to the account's server, TCP_NODELAY set (every
/// command is one write, answered before the next: Nagle would only wait).
pub async fn tcp(account: &Account<'_>) -> std::io::Result<TcpStream> {
    let tcp = tokio::time::timeout(CONNECT, TcpStream::connect((account.host, account.port)))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    tcp.set_nodelay(true)?;
    Ok(tcp)
}

/// [`tcp`], with an error that names the server and the keys to check.
pub async fn connect(account: &Account<'_>) -> Result<TcpStream> {
    tcp(account).await.map_err(|e| {
        Error::failed_with(
            format!(
                "could not connect to the {} server {}: {e}",
                account.service,
                account.server()
            ),
            format!(
                "check `host`, `port` and `security` in {} ({}), and that the server is up",
                account.section, account.ports
            ),
        )
    })
}

/// The certificates of the account's `ca_file` (none without one).
pub fn ca_certs(account: &Account, base: &Path) -> Result<Vec<CertificateDer<'static>>> {
    use rustls_pki_types::pem::PemObject;
    let Some(f) = account.ca_file else {
        return Ok(Vec::new());
    };
    let path = base.join(f);
    let bad = |why: String| {
        Error::failed_with(
            format!(
                "ca_file {} in {} could not be read: {why}",
                path.display(),
                account.section
            ),
            "point `ca_file` at a PEM file of the CA that signed the server's certificate (relative to the group file)",
        )
    };
    let certs = CertificateDer::pem_file_iter(&path)
        .map_err(|e| bad(e.to_string()))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("it holds no certificate".into()));
    }
    Ok(certs)
}

/// The built-in public roots plus `extra`.
pub fn roots(
    account: &Account,
    extra: Vec<CertificateDer<'static>>,
) -> Result<rustls::RootCertStore> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for c in extra {
        roots.add(c).map_err(|e| {
            Error::failed_with(
                format!(
                    "a certificate of ca_file in {} is not a CA certificate ug can use: {e}",
                    account.section
                ),
                "point `ca_file` at a PEM file of the CA that signed the server's certificate",
            )
        })?;
    }
    Ok(roots)
}

/// The TLS connector: the built-in public roots plus `ca` (the
/// certificates of `ca_file`, [`ca_certs`]).
pub fn connector(account: &Account, ca: Vec<CertificateDer<'static>>) -> Result<TlsConnector> {
    let roots = roots(account, ca)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::failed(format!("TLS could not be set up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The TLS handshake over `tcp`, the server's certificate verified for
/// the account's host against the public roots plus `ca` ([`ca_certs`]).
pub async fn handshake(
    account: &Account<'_>,
    ca: Vec<CertificateDer<'static>>,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>> {
    let tls = connector(account, ca)?;
    let name = rustls_pki_types::ServerName::try_from(account.host.to_string()).map_err(|_| {
        Error::failed_with(
            format!("\"{}\" is not a host name TLS can check", account.host),
            format!(
                "set `host` in {} to the server's name, as its certificate says",
                account.section
            ),
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
        failed(account, &e.to_string(), cert)
    })
}

/// Why TLS with the account's server failed, with the fix: for a
/// certificate ug could not verify, `ca_file`; else the port and security.
pub fn failed(account: &Account, why: &str, certificate: bool) -> Error {
    let hint = if why.contains("CaUsedAsEndEntity") {
        format!(
            "the server shows a CA certificate as its own (a self-signed one, as `openssl req -x509` makes): sign the server's certificate with a CA of your own and set `ca_file` in {} to that CA's certificate; ug never skips the check",
            account.section
        )
    } else if certificate {
        format!(
            "if the server's certificate is signed by your own CA (a self-hosted server), set `ca_file = \"ca.pem\"` in {} to that CA's certificate; ug never skips the check",
            account.section
        )
    } else {
        format!(
            "check `port` and `security` in {}: {}",
            account.section, account.ports
        )
    };
    Error::failed_with(
        format!(
            "TLS with the {} server {} failed: {why}",
            account.service,
            account.server()
        ),
        hint,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_sets_tcp_nodelay() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let account = Account {
            section: "[email.smtp]",
            service: "SMTP",
            host: "127.0.0.1",
            port,
            username: "u",
            password_env: None,
            password_cmd: None,
            oauth2_token_cmd: None,
            ca_file: None,
            ports: "465 is usually tls, 587 starttls",
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let tcp = rt.block_on(connect(&account)).unwrap();
        assert!(tcp.nodelay().unwrap());
    }
}
