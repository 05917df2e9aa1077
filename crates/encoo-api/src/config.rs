//! Where an Encoo console lives: the SSO and API addresses (which differ on every real
//! deployment), their presets, the refresh margin and the upload size rule, on top of the
//! HTTP settings every console shares ([`HttpConfig`]: timeouts, retries, TLS trust, proxy).

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use console_core::HttpConfig;

/// Everything a [`crate::Client`] needs besides credentials. The shared HTTP settings are
/// reached through it as its own fields (`config.max_tries`, `config.ca_certificate_pem`).
#[derive(Clone)]
pub struct ClientConfig {
    /// Base URL of the SSO service (`/connect/token` is appended).
    pub sso_url: String,
    /// Base URL of the API gateway (`/openapi/...` is appended).
    pub api_url: String,
    /// Files larger than this go through the upload channel (the doc says 200 MB).
    pub channel_threshold: u64,
    /// Refresh the access token this long before it expires (capped at half its lifetime).
    pub refresh_margin: Duration,
    /// Timeouts, retries, TLS trust and proxy.
    pub http: HttpConfig,
}

/// The doc's upload rule: packages over 200 MB go through the channel.
pub const DEFAULT_CHANNEL_THRESHOLD: u64 = 200 * 1024 * 1024;

impl ClientConfig {
    /// A console whose SSO and API live at two addresses.
    pub fn new(sso_url: impl Into<String>, api_url: impl Into<String>) -> Self {
        Self {
            sso_url: trim(sso_url.into()),
            api_url: trim(api_url.into()),
            channel_threshold: DEFAULT_CHANNEL_THRESHOLD,
            refresh_margin: Duration::from_secs(60),
            http: HttpConfig::default(),
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

/// The shared HTTP settings read as the config's own fields, as they were before they moved.
impl Deref for ClientConfig {
    type Target = HttpConfig;
    fn deref(&self) -> &HttpConfig {
        &self.http
    }
}

impl DerefMut for ClientConfig {
    fn deref_mut(&mut self) -> &mut HttpConfig {
        &mut self.http
    }
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("sso_url", &self.sso_url)
            .field("api_url", &self.api_url)
            .field("channel_threshold", &self.channel_threshold)
            .field("http", &self.http)
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

    #[test]
    fn the_shared_http_settings_read_and_write_as_the_configs_own() {
        let mut c = ClientConfig::single("http://h");
        c.max_tries = 8;
        c.retry_backoff = Duration::from_millis(10);
        assert_eq!(
            (c.http.max_tries, c.http.retry_backoff),
            (8, Duration::from_millis(10))
        );
        assert_eq!(c.request_timeout, Duration::from_secs(60));
    }
}
