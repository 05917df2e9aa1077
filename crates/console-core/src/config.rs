//! How to reach a console over HTTP, whatever the console: TLS trust, timeouts, the retry
//! budget and the proxy. Each console's own configuration holds one of these beside its
//! addresses, and its reqwest clients (direct, and through the proxy) are built from it here.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::proxy::Proxy;

/// The HTTP side of a console profile.
#[derive(Clone)]
pub struct HttpConfig {
    /// Time allowed to open a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request that carries no file.
    pub request_timeout: Duration,
    /// A file body that moves nothing for this long is abandoned as stalled: an upload that
    /// can send nothing, a download ([`crate::Http::download`]) that receives nothing.
    pub upload_stall_timeout: Duration,
    /// Tries for a call that may be sent again (1 = no retry).
    pub max_tries: u32,
    /// Pause before the first retry; doubles with each further one (at most 5 s).
    pub retry_backoff: Duration,
    /// Extra certificate authority to trust, PEM text (private deployments).
    pub ca_certificate_pem: Option<Vec<u8>>,
    /// Accept any certificate. Dangerous; only ever an explicit per-profile opt-in.
    pub accept_invalid_certificates: bool,
    /// Which proxy requests go through (loopback addresses never do).
    pub proxy: Proxy,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            upload_stall_timeout: Duration::from_secs(60),
            max_tries: 3,
            retry_backoff: Duration::from_millis(250),
            ca_certificate_pem: None,
            accept_invalid_certificates: false,
            proxy: Proxy::System,
        }
    }
}

/// Shows the settings, never the certificate's text.
impl std::fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpConfig")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_tries", &self.max_tries)
            .field("has_ca_certificate", &self.ca_certificate_pem.is_some())
            .field(
                "accept_invalid_certificates",
                &self.accept_invalid_certificates,
            )
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

/// Finishes `builder` (which already says how it reaches the console: direct or through the
/// proxy) from the settings: rustls with the extra CA when one is given, the connect timeout,
/// the certificate opt-out. `address` is named when the client cannot be built.
pub(crate) fn build_client(
    config: &HttpConfig,
    builder: reqwest::ClientBuilder,
    address: &str,
) -> Result<reqwest::Client> {
    let mut builder = builder
        .use_rustls_tls()
        .connect_timeout(config.connect_timeout)
        .user_agent(concat!("ConsoleDesk/", env!("CARGO_PKG_VERSION")));
    if let Some(pem) = &config.ca_certificate_pem {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::invalid(
                "CaCertificate",
                format!("the CA certificate is not valid PEM: {e}"),
            )
        })?;
        if certs.is_empty() {
            return Err(Error::invalid(
                "CaCertificate",
                "the CA certificate file holds no certificate",
            ));
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    if config.accept_invalid_certificates {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| Error::Network {
        url: address.to_owned(),
        message: format!("cannot set up HTTP: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_ca_file_without_a_certificate_names_the_field() {
        let config = HttpConfig {
            ca_certificate_pem: Some(b"not a certificate".to_vec()),
            ..Default::default()
        };
        let builder = reqwest::Client::builder();
        let err = build_client(&config, builder, "https://x.example").unwrap_err();
        assert_eq!(
            (err.kind(), err.field()),
            (ErrorKind::InvalidInput, Some("CaCertificate"))
        );
        assert!(err.to_string().contains("no certificate"), "{err}");
    }

    #[test]
    fn debug_never_shows_the_certificate() {
        let config = HttpConfig {
            ca_certificate_pem: Some(b"-----BEGIN CERTIFICATE-----secret".to_vec()),
            ..Default::default()
        };
        let shown = format!("{config:?}");
        assert!(shown.contains("has_ca_certificate: true"), "{shown}");
        assert!(!shown.contains("BEGIN"), "{shown}");
    }
}
