//! Where a FlexModel server lives: a profile's address (`http://HOST:8080`) and the REST root
//! `/api` the client adds to it, on top of the HTTP settings every console shares
//! ([`HttpConfig`]: timeouts, retries, TLS trust, proxy).

use std::ops::{Deref, DerefMut};

use console_core::HttpConfig;

/// The REST root every admin path hangs under.
pub const API_ROOT: &str = "/api";

/// Everything a [`crate::Client`] needs besides credentials. The shared HTTP settings read as
/// the config's own fields (`config.max_tries`).
#[derive(Clone)]
pub struct ClientConfig {
    /// The server's address as a profile holds it: `http://HOST:8080`, no `/api`.
    pub address: String,
    /// Timeouts, retries, TLS trust and proxy.
    pub http: HttpConfig,
}

impl ClientConfig {
    /// The server at `address` (`http://HOST:8080`). Trailing slashes and a trailing `/api`
    /// typed by the user are dropped: the client adds `/api` itself.
    pub fn new(address: impl Into<String>) -> Self {
        let mut address = address.into().trim().to_owned();
        while address.ends_with('/') {
            address.pop();
        }
        if let Some(bare) = address.strip_suffix(API_ROOT) {
            address = bare.trim_end_matches('/').to_owned();
        }
        ClientConfig {
            address,
            http: HttpConfig::default(),
        }
    }

    /// The REST root: the address and `/api`.
    pub fn api_url(&self) -> String {
        format!("{}{API_ROOT}", self.address)
    }
}

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
            .field("address", &self.address)
            .field("http", &self.http)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_adds_api_to_the_address() {
        let c = ClientConfig::new("http://fm.corp.example:8080");
        assert_eq!(c.api_url(), "http://fm.corp.example:8080/api");
    }

    #[test]
    fn slashes_and_a_typed_api_root_are_dropped() {
        for typed in ["http://h:8080/", "http://h:8080/api", "http://h:8080/api/ "] {
            assert_eq!(ClientConfig::new(typed).address, "http://h:8080", "{typed}");
        }
    }
}
