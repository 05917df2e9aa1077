//! The few private helpers all HTTP goes through: building the reqwest client (TLS trust,
//! timeouts), sending with the retry rule, and turning transport failures into [`Error`]s.

use std::time::Duration;

use bytes::Bytes;
use reqwest::RequestBuilder;

use crate::config::ClientConfig;
use crate::error::{Error, Result};

/// Status, content type and body of an answer.
pub(crate) type Answer = (u16, Option<String>, Bytes);

pub(crate) fn build_client(config: &ClientConfig) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(config.connect_timeout)
        .user_agent(concat!("ConsoleDesk/", env!("CARGO_PKG_VERSION")))
        .no_proxy();
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
        tracing::warn!(
            api = %config.api_url,
            "certificate checks are OFF for this console: anyone on the network path can read and change its traffic"
        );
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| Error::Network {
        url: config.api_url.clone(),
        message: format!("cannot set up HTTP: {e}"),
    })
}

/// Sends the request `build` makes; when `retry` is set, tries again (up to
/// `config.max_tries`) on connect errors, on a connection cut before the whole answer came,
/// and on 502/503/504, pausing longer each time. A 500 is the console's own failure and a
/// timeout has already used the time allowed: neither is retried.
pub(crate) async fn send_with_retries(
    config: &ClientConfig,
    retry: bool,
    build: impl Fn() -> RequestBuilder,
) -> std::result::Result<Answer, Transport> {
    let max = if retry { config.max_tries.max(1) } else { 1 };
    let mut pause = config.retry_backoff;
    let mut attempt = 1;
    loop {
        let outcome = send_once(build().timeout(config.request_timeout)).await;
        let again = attempt < max
            && match &outcome {
                Ok((status, ..)) => matches!(status, 502..=504),
                Err(t) => !t.untrusted && (t.connect || !t.timeout),
            };
        if !again {
            return outcome;
        }
        tracing::debug!(attempt, "retrying after a transient failure");
        tokio::time::sleep(pause).await;
        pause = pause.saturating_mul(2).min(Duration::from_secs(5));
        attempt += 1;
    }
}

/// A request that got no answer, and how far it got.
pub(crate) struct Transport {
    pub error: Error,
    /// The connection could not be opened: nothing reached the console.
    pub connect: bool,
    /// The time allowed ran out.
    pub timeout: bool,
    /// The server's certificate is not trusted: trying again cannot help.
    pub untrusted: bool,
}

impl Transport {
    /// Whether the request may have reached the console though its answer did not come back
    /// (a cut connection, a cut body, a timeout once connected).
    pub fn maybe_delivered(&self) -> bool {
        !self.connect
    }
}

pub(crate) async fn send_once(rb: RequestBuilder) -> std::result::Result<Answer, Transport> {
    let resp = rb.send().await.map_err(transport)?;
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp.bytes().await.map_err(transport)?;
    Ok((status, content_type, body))
}

pub(crate) fn transport(e: reqwest::Error) -> Transport {
    Transport {
        connect: e.is_connect(),
        timeout: e.is_timeout(),
        untrusted: is_untrusted(&error_chain(&e)),
        error: map_reqwest(e),
    }
}

/// Words a person understands for a transport failure. URLs lose their query string, which
/// for an upload channel is a credential.
pub(crate) fn map_reqwest(e: reqwest::Error) -> Error {
    let url = e
        .url()
        .map(|u| format!("{}://{}{}", u.scheme(), u.authority(), u.path()))
        .unwrap_or_default();
    let timeout = e.is_timeout();
    let chain = error_chain(&e.without_url());
    if timeout {
        return Error::Timeout(format!("{url} did not answer in time"));
    }
    let lower = chain.to_ascii_lowercase();
    let message = if is_untrusted(&chain) {
        format!("the server's certificate is not trusted ({chain}); add its CA certificate to the profile")
    } else if lower.contains("connection refused") {
        "connection refused: is the address and port right, and is the console running?".into()
    } else if lower.contains("dns") || lower.contains("failed to lookup") {
        format!("the host name could not be resolved ({chain})")
    } else {
        chain
    };
    Error::Network { url, message }
}

/// Whether an error chain says the server's certificate was refused.
fn is_untrusted(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    lower.contains("certificate") || lower.contains("unknownissuer")
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
