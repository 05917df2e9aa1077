//! A private certificate authority for tests of https consoles (rcgen): its certificate for a
//! client to trust, and server certificates it signs for `localhost` and 127.0.0.1.

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};

/// A private certificate authority, made afresh.
pub struct Authority {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A server's certificate chain and private key, in PEM.
#[derive(Debug, Clone)]
pub struct Identity {
    pub chain_pem: String,
    pub key_pem: String,
}

impl Authority {
    /// A new CA whose certificate has the common name `name`.
    pub fn new(name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("no names to check");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("a key pair");
        let issuer = CertifiedIssuer::self_signed(params, key).expect("a self-signed CA");
        Authority { issuer }
    }

    /// The CA's certificate, in PEM: what a client must trust.
    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server certificate for `localhost` and 127.0.0.1, signed by this CA.
    pub fn leaf(&self) -> Identity {
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let params = CertificateParams::new(names).expect("valid names");
        let key = KeyPair::generate().expect("a key pair");
        let cert = params.signed_by(&key, &self.issuer).expect("a signed leaf");
        Identity {
            chain_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}
