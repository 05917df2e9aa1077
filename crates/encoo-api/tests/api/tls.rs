//! A console served over https with a certificate from a private CA (made here with rcgen):
//! refused by default with words that say why, trusted once the profile names that CA, and
//! still refused when the certificate comes from another CA.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use encoo_api::{Client, ClientConfig, ErrorKind};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};

/// A private certificate authority.
struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Ca { issuer }
    }

    fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server certificate for `localhost` and 127.0.0.1 signed by this CA: (chain, key).
    fn leaf(&self) -> (String, String) {
        let params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

async fn https_sandbox(ca: &Ca) -> (Sandbox, SandboxServer) {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let (chain, key) = ca.leaf();
    let server = sandbox
        .serve_tls(([127, 0, 0, 1], 0).into(), chain.as_bytes(), key.as_bytes())
        .await
        .unwrap();
    assert!(server.url().starts_with("https://127.0.0.1:"));
    (sandbox, server)
}

/// A TCP relay to `to` on a port of its own, counting the connections it accepts. A client
/// going through it cannot hear a server's certificate before the relay has counted its
/// connection, so once the client is done the count is every handshake it tried.
struct Relay {
    url: String,
    connections: Arc<AtomicUsize>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn to(to: SocketAddr) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Relay {
            url,
            connections,
            accepting,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Signs in (with the config `config_for` makes for a console's address) and expects the
/// refusal of an untrusted certificate; checks the console saw nothing (the handshake failed
/// before any HTTP, so no password left the client).
async fn assert_refused(
    sandbox: &Sandbox,
    server: &SandboxServer,
    config_for: impl FnOnce(&str) -> ClientConfig,
) {
    let relay = Relay::to(server.addr()).await;
    let err = Client::sign_in(config_for(&relay.url), DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    let message = err.to_string();
    assert!(message.contains("not trusted"), "{message}");
    assert!(
        sandbox.request_log().is_empty(),
        "no request got through: {:?}",
        sandbox.request_log()
    );
    assert_eq!(sandbox.token_grants(), Default::default());
    assert!(sandbox.issued_tokens().is_empty());
    // An untrusted certificate is not a passing fault: sign-in does not try it again. (The
    // server counts a refusal once it reads the client's alert, a moment after sign-in ends:
    // wait until it has counted one for each connection the client made.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while server.refused_handshakes() < relay.connections().max(1) {
        assert!(
            std::time::Instant::now() < deadline,
            "{} connections, {} refusals counted",
            relay.connections(),
            server.refused_handshakes()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(server.refused_handshakes(), 1);
}

#[tokio::test]
async fn self_signed_console_is_refused_by_default_with_untrusted_certificate_message() {
    let ca = Ca::new("Corp Root CA");
    let (sandbox, server) = https_sandbox(&ca).await;
    assert_refused(&sandbox, &server, |url| {
        let mut config = ClientConfig::single(url);
        config.retry_backoff = std::time::Duration::from_millis(10);
        config
    })
    .await;
}

#[tokio::test]
async fn trusting_the_ca_in_the_config_makes_it_work() {
    let ca = Ca::new("Corp Root CA");
    let (sandbox, server) = https_sandbox(&ca).await;
    let mut config = ClientConfig::single(server.url());
    config.ca_certificate_pem = Some(ca.pem().into_bytes());
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap()
        .with_default_scope()
        .await
        .unwrap();
    let packages = client.packages().list(&Default::default()).await.unwrap();
    assert_eq!(packages.count, 8, "the seeded packages, over https");
    assert!(packages
        .list
        .iter()
        .any(|p| p.name == "Finance.InvoiceReader"));
    assert_eq!(sandbox.token_grants().password, 1);
    let paths: Vec<String> = sandbox
        .request_log()
        .iter()
        .map(|r| r.path.to_ascii_lowercase())
        .collect();
    assert!(paths.contains(&"/openapi/packages".to_owned()), "{paths:?}");
}

#[tokio::test]
async fn a_certificate_from_another_ca_is_refused_even_with_a_ca_trusted() {
    let trusted = Ca::new("Corp Root CA");
    let other = Ca::new("Someone Else's CA");
    let (sandbox, server) = https_sandbox(&other).await;
    assert_refused(&sandbox, &server, |url| {
        let mut config = ClientConfig::single(url);
        config.retry_backoff = std::time::Duration::from_millis(10);
        config.ca_certificate_pem = Some(trusted.pem().into_bytes());
        config
    })
    .await;
}

#[tokio::test]
async fn a_ca_file_that_is_not_pem_is_named_as_the_fault() {
    let mut config = ClientConfig::single("https://127.0.0.1:9");
    config.ca_certificate_pem = Some(b"not a certificate".to_vec());
    let err = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("no certificate"), "{err}");
}
