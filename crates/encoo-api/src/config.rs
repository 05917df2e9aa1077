//! Where a console lives and how to talk to it: the SSO and API addresses (which differ on
//! every real deployment), timeouts, retries, TLS trust and the upload size rule.

use std::time::Duration;

/// Everything a [`crate::Client`] needs besides credentials.
#[derive(Clone)]
pub struct ClientConfig {
    /// Base URL of the SSO service (`/connect/token` is appended).
    pub sso_url: String,
    /// Base URL of the API gateway (`/openapi/...` is appended).
    pub api_url: String,
    /// Time allowed to open a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole non-upload request.
    pub request_timeout: Duration,
    /// An upload that sends nothing for this long is abandoned as stalled.
    pub upload_stall_timeout: Duration,
    /// Files larger than this go through the upload channel (the doc says 200 MB).
    pub channel_threshold: u64,
    /// Refresh the access token this long before it expires (capped at half its lifetime).
    pub refresh_margin: Duration,
    /// Tries for an idempotent GET (1 = no retry).
    pub max_tries: u32,
    /// Pause before the first retry; doubles with each further one.
    pub retry_backoff: Duration,
    /// Extra certificate authority to trust, PEM text (private deployments).
    pub ca_certificate_pem: Option<Vec<u8>>,
    /// Accept any certificate. Dangerous; only ever an explicit per-profile opt-in.
    pub accept_invalid_certificates: bool,
}

/// The doc's upload rule: packages over 200 MB go through the channel.
pub const DEFAULT_CHANNEL_THRESHOLD: u64 = 200 * 1024 * 1024;

impl ClientConfig {
    /// A console whose SSO and API live at two addresses.
    pub fn new(sso_url: impl Into<String>, api_url: impl Into<String>) -> Self {
        Self {
            sso_url: trim(sso_url.into()),
            api_url: trim(api_url.into()),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            upload_stall_timeout: Duration::from_secs(60),
            channel_threshold: DEFAULT_CHANNEL_THRESHOLD,
            refresh_margin: Duration::from_secs(60),
            max_tries: 3,
            retry_backoff: Duration::from_millis(250),
            ca_certificate_pem: None,
            accept_invalid_certificates: false,
        }
    }

    /// One address serving both SSO and API, as the sandbox does.
    pub fn single(url: impl Into<String>) -> Self {
        let url = url.into();
        Self::new(url.clone(), url)
    }

    /// The Encoo SaaS console.
    pub fn saas() -> Self {
        Self::new("https://auth.encoo.com", "https://api.encoo.com")
    }

    /// A private deployment at `host`: SSO on port 81 and API on 8080 over plain http, as the
    /// doc gives for non-https installs.
    pub fn private(host: &str) -> Self {
        Self::new(format!("http://{host}:81"), format!("http://{host}:8080"))
    }
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("sso_url", &self.sso_url)
            .field("api_url", &self.api_url)
            .field("channel_threshold", &self.channel_threshold)
            .field("has_ca_certificate", &self.ca_certificate_pem.is_some())
            .field(
                "accept_invalid_certificates",
                &self.accept_invalid_certificates,
            )
            .finish_non_exhaustive()
    }
}

fn trim(mut url: String) -> String {
    while url.ends_with('/') {
        url.pop();
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_deployment_uses_ports_81_and_8080() {
        let c = ClientConfig::private("rpa.corp.example");
        assert_eq!(c.sso_url, "http://rpa.corp.example:81");
        assert_eq!(c.api_url, "http://rpa.corp.example:8080");
    }

    #[test]
    fn trailing_slashes_are_dropped() {
        let c = ClientConfig::new("https://a.example/", "https://b.example//");
        assert_eq!(
            (c.sso_url.as_str(), c.api_url.as_str()),
            ("https://a.example", "https://b.example")
        );
    }
}
