//! Throwaway certificates for the TLS tests, made by the test (rcgen): a
//! CA and a server certificate it signed for 127.0.0.1 and localhost
//! ([`TestCa`]), or a self-signed one nobody trusts ([`TestCa::self_signed`]),
//! and the rustls server settings the test SMTP server (`smtp.rs`) uses.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls;

/// A server certificate for 127.0.0.1 and localhost, its key, and the PEM
/// of the CA a client must trust to accept it.
pub struct TestCa {
    /// The CA's certificate, PEM: what `ca_file` names.
    pub ca_pem: String,
    /// The server's certificate chain and key, PEM, for a server of
    /// another program (aiosmtpd).
    pub chain_pem: String,
    pub key_pem: String,
    /// The server's settings, for [`super::Faults::tls`].
    pub server: Arc<rustls::ServerConfig>,
}

impl TestCa {
    /// A fresh CA, and a server certificate it signed.
    pub fn new() -> TestCa {
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "ug test CA (throwaway)");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().expect("a CA key");
        let ca = CertifiedIssuer::self_signed(ca, ca_key).expect("the CA certificate");
        let key = KeyPair::generate().expect("a server key");
        let leaf = leaf_params()
            .signed_by(&key, &ca)
            .expect("the server certificate");
        TestCa {
            ca_pem: ca.pem(),
            chain_pem: format!("{}{}", leaf.pem(), ca.pem()),
            key_pem: key.serialize_pem(),
            server: server_config(vec![leaf.der().clone(), ca.der().clone()], &key),
        }
    }

    /// A self-signed server certificate: no `ca_file` a test writes trusts it.
    pub fn self_signed() -> TestCa {
        let key = KeyPair::generate().expect("a key");
        let cert = leaf_params().self_signed(&key).expect("a certificate");
        TestCa {
            ca_pem: cert.pem(),
            chain_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            server: server_config(vec![cert.der().clone()], &key),
        }
    }
}

impl TestCa {
    /// A self-signed certificate that says it is a CA, as `openssl req
    /// -x509` makes: webpki refuses it as a server's own, even when trusted.
    pub fn self_signed_ca() -> TestCa {
        let key = KeyPair::generate().expect("a key");
        let mut p = leaf_params();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let cert = p.self_signed(&key).expect("a certificate");
        TestCa {
            ca_pem: cert.pem(),
            chain_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            server: server_config(vec![cert.der().clone()], &key),
        }
    }
}

fn leaf_params() -> CertificateParams {
    let mut p = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("server params");
    p.distinguished_name.push(DnType::CommonName, "127.0.0.1");
    p
}

fn server_config(
    chain: Vec<rustls_pki_types::CertificateDer<'static>>,
    key: &KeyPair,
) -> Arc<rustls::ServerConfig> {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("the server's certificate and key");
    Arc::new(config)
}
